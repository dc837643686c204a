"""Analyses over the networkx projection of the graph (see ``graph.projection``), one module per analysis.

Every function takes the projection (a ``networkx.MultiDiGraph`` whose nodes are entity slugs with
``label``/``type`` attributes and whose edges are keyed by predicate with ``sources``) and returns
plain JSON-ready Python data, so the CLI, the API and notebooks share one implementation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import networkx as nx

from .common import DEPENDENCY_PREDICATES, ORG_TYPES, links, node_ref
from .communities import communities
from .dependencies import dependencies, hedging, relied_on
from .importance import importance, pagerank
from .paths import connections
from .tables import tables
from .timeline import facts_by_month, timeline

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = [
    "ANALYSES",
    "DEPENDENCY_PREDICATES",
    "ORG_TYPES",
    "analyze",
    "resolve",
    "tables",
    "connections",
    "communities",
    "dependencies",
    "facts_by_month",
    "hedging",
    "importance",
    "links",
    "node_ref",
    "pagerank",
    "relied_on",
    "timeline",
]


ANALYSES = ("importance", "dependencies", "hedging", "connections", "communities", "timeline")


def resolve(kg: KnowledgeGraph, g: nx.MultiDiGraph, name: str) -> str:
    """The slug for a slug, label or alias (``GPT-4`` → ``gpt-4``); KeyError when nothing matches."""
    if name in g:
        return name
    from ..queries import resolve_entity

    slug = resolve_entity(kg, name)
    if slug is None or slug not in g:
        raise KeyError(name)
    return slug


def analyze(
    kg: KnowledgeGraph,
    name: str,
    entity: str | None = None,
    target: str | None = None,
    *,
    type: str | None = None,
    direction: str = "upstream",
    predicate: str | None = None,
    limit: int = 20,
    max_hops: int = 4,
    max_depth: int = 6,
    seed: int = 42,
    resolution: float = 1.0,
) -> Any:
    """Run the analysis ``name`` (one of ``ANALYSES``) on ``kg``'s projection; entity names are resolved.

    ``importance``: ``type``, ``limit`` · ``dependencies``: ``entity``, ``direction``, ``max_depth`` ·
    ``hedging`` · ``connections``: ``entity``, ``target``, ``max_hops``, ``limit`` · ``communities``:
    ``seed``, ``resolution`` · ``timeline``: ``entity`` and/or ``predicate``. Raises ``ValueError`` for
    a bad name or missing argument, ``KeyError`` for an unknown entity.
    """
    g = kg.projection()
    if name == "importance":
        return importance(g, type=type, limit=limit)
    if name == "hedging":
        return hedging(g)
    if name == "communities":
        return communities(g, seed=seed, resolution=resolution)
    if name == "timeline":
        return timeline(kg, entity=resolve(kg, g, entity) if entity else None, predicate=predicate)
    if name == "dependencies":
        if not entity:
            raise ValueError("dependencies needs an entity")
        return dependencies(g, resolve(kg, g, entity), direction=direction, max_depth=max_depth)
    if name == "connections":
        if not entity or not target:
            raise ValueError("connections needs two entities")
        a, b = resolve(kg, g, entity), resolve(kg, g, target)
        return {"from": node_ref(g, a), "to": node_ref(g, b), "paths": connections(g, a, b, max_hops=max_hops, limit=limit)}
    raise ValueError(f"unknown analysis {name!r} (one of {', '.join(ANALYSES)})")
