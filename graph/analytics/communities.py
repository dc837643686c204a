"""Communities: groups of entities more linked to each other than to the rest (networkx Louvain)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from .common import fact, node_ref

__all__ = ["communities"]


def communities(
    g: nx.MultiDiGraph,
    types: Iterable[str] | None = ("Company", "Organization", "Model", "Tool", "Dataset"),
    seed: int = 42,
    resolution: float = 1.0,
    min_size: int = 2,
) -> list[dict[str, Any]]:
    """Clusters of entities by Louvain modularity (``networkx.community.louvain_communities``, seeded).

    The graph is taken undirected, restricted to ``types`` (None = all), each link weighted by how many
    sources state it. A community is named by its three most central members (weighted degree within
    the community). Returns communities with at least ``min_size`` members, largest first: ``id``,
    ``name``, ``size``, ``members`` (most central first, with ``centrality``) and ``facts`` inside it.

    >>> g = nx.MultiDiGraph()
    >>> for a, b in [("a1", "a2"), ("a2", "a3"), ("a1", "a3"), ("b1", "b2"), ("b2", "b3"), ("b1", "b3"), ("a1", "b1")]:
    ...     _ = g.add_edge(a, b, key="uses", predicate="uses", sources=[{}])
    >>> for n in g: g.nodes[n].update(type="Company", label=n)
    >>> sorted(sorted(m["slug"] for m in c["members"]) for c in communities(g))
    [['a1', 'a2', 'a3'], ['b1', 'b2', 'b3']]
    """
    type_set = set(types) if types else None
    u = nx.Graph()
    for n, t in g.nodes(data="type"):
        if type_set is None or t in type_set:
            u.add_node(n)
    for s, o, d in g.edges(data=True):
        if s == o or s not in u or o not in u:
            continue
        w = max(1, len(d.get("sources", ())))
        if u.has_edge(s, o):
            u[s][o]["weight"] += w
        else:
            u.add_edge(s, o, weight=w)
    if u.number_of_edges() == 0:
        return []
    parts = nx.community.louvain_communities(u, weight="weight", resolution=resolution, seed=seed)
    out: list[dict[str, Any]] = []
    for part in parts:
        if len(part) < max(1, min_size):
            continue
        sub = u.subgraph(part)
        cen: dict[str, float] = {n: float(sub.degree(n, weight="weight")) for n in part}
        ranked = sorted(part, key=lambda n: (-cen[n], str(g.nodes[n].get("label", n)).lower(), n))
        facts = [fact(g, s, o, k) for s, o, k in g.edges(keys=True) if s in part and o in part and s != o]
        facts.sort(key=lambda f: (f["subject"], f["predicate"], f["object"]))
        out.append({
            "name": " / ".join(str(g.nodes[n].get("label", n)) for n in ranked[:3]),
            "size": len(part),
            "members": [{**node_ref(g, n), "centrality": cen[n]} for n in ranked],
            "facts": facts,
        })
    out.sort(key=lambda c: (-int(c["size"]), str(c["name"])))
    return [{"id": i, **c} for i, c in enumerate(out, 1)]
