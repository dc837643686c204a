"""Paragraph and sentence splitting with character offsets.

Contract: ``split(text)`` returns ``Sentence`` objects that cover the non-blank text in order, each with
``start``/``end`` offsets into ``text`` (``text[s.start:s.end] == s.text``) and the index of its paragraph.
A paragraph is a run of non-blank lines' worth of text between line breaks (news copy puts one paragraph per
line). Sentences end at ``.!?`` (plus closing quotes/brackets) followed by space and an upper-case letter,
digit or opening quote, except after common abbreviations. Linear time, no backtracking-prone patterns.

>>> [s.text for s in split("OpenAI Inc. released GPT-4. Microsoft uses it.\\nNew para!")]
['OpenAI Inc. released GPT-4.', 'Microsoft uses it.', 'New para!']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Sentence", "split", "paragraphs"]

_PARA = re.compile(r"[^\n]+")
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_ABBREV = frozenset(
    "inc corp co ltd llc mr mrs ms dr st jr sr prof gen gov sen rep no vs etc jan feb mar apr jun jul aug "
    "sep sept oct nov dec u.s u.k e.g i.e fig approx dept est".split()
)
_LAST_WORD = re.compile(r"([\w.]+)[.!?]+[\"”’')\]]*\s*$")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    para: int


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: each non-empty line, trimmed of surrounding spaces."""
    out = []
    for m in _PARA.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _is_abbrev(chunk: str) -> bool:
    m = _LAST_WORD.search(chunk[-40:])
    if not m:
        return False
    word = m.group(1).lower().rstrip(".")
    return word in _ABBREV or (len(word) == 1 and word.isalpha())


def split(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets and paragraph index."""
    out: list[Sentence] = []
    for pi, (ps, pe) in enumerate(paragraphs(text)):
        start = ps
        para = text[ps:pe]
        for m in _BOUNDARY.finditer(para):
            end = ps + m.end()
            if _is_abbrev(text[start:end]):
                continue
            stop = end
            while stop > start and text[stop - 1].isspace():
                stop -= 1
            if stop > start:
                out.append(Sentence(start, stop, text[start:stop], pi))
            start = end
        if pe > start:
            out.append(Sentence(start, pe, text[start:pe], pi))
    return out
