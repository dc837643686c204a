"""The networkx projection of the RDF graph: entities as nodes, relations as edges with their sources.

Built with three queries over the whole store, then filtered in memory. ``KnowledgeGraph.projection()``
caches it until the store changes, so the API, the explorer and the analytics share one copy.

Node attributes: ``label``, ``type`` (Company, Model, ...), ``aliases`` (list), ``mentions`` (articles
that mention it), ``iri``. Edge key = predicate; edge attributes: ``predicate``, ``sources`` (list of
dicts: ``article``, ``title``, ``date`` (ISO string or None), ``evidence``, ``confidence``),
``confidence`` (the highest), ``first``/``last`` (dates of the earliest and latest dated source).

>>> import networkx as nx
>>> g = nx.MultiDiGraph()
>>> g.add_node("a", type="Company", label="A"); g.add_node("m", type="Model", label="M")
>>> _ = g.add_edge("a", "m", key="builds", predicate="builds", confidence=0.9, sources=[], first=None, last=None)
>>> list(filter_projection(g, predicates=["uses"]).edges())
[]
"""

from __future__ import annotations

from collections.abc import Iterable

import networkx as nx
from aikg.ontology import AIKG, ENTITY_BASE, ENTITY_TYPES, PREDICATES

from .store import OxigraphStore, RemoteStore

__all__ = ["build_projection", "filter_projection", "neighbourhood", "slug_of"]

_PRED_VALUES = " ".join(f"aikg:{p}" for p in PREDICATES)
_TYPE_VALUES = " ".join(f"aikg:{t}" for t in ENTITY_TYPES)

_NODES = f"""
SELECT ?e ?type (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; separator="\\u001f") AS ?aliases) WHERE {{
  VALUES ?type {{ {_TYPE_VALUES} }}
  ?e a ?type ; rdfs:label ?l .
  OPTIONAL {{ ?e skos:altLabel ?alt }}
}} GROUP BY ?e ?type"""

_MENTIONS = "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a aikg:mentions ?e } GROUP BY ?e"

_EDGES = f"""
SELECT ?s ?p ?o ?g ?conf ?ev ?date ?title WHERE {{
  VALUES ?p {{ {_PRED_VALUES} }}
  GRAPH ?g {{ ?s ?p ?o }}
  OPTIONAL {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; aikg:confidence ?conf ; aikg:evidence ?ev }} }}
  OPTIONAL {{ GRAPH ?g {{ ?g dcterms:title ?title }} }}
  OPTIONAL {{ GRAPH ?g {{ ?g dcterms:date ?date }} }}
}}"""


def slug_of(iri: str) -> str:
    """The slug of an entity IRI (the IRI itself for article-local entities)."""
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else iri


def build_projection(store: OxigraphStore | RemoteStore) -> nx.MultiDiGraph:
    """Project the whole store to a MultiDiGraph (one edge per subject, predicate, object)."""
    g = nx.MultiDiGraph()
    for row in store.select(_NODES):
        iri = row["e"].value  # type: ignore[union-attr]
        node = slug_of(iri)
        t = row["type"].value.rsplit("#", 1)[-1]  # type: ignore[union-attr]
        aliases = [a for a in row["aliases"].value.split("\u001f") if a] if "aliases" in row else []  # type: ignore[union-attr]
        if node in g:  # several types: keep the first, note the others
            g.nodes[node].setdefault("other_types", []).append(t)
            continue
        g.add_node(node, iri=iri, label=row["label"].value, type=t, aliases=sorted(aliases), mentions=0)  # type: ignore[union-attr]
    for row in store.select(_MENTIONS):
        node = slug_of(row["e"].value)  # type: ignore[union-attr]
        if node in g:
            g.nodes[node]["mentions"] = int(row["n"].value)  # type: ignore[union-attr]
    for row in store.select(_EDGES):
        s, o = slug_of(row["s"].value), slug_of(row["o"].value)  # type: ignore[union-attr]
        if s not in g or o not in g:
            continue
        pred = row["p"].value[len(str(AIKG)) :]  # type: ignore[union-attr]
        date = row["date"].value if "date" in row else None  # type: ignore[union-attr]
        conf = float(row["conf"].value) if "conf" in row else 1.0  # type: ignore[union-attr]
        source = {
            "article": row["g"].value,  # type: ignore[union-attr]
            "title": row["title"].value if "title" in row else None,  # type: ignore[union-attr]
            "date": date,
            "evidence": row["ev"].value if "ev" in row else None,  # type: ignore[union-attr]
            "confidence": conf,
        }
        if g.has_edge(s, o, key=pred):
            data = g.edges[s, o, pred]
            if source not in data["sources"]:
                data["sources"].append(source)
            data["confidence"] = max(data["confidence"], conf)
        else:
            g.add_edge(s, o, key=pred, predicate=pred, sources=[source], confidence=conf, first=None, last=None)
            data = g.edges[s, o, pred]
        if date:
            data["first"] = min(data["first"] or date, date)
            data["last"] = max(data["last"] or date, date)
    return g


def filter_projection(
    g: nx.MultiDiGraph,
    *,
    predicates: Iterable[str] | None = None,
    types: Iterable[str] | None = None,
    since: str | None = None,
    until: str | None = None,
    min_confidence: float | None = None,
) -> nx.MultiDiGraph:
    """A copy keeping the edges (and nodes) that pass every filter given.

    Dates are ISO strings (``2024-01-31``); an edge passes a date filter when one of its dated sources
    falls in the range. Nodes left without edges are kept when they pass the type filter.
    """
    preds = set(predicates) if predicates else None
    type_set = set(types) if types else None
    out = nx.MultiDiGraph()
    for n, data in g.nodes(data=True):
        if type_set is None or data.get("type") in type_set:
            out.add_node(n, **data)
    for s, o, k, data in g.edges(keys=True, data=True):
        if s not in out or o not in out:
            continue
        if preds is not None and k not in preds:
            continue
        if min_confidence is not None and data.get("confidence", 1.0) < min_confidence:
            continue
        if since or until:
            dates = [src["date"] for src in data.get("sources", []) if src.get("date")]
            if not any((not since or d >= since) and (not until or d <= until) for d in dates):
                continue
        out.add_edge(s, o, key=k, **data)
    return out


def neighbourhood(g: nx.MultiDiGraph, focus: str | None = None, hops: int = 1, limit: int | None = None) -> tuple[nx.MultiDiGraph, int]:
    """The subgraph within ``hops`` of ``focus`` (edges in both directions), or the whole graph.

    At most ``limit`` nodes are kept: the focus, then nearest first, then the most connected. Returns
    the subgraph and how many nodes were left out. Raises KeyError for an unknown focus.

    >>> g = nx.MultiDiGraph([("a", "b"), ("b", "c"), ("c", "d")])
    >>> sorted(neighbourhood(g, "b", 1)[0].nodes)
    ['a', 'b', 'c']
    >>> neighbourhood(g, None, 1, limit=2)[1]
    2
    """
    if focus is not None:
        if focus not in g:
            raise KeyError(focus)
        dist = nx.single_source_shortest_path_length(g.to_undirected(as_view=True), focus, cutoff=max(0, hops))
        ranked = sorted(dist, key=lambda n: (dist[n], -g.degree(n), n))
    else:
        ranked = sorted(g.nodes, key=lambda n: (-g.degree(n), n))
    keep = ranked if limit is None else ranked[:limit]
    return g.subgraph(keep).copy(), len(ranked) - len(keep)
