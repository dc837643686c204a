"""HTTP conventions shared by the REST and linked-data routes.

- ``ConditionalRoute``: GET responses carry a weak ``ETag`` (process, graph version, method, path, query
  and Accept) and ``Last-Modified`` (the last write); ``If-None-Match``/``If-Modified-Since`` answer
  304 before the handler runs.
- ``JSONBytes``: JSON serialised with orjson (dataclasses from ``aikg.graph.read.models`` go straight in).
- ``install(app, settings)``: gzip for bodies over 1 KB, and /docs and /redoc served with their assets
  from the app (no CDN); ``add_cors(app, settings)``: CORS from ``AIKG_CORS_ORIGINS``.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import os
from collections.abc import Callable, Coroutine
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

import orjson
from fastapi import FastAPI, HTTPException, Request
from fastapi.routing import APIRoute
from starlette.responses import HTMLResponse, Response

from aikg.graph import Settings
from aikg.graph.read.models import PageData

__all__ = [
    "ConditionalRoute", "JSONBytes", "install", "add_cors", "page_body", "not_found", "error", "etag_for", "require_write_token",
    "validators",
]

_BOOT = hashlib.blake2b(os.urandom(16), digest_size=4).hexdigest()


class JSONBytes(Response):
    """A JSON response serialised with orjson (dataclasses, dates and non-str keys allowed)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        if isinstance(content, bytes):
            return content
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)


def etag_for(request: Request) -> str:
    return _etag(request.app.state.kg, request.method, request.url.path, request.url.query, request.headers.get("accept", ""))


def _etag(kg: Any, method: str, path: str, query: str, accept: str) -> str:
    digest = hashlib.blake2b(f"{method} {path}?{query} {accept}".encode("utf-8", "replace"), digest_size=8).hexdigest()
    return f'W/"{_BOOT}-{kg.version}-{digest}"'


def validators(kg: Any, method: str, path: str, query: str, accept: str) -> dict[str, str]:
    """The validator and caching headers of a GET answer (``ETag``, ``Last-Modified``, ``Cache-Control``,
    ``Vary``): what :class:`ConditionalRoute` adds, for a response made outside FastAPI's routing (``path``
    and ``query`` as ``request.url`` spells them)."""
    return {"ETag": _etag(kg, method, path, query, accept), "Last-Modified": _http_date(kg.changed_at()),
            "Cache-Control": "no-cache", "Vary": "Accept, Accept-Encoding"}


_LAST_DATE: tuple[float, str] = (-1.0, "")


def _http_date(when: float) -> str:
    """``when`` as an HTTP date, rounded up to the second (the last one made is kept: it changes only with writes)."""
    global _LAST_DATE
    last = _LAST_DATE
    if last[0] != when:
        last = _LAST_DATE = (when, formatdate(math.ceil(when), usegmt=True))
    return last[1]


def _not_modified(request: Request, etag: str, last_modified: float) -> bool:
    inm = request.headers.get("if-none-match")
    if inm is not None:
        tags = {t.strip() for t in inm.split(",")}
        return "*" in tags or etag in tags or etag[2:] in tags
    ims = request.headers.get("if-modified-since")
    if ims:
        try:
            return math.ceil(last_modified) <= parsedate_to_datetime(ims).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
    return False


