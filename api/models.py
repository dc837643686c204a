"""Pydantic models of every JSON response of the REST API (they make /openapi.json and /docs exact).

They mirror the dataclasses of :mod:`aikg.graph.queries`, field for field: routes serialise those
dataclasses directly (orjson) and declare these models as their ``response_model``; the schemathesis
test checks that every response matches.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

__all__ = [
    "ArticleIn",
    "EntityRef",
    "EntityCounts",
    "Entity",
    "Source",
    "Relation",
    "RelationGroup",
    "ArticleRef",
    "Quote",
    "ArticleCounts",
    "Article",
    "Fact",
    "ArticleDetail",
    "EntityDetail",
    "EntityPage",
    "RelationPage",
    "QuotePage",
    "ArticlePage",
    "Stats",
    "GraphNode",
    "GraphEdge",
    "GraphData",
    "PathStep",
    "Path",
    "Paths",
    "IngestResult",
    "Deleted",
    "Error",
    "Change",
    "ChangePage",
    "FeedStatus",
    "FeedsStatus",
    "Predicate",
    "EntityType",
    "AUTH_ERRORS",
    "ArticleData",
    "IngestBatch",
    "IngestReport",
    "Loaded",
    "ImportReport",
    "Snapshot",
]

Predicate = Literal[
    "builds", "develops", "creates", "uses", "trainedOn", "basedOn", "dependsOn", "leads", "worksFor",
    "investsIn", "partnersWith", "acquires", "competesWith",
]
EntityType = Literal["Company", "Organization", "Model", "Tool", "Dataset", "Person"]
Direction = Literal["out", "in"]


class EntityRef(BaseModel):
    """Enough to name and link an entity. ``slug`` is the last part of ``iri`` (``/id/{slug}`` serves it), or
    null for an entity that exists only inside one article, such as an unnamed spokesperson (``iri`` names it)."""

    slug: str | None
    iri: str
    label: str
    type: str | None = None


class EntityCounts(BaseModel):
    articles: int = Field(0, description="Articles that mention the entity.")
    relations: int = Field(0, description="Distinct relations (both directions).")
    quotes: int = Field(0, description="Quotes the entity said.")


class Entity(BaseModel):
    """An entity as search lists it."""

    slug: str
    iri: str
    label: str
    type: str | None
    aliases: list[str]
    same_as: list[str] = Field(description="owl:sameAs links (Wikidata IRIs).")
    counts: EntityCounts


class Source(BaseModel):
    """Where a fact was read: the article and the sentence (evidence) it was read from."""

    article: str = Field(description="Article IRI (also the named graph of its facts).")
    article_id: str
    title: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="Publication date, ISO 8601.")
    evidence: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


class Relation(BaseModel):
    """A relation of the entity: ``out`` reads *entity predicate other*, ``in`` reads *other predicate entity*."""

    predicate: str
    direction: Direction
    entity: EntityRef = Field(description="The entity at the other end.")
    confidence: float | None
    source_count: int
    sources: list[Source]
    first: str | None = None
    last: str | None = None


class RelationGroup(BaseModel):
    predicate: str
    direction: Direction
    count: int = Field(description="Relations in the group; the detail shows the 25 best supported.")
    relations: list[Relation]


class ArticleRef(BaseModel):
    id: str
    iri: str
    title: str | None = None
    url: str | None = None
    date: str | None = None


class Quote(BaseModel):
    iri: str
    text: str
    speaker: EntityRef | None
    about: list[EntityRef]
    article: ArticleRef
    date: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


class ArticleCounts(BaseModel):
    facts: int = 0
    quotes: int = 0
    entities: int = 0


class Article(BaseModel):
    id: str
    iri: str
    title: str | None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    ingested: str | None = Field(None, description="When it was ingested (xsd:dateTime).")
    counts: ArticleCounts


class Fact(BaseModel):
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


class ArticleDetail(Article):
    text: str | None = None
    entities: list[EntityRef]
    facts: list[Fact]
    quotes: list[Quote]


class EntityDetail(Entity):
    broader: list[EntityRef]
    job_titles: list[str]
    relations: list[RelationGroup] = Field(description="Relations grouped by predicate and direction; at most "
                                           "a few sources each (source_count has them all; see /relations).")
    quotes_by: list[Quote]
    quotes_about: list[Quote]
    articles: list[ArticleRef] = Field(description="Newest articles mentioning it (counts.articles has the total).")


class _Page(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last.")


class EntityPage(_Page):
    items: list[Entity]


class RelationPage(_Page):
    items: list[Relation]


class QuotePage(_Page):
    items: list[Quote]


class ArticlePage(_Page):
    items: list[Article]


class Stats(BaseModel):
    """The graph's counts, defined once in ``aikg.graph.stats`` (the same figures as ``aikg stats``)."""

    quads: int = Field(description="Quads in the store: a triple counted once per named graph that holds it.")
    articles: int = Field(description="Article graphs.")
    quotes: int = Field(description="Distinct quotes.")
    change_log_quads: int = Field(description="The part of `quads` that is the change log (what each write added or removed).")
    entities: dict[str, int] = Field(description="Distinct entities by class.")
    entities_total: int
    facts: dict[str, int] = Field(description="Distinct facts (subject, relation, object) by relation, however many sources state them.")
    facts_total: int
    fact_mentions: dict[str, int] = Field(description="Fact mentions by relation: one per article or source graph stating a fact.")
    fact_mentions_total: int
    last_ingest: str | None = Field(description="When the newest article or source graph was written (xsd:dateTime).")


