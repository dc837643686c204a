"""Small helpers the read modules share: values out of SPARQL rows, IRIs to slugs and ids, ``VALUES``
blocks of IRIs read from the store (serialised as terms, never pasted), and :class:`NotFound`.

>>> slug_of("https://w3id.org/aikg/id/openai"), article_id_of("https://w3id.org/aikg/article/ab12")
('openai', 'ab12')
>>> local("https://w3id.org/aikg/ontology#builds")
'builds'
>>> values("g", ["https://w3id.org/aikg/article/a"])
'VALUES ?g { <https://w3id.org/aikg/article/a> }'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode, QuerySolutions

from aikg.ontology import AIKG, ARTICLE_BASE, ENTITY_BASE, ENTITY_TYPES, PREDICATES, article_iri

from ..store import StoreError, render_term
from .models import EntityRef

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = [
    "NotFound", "PRED_VALUES", "TYPE_VALUES", "v", "as_int", "as_float", "local", "slug_of", "public_slug", "node_id",
    "article_id_of",
    "node", "values", "type_of", "entity_node", "article_node", "rows", "chunks",
]

PRED_VALUES = " ".join(f"aikg:{p}" for p in PREDICATES)
TYPE_VALUES = " ".join(f"aikg:{t}" for t in ENTITY_TYPES)
_AIKG = str(AIKG)


class NotFound(KeyError):
    """An entity or article that is not in the graph; ``suggestions`` holds close matches."""

    def __init__(self, what: str, key: str, suggestions: list[EntityRef] | None = None) -> None:
        super().__init__(key)
        self.what = what
        self.key = key
        self.suggestions = suggestions or []

    def __str__(self) -> str:
        return f"no {self.what} {self.key!r}"


def v(row: dict[str, Any], name: str) -> Any:
    """The value of ``name`` in a SELECT row (None when unbound)."""
    t = row.get(name)
    return None if t is None else t.value


def as_int(value: Any) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def as_float(value: Any) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def local(iri: str) -> str:
    """The local name of an ontology term (``builds``), else the last segment of the IRI."""
    return iri[len(_AIKG) :] if iri.startswith(_AIKG) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def slug_of(iri: str) -> str:
    """The slug of an entity IRI (the IRI itself for entities local to an article): the projection's node id."""
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else iri


def public_slug(iri: str) -> str | None:
    """The slug an ``EntityRef`` shows: the one ``/id/{slug}`` serves, or None for an entity local to one
    article (an unnamed speaker such as "a Meta employee": it has no page of its own; its ``iri`` names it).

    >>> public_slug("https://w3id.org/aikg/id/meta"), public_slug("https://w3id.org/aikg/article/2e3687b13cfdce15#a-meta-employee")
    ('meta', None)
    """
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else None


def node_id(node: str) -> str:
    """A node's id in ``GET /api/graph``: the entity's slug, or ``<article id>#<name>`` for an entity local
    to one article (never a full IRI).

    >>> node_id("gpt-4"), node_id("https://w3id.org/aikg/article/2e3687b13cfdce15#a-meta-employee")
    ('gpt-4', '2e3687b13cfdce15#a-meta-employee')
    """
    return node[len(ARTICLE_BASE) :] if node.startswith(ARTICLE_BASE) else node


def article_id_of(iri: str) -> str:
    return iri[len(ARTICLE_BASE) :] if iri.startswith(ARTICLE_BASE) else iri


def node(iri: str) -> NamedNode | None:
    try:
        return NamedNode(iri)
    except ValueError:
        return None


def values(var: str, iris: Iterable[str]) -> str:
    """``VALUES ?var { <iri> … }`` for IRIs read from the store (serialised as terms, never pasted)."""
    terms = [render_term(n) for n in (node(i) for i in iris) if n is not None]
    return f"VALUES ?{var} {{ {' '.join(terms)} }}"


def type_of(types: Iterable[str]) -> str | None:
    """The first entity class of the ontology among ``types`` (IRIs)."""
    names = {local(t) for t in types}
    for t in ENTITY_TYPES:
        if t in names:
            return t
    return None


def entity_node(slug: str) -> NamedNode | None:
    return node(ENTITY_BASE + slug) if slug and "/" not in slug else None


def article_node(article_id: str) -> NamedNode | None:
    return node(article_iri(article_id)) if article_id and "/" not in article_id and "#" not in article_id else None


def rows(kg: KnowledgeGraph, sparql: str) -> Iterator[tuple[Any, ...]]:
    """SELECT solutions as tuples of terms (None where unbound), in the order of the SELECT variables:
    cheaper than dictionaries when a query returns many rows."""
    res = kg.query(sparql)
    if not isinstance(res, QuerySolutions):
        raise StoreError("expected a SELECT query")
    return (tuple(sol) for sol in res)


def chunks(items: list[str], size: int = 400) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
