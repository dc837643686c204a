"""Quotations: find them, attribute them to a speaker, say what they are about.

Contract:
- ``find_spans(text)`` returns (start, end) of the text inside each pair of quotation marks: straight
  ``"…"``, curly ``“…”`` and single curly ``‘…’`` (an apostrophe inside a word is not a quotation mark).
  A quotation left open at the end of a paragraph ends there (news style continues it in the next
  paragraph with a new opening mark). One linear scan; unbalanced or nested marks never raise.
- ``attribute(...)`` returns ``Quote`` objects for quotations of three words or more with a speaker found
  after the quote (', said X', ', X said', ', he added'), before it ('X said:', 'X stated it was “…”',
  '… saying, “…”', 'according to X'), or — for an unattributed quotation that follows another one of the
  same paragraph or of the previous one — the previous quotation's speaker. Anonymous speakers ('one Meta
  employee') become local Person entities affiliated to the organisation, with a worksFor fact.
"""

from __future__ import annotations

import re

from .lexicon import SPEECH
from .model import Entity, Fact, Mention, Quote
from .registry import slugify
from .sentences import Sentence

__all__ = ["find_spans", "attribute"]

_OPEN_D, _CLOSE_D = "“", "”"


_MARKS = re.compile("[\n\"'“”‘’]")


def find_spans(text: str) -> list[tuple[int, int]]:
    """Inner spans of quotations (see the module contract)."""
    spans: list[tuple[int, int]] = []
    open_at = -1  # position after the opening mark of a double quotation
    straight = False
    single_at = -1
    n = len(text)
    for mark in _MARKS.finditer(text):  # only these characters change the state
        i, ch = mark.start(), mark.group()
        if ch == "\n":
            if open_at >= 0 and i > open_at:
                spans.append((open_at, i))
            open_at, single_at = -1, -1
        elif ch == '"':
            if open_at >= 0 and straight:
                spans.append((open_at, i))
                open_at = -1
            else:
                open_at, straight, single_at = i + 1, True, -1
        elif ch == _OPEN_D:
            open_at, straight, single_at = i + 1, False, -1
        elif ch == _CLOSE_D:
            if open_at >= 0 and not straight:
                spans.append((open_at, i))
                open_at = -1
        elif ch == "'" and open_at < 0:
            prev_c = text[i - 1] if i else " "
            nxt = text[i + 1] if i + 1 < n else " "
            if single_at < 0 and not prev_c.isalnum() and nxt.isalpha():
                single_at = i + 1
            elif single_at >= 0 and not nxt.isalnum() and not prev_c.isspace():
                spans.append((single_at, i))
                single_at = -1
        elif ch == "‘" and open_at < 0:
            if i == 0 or not text[i - 1].isalnum():
                single_at = i + 1
        elif ch == "’" and single_at >= 0 and open_at < 0:
            nxt = text[i + 1] if i + 1 < n else " "
            if not nxt.isalnum():
                spans.append((single_at, i))
                single_at = -1
    if open_at >= 0 and open_at < n:
        spans.append((open_at, n))
    return [(s, e) for s, e in spans if e > s]


_P = r"\x01P(\d+)\x02"
_E = r"\x01[A-Z]\d+\x02"
_ANON = r"(?i:(?:one|an?|another|two|several|some) )(?:(\x01[CO]\d+\x02) )?(?i:(?:senior |former |current )?(employee|executive|engineer|insider|source|official|spokes(?:person|man|woman)|staffer|researcher|manager|analyst)s?)(?: (?:at|of|from|with) (\x01[CO]\d+\x02))?"
_AFTER = [
    re.compile(rf"^[\s,.;:!?—–-]*{_P}(?:, [^\x01\"“”]{{0,80}}?,)? (?:\w+ly )?{SPEECH}\b"),
    re.compile(rf"^[\s,.;:!?—–-]*{SPEECH}\b[^\x01\"“”.]{{0,30}}?(?:{_E}[^\x01\"“”.]{{0,30}}?)?{_P}"),
    re.compile(rf"^[\s,.;:!?—–-]*(?:\w+ )?(?i:according to) {_P}"),
]
_AFTER_ANON = re.compile(rf"^[\s,.;:!?—–-]*{_ANON}[^\x01\"“”]{{0,30}}?{SPEECH}\b")
_BEFORE = [
    re.compile(rf"{_P}(?:'s|’s)?(?:(?!\x01P)[^\"“”‘]){{0,90}}?\b{SPEECH}\b[^\"“”‘]{{0,110}}$"),
    re.compile(rf"(?i:according to) {_P}[^\"“”‘]{{0,10}}$"),
]
_BEFORE_ANON = re.compile(rf"{_ANON}(?:(?!\x01P)[^\"“”‘]){{0,90}}?\b{SPEECH}\b[^\"“”‘]{{0,110}}$")
_FRONTED = re.compile(r"^\s*[A-Z][a-z]+(?:ing|ed)\b[^,]{0,80},")
_SAYING = re.compile(r"(?i:saying|stating|adding|noting|writing|explaining|telling \w+|declaring|arguing)[,:]?\s*$")


