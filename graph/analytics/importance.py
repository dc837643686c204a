"""Importance: PageRank over the entities (networkx), then degree and mentions."""

from __future__ import annotations

from typing import Any

import networkx as nx

from .common import fact, node_ref

__all__ = ["pagerank", "importance"]


def pagerank(g: nx.Graph, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict[Any, float]:
    """PageRank over the entities (``networkx.pagerank``), each distinct (subject, object) link counted
    once and self-links left out.

    An edge ``a → b`` passes rank from ``a`` to ``b`` (the model a tool uses, the company a person leads
    gains). Dangling nodes spread their rank evenly. Scores sum to 1.

    >>> g = nx.MultiDiGraph([("a", "c"), ("b", "c")])
    >>> r = pagerank(g); r["c"] > r["a"] == r["b"]
    True
    """
    if g.number_of_nodes() == 0:
        return {}
    links = nx.DiGraph()
    links.add_nodes_from(g.nodes)
    links.add_edges_from((s, o) for s, o in g.edges() if s != o)
    return dict(nx.pagerank(links, alpha=alpha, tol=tol, max_iter=max_iter, weight=None))


def importance(g: nx.MultiDiGraph, type: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The most important entities, overall or within one type, by PageRank then degree.

    PageRank runs on the whole graph (so a model ranks high when much-used tools use it); ``type``
    (``Company``, ``Model``, ...) only filters the ranking. Each row: ``rank``, the entity
    (``slug``, ``label``, ``type``, ``links``), ``pagerank``, ``degree`` (distinct neighbours),
    ``in_degree``/``out_degree`` (facts), ``mentions`` and up to three ``facts`` with their sources as
    evidence, strongest first.

    >>> g = nx.MultiDiGraph()
    >>> for t in ("x", "y", "z"):
    ...     _ = g.add_edge(t, "m", key="uses", predicate="uses", sources=[])
    >>> for n in g: g.nodes[n].update(type="Model" if n == "m" else "Tool", label=n.upper())
    >>> [(r["slug"], r["degree"]) for r in importance(g, limit=2)]
    [('m', 3), ('x', 1)]
    >>> [r["slug"] for r in importance(g, type="Model")]
    ['m']
    """
    pr = pagerank(g)
    u = g.to_undirected(as_view=True)
    rows = []
    for n, data in g.nodes(data=True):
        if type is not None and data.get("type") != type:
            continue
        rows.append((n, pr.get(n, 0.0), len(set(u.adj[n]) - {n})))
    rows.sort(key=lambda r: (-r[1], -r[2], r[0]))
    out = []
    for i, (n, score, degree) in enumerate(rows[: max(0, limit)], 1):
        edges = [(s, o, k, d) for s, o, k, d in g.out_edges(n, keys=True, data=True)]
        edges += [(s, o, k, d) for s, o, k, d in g.in_edges(n, keys=True, data=True)]
        edges.sort(key=lambda e: (-len(e[3].get("sources", ())), -float(e[3].get("confidence", 1.0)), e[0], e[2], e[1]))
        out.append({
            "rank": i, **node_ref(g, n), "pagerank": round(score, 6), "degree": degree,
            "in_degree": g.in_degree(n), "out_degree": g.out_degree(n), "mentions": g.nodes[n].get("mentions", 0),
            "facts": [fact(g, s, o, k) for s, o, k, _ in edges[:3]],
        })
    return out