class ConditionalRoute(APIRoute):
    """An APIRoute whose GET responses are validated by ETag / Last-Modified (304 when unchanged)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def conditional(request: Request) -> Response:
            if request.method != "GET" or getattr(request.app.state, "kg", None) is None:
                return await handler(request)
            kg = request.app.state.kg
            last = kg.changed_at()
            headers = validators(kg, request.method, request.url.path, request.url.query, request.headers.get("accept", ""))
            if _not_modified(request, headers["ETag"], last):
                return Response(status_code=304, headers=headers)
            response = await handler(request)
            if response.status_code == 200:
                for k, v in headers.items():
                    response.headers.setdefault(k, v)
            return response

        return conditional


def error(status: int, name: str, detail: object = None) -> HTTPException:
    """An HTTPException rendered as ``{"error": name, "detail": detail}``."""
    return HTTPException(status, detail={"error": name, "detail": detail})


def require_write_token(request: Request) -> None:
    """Let a write through only with ``Authorization: Bearer <AIKG_WRITE_TOKEN>`` (401); 403 when the server
    has no token (writes disabled)."""
    token = request.app.state.settings.write_token
    if not token:
        raise error(403, "forbidden", "writes are disabled: the server has no AIKG_WRITE_TOKEN")
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8", "replace"), token.encode("utf-8")):
        raise HTTPException(401, detail={"error": "unauthorized", "detail": "send Authorization: Bearer <AIKG_WRITE_TOKEN>"},
                            headers={"WWW-Authenticate": "Bearer"})


def not_found(exc: Any) -> HTTPException:
    """404 for a ``NotFound``, with close matches for entities."""
    detail: dict[str, Any] = {"message": str(exc)}
    if getattr(exc, "what", "") == "entity":
        detail["suggestions"] = [{"slug": s.slug, "label": s.label, "type": s.type} for s in exc.suggestions]
    return error(404, "not found", detail)


def page_body(request: Request, page: PageData[Any]) -> dict[str, Any]:
    """A Page as JSON: items, total, limit, offset and the URL of the next page (null on the last): by
    cursor when the page has one, else by offset."""
    nxt = None
    if page.cursor is not None:  # a list read by cursor: the next page starts after this one's last row
        nxt = str(request.url.remove_query_params("offset").include_query_params(cursor=page.cursor, limit=page.limit))
    elif page.offset + page.limit < page.total and "cursor" not in request.query_params:
        nxt = str(request.url.include_query_params(offset=page.offset + page.limit, limit=page.limit))
    return {"items": page.items, "total": page.total, "limit": page.limit, "offset": page.offset, "next": nxt}


def _robust_openapi(app: FastAPI) -> None:
    """/openapi.json with unique operation ids: FastAPI gives a route with several methods one id for
    all of them and warns (an error under ``-W error``); here the method is appended where needed."""
    import warnings

    original = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Duplicate Operation ID")
            schema = original()
        _error_bodies(schema)
        seen: set[str] = set()
        for ops in schema.get("paths", {}).values():
            for method, op in ops.items():
                oid = op.get("operationId") if isinstance(op, dict) else None
                if oid is None:
                    continue
                if oid in seen:
                    oid = f"{oid}_{method}"
                    while oid in seen:
                        oid += "_"
                    op["operationId"] = oid
                seen.add(oid)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _error_bodies(schema: dict[str, Any]) -> None:
    """Validation errors are answered as ``{"error", "detail"}`` (api/app.py): say so in the schema instead of
    FastAPI's default ``HTTPValidationError``."""
    from .models import Error

    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", Error.model_json_schema())
    ref = {"$ref": "#/components/schemas/Error"}
    for ops in schema.get("paths", {}).values():
        for op in ops.values():
            r422 = op.get("responses", {}).get("422") if isinstance(op, dict) else None
            if r422 and "HTTPValidationError" in str(r422.get("content", {})):
                r422["content"] = {"application/json": {"schema": ref}}
                r422["description"] = "Invalid request: `{\"error\": \"invalid request\", \"detail\": [problems]}`"
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)


def add_cors(app: FastAPI, settings: Settings) -> None:
    """CORS for the origins in ``AIKG_CORS_ORIGINS`` (none: no CORS headers)."""
    from fastapi.middleware.cors import CORSMiddleware

    origins = [o.strip() for o in (settings.cors_origins or "").split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "DELETE", "OPTIONS"],
            allow_headers=["Authorization", "Content-Type", "If-None-Match", "If-Modified-Since", "X-Request-ID"],
            expose_headers=["ETag", "Last-Modified", "X-Request-ID", "X-Cache"],
            max_age=600,
        )


def _with_csp(page: HTMLResponse) -> HTMLResponse:
    """A docs page with a Content-Security-Policy that lets it load nothing but this server's own assets (its
    inline scripts allowed by their hashes; Redoc draws in a blob: worker). Remote images, fonts and scripts the
    bundles might ask for — Redoc's "API docs by Redocly" logo — are blocked by the browser."""
    import base64
    import re

    body = bytes(page.body).decode("utf-8")
    hashes = " ".join(f"'sha256-{base64.b64encode(hashlib.sha256(m.encode()).digest()).decode()}'"
                      for m in re.findall(r"<script>(.*?)</script>", body, re.S))
    page.headers["Content-Security-Policy"] = (
        f"default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'"
    )
    return page


def install(app: FastAPI, settings: Settings) -> None:
    """Gzip and offline API docs."""
    from fastapi.middleware.gzip import GZipMiddleware
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.staticfiles import StaticFiles

    app.add_middleware(GZipMiddleware, minimum_size=1000)

    _robust_openapi(app)

    import swagger_ui_bundle

    here = os.path.dirname(os.path.abspath(__file__))
    app.mount("/docs-assets/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger-assets")
    app.mount("/docs-assets/redoc", StaticFiles(directory=os.path.join(here, "static", "redoc")), name="redoc-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    async def swagger_docs() -> HTMLResponse:
        return _with_csp(get_swagger_ui_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            swagger_js_url="/docs-assets/swagger/swagger-ui-bundle.js",
            swagger_css_url="/docs-assets/swagger/swagger-ui.css",
            swagger_favicon_url="/docs-assets/swagger/favicon-32x32.png",
        ))

    @app.get("/redoc", include_in_schema=False)
    async def redoc_docs() -> HTMLResponse:
        return _with_csp(get_redoc_html(
            openapi_url=openapi_url,
            title=f"{app.title} API",
            redoc_js_url="/docs-assets/redoc/redoc.standalone.js",
            redoc_favicon_url="/docs-assets/swagger/favicon-32x32.png",
            with_google_fonts=False,
        ))
