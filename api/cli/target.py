"""What a command works on: the store opened by this process, or, while ``aikg serve`` holds the store's
folder, that server (``api/server_client.py``): reads on a snapshot it makes, writes through its write path."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any

import typer

from aikg.graph import KnowledgeGraph, Settings, StoreError

from .errors import fail
from .options import store_spec

__all__ = ["local", "open_local", "server_for", "target"]


def server_for(spec: str, settings: Settings) -> Any:
    """A client of the live server holding the on-disk store ``spec``, or None."""
    from ..server_client import ServerClient
    from ..store_folder import find_server, store_folder

    folder = store_folder(spec)
    record = find_server(folder) if folder is not None else None
    return ServerClient(record, settings) if record is not None else None


def open_local(spec: str, settings: Settings) -> KnowledgeGraph:
    """The store opened by this process; a stale server record in its folder is removed."""
    from ..store_folder import read_record, remove_record, store_folder

    kg = KnowledgeGraph.open(spec, settings)
    folder = store_folder(spec)
    stale = read_record(folder) if folder is not None else None
    if folder is not None and stale is not None:
        remove_record(folder, stale)
        typer.echo(f"note: removed a stale server record (process {stale.pid}, {stale.url} no longer serves this store)", err=True)
    return kg


@contextmanager
def target(store: str | None, write: bool = False) -> Iterator[Any]:
    """What a command works on: the store itself, or, while a server holds it, a snapshot for reading
    (``write=False``) or the server's client for writing (same methods as KnowledgeGraph)."""
    settings = Settings()
    spec = store_spec(store, settings)
    server = server_for(spec, settings)
    if server is None:
        try:
            kg = open_local(spec, settings)
        except StoreError as exc:
            server = server_for(spec, settings)  # a server may have just taken it: its record comes once it answers
            if server is None:
                raise fail(str(exc)) from exc
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
            raise fail(str(exc)) from exc


@contextmanager
def local(store: str | None, instead: str) -> Iterator[KnowledgeGraph]:
    """The store opened by this process, for commands that cannot work through a server (``instead``: what to
    do while one holds the store)."""
    from ..store_folder import find_server, store_folder

    settings = Settings()
    spec = store_spec(store, settings)
    folder = store_folder(spec)
    running = find_server(folder) if folder is not None else None
    if running is not None:
        raise fail(f"{running.url} (process {running.pid}) holds {spec}: {instead}")
    try:
        kg = open_local(spec, settings)
    except StoreError as exc:
        raise fail(str(exc)) from exc
    with kg:
        yield kg
