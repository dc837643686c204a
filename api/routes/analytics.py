"""REST: the analyses of ``aikg.graph.analytics`` under ``/api/analytics/``.

Every entity in a result carries ``links`` into the explorer (``/id/{slug}``, ``/graph?focus={slug}``)
and every fact its ``sources`` (article, title, date, evidence sentence, confidence).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, FastAPI, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from aikg.graph import NotFound, analytics

from ..conventions import not_found

router = APIRouter(prefix="/api/analytics", tags=["analytics"])

EntityType = Literal["Company", "Organization", "Model", "Tool", "Dataset", "Person"]
Predicate = Literal[
    "builds", "develops", "uses", "trainedOn", "basedOn", "dependsOn", "leads", "worksFor",
    "investsIn", "partnersWith", "acquires", "competesWith",
]


class Links(BaseModel):
    entity: str = Field(description="The entity's page, `/id/{slug}`.")
    graph: str = Field(description="The interactive graph centred on it, `/graph?focus={slug}`.")


class Entity(BaseModel):
    slug: str
    label: str
    type: str | None = None
    links: Links


class Source(BaseModel):
    """An article a fact was read from, with the sentence (evidence)."""

    article: str
    title: str | None = None
    date: str | None = None
    evidence: str | None = None
    confidence: float | None = None


class Fact(BaseModel):
    subject: str
    predicate: str
    object: str
    confidence: float | None = None
    sources: list[Source]


class Step(BaseModel):
    """One hop of a path: ``forward`` when the fact reads `from predicate to`, else ``backward``."""

    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(alias="from")
    to: str
    predicate: str
    direction: Literal["forward", "backward"]
    sources: list[Source]


class Ranked(Entity):
    rank: int
    pagerank: float
    degree: int = Field(description="Distinct neighbours, either direction.")
    in_degree: int
    out_degree: int
    mentions: int
    facts: list[Fact] = Field(description="Its strongest facts (most sources first), as evidence.")


class Dependency(Entity):
    depth: int = Field(description="1 = direct.")
    path: list[Step]


class Dependencies(BaseModel):
    entity: Entity
    direction: Literal["upstream", "downstream"]
    items: list[Dependency]


class OwnModel(BaseModel):
    model: Entity
    facts: list[Fact]


class ExternalModel(BaseModel):
    model: Entity
    providers: list[Entity]
    via: Entity | None = Field(None, description="The organisation's tool that uses the model, if not the organisation itself.")
    facts: list[Fact]


class Hedger(Entity):
    own: list[OwnModel]
    external: list[ExternalModel]


class RivalPair(BaseModel):
    organisation: Entity
    providers: list[Entity]
    models: list[list[Entity]]
    competes: list[Fact]


class Hedging(BaseModel):
    hedgers: list[Hedger]
    rival_pairs: list[RivalPair]


class Connections(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: Entity = Field(alias="from")
    to: Entity
    paths: list[list[Step]]


class Member(Entity):
    centrality: float


class Community(BaseModel):
    id: int
    name: str
    size: int
    members: list[Member]
    facts: list[Fact]


class Month(BaseModel):
    month: str
    facts: int
    mentions: int


class Timeline(BaseModel):
    entity: Entity | None
    predicate: str | None
    months: list[Month]


_404: dict[int | str, dict[str, Any]] = {404: {"description": "Unknown entity; `detail.suggestions` lists close matches."}}


def _run(request: Request, name: str, *args: str | None, **options: Any) -> Any:
    kg = request.app.state.kg
    try:
        return analytics.analyze(kg, name, *args, **options)
    except KeyError as exc:
        key = str(exc.args[0])
        raise not_found(NotFound("entity", key, kg.suggest_entities(key))) from None


@router.get("/importance", response_model=list[Ranked], summary="Who matters most: PageRank and degree")
def importance(
    request: Request,
    type: Annotated[EntityType | None, Query(description="Rank only entities of this class.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
) -> Any:
    """Entities by PageRank over the whole graph (then degree), overall or within one type."""
    return _run(request, "importance", type=type, limit=limit)


@router.get("/dependencies/{entity}", response_model=Dependencies, responses=_404, summary="What it depends on, or what depends on it")
def dependencies(
    request: Request,
    entity: str,
    direction: Annotated[Literal["upstream", "downstream"], Query(description="upstream: what it depends on; downstream: what breaks without it.")] = "upstream",
    max_depth: Annotated[int, Query(ge=1, le=10)] = 6,
) -> Any:
    """Transitive dependencies via uses, trainedOn, basedOn, dependsOn (and a company's tools), with the path to each."""
    return _run(request, "dependencies", entity, direction=direction, max_depth=max_depth)


@router.get("/hedging", response_model=Hedging, summary="Who builds its own model and relies on a rival's")
def hedging(request: Request) -> Any:
    """Organisations that build a model and use (or whose tools use) a model built by someone else, with
    both sides' evidence; and the pairs of providers each organisation relies on."""
    return _run(request, "hedging")


@router.get("/connections", response_model=Connections, responses=_404, summary="Shortest paths between two entities")
def connections(
    request: Request,
    source: Annotated[str, Query(alias="from", min_length=1, max_length=200, pattern=r"\S")],
    target: Annotated[str, Query(alias="to", min_length=1, max_length=200, pattern=r"\S")],
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Any:
    """Shortest paths (direction ignored), each step with its fact and sources; empty when not connected."""
    return _run(request, "connections", source, target, max_hops=max_hops, limit=limit)


@router.get("/communities", response_model=list[Community], summary="Clusters of companies, models and tools")
def communities(
    request: Request,
    seed: int = 42,
    resolution: Annotated[float, Query(gt=0, le=10)] = 1.0,
) -> Any:
    """Louvain communities (seeded, so stable), named by their most central members."""
    return _run(request, "communities", seed=seed, resolution=resolution)


@router.get("/timeline", response_model=Timeline, responses={**_404, 422: {"description": "Neither entity nor predicate given."}},
            summary="Facts and mentions by month")
def timeline(
    request: Request,
    entity: Annotated[str | None, Query(min_length=1, max_length=200, pattern=r"\S")] = None,
    predicate: Predicate | None = None,
) -> Any:
    """Facts (dated sources) and mentions (articles) by month for an entity, a predicate, or both."""
    if entity is None and predicate is None:
        from ..conventions import error

        raise error(422, "invalid request", "give entity, predicate or both")
    return _run(request, "timeline", entity, predicate=predicate)


def register(app: FastAPI) -> None:
    app.include_router(router)
