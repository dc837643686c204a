"""One type per entity per store: when articles type an entity differently, one type is chosen.

Each article graph records the type its text gives every entity it mentions (``aikg:typedAs``), while the
entity graph holds one description per entity, so after two articles disagree it holds two types.
:func:`arbitrate` settles such entities:

1. **The winning type.** The registry's type when the entity is in the registry; else the type an imported
   source (Ecosystem Graphs, ...) gives it; else the type most articles give it; ties go to the earlier
   type in ``ENTITY_TYPES`` (Company, Organization, Model, Tool, Dataset, Person), so the result does not
   depend on the order articles arrived in.
2. **The entity graph** keeps only the winning type (imported sources' graphs are never edited).
3. **Facts follow the types.** Each fact's provenance statement keeps what the article stated; the fact is
   asserted as stated where the types admit it (``aikg.ontology.admits``), else as its maker counterpart
   (``builds`` a Model <-> ``develops`` a Tool; the statement then carries ``aikg:statedPredicate``), else
   it is set aside: not asserted, its statement kept as an ``aikg:SetAsideStatement``, asserted again if
   the types change back. So the facts are a function of the statements and the types, whatever order
   articles arrive in. A quote whose speaker is no longer a Person is removed. Facts of imported sources
   are left alone.

Contract: all changes of one call are one SPARQL Update (one transaction on the embedded store); an
entity with one type costs a lookup and nothing else; errors of the store (``StoreError``) propagate and
leave the store as it was. Later evidence can change the winner: the facts then follow it.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([
...     {"title": "a", "text": "Fabrikam launched Zentrix, a chatbot for lawyers."},
...     {"title": "b", "text": "Fabrikam launched Zentrix, a chatbot for doctors."},
...     {"title": "c", "text": "Zentrix, a startup, hired Jane Roe."}])
>>> [r["t"].value.rsplit("#")[-1] for r in kg.select(
...     "SELECT ?t WHERE { GRAPH aikg:entities { <https://w3id.org/aikg/id/zentrix> a ?t } }"
...     .replace("aikg:entities", "<https://w3id.org/aikg/graph/entities>"))]
['Tool']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import NamedNode, Quad

from aikg.ontology import AIKG, ENTITY_BASE, ENTITY_GRAPH, ENTITY_TYPES, NS, admits, is_article_graph

from .changes import ChangeLog, entries_from_quads, value_of
from .extract.registry import Registry
from .store import OxigraphStore, RemoteStore, StoreError, quads_to_insert_data, render_term
from .store.lookup import lookup
from .type_votes import Tally, count_graphs, recount

__all__ = ["Arbitration", "TypeConflict", "arbitrate", "arbitrate_batch", "assertion", "type_conflicts", "winner", "COUNTERPART"]

RDF_TYPE = NamedNode(NS["rdf"].type)
RDF_PREDICATE = NamedNode(NS["rdf"].predicate)
RDF_STATEMENT = NamedNode(NS["rdf"].Statement)
STATED = NamedNode(AIKG.statedPredicate)
_TYPE_IRIS = {AIKG.term(t): t for t in ENTITY_TYPES}
_CLASS_FILTER = ", ".join(f"<{iri}>" for iri in _TYPE_IRIS)
#: The maker relation of the other kind of asset: what a fact becomes when its object changes kind.
COUNTERPART = {"builds": "develops", "develops": "builds"}
_RELATIONS = ("builds", "develops", "creates", "uses", "trainedOn", "basedOn", "leads", "worksFor",
              "investsIn", "partnersWith", "acquires", "competesWith", "says")
_REL_FILTER = ", ".join(f"<{AIKG.term(p)}>" for p in _RELATIONS)
_REL_NODES = [NamedNode(AIKG.term(p)) for p in _RELATIONS]
#: IRIs per VALUES block: keeps each query well under servers' request-size limits.
_CHUNK = 400


@dataclass(frozen=True)
class TypeConflict:
    """An entity holding more than one type: ``types`` are local names, sorted."""

    iri: str
    label: str
    types: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.label or self.iri} <{self.iri}> is typed {' and '.join(self.types)}"


@dataclass
class Arbitration:
    """What :func:`arbitrate` did: the type each settled entity kept, statements whose fact it rewrote (to the
    maker counterpart), set aside or restored (asserted again as stated), quotes removed, and the IRIs
    (entities and article graphs) the change touched."""

    settled: dict[str, str] = field(default_factory=dict)
    rewritten: int = 0
    removed: int = 0
    restored: int = 0
    quotes_removed: int = 0
    touched: set[str] = field(default_factory=set)


def _s(row: dict[str, Any], name: str) -> str:
    return str(row[name].value)


def _values(var: str, iris: Sequence[str]) -> str:
    return f"VALUES ?{var} {{ " + " ".join(render_term(NamedNode(i)) for i in iris) + " }"


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(items), _CHUNK):
        yield items[i : i + _CHUNK]


def _types(store: OxigraphStore | RemoteStore, entities: Sequence[str] | None) -> dict[str, dict[str, set[str]]]:
    """entity IRI -> graph IRI -> entity types held there, for the entities holding two or more."""
    if entities is None:  # the whole store: driven by the (type, class) index, entities of two different classes
        classes = " ".join(f"<{iri}>" for iri in _TYPE_IRIS)
        q = (f"SELECT DISTINCT ?e ?g ?t WHERE {{ VALUES ?t1 {{ {classes} }} VALUES ?t2 {{ {classes} }} "
             "FILTER(?t1 != ?t2) GRAPH ?h1 { ?e a ?t1 } GRAPH ?h2 { ?e a ?t2 } GRAPH ?g { ?e a ?t } "
             f"FILTER(?t IN ({_CLASS_FILTER})) }}")
        rows = [(_s(r, "e"), _s(r, "g"), _s(r, "t")) for r in store.select(q)]
    else:  # given entities: their types, read by subject (the two-class test is done here)
        rows = [(value_of(q.subject), value_of(q.graph_name), value_of(q.object)) for q in lookup(store, entities, "subject", [RDF_TYPE])]
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for e, g, t in rows:
        if is_article_graph(g) or t not in _TYPE_IRIS:
            continue  # an article-local entity: described in its article only
        out[e][g].add(_TYPE_IRIS[t])
    return {e: dict(gs) for e, gs in out.items() if len({t for ts in gs.values() for t in ts}) > 1}


def _votes(store: OxigraphStore | RemoteStore, entities: Sequence[str]) -> dict[str, Counter[str]]:
    """entity IRI -> how many articles give it each type."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for chunk in _chunks(entities):
        q = (f"SELECT ?e ?t (COUNT(DISTINCT ?g) AS ?n) WHERE {{ {_values('e', chunk)} "
             "GRAPH ?g { ?e aikg:typedAs ?t } } GROUP BY ?e ?t")
        for row in store.select(q):
            t = _TYPE_IRIS.get(_s(row, "t"))
            if t is not None:
                out[_s(row, "e")][t] = int(_s(row, "n"))
    return out


