"""The ``aikg`` command line. Every command is a thin shell over ``KnowledgeGraph``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from aikg.graph import KnowledgeGraph, Settings, StoreError

if TYPE_CHECKING:
    from aikg.graph.feeds.watch import Crawler, CycleReport

__all__ = ["app", "main"]

app = typer.Typer(
    help="aikg: a knowledge graph of AI-industry relations built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", help="Store: a folder, 'memory', or a SPARQL endpoint URL (default: AIKG_STORE or ./data/store)."),
]


def _open(store: str | None) -> KnowledgeGraph:
    try:
        return KnowledgeGraph.open(store, Settings())
    except StoreError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@app.command("ingest")
def _ingest(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles (.txt .md .html .json .jsonl), or http(s) URLs of article pages.")],
    store: StoreOpt = None,
) -> None:
    """Read articles (files, folders, or web pages fetched politely), extract facts and quotes, and store one
    graph per article (replacing earlier versions)."""
    kg = _open(store)
    with kg:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} articles"), TimeElapsedColumn())
            with Progress(*columns, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                report = kg.ingest(paths, lambda n: bar.advance(task, n))
        else:
            report = kg.ingest(paths)
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"failed: {e}", err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@app.command("load")
def _load(
    files: Annotated[list[Path], typer.Argument(help="RDF files: TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML.")],
    fmt: Annotated[str | None, typer.Option("--format", help="Format when the extension does not say it.")] = None,
    store: StoreOpt = None,
) -> None:
    """Load RDF files into the store."""
    kg = _open(store)
    with kg:
        try:
            n = kg.load(files, fmt)
        except (StoreError, OSError, KeyError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(f"loaded {len(files)} file(s): {n} quads added")


@app.command("query")
def _query(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query (or use --file).")] = None,
    file: Annotated[Path | None, typer.Option("--file", "-f", help="Read the query from a file.")] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, json, csv or tsv.")] = "table",
    store: StoreOpt = None,
) -> None:
    """Run a SPARQL query over all graphs; standard prefixes (aikg, schema, dcterms, skos, ...) are predeclared."""
    from aikg.graph.results import render_result

    if file is not None:
        sparql = file.read_text(encoding="utf-8")
    if not sparql:
        typer.echo("error: give a query or --file", err=True)
        raise typer.Exit(2)
    if fmt not in ("table", "json", "csv", "tsv"):
        typer.echo("error: --format is one of table, json, csv, tsv", err=True)
        raise typer.Exit(2)
    kg = _open(store)
    with kg:
        try:
            res = kg.query(sparql)
            sys.stdout.write(render_result(res, fmt))
        except StoreError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc


@app.command("export")
def _export(
    fmt: Annotated[str, typer.Option("--format", help="trig, nquads, turtle or jsonld.")] = "trig",
    output: Annotated[Path | None, typer.Option("-o", "--output", help="File to write (default: standard output).")] = None,
    store: StoreOpt = None,
) -> None:
    """Export the whole graph (all named graphs for trig/nquads; their union for turtle/jsonld)."""
    if fmt not in ("trig", "nquads", "turtle", "jsonld", "ntriples"):
        typer.echo("error: --format is one of trig, nquads, turtle, jsonld", err=True)
        raise typer.Exit(2)
    kg = _open(store)
    with kg:
        if output:
            with open(output, "wb") as fh:
                kg.export(fh, fmt)
            typer.echo(f"wrote {output}", err=True)
        else:
            kg.export(sys.stdout.buffer, fmt)


@app.command("stats")
def _stats(store: StoreOpt = None, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Counts of triples, articles, quotes, entities by type and facts by predicate."""
    kg = _open(store)
    with kg:
        s = kg.stats()
    if as_json:
        typer.echo(json.dumps(s, indent=2, default=str))
        return
    typer.echo(f"triples: {s['triples']}\narticles: {s['articles']}\nquotes: {s['quotes']}\nlast ingest: {s['last_ingest']}")
    typer.echo("entities: " + ", ".join(f"{k} {v}" for k, v in s["entities"].items()))
    typer.echo("facts: " + ", ".join(f"{k} {v}" for k, v in s["facts"].items()))


@app.command("validate")
def _validate(store: StoreOpt = None) -> None:
    """SHACL-validate the store against the aikg shapes; exit 1 when anything violates them."""
    kg = _open(store)
    with kg:
        report = kg.validate()
    typer.echo(report.text())
    if not report.conforms:
        raise typer.Exit(1)


@app.command("serve")
def _serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default AIKG_HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default AIKG_PORT or 8000).")] = None,
    store: StoreOpt = None,
    watch: Annotated[Path | None, typer.Option("--watch", help="An OPML file of feeds to follow while serving (see aikg watch).")] = None,
) -> None:
    """Serve the API, the SPARQL endpoint and the explorer."""
    import copy

    import uvicorn

    from aikg.api.app import create_app

    settings = Settings()
    if store:
        settings.store = store
    if watch:
        settings.watch = _check_opml(watch)
    application = create_app(settings)
    # uvicorn's logging, plus aikg's loggers on the same handler: RequestIdMiddleware logs every request
    # with its id (so uvicorn's own access log, without ids, is off)
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["aikg"] = {"handlers": ["default"], "level": settings.log_level.upper(), "propagate": False}
    from aikg.api.server import serve

    serve(application, settings, host or settings.host, port or settings.port, log_level=settings.log_level,
          log_config=log_config, access_log=False)


