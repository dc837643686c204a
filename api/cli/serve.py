"""``aikg serve``: the API, the SPARQL endpoint and the explorer, with writes and feeds when asked."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from aikg.graph import Settings

from .errors import fail
from .feeds import check_opml
from .options import StoreOpt, store_spec

__all__ = ["configure_writes", "serve"]


def serve(
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

    from ..store_folder import ServerRecord, connect_url, find_server, store_folder

    settings = Settings()
    settings.store = store_spec(store, settings)
    folder = store_folder(settings.store)
    running = find_server(folder, timeout=2.0) if folder is not None else None
    if running is not None:
        raise fail(f"{running.url} (process {running.pid}) already serves {settings.store}")
    if enable_writes:
        configure_writes(settings, folder, host or settings.host)
    if watch:
        settings.watch = check_opml(watch)
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


def configure_writes(settings: Settings, folder: Path | None, host: str) -> None:
    """Turn writes on for ``aikg serve --enable-writes`` and say how to send them."""
    import secrets

    from ..store_folder import TOKEN_NAME, is_loopback, write_token

    if settings.write_token:
        typer.echo("writes enabled: send Authorization: Bearer $AIKG_WRITE_TOKEN")
        return
    if not is_loopback(host):
        typer.echo(f"writes stay off: on {host} set AIKG_WRITE_TOKEN (--enable-writes generates a token only on loopback)")
        return
    settings.write_token = write_token(folder) if folder is not None else secrets.token_urlsafe(32)
    kept = f" (kept in {folder / TOKEN_NAME}; export AIKG_WRITE_TOKEN=$(cat {folder / TOKEN_NAME}))" if folder else ""
    typer.echo(f"writes enabled: send Authorization: Bearer {settings.write_token}{kept}")
