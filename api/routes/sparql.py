"""SPARQL 1.1 Protocol at /sparql (read-only), SPARQL Update at /sparql/update (Bearer token), the editor.

HTTP only: checks, limits and execution are in :mod:`aikg.graph.sparql`.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.requests import ClientDisconnect

from aikg.graph.sparql import TRUNCATED_HEADER, VOLATILE, SparqlError, SparqlService

from ..app import error_response
from ..models import Error

__all__ = ["register", "example_queries", "editor_page", "sparql_endpoint", "update_endpoint", "SparqlShortcut"]

_HERE = Path(__file__).resolve().parent.parent


def _examples_folder() -> Path:
    """examples/queries, the one copy of the example queries: in a source checkout the folder itself; in an
    installed wheel its package-data copy ``aikg/api/queries`` (pyproject.toml maps the package there)."""
    packaged = _HERE / "queries"
    return packaged if packaged.is_dir() else _HERE.parent / "examples" / "queries"


EXAMPLES = _examples_folder()
_FORM = "application/x-www-form-urlencoded"
_QUERY_TYPE = "application/sparql-query"
_UPDATE_TYPE = "application/sparql-update"


def example_queries(folder: Path = EXAMPLES) -> list[dict[str, str]]:
    """The example queries: name, the question its leading ``#`` comment says it answers, and the text."""
    out = []
    for f in sorted(folder.glob("*.rq")) if folder.is_dir() else []:
        text = f.read_text(encoding="utf-8")
        comments = [ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("#")]
        out.append({"name": f.stem, "title": comments[0] if comments else f.stem, "query": text})
    return out


async def _service(request: Request) -> SparqlService:
    app = request.app
    service: SparqlService | None = getattr(app.state, "sparql", None)
    if service is None or service.store is not app.state.kg.store:
        service = _make_service(app)
    if not service.started:
        await service.start()
    return service


def _make_service(app: FastAPI) -> SparqlService:
    kg = app.state.kg
    service = SparqlService(kg.store, app.state.settings)
    kg.on_change(service.invalidate)
    app.state.sparql = service
    return service


def _error(exc: SparqlError) -> JSONResponse:
    return error_response(exc.status, exc.error, exc.detail, exc.headers or None)


