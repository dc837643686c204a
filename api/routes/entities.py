"""REST: entities (search, detail, relations)."""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import APIRouter, FastAPI, Path, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aikg.graph import NotFound
from aikg.graph.read.models import Direction, EntityDetail

from ..conventions import ConditionalRoute, JSONBytes, error, not_found, page_body
from ..models import EntityPage, EntityType, Error, Predicate, RelationPage

router = APIRouter(prefix="/api/entities", tags=["entities"], route_class=ConditionalRoute)

Limit = Annotated[int, Query(ge=1, le=500, description="Items per page.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Items to skip.")]
Slug = Annotated[str, Path(description="Entity slug, the last part of its IRI (`gpt-4`, `openai`).")]
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
    relations: Annotated[int, Query(ge=1, le=100, description="Relations shown per group (predicate and "
                                    "direction), the best supported first; the group's `next` cursor has the rest.")] = 10,
    sources: Annotated[int, Query(ge=1, le=50, description="Newest sources shown per relation "
                                  "(`source_count` has them all).")] = 3,
) -> Response:
    """The entity with its relations in both directions grouped by predicate (the first `relations` of
    each group, each with its newest `sources` sources: article, date, evidence sentence, confidence),
    the newest quotes by it and about it, and the newest articles that mention it. What it costs depends
    on what it shows, not on how connected the entity is."""
    kg = request.app.state.kg
    key = ("entity-json", slug, relations, sources)

    def build() -> bytes:
        return orjson.dumps(kg.entity(slug, max_sources=sources, max_relations=relations))

    try:
        # a page costs what it shows (~0.5 ms, a few ms for a hub): built here on the event loop when nothing
        # it reads must be refreshed first; on a thread only then (16 connections' first requests on threads
        # queued for the GIL with each other and with the loop: p99 120 ms where it is now 25 ms)
        body = kg.peek(key) or kg.cached_if_ready(key, build) or await run_in_threadpool(kg.cached, key, build)
    except NotFound as exc:
        raise not_found(exc) from None
    return JSONBytes(body)


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