@app.command("eval")
def _evaluate(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of *.gold.json files.")],
    articles: Annotated[Path | None, typer.Option("--articles", help="Folder of the articles (default: beside the gold files).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Score extraction against gold files: precision, recall, F1 per predicate, quote attribution."""
    from aikg.graph import evaluation

    report = evaluation.evaluate(gold_dir, articles)
    typer.echo(evaluation.to_json(report) if as_json else evaluation.render(report))


@app.command("import-ecosystem")
def _import_ecosystem(
    folder: Annotated[Path, typer.Argument(help="A copy of the Ecosystem Graphs repository (with assets/*.yaml).")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import Stanford CRFM's Ecosystem Graphs into its own named graph (re-importing replaces it)."""
    from aikg.graph.sources.mapping import SourceError

    kg = _open(store)
    with kg:
        try:
            summary = kg.import_ecosystem(folder)
        except (SourceError, OSError) as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
    typer.echo(json.dumps(summary.as_dict(), indent=2) if as_json else summary.text())


@app.command("viz")
def _viz(
    entity: Annotated[str | None, typer.Argument(help="Slug or name of the entity to centre on (default: the whole graph).")] = None,
    output: Annotated[Path, typer.Option("-o", "--output", help="HTML file to write.")] = Path("graph.html"),
    hops: Annotated[int, typer.Option("--hops", min=1, max=3, help="Neighbourhood radius, 1 to 3.")] = 1,
    types: Annotated[list[str] | None, typer.Option("--types", help="Keep these entity types (comma-separated or repeated).")] = None,
    predicates: Annotated[list[str] | None, typer.Option("--predicates", help="Keep these relations (comma-separated or repeated).")] = None,
    since: Annotated[str | None, typer.Option("--since", help="Keep relations with a source on or after this date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Keep relations with a source on or before this date.")] = None,
    min_confidence: Annotated[float | None, typer.Option("--min-confidence", min=0, max=1, help="Keep relations at least this confident.")] = None,
    max_nodes: Annotated[int | None, typer.Option("--max-nodes", help="Most nodes drawn (default AIKG_VIZ_MAX_NODES).")] = None,
    link_base: Annotated[str | None, typer.Option("--link-base", help="Server that entity links open (default AIKG_BASE_URL).")] = None,
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
    kg = _open(store)
    with kg:
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


@app.command("analyze")
def _analyze(
    name: Annotated[str, typer.Argument(help="importance | dependencies | hedging | connections | communities | timeline")],
    entities: Annotated[list[str] | None, typer.Argument(help="The entity (slug or name); for connections, two.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="importance: rank within this type (Company, Model, ...).")] = None,
    downstream: Annotated[bool, typer.Option("--downstream", help="dependencies: what depends on the entity.")] = False,
    predicate: Annotated[str | None, typer.Option("--predicate", help="timeline: a relation (builds, uses, ...).")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="Most rows or paths.")] = 20,
    max_hops: Annotated[int, typer.Option("--max-hops", min=1, max=8, help="connections: longest path.")] = 4,
    seed: Annotated[int, typer.Option("--seed", help="communities: Louvain seed.")] = 42,
    resolution: Annotated[float, typer.Option("--resolution", help="communities: Louvain resolution.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON (with the evidence behind every fact).")] = False,
    store: StoreOpt = None,
) -> None:
    """Analyses over the graph: importance, dependencies, hedging, connections, communities, timeline."""
    from aikg.graph import analytics

    args = entities or []
    kg = _open(store)
    with kg:
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


@app.command("watch")
def _watch(
    feed: Annotated[list[str] | None, typer.Option("--feed", help="An RSS, Atom or JSON Feed URL, or a sitemap (repeatable).")] = None,
    opml: Annotated[Path | None, typer.Option("--opml", help="An OPML file listing feeds.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one poll cycle and exit (for cron and tests).")] = False,
    interval: Annotated[float | None, typer.Option("--interval", min=0, help="Seconds between polls of a feed (default AIKG_FEED_INTERVAL).")] = None,
    store: StoreOpt = None,
) -> None:
    """Follow news feeds: poll each on its own interval, ingest new and updated articles, politely."""
    from aikg.graph.feeds.feeds import FeedError
    from aikg.graph.feeds.watch import watch_sources

    try:
        sources = watch_sources(feed or [], str(opml) if opml else None)
    except FeedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    kg = _open(store)
    with kg:
        crawler = kg.crawler(sources, interval=interval)
        try:
            if once:
                with _progress("polling", "pages") as progress:
                    report = crawler.poll(progress=progress)
                _print_cycle(report)
                if not report.ok:
                    raise typer.Exit(1)
                return
            _watch_until_stopped(crawler)
        finally:
            crawler.close()


def _check_opml(path: Path) -> str:
    from aikg.graph.feeds.feeds import FeedError, read_opml

    try:
        read_opml(str(path))
    except FeedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    return str(path)


def _print_cycle(report: CycleReport) -> None:
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"failed: {e}", err=True)
    typer.echo(report.summary())


def _watch_until_stopped(crawler: Crawler) -> None:
    import signal
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    typer.echo("watching; Ctrl-C stops", err=True)
    try:
        crawler.run(stop, on_cycle=_print_cycle)
    except KeyboardInterrupt:
        stop.set()


def _progress(verb: str, unit: str) -> Any:
    """A rich progress bar on a terminal (``progress(more, done)`` grows the total and advances), else nothing."""
    from contextlib import contextmanager

    @contextmanager
    def bar() -> Iterator[Any]:
        if not sys.stderr.isatty():
            yield None
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn(verb), BarColumn(), MofNCompleteColumn(), TextColumn(unit), TimeElapsedColumn(), transient=True) as p:
            task = p.add_task(verb, total=0)

            def advance(more: int, done: int) -> None:
                p.update(task, total=(p.tasks[0].total or 0) + more, advance=done)

            yield advance

    return bar()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
