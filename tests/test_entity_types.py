"""One type per entity per store (graph/entity_types.py): arbitration across articles, and validate's report.

Extractions are written by hand here, so the tests hold whatever the extractor makes of a sentence.
"""

from __future__ import annotations

import itertools
import sys

import pytest
from pyoxigraph import NamedNode, Quad

from aikg.graph import KnowledgeGraph
from aikg.graph.articles import article_from_record
from aikg.graph.entity_types import arbitrate, type_conflicts
from aikg.graph.extract.model import Entity, Extraction, Fact, Mention, Quote
from aikg.graph.rdf import article_quads
from aikg.ontology import AIKG, ENTITY_GRAPH, entity_iri

from .conftest import ROOT

E = ENTITY_GRAPH


def _article(n: int, entities: list[Entity], facts: list[tuple[str, str, str]], quotes: tuple[Quote, ...] = ()) -> list[Quad]:
    text = f"Article number {n}. " + " ".join(e.label for e in entities) + "."
    art = article_from_record({"title": f"t{n}", "text": text, "url": f"https://news.example/{n}"})
    ex = Extraction(art.id)
    ex.entities = {e.key: e for e in entities}
    ex.mentions = [Mention(0, 1, e.label, e.key) for e in entities]
    ex.facts = [Fact(s, p, o, 0, len(text), 0.9, "test") for s, p, o in facts]
    ex.quotes = list(quotes)
    return article_quads(art, ex)


def _types(kg: KnowledgeGraph, slug: str) -> set[str]:
    rows = kg.select("SELECT ?t WHERE { GRAPH $g { $e a ?t } }", g=NamedNode(E), e=NamedNode(entity_iri(slug)))
    return {str(r["t"].value).rsplit("#", 1)[-1] for r in rows}


def _facts(kg: KnowledgeGraph, pred: str) -> set[tuple[str, str]]:
    rows = kg.select("SELECT ?s ?o WHERE { GRAPH ?g { ?s $p ?o } }", p=NamedNode(AIKG.term(pred)))
    return {(str(r["s"].value).rsplit("/", 1)[-1], str(r["o"].value).rsplit("/", 1)[-1]) for r in rows}


def _statements(kg: KnowledgeGraph, pred: str, kind: str = "rdf:Statement") -> int:
    """How many provenance statements of this kind (asserted, or aikg:SetAsideStatement) read ``pred``."""
    rows = kg.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?st a {kind} ; rdf:predicate $p }} }}",
                     p=NamedNode(AIKG.term(pred)))
    return int(rows[0]["n"].value)


def _state(kg: KnowledgeGraph) -> set[tuple[str, ...]]:
    """Every quad of the article graphs and the entity graph, timestamps aside (to compare two stores)."""
    return {(str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) for q in kg.store.raw
            if not q.predicate.value.endswith("generatedAtTime")}


FAB = Entity("fabrikam", "Fabrikam", "Company")
NORTH = Entity("northwind", "Northwind", "Company")


def _zen(t: str) -> Entity:
    return Entity("zentrix", "Zentrix", t)


def _store(*articles: list[Quad]) -> KnowledgeGraph:
    kg = KnowledgeGraph.open("memory")
    for quads in articles:
        kg.store.insert_graphs(quads)
    return kg


def test_majority_wins_and_facts_the_loser_needed_go_with_their_statements() -> None:
    kg = _store(
        _article(1, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]),
        _article(2, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]),
        _article(3, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")]),
    )
    assert _types(kg, "zentrix") == {"Tool", "Company"}
    assert [c.types for c in type_conflicts(kg.store)] == [("Company", "Tool")]
    result = arbitrate(kg.store, kg.registry)
    assert result.settled == {entity_iri("zentrix"): "Tool"}
    assert _types(kg, "zentrix") == {"Tool"}
    assert _facts(kg, "acquires") == set() and _statements(kg, "acquires") == 0
    assert _statements(kg, "acquires", "aikg:SetAsideStatement") == 1  # its evidence kept, not asserted
    assert _facts(kg, "develops") == {("fabrikam", "zentrix")} and _statements(kg, "develops") == 2
    assert (result.removed, result.rewritten) == (1, 0)
    assert type_conflicts(kg.store) == []
    report = kg.validate()
    assert report.conforms, report.text()


