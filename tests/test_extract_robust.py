"""Robustness: any text returns, in roughly linear time; offsets stay inside the text."""

from __future__ import annotations

import gc
import time

from hypothesis import HealthCheck, given, settings, strategies as st

from aikg.graph.articles import Article, article_from_record
from aikg.graph.extract import extract

from .frame_sentences import SENTENCES

PIECES = st.sampled_from(
    ["OpenAI", "GPT-4", "Meta’s", "“", "”", '"', "‘", "’", "'", ", said ", "CEO", " Sam Altman", " and ", ", ",
     "invested $2 billion in ", "Anthropic", ".", "\n", "its", " the company ", "ﬁ", "\u202e", "\x00", "😀",
     "Ａｌｐｈａ", "İ", "\x01", "\x02", " rival to ", "Inc.", "——", " acquired ", "Llama 3.1 405B"]
)
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=120).map("".join))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_any_text_returns(text: str) -> None:
    ex = extract(Article(id="x", text=text, title="t"))
    n = len(text)
    for m in ex.mentions:
        assert 0 <= m.start <= m.end <= n + 1
    for f in ex.facts:
        assert 0 <= f.start <= f.end <= n + 1
        assert f.subject in ex.entities and f.object in ex.entities
    for q in ex.quotes:
        assert q.speaker in ex.entities


def _time(text: str, runs: int = 3) -> float:
    """Best wall time of ``runs`` extractions, without the garbage collector's pauses (the test process is large;
    one run on a busy two-core machine can be stalled by other processes)."""
    art = article_from_record({"title": "t", "text": text})
    best = float("inf")
    for _ in range(runs):
        gc.collect()
        gc.disable()
        try:
            t0 = time.perf_counter()
            extract(art)
            best = min(best, time.perf_counter() - t0)
        finally:
            gc.enable()
    return best


SENTENCE_POOL = [text for _, text, _ in SENTENCES] + [
    "OpenAI and “Meta said Google invested in Anthropic, the startup's rival, 'and ",
    "He said it would. The company, which it bought, said the chipmaker's CEO Sam Altman agreed. ",
    '"We are building the future," said Jane Roe, chief executive of Contoso. ',
]


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(SENTENCE_POOL), min_size=6, max_size=10))
def test_extraction_time_grows_linearly(unit_sentences: list[str]) -> None:
    """Four times the text takes about four times as long (quadratic work, e.g. coreference comparing every
    mention with every other, would take sixteen): the growth is asserted, not just the finishing."""
    unit = " ".join(unit_sentences) + "\n"
    extract(article_from_record({"title": "t", "text": unit}))  # the pipeline is loaded once per process
    small = _time(unit * 6)
    big = _time(unit * 24)
    assert big < 8 * small, (small, big)


def test_one_long_sentence_and_unbalanced_quotes_are_linear() -> None:
    unit = "OpenAI and “Meta said Google invested in Anthropic, the startup's rival, 'and "
    small = _time(unit * 100)
    big = _time(unit * 400)  # a single ~5,000-word sentence
    assert big < 8 * max(small, 0.005), (small, big)  # quadratic work would be ~16x


def test_nested_and_unclosed_quotes() -> None:
    text = '“He said "it is ‘fine’ and “nested” quotes" never close' * 200
    extract(article_from_record({"title": "t", "text": text}))
