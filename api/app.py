"""The FastAPI application: REST API, SPARQL protocol, linked data and HTML pages.

``create_app(settings)`` builds it around one ``KnowledgeGraph``; routes live in ``api/routes/`` and hold
no logic of their own beyond HTTP.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
import threading
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from aikg.graph import KnowledgeGraph, Settings, memory
from aikg.graph.extract_pool import ExtractPool
from aikg.graph.store import OxigraphStore

from .routes import health

__all__ = ["RequestIdMiddleware", "allowed_methods", "create_app", "error_response"]

log = logging.getLogger("aikg.api")


def error_response(status: int, error: str, detail: object = None, headers: dict[str, str] | None = None) -> JSONResponse:
    """The one error shape: ``{"error": ..., "detail": ...}`` with the right status code."""
    return JSONResponse({"error": error, "detail": detail}, status_code=status, headers=headers)


class RequestIdMiddleware:
    """Give every request an id (``X-Request-ID``, taken from the request or made up), put it in
    ``request.state.request_id`` and the response headers, and log it with method, path and status."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = ""
        for k, v in scope.get("headers", ()):
            if k == b"x-request-id":
                rid = v.decode("latin-1")[:200]
                break
        rid = rid or uuid.uuid4().hex[:16]
        scope.setdefault("state", {})["request_id"] = rid

        async def send_with_id(message: Any) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (b"x-request-id", rid.encode("latin-1"))]
                log.info("%s %s %s %s", rid, scope.get("method"), scope.get("path"), message["status"])
            await send(message)

        await self.app(scope, receive, send_with_id)


