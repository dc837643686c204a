"""``aikg watch``: follow news feeds from the command line, with a progress bar on a terminal."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .options import StoreOpt
from .target import local

if TYPE_CHECKING:
    from aikg.graph.feeds.watch import Crawler, CycleReport

__all__ = ["check_opml", "print_cycle", "progress_bar", "watch", "watch_until_stopped"]


def watch(
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
    with local(store, 'aikg serve --watch FILE follows feeds in the server') as kg:
        crawler = kg.crawler(sources, interval=interval)
        try:
            if once:
                with progress_bar("polling", "pages") as progress:
                    report = crawler.poll(progress=progress)
                print_cycle(report)
                if not report.ok:
                    raise typer.Exit(1)
                return
            watch_until_stopped(crawler)
        finally:
            crawler.close()


def check_opml(path: Path) -> str:
    from aikg.graph.feeds.feeds import FeedError, read_opml

    try:
        read_opml(str(path))
    except FeedError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    return str(path)


def print_cycle(report: CycleReport) -> None:
    for w in report.warnings:
        typer.echo(f"warning: {w}", err=True)
    for e in report.errors:
        typer.echo(f"failed: {e}", err=True)
    typer.echo(report.summary())


def watch_until_stopped(crawler: Crawler) -> None:
    import signal
    import threading

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    typer.echo("watching; Ctrl-C stops", err=True)
    try:
        crawler.run(stop, on_cycle=print_cycle)
    except KeyboardInterrupt:
        stop.set()


def progress_bar(verb: str, unit: str) -> Any:
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