def winner(iri: str, held: dict[str, set[str]], votes: Counter[str], registry: Registry) -> str:
    """The type an entity keeps: registry, then imported sources, then article votes, then ENTITY_TYPES order.

    >>> from aikg.graph.extract.registry import Registry
    >>> held = {ENTITY_GRAPH: {"Tool", "Company"}}
    >>> winner("https://w3id.org/aikg/id/zentrix", held, Counter(Tool=2, Company=1), Registry([]))
    'Tool'
    >>> winner("https://w3id.org/aikg/id/zentrix", held, Counter(Tool=1, Company=1), Registry([]))
    'Company'
    >>> winner("https://w3id.org/aikg/id/zentrix", {**held, "urn:source": {"Tool"}}, Counter(Company=5), Registry([]))
    'Tool'
    """
    rank = {t: i for i, t in enumerate(ENTITY_TYPES)}
    entry = registry.by_slug(iri[len(ENTITY_BASE):]) if iri.startswith(ENTITY_BASE) else None
    if entry is not None and entry.type in rank:
        return entry.type
    sources = Counter(t for g, ts in held.items() if g != ENTITY_GRAPH for t in ts)
    pool = sources or votes or Counter({t: 1 for ts in held.values() for t in ts})
    return min(pool, key=lambda t: (-pool[t], rank[t]))