def create_app(settings: Settings | None = None, kg: KnowledgeGraph | None = None) -> FastAPI:
    """The application for these settings (or an already open KnowledgeGraph)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        memory.limit_arenas()  # before the store's and the thread pool's threads allocate
        if getattr(app.state, "kg", None) is None:
            app.state.kg = KnowledgeGraph.open(settings.store, settings)
            app.state.owns_kg = True
        pool = None
        if settings.ingest_workers != 1 and app.state.kg.extract_pool is None:  # posted articles: extracted elsewhere
            pool = app.state.kg.extract_pool = ExtractPool(settings.ingest_workers or (os.cpu_count() or 1), settings.entities)
        await _warm(app)  # before serving: requests (and tests) never race the build
        maintainer = asyncio.create_task(_maintain(app))
        app.state.watcher = _start_watching(app.state.kg, settings)
        publishing = _publish_record(app)
        yield
        maintainer.cancel()
        _withdraw_record(app, publishing)
        if app.state.watcher is not None:
            await asyncio.to_thread(app.state.watcher.stop)
        if pool is not None:
            app.state.kg.extract_pool = None
            await asyncio.to_thread(pool.close)
        if getattr(app.state, "owns_kg", False):
            app.state.kg.close()
            app.state.kg = None

    app = FastAPI(
        title="aikg",
        summary="A knowledge graph of AI-industry relations built from news articles.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # served from the app's own assets by conventions.install (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.kg = kg
    app.state.owns_kg = False
    app.state.warm = threading.Event()  # set once the read model is built (see _warm and /ready)
    app.state.watcher = None

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if isinstance(detail, dict) and "error" in detail:
            return error_response(exc.status_code, str(detail["error"]), detail.get("detail"), getattr(exc, "headers", None))
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names only the methods of the first route on the path
            headers = {**(headers or {}), "Allow": ", ".join(allowed_methods(app, request.scope))}
            return error_response(405, "method not allowed", f"{request.method} is not allowed here", headers)
        names = {400: "bad request", 401: "unauthorized", 403: "forbidden", 404: "not found", 405: "method not allowed",
                 406: "not acceptable", 413: "payload too large", 415: "unsupported media type", 503: "unavailable"}
        return error_response(exc.status_code, names.get(exc.status_code, "error"), detail, headers)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors()]
        return error_response(422, "invalid request", problems)

    from .cache import ResponseCache
    from .conventions import add_cors, install as install_conventions
    from .gate import GateMiddleware, RequestGate

    # Middleware, innermost first (each add_middleware wraps the ones before): the /sparql and entity shortcuts, gzip, the
    # gate, the response cache (so a hit replays the compressed body), request ids (fresh on hits too), CORS.
    # All pure ASGI: a BaseHTTPMiddleware would halve throughput.
    from .routes.entities import EntityShortcut
    from .routes.sparql import SparqlShortcut

    app.add_middleware(SparqlShortcut)  # /sparql queries skip FastAPI's routing (innermost)
    app.add_middleware(EntityShortcut)  # so do built entity pages
    install_conventions(app, settings)  # gzip, offline /docs and /redoc
    app.state.gate = RequestGate()  # maintenance waits for the requests in flight (cache hits never wait)
    app.state.store_reopens = 0
    app.add_middleware(GateMiddleware, gate=app.state.gate)
    app.add_middleware(ResponseCache, max_bytes=settings.response_cache_mb * 1024 * 1024)
    app.add_middleware(RequestIdMiddleware)
    add_cors(app, settings)
    app.include_router(health.router)
    _include_routers(app)
    _mount_static(app)
    return app


def allowed_methods(app: FastAPI, scope: Any) -> list[str]:
    """Every method some route serves at the request's path (for the ``Allow`` header of a 405).

    Routes of included routers are looked at one by one (FastAPI wraps them; ``_effective_candidates`` where
    this FastAPI has it)."""
    path = scope.get("path", "")
    methods: set[str] = set()
    for route in app.router.routes:
        for candidate in getattr(route, "_effective_candidates", None) or [route]:
            regex = getattr(candidate, "path_regex", None)
            if regex is not None and regex.match(path):
                methods |= set(getattr(candidate, "methods", None) or ())
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


#: Seconds between two maintenance passes of a running server (see ``_maintain``).
MAINTENANCE_EVERY = 30.0


async def _maintain(app: FastAPI) -> None:
    """Every ``MAINTENANCE_EVERY`` seconds, if the graph changed: reopen the embedded store once
    ``AIKG_STORE_REOPEN_WRITES`` writes have gone by since it was opened (while no request runs: see
    api/gate.py), collect garbage among the frozen objects (``_collect_frozen``), then give freed memory
    back to the system (``malloc_trim``)."""
    seen = opened_at = getattr(getattr(app.state, "kg", None), "version", 0)
    while True:
        await asyncio.sleep(MAINTENANCE_EVERY)
        kg = getattr(app.state, "kg", None)
        if kg is None or kg.version == seen:
            continue
        seen = kg.version
        every = app.state.settings.store_reopen_writes
        on_disk = isinstance(kg.store, OxigraphStore) and kg.store.location != "memory"
        if on_disk and every > 0 and kg.version - opened_at >= every:
            version = kg.version
            try:
                if await app.state.gate.exclusive(kg.reopen_store):  # the feed watcher's writes wait too
                    log.info("store reopened after %d writes", version - opened_at)
                    opened_at = version
                    app.state.store_reopens += 1
            except Exception:  # the loop must survive; the error says what went wrong
                log.exception("reopening the store failed")
        await asyncio.to_thread(_collect_frozen)
        await asyncio.to_thread(memory.trim)


def _publish_record(app: FastAPI) -> asyncio.Task[bool] | None:
    """``aikg serve`` on an on-disk store sets ``app.state.server_record`` (folder, record): the record goes
    into the store folder once the server answers (``api/store_folder.py``), for the aikg command."""
    pending = getattr(app.state, "server_record", None)
    if pending is None:
        return None
    from .store_folder import publish

    return asyncio.create_task(publish(*pending))


def _withdraw_record(app: FastAPI, publishing: asyncio.Task[bool] | None) -> None:
    if publishing is None:
        return
    from .store_folder import remove_record

    publishing.cancel()
    remove_record(*app.state.server_record)


async def _warm(app: FastAPI) -> None:
    """Build the read model (in a thread) before the server takes requests, then move everything
    allocated so far out of the garbage collector's reach (``gc.freeze``). On failure the server starts
    anyway and the first requests build the model. ``/ready`` answers 503 until this is done (for an app
    whose lifespan has not run)."""
    try:
        await asyncio.to_thread(app.state.kg.warm)
        # the read model and the projection are a few hundred thousand long-lived objects: a full
        # collection walking them took 230-380 ms on the 1M store, a pause for every request in flight
        gc.freeze()
    except Exception:  # the server still serves; the error says what went wrong
        log.exception("building the read model failed")
    finally:
        app.state.warm.set()


def _collect_frozen() -> None:
    """Collect what writes made garbage among the objects ``_warm`` froze (a replaced projection is a
    reference cycle), then freeze the survivors again: one full collection per maintenance pass after
    writes instead of one whenever the allocator's counters say so."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
def _start_watching(kg: KnowledgeGraph, settings: Settings) -> Any:
    """The feed watcher of ``AIKG_WATCH`` (``aikg serve --watch FILE``), started; None without one."""
    if not settings.watch:
        return None
    from aikg.graph.feeds.watch import Watching, watch_sources

    return Watching(kg, watch_sources(opml=settings.watch)).start()


def _mount_static(app: FastAPI) -> None:
    """api/static at /static (the explorer's stylesheet and script; other assets under their folders)."""
    from pathlib import Path

    from fastapi.staticfiles import StaticFiles

    app.mount("/static", StaticFiles(directory=Path(__file__).resolve().parent / "static"), name="static")


def _include_routers(app: FastAPI) -> None:
    """Every route module, registered here by name (each exposes ``register(app)``): grep finds them."""
    from .routes import (
        analytics,
        articles,
        bulk,
        entities,
        feeds,
        graph_api,
        linked_data,
        pages,
        quotes,
        sparql,
    )

    for module in (analytics, articles, bulk, entities, feeds, graph_api, linked_data, pages, quotes, sparql):
        module.register(app)
