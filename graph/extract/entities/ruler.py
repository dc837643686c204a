"""The registry as a ruler over the tokens: names matched whatever their case, spacing or hyphenation ('GPT4' is
'GPT-4'), except that an all-lower-case word never matches a capitalised name, nor a lower-case first word a capitalised
name of several words ('scale AI' is not 'Scale AI'); candidates (``Cand``) and tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..registry import Registry, RegistryEntry, name_key, slugify as _slugify
from ..sentences import Sentence

__all__ = ["Tok", "Cand", "_Index", "registry_index", "_key", "registry_scan", "sentence_tokens", "slugify"]


slugify = lru_cache(maxsize=65_536)(_slugify)


@dataclass
class _Index:
    by_key: dict[str, RegistryEntry]
    first: frozenset[str]
    prefixes: frozenset[str]
    max_len: int = 8


@lru_cache(maxsize=8)
def registry_index(registry: Registry) -> _Index:
    by_key: dict[str, RegistryEntry] = {}
    first: set[str] = set()
    for name, entry in registry.names():
        k = name_key(name)
        if not k:
            continue
        by_key.setdefault(k, entry)
        w = re.match(r"[^\W_]+", name)
        if w:
            first.add(name_key(w.group()))
    prefixes = frozenset(k[:n] for k in by_key for n in range(1, len(k) + 1))
    return _Index(by_key, frozenset(first), prefixes)


_KEYS: dict[str, str] = {}


def _key(word: str) -> str:
    k = _KEYS.get(word)
    if k is None:
        k = name_key(word)
        if len(_KEYS) < 200_000:
            _KEYS[word] = k
    return k


Tok = tuple[int, int, str]  # global start, end, text


def sentence_tokens(sent: Sentence, doc: Any | None) -> list[Tok]:
    """(start, end, text) of a sentence's tokens, global offsets; from its parsed Doc when there is one."""
    if doc is not None:
        return [(sent.start + t.idx, sent.start + t.idx + len(t.text), t.text) for t in doc if not t.is_space]
    return [(sent.base + t.idx, sent.base + t.idx + len(t.text), t.text) for t in sent.tokens if not t.is_space]


@dataclass
class Cand:
    start: int
    end: int
    entry: RegistryEntry | None = None
    type: str | None = None
    label: str | None = None
    broader: str | None = None
    source: str = "registry"
    sent: int = 0


_JOIN = frozenset(["-", ".", "&", "+", "/", ":"])


def registry_scan(text: str, toks: list[Tok], idx: _Index, si: int, sent_start: int) -> list[Cand]:
    out: list[Cand] = []
    n = len(toks)
    i = 0
    while i < n:
        s0, _, w0 = toks[i]
        k0 = _key(w0)
        if not k0 or k0 not in idx.prefixes or not (w0[0].isalnum()):
            base = idx.by_key.get(_key(w0[:-1])) if len(w0) > 2 and w0.endswith("+") else None
            if base is not None and base.type == "Tool":  # 'Alexa+', 'Copilot+': an edition of its own
                out.append(Cand(s0, toks[i][1], None, "Tool", w0, None, "edition", si))
            i += 1
            continue
        best: tuple[int, RegistryEntry] | None = None
        key = ""
        for j in range(i, min(n, i + idx.max_len)):
            if j > i:
                gap = text[toks[j - 1][1] : toks[j][0]]
                if gap not in ("", " "):
                    break
                if gap == "" and not (toks[j][2] in _JOIN or toks[j - 1][2] in _JOIN or toks[j][2][0].isalnum()):
                    break
            part = _key(toks[j][2])
            key += part
            if key not in idx.prefixes:
                break
            entry = idx.by_key.get(key)
            if entry is not None and toks[j][2] not in _JOIN and part:  # (a name ends on a word: not 'Meta (')
                surface = text[s0 : toks[j][1]]
                if surface.islower() and not any(c.isdigit() for c in surface) and surface not in (entry.label, *entry.aliases):
                    continue
                if " " in surface and surface[:1].islower() and entry.label[:1].isupper() \
                        and surface not in entry.aliases:
                    continue  # 'to scale AI quickly' is no 'Scale AI': a name's first word is capitalised
                best = (j, entry)
        if best is None:
            i += 1
            continue
        j, entry = best
        end = toks[j][1]
        if toks[j][2] in ("Inc", "Corp", "Co", "Ltd") and text[end : end + 1] == ".":
            end += 1
        out.append(Cand(s0, end, entry, sent=si))
        i = j + 1
    return out