async def _read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 once it is clearly over the query size limit."""
    cap = limit * 3 + 4096  # form encoding may triple a query's size
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > cap:
        raise SparqlError(413, "query too large", f"the request body is over {cap} bytes")
    body = b""
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > cap:
                raise SparqlError(413, "query too large", f"the request body is over {cap} bytes")
    except ClientDisconnect:  # the client went away (or was cut off by AIKG_BODY_TIMEOUT): nobody reads the answer
        raise SparqlError(400, "incomplete request", "the client closed the connection before the body was sent") from None
    return body


def _media(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def _params(request: Request, field: str, raw_type: str, limit: int) -> tuple[str | None, dict[str, list[str]]]:
    """The operation text and the other protocol parameters (URL query and form body merged)."""
    params = parse_qs(request.scope.get("query_string", b"").decode("utf-8", "replace"), keep_blank_values=True)
    text = params.pop(field, [None])[0]
    if request.method == "POST":
        body = await _read_body(request, limit)
        ctype = _media(request)
        if ctype == raw_type:
            text = body.decode("utf-8", "replace")
        elif ctype == _FORM or (not ctype and body):
            form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
            if field in form:
                text = form.pop(field)[0]
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        else:
            raise SparqlError(
                415, "unsupported media type", f"POST the {field} as {_FORM} ({field}=...) or as {raw_type}"
            )
    return text, params


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept


async def sparql_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    try:
        query, params = await _params(request, "query", _QUERY_TYPE, settings.max_query_bytes)
        if query is None or not query.strip():
            if request.method == "GET" and _wants_html(request):
                return editor_page(request)
            raise SparqlError(400, "missing query", "give the query as ?query=, a form field or an application/sparql-query body")
        service = await _service(request)
        formats = params.get("format", []) + params.get("output", []) + params.get("results", [])
        result = await service.query(
            query,
            accept=request.headers.get("accept"),
            formats=formats,
            default_graphs=params.get("default-graph-uri", []),
            named_graphs=params.get("named-graph-uri", []),
        )
    except SparqlError as exc:
        return _error(exc)
    # no-cache: clients ask again each time (the graph changes with every ingest); no-store for answers
    # that differ between runs (NOW(), RAND(), ...) also keeps them out of the server's response cache.
    cache_control = "no-store" if VOLATILE.search(query) else "no-cache"
    headers = {"Vary": "Accept", "Cache-Control": cache_control, "X-Query-Time-Ms": f"{result.elapsed * 1000:.1f}"}
    if result.truncated == "bytes":
        headers[TRUNCATED_HEADER] = f"true; max-bytes={settings.max_result_bytes}"
    elif result.truncated:
        headers[TRUNCATED_HEADER] = f"true; max-rows={settings.max_rows}"
    media = result.media_type
    if media.startswith("text/") or media.endswith(("json", "xml")):
        media += "; charset=utf-8"
    return Response(result.body, headers=headers, media_type=media)


async def update_endpoint(request: Request) -> Response:
    settings = request.app.state.settings
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    token = settings.write_token or ""
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode("utf-8", "replace"), token.encode("utf-8")):
        return error_response(401, "unauthorized", "send Authorization: Bearer <AIKG_WRITE_TOKEN>", {"WWW-Authenticate": "Bearer"})
    try:
        update, _ = await _params(request, "update", _UPDATE_TYPE, settings.max_query_bytes)
        if not update or not update.strip():
            raise SparqlError(400, "missing update", "give the update as a form field update=... or an application/sparql-update body")
        service = await _service(request)
        await service.update(update, request.app.state.kg.update)
    except SparqlError as exc:
        return _error(exc)
    return Response(status_code=204)


class SparqlShortcut:
    """Queries to ``/sparql`` answered by :func:`sparql_endpoint` straight from the middleware stack.

    Pure ASGI, innermost of the app's middleware (so CORS, request ids, the response cache, the gate and gzip
    all still apply): it skips FastAPI's exception middleware, router, dependency solving and response
    validation, which took about half of the server's time for a lookup. Everything else (the editor page,
    a GET without ``query=``, other paths) goes on to the app; the routes registered by :func:`register`
    stay for the OpenAPI schema and answer the same way.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and (
            scope["method"] == "POST" or (scope["method"] == "GET" and b"query=" in scope["query_string"])
        ):
            response = await sparql_endpoint(Request(scope, receive))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def editor_page(request: Request) -> HTMLResponse:
    """YASGUI, served from /static/yasgui, with the prefixes and example queries preset."""
    from aikg.ontology import PREFIXES

    examples = example_queries()
    config = {
        "endpoint": str(request.url_for("sparql")),
        "prefixes": PREFIXES,
        "examples": examples,
        "default": examples[0]["query"] if examples else "SELECT * WHERE { ?s ?p ?o } LIMIT 10",
    }
    template = (_HERE / "templates" / "sparql.html").read_text(encoding="utf-8")
    page = template.replace("__CONFIG__", json.dumps(config).replace("</", "<\\/")).replace(
        "__TITLE__", escape("aikg — SPARQL editor")
    )
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


