"""Analyses over the networkx projection of the graph (see ``graph.projection``).

Every function takes the projection (a ``networkx.MultiDiGraph`` whose nodes are entity slugs with
``label``/``type`` attributes and whose edges are keyed by predicate with ``sources``) and returns
plain JSON-ready Python data, so the CLI, the API and notebooks share one implementation.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import networkx as nx

from aikg.ontology import entity_iri

if TYPE_CHECKING:
    from . import KnowledgeGraph

__all__ = [
    "ANALYSES",
    "DEPENDENCY_PREDICATES",
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


_PATH_CAP = 1000


def _step(g: nx.MultiDiGraph, a: str, b: str) -> dict[str, Any]:
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
    return [[_step(g, a, b) for a, b in zip(p, p[1:], strict=False)] for p in paths]


# --------------------------------------------------------------------------- shared helpers
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


def _fact(g: nx.MultiDiGraph, s: str, o: str, p: str) -> dict[str, Any]:
    """One edge as a fact: subject, predicate, object and its sources (the evidence)."""
    data = g.edges[s, o, p]
    return {"subject": s, "predicate": p, "object": o, "confidence": data.get("confidence"),
            "sources": list(data.get("sources", []))}


def _out(g: nx.MultiDiGraph, n: str, preds: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(object, predicate) pairs of ``n``'s outgoing edges with one of ``preds``."""
    ps = set(preds)
    for o, keyed in g.succ[n].items():
        for k in keyed:
            if k in ps:
                yield o, k


def _in(g: nx.MultiDiGraph, n: str, preds: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(subject, predicate) pairs of ``n``'s incoming edges with one of ``preds``."""
    ps = set(preds)
    for s, keyed in g.pred[n].items():
        for k in keyed:
            if k in ps:
                yield s, k


def _check(g: nx.MultiDiGraph, slug: str) -> None:
    if slug not in g:
        raise KeyError(slug)


# --------------------------------------------------------------------------- importance
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
            "facts": [_fact(g, s, o, k) for s, o, k, _ in edges[:3]],
        })
    return out