def test_maker_facts_follow_the_winning_kind_of_asset() -> None:
    kg = _store(
        _article(1, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]),
        _article(2, [FAB, _zen("Model")], [("fabrikam", "builds", "zentrix")]),
        _article(3, [NORTH, _zen("Model")], [("northwind", "builds", "zentrix")]),
    )
    result = arbitrate(kg.store, kg.registry)
    assert result.settled == {entity_iri("zentrix"): "Model"} and result.rewritten == 1
    assert _facts(kg, "develops") == set() and _statements(kg, "develops") == 0
    assert _facts(kg, "builds") == {("fabrikam", "zentrix"), ("northwind", "zentrix")}
    assert _statements(kg, "builds") == 3  # article 1's statement now reads builds, its evidence kept
    stated = kg.select("SELECT ?p WHERE { GRAPH ?g { ?st aikg:statedPredicate ?p } }")
    assert [str(r["p"].value) for r in stated] == [AIKG.develops]
    assert kg.validate().conforms


def test_facts_set_aside_come_back_when_the_type_changes_back() -> None:
    """Two Company readings first (Zentrix acquires Northwind is asserted), then three Tool readings: the
    acquisition is set aside; the store equals one built from all five articles at once."""
    arts = [_article(i, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")]) for i in (1, 2)]
    arts += [_article(i, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]) for i in (3, 4, 5)]
    step = KnowledgeGraph.open("memory")
    for quads in arts:
        step.store.insert_graphs(quads)
        arbitrate(step.store, step.registry)
    assert _types(step, "zentrix") == {"Tool"} and _facts(step, "acquires") == set()
    at_once = _store(*arts)
    arbitrate(at_once.store, at_once.registry)
    assert _state(step) == _state(at_once)
    # two more Company readings: Company wins again and the acquisitions are asserted again
    for i in (6, 7):
        step.store.insert_graphs(_article(i, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")]))
    result = arbitrate(step.store, step.registry)
    assert _types(step, "zentrix") == {"Company"} and result.restored == 2
    assert _facts(step, "acquires") == {("zentrix", "northwind")} and _statements(step, "acquires") == 4
    assert _facts(step, "develops") == set() and _statements(step, "develops", "aikg:SetAsideStatement") == 3
    assert step.select("SELECT ?st WHERE { ?st aikg:statedPredicate ?p }") == []
    assert step.validate().conforms


def test_the_registry_outranks_any_number_of_articles() -> None:
    gpt = Entity("gpt-4", "GPT-4", "Tool")
    kg = _store(*(_article(i, [FAB, gpt], [("fabrikam", "develops", "gpt-4")]) for i in range(3)))
    kg.store.insert_graphs(_article(9, [Entity("openai", "OpenAI", "Company"), Entity("gpt-4", "GPT-4", "Model")],
                                    [("openai", "builds", "gpt-4")]))
    assert kg.registry.by_slug("gpt-4") is not None and kg.registry.by_slug("gpt-4").type == "Model"
    result = arbitrate(kg.store, kg.registry)
    assert result.settled == {entity_iri("gpt-4"): "Model"}
    assert _facts(kg, "builds") == {("fabrikam", "gpt-4"), ("openai", "gpt-4")}


def test_an_imported_source_outranks_article_votes() -> None:
    kg = _store(*(_article(i, [FAB, _zen("Company")], [("zentrix", "acquires", "fabrikam")]) for i in range(2)))
    kg.store.add([Quad(NamedNode(entity_iri("zentrix")), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       NamedNode(AIKG.Tool), NamedNode("https://w3id.org/aikg/source/test"))])
    result = arbitrate(kg.store, kg.registry)
    assert result.settled == {entity_iri("zentrix"): "Tool"}
    assert _types(kg, "zentrix") == {"Tool"} and _facts(kg, "acquires") == set()


def test_a_quote_whose_speaker_is_no_longer_a_person_goes() -> None:
    roe = lambda t: Entity("jane-roe", "Jane Roe", t)  # noqa: E731
    q = Quote("We are ready.", 0, 5, "jane-roe")
    kg = _store(
        _article(1, [FAB, roe("Person")], [("jane-roe", "leads", "fabrikam")], [q]),
        _article(2, [roe("Company")], []),
        _article(3, [roe("Company")], []),
    )
    result = arbitrate(kg.store, kg.registry)
    assert result.settled == {entity_iri("jane-roe"): "Company"} and result.quotes_removed == 1
    assert kg.select("SELECT ?q WHERE { ?q a aikg:Quote }") == []
    assert _facts(kg, "leads") == set()
    assert kg.validate().conforms


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_the_result_does_not_depend_on_the_order_articles_arrive_in(order: tuple[int, ...]) -> None:
    arts = [
        _article(1, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]),
        _article(2, [FAB, _zen("Model")], [("fabrikam", "builds", "zentrix")]),
        _article(3, [NORTH, _zen("Company")], [("northwind", "investsIn", "zentrix")]),
    ]
    kg = KnowledgeGraph.open("memory")
    for i in order:  # settled after every article, as ingest does
        kg.store.insert_graphs(arts[i])
        arbitrate(kg.store, kg.registry)
    # one vote each: the tie goes to the first of ENTITY_TYPES (Company), whatever came first
    assert _types(kg, "zentrix") == {"Company"}
    assert _facts(kg, "investsIn") == {("northwind", "zentrix")}
    assert _facts(kg, "builds") == set() and _facts(kg, "develops") == set()
    at_once = _store(*arts)
    arbitrate(at_once.store, at_once.registry)
    assert _state(kg) == _state(at_once)


def test_validate_reports_an_entity_with_two_types() -> None:
    kg = _store(_article(1, [FAB, _zen("Tool")], []))
    kg.store.add([Quad(NamedNode(entity_iri("zentrix")), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                       NamedNode(AIKG.Company), NamedNode(E))])
    report = kg.validate()
    assert not report.conforms
    assert [str(c) for c in report.conflicts] == [f"Zentrix <{entity_iri('zentrix')}> is typed Company and Tool"]
    assert "1 type conflict(s)" in report.text()


@pytest.mark.slow
def test_ingest_settles_the_conflicts_of_a_generated_corpus() -> None:
    """The generated corpus types some unknown names differently in different articles (and two planted
    articles do, whatever the corpus holds: it varies with ../shared); every batch of an ingest settles them, so the store ends with none (tests/test_faults.py validates such a store
    against the shapes)."""
    sys.path.insert(0, str(ROOT))
    from bench.corpus import generate

    from .conftest import PLANTED_DISAGREEMENT

    kg = KnowledgeGraph.open("memory")
    planted = [{"title": t[:30], "text": t} for t in PLANTED_DISAGREEMENT]  # disagreement whatever the corpus holds
    records = list(generate(1000, seed=3))
    report = kg.ingest_records(records[:400] + planted[:1] + records[400:] + planted[1:])
    assert report.failed == 0
    disagreeing = kg.select(
        "SELECT ?e WHERE { GRAPH ?a { ?e aikg:typedAs ?t1 } GRAPH ?b { ?e aikg:typedAs ?t2 } FILTER(?t1 != ?t2) } LIMIT 1"
    )
    assert disagreeing, "the corpus no longer has articles that disagree: this test proves nothing"
    assert type_conflicts(kg.store) == []


def test_a_batch_that_changes_a_type_reviews_the_earlier_articles_too() -> None:
    """Settling after each batch (what ingest does) reviews only the batch's articles for an entity that keeps
    its type, and every article for one whose type changes: either way the store ends as if settled at once."""
    from aikg.ontology import is_article_graph

    kg = KnowledgeGraph.open("memory")
    done: list[list[Quad]] = []

    def batch(*arts: list[Quad]) -> None:
        for quads in arts:
            kg.store.insert_graphs(quads)
            done.append(quads)
        graphs = sorted({q.graph_name.value for quads in arts for q in quads
                         if isinstance(q.graph_name, NamedNode) and is_article_graph(q.graph_name.value)})
        arbitrate(kg.store, kg.registry, graphs=graphs)
        at_once = _store(*done)
        arbitrate(at_once.store, at_once.registry)
        assert _state(kg) == _state(at_once)

    batch(_article(1, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]))
    assert _facts(kg, "develops") == {("fabrikam", "zentrix")}
    batch(_article(2, [NORTH, _zen("Company")], [("zentrix", "acquires", "northwind")]),
          _article(3, [NORTH, _zen("Company")], [("northwind", "partnersWith", "zentrix")]))
    # Company wins 2 to 1: article 1 (not in the batch) no longer asserts that Fabrikam develops Zentrix
    assert _types(kg, "zentrix") == {"Company"}
    assert _facts(kg, "develops") == set() and _statements(kg, "develops", "aikg:SetAsideStatement") == 1
    # a batch that keeps the winner (a tie goes to Company): its own fact is set aside, the rest stays
    batch(_article(4, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]))
    assert _types(kg, "zentrix") == {"Company"} and _statements(kg, "develops", "aikg:SetAsideStatement") == 2
    # and back: Tool wins 3 to 2, both earlier develops facts are asserted again
    batch(_article(5, [FAB, _zen("Tool")], [("fabrikam", "develops", "zentrix")]))
    assert _types(kg, "zentrix") == {"Tool"} and _facts(kg, "develops") == {("fabrikam", "zentrix")}
    assert _statements(kg, "develops", "aikg:SetAsideStatement") == 0
    assert ("zentrix", "northwind") not in _facts(kg, "acquires")
