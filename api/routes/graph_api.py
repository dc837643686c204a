"""REST: graph data for client-side viewers, paths between entities, statistics."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import Response

from aikg.graph import NotFound, queries
from aikg.graph.read.models import GraphData, PathsData, Stats

from ..conventions import ConditionalRoute, JSONBytes, not_found
from ..models import EntityType, Error, Predicate

router = APIRouter(prefix="/api", tags=["graph"], route_class=ConditionalRoute)
_404: dict[int | str, dict[str, Any]] = {404: {"model": Error, "description": "Unknown entity; `detail.suggestions` lists close matches."}}


@router.get("/graph", response_model=GraphData, responses=_404, summary="Nodes and edges around an entity")
def graph(
    request: Request,
    focus: Annotated[str | None, Query(max_length=200, description="Entity slug at the centre; none: the most connected entities.")] = None,
    hops: Annotated[int, Query(ge=0, le=4, description="Distance from the focus (edges in either direction).")] = 1,
    predicates: Annotated[list[Predicate] | None, Query(description="Only these relations (repeat the parameter).")] = None,
    types: Annotated[list[EntityType] | None, Query(description="Only entities of these classes.")] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most nodes returned (nearest, then most connected).")] = 500,
) -> Response:
    """The neighbourhood of `focus` as nodes (slug, label, type, mentions, degree) and edges (source,
    target, predicate, confidence, number of sources, first and last date): ready for vis-network,
    Cytoscape, d3 or sigma."""
    try:
        data = request.app.state.kg.neighbourhood(focus, hops, predicates, types, limit)
    except NotFound as exc:
        raise not_found(exc) from None
    return JSONBytes(data)


@router.get("/paths", response_model=PathsData, responses=_404, summary="How two entities are connected")
def paths(
    request: Request,
    source: Annotated[str, Query(alias="from", max_length=200, description="Slug of the first entity.")],
    target: Annotated[str, Query(alias="to", max_length=200, description="Slug of the second entity.")],
    max_hops: Annotated[int, Query(ge=1, le=6, description="Longest path considered.")] = 4,
    limit: Annotated[int, Query(ge=1, le=50, description="Most paths returned.")] = 10,
) -> Response:
    """The shortest paths between two entities (edge direction ignored), each step with the fact it
    rests on and that fact's sources. `paths` is empty when they are not connected within `max_hops`."""
    try:
        data = request.app.state.kg.paths(source, target, max_hops, limit)
    except NotFound as exc:
        raise not_found(exc) from None
    return JSONBytes(data)


@router.get("/stats", response_model=Stats, summary="Counts: quads, articles, quotes, entities, distinct facts and fact mentions")
def stats(request: Request) -> Response:
    return JSONBytes(queries.stats(request.app.state.kg))


def register(app: FastAPI) -> None:
    app.include_router(router)