# --------------------------------------------------------------------------- dependencies
def dependencies(g: nx.MultiDiGraph, entity: str, direction: str = "upstream", max_depth: int = 6) -> dict[str, Any]:
    """What ``entity`` depends on (``upstream``), or what depends on it (``downstream``), transitively.

    Dependencies follow ``uses``, ``trainedOn``, ``basedOn`` and ``dependsOn`` (subject depends on
    object): a tool uses a model, the model is based on another and trained on a dataset. A company
    depends on what it uses itself and on what the tools it ``develops`` use; downstream, the company
    that develops an affected tool is affected too ('what breaks if GPT-4 goes away').

    Returns ``{"entity", "direction", "items"}``; each item is an entity with ``depth`` (1 = direct)
    and ``path``, the steps from ``entity`` to it (as in :func:`connections`) with their sources.
    Items are ordered by depth, then label. Raises ``KeyError`` for an unknown slug and
    ``ValueError`` for a bad direction.

    >>> g = nx.MultiDiGraph()
    >>> _ = g.add_edge("acme", "app", key="develops", predicate="develops", sources=[])
    >>> _ = g.add_edge("app", "m2", key="uses", predicate="uses", sources=[])
    >>> _ = g.add_edge("m2", "m1", key="basedOn", predicate="basedOn", sources=[])
    >>> _ = g.add_edge("m1", "web", key="trainedOn", predicate="trainedOn", sources=[])
    >>> for n in g: g.nodes[n].update(label=n, type={"acme": "Company", "app": "Tool", "web": "Dataset"}.get(n, "Model"))
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "app")["items"]]
    [('m2', 1), ('m1', 2), ('web', 3)]
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "acme")["items"]]
    [('m2', 1), ('m1', 2), ('web', 3)]
    >>> [(i["slug"], i["depth"]) for i in dependencies(g, "m1", "downstream")["items"]]
    [('m2', 1), ('acme', 2), ('app', 2)]
    """
    _check(g, entity)
    if direction not in ("upstream", "downstream"):
        raise ValueError("direction must be 'upstream' or 'downstream'")
    up = direction == "upstream"

    def org(n: str) -> bool:
        return g.nodes[n].get("type") in ORG_TYPES

    # breadth first; 'develops' hops (company -> its tool, or tool -> its developer) add no depth
    paths: dict[str, list[dict[str, Any]]] = {entity: []}
    depth: dict[str, int] = {entity: 0}
    frontier = [entity]
    if up and org(entity):
        for tool, _ in sorted(_out(g, entity, ("develops",))):
            if tool not in paths:
                paths[tool] = [_step(g, entity, tool)]
                depth[tool] = 0
                frontier.append(tool)
    tools_of_root = set(frontier) - {entity}
    for d in range(1, max_depth + 1):
        nxt: list[str] = []
        for n in frontier:
            nbrs = sorted(_out(g, n, DEPENDENCY_PREDICATES) if up else _in(g, n, DEPENDENCY_PREDICATES))
            for m, _ in nbrs:
                if m in paths:
                    continue
                paths[m] = paths[n] + [_step(g, n, m)]
                depth[m] = d
                nxt.append(m)
                if not up and not org(m):  # the developer of an affected tool is affected too
                    for dev, _ in sorted(_in(g, m, ("develops",))):
                        if dev not in paths:
                            paths[dev] = paths[m] + [_step(g, m, dev)]
                            depth[dev] = d
                            nxt.append(dev)
        frontier = nxt
        if not frontier:
            break
    items = [
        {**node_ref(g, n), "depth": depth[n], "path": p}
        for n, p in paths.items()
        if n != entity and n not in tools_of_root
    ]
    items.sort(key=lambda i: (i["depth"], str(i["label"]).lower(), i["slug"]))
    return {"entity": node_ref(g, entity), "direction": direction, "items": items}


# --------------------------------------------------------------------------- hedging
def _builders(g: nx.MultiDiGraph, model: str) -> list[str]:
    return sorted({s for s, _ in _in(g, model, ("builds",))})


def relied_on(g: nx.MultiDiGraph, org: str) -> list[dict[str, Any]]:
    """The models an organisation relies on: those it uses and those its tools use (develops → uses).

    Each: ``model``, ``via`` (the tool, or None when the organisation uses it itself) and ``facts``
    (the ``develops``/``uses`` edges with their sources).
    """
    out = []
    for m, _ in sorted(_out(g, org, ("uses",))):
        out.append({"model": m, "via": None, "facts": [_fact(g, org, m, "uses")]})
    for tool, _ in sorted(_out(g, org, ("develops",))):
        for m, _ in sorted(_out(g, tool, ("uses",))):
            out.append({"model": m, "via": tool, "facts": [_fact(g, org, tool, "develops"), _fact(g, tool, m, "uses")]})
    return out


