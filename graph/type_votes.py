"""The typed-evidence tally: how many articles give each entity each type, kept in the store.

Settling an entity's type (``graph.entity_types``) weighs how many articles give it each type
(``aikg:typedAs`` in the article graphs). Counting those afresh after every ingest batch reads every article
about a popular entity; the tally keeps the counts instead, so the arbitration after a batch reads what the
batch changed. It lives in the named graph :data:`VOTES_GRAPH` (IRIs of entities written as plain literals,
like the change log's, so the tally never looks like links to entity or article pages):

- ``<…/type-votes/graph/H> ops:countedT "E"``: the article graph whose IRI hashes to H was counted as giving
  entity E type T (one quad per entity and type the graph gives);
- ``<…/type-votes/entity/H> ops:votesT N``: N article graphs are counted as giving the entity type T (N > 0);
- ``<…/type-votes/entity/H> ops:settledAs "T"``: the type the entity's provenance statements were last
  reviewed for by the arbitration (what lets a batch that keeps an entity's type review the batch only).

Counting is by graph: :func:`count_graphs` compares the types the graphs give now with what was counted for
them and changes the totals by the difference, so counting a graph twice changes nothing and a replaced or
removed article is counted right. :func:`recount` rebuilds the tally from the whole store (after loads,
SPARQL updates, or a crash between a batch and its arbitration). Both return the change as quads to delete
and insert: the caller writes them in its own update (the arbitration's), so tally and types move together.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([{"title": "a", "text": "Fabrikam launched Zentrix, a chatbot for lawyers."},
...                        {"title": "b", "text": "Zentrix, a startup, hired Jane Roe."}])
>>> sorted(read(kg.store, ["https://w3id.org/aikg/id/zentrix"])[0]["https://w3id.org/aikg/id/zentrix"].items())
[('Company', 1), ('Tool', 1)]
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from aikg.ontology import AIKG, ENTITY_TYPES

from .changes import OPS, value_of
from .store import OxigraphStore, RemoteStore
from .store.lookup import lookup

__all__ = ["VOTES_GRAPH", "VOTE_BASE", "Tally", "Vote", "count_graphs", "node", "recount", "read"]

#: The named graph holding the tally.
VOTES_GRAPH = "https://w3id.org/aikg/graph/type-votes"
#: Tally nodes are ``VOTE_BASE + "graph/" + hash`` (what a graph was counted for) and ``… + "entity/" + hash``.
VOTE_BASE = "https://w3id.org/aikg/type-votes/"

_G = NamedNode(VOTES_GRAPH)
_TYPE_IRIS = {AIKG.term(t): t for t in ENTITY_TYPES}
_VOTE = {t: NamedNode(f"{OPS}votes{t}") for t in ENTITY_TYPES}  # an entity's total
_VOTE_TYPE = {p.value: t for t, p in _VOTE.items()}
_COUNTED = {t: NamedNode(f"{OPS}counted{t}") for t in ENTITY_TYPES}  # what a graph was counted for
_COUNTED_TYPE = {p.value: t for t, p in _COUNTED.items()}
_SETTLED = NamedNode(f"{OPS}settledAs")
_TYPED_AS = NamedNode(AIKG.typedAs)

Vote = tuple[str, str, str]  # (graph, entity, type local name)


def node(kind: str, iri: str) -> NamedNode:
    """The tally node of a graph (``kind`` "graph") or an entity ("entity")."""
    return NamedNode(f"{VOTE_BASE}{kind}/{hashlib.sha1(iri.encode('utf-8')).hexdigest()[:20]}")


@dataclass
class Tally:
    """Counts read (and changed) by one count: votes and settled types of the entities it read, the entities
    the counted graphs give a type now, and the quads that write the change."""

    votes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    settled: dict[str, str] = field(default_factory=dict)
    typed: set[str] = field(default_factory=set)
    covered: set[str] = field(default_factory=set)  # the entities whose counts and settled type are held
    delete: list[Quad] = field(default_factory=list)
    insert: list[Quad] = field(default_factory=list)

    def complete(self, store: OxigraphStore | RemoteStore, entities: Iterable[str], votes: bool = True) -> None:
        """Read the settled types (and, with ``votes``, the stored counts) of those ``entities`` not covered yet."""
        missing = sorted(set(entities) - self.covered)
        counts, settled = read(store, missing)
        self.settled.update(settled)
        if votes:
            self.votes.update(counts)
        self.covered.update(missing)

    def settle(self, entity: str, kind: str) -> None:
        """Record that ``entity``'s statements were reviewed for type ``kind`` (quads added to the change)."""
        old = self.settled.get(entity)
        if old == kind:
            return
        n = node("entity", entity)
        if old is not None:
            self.delete.append(Quad(n, _SETTLED, Literal(old), _G))
        self.insert.append(Quad(n, _SETTLED, Literal(kind), _G))
        self.settled[entity] = kind


def _typed_in(store: OxigraphStore | RemoteStore, graphs: Sequence[str] | None) -> set[Vote]:
    """(graph, entity, type) of every ``aikg:typedAs`` in ``graphs`` (None: every graph)."""
    if graphs is None:
        quads = [Quad(r["e"], _TYPED_AS, r["t"], r["g"])  # type: ignore[arg-type]
                 for r in store.select("SELECT ?g ?e ?t WHERE { GRAPH ?g { ?e aikg:typedAs ?t } }")]
    else:
        quads = lookup(store, graphs, "graph", [_TYPED_AS])
    return {(value_of(q.graph_name), value_of(q.subject), t) for q in quads
            if isinstance(q.subject, NamedNode) and (t := _TYPE_IRIS.get(value_of(q.object))) is not None}


