"""Connections: the shortest chains of facts between two entities, either direction."""

from __future__ import annotations

from itertools import islice
from typing import Any

import networkx as nx

from .common import step

__all__ = ["connections"]


_PATH_CAP = 1000


def connections(g: nx.MultiDiGraph, source: str, target: str, max_hops: int = 4, limit: int = 10) -> list[list[dict[str, Any]]]:
    """Shortest paths between two entities, ignoring edge direction, with the facts along them.

    Each path is a list of steps ``{"from", "to", "predicate", "direction", "sources"}``: ``from``/``to``
    follow the walk from ``source`` to ``target``; ``direction`` is ``"forward"`` when the fact reads
    ``from predicate to`` and ``"backward"`` when it reads ``to predicate from``. Where several facts
    link two neighbours, the step shows a forward one first, then the most confident. At most ``limit``
    paths, all of the same (shortest) length, in a stable order. ``[]`` when the two are not connected
    within ``max_hops`` edges; ``[[]]`` when ``source == target``. Raises ``KeyError`` for unknown slugs.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("meta", "llama", key="builds", predicate="builds", sources=[])
    >>> _ = g.add_edge("metamate", "gpt-4", key="uses", predicate="uses", sources=[])
    >>> _ = g.add_edge("meta", "metamate", key="develops", predicate="develops", sources=[])
    >>> [(s["from"], s["predicate"], s["to"], s["direction"]) for s in connections(g, "llama", "gpt-4")[0]]
    [('llama', 'builds', 'meta', 'backward'), ('meta', 'develops', 'metamate', 'forward'), ('metamate', 'uses', 'gpt-4', 'forward')]
    >>> connections(g, "llama", "gpt-4", max_hops=2)
    []
    """
    for n in (source, target):
        if n not in g:
            raise KeyError(n)
    if source == target:
        return [[]]
    u = g.to_undirected(as_view=True)
    try:
        dist = nx.shortest_path_length(u, source, target)
    except nx.NetworkXNoPath:
        return []
    if dist > max_hops:
        return []
    # sorted, so limit=1 is the first of limit=10; enumeration is capped for dense graphs
    paths = sorted(islice(nx.all_shortest_paths(u, source, target), _PATH_CAP))[: max(0, limit)]
    return [[step(g, a, b) for a, b in zip(p, p[1:], strict=False)] for p in paths]