def hedging(g: nx.MultiDiGraph) -> dict[str, Any]:
    """Organisations that hedge: they build their own model and also rely on a model built by someone else.

    ``hedgers``: one entry per such organisation, with ``own`` (models it builds, each with the
    ``builds`` evidence) and ``external`` (models it uses, itself or through a tool it develops, that
    another organisation builds and it does not: ``model``, ``providers``, ``via``, and the facts
    behind both sides: its ``uses`` (and ``develops``) facts and the provider's ``builds`` facts).

    ``rival_pairs``: for every organisation relying on models from two or more providers (itself
    included when it uses its own model or builds one), each pair of providers, with the models on
    each side and ``competes`` (the ``competesWith`` facts between the providers, if the news says so).

    >>> g = nx.MultiDiGraph()
    >>> for s, p, o in [("meta", "builds", "llama"), ("openai", "builds", "gpt-4"),
    ...                 ("meta", "develops", "metamate"), ("metamate", "uses", "gpt-4")]:
    ...     _ = g.add_edge(s, o, key=p, predicate=p, sources=[])
    >>> for n, t in [("meta", "Company"), ("openai", "Company"), ("llama", "Model"), ("gpt-4", "Model"), ("metamate", "Tool")]:
    ...     g.nodes[n].update(type=t, label=n)
    >>> h = hedging(g)["hedgers"][0]
    >>> (h["slug"], [o["model"]["slug"] for o in h["own"]], [(e["model"]["slug"], e["via"]["slug"]) for e in h["external"]])
    ('meta', ['llama'], [('gpt-4', 'metamate')])
    >>> [(p["organisation"]["slug"], p["providers"][0]["slug"], p["providers"][1]["slug"]) for p in hedging(g)["rival_pairs"]]
    [('meta', 'meta', 'openai')]
    """
    hedgers = []
    pairs = []
    orgs = sorted(n for n, t in g.nodes(data="type") if t in ORG_TYPES)
    for org in orgs:
        own = sorted({m for m, _ in _out(g, org, ("builds",)) if g.nodes[m].get("type") in ("Model", None)})
        relied = relied_on(g, org)
        external: list[dict[str, Any]] = []
        by_provider: dict[str, set[str]] = {}
        if own:
            by_provider[org] = set(own)
        for r in relied:
            m = r["model"]
            builders = _builders(g, m)
            for b in builders:
                by_provider.setdefault(b, set()).add(m)
            others = [b for b in builders if b != org]
            if others and org not in builders:
                external.append({
                    "model": node_ref(g, m),
                    "providers": [node_ref(g, b) for b in others],
                    "via": node_ref(g, r["via"]) if r["via"] else None,
                    "facts": r["facts"] + [_fact(g, b, m, "builds") for b in others],
                })
        if own and external:
            hedgers.append({
                **node_ref(g, org),
                "own": [{"model": node_ref(g, m), "facts": [_fact(g, org, m, "builds")]} for m in own],
                "external": external,
            })
        if not relied:
            continue
        providers = sorted(by_provider)
        for i, a in enumerate(providers):
            for b in providers[i + 1 :]:
                if by_provider[a] == by_provider[b]:  # co-builders of the same models are not rivals
                    continue
                competes = [_fact(g, x, y, "competesWith") for x, y in ((a, b), (b, a)) if g.has_edge(x, y, "competesWith")]
                pairs.append({
                    "organisation": node_ref(g, org),
                    "providers": [node_ref(g, a), node_ref(g, b)],
                    "models": [[node_ref(g, m) for m in sorted(by_provider[a])], [node_ref(g, m) for m in sorted(by_provider[b])]],
                    "competes": competes,
                })
    return {"hedgers": hedgers, "rival_pairs": pairs}


# --------------------------------------------------------------------------- communities
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
        facts = [_fact(g, s, o, k) for s, o, k in g.edges(keys=True) if s in part and o in part and s != o]
        facts.sort(key=lambda f: (f["subject"], f["predicate"], f["object"]))
        out.append({
            "name": " / ".join(str(g.nodes[n].get("label", n)) for n in ranked[:3]),
            "size": len(part),
            "members": [{**node_ref(g, n), "centrality": cen[n]} for n in ranked],
            "facts": facts,
        })
    out.sort(key=lambda c: (-int(c["size"]), str(c["name"])))
    return [{"id": i, **c} for i, c in enumerate(out, 1)]


# --------------------------------------------------------------------------- change over time
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
        _check(g, entity)
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


# --------------------------------------------------------------------------- one entry point
ANALYSES = ("importance", "dependencies", "hedging", "connections", "communities", "timeline")


def resolve(kg: KnowledgeGraph, g: nx.MultiDiGraph, name: str) -> str:
    """The slug for a slug, label or alias (``GPT-4`` → ``gpt-4``); KeyError when nothing matches."""
    if name in g:
        return name
    from .queries import resolve_entity

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


