"""Relations of an entity (graph/queries.py): counted by supporting article, sources newest first, each
sentence its own source, evidence filled for exactly the sources a response shows."""

from __future__ import annotations

from datetime import date

from aikg.graph import KnowledgeGraph, queries as Q
from aikg.graph.rdf import article_quads

from .test_api_fixtures import _article, _extraction

TWICE = "OpenAI builds GPT-4. Again: OpenAI builds GPT-4 and Microsoft invested in OpenAI."


def _graph(n_more: int) -> KnowledgeGraph:
    kg = KnowledgeGraph.open("memory")
    first = _article(TWICE, "Twice", "https://example.com/twice", date(2024, 1, 5), "Wire")
    facts = [("openai", "builds", "gpt-4", "OpenAI builds GPT-4."),
             ("openai", "builds", "gpt-4", "OpenAI builds GPT-4 and Microsoft invested in OpenAI.")]
    ex = _extraction(first, facts, [])
    pairs = [(first, ex)]
    for i in range(n_more):
        art = _article(f"OpenAI builds GPT-4. Story {i}.", f"Story {i}", f"https://example.com/{i}", date(2024, 2, 1 + i), None)
        pairs.append((art, _extraction(art, [("openai", "builds", "gpt-4", "OpenAI builds GPT-4.")], [])))
    for art, extraction in pairs:
        kg.store.replace_graphs([f"https://w3id.org/aikg/article/{art.id}"], article_quads(art, extraction))
    kg.changed()
    return kg


def test_every_sentence_is_a_source_and_articles_are_counted() -> None:
    kg = _graph(n_more=3)
    page = Q.entity_relations(kg, "openai", "builds", "out")
    (rel,) = page.items
    assert rel.source_count == 4  # articles
    assert [s.title for s in rel.sources][:3] == ["Story 2", "Story 1", "Story 0"]  # newest first
    twice = [s for s in rel.sources if s.title == "Twice"]
    assert sorted(s.char_start or 0 for s in twice) == [0, TWICE.index("OpenAI builds GPT-4 and")]
    assert all(s.evidence and s.confidence == 0.9 and s.url for s in rel.sources)
    assert rel.first == "2024-01-05" and rel.last == "2024-02-03"


def test_the_detail_reads_evidence_only_for_the_sources_it_shows() -> None:
    kg = _graph(n_more=8)
    detail = Q.entity_detail(kg, "openai", max_sources=2)
    (group,) = [g for g in detail.relations if g.predicate == "builds"]
    (rel,) = group.relations
    assert rel.source_count == 9 and len(rel.sources) == 2
    assert [s.title for s in rel.sources] == ["Story 7", "Story 6"]
    assert all(s.evidence == "OpenAI builds GPT-4." for s in rel.sources)
