"""The ``aikg`` command line. Every command is a thin shell over ``KnowledgeGraph``.

Every command that touches the store takes ``--store`` (before or after the command's name). While
``aikg serve`` holds an embedded store, the commands on the same folder work through that server
(``api/server_client.py``): reads on a snapshot it makes, writes through its write path.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from aikg.graph import KnowledgeGraph, Settings, StoreError

if TYPE_CHECKING:
    from aikg.graph.feeds.watch import Crawler, CycleReport

__all__ = ["app", "main"]


class _Command(TyperCommand):
    """Plain help with arguments shown by their metavar (``PATH...``), without type tags."""

    @staticmethod
    def _arg_name(param: Any) -> str:
        name = param.metavar or (param.name or "").upper()
        return str(name) + ("..." if param.nargs != 1 else "")

    def collect_usage_pieces(self, ctx: Any) -> list[str]:
        pieces = [self.options_metavar] if self.options_metavar else []
        for p in self.get_params(ctx):
            if p.param_type_name == "argument":
                pieces.append(self._arg_name(p) if p.required else f"[{self._arg_name(p)}]")
        return pieces

    def format_options(self, ctx: Any, formatter: Any) -> None:
        args: list[tuple[str, str]] = []
        opts: list[tuple[str, str]] = []
        for p in self.get_params(ctx):
            record = p.get_help_record(ctx)
            if record is None:
                continue
            if p.param_type_name == "argument":
                args.append((self._arg_name(p), record[1]))
            else:
                opts.append(record)
        for title, rows in (("Arguments", args), ("Options", opts)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)


class _App(typer.Typer):
    """Every command gets aikg's help layout (``_Command``)."""

    def command(self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(name, cls=cls or _Command, **kwargs)


app = _App(
    help="aikg: a knowledge graph of AI-industry relations built from news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


StoreOpt = Annotated[
    str | None,
    typer.Option("--store", metavar="STORE",
                 help="Store: a folder, 'memory', or a SPARQL endpoint URL (default: AIKG_STORE or ./data/store)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"aikg {version('aikg')}")
        raise typer.Exit()


#: ``--store`` given before the command's name (``aikg --store S stats``).
_STORE_BEFORE: ContextVar[str | None] = ContextVar("store_before", default=None)


@app.callback()
def _root(
    store: StoreOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """aikg: a knowledge graph of AI-industry relations built from news articles."""
    _STORE_BEFORE.set(store)


def _spec(store: str | None, settings: Settings) -> str:
    """The store: ``--store`` after the command, else before it, else AIKG_STORE."""
    return store or _STORE_BEFORE.get() or settings.store


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _server_for(spec: str, settings: Settings) -> Any:
    """A client of the live server holding the on-disk store ``spec``, or None."""
    from .server_client import ServerClient
    from .store_folder import find_server, store_folder

    folder = store_folder(spec)
    record = find_server(folder) if folder is not None else None
    return ServerClient(record, settings) if record is not None else None


def _open_local(spec: str, settings: Settings) -> KnowledgeGraph:
    """The store opened by this process; a stale server record in its folder is removed."""
    from .store_folder import read_record, remove_record, store_folder

    kg = KnowledgeGraph.open(spec, settings)
    folder = store_folder(spec)
    stale = read_record(folder) if folder is not None else None
    if folder is not None and stale is not None:
        remove_record(folder, stale)
        typer.echo(f"note: removed a stale server record (process {stale.pid}, {stale.url} no longer serves this store)", err=True)
    return kg


@contextmanager
def _target(store: str | None, write: bool = False) -> Iterator[Any]:
    """What a command works on: the store itself, or, while a server holds it, a snapshot for reading
    (``write=False``) or the server's client for writing (same methods as KnowledgeGraph)."""
    settings = Settings()
    spec = _spec(store, settings)
    server = _server_for(spec, settings)
    if server is None:
        try:
            kg = _open_local(spec, settings)
        except StoreError as exc:
            server = _server_for(spec, settings)  # a server may have just taken it: its record comes once it answers
            if server is None:
                raise _fail(str(exc)) from exc
        else:
            with kg:
                yield kg
            return
    with closing(server):
        if write:
            yield server
            return
        try:
            with server.snapshot() as kg:
                yield kg
        except StoreError as exc:
            raise _fail(str(exc)) from exc


@contextmanager
def _local(store: str | None, instead: str) -> Iterator[KnowledgeGraph]:
    """The store opened by this process, for commands that cannot work through a server (``instead``: what to
    do while one holds the store)."""
    from .store_folder import find_server, store_folder

    settings = Settings()
    spec = _spec(store, settings)
    folder = store_folder(spec)
    running = find_server(folder) if folder is not None else None
    if running is not None:
        raise _fail(f"{running.url} (process {running.pid}) holds {spec}: {instead}")
    try:
        kg = _open_local(spec, settings)
    except StoreError as exc:
        raise _fail(str(exc)) from exc
    with kg:
        yield kg


@app.command("ingest")
def _ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH", help="Files or folders of articles (.txt .md .html .json .jsonl), or http(s) URLs of article pages.")],
    store: StoreOpt = None,
) -> None:
    """Read articles (files, folders, or web pages fetched politely), extract facts and quotes, and store one
    graph per article (replacing earlier versions)."""
    with _target(store, write=True) as kg:
        if sys.stderr.isatty():
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            columns = (TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} articles"), TimeElapsedColumn())
            with Progress(*columns, transient=True) as bar:
                task = bar.add_task("ingest", total=None)
                report = _or_fail(lambda: kg.ingest(paths, lambda n: bar.advance(task, n)))
        else:
            report = _or_fail(lambda: kg.ingest(paths))
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"failed: {e}", err=True)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(1)


@app.command("load")
def _load(
    files: Annotated[list[Path], typer.Argument(metavar="FILE", help="RDF files: TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML.")],
    fmt: Annotated[str | None, typer.Option("--format", metavar="FORMAT",
                                            help="trig, nquads, turtle, ntriples, jsonld or rdfxml, when the extension does not say it.")] = None,
    store: StoreOpt = None,
) -> None:
    """Load RDF files into the store."""
    with _target(store, write=True) as kg:
        try:
            n = kg.load(files, fmt)
        except (StoreError, OSError, KeyError) as exc:
            raise _fail(str(exc), 1) from exc
    typer.echo(f"loaded {len(files)} file(s): {n} quads added")


@app.command("query")
def _query(
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
        raise _fail("give a query or --file")
    if fmt not in ("table", "json", "csv", "tsv"):
        raise _fail("--format is one of table, json, csv, tsv")
    with _target(store) as kg:
        try:
            res = kg.query(sparql)
            sys.stdout.write(render_result(res, fmt))
        except StoreError as exc:
            raise _fail(str(exc), 1) from exc


@app.command("export")
def _export(
    fmt: Annotated[str, typer.Option("--format", metavar="FORMAT", help="trig, nquads, turtle or jsonld.")] = "trig",
    output: Annotated[Path | None, typer.Option("-o", "--output", metavar="FILE", help="File to write (default: standard output).")] = None,
    store: StoreOpt = None,
) -> None:
    """Export the whole graph (all named graphs for trig/nquads; their union for turtle/jsonld)."""
    if fmt not in ("trig", "nquads", "turtle", "jsonld", "ntriples"):
        raise _fail("--format is one of trig, nquads, turtle, jsonld")
    with _target(store) as kg:
        if output:
            with open(output, "wb") as fh:
                kg.export(fh, fmt)
            typer.echo(f"wrote {output}", err=True)
        else:
            kg.export(sys.stdout.buffer, fmt)


@app.command("stats")
def _stats(store: StoreOpt = None, as_json: JsonOpt = False) -> None:
    """Counts: articles, quotes, entities by type, distinct facts and fact mentions by relation, quads in the
    store (the figures of GET /api/stats; each is defined in aikg.graph.stats)."""
    import dataclasses

    with _target(store) as kg:
        s = kg.stats()
    typer.echo(json.dumps(dataclasses.asdict(s), indent=2) if as_json else s.text())


@app.command("validate")
def _validate(store: StoreOpt = None) -> None:
    """SHACL-validate the store against the aikg shapes; exit 1 when anything violates them."""
    with _target(store) as kg:
        report = kg.validate()
    typer.echo(report.text())
    if not report.conforms:
        raise typer.Exit(1)


@app.command("serve")
def _serve(
    host: Annotated[str | None, typer.Option(metavar="HOST", help="Address to bind (default AIKG_HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(metavar="PORT", help="Port (default AIKG_PORT or 8000).")] = None,
    store: StoreOpt = None,
    enable_writes: Annotated[bool, typer.Option(
        "--enable-writes",
        help="Accept writes: with AIKG_WRITE_TOKEN, else (on a loopback address) with a token generated into "
             "the store folder (printed).")] = False,
    watch: Annotated[Path | None, typer.Option("--watch", metavar="OPML",
                                               help="An OPML file of feeds to follow while serving (see aikg watch).")] = None,
) -> None:
    """Serve the API, the SPARQL endpoint and the explorer. The aikg command on the same store folder then
    works through this server."""
    import copy

    import uvicorn

    from aikg.api.app import create_app

    from .store_folder import ServerRecord, connect_url, find_server, store_folder

    settings = Settings()
    settings.store = _spec(store, settings)
    folder = store_folder(settings.store)
    running = find_server(folder, timeout=2.0) if folder is not None else None
    if running is not None:
        raise _fail(f"{running.url} (process {running.pid}) already serves {settings.store}")
    if enable_writes:
        _enable_writes(settings, folder, host or settings.host)
    if watch:
        settings.watch = _check_opml(watch)
    application = create_app(settings)
    if folder is not None:  # the record the aikg command finds this server by (api/store_folder.py)
        record = ServerRecord.new(connect_url(host or settings.host, port or settings.port), settings.store)
        application.state.instance, application.state.store_key = record.instance, record.key
        application.state.server_record = (folder, record)
    # uvicorn's logging, plus aikg's loggers on the same handler: RequestIdMiddleware logs every request
    # with its id (so uvicorn's own access log, without ids, is off)
    log_config = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    log_config["loggers"]["aikg"] = {"handlers": ["default"], "level": settings.log_level.upper(), "propagate": False}
    from aikg.api.server import serve

    serve(application, settings, host or settings.host, port or settings.port, log_level=settings.log_level,
          log_config=log_config, access_log=False)


def _enable_writes(settings: Settings, folder: Path | None, host: str) -> None:
    """Turn writes on for ``aikg serve --enable-writes`` and say how to send them."""
    import secrets

    from .store_folder import TOKEN_NAME, is_loopback, write_token

    if settings.write_token:
        typer.echo("writes enabled: send Authorization: Bearer $AIKG_WRITE_TOKEN")
        return
    if not is_loopback(host):
        typer.echo(f"writes stay off: on {host} set AIKG_WRITE_TOKEN (--enable-writes generates a token only on loopback)")
        return
    settings.write_token = write_token(folder) if folder is not None else secrets.token_urlsafe(32)
    kept = f" (kept in {folder / TOKEN_NAME}; export AIKG_WRITE_TOKEN=$(cat {folder / TOKEN_NAME}))" if folder else ""
    typer.echo(f"writes enabled: send Authorization: Bearer {settings.write_token}{kept}")


@app.command("eval")
def _evaluate(
    gold_dir: Annotated[Path, typer.Argument(metavar="GOLD_DIR", help="Folder of *.gold.json files.")],
    articles: Annotated[Path | None, typer.Option("--articles", metavar="DIR", help="Folder of the articles (default: beside the gold files).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Score extraction against gold files: precision, recall, F1 per predicate, quote attribution."""
    from aikg.graph import evaluation

    report = evaluation.evaluate(gold_dir, articles)
    typer.echo(evaluation.to_json(report) if as_json else evaluation.render(report))


@app.command("import-ecosystem")
def _import_ecosystem(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="A copy of the Ecosystem Graphs repository (with assets/*.yaml).")],
    store: StoreOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Import Stanford CRFM's Ecosystem Graphs into its own named graph (re-importing replaces it)."""
    from aikg.graph.sources.mapping import SourceError

    with _target(store, write=True) as kg:
        try:
            summary = kg.import_ecosystem(folder)
        except (SourceError, OSError) as exc:
            raise _fail(str(exc), 1) from exc
    typer.echo(json.dumps(summary.as_dict(), indent=2) if as_json else summary.text())


@app.command("viz")
def _viz(
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
    with _target(store) as kg:
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
    with _target(store) as kg:
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
    feed: Annotated[list[str] | None, typer.Option("--feed", metavar="URL", help="An RSS, Atom or JSON Feed URL, or a sitemap (repeatable).")] = None,
    opml: Annotated[Path | None, typer.Option("--opml", metavar="FILE", help="An OPML file listing feeds.")] = None,
    once: Annotated[bool, typer.Option("--once", help="Run one poll cycle and exit (for cron and tests).")] = False,
    interval: Annotated[float | None, typer.Option("--interval", metavar="SECONDS", min=0, help="Seconds between polls of a feed (default AIKG_FEED_INTERVAL).")] = None,
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
    with _local(store, 'aikg serve --watch FILE follows feeds in the server') as kg:
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


def _or_fail(run: Any) -> Any:
    """``run()``; a store that stops answering midway is one error line (exit 1)."""
    try:
        return run()
    except StoreError as exc:
        raise _fail(str(exc), 1) from exc


def main() -> None:
    """The ``aikg`` entry point: a component missing from the installation is one error line, not a traceback."""
    try:
        app()
    except ImportError as exc:
        reason = " ".join(str(exc).split())
        typer.echo(f"error: a component aikg needs is missing: {reason}; reinstall aikg (pip install -e .)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