class GraphNode(BaseModel):
    id: str = Field(description="Entity slug; for an entity local to one article (an unnamed speaker), `<article id>#<name>`, which has no /id page.")
    label: str
    type: str | None
    iri: str
    mentions: int
    degree: int


class GraphEdge(BaseModel):
    source: str
    target: str
    predicate: str
    confidence: float | None
    sources: int = Field(description="Number of sources.")
    first: str | None = None
    last: str | None = None


class GraphData(BaseModel):
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    focus: str | None
    hops: int
    truncated: int = Field(description="Nodes left out by the limit.")


class PathStep(BaseModel):
    source: EntityRef
    predicate: str
    target: EntityRef
    direction: Literal["forward", "backward"] = Field(
        description="forward: *source predicate target*; backward: *target predicate source*.")
    sources: list[Source]


class Path(BaseModel):
    length: int
    steps: list[PathStep]


class Paths(BaseModel):
    source: EntityRef
    target: EntityRef
    max_hops: int
    paths: list[Path]


class IngestResult(BaseModel):
    article: ArticleRef
    replaced: bool
    triples: int
    entities: list[EntityRef]
    facts: list[Fact]
    quotes: list[Quote]
    warnings: list[str]


class ArticleIn(BaseModel):
    """An article as a JSON record (the fields of a .jsonl line), typed strictly: each field given must be a
    string (or null), ``date`` one the date reader understands (e.g. YYYY-MM-DD), and the text non-empty;
    a record with only a ``url`` asks the server to fetch the page (AIKG_FETCH_ALLOW_HOSTS)."""

    model_config = {"extra": "allow", "strict": True}

    text: str | None = Field(None, min_length=1, description="The article body (also accepted as `body` or `content`).")
    title: str | None = None
    url: str | None = None
    date: str | None = Field(None, description="Publication date, e.g. `2025-02-03` (an impossible date is refused).")
    author: str | None = None
    publisher: str | None = None

    @field_validator("date")
    @classmethod
    def _known_date(cls, value: str | None) -> str | None:
        from aikg.graph.dates import parse_date

        if value is not None and value.strip() and parse_date(value) is None:
            raise ValueError(f"{value[:40]!r} is not a date (write YYYY-MM-DD)")
        return value

    @model_validator(mode="after")
    def _has_text(self) -> ArticleIn:
        extra = self.model_extra or {}
        texts = [self.text] + [extra.get(k) for k in ("body", "content", "articleBody", "article")]
        if not any(isinstance(t, str) and t.strip() for t in texts) and not (self.url and self.url.strip()):
            raise ValueError("a non-empty `text` (or `body`, `content`) string, or a `url` to fetch, is required")
        return self