def _by_node(store: OxigraphStore | RemoteStore, kind: str, iris: Iterable[str]) -> list[tuple[str, str, str]]:
    """(IRI, predicate, value) of the tally quads of the nodes of ``iris`` (graphs or entities)."""
    by_node = {node(kind, i).value: i for i in iris}
    return [(by_node[value_of(q.subject)], q.predicate.value, value_of(q.object))
            for q in lookup(store, by_node, "subject", graph=VOTES_GRAPH)]


def _counted(store: OxigraphStore | RemoteStore, graphs: Sequence[str]) -> set[Vote]:
    """What ``graphs`` were counted for, read from the tally by their nodes."""
    return {(g, e, _COUNTED_TYPE[p]) for g, p, e in _by_node(store, "graph", graphs) if p in _COUNTED_TYPE}


def read(store: OxigraphStore | RemoteStore, entities: Iterable[str]) -> tuple[dict[str, Counter[str]], dict[str, str]]:
    """The counts (entity -> type -> articles) and settled types of ``entities``, read by their tally nodes."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    settled: dict[str, str] = {}
    for e, p, value in _by_node(store, "entity", entities):
        if p == _SETTLED.value:
            settled[e] = value
        elif p in _VOTE_TYPE:
            votes[e][_VOTE_TYPE[p]] = int(value)
    return votes, settled


def _apply(tally: Tally, added: set[Vote], dropped: set[Vote]) -> None:
    """Change ``tally`` (whose votes hold the stored counts of every entity concerned) by the graphs' votes
    ``added`` and ``dropped``: record quads, and totals."""
    delta: Counter[tuple[str, str]] = Counter()
    for g, e, t in added:
        tally.insert.append(Quad(node("graph", g), _COUNTED[t], Literal(e), _G))
        delta[(e, t)] += 1
    for g, e, t in dropped:
        tally.delete.append(Quad(node("graph", g), _COUNTED[t], Literal(e), _G))
        delta[(e, t)] -= 1
    for (e, t), d in sorted(delta.items()):
        if d == 0:
            continue
        n_old = tally.votes[e][t]
        n_new = n_old + d
        if n_old > 0:
            tally.delete.append(Quad(node("entity", e), _VOTE[t], Literal(n_old), _G))
        if n_new > 0:
            tally.insert.append(Quad(node("entity", e), _VOTE[t], Literal(n_new), _G))
            tally.votes[e][t] = n_new
        else:
            tally.votes[e].pop(t, None)


def count_graphs(store: OxigraphStore | RemoteStore, graphs: Iterable[str]) -> Tally:
    """Count ``graphs`` (article graphs, new, replaced or removed) into the tally: reads the graphs' types
    and what was counted for them, and the tally of the entities concerned (O(graphs), whatever the store's
    size). The returned tally holds those entities' new counts and the quads to write."""
    graphs = sorted(set(graphs))
    now, before = _typed_in(store, graphs), _counted(store, graphs)
    concerned = {e for _g, e, _t in now | before}
    tally = Tally(typed={e for _g, e, _t in now}, covered=concerned)
    votes, tally.settled = read(store, concerned)
    tally.votes.update(votes)
    _apply(tally, now - before, before - now)
    return tally


def recount(store: OxigraphStore | RemoteStore) -> Tally:
    """Check the tally against every ``aikg:typedAs`` in the store and rebuild it where it is wrong. The totals
    are compared first (one aggregate query and the stored totals: a size of entities, not of articles);
    only when they differ (a crash between a batch and its count, a SPARQL update, a load) is every graph's
    record read and rebuilt too. The difference is returned as quads (none when the tally was right)."""
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    q = f"SELECT ?e ?t (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?e aikg:typedAs ?t }} FILTER(?g != <{VOTES_GRAPH}>) }} GROUP BY ?e ?t"
    for row in store.select(q):
        t = _TYPE_IRIS.get(value_of(row["t"]))
        if t is not None and isinstance(row["e"], NamedNode):
            counts[value_of(row["e"])][t] = int(value_of(row["n"]))
    kept = " ".join(f"<{p.value}>" for p in (*_VOTE.values(), _SETTLED))
    by_node: dict[str, dict[str, Any]] = defaultdict(dict)
    for row in store.select(f"SELECT ?x ?p ?o WHERE {{ VALUES ?p {{ {kept} }} GRAPH <{VOTES_GRAPH}> {{ ?x ?p ?o }} }}"):
        by_node[value_of(row["x"])][value_of(row["p"])] = row["o"]
    nodes = {e: node("entity", e).value for e in counts}
    settled = {e: value_of(by_node[n][_SETTLED.value]) for e, n in nodes.items() if _SETTLED.value in by_node.get(n, {})}
    stored = {e: Counter({t: int(value_of(by_node[n][p.value])) for t, p in _VOTE.items() if p.value in by_node.get(n, {})})
              for e, n in nodes.items()}
    totals_right = stored == counts and sum(len(v) - (_SETTLED.value in v) for v in by_node.values()) == sum(map(len, counts.values()))
    if totals_right:
        return Tally(votes=counts, settled=settled, typed=set(counts), covered=set(counts))
    now = {v for v in _typed_in(store, None) if v[0] != VOTES_GRAPH}
    old: set[Quad] = {Quad(r["x"], r["p"], r["o"], _G)  # type: ignore[arg-type]
                      for r in store.select(f"SELECT ?x ?p ?o WHERE {{ GRAPH <{VOTES_GRAPH}> {{ ?x ?p ?o }} }}")
                      if value_of(r["p"]) != _SETTLED.value}
    wanted = Tally()
    _apply(wanted, now, set())
    want = set(wanted.insert)
    return Tally(votes=wanted.votes, settled=settled, typed=set(wanted.votes), covered=set(wanted.votes),
                 delete=sorted(old - want, key=str), insert=sorted(want - old, key=str))
