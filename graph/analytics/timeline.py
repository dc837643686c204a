"""Change over time: facts and mentions by month."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import networkx as nx

from aikg.ontology import entity_iri

from .common import check_node, node_ref

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["facts_by_month", "timeline"]


_MENTIONS_BY_MONTH = """
SELECT ?month (COUNT(DISTINCT ?a) AS ?n) WHERE {
  ?a aikg:mentions $entity ; dcterms:date ?d .
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month"""

_ARTICLES_BY_MONTH = """
SELECT ?month (COUNT(DISTINCT ?a) AS ?n) WHERE {
  GRAPH ?a { ?s $predicate ?o . ?a dcterms:date ?d }
  BIND(SUBSTR(STR(?d), 1, 7) AS ?month)
} GROUP BY ?month ORDER BY ?month"""


def facts_by_month(g: nx.MultiDiGraph, entity: str | None = None, predicate: str | None = None) -> dict[str, int]:
    """How many dated fact sources fall in each month (``YYYY-MM``), for facts about ``entity`` (either
    end) and/or with ``predicate``; a fact stated by three articles in one month counts three times.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("a", "m", key="builds", predicate="builds",
    ...                sources=[{"date": "2024-01-03"}, {"date": "2024-01-20"}, {"date": None}])
    >>> _ = g.add_edge("t", "m", key="uses", predicate="uses", sources=[{"date": "2024-03-01"}])
    >>> facts_by_month(g, entity="m")
    {'2024-01': 2, '2024-03': 1}
    >>> facts_by_month(g, predicate="uses")
    {'2024-03': 1}
    """
    if entity is not None:
        check_node(g, entity)
        edges: Iterable[tuple[str, str, str, dict[str, Any]]] = list(g.out_edges(entity, keys=True, data=True)) + [
            e for e in g.in_edges(entity, keys=True, data=True) if e[0] != entity
        ]
    else:
        edges = g.edges(keys=True, data=True)
    counts: dict[str, int] = {}
    for _, _, k, d in edges:
        if predicate is not None and k != predicate:
            continue
        for src in d.get("sources", ()):
            date = src.get("date")
            if date:
                counts[date[:7]] = counts.get(date[:7], 0) + 1
    return dict(sorted(counts.items()))


def timeline(kg: KnowledgeGraph, entity: str | None = None, predicate: str | None = None) -> dict[str, Any]:
    """Change over time: facts and mentions by month for an entity, a predicate, or both.

    ``facts`` come from the projection (:func:`facts_by_month`). ``mentions`` are articles by month:
    for an entity, the dated articles that mention it; for a predicate alone, the dated articles that
    state a fact with it. The store is asked with ``$param`` binding, never with pasted user input.
    Returns ``{"entity", "predicate", "months": [{"month", "facts", "mentions"}]}``; raises
    ``KeyError`` for an unknown entity and ``ValueError`` for an unknown predicate.

    >>> from aikg.graph import KnowledgeGraph
    >>> kg = KnowledgeGraph.open("memory")
    >>> _ = kg.ingest_records([{"title": "T", "date": "2024-05-02", "text": "OpenAI released GPT-4o."}])
    >>> timeline(kg, entity="openai")["months"]
    [{'month': '2024-05', 'facts': 1, 'mentions': 1}]
    """
    from pyoxigraph import NamedNode

    from aikg.ontology import AIKG, PREDICATES

    if entity is None and predicate is None:
        raise ValueError("give an entity, a predicate or both")
    if predicate is not None and predicate not in PREDICATES:
        raise ValueError(f"unknown predicate {predicate!r} (one of {', '.join(PREDICATES)})")
    g = kg.projection()
    facts = facts_by_month(g, entity, predicate)
    if entity is not None:
        rows = kg.select(_MENTIONS_BY_MONTH, entity=NamedNode(g.nodes[entity].get("iri") or entity_iri(entity)))
    else:
        rows = kg.select(_ARTICLES_BY_MONTH, predicate=NamedNode(AIKG.term(str(predicate))))
    mentions = {r["month"].value: int(r["n"].value) for r in rows if "month" in r}
    months = sorted(set(facts) | set(mentions))
    return {
        "entity": node_ref(g, entity) if entity is not None else None,
        "predicate": predicate,
        "months": [{"month": m, "facts": facts.get(m, 0), "mentions": mentions.get(m, 0)} for m in months],
    }
