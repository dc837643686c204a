"""The typed-evidence tally (graph/type_votes.py): right after every kind of write, and what it buys: the
arbitration after a batch reads as much on a large store as on a small one."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from pyoxigraph import NamedNode

from aikg.graph import KnowledgeGraph, Settings, StoreError, entity_types, type_votes
from aikg.graph.entity_types import arbitrate
from aikg.graph.extract.model import Entity
from aikg.graph.type_votes import VOTES_GRAPH, read, recount
from aikg.ontology import ENTITY_TYPES, admits, entity_iri, is_article_graph

from .conftest import PLANTED_DISAGREEMENT
from .test_entity_types import FAB, NORTH, _article, _state, _store, _zen

ZEN = entity_iri("zentrix")


def _counted_in_store(kg: KnowledgeGraph) -> dict[str, Counter[str]]:
    """What the tally should say: every article's aikg:typedAs, counted afresh."""
    out: dict[str, Counter[str]] = {}
    for r in kg.select("SELECT ?e ?t (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?e aikg:typedAs ?t } } GROUP BY ?e ?t"):
        out.setdefault(str(r["e"].value), Counter())[str(r["t"].value).rsplit("#", 1)[-1]] = int(r["n"].value)
    return out


def _assert_right(kg: KnowledgeGraph) -> None:
    want = _counted_in_store(kg)
    held, _settled = read(kg.store, want)
    assert {e: +c for e, c in held.items() if +c} == want
    fresh = recount(kg.store)
    assert (fresh.delete, fresh.insert) == ([], []), "recounting the whole store would change the tally"
    graphs = [g for g in kg.store.named_graphs() if is_article_graph(g)]
    assert type_votes._counted(kg.store, graphs) == type_votes._typed_in(kg.store, graphs)  # each graph's record


def test_the_tally_follows_new_replaced_and_removed_articles(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec, Settings(store=store_spec, ingest_workers=1))
    startup, chatbot = ({"title": "s", "url": "https://news.example/zentrix", "text": PLANTED_DISAGREEMENT[0]},
                        {"title": "c", "url": "https://news.example/chatbot", "text": PLANTED_DISAGREEMENT[1]})
    kg.ingest_records([startup, chatbot, {**chatbot, "url": "https://news.example/chatbot-2"}])
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Company=1, Tool=2)
    _assert_right(kg)
    kg.ingest_records([{**startup, "text": PLANTED_DISAGREEMENT[1]}])  # the startup article edited: now a chatbot
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Tool=3)
    _assert_right(kg)
    kg.ingest_records([chatbot])  # the same article again: counted once
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Tool=3)
    gone = next(str(r["id"].value) for r in kg.select(
        "SELECT ?id WHERE { GRAPH ?g { ?g dcterms:identifier ?id ; schema:url ?u } FILTER(STRENDS(STR(?u), 'chatbot-2')) }"))
    assert kg.remove_article(gone)
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Tool=2)
    _assert_right(kg)
    kg.close()


def test_a_failed_count_is_retried_and_an_update_recounts(monkeypatch: pytest.MonkeyPatch) -> None:
    kg = KnowledgeGraph.open("memory", Settings(store="memory", ingest_workers=1))
    kg.ingest_records([{"title": "a", "text": PLANTED_DISAGREEMENT[0]}])
    real = entity_types.count_graphs

    def broken(*_a: Any, **_k: Any) -> Any:
        raise StoreError("store went away")

    monkeypatch.setattr(entity_types, "count_graphs", broken)
    report = kg.ingest_records([{"title": "b", "text": PLANTED_DISAGREEMENT[1]}])
    assert report.new == 1 and any("not arbitrated" in w for w in report.warnings)
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Company=1)  # b stored, not counted yet
    monkeypatch.setattr(entity_types, "count_graphs", real)
    kg.ingest_records([{"title": "c", "text": "Fabrikam hired Jane Roe."}])  # counted with the next batch
    assert read(kg.store, [ZEN])[0][ZEN] == Counter(Company=1, Tool=1)
    _assert_right(kg)
    kg.update("DELETE WHERE { GRAPH ?g { ?e aikg:typedAs aikg:Tool } }")  # a raw update behind the tally's back
    kg.ingest_records([{"title": "d", "text": "Fabrikam hired John Doe."}])
    _assert_right(kg)


