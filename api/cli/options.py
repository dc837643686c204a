"""The options every command shares (``--store``, ``--json``) and the root callback (``--store`` before the
command's name, ``--version``)."""

from __future__ import annotations

from contextvars import ContextVar
from typing import Annotated

import typer

from aikg.graph import Settings

__all__ = ["STORE_BEFORE", "JsonOpt", "StoreOpt", "print_version", "root", "store_spec"]


StoreOpt = Annotated[
    str | None,
    typer.Option("--store", metavar="STORE",
                 help="Store: a folder, 'memory', or a SPARQL endpoint URL (default: AIKG_STORE or ./data/store)."),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"aikg {version('aikg')}")
        raise typer.Exit()


#: ``--store`` given before the command's name (``aikg --store S stats``).
STORE_BEFORE: ContextVar[str | None] = ContextVar("store_before", default=None)


def root(
    store: StoreOpt = None,
    version: Annotated[bool, typer.Option("--version", callback=print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """aikg: a knowledge graph of AI-industry relations built from news articles."""
    STORE_BEFORE.set(store)


def store_spec(store: str | None, settings: Settings) -> str:
    """The store: ``--store`` after the command, else before it, else AIKG_STORE."""
    return store or STORE_BEFORE.get() or settings.store
