"""Several articles extracted in one pass of the pipeline (``extract_many``, what ingest workers do) give what
one article at a time gives; the NER is skipped only where the registry names everything; a bad article in a
worker's chunk fails alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aikg.graph import ingest
from aikg.graph.articles import Article, ReadError, read_paths
from aikg.graph.extract import extract, extract_many
from aikg.graph.extract.nlp import parse_sentences

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "articles"


def _articles() -> list[Article]:
    arts = [a for a in read_paths([EXAMPLES]) if not isinstance(a, ReadError)]
    assert len(arts) >= 6
    return arts


def _key(ex: Any) -> tuple[Any, ...]:
    return (sorted((f.subject, f.predicate, f.object, f.confidence, f.start, f.end) for f in ex.facts),
            sorted((k, e.type) for k, e in ex.entities.items()),
            sorted((q.text, q.speaker) for q in ex.quotes))


def test_extract_many_equals_one_at_a_time() -> None:
    arts = _articles()
    many = extract_many(arts)
    assert [_key(x) for x in many] == [_key(extract(a)) for a in arts]
    assert sum(len(x.facts) for x in many) > 20  # the examples state facts: the comparison compares something


def test_ner_flags_change_entities_only() -> None:
    texts = ["Jane Roe joined Contoso as chief scientist.", "OpenAI and Microsoft signed a deal."]
    with_ner = parse_sentences(texts, [True, True])
    without = parse_sentences(texts, [False, False])
    for a, b in zip(with_ner, without, strict=True):
        assert [(t.text, t.tag_, t.dep_, t.head.i) for t in a] == [(t.text, t.tag_, t.dep_, t.head.i) for t in b]
        assert not b.ents
    assert any(e.label_ == "PERSON" for e in with_ner[0].ents)


def test_a_bad_article_in_a_workers_chunk_fails_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    arts = _articles()[:4]
    bad = arts[2].id

    def one(article: Article, registry: Any = None) -> Any:
        if article.id == bad:
            raise RuntimeError("planted extractor bug")
        return extract(article, registry)

    def many(articles: Any, registry: Any = None) -> Any:
        return [one(a, registry) for a in articles]

    monkeypatch.setattr(ingest, "extract", one)
    monkeypatch.setattr(ingest, "extract_many", many)
    ingest.worker_init(None)
    out = ingest.worker_prepare([*arts, ReadError("x.txt", "unreadable")], keep=True)
    assert isinstance(out[-1], ReadError)
    errors = {w[0].id: w[3] for w in out[:-1] if not isinstance(w, ReadError)}
    assert errors[bad] is not None and "planted extractor bug" in errors[bad]
    assert [i for i, e in errors.items() if e is None] == [a.id for a in arts if a.id != bad]
