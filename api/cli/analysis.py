"""Commands that look at the graph as a whole: viz (the interactive graph as HTML), analyze, eval (extraction
scored against gold files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from .options import JsonOpt, StoreOpt
from .target import target

__all__ = ["analyze", "evaluate", "viz"]


def evaluate(
    gold_dir: Annotated[Path, typer.Argument(metavar="GOLD_DIR", help="Folder of *.gold.json files.")],
    articles: Annotated[Path | None, typer.Option("--articles", metavar="DIR", help="Folder of the articles (default: beside the gold files).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score extraction against gold files: precision, recall, F1 per predicate, quote attribution."""
    from aikg.graph import evaluation

    report = evaluation.evaluate(gold_dir, articles)
    typer.echo(evaluation.to_json(report) if as_json else evaluation.render(report))



def viz(
    entity: Annotated[str | None, typer.Argument(metavar="ENTITY", help="Slug or name of the entity to centre on (default: the whole graph).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", metavar="FILE", help="HTML file to write.")] = Path("graph.html"),
    hops: Annotated[int, typer.Option("--hops", metavar="N", min=1, max=3, help="Neighbourhood radius, 1 to 3.")] = 1,
    types: Annotated[list[str] | None, typer.Option("--types", metavar="TYPES", help="Keep these entity types (comma-separated or repeated).")] = None,
    predicates: Annotated[list[str] | None, typer.Option("--predicates", metavar="RELATIONS", help="Keep these relations (comma-separated or repeated).")] = None,
    since: Annotated[str | None, typer.Option("--since", metavar="DATE", help="Keep relations with a source on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", metavar="DATE", help="Keep relations with a source on or before this date.")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", metavar="X", min=0, max=1, help="Keep relations at least this confident (0 to 1).")] = None,
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", metavar="N", help="Most nodes drawn (default AIKG_VIZ_MAX_NODES).")] = None,
    link_base: Annotated[str | None, typer.Option("--link-base", metavar="URL", help="Server that entity links open (default AIKG_BASE_URL).")] = None,
    store: StoreOpt = None,
) -> None:
    """Write the interactive graph (an entity's neighbourhood, or the whole graph) as one standalone HTML file."""
    from aikg.graph.viz import render_graph, write_html
    from aikg.ontology import ENTITY_TYPES, PREDICATES

    def pick(values: list[str] | None, allowed: tuple[str, ...], what: str) -> list[str]:
        by_lower = {a.lower(): a for a in allowed}
        out = []
        for v in (x.strip() for item in values or [] for x in item.split(",")):
            if v and v.lower() not in by_lower:
                typer.echo(f"error: unknown {what} {v!r} (one of: {', '.join(allowed)})", err=True)
                raise typer.Exit(2)
            if v:
                out.append(by_lower[v.lower()])
        return out

    type_list, pred_list = pick(types, ENTITY_TYPES, "type"), pick(predicates, PREDICATES, "relation")
    with target(store) as kg:
        g = kg.projection()
        slug = None
        if entity:
            slug = kg.resolve_entity(entity)
            if slug is None or slug not in g:
                near = ", ".join(r.slug for r in kg.suggest_entities(entity))
                typer.echo(f"error: no entity {entity!r}" + (f"; did you mean: {near}" if near else ""), err=True)
                raise typer.Exit(1)
        html = render_graph(
            g, slug, hops, types=type_list, predicates=pred_list, since=since, until=until, min_confidence=min_confidence,
            max_nodes=max_nodes or kg.settings.viz_max_nodes,
            link_base=link_base or kg.settings.base_url, graph_path=None,
            narrow_hint="Narrow it: aikg viz ENTITY --hops 1, or keep some --types / --predicates.",
            **({} if slug else {"title": "aikg: the whole graph", "heading": "The whole graph"}),
        )
    write_html(output, html)
    typer.echo(f"wrote {output}")


def analyze(
    name: Annotated[str, typer.Argument(metavar="ANALYSIS", help="importance | dependencies | hedging | connections | communities | timeline")],
    entities: Annotated[list[str] | None, typer.Argument(metavar="ENTITY", help="The entity (slug or name); for connections, two.")] = None,
    type_: Annotated[str | None, typer.Option("--type", metavar="TYPE", help="importance: rank within this type (Company, Model, ...).")] = None,
    downstream: Annotated[bool, typer.Option("--downstream", help="dependencies: what depends on the entity.")] = False,
    predicate: Annotated[str | None, typer.Option("--predicate", metavar="RELATION", help="timeline: a relation (builds, uses, ...).")] = None,
    limit: Annotated[int, typer.Option("--limit", metavar="N", min=1, help="Most rows or paths.")] = 20,
    max_hops: Annotated[int, typer.Option("--max-hops", metavar="N", min=1, max=8, help="connections: longest path.")] = 4,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="communities: Louvain seed.")] = 42,
    resolution: Annotated[float, typer.Option("--resolution", metavar="X", help="communities: Louvain resolution.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with the evidence behind every fact).")] = False,
    store: StoreOpt = None,
) -> None:
    """Analyses over the graph: importance, dependencies, hedging, connections, communities, timeline."""
    from aikg.graph import analytics

    args = entities or []
    with target(store) as kg:
        try:
            result = analytics.analyze(
                kg, name, args[0] if args else None, args[1] if len(args) > 1 else None, type=type_,
                direction="downstream" if downstream else "upstream", predicate=predicate, limit=limit,
                max_hops=max_hops, seed=seed, resolution=resolution,
            )
        except KeyError as exc:
            typer.echo(f"error: no entity {exc.args[0]!r}", err=True)
            raise typer.Exit(1) from exc
        except ValueError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps(result, indent=2, default=str))
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for title, header, rows in analytics.tables(name, result):
        table = Table(*header, title=title, title_justify="left")
        for row in rows:
            table.add_row(*row)
        console.print(table if rows else f"{title}: nothing found")