def _template(text: str, start: int, end: int, ms: list[Mention], ents: dict[str, Entity]) -> tuple[str, list[str]]:
    """``text[start:end]`` with each mention replaced by a typed token; the keys in token order."""
    parts: list[str] = []
    keys: list[str] = []
    pos = start
    for m in ms:
        if m.start < start or m.end > end or m.start < pos:
            continue
        parts.append(text[pos : m.start].replace("\x01", " ").replace("\x02", " "))
        letter = "P" if ents[m.entity].type == "Person" else ents[m.entity].type[0]
        parts.append(f"\x01{letter}{len(keys)}\x02")
        keys.append(m.entity)
        pos = m.end
    parts.append(text[pos:end].replace("\x01", " ").replace("\x02", " "))
    return "".join(parts), keys


def attribute(
    text: str,
    sentences: list[Sentence],
    spans: list[tuple[int, int]],
    mentions: list[Mention],
    entities: dict[str, Entity],
    extractor: str,
) -> tuple[list[Quote], list[Fact]]:
    """Attributed quotations and the worksFor facts of anonymous speakers (see the module contract)."""
    ms = sorted((m for m in mentions if m.entity in entities), key=lambda m: m.start)
    quotes: list[Quote] = []
    facts: list[Fact] = []
    prev: tuple[int, str, int] | None = None  # (end, speaker, paragraph)
    para_of = _para_lookup(sentences)
    for qs, qe in spans:
        inner = text[qs:qe]
        if len(inner.split()) < 3:
            continue
        sent = _sentence_at(sentences, qs)
        if sent is None:
            continue
        para = sent.para
        speaker, conf = None, 0.9
        # after the quotation: up to the next opening mark or the end of the paragraph
        a_end = _next_open(text, qe + 1, min(len(text), qe + 160))
        after, akeys = _template(text, qe + 1, a_end, ms, entities)
        for rx in _AFTER:
            m = rx.match(after)
            if m:
                speaker = akeys[int(m.group(1))]
                break
        if speaker is None:
            m = _AFTER_ANON.match(after)
            if m:
                speaker = _anonymous(m, akeys, entities, facts, sent, extractor)
        if speaker is None:
            b_start = max(sent.start, _prev_close(text, sent.start, qs - 1))
            before, bkeys = _template(text, b_start, max(b_start, qs - 1), ms, entities)
            for rx in _BEFORE:
                found = list(rx.finditer(before))
                if found:
                    speaker = bkeys[int(found[-1].group(1))]
                    break
            if speaker is None:
                m = _BEFORE_ANON.search(before)
                if m:
                    speaker = _anonymous(m, bkeys, entities, facts, sent, extractor)
            if speaker is None and _SAYING.search(before):
                lead = _FRONTED.match(before)
                if lead:
                    n_lead = before[: lead.end()].count("\x01")
                    bkeys = bkeys[n_lead:]
                people = [k for k in bkeys if entities[k].type == "Person"]
                if people:
                    speaker = people[0]
        if speaker is None and prev is not None and para - prev[2] <= 1:
            gap = text[prev[0] : qs]
            if len(gap) < 400 and not any(prev[0] <= m.start < qs and entities[m.entity].type == "Person"
                                          and m.entity != prev[1] for m in ms):
                speaker, conf = prev[1], 0.7
        if speaker is None or entities[speaker].type != "Person":
            continue
        about = _about(ms, sent, qs, qe, speaker, entities)
        quotes.append(Quote(inner.strip(), qs, qe, speaker, about, conf, extractor))
        prev = (qe, speaker, para)
    del para_of
    return quotes, facts


def _anonymous(
    m: re.Match[str], keys: list[str], entities: dict[str, Entity], facts: list[Fact], sent: Sentence, extractor: str
) -> str | None:
    org_tok = m.group(1) or m.group(3)
    noun = m.group(2).lower()
    if not org_tok:
        return None
    org = keys[int(org_tok[2:-1])]
    label = f"a {entities[org].label} {noun}"
    key = slugify(label)
    if key not in entities:
        entities[key] = Entity(key, label, "Person", local=True, affiliation=org, job_title=noun)
    facts.append(Fact(key, "worksFor", org, sent.start, sent.end, 0.6, extractor))
    return key


def _about(ms: list[Mention], sent: Sentence, qs: int, qe: int, speaker: str, entities: dict[str, Entity]) -> tuple[str, ...]:
    lo, hi = min(sent.start, qs), max(sent.end, qe)
    seen: list[str] = []
    for m in ms:
        if lo <= m.start < hi and m.entity != speaker and m.entity not in seen and not entities[m.entity].local:
            if entities[m.entity].type != "Person" or qs <= m.start < qe:
                seen.append(m.entity)
    return tuple(seen)


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence | None:
    lo, hi = 0, len(sentences) - 1
    while lo <= hi:
        mid = (lo + hi) // 2
        s = sentences[mid]
        if pos < s.start:
            hi = mid - 1
        elif pos >= s.end:
            lo = mid + 1
        else:
            return s
    return sentences[hi] if 0 <= hi < len(sentences) else None


def _para_lookup(sentences: list[Sentence]) -> dict[int, int]:
    return {s.start: s.para for s in sentences}


def _next_open(text: str, start: int, limit: int) -> int:
    for i in range(start, limit):
        if text[i] in "“\"‘\n" or (text[i] == "'" and (i == 0 or not text[i - 1].isalnum())):
            return i
    return limit


def _prev_close(text: str, lo: int, hi: int) -> int:
    for i in range(hi - 1, lo - 1, -1):
        if text[i] in "”\"’'\n" and (text[i] not in "’'" or i + 1 >= len(text) or not text[i + 1].isalnum()):
            return i + 1
    return lo
