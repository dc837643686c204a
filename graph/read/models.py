"""What the read model answers: plain dataclasses, one definition for the Python API and the HTTP API.

The REST routes serialise these with orjson and declare them as their ``response_model`` (FastAPI makes
the OpenAPI schema from the annotations; the ``Field`` descriptions inside ``Annotated`` end up there),
so there is no second copy of the shapes in ``api/models.py``. Construction does no validation: these
are built by the thousand on the read path.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Generic, Literal, TypeVar

from pydantic import Field

from ..stats import Stats  # the graph's counts: defined with the other counts, in graph/stats.py

__all__ = [
    "Direction",
    "EntityRef",
    "EntityCounts",
    "EntitySummary",
    "Source",
    "Relation",
    "RelationGroup",
    "ArticleRef",
    "Quote",
    "ArticleCounts",
    "ArticleSummary",
    "Fact",
    "ArticleDetail",
    "EntityDetail",
    "PageData",
    "Stats",
    "GraphNode",
    "GraphEdge",
    "GraphData",
    "PathStep",
    "Path",
    "PathsData",
    "IngestResult",
]

T = TypeVar("T")
Direction = Literal["out", "in"]


@dataclass
class EntityRef:
    """Enough to name and link an entity. ``slug`` is the last part of ``iri`` (``/id/{slug}`` serves it), or
    None for an entity that exists only inside one article, such as an unnamed spokesperson (``iri`` names
    it; see ``read.terms.public_slug``)."""

    slug: str | None
    iri: str
    label: str
    type: str | None = None


@dataclass
class EntityCounts:
    articles: Annotated[int, Field(description="Articles that mention the entity.")] = 0
    relations: Annotated[int, Field(description="Distinct relations (both directions).")] = 0
    quotes: Annotated[int, Field(description="Quotes the entity said.")] = 0


@dataclass
class EntitySummary:
    """An entity as search results list it."""

    slug: str
    iri: str
    label: str
    type: str | None
    aliases: list[str] = field(default_factory=list)
    same_as: Annotated[list[str], Field(description="owl:sameAs links (Wikidata IRIs).")] = field(default_factory=list)
    counts: EntityCounts = field(default_factory=EntityCounts)


@dataclass
class Source:
    """Where a fact was read: the article and the sentence (evidence) it was read from."""

    article: Annotated[str, Field(description="Article IRI (also the named graph of its facts).")]
    article_id: str
    title: str | None = None
    url: str | None = None
    date: Annotated[str | None, Field(description="Publication date, ISO 8601.")] = None
    evidence: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class Relation:
    """A relation of the entity: ``out`` reads *entity predicate other*, ``in`` reads *other predicate entity*."""

    predicate: str
    direction: Direction
    entity: Annotated[EntityRef, Field(description="The entity at the other end.")]
    confidence: float | None
    source_count: Annotated[int, Field(description="Articles stating it (sources lists the newest of them).")]
    sources: list[Source]
    first: Annotated[str | None, Field(description="Date of the earliest dated source.")] = None
    last: Annotated[str | None, Field(description="Date of the latest dated source.")] = None


@dataclass
class RelationGroup:
    """The relations of one predicate and direction: ``count`` in all, the best supported first."""

    predicate: str
    direction: Direction
    count: Annotated[int, Field(description="Relations in the group; the detail shows the first few (10 by default).")]
    relations: list[Relation]
    next: Annotated[str | None, Field(description="Cursor of the rest of the group for "
                                      "`/api/entities/{slug}/relations?predicate=&direction=&cursor=`; "
                                      "null when the group is shown whole.")] = None


@dataclass
class ArticleRef:
    id: str
    iri: str
    title: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass
class Quote:
    iri: str
    text: str
    speaker: EntityRef | None
    about: list[EntityRef]
    article: ArticleRef
    date: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class ArticleCounts:
    facts: int = 0
    quotes: int = 0
    entities: int = 0


@dataclass
class ArticleSummary:
    id: str
    iri: str
    title: str | None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    ingested: Annotated[str | None, Field(description="When it was ingested (xsd:dateTime).")] = None
    counts: ArticleCounts = field(default_factory=ArticleCounts)


@dataclass
class Fact:
    """A fact stated in an article, with its evidence."""

    subject: EntityRef
    predicate: str
    object: EntityRef
    evidence: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    confidence: float | None = None
    extractor: str | None = None
    role: str | None = None
    amount: str | None = None


@dataclass
class ArticleDetail(ArticleSummary):
    text: str | None = None
    entities: list[EntityRef] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class EntityDetail(EntitySummary):
    broader: list[EntityRef] = field(default_factory=list)
    job_titles: list[str] = field(default_factory=list)
    relations: Annotated[list[RelationGroup], Field(description="Relations grouped by predicate and direction; at "
                         "most a few sources each (source_count has them all; see /relations).")] = field(default_factory=list)
    quotes_by: list[Quote] = field(default_factory=list)
    quotes_about: list[Quote] = field(default_factory=list)
    articles: Annotated[list[ArticleRef], Field(description="Newest articles mentioning it (counts.articles has "
                        "the total).")] = field(default_factory=list)


@dataclass
class PageData(Generic[T]):
    """One page of a longer list (``total`` items in all); ``cursor``: where the next page starts, for
    lists read by cursor (None: the last page, or a list paged by offset)."""

    items: list[T]
    total: int
    limit: int
    offset: int
    cursor: str | None = None


@dataclass
class GraphNode:
    id: Annotated[str, Field(description="Entity slug; for an entity local to one article (an unnamed speaker), "
                                         "`<article id>#<name>`, which has no /id page.")]
    label: str
    type: str | None
    iri: str
    mentions: int
    degree: int


@dataclass
class GraphEdge:
    source: str
    target: str
    predicate: str
    confidence: float | None
    sources: Annotated[int, Field(description="Number of sources.")]
    first: str | None = None
    last: str | None = None


@dataclass
class GraphData:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    focus: str | None
    hops: int
    truncated: Annotated[int, Field(description="Nodes left out by the limit.")]


@dataclass
class PathStep:
    source: EntityRef
    predicate: str
    target: EntityRef
    direction: Annotated[Literal["forward", "backward"], Field(
        description="forward: *source predicate target*; backward: *target predicate source*.")]
    sources: list[Source]


@dataclass
class Path:
    length: int
    steps: list[PathStep]


@dataclass
class PathsData:
    source: EntityRef
    target: EntityRef
    max_hops: int
    paths: list[Path]


@dataclass
class IngestResult:
    """What ``POST /api/articles`` stored: the article and what was extracted from it."""

    article: ArticleRef
    replaced: bool
    triples: int
    entities: list[EntityRef]
    facts: list[Fact]
    quotes: list[Quote]
    warnings: list[str] = field(default_factory=list)
