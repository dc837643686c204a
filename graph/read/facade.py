"""The reads (and the one-article writes) of the read model as methods of ``KnowledgeGraph``: what the
API routes, the CLI and the pages call. Each method is the function of the same job in
:mod:`aikg.graph.read` (or :mod:`aikg.graph.writes`); see there for the contract.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, TypeVar

from . import cache as _cache, entities as _entities, index as _index, neighbourhood as _neighbourhood
from .articles import (
    article_detail as _article_detail,
    article_triples as _article_triples,
    articles as _articles,
)
from .models import (
    ArticleDetail,
    ArticleSummary,
    EntityDetail,
    EntityRef,
    EntitySummary,
    GraphData,
    IngestResult,
    PageData,
    PathsData,
    Quote,
    Relation,
)
from .quotes import quotes as _quotes

__all__ = ["ReadFacade"]

T = TypeVar("T")


class ReadFacade:
    """Mixed into ``KnowledgeGraph``."""

    def warm(self) -> None:
        """Build the entity index, the read model and the networkx projection now (a server does it at
        start, before it is ready), so the first requests do not pay for them."""
        from .model import read_model

        _index.index(self)
        read_model(self)
        self.projection()  # type: ignore[attr-defined]

    def search_entities(self, q: str | None = None, type: str | None = None, limit: int = 20,
                        offset: int = 0) -> PageData[EntitySummary]:
        return _index.search_entities(self, q, type, limit, offset)

    def resolve_entity(self, text: str | None) -> str | None:
        return _index.resolve_entity(self, text)

    def suggest_entities(self, text: str, n: int = 5) -> list[EntityRef]:
        return _index.suggest_entities(self, text, n)

    def entity(self, slug: str, max_sources: int = 5, max_items: int = 20, max_relations: int = 25) -> EntityDetail:
        return _entities.entity_detail(self, slug, max_sources, max_items, max_relations)

    def entity_relations(self, slug: str, predicate: str | None = None, direction: str | None = None,
                         limit: int = 50, offset: int = 0, cursor: str | None = None) -> PageData[Relation]:
        return _entities.entity_relations(self, slug, predicate, direction, limit, offset, cursor)

    def entity_triples(self, slug: str) -> list[Any]:
        return _entities.entity_triples(self, slug)

    def quotes(self, about: str | None = None, speaker: str | None = None, since: date | None = None,
               until: date | None = None, limit: int = 20, offset: int = 0) -> PageData[Quote]:
        return _quotes(self, about, speaker, since, until, limit, offset)

    def articles(self, since: date | None = None, until: date | None = None, publisher: str | None = None,
                 limit: int = 20, offset: int = 0) -> PageData[ArticleSummary]:
        return _articles(self, since, until, publisher, limit, offset)

    def article(self, article_id: str) -> ArticleDetail:
        return _article_detail(self, article_id)

    def article_triples(self, article_id: str) -> list[Any]:
        return _article_triples(self, article_id)

    def neighbourhood(self, focus: str | None = None, hops: int = 1, predicates: Sequence[str] | None = None,
                      types: Sequence[str] | None = None, limit: int = 500) -> GraphData:
        return _neighbourhood.graph_data(self, focus, hops, predicates, types, limit)

    def paths(self, source: str, target: str, max_hops: int = 4, limit: int = 10) -> PathsData:
        return _neighbourhood.paths(self, source, target, max_hops, limit)

    def ingest_record(self, record: Any) -> IngestResult:
        from ..writes import ingest_record

        return ingest_record(self, record)  # type: ignore[arg-type]

    def ingest_file(self, filename: str, data: bytes) -> IngestResult:
        from ..writes import ingest_file

        return ingest_file(self, filename, data)  # type: ignore[arg-type]

    def ingest_url(self, url: str) -> IngestResult:
        from ..writes import ingest_url

        return ingest_url(self, url)  # type: ignore[arg-type]

    def change_page(self, since: int | None, limit: int) -> dict[str, Any]:
        from .changes import change_page

        return change_page(self, since, limit)

    def change_atom(self, since: int | None, limit: int, feed_url: str) -> bytes:
        from .changes import change_atom

        return change_atom(self, since, limit, feed_url)

    def delete_article(self, article_id: str) -> bool:
        from ..writes import delete_article

        return delete_article(self, article_id)  # type: ignore[arg-type]

    def cached(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
        """``compute()``, remembered under ``key`` until the graph changes."""
        return _cache.cached(self, key, compute)

    def cached_if_ready(self, key: tuple[Any, ...], compute: Callable[[], T]) -> T | None:
        """:meth:`cached` if that needs no waiting (nothing to refresh or build first, nobody else computing
        ``key``), else None: then call :meth:`cached` from a thread. Lets the server build a cheap answer on
        its event loop instead of a thread, where concurrent builds and the loop queue for the GIL."""
        try:
            return _cache.cached_if_ready(self, key, compute)
        except _cache.WouldBlock:
            return None

    def peek(self, key: tuple[Any, ...]) -> Any:
        return _cache.peek(self, key)

    def changed_at(self) -> float:
        return _cache.changed_at(self)
