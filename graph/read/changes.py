"""The change feed's pages (``/api/changes`` as JSON and as Atom): the change log's entries
(``graph/changes.py``) with their entities and source articles named from the read model."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aikg.ontology import is_article_graph

from .entities import article_refs
from .index import entity_refs
from .terms import article_id_of

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["change_page", "change_atom"]


def _change_refs(kg: KnowledgeGraph, page: Any) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    ents = entity_refs(kg, [i for c in page.items for i in (c.entry.subject, c.entry.object)
                            if c.entry.kind == "fact" or i == c.entry.subject])
    sources = {r.iri: r for r in article_refs(kg, sorted({c.entry.source for c in page.items}))}
    return ents.__getitem__, sources.__getitem__


def change_page(kg: KnowledgeGraph, since: int | None, limit: int) -> dict[str, Any]:
    """``/api/changes``: the facts and quotes added or removed after cursor ``since`` (None: the newest
    ``limit``), oldest first, each with its entities and source article named."""
    from ..changes import page_json

    page = kg.changes(since, limit)
    ref, source = _change_refs(kg, page)
    return page_json(page, ref, source)


def change_atom(kg: KnowledgeGraph, since: int | None, limit: int, feed_url: str) -> bytes:
    """The same page as an Atom feed; entries link to the source's page on ``kg.settings.base_url``."""
    from ..changes import page_atom

    page = kg.changes(since, limit)
    ref, source = _change_refs(kg, page)
    base = kg.settings.base_url.rstrip("/")

    def link(iri: str) -> str:
        return f"{base}/article/{article_id_of(iri)}" if is_article_graph(iri) else iri

    return page_atom(page, feed_url, lambda iri: ref(iri).label, link)
