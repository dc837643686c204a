"""What the analyses share: references to entities with their explorer links, facts with their evidence, typed edges."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import networkx as nx

__all__ = ["ORG_TYPES", "DEPENDENCY_PREDICATES", "links", "node_ref", "fact", "out_edges", "in_edges", "check_node", "step"]


ORG_TYPES = ("Company", "Organization")
#: Predicates where the subject depends on the object (``dependsOn`` is their super-property).
DEPENDENCY_PREDICATES = ("uses", "trainedOn", "basedOn", "dependsOn")


def links(slug: str) -> dict[str, str]:
    """Explorer links for an entity: its page and its interactive graph.

    >>> links("gpt-4")
    {'entity': '/id/gpt-4', 'graph': '/graph?focus=gpt-4'}
    """
    q = quote(slug, safe="")
    return {"entity": f"/id/{q}", "graph": f"/graph?focus={q}"}


def node_ref(g: nx.MultiDiGraph, slug: str) -> dict[str, Any]:
    """``{"slug", "label", "type", "links"}`` for a node of the projection."""
    data = g.nodes[slug] if slug in g else {}
    return {"slug": slug, "label": data.get("label", slug), "type": data.get("type"), "links": links(slug)}


def fact(g: nx.MultiDiGraph, s: str, o: str, p: str) -> dict[str, Any]:
    """One edge as a fact: subject, predicate, object and its sources (the evidence)."""
    data = g.edges[s, o, p]
    return {"subject": s, "predicate": p, "object": o, "confidence": data.get("confidence"),
            "sources": list(data.get("sources", []))}


def out_edges(g: nx.MultiDiGraph, n: str, preds: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(object, predicate) pairs of ``n``'s outgoing edges with one of ``preds``."""
    return _keyed(g.succ[n], preds)


def in_edges(g: nx.MultiDiGraph, n: str, preds: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(subject, predicate) pairs of ``n``'s incoming edges with one of ``preds``."""
    return _keyed(g.pred[n], preds)


def _keyed(neighbours: Any, preds: Iterable[str]) -> Iterator[tuple[str, str]]:
    ps = set(preds)
    return ((other, k) for other, keyed in neighbours.items() for k in keyed if k in ps)


def check_node(g: nx.MultiDiGraph, slug: str) -> None:
    """KeyError when ``slug`` is not a node of ``g``."""
    if slug not in g:
        raise KeyError(slug)


def step(g: nx.MultiDiGraph, a: str, b: str) -> dict[str, Any]:
    """The best fact linking ``a`` and ``b`` in either direction: forward first, then highest confidence."""
    best: tuple[tuple[int, float, str], dict[str, Any]] | None = None
    for s, o, direction in ((a, b, "forward"), (b, a, "backward")):
        if not g.has_edge(s, o):
            continue
        for key, data in g[s][o].items():
            pred = str(data.get("predicate", key))
            rank = (0 if direction == "forward" else 1, -float(data.get("confidence", 1.0)), pred)
            if best is None or rank < best[0]:
                best = (rank, {"from": a, "to": b, "predicate": pred, "direction": direction,
                               "sources": list(data.get("sources", []))})
    if best is None:  # pragma: no cover - callers only pass adjacent nodes
        raise KeyError((a, b))
    return best[1]