class Deleted(BaseModel):
    id: str
    deleted: bool


class Error(BaseModel):
    error: str
    detail: object = None


class Change(BaseModel):
    """One fact or quote added to or removed from the graph. A fact has ``subject``, ``predicate`` and
    ``object``; a quote has ``speaker`` and ``text``."""

    cursor: str = Field(description="Its number in the change log: ask `since=` this to get what came after.")
    op: Literal["added", "removed"]
    kind: Literal["fact", "quote"]
    at: str = Field(description="When the write happened (ISO 8601, UTC).")
    subject: EntityRef | None = None
    predicate: str | None = None
    object: EntityRef | None = None
    speaker: EntityRef | None = None
    text: str | None = None
    source: ArticleRef = Field(description="The article (or imported source) the fact or quote is in.")


class ChangePage(BaseModel):
    items: list[Change]
    since: str
    next: str = Field(description="The cursor to ask with next (the last item's, or `since` when there is none).")
    last: str = Field(description="The newest cursor there is.")
    more: bool = Field(description="Whether changes after `next` exist already.")


class FeedStatus(BaseModel):
    """A feed the crawler follows or followed, with its last poll and its pages counted by status."""

    url: str
    title: str | None = None
    kind: str | None = None
    status: str
    error: str | None = None
    checked_at: str | None = None
    next_check: str | None = None
    interval: float | None = None
    items: int = 0
    failures: int = 0
    followed: bool
    pages: dict[str, int]


class FeedsStatus(BaseModel):
    watching: bool = Field(description="Whether this server polls feeds (`aikg serve --watch FILE`).")
    cycles: int = 0
    error: str | None = None
    last_cycle: str | None = None
    last_errors: list[str] = []
    feeds: list[FeedStatus]


#: The answers of every write route when the token is missing or writes are off (OpenAPI ``responses``).
AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    401: {"model": Error, "description": "Missing or wrong `Authorization: Bearer` token."},
    403: {"model": Error, "description": "Writes are disabled (no AIKG_WRITE_TOKEN on the server)."},
}


class ArticleData(ArticleIn):
    """An article as the readers made it (``graph.articles.article_as_dict``): the fields of a `.jsonl` line
    under their own names, and where it was read."""

    model_config = {"extra": "forbid"}

    text: str = Field(description="The article body, already clean: stored as it is.")
    date: str | None = Field(None, description="YYYY-MM-DD.")
    source: str | None = Field(None, description="Where it was read (a file name and line), for messages.")
    warnings: list[str] = []


class IngestBatch(BaseModel):
    """Articles to ingest in one request (what `aikg ingest` sends a server that holds its store)."""

    articles: list[ArticleData] = Field(description="At most 256 articles.")
    count_store: bool = Field(False, description="End the report with the store's size (`store_quads`).")


class IngestReport(BaseModel):
    """What an ingest did: the figures `aikg ingest` prints."""

    read: int
    new: int
    replaced: int
    failed: int
    quads_written: int = Field(description="Quads written, entity descriptions included (see `aikg.graph.stats`).")
    store_quads: int | None = Field(description="Quads in the store afterwards, when asked for.")
    seconds: float
    errors: list[str]
    warnings: list[str]


class Loaded(BaseModel):
    quads_added: int


class ImportReport(BaseModel):
    """An import's summary (``ImportSummary.as_dict``): assets read, entities created and merged, relations,
    unresolved dependency names, warnings, quads."""

    model_config = {"extra": "allow"}

    source: str
    graph: str
    version: str | None
    assets_read: int
    quads: int


class Snapshot(BaseModel):
    path: str = Field(description="A read-only copy of the store (a RocksDB checkpoint) for the aikg command to open.")