def _counting(kg: KnowledgeGraph) -> dict[str, int]:
    """Count the rows every query of ``kg.store`` returns and the quads every index read returns (what the
    arbitration reads)."""
    seen = {"rows": 0}

    def counting(read: Any) -> Any:
        def counted(*args: Any) -> Any:
            rows = read(*args)
            seen["rows"] += len(rows)
            return rows
        return counted

    kg.store.select = counting(kg.store.select)  # type: ignore[method-assign]
    if hasattr(kg.store, "quads"):
        kg.store.quads = counting(kg.store.quads)  # type: ignore[method-assign]
    return seen


def test_the_arbitration_after_a_batch_reads_as_much_on_a_large_store() -> None:
    """A store where Zentrix is read as a Tool by most articles and a Company by the others; a batch of two
    articles disagrees again. Settling after the batch reads the same number of rows whether the store holds
    12 or 120 articles about Zentrix (before the tally: every article's statements and votes)."""
    tool, company = 4, 2

    def rows_for(scale: int) -> int:
        arts = [_article(i, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]) for i in range(tool * scale)]
        arts += [_article(1000 + i, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")])
                 for i in range(company * scale)]
        kg = _store(*arts)
        arbitrate(kg.store, kg.registry)
        batch = [_article(5000, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")]),
                 _article(5001, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")])]
        for quads in batch:
            kg.store.insert_graphs(quads)
        graphs = sorted({q.graph_name.value for quads in batch for q in quads
                         if isinstance(q.graph_name, NamedNode) and is_article_graph(q.graph_name.value)})
        seen = _counting(kg)
        result = arbitrate(kg.store, kg.registry, graphs=graphs)
        assert result.settled == {ZEN: "Tool"} and result.removed == 1  # the batch's acquisition set aside
        return seen["rows"]

    small, large = rows_for(2), rows_for(20)
    assert small == large, (small, large)


def test_batches_end_as_the_whole_store_settled_at_once() -> None:
    """Random batches of articles typing three names differently (settled after each batch, reviewing only
    the batch where a type is kept) end in the same store as all the articles settled at once. Each article
    states only facts its own types admit, as the extractor does (relations/common.py DOMAIN): a statement
    written in agreement with the store's types needs no review until a type changes."""
    rng = random.Random(7)
    names = [("zentrix", "Zentrix"), ("orbix", "Orbix"), ("quill", "Quill")]
    arts = []
    for n in range(40):
        slug, label = rng.choice(names)
        kind = rng.choice(ENTITY_TYPES[:4])
        subject = rng.choice([FAB, NORTH])
        # as the extractor does: facts its own reading of the types admits (arbitration reviews the others)
        preds = [p for p in ("develops", "builds", "acquires", "partnersWith", "investsIn") if admits(p, "Company", kind)]
        arts.append(_article(n, [subject, Entity(slug, label, kind)], [(subject.key, rng.choice(preds), slug)]))
    kg = KnowledgeGraph.open("memory")
    i = 0
    while i < len(arts):
        batch = arts[i : i + rng.randint(1, 4)]
        i += len(batch)
        for quads in batch:
            kg.store.insert_graphs(quads)
        graphs = {q.graph_name.value for quads in batch for q in quads if isinstance(q.graph_name, NamedNode)}
        arbitrate(kg.store, kg.registry, graphs=[g for g in graphs if is_article_graph(g)])
    at_once = _store(*arts)
    arbitrate(at_once.store, at_once.registry)
    assert _state(kg) == _state(at_once)
    assert any(q.graph_name == NamedNode(VOTES_GRAPH) for q in kg.store.raw)


def test_the_tally_is_no_link_to_entities() -> None:
    """Entities and articles appear in the tally only as literals: reading an entity or an article finds
    nothing of it."""
    kg = _store(_article(1, [FAB, _zen("Tool")], []), _article(2, [FAB, _zen("Company")], []))
    arbitrate(kg.store, kg.registry)
    rows = kg.select("SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o } }", g=NamedNode(VOTES_GRAPH))
    assert rows and all(not str(r["s"].value).startswith(entity_iri("")) for r in rows)
    assert all(not isinstance(r["o"], NamedNode) for r in rows)
