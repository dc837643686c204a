"""The networkx projection of the RDF graph: entities as nodes, relations as edges with their sources.

Built with four queries over the whole store, then filtered in memory. ``KnowledgeGraph.projection()``
caches it until the store changes, so the API, the explorer and the analytics share one copy; after
writes that say which entities they touched it is updated (``update_projection``: those entities'
nodes and edges re-read with small bound queries) instead of rebuilt.

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
from typing import TYPE_CHECKING, Any

import networkx as nx
from pyoxigraph import NamedNode, QuerySolutions

from aikg.ontology import AIKG, ENTITY_BASE, ENTITY_TYPES, PREDICATES, is_article_graph

from .store import OxigraphStore, RemoteStore, StoreError, bind, render_term

if TYPE_CHECKING:  # pragma: no cover
    from .read.model import ReadModel

__all__ = ["build_projection", "update_projection", "filter_projection", "neighbourhood", "slug_of"]

_PRED_VALUES = " ".join(f"aikg:{p}" for p in PREDICATES)
_TYPE_VALUES = " ".join(f"aikg:{t}" for t in ENTITY_TYPES)

_NODES = f"""
SELECT ?e ?type (MIN(?l) AS ?label) (GROUP_CONCAT(DISTINCT ?alt; separator="\\u001f") AS ?aliases) WHERE {{
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


def _add_node(g: nx.MultiDiGraph, iri: str, types: Iterable[str], label: str | None, aliases: Iterable[str]) -> None:
    """The node of an entity: its first type in ontology order (the others in ``other_types``)."""
    ranked = sorted({t.rsplit("#", 1)[-1] for t in types} & set(ENTITY_TYPES), key=ENTITY_TYPES.index)
    if not ranked or label is None:
        return
    node = slug_of(iri)
    g.add_node(node, iri=iri, label=label, type=ranked[0], aliases=sorted(set(aliases)), mentions=0)
    if len(ranked) > 1:
        g.nodes[node]["other_types"] = ranked[1:]


def _add_fact(g: nx.MultiDiGraph, s: str, pred: str, o: str, art: str, meta: tuple[str | None, str | None],
              conf: float | None, evidence: str | None) -> None:
    """One source of the edge ``s -pred-> o`` (the edge is made on its first source)."""
    title, date = meta
    c = conf if conf is not None else 1.0
    source = {"article": art, "title": title, "date": date, "evidence": evidence, "confidence": c}
    data = g._adj[s].get(o, {}).get(pred)
    if data is None:
        g.add_edge(s, o, key=pred, predicate=pred, sources=[source], confidence=c, first=None, last=None)
        data = g._adj[s][o][pred]
    else:
        if source not in data["sources"]:
            data["sources"].append(source)
        if c > data["confidence"]:
            data["confidence"] = c
    if date:
        if data["first"] is None or date < data["first"]:
            data["first"] = date
        if data["last"] is None or date > data["last"]:
            data["last"] = date


def build_projection(store: OxigraphStore | RemoteStore) -> nx.MultiDiGraph:
    """Project the whole store to a MultiDiGraph (one edge per subject, predicate, object).

    Four queries (entities, mention counts, article titles and dates, facts with their provenance),
    iterated as tuples; a 1,000,000-triple store projects in a few seconds (``bench/projection.py``).
    """
    g = nx.MultiDiGraph()
    found: dict[str, tuple[list[str], str | None, list[str]]] = {}
    for e, type_, label, aliases in _rows(store, _NODES):
        types, lab, alias_list = found.setdefault(e.value, ([], None, []))
        types.append(type_.value)
        if label is not None and (lab is None or label.value < lab):
            found[e.value] = (types, label.value, alias_list)
        if aliases is not None:
            alias_list.extend(a for a in aliases.value.split("\u001f") if a)
    for iri, (types, lab, alias_list) in found.items():
        _add_node(g, iri, types, lab, alias_list)
    nodes = g._node  # plain dict access: the loop below runs once per fact
    for e, n in _rows(store, _MENTIONS):
        node = slug_of(e.value)
        if node in nodes:
            nodes[node]["mentions"] = int(n.value)
    articles: dict[str, tuple[str | None, str | None]] = {}
    for a, title, date in _rows(store, _ARTICLES):
        articles[a.value] = (title.value if title is not None else None, date.value if date is not None else None)
    slugs: dict[str, str] = {}
    base = len(str(AIKG))
    for s_t, p_t, o_t, g_t, conf_t, ev_t in _rows(store, _EDGES):
        s_iri, o_iri = s_t.value, o_t.value
        s = slugs.get(s_iri) or slugs.setdefault(s_iri, slug_of(s_iri))
        o = slugs.get(o_iri) or slugs.setdefault(o_iri, slug_of(o_iri))
        if s not in nodes or o not in nodes:
            continue
        _add_fact(g, s, p_t.value[base:], o, g_t.value, articles.get(g_t.value, (None, None)),
                  float(conf_t.value) if conf_t is not None else None, ev_t.value if ev_t is not None else None)
    return g


# Per-entity queries ($e: the entity) that update_projection reads a touched entity with.
ONE_NODE = "SELECT ?p ?v WHERE { VALUES ?p { rdf:type rdfs:label skos:altLabel } $e ?p ?v }"
MENTIONS_OF = "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a aikg:mentions $e }"
RELATIONS_OUT = f"SELECT ?p ?x ?g WHERE {{ VALUES ?p {{ {_PRED_VALUES} }} GRAPH ?g {{ $e ?p ?x }} }}"
RELATIONS_IN = f"SELECT ?p ?x ?g WHERE {{ VALUES ?p {{ {_PRED_VALUES} }} GRAPH ?g {{ ?x ?p $e }} }}"
_STMTS_OUT = """SELECT ?p ?x ?g ?conf ?ev WHERE { GRAPH ?g {
  ?st rdf:subject $e ; rdf:predicate ?p ; rdf:object ?x ; aikg:confidence ?conf ; aikg:evidence ?ev } }"""
_STMTS_IN = """SELECT ?p ?x ?g ?conf ?ev WHERE { GRAPH ?g {
  ?st rdf:object $e ; rdf:subject ?x ; rdf:predicate ?p ; aikg:confidence ?conf ; aikg:evidence ?ev } }"""
_META = """SELECT ?g ?title ?date WHERE { GRAPH ?g { VALUES ?g { %s } ?g a aikg:Article .
  OPTIONAL { ?g dcterms:title ?title } OPTIONAL { ?g dcterms:date ?date } } }"""


def update_projection(old: nx.MultiDiGraph, store: OxigraphStore | RemoteStore, touched: Iterable[str],
                      model: ReadModel | None = None) -> nx.MultiDiGraph:
    """A copy of ``old`` with the nodes of the ``touched`` entity IRIs, and every edge at them, read again;
    equal to ``build_projection(store)`` when ``touched`` holds every entity whose description or facts
    changed since ``old`` was made (what ``KnowledgeGraph.changes_since`` gives). ``old`` is not modified
    (edge attributes of untouched edges are shared with it). With the current read model
    (``graph/read/model.py``) the edges, their sources and the mention counts come from it (memory: a
    hub costs no store reads); without, from bound queries over the store."""
    g = old.copy()
    iris = sorted(i for i in set(touched) if not is_article_graph(i))
    g.remove_nodes_from([slug_of(i) for i in iris if slug_of(i) in g])
    pred_base = len(str(AIKG))
    for iri in iris:
        e = NamedNode(iri)
        types: list[str] = []
        labels: list[str] = []
        aliases: list[str] = []
        for p, v in _rows(store, bind(ONE_NODE, e=e)):
            kind = p.value.rsplit("#", 1)[-1]
            (types if kind == "type" else labels if kind == "label" else aliases).append(v.value)
        _add_node(g, iri, types, min(labels) if labels else None, aliases)
        node = slug_of(iri)
        if node in g and model is not None:
            g.nodes[node]["mentions"] = len(model.mentions.get(iri, ()))
        elif node in g:
            for (n,) in _rows(store, bind(MENTIONS_OF, e=e)):
                g.nodes[node]["mentions"] = int(n.value)
    done = {slug_of(i) for i in iris}
    if model is not None:
        with model.lock:
            _edges_from_model(g, model, iris, done)
        return g
    facts: list[tuple[str, str, str, str, float | None, str | None]] = []
    for iri in iris:
        e, me = NamedNode(iri), slug_of(iri)
        if me not in g:
            continue
        for direction, bare, stmts in (("out", RELATIONS_OUT, _STMTS_OUT), ("in", RELATIONS_IN, _STMTS_IN)):
            evidence: dict[tuple[str, str, str], list[tuple[float | None, str | None]]] = {}
            for p, x, gr, conf, ev in _rows(store, bind(stmts, e=e)):
                evidence.setdefault((p.value, x.value, gr.value), []).append(
                    (float(conf.value) if conf is not None else None, ev.value if ev is not None else None))
            for p, x, gr in _rows(store, bind(bare, e=e)):
                other = slug_of(x.value)
                if other not in g or (direction == "in" and other in done):
                    continue  # an edge between two touched entities is read once, from its subject
                s, o = (me, other) if direction == "out" else (other, me)
                for conf_v, ev_v in evidence.get((p.value, x.value, gr.value)) or [(None, None)]:
                    facts.append((s, p.value[pred_base:], o, gr.value, conf_v, ev_v))
    graphs = sorted({f[3] for f in facts})
    meta: dict[str, tuple[str | None, str | None]] = {}
    for i in range(0, len(graphs), 400):
        values = " ".join(render_term(NamedNode(x)) for x in graphs[i : i + 400])
        for a, title, date in _rows(store, _META % values):
            meta[a.value] = (title.value if title is not None else None, date.value if date is not None else None)
    for s, pred, o, art, conf_v, ev_v in facts:
        _add_fact(g, s, pred, o, art, meta.get(art, (None, None)), conf_v, ev_v)
    return g


def _edges_from_model(g: nx.MultiDiGraph, model: ReadModel, iris: list[str], done: set[str]) -> None:
    """The edges at the entities ``iris`` (already re-added as nodes of ``g``), from the read model."""
    for iri in iris:
        me = slug_of(iri)
        if me not in g:
            continue
        for (pred, direction), group in model.relations.get(iri, {}).items():
            for x, dated in group.graphs.items():
                other = slug_of(x)
                if other not in g or (direction == "in" and other in done):
                    continue  # an edge between two touched entities is read once, from its subject
                s, o = (me, other) if direction == "out" else (other, me)
                fact = (iri, pred, x) if direction == "out" else (x, pred, iri)
                for _date, gr in dated:
                    part = model.parts.get(gr)
                    meta = part.meta if part is not None else None
                    found = part.evidence.get(fact) if part is not None else None
                    sources: list[tuple[str | None, float | None]] = [(e[0], e[1]) for e in found] if found else [(None, None)]
                    for ev, conf in sources:
                        _add_fact(g, s, pred, o, gr, (meta.title, meta.date) if meta else (None, None), conf, ev)


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