def register(app: FastAPI) -> None:
    settings = app.state.settings
    description = (
        "SPARQL 1.1 Protocol: `GET ?query=`, `POST` form (`query=`) or `application/sparql-query` body; "
        "`default-graph-uri` / `named-graph-uri` (absolute IRIs; when given, the whole dataset). SELECT/ASK as SPARQL "
        "JSON, XML, CSV or TSV; CONSTRUCT/DESCRIBE as Turtle, N-Triples, N-Quads, JSON-LD or RDF/XML, by `Accept` (or "
        "`?format=json|xml|csv|tsv|turtle|nt|nq|jsonld|rdfxml`). Queries are parsed by the engine: only SELECT, ASK, "
        "CONSTRUCT, DESCRIBE (400 otherwise, 403 for an update). Limits: "
        f"{settings.max_query_bytes} bytes (413), {settings.query_timeout:g} s (504), {settings.query_memory_mb} MB of "
        f"memory (503), {settings.max_rows} rows and {settings.max_result_bytes} bytes (then `{TRUNCATED_HEADER}`), "
        f"{settings.max_concurrent_queries} queries at once (503). SERVICE and LOAD are refused: the server never "
        "fetches a URL. Standard prefixes are predeclared; relative IRIs resolve against this endpoint's address."
    )
    params = [
        {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "The query (GET; a POST may send it in the body instead)."},
        {"name": "default-graph-uri", "in": "query", "required": False, "explode": True,
         "schema": {"type": "array", "items": {"type": "string"}}, "description": "Graphs merged into the default graph."},
        {"name": "named-graph-uri", "in": "query", "required": False, "explode": True,
         "schema": {"type": "array", "items": {"type": "string"}}, "description": "The named graphs of the dataset."},
        {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "A result format by name, instead of Accept."},
    ]
    body = {"content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
        "application/sparql-query": {"schema": {"type": "string"}}}}
    for method, extra in (("GET", {"parameters": params}), ("POST", {"parameters": params, "requestBody": body})):
        app.add_api_route(
            "/sparql",
            sparql_endpoint,
            methods=[method],
            name="sparql" if method == "GET" else "sparql_post",
            tags=["sparql"],
            summary="SPARQL 1.1 query endpoint (read-only)" + (" and, for browsers, the query editor" if method == "GET" else ""),
            description=description,
            response_class=Response,
            responses=_responses(),
            openapi_extra=extra,
        )
    # /sparql is the hot path: match it before the routers included so far (each costs a match attempt
    # per request; measured: +40 % SPARQL throughput). No other route serves this path.
    routes = app.router.routes
    routes.insert(0, routes.pop())
    routes.insert(0, routes.pop())
    if settings.write_token:
        app.add_api_route(
            "/sparql/update",
            update_endpoint,
            methods=["POST"],
            name="sparql_update",
            tags=["sparql"],
            summary="SPARQL 1.1 Update (needs `Authorization: Bearer <AIKG_WRITE_TOKEN>`)",
            status_code=204,
            response_class=Response,
            responses={400: {"description": "malformed or refused update", "model": Error},
                       401: {"description": "missing or wrong token", "model": Error},
                       413: {"description": "Update over AIKG_MAX_QUERY_BYTES", "model": Error},
                       415: {"description": "A body that is neither a form nor application/sparql-update", "model": Error}},
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {"update": {"type": "string"}},
                                                                 "required": ["update"]}},
                "application/sparql-update": {"schema": {"type": "string"}}}}},
        )
    _wrap_lifespan(app)


def _responses() -> dict[int | str, dict[str, Any]]:
    return {
        200: {"description": "The results in the negotiated format", "content": {
            "application/sparql-results+json": {}, "application/sparql-results+xml": {}, "text/csv": {},
            "text/tab-separated-values": {}, "text/turtle": {}, "application/n-triples": {}, "application/ld+json": {},
            "text/html": {}}},
        400: {"description": "Malformed query (the parser's message and position), not a query form, an invalid "
                             "dataset IRI, or refused (SERVICE, LOAD)", "model": Error},
        403: {"description": "An update sent to the read-only endpoint", "model": Error},
        406: {"description": "No acceptable result format", "model": Error},
        413: {"description": "Query over AIKG_MAX_QUERY_BYTES", "model": Error},
        415: {"description": "A POST body that is neither a form nor application/sparql-query", "model": Error},
        502: {"description": "A remote store failed or could not be reached (its error body is logged, not passed on)",
              "model": Error},
        503: {"description": "All query slots busy (Retry-After), or the query needed more than AIKG_QUERY_MEMORY_MB",
              "model": Error},
        504: {"description": "Query over AIKG_QUERY_TIMEOUT (its work is stopped)", "model": Error},
    }


def _wrap_lifespan(app: FastAPI) -> None:
    """Start the query engine once the store is open (workers warm) and stop it before the store closes."""
    inner = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(a: Any) -> AsyncIterator[Any]:
        async with inner(a) as state:
            service = _make_service(app) if getattr(app.state, "kg", None) is not None else None
            if service is not None:
                await service.start()
            try:
                yield state
            finally:
                current = getattr(app.state, "sparql", None)
                if current is not None:
                    await current.close()
                    app.state.sparql = None

    app.router.lifespan_context = lifespan
