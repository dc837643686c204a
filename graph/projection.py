"""The networkx projection of the RDF graph: entities as nodes, relations as edges with their sources.

Built with four queries over the whole store, then filtered in memory. ``KnowledgeGraph.projection()``
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
from typing import Any

import networkx as nx
from pyoxigraph import QuerySolutions

from aikg.ontology import AIKG, ENTITY_BASE, ENTITY_TYPES, PREDICATES

from .store import OxigraphStore, RemoteStore, StoreError

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

# Article metadata is fetched once per article, not once per fact: on a large store that halves the work.
_ARTICLES = """
SELECT ?g ?title ?date WHERE {
  GRAPH ?g { ?g a aikg:Article . OPTIONAL { ?g dcterms:title ?title } OPTIONAL { ?g dcterms:date ?date } }
}"""

_EDGES = f"""
SELECT ?s ?p ?o ?g ?conf ?ev WHERE {{
  VALUES ?p {{ {_PRED_VALUES} }}
  GRAPH ?g {{ ?s ?p ?o }}
  OPTIONAL {{ GRAPH ?g {{ ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; aikg:confidence ?conf ; aikg:evidence ?ev }} }}
}}"""


def slug_of(iri: str) -> str:
    """The slug of an entity IRI (the IRI itself for article-local entities)."""
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else iri


def _rows(store: OxigraphStore | RemoteStore, sparql: str) -> Iterable[tuple[Any, ...]]:
    """Solutions as tuples of terms (None where unbound), in the order of the SELECT variables."""
    res = store.query(sparql)
    if not isinstance(res, QuerySolutions):
        raise StoreError("expected a SELECT query")
    return (tuple(sol) for sol in res)


def build_projection(store: OxigraphStore | RemoteStore) -> nx.MultiDiGraph:
    """Project the whole store to a MultiDiGraph (one edge per subject, predicate, object).

    Four queries (entities, mention counts, article titles and dates, facts with their provenance),
    iterated as tuples; a 1,000,000-triple store projects in a few seconds (``bench/projection.py``).
    """
    g = nx.MultiDiGraph()
    nodes = g._node  # plain dict access: this loop runs once per fact
    for e, type_, label, aliases in _rows(store, _NODES):
        iri = e.value
        node = slug_of(iri)
        t = type_.value.rsplit("#", 1)[-1]
        alias_list = [a for a in aliases.value.split("\u001f") if a] if aliases is not None else []
        if node in nodes:  # several types: keep the first, note the others
            nodes[node].setdefault("other_types", []).append(t)
            continue
        g.add_node(node, iri=iri, label=label.value if label is not None else node, type=t,
                   aliases=sorted(alias_list), mentions=0)
    for e, n in _rows(store, _MENTIONS):
        node = slug_of(e.value)
        if node in nodes:
            nodes[node]["mentions"] = int(n.value)
    articles: dict[str, tuple[str | None, str | None]] = {}
    for a, title, date in _rows(store, _ARTICLES):
        articles[a.value] = (title.value if title is not None else None, date.value if date is not None else None)
    slugs: dict[str, str] = {}
    base = len(str(AIKG))
    adj = g._adj
    for s_t, p_t, o_t, g_t, conf_t, ev_t in _rows(store, _EDGES):
        s_iri, o_iri = s_t.value, o_t.value
        s = slugs.get(s_iri) or slugs.setdefault(s_iri, slug_of(s_iri))
        o = slugs.get(o_iri) or slugs.setdefault(o_iri, slug_of(o_iri))
        if s not in nodes or o not in nodes:
            continue
        pred = p_t.value[base:]
        art = g_t.value
        title, date = articles.get(art, (None, None))
        conf = float(conf_t.value) if conf_t is not None else 1.0
        source = {
            "article": art,
            "title": title,
            "date": date,
            "evidence": ev_t.value if ev_t is not None else None,
            "confidence": conf,
        }
        data = adj[s].get(o, {}).get(pred)
        if data is not None:
            if source not in data["sources"]:
                data["sources"].append(source)
            if conf > data["confidence"]:
                data["confidence"] = conf
        else:
            g.add_edge(s, o, key=pred, predicate=pred, sources=[source], confidence=conf, first=None, last=None)
            data = adj[s][o][pred]
        if date:
            if data["first"] is None or date < data["first"]:
                data["first"] = date
            if data["last"] is None or date > data["last"]:
                data["last"] = date
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
