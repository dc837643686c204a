"""Commands that read the store: query, stats, validate."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from aikg.graph import StoreError

from .errors import fail
from .options import JsonOpt, StoreOpt
from .target import target

__all__ = ["query", "stats", "validate"]


def query(
    sparql: Annotated[str | None, typer.Argument(metavar="SPARQL", help="The SPARQL query (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", metavar="FILE", help="Read the query from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="table, json, csv or tsv.")] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a SPARQL query over all graphs; standard prefixes (aikg, schema, dcterms, skos, ...) are predeclared."""
    from aikg.graph.results import render_result

    if file is not None:
        sparql = file.read_text(encoding="utf-8")
    if not sparql:
        raise fail("give a query or --file")
    if fmt not in ("table", "json", "csv", "tsv"):
        raise fail("--format is one of table, json, csv, tsv")
    with target(store) as kg:
        try:
            res = kg.query(sparql)
            sys.stdout.write(render_result(res, fmt))
        except StoreError as exc:
            raise fail(str(exc), 1) from exc




def stats(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Counts: articles, quotes, entities by type, distinct facts and fact mentions by relation, quads in the
    store (the figures of GET /api/stats; each is defined in aikg.graph.stats)."""
    import dataclasses

    with target(store) as kg:
        s = kg.stats()
    typer.echo(json.dumps(dataclasses.asdict(s), indent=2) if as_json else s.text())


def validate(store: StoreOpt = None) -> None:
    """SHACL-validate the store against the aikg shapes; exit 1 when anything violates them."""
    with target(store) as kg:
        report = kg.validate()
    typer.echo(report.text())
    if not report.conforms:
        raise typer.Exit(1)
