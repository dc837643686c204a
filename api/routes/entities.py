"""REST: entities (search, detail, relations), and :class:`EntityShortcut`, the fast path of the detail."""

from __future__ import annotations

import re
from typing import Annotated, Any

import orjson
from fastapi import APIRouter, FastAPI, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aikg.graph import NotFound
from aikg.graph.read.models import Direction, EntityDetail

from ..conventions import ConditionalRoute, JSONBytes, error, not_found, page_body, validators
from ..models import EntityPage, EntityType, Error, Predicate, RelationPage

router = APIRouter(prefix="/api/entities", tags=["entities"], route_class=ConditionalRoute)

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Slug = Annotated[str, Path(description="Entity slug, the last part of its IRI (`gpt-4`, `openai`).")]
#: Bounds of the detail's ``relations`` and ``sources`` (the route validates them; the shortcut only answers within).
_BOUNDS = {b"relations": (1, 100), b"sources": (1, 50)}
_404: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "Unknown entity; `detail.suggestions` lists close matches."}}


@router.get("", response_model=EntityPage, summary="Search entities by label and alias")
def search(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="Name or alias, or its beginning; case, spacing "
                                   "and punctuation do not matter ('gpt4' finds GPT-4, 'zuck' Mark Zuckerberg).")] = None,
    type: Annotated[EntityType | None, Query(description="Only entities of this class.")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Response:
    """Entities ranked by relevance (exact name, then name prefix, word prefixes, substring), then by the
    number of articles that mention them. Without `q`: all entities, most mentioned first."""
    page = request.app.state.kg.search_entities(q, type, limit, offset)
    return JSONBytes(page_body(request, page))


@router.get("/{slug}", response_model=EntityDetail, responses=_404, summary="One entity with its relations, quotes and articles")
async def entity(
    request: Request,
    slug: Slug,
    relations: Annotated[int, Query(ge=_BOUNDS[b"relations"][0], le=_BOUNDS[b"relations"][1], description="Relations shown per group (predicate and "
                                    "direction), the best supported first; the group's `next` cursor has the rest.")] = 10,
    sources: Annotated[int, Query(ge=_BOUNDS[b"sources"][0], le=_BOUNDS[b"sources"][1], description="Newest sources shown per relation "
                                  "(`source_count` has them all).")] = 3,
) -> Response:
    """The entity with its relations in both directions grouped by predicate (the first `relations` of
    each group, each with its newest `sources` sources: article, date, evidence sentence, confidence),
    the newest quotes by it and about it, and the newest articles that mention it. What it costs depends
    on what it shows, not on how connected the entity is."""
    kg = request.app.state.kg
    try:
        # a page costs what it shows (~0.5 ms, a few ms for a hub): built here on the event loop when nothing
        # it reads must be refreshed first; on a thread only then (16 connections' first requests on threads
        # queued for the GIL with each other and with the loop: p99 120 ms where it is now 25 ms)
        body = ready_page(kg, slug, relations, sources) or await run_in_threadpool(
            kg.cached, ("entity-json", slug, relations, sources), _builder(kg, slug, relations, sources))
    except NotFound as exc:
        raise not_found(exc) from None
    return JSONBytes(body)


def _builder(kg: Any, slug: str, relations: int, sources: int) -> Any:
    return lambda: orjson.dumps(kg.entity(slug, max_sources=sources, max_relations=relations))


def ready_page(kg: Any, slug: str, relations: int = 10, sources: int = 3) -> bytes | None:
    """The detail of ``slug`` as JSON if it is built, or can be built without waiting (on the calling thread:
    the event loop); None when it must be built elsewhere (a value it reads is being refreshed). Raises
    NotFound for an unknown entity."""
    key = ("entity-json", slug, relations, sources)
    body: bytes | None = kg.peek(key) or kg.cached_if_ready(key, _builder(kg, slug, relations, sources))
    return body


_PLAIN_SLUG = re.compile(r"[A-Za-z0-9._~-]+")


def _detail_params(query: bytes) -> dict[bytes, int] | None:
    """``relations`` and ``sources`` from a detail's query string when both are plain in-range integers given at
    most once and nothing else is asked; None otherwise (then the route validates and answers)."""
    found: dict[bytes, int] = {}
    for part in query.split(b"&") if query else ():
        name, eq, value = part.partition(b"=")
        bounds = _BOUNDS.get(name)
        if bounds is None or not eq or name in found or not value.isdigit() or len(value) > 4:
            return None
        n = int(value)
        if not bounds[0] <= n <= bounds[1]:
            return None
        found[name] = n
    return found


class EntityShortcut:
    """``GET /api/entities/{slug}`` answered straight from the middleware stack when the page is built or cheap
    to build (:func:`ready_page`): the same body and headers as the route (``ETag``, ``Last-Modified``,
    ``Cache-Control``, ``Vary``), without FastAPI's exception middleware, router, dependency solving and
    response validation, which took about 80 % of the server's time for a built page (py-spy, 1M store).

    Pure ASGI, inside the app's other middleware (CORS, request ids, the response cache, the gate and gzip
    still apply). Everything else goes on to the route: conditional requests (304), other parameters or
    values the route would refuse (422), slugs that are not plain ASCII, unknown entities (404 with
    suggestions), pages that must be built on a thread.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and scope["path"].startswith("/api/entities/"):
            body, headers = self._answer(scope)
            if body is not None:
                await send({"type": "http.response.start", "status": 200, "headers": headers})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)

    @staticmethod
    def _answer(scope: Any) -> tuple[bytes | None, list[tuple[bytes, bytes]]]:
        slug = scope["path"][len("/api/entities/"):]
        kg = getattr(scope["app"].state, "kg", None)
        if kg is None or not _PLAIN_SLUG.fullmatch(slug):
            return None, []
        accept = b""
        for name, value in scope["headers"]:
            if name in (b"if-none-match", b"if-modified-since"):
                return None, []
            if name == b"accept":
                accept = value
        params = _detail_params(scope["query_string"])
        if params is None:
            return None, []
        try:
            body = ready_page(kg, slug, params.get(b"relations", 10), params.get(b"sources", 3))
        except NotFound:
            return None, []
        if body is None:
            return None, []
        query = scope["query_string"].decode("latin-1")
        headers = [(b"content-length", str(len(body)).encode()), (b"content-type", b"application/json")]
        headers += [(k.lower().encode(), v.encode("latin-1"))
                    for k, v in validators(kg, "GET", scope["path"], query, accept.decode("latin-1")).items()]
        return body, headers


@router.get("/{slug}/relations", response_model=RelationPage, responses=_404, summary="Relations of an entity, every source")
def relations(
    request: Request,
    slug: Slug,
    predicate: Annotated[Predicate | None, Query(description="Only this relation.")] = None,
    direction: Annotated[Direction | None, Query(description="`out`: the entity is the subject; `in`: the object.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    cursor: Annotated[str | None, Query(max_length=2000, description="Where to continue: a group's `next` in the "
                                        "entity detail, or the `cursor` in this page's `next` URL.")] = None,
) -> Response:
    """The relations in the detail's order (groups by predicate and direction, the best supported first),
    each with every source. Page by `offset`, or by `cursor` (stable while relations are added)."""
    try:
        page = request.app.state.kg.entity_relations(slug, predicate, direction, limit, offset, cursor)
    except NotFound as exc:
        raise not_found(exc) from None
    except ValueError as exc:
        raise error(400, "bad request", str(exc)) from None
    return JSONBytes(page_body(request, page))


def register(app: FastAPI) -> None:
    app.include_router(router)
