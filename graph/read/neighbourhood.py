"""The neighbourhood graph of an entity (nodes and edges for a viewer) and the paths between two
entities, both from the networkx projection (``KnowledgeGraph.projection``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aikg.ontology import ENTITY_BASE

from .cache import cached
from .index import suggest_entities
from .models import EntityRef, GraphData, GraphEdge, GraphNode, Path, PathsData, PathStep, Source
from .terms import NotFound, article_id_of, node_id, public_slug

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["graph_data", "paths"]


def _proj_ref(g: Any, node: str) -> EntityRef:
    d = g.nodes[node]
    iri = d.get("iri", ENTITY_BASE + node)
    return EntityRef(public_slug(iri), iri, d.get("label", node), d.get("type"))


def _proj_source(src: dict[str, Any]) -> Source:
    art = src.get("article") or ""
    return Source(art, article_id_of(art), src.get("title"), None, src.get("date"), src.get("evidence"), src.get("confidence"))


def graph_data(
    kg: KnowledgeGraph,
    focus: str | None = None,
    hops: int = 1,
    predicates: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    limit: int = 500,
) -> GraphData:
    """Nodes and edges for a client-side viewer: the ``hops`` neighbourhood of ``focus`` (or the most
    connected entities), at most ``limit`` nodes (``truncated`` says how many were left out)."""
    from ..projection import filter_projection, neighbourhood

    def compute() -> GraphData:
        g = kg.projection()
        if focus is not None and focus not in g:
            raise NotFound("entity", focus, suggest_entities(kg, focus))
        if predicates or types:
            g = filter_projection(g, predicates=predicates, types=types)
            if focus is not None and focus not in g:  # the type filter dropped the focus: keep it alone
                return GraphData([], [], focus, hops, 0)
        sub, left_out = neighbourhood(g, focus, hops, limit)
        nodes = [
            GraphNode(node_id(n), d.get("label", n), d.get("type"), d.get("iri", ENTITY_BASE + n), int(d.get("mentions", 0)), int(sub.degree(n)))
            for n, d in sorted(sub.nodes(data=True))
        ]
        edges = [
            GraphEdge(node_id(s), node_id(o), k, d.get("confidence"), len(d.get("sources", [])), d.get("first"), d.get("last"))
            for s, o, k, d in sorted(sub.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
        ]
        return GraphData(nodes, edges, focus, hops, left_out)

    return cached(kg, ("graph", focus, hops, tuple(predicates or ()), tuple(types or ()), limit), compute)


def paths(kg: KnowledgeGraph, source: str, target: str, max_hops: int = 4, limit: int = 10) -> PathsData:
    """How two entities are connected: the shortest paths (edge direction ignored) with the facts on them."""
    from ..analytics import connections

    def compute() -> PathsData:
        g = kg.projection()
        for slug in (source, target):
            if slug not in g:
                raise NotFound("entity", slug, suggest_entities(kg, slug))
        found = connections(g, source, target, max_hops=max_hops, limit=limit)
        out = []
        for p in found:
            steps = [
                PathStep(_proj_ref(g, s["from"]), s["predicate"], _proj_ref(g, s["to"]), s["direction"],
                         [_proj_source(x) for x in s.get("sources", [])])
                for s in p
            ]
            out.append(Path(len(steps), steps))
        return PathsData(_proj_ref(g, source), _proj_ref(g, target), max_hops, out)

    return cached(kg, ("paths", source, target, max_hops, limit), compute)
