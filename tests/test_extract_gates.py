"""Gates answer exactly like a case-insensitive regex search, for every trigger the relation patterns use."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from aikg.graph.extract import relations
from aikg.graph.extract.gates import Gate

TRIGGERS = sorted({g.pattern for _, _, g in relations._CLAUSES if g is not None})
EXTRA = [r"releas|open.sourc| (?:into|in) |^(?:by|after) ", r"us|rel|use", r"(?:a|b)c|x[yz]", r"under the"]
GATES = [Gate(p) for p in TRIGGERS + EXTRA]
WORDS = st.sampled_from(
    ["released", "Open-Sourced", "us", "rel", "BUSINESS", "into", " in ", "By", "after", "under the", "ac", "xz",
     "partnered", "take on", "Acquired", "invests", "led", "\x01C0\x02", " ", ", ", ".", "Ünïcode", "ſ", "K", "İ", "ı", "u", "n", "b"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=30).map("".join))
def test_gate_equals_regex(text: str) -> None:
    for g in GATES:
        assert g.search(text) == bool(re.search(g.pattern, text, re.I)), (g.pattern, text)


def test_every_relation_trigger_is_mostly_words() -> None:
    """The fast path covers the triggers: few alternatives are left to a regex."""
    rest = [g for g in GATES[: len(TRIGGERS)] if g.rest is not None]
    assert len(rest) <= max(3, len(TRIGGERS) // 10)


def test_same_text_object_is_scanned_once() -> None:
    text = "Acme released a model and partnered with Beta."
    first = [g.search(text) for g in GATES]
    assert [g.search(text) for g in GATES] == first
    assert any(first) and not all(first)
