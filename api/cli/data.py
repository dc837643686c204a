"""Commands that put data into the store and take it out: ingest, load, import-ecosystem, export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from aikg.graph import StoreError

from .errors import fail, or_fail
from .options import StoreOpt
from .target import target

__all__ = ["export", "import_ecosystem", "ingest", "load"]


def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files or folders of articles (.txt .md .html .json .jsonl), or http(s) URLs of article pages.")],
    store: StoreOpt = None,
) -> None:
    """Read articles (files, folders, or web pages fetched politely), extract facts and quotes, and store one
    graph per article (replacing earlier versions)."""
    with target(store, write=True) as kg:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} articles"), TimeElapsedColumn())
            with Progress(*columns, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                report = or_fail(lambda: kg.ingest(paths, lambda n: bar.advance(task, n)))
        else:
            report = or_fail(lambda: kg.ingest(paths))
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"failed: {e}", err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


def load(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="RDF files: TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML.")],
    fmt: Annotated[str | None, typer.Option("--format", metavar="FORMAT",
                                            help="trig, nquads, turtle, ntriples, jsonld or rdfxml, when the extension does not say it.")] = None,
    store: StoreOpt = None,
) -> None:
    """Load RDF files into the store."""
    with target(store, write=True) as kg:
        try:
            n = kg.load(files, fmt)
        except (StoreError, OSError, KeyError) as exc:
            raise fail(str(exc), 1) from exc
    typer.echo(f"loaded {len(files)} file(s): {n} quads added")




def export(
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="trig, nquads, turtle or jsonld.")] = "trig",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", help="File to write (default: standard output).")] = None,
    store: StoreOpt = None,
) -> None:
    """Export the whole graph (all named graphs for trig/nquads; their union for turtle/jsonld)."""
    if fmt not in ("trig", "nquads", "turtle", "jsonld", "ntriples"):
        raise fail("--format is one of trig, nquads, turtle, jsonld")
    with target(store) as kg:
        if output:
            with open(output, "wb") as fh:
                kg.export(fh, fmt)
            typer.echo(f"wrote {output}", err=True)
        else:
            kg.export(sys.stdout.buffer, fmt)



def import_ecosystem(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A copy of the Ecosystem Graphs repository (with assets/*.yaml).")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import Stanford CRFM's Ecosystem Graphs into its own named graph (re-importing replaces it)."""
    from aikg.graph.sources.mapping import SourceError

    with target(store, write=True) as kg:
        try:
            summary = kg.import_ecosystem(folder)
        except (SourceError, OSError) as exc:
            raise fail(str(exc), 1) from exc
    typer.echo(json.dumps(summary.as_dict(), indent=2) if as_json else summary.text())