def _ev(facts: Iterable[dict[str, Any]]) -> str:
    """The first evidence sentence behind some facts, shortened for a table."""
    for f in facts:
        for src in f.get("sources", ()):
            if src.get("evidence"):
                text = " ".join(str(src["evidence"]).split())
                return text if len(text) <= 90 else text[:87] + "..."
    return ""


def _steps_text(steps: Iterable[dict[str, Any]]) -> str:
    out = []
    for s in steps:
        arrow = f"-{s['predicate']}->" if s["direction"] == "forward" else f"<-{s['predicate']}-"
        out.append(f"{s['from']} {arrow} {s['to']}")
    return "; ".join(out)


def tables(name: str, result: Any) -> list[tuple[str, list[str], list[list[str]]]]:
    """An analysis result as tables ``(title, header, rows)`` of strings, for the command line.

    >>> tables("importance", [{"rank": 1, "label": "M", "type": "Model", "slug": "m", "pagerank": 0.5,
    ...                        "degree": 3, "mentions": 2, "facts": []}])[0][2]
    [['1', 'M', 'Model', '0.5', '3', '2', '', '/id/m']]
    """
    if name == "importance":
        rows = [[str(r["rank"]), str(r["label"]), str(r["type"]), f"{r['pagerank']:.4g}", str(r["degree"]),
                 str(r["mentions"]), _ev(r["facts"]), links(r["slug"])["entity"]] for r in result]
        return [("Importance", ["#", "entity", "type", "pagerank", "degree", "mentions", "evidence", "link"], rows)]
    if name == "dependencies":
        rows = [[str(i["depth"]), str(i["label"]), str(i["type"]), _steps_text(i["path"]), _ev(i["path"][-1:])]
                for i in result["items"]]
        verb = "depends on" if result["direction"] == "upstream" else "is depended on by"
        return [(f"{result['entity']['label']} {verb}", ["depth", "entity", "type", "path", "evidence"], rows)]
    if name == "hedging":
        rows = []
        for h in result["hedgers"]:
            own = ", ".join(str(o["model"]["label"]) for o in h["own"])
            for e in h["external"]:
                via = f" via {e['via']['label']}" if e["via"] else ""
                rows.append([str(h["label"]), own, f"{e['model']['label']}{via}",
                             ", ".join(str(p["label"]) for p in e["providers"]), _ev(e["facts"])])
        pairs = [[str(p["organisation"]["label"]),
                  f"{p['providers'][0]['label']} ({', '.join(str(m['label']) for m in p['models'][0])})",
                  f"{p['providers'][1]['label']} ({', '.join(str(m['label']) for m in p['models'][1])})",
                  "yes" if p["competes"] else ""] for p in result["rival_pairs"]]
        return [("Hedging: builds its own model, relies on someone else's", ["organisation", "own models", "also relies on", "provider", "evidence"], rows),
                ("Rival providers each organisation relies on", ["organisation", "one provider (its models)", "the other provider (its models)", "said to compete"], pairs)]
    if name == "connections":
        rows = [[str(i), _steps_text(p), _ev(p)] for i, p in enumerate(result["paths"], 1)]
        return [(f"{result['from']['label']} to {result['to']['label']}", ["#", "path", "evidence"], rows)]
    if name == "communities":
        rows = [[str(c["id"]), str(c["name"]), str(c["size"]), ", ".join(str(m["label"]) for m in c["members"][:8])]
                for c in result]
        return [("Communities", ["#", "name", "size", "members (most central first)"], rows)]
    if name == "timeline":
        what = result["entity"]["label"] if result["entity"] else result["predicate"]
        rows = [[m["month"], str(m["facts"]), str(m["mentions"])] for m in result["months"]]
        return [(f"{what} by month", ["month", "facts", "mentions" if result["entity"] else "articles"], rows)]
    raise ValueError(f"unknown analysis {name!r}")
