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
from collections.abc import Callable
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
        # Words with anything but ASCII letters ('take on', ' by ') are looked for in the whole text, but only when
        # the text has a run of letters they need: their whole inner run (' by ': the run 'by'), else a run that
        # ends with their first letters ('take on': a run ending in 'take') or starts with their last ones. A run's
        # remembered mask says so with one more bit per such word, above the gates' bits.
        self.cands: list[tuple[str, int]] = []
        self.cand_tests: list[tuple[str, str]] = []  # (how, letters): 'eq', 'end' or 'start'
        self.always: list[tuple[str, int]] = []
        for w in sorted(by_word):
            if _LETTERS.fullmatch(w):
                continue
            letter_runs = list(_LETTERS.finditer(w))
            whole = [r.group() for r in letter_runs if r.start() > 0 and r.end() < len(w)]
            if whole:
                test = ("eq", max(whole, key=len))
            elif letter_runs and letter_runs[0].start() == 0:
                test = ("end", letter_runs[0].group())
            elif letter_runs and letter_runs[-1].end() == len(w):
                test = ("start", letter_runs[-1].group())
            else:
                self.always.append((w, self.opens[w]))
                continue
            self.cands.append((w, self.opens[w]))
            self.cand_tests.append(test)
        self.gate_bits = (1 << self.size) - 1
        self.rest = [(1 << g.index, g.rest, g.anchored, g.rest_needs) for g in gates if g.rest is not None]
        self.runs = _Runs(self._run)

    def _run(self, run: str) -> int:
        """The gates a run of letters opens, and (above them) the words with punctuation it makes possible."""
        mask = 0
        if self.scan is not None:
            for w in set(self.scan.findall(run)):
                mask |= self.opens[w]
        for j, (how, letters) in enumerate(self.cand_tests):
            if run == letters if how == "eq" else run.endswith(letters) if how == "end" else run.startswith(letters):
                mask |= 1 << (self.size + j)
        return mask

    def fired(self, low: str) -> int:
        """The gates open for ``low`` (lower-cased with ``lower_once``), one bit per gate index."""
        runs = self.runs
        if len(runs) > 200_000:
            runs.clear()
        found: int = reduce(or_, map(runs.__getitem__, _RUN.findall(low)), 0)
        mask = found & self.gate_bits
        cand = found >> self.size
        while cand:
            bit = cand & -cand
            cand ^= bit
            w, m = self.cands[bit.bit_length() - 1]
            if m & ~mask and w in low:
                mask |= m
        for w, m in self.always:
            if m & ~mask and w in low:
                mask |= m
        for bit, rx, anchored, needs in self.rest:
            if not mask & bit and (needs is None or any(n in low for n in needs)) \
                    and (rx.match(low) if anchored else rx.search(low)):
                mask |= bit
        return mask


class _Runs(dict[str, int]):
    """Run of letters -> its mask, computed when first asked for."""

    def __init__(self, compute: Callable[[str], int]) -> None:
        super().__init__()
        self.compute = compute

    def __missing__(self, run: str) -> int:
        mask = self[run] = self.compute(run)
        return mask


_CLASS_OF_MARKS = re.compile(r"\[[^\]\\^a-zA-Z\-]+\]")  # '['’‘]': punctuation only, no range or escape
_DOTTED = re.compile(r"[a-z]+(?:\.[a-z]+)*")  # 'open.sourc'


def _needs(alt: str) -> tuple[str, ...] | None:
    """Strings one of which the lower-cased text has whenever ``alt`` (case-insensitive) occurs, if known."""
    if _CLASS_OF_MARKS.fullmatch(alt):
        return tuple(alt[1:-1])
    if _DOTTED.fullmatch(alt):
        return (max(alt.split("."), key=len),)
    return None


class Gate:
    """A case-insensitive presence test for ``pattern`` (see the module docstring)."""

    _all: ClassVar[list[Gate]] = []
    _table: ClassVar[_Table | None] = None
    _last: ClassVar[tuple[str | None, int]] = (None, 0)

    __slots__ = ("pattern", "words", "rest", "rest_needs", "anchored", "index")

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
        needs = [_needs(a) for a in rest]
        self.rest_needs: tuple[str, ...] | None = None if not rest or None in needs else tuple(
            n for ns in needs if ns is not None for n in ns)
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
