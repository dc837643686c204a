"""Cheap keyword gates: does a case-insensitive trigger pattern occur in a text?

A ``Gate`` answers ``gate.search(text)`` like ``re.compile(trigger, re.I).search(text)`` used as a boolean,
but much faster for the word alternations that guard the extraction patterns: the pattern is split into its
top-level alternatives; plain words (and ``prefix(?:a|b)suffix`` groups of plain words) become substring
tests on the lower-cased text (one C-level ``in`` each), the rest stays a small regex run on the same
lower-cased text. The lower-cased text is computed once per distinct text object, however many gates ask.

>>> g = Gate(r"releas|open.sourc| (?:into|in) |^(?:by|after) ")
>>> [g.search(t) for t in ("It RELEASED x", "open-sourced", "put in it", "By now", "nothing here")]
[True, True, True, True, False]
"""

from __future__ import annotations

import re

__all__ = ["Gate", "lower_once"]

_PLAIN = re.compile(r"[\w \-',]+")
_GROUPED = re.compile(r"([\w \-',]*)\(\?:([\w \-',|]+)\)([\w \-',]*)")

_last: list[object] = [None, ""]


def lower_once(text: str) -> str:
    """``text.lower()``, remembered for the last text object asked about (gates ask many times in a row)."""
    if _last[0] is text:
        return str(_last[1])
    low = text.lower()
    _last[0], _last[1] = text, low
    return low


def _top_level(src: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex source (escapes and groups respected)."""
    out, depth, cur, i = [], 0, [], 0
    in_class = False
    while i < len(src):
        ch = src[i]
        if ch == "\\":
            cur.append(src[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            out.append("".join(cur))
            cur = []
            i += 1
            continue
        cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


class Gate:
    """A case-insensitive presence test for ``pattern`` (see the module docstring)."""

    __slots__ = ("pattern", "words", "rest")

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        words: list[str] = []
        rest: list[str] = []
        for alt in _top_level(pattern):
            if alt and _PLAIN.fullmatch(alt):
                words.append(alt.lower())
                continue
            g = _GROUPED.fullmatch(alt)
            if g and all(g.group(2).split("|")):
                words.extend((g.group(1) + w + g.group(3)).lower() for w in g.group(2).split("|"))
                continue
            rest.append(alt)
        # shorter words first: a word that contains another is redundant after it
        uniq: list[str] = []
        for w in sorted(set(words), key=lambda w: (len(w), w)):
            if not any(u in w for u in uniq):
                uniq.append(w)
        self.words: tuple[str, ...] = tuple(uniq)
        self.rest: re.Pattern[str] | None = re.compile("|".join(f"(?:{a})" for a in rest), re.I) if rest else None

    def search(self, text: str) -> bool:
        """True when the pattern occurs in ``text``, case-insensitively."""
        low = lower_once(text)
        for w in self.words:
            if w in low:
                return True
        return self.rest is not None and self.rest.search(low) is not None

    def __repr__(self) -> str:
        return f"Gate({self.pattern!r})"
