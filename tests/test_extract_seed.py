"""The seed article: every required triple and quote, no false fact, nothing from must_not_extract."""

from __future__ import annotations

import json
from typing import Any

import pytest

from aikg.graph.articles import Article, read_path
from aikg.graph.evaluation import score_article
from aikg.graph.extract import EXTRACTOR_VERSION, extract

from .conftest import SEED, SEED_GOLD


@pytest.fixture(scope="module")
def seed() -> tuple[Article, dict[str, Any]]:
    art = next(iter(read_path(SEED)))
    assert isinstance(art, Article)
    return art, json.loads(SEED_GOLD.read_text(encoding="utf-8"))


def test_every_required_triple_and_no_false_fact(seed: tuple[Article, dict[str, Any]]) -> None:
    art, gold = seed
    score = score_article("seed", gold, extract(art))
    assert score.misses == []
    assert score.false_facts == []


def test_every_quote_with_its_speaker(seed: tuple[Article, dict[str, Any]]) -> None:
    art, gold = seed
    score = score_article("seed", gold, extract(art))
    assert score.quote_misses == []
    assert score.quotes_ok == len(gold["quotes"])


def test_nothing_from_the_author_biography_or_boilerplate(seed: tuple[Article, dict[str, Any]]) -> None:
    art, _ = seed
    ex = extract(art)
    labels = {e.label for e in ex.entities.values()}
    assert not labels & {"Marcus", "Share", "Tags", "Original Sources", "Related Articles", "The Analyst"}
    assert ex.entities["everest-group"].type == "Company"
    for f in ex.facts:
        assert 0 <= f.start < f.end <= len(art.text)
        assert f.extractor == EXTRACTOR_VERSION
        assert "fixed-income" not in art.text[f.start : f.end]


def test_speaker_role_and_anonymous_speaker(seed: tuple[Article, dict[str, Any]]) -> None:
    art, _ = seed
    ex = extract(art)
    sengar = next(e for e in ex.entities.values() if e.label == "Abhivyakti Sengar")
    assert sengar.job_title == "Senior Analyst"
    anon = [e for e in ex.entities.values() if e.local]
    assert anon and anon[0].type == "Person" and anon[0].affiliation == "meta"
    assert ("a Meta employee", "worksFor", "Meta") in ex.triples()
    quote = next(q for q in ex.quotes if q.speaker == anon[0].key)
    assert "metamate" in quote.about
