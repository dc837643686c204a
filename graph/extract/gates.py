"""Cheap keyword gates: does a case-insensitive trigger pattern occur in a text?

A ``Gate`` answers ``gate.search(text)`` like ``re.compile(trigger, re.I).search(text)`` used as a boolean,
but much faster for the word alternations that guard the extraction patterns. Each pattern is split into its
top-level alternatives: plain words (and ``prefix(?:a|b)suffix`` groups of plain words) go into one shared
trie-shaped regex that finds the longest gate word starting at every position (shorter words starting there
are its prefixes, so they are implied); the other alternatives stay a small regex per gate. Words made of
letters only can occur only inside a run of letters of the lower-cased text, so each distinct run is scanned
once (its answer, a bit per gate, is remembered across texts); the few words with spaces or punctuation are
looked for as substrings. The first gate asked about a text computes the answers of every gate at once; the
others read them (the driver asks all of its gates about the same text in a row). Answers equal the regex's
for trigger words written in ASCII, whatever the text.

>>> g = Gate(r"releas|open.sourc| (?:into|in) |^(?:by|after) ")
>>> [g.search(t) for t in ("It RELEASED x", "open-sourced", "put in it", "By now", "nothing here")]
[True, True, True, True, False]
"""

from __future__ import annotations

import re
from functools import reduce
from operator import or_
from typing import ClassVar

__all__ = ["Gate", "lower_once"]

_PLAIN = re.compile(r"[\w \-',]+")
_LETTERS = re.compile(r"[a-z]+")
_RUN = _LETTERS
_GROUPED = re.compile(r"([\w \-',]*)\(\?:([\w \-',|]+)\)([\w \-',]*)")

_last_lower: tuple[str | None, str] = (None, "")
# the only characters that ``re.I`` equates with an ASCII character but ``str.lower`` does not make one
_FOLD = {0x130: "i", 0x131: "i", 0x17F: "s"}


def lower_once(text: str) -> str:
    """``text`` folded as ``re.I`` folds it towards ASCII (lower case, 'İ'/'ı' -> 'i', 'ſ' -> 's'), remembered
    for the last text object asked about."""
    global _last_lower
    last = _last_lower
    if last[0] is text:
        return last[1]
    low = text.lower() if text.isascii() else text.translate(_FOLD).lower()
    _last_lower = (text, low)
    return low


def _top_level(src: str) -> list[str]:
    """The top-level ``|`` alternatives of a regex source (escapes, groups and classes respected)."""
    out: list[str] = []
    cur: list[str] = []
    depth, i, in_class = 0, 0, False
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


_Trie = dict[str, "_Trie"]


def _trie_regex(words: list[str]) -> str:
    """A regex matching the longest of ``words`` at a position (alternatives factored by common prefix)."""
    root: _Trie = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: _Trie) -> str:
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(root)


class _Table:
    """Every gate's words in one pass: word found -> the gates it (or any of its prefixes) opens (a bit mask)."""

    def __init__(self, gates: list[Gate]) -> None:
        by_word: dict[str, set[int]] = {}
        for g in gates:
            for w in g.words:
                by_word.setdefault(w, set()).add(g.index)
        self.size = len(gates)
        self.opens: dict[str, int] = {}
        for w in by_word:
            owners: set[int] = set()
            for n in range(1, len(w) + 1):
                owners |= by_word.get(w[:n], set())
            self.opens[w] = sum(1 << i for i in owners)
        self.scan = re.compile(f"(?=({_trie_regex(sorted(by_word))}))") if by_word else None
        # words with anything but ASCII letters are looked for in the whole text; one with a whole run of letters
        # inside (' by ', ' to lead ') only when the text has that run
        self.others: list[tuple[str, int]] = []
        self.anchored: dict[str, list[tuple[str, int]]] = {}
        for w in sorted(by_word):
            if _LETTERS.fullmatch(w):
                continue
            whole = [r.group() for r in _LETTERS.finditer(w) if r.start() > 0 and r.end() < len(w)]
            if whole:
                self.anchored.setdefault(max(whole, key=len), []).append((w, self.opens[w]))
            else:
                self.others.append((w, self.opens[w]))
        self.anchors = frozenset(self.anchored)
        self.rest = [(1 << g.index, g.rest, g.anchored) for g in gates if g.rest is not None]
        self.runs: dict[str, int] = {}

    def _run(self, run: str) -> int:
        mask = 0
        if self.scan is not None:
            for w in set(self.scan.findall(run)):
                mask |= self.opens[w]
        return mask

    def fired(self, low: str) -> int:
        """The gates open for ``low`` (lower-cased with ``lower_once``), one bit per gate index."""
        runs = self.runs
        found = set(_RUN.findall(low))
        for run in found.difference(runs):
            if len(runs) > 200_000:
                runs.clear()
            runs[run] = self._run(run)
        mask: int = reduce(or_, map(runs.__getitem__, found), 0)
        for run in found.intersection(self.anchors):
            for w, m in self.anchored[run]:
                if m & ~mask and w in low:
                    mask |= m
        for w, m in self.others:
            if m & ~mask and w in low:
                mask |= m
        for bit, rx, anchored in self.rest:
            if not mask & bit and (rx.match(low) if anchored else rx.search(low)):
                mask |= bit
        return mask


class Gate:
    """A case-insensitive presence test for ``pattern`` (see the module docstring)."""

    _all: ClassVar[list[Gate]] = []
    _table: ClassVar[_Table | None] = None
    _last: ClassVar[tuple[str | None, int]] = (None, 0)

    __slots__ = ("pattern", "words", "rest", "anchored", "index")

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
        self.words: tuple[str, ...] = tuple(sorted(set(words)))
        self.rest: re.Pattern[str] | None = re.compile("|".join(f"(?:{a})" for a in rest), re.I) if rest else None
        # '^...' alternatives only (no multi-line flag): a search is a match at the start
        self.anchored = bool(rest) and all(a.startswith("^") and "(?" not in a.replace("(?:", "") for a in rest)
        self.index = len(Gate._all)
        Gate._all.append(self)
        Gate._table, Gate._last = None, (None, 0)

    @classmethod
    def mask(cls, text: str) -> int:
        """Every gate's answer for ``text``: bit ``gate.index`` set when the gate's pattern occurs."""
        last = cls._last
        if last[0] is not text:
            table = cls._table
            if table is None:
                table = cls._table = _Table(cls._all)
            last = (text, table.fired(lower_once(text)))
            cls._last = last
        return last[1]

    def search(self, text: str) -> bool:
        """True when the pattern occurs in ``text``, case-insensitively."""
        return bool(Gate.mask(text) >> self.index & 1)

    def __repr__(self) -> str:
        return f"Gate({self.pattern!r})"