def _facts(store: OxigraphStore | RemoteStore, entities: Sequence[str],
           graphs: Sequence[str] | None = None) -> list[tuple[str, str, str, str]]:
    """(graph, subject, predicate local name, object) of every relation or ``says`` touching ``entities``: in
    every graph, or (``graphs`` given) in those graphs only, read by graph."""
    if graphs is None:
        blocks = [f"{_values('e', c)} {{ GRAPH ?g {{ ?e ?p ?o }} BIND(?e AS ?s) }} UNION {{ GRAPH ?g {{ ?s ?p ?e }} BIND(?e AS ?o) }}"
                  for c in _chunks(entities)]
        rows = [(_s(r, "g"), _s(r, "s"), _s(r, "p"), _s(r, "o")) for b in blocks
                for r in store.select(f"SELECT DISTINCT ?g ?s ?p ?o WHERE {{ {b} FILTER(?p IN ({_REL_FILTER})) }}")]
    else:
        wanted = set(entities)
        rows = [(value_of(q.graph_name), value_of(q.subject), q.predicate.value, value_of(q.object))
                for q in lookup(store, graphs, "graph", _REL_NODES) if value_of(q.subject) in wanted or value_of(q.object) in wanted]
    return [(g, subj, p.rsplit("#", 1)[-1], obj) for g, subj, p, obj in rows if is_article_graph(g)]


def assertion(stated: str, subject_type: str | None, object_type: str | None) -> str | None:
    """The predicate a fact stated as ``stated`` is asserted with between entities of these types: itself,
    its maker counterpart, or None (set aside). Untyped ends (not entities) leave it as stated.

    >>> assertion("develops", "Company", "Model"), assertion("acquires", "Tool", "Company")
    ('builds', None)
    """
    if subject_type is None or object_type is None or admits(stated, subject_type, object_type):
        return stated
    other = COUNTERPART.get(stated)
    return other if other is not None and admits(other, subject_type, object_type) else None


@dataclass(frozen=True)
class _Statement:
    """A provenance statement as stored: its graph and node, subject, object, the predicate it asserts now,
    the predicate the article stated (``aikg:statedPredicate``, else the same) and whether it is set aside."""

    g: str
    node: str
    s: str
    o: str
    predicate: str
    stated: str
    set_aside: bool

    def change_to(self, asserted: str | None) -> tuple[list[Quad], list[Quad]]:
        """The quads to delete and insert so that the statement reads ``asserted`` (None: set aside)."""
        g, st = NamedNode(self.g), NamedNode(self.node)
        delete: list[Quad] = []
        insert: list[Quad] = []
        new_pred = asserted or self.stated
        if new_pred != self.predicate:
            delete.append(Quad(st, RDF_PREDICATE, NamedNode(AIKG.term(self.predicate)), g))
            insert.append(Quad(st, RDF_PREDICATE, NamedNode(AIKG.term(new_pred)), g))
        if (asserted is None) != self.set_aside:
            types = (RDF_STATEMENT, NamedNode(AIKG.SetAsideStatement))
            old, new = types if asserted is None else types[::-1]
            delete.append(Quad(st, RDF_TYPE, old, g))
            insert.append(Quad(st, RDF_TYPE, new, g))
        stated_node = NamedNode(AIKG.term(self.stated))
        had, has = self.predicate != self.stated, new_pred != self.stated
        if had and not has:
            delete.append(Quad(st, STATED, stated_node, g))
        if has and not had:
            insert.append(Quad(st, STATED, stated_node, g))
        return delete, insert


