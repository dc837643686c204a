"""The response models of the REST API (they make /openapi.json and /docs exact).

The shapes are the read model's dataclasses (:mod:`aikg.graph.read.models`), one definition: routes
serialise them with orjson and declare them (or the page wrappers below) as their ``response_model``;
the schemathesis test checks that every response matches. Defined here: pages, the request body of
``POST /api/articles``, and the error shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, field_validator, model_validator

from aikg.graph.read.models import ArticleRef, ArticleSummary, EntityRef, EntitySummary, Quote, Relation

__all__ = ["ArticleIn", "EntityPage", "RelationPage", "QuotePage", "ArticlePage", "Deleted", "Error", "Change",
           "ChangePage", "FeedStatus", "FeedsStatus", "Predicate", "EntityType",
           "AUTH_ERRORS", "ArticleData", "IngestBatch", "IngestReport", "Loaded", "ImportReport", "Snapshot"]

Predicate = Literal[
    "builds", "develops", "creates", "uses", "trainedOn", "basedOn", "dependsOn", "leads", "worksFor",
    "investsIn", "partnersWith", "acquires", "competesWith",
]
EntityType = Literal["Company", "Organization", "Model", "Tool", "Dataset", "Person"]



class _Page(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last.")


class EntityPage(_Page):
    items: list[EntitySummary]


class RelationPage(_Page):
    items: list[Relation]


class QuotePage(_Page):
    items: list[Quote]


class ArticlePage(_Page):
    items: list[ArticleSummary]


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