def _statements(store: OxigraphStore | RemoteStore, entities: Sequence[str],
                graphs: Sequence[str] | None = None) -> list[_Statement]:
    """The provenance statements (asserted or set aside) in article graphs whose subject or object is one of
    ``entities``: in every graph, or (``graphs`` given) in those graphs only, read by graph."""
    # each side of the UNION one pattern starting from the bound entity: a separate
    # ``GRAPH ?g { ?st rdf:subject ?s ; ... }`` after the UNION was evaluated over every statement of the store
    rest = "rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; rdf:type ?t OPTIONAL { ?st aikg:statedPredicate ?sp }"
    if graphs is None:
        blocks = [f"{_values('e', c)} {{ GRAPH ?g {{ ?st rdf:subject ?e ; {rest} }} }} UNION {{ GRAPH ?g {{ ?st rdf:object ?e ; {rest} }} }}"
                  for c in _chunks(entities)]
        rows: list[dict[str, str]] = [{k: _s(r, k) for k in ("g", "st", "s", "p", "o", "sp", "t") if k in r} for b in blocks
                                      for r in store.select(f"SELECT ?g ?st ?s ?p ?o ?sp ?t WHERE {{ {b} FILTER(?t IN (rdf:Statement, aikg:SetAsideStatement)) }}")]
    else:
        rows = _statement_rows(store, graphs, set(entities))
    out: dict[tuple[str, str], _Statement] = {}
    for row in rows:
        if not is_article_graph(row["g"]):
            continue
        p = row["p"].rsplit("#", 1)[-1]
        stated = row["sp"].rsplit("#", 1)[-1] if "sp" in row else p
        out[(row["g"], row["st"])] = _Statement(row["g"], row["st"], row["s"], row["o"], p, stated,
                                                row["t"] == AIKG.SetAsideStatement)
    return list(out.values())


_STATEMENT_KEYS = {NS["rdf"].subject: "s", NS["rdf"].predicate: "p", NS["rdf"].object: "o", AIKG.statedPredicate: "sp"}


def _statement_rows(store: OxigraphStore | RemoteStore, graphs: Sequence[str], wanted: set[str]) -> list[dict[str, str]]:
    """The provenance statements of ``graphs`` whose subject or object is in ``wanted``, read by graph."""
    nodes: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)
    for q in lookup(store, graphs, "graph", [NamedNode(p) for p in _STATEMENT_KEYS] + [RDF_TYPE]):
        key = (value_of(q.graph_name), value_of(q.subject))
        p, o = q.predicate.value, value_of(q.object)
        if p == RDF_TYPE.value:
            if o in (RDF_STATEMENT.value, AIKG.SetAsideStatement):
                nodes[key]["t"] = o
        else:
            nodes[key][_STATEMENT_KEYS[p]] = o
    return [{"g": g, "st": st, **row} for (g, st), row in nodes.items()
            if "t" in row and {"s", "p", "o"} <= row.keys() and (row["s"] in wanted or row["o"] in wanted)]


def _entity_types(store: OxigraphStore | RemoteStore, iris: Sequence[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for q in lookup(store, iris, "subject", [RDF_TYPE]):
        t = _TYPE_IRIS.get(value_of(q.object))
        if t is not None:
            out.setdefault(value_of(q.subject), t)
    return out


def _subject_quads(store: OxigraphStore | RemoteStore, graph: str, where: str, **terms: NamedNode) -> list[Quad]:
    """Every quad in ``graph`` whose subject ``?x`` satisfies ``where`` (a pattern over ``?x``)."""
    from .store import bind

    g = NamedNode(graph)
    rows = store.select(bind(f"SELECT ?x ?p ?o WHERE {{ GRAPH $g {{ {where} ?x ?p ?o }} }}", g=g, **terms))
    return [Quad(r["x"], r["p"], r["o"], g) for r in rows]  # type: ignore[arg-type]


def arbitrate(
    store: OxigraphStore | RemoteStore, registry: Registry, entities: Iterable[str] | None = None,
    graphs: Iterable[str] | None = None, journal: ChangeLog | None = None,
) -> Arbitration:
    """Settle every entity among ``entities`` (IRIs), among those the article ``graphs`` mention, or, when both
    are None, in the whole store, that holds more than one type (see the module docstring). The facts and
    quotes rewritten or removed are recorded in ``journal`` (graph/changes.py), in the same update.

    The article votes come from the typed-evidence tally (``graph.type_votes``), changed in the same update:
    ``graphs`` (written, replaced or removed by an ingest batch) are counted into it, and an entity whose
    winner is the type its statements were last reviewed for has only the statements of ``graphs`` reviewed,
    so the cost follows the batch, not the store. The whole store: the tally is recounted and every statement
    of a settled entity reviewed. ``entities`` alone: votes counted in the store, every statement reviewed."""
    result = Arbitration()
    graphs = None if graphs is None else sorted(set(graphs))
    if entities is None and graphs is None:
        tally, candidates = recount(store), None
    elif graphs is not None:
        tally = count_graphs(store, graphs)
        candidates = sorted(set(entities or ()) | tally.typed)
    else:
        tally, candidates = Tally(), sorted(set(entities or ()))
    held = _types(store, candidates) if candidates != [] else {}
    conflicted = sorted(held)
    delete: list[Quad] = []
    insert: list[Quad] = []
    if conflicted:
        _settle(store, registry, held, tally, graphs, result, delete, insert,
                tally.votes if entities is None or graphs is not None else _votes(store, conflicted))
    delete += tally.delete
    insert += tally.insert
    if delete or insert:
        log = journal or ChangeLog(store, enabled=False)
        with log.logging(entries_from_quads(delete), entries_from_quads(insert)) as logged:
            parts = []
            if delete:
                parts.append("DELETE DATA " + quads_to_insert_data(dict.fromkeys(delete)))
            if insert or logged:
                parts.append("INSERT DATA " + quads_to_insert_data([*dict.fromkeys(insert), *logged]))
            store.update(" ;\n".join(parts))
    return result


def _settle(
    store: OxigraphStore | RemoteStore, registry: Registry, held: dict[str, dict[str, set[str]]], tally: Tally,
    graphs: Sequence[str] | None, result: Arbitration, delete: list[Quad], insert: list[Quad],
    votes: dict[str, Counter[str]],
) -> None:
    """Choose the type of each entity of ``held`` and add to ``delete``/``insert`` what that changes."""
    conflicted = sorted(held)
    tally.complete(store, conflicted, votes=graphs is not None)
    result.settled = {e: winner(e, held[e], votes.get(e, Counter()), registry) for e in conflicted}
    # statements of an entity that keeps the type they were last reviewed for: only the batch's need a look
    batch_only = [e for e in conflicted if graphs is not None and tally.settled.get(e) == result.settled[e]]
    review = sorted(set(conflicted) - set(batch_only))
    facts, stmts = _facts(store, review), _statements(store, review)
    if batch_only:
        facts = list(dict.fromkeys(facts + _facts(store, batch_only, graphs)))
        stmts = list({(st.g, st.node): st for st in stmts + _statements(store, batch_only, graphs)}.values())
    others = sorted({x for _g, s, _p, o in facts for x in (s, o)} | {x for st in stmts for x in (st.s, st.o)})
    types = {**_entity_types(store, sorted(set(others) - set(conflicted))), **result.settled}
    for e, kept in result.settled.items():
        node = NamedNode(e)
        entity_graph = NamedNode(ENTITY_GRAPH)
        delete += [Quad(node, RDF_TYPE, NamedNode(AIKG.term(t)), entity_graph)
                   for t in held[e].get(ENTITY_GRAPH, set()) if t != kept]
        if kept not in held[e].get(ENTITY_GRAPH, set()):
            insert.append(Quad(node, RDF_TYPE, NamedNode(AIKG.term(kept)), entity_graph))
        result.touched.add(e)
    for g, s, p, o in facts:  # quotes whose speaker is no longer a person
        if p == "says" and types.get(s) not in (None, "Person"):
            delete.append(Quad(NamedNode(s), NamedNode(AIKG.says), NamedNode(o), NamedNode(g)))
            delete += _subject_quads(store, g, "FILTER(?x = $q)", q=NamedNode(o))
            result.quotes_removed += 1
            result.touched |= {g, s}
    # every statement's fact, asserted as the types now admit it: a function of the statements and the
    # types alone, so the result does not depend on the order articles (or earlier arbitrations) came in
    wanted: set[tuple[str, str, str, str]] = set()
    managed: set[tuple[str, str, str, str]] = set()
    for st in stmts:
        asserted = assertion(st.stated, types.get(st.s), types.get(st.o))
        if asserted is not None:
            wanted.add((st.g, st.s, asserted, st.o))
        for pred in (st.stated, COUNTERPART.get(st.stated)):
            if pred is not None:
                managed.add((st.g, st.s, pred, st.o))
        d, i = st.change_to(asserted)
        delete += d
        insert += i
        if d or i:
            result.touched |= {st.g, st.s, st.o}
            if asserted is None:
                result.removed += 1
            elif asserted != st.stated:
                result.rewritten += 1
            elif st.set_aside or st.predicate != st.stated:
                result.restored += 1
    current = {(g, s, p, o) for g, s, p, o in facts if p != "says"}
    for g, s, p, o in (current & managed) - wanted:
        delete.append(Quad(NamedNode(s), NamedNode(AIKG.term(p)), NamedNode(o), NamedNode(g)))
    for g, s, p, o in wanted - current:
        insert.append(Quad(NamedNode(s), NamedNode(AIKG.term(p)), NamedNode(o), NamedNode(g)))
    for e, kept in result.settled.items():
        tally.settle(e, kept)


def arbitrate_batch(
    store: OxigraphStore | RemoteStore, registry: Registry, graphs: Sequence[str], pending: list[str],
    journal: ChangeLog | None = None,
) -> Arbitration:
    """:func:`arbitrate` the article ``graphs`` just written, replaced or removed, with the ``pending`` graphs of an
    earlier batch whose arbitration failed. ``pending`` is the caller's list: emptied on success; on a
    ``StoreError`` (re-raised) it holds every graph not counted yet, to be counted with the next batch."""
    todo = [*pending, *graphs]
    try:
        result = arbitrate(store, registry, graphs=todo, journal=journal)
    except StoreError:
        pending[:] = todo
        raise
    pending.clear()
    return result


def type_conflicts(store: OxigraphStore | RemoteStore) -> list[TypeConflict]:
    """Every entity that holds more than one type in the store (what :func:`arbitrate` settles), by label."""
    held = _types(store, None)
    labels: dict[str, str] = {}
    for chunk in _chunks(sorted(held)):
        for row in store.select(f"SELECT ?x (SAMPLE(?l) AS ?label) WHERE {{ {_values('x', chunk)} ?x rdfs:label ?l }} GROUP BY ?x"):
            labels[_s(row, "x")] = _s(row, "label")
    out = [TypeConflict(e, labels.get(e, ""), tuple(sorted({t for ts in gs.values() for t in ts}))) for e, gs in held.items()]
    return sorted(out, key=lambda c: (c.label.lower(), c.iri))
