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
from bisect import bisect_left, bisect_right

from .lexicon import ROLE_WORDS, SPEECH
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
# a descriptor before a name: 'Bernstein analyst', 'Hugging Face co-founder and CEO' (checked: ends with a role)
_DESC = rf"(?P<desc>(?:(?:{_E}|(?!{SPEECH}\b)[A-Za-z][\w’'&-]*)(?:, | )){{1,6}}?)?"
_AFTER = [
    re.compile(rf"^[\s,.;:!?—–-]*{_DESC}{_P}(?:, (?:[^\x01\"“”]|{_E}){{0,80}}?,)? (?:\w+ly )?{SPEECH}\b"),
    re.compile(rf"^[\s,.;:!?—–-]*{SPEECH}\b[^\x01\"“”.]{{0,30}}?(?:{_E}[^\x01\"“”.]{{0,30}}?)?{_P}"),
    re.compile(rf"^[\s,.;:!?—–-]*(?:\w+ )?(?i:according to) {_P}"),
]
_BEFORE = [
    re.compile(rf"{_P}(?:'s|’s)?(?:(?!\x01P)[^\"“”‘]){{0,90}}?\b{SPEECH}\b[^\"“”‘]{{0,110}}$"),
    re.compile(rf"(?i:according to) {_P}[^\"“”‘]{{0,10}}$"),
]
# 'Daniel Ortiz of Morgan Stanley was more skeptical: "…"' — the sentence's subject, a colon, the quotation
_COLON = re.compile(rf"^(?:[^\x01\"“”‘,]{{0,40}}, )?{_P}(?:(?!\x01P)[^\"“”‘.;]){{0,120}}:\s*$")
_FRONTED = re.compile(r"^\s*[A-Z][a-z]+(?:ing|ed)\b[^,]{0,80},")
_SAYING = re.compile(r"(?i:saying|stating|adding|noting|writing|explaining|telling \w+|declaring|arguing)[,:]?\s*$")

# anonymous speakers: 'one Meta employee', 'a researcher at a European AI lab', 'one antitrust lawyer'
_ANON_NOUN = (
    r"(?:employee|executive|engineer|insider|source|official|spokes(?:person|man|woman)|staffer|researcher|"
    r"manager|analyst|investor|lawyer|attorney|banker|developer|scientist|worker|adviser|advisor|expert|economist|"
    r"trader|consultant|regulator|diplomat|lobbyist|founder|director|partner|person)"
)
_ANON_MOD = (
    r"(?:[A-Z][\w&.’'-]*|senior|junior|former|current|longtime|long-time|top|early|prominent|major|large|big|rival|"
    r"antitrust|industry|tech|technology|venture|equity|private|independent|veteran|existing|key|leading|hedge|fund|"
    r"software|security|policy|government|company|research|startup|lead|principal|staff|outside|third-party)"
)
_ANON = re.compile(
    rf"\b(?P<det>[Oo]ne|[Aa]n?|[Aa]nother) (?P<mods>(?:{_ANON_MOD} ){{0,3}})(?P<noun>{_ANON_NOUN})"
    rf"(?P<prep> (?:at|of|from|with|in) (?:(?:a|an|the) )?(?:[A-Za-z][\w&.’'-]* ){{0,4}}?[A-Za-z][\w&’'-]*)?"
    rf"(?=[,.;:]|\s+(?:who|that|speaking|familiar|with knowledge|\w+ly|{SPEECH})\b)"
)
# a person referred to by a title: 'the engineer', 'the company's chief scientist', 'the Cohere CEO'
_TITLE_REF = re.compile(
    rf"\b[Tt]he (?:(?:company|firm|startup|lab|group|bank|agency|fund)['’]s |[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?(?:['’]s)? )?"
    rf"(?:(?:new|former|longtime|senior|top|same|veteran|outgoing|incoming) )?"
    rf"(?P<role>chief (?:[a-z]+ ){{1,2}}officer|chief [a-z]+|co-?founder|{_ANON_NOUN}|ceo|cto|cfo|coo|president|"
    rf"chair(?:man|woman)?|boss|head|professor|fellow)\b"
)
_ROLE_CANON = {
    "chief executive": "ceo", "chief executive officer": "ceo", "chief technology officer": "cto",
    "chief technical officer": "cto", "chief financial officer": "cfo", "chief operating officer": "coo",
    "co-founder": "founder", "cofounder": "founder", "spokesman": "spokesperson", "spokeswoman": "spokesperson",
    "chairman": "chair", "chairwoman": "chair", "advisor": "adviser", "attorney": "lawyer",
}
_ROLE_SET = ROLE_WORDS | {
    "fellow", "expert", "colleague", "billionaire", "entrepreneur", "lawyer", "attorney", "banker", "official",
    "executive", "insider", "source", "employee", "staffer", "adviser", "advisor", "consultant", "trader",
}
_ANON_NOUN_RE = re.compile(_ANON_NOUN)
# anonymous speakers who work for the organisation they are named with (an investor or a lawyer does not)
_EMPLOYEE = re.compile(
    r"employee|executive|engineer|staffer|researcher|manager|spokes(?:person|man|woman)|official|scientist|"
    r"developer|worker|director|analyst"
)
_INTRO_BEFORE = re.compile(r"((?:[\w&’'.-]+ ){0,6})$")
_INTRO_AS = re.compile(r"^(?:(?![A-Z][a-z]+ [A-Z])[^\"“”])*?\bas (?:its |the |their |a |an )?((?:new |first |interim |acting )?(?:[\w-]+ ){0,3}[\w-]+)")
_INTRO_AFTER = re.compile(r"^, (?:who is |who was |now |currently )?([^,.;\"“”]{0,80})")
_ROLE_WORD = re.compile(r"(?i)\b(?:chief (?:[a-z]+ ){1,2}officer|chief [a-z]+|co-?founder|[a-z]+)\b")


def _heads(phrase: str) -> set[str]:
    """Canonical role heads in a phrase: 'co-founder and CEO' -> {'founder', 'ceo'}."""
    out: set[str] = set()
    for m in _ROLE_WORD.finditer(phrase):
        w = m.group().lower()
        if w in _ROLE_CANON:
            out.add(_ROLE_CANON[w])
        elif w.startswith("chief "):
            out.add(w if w.endswith("officer") else w.split()[-1])
        elif w in _ROLE_SET or _ANON_NOUN_RE.fullmatch(w):
            out.add(w)
    return out


_COPULA_BEFORE = re.compile(r"\b(?:is|was|are|were|as|became|becomes|being|like|named|hired|joined)\s+$")


def _described(text: str, pos: int, person_end: set[int]) -> bool:
    """'Jane Doe, a researcher at X' or 'who is a researcher': the phrase describes a named person."""
    before = text[max(0, pos - 20) : pos]
    return (before.endswith(", ") and pos - 2 in person_end) or bool(_COPULA_BEFORE.search(before))


def _a(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _speaker_refs(
    text: str, sentences: list[Sentence], spans: list[tuple[int, int]], ms: list[Mention], entities: dict[str, Entity]
) -> tuple[dict[str, Entity], list[Mention]]:
    """Pending anonymous speakers, and mentions for anonymous phrases and title references ('the engineer').

    An anonymous phrase becomes a local Person entity (kept only when a quotation is attributed to it); a
    title reference resolves to the latest person introduced with that title within three paragraphs.
    """
    anon: dict[str, Entity] = {}
    extra: list[Mention] = []
    qstarts = [a for a, _ in spans]

    def inside(pos: int) -> bool:
        i = bisect_right(qstarts, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    refs = [t for t in _TITLE_REF.finditer(text) if not inside(t.start())]
    # (position, paragraph, key, heads) of every introduction of a person with a title
    intros: list[tuple[int, int, str, set[str]]] = []
    person_starts = [m.start for m in ms if entities[m.entity].type == "Person"]
    for m in ms if refs else ():
        ent = entities[m.entity]
        if ent.type != "Person" or m.kind not in ("name", "alias") or inside(m.start):
            continue
        sent = _sentence_at(sentences, m.start)
        if sent is None:
            continue
        bm = _INTRO_BEFORE.search(text[max(sent.start, m.start - 80) : m.start])
        heads = _heads(bm.group(1)) if bm else set()
        am = _INTRO_AFTER.match(text[m.end : min(sent.end, m.end + 100)])
        if am:
            heads |= _heads(am.group(1))
        nxt = bisect_right(person_starts, m.start)
        stop = min(sent.end, m.end + 120, person_starts[nxt] if nxt < len(person_starts) else len(text))
        asm = _INTRO_AS.search(text[m.end : max(m.end, stop)])
        if asm:
            heads |= _heads(asm.group(1))
        if ent.job_title:
            heads |= _heads(ent.job_title)
        if heads:
            intros.append((m.start, sent.para, m.entity, heads))
    org_at = {m.start: m.entity for m in ms if entities[m.entity].type in ("Company", "Organization")}
    person_end = {m.end for m in ms if entities[m.entity].type == "Person"}
    for a in _ANON.finditer(text):
        if inside(a.start()) or (a.group("det").lower() != "one" and _described(text, a.start(), person_end)):
            continue
        sent = _sentence_at(sentences, a.start())
        if sent is None:
            continue
        noun = a.group("noun")
        words = (a.group("mods") or "").split() + [noun]
        label = f"{_a(words[0])} {' '.join(words)}{a.group('prep') or ''}"
        org = next((org_at[p] for p in range(a.start(), a.end()) if p in org_at), None)
        key = slugify(label)
        if key in entities and not entities[key].local:
            continue
        if key not in anon:
            ent = entities.get(key) or Entity(key, label, "Person", local=True, affiliation=org, job_title=noun.lower())
            short = f"{_a(entities[org].label)} {entities[org].label} {noun.lower()}" if org is not None else label
            if short != ent.label:
                ent.aliases.add(short)
            anon[key] = ent
        extra.append(Mention(a.start(), a.end(), a.group(), key, "nominal"))
        intros.append((a.start(), sent.para, key, _heads(noun)))
    intros.sort(key=lambda x: x[0])
    latest: dict[str, tuple[int, int, str]] = {}  # head -> (position, paragraph, key) of its latest introduction
    k = 0
    for t in refs:
        while k < len(intros) and intros[k][0] < t.start():
            pos, para, key, heads = intros[k]
            for h in heads:
                latest[h] = (pos, para, key)
            k += 1
        sent = _sentence_at(sentences, t.start())
        if sent is None:
            continue
        found = [latest[h] for h in _heads(t.group("role")) if h in latest and sent.para - latest[h][1] <= 3]
        if found:
            extra.append(Mention(t.start(), t.end(), t.group(), max(found)[2], "nominal"))
    return anon, extra


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
    if not spans:
        return quotes, facts
    anon, extra = _speaker_refs(text, sentences, spans, ms, entities)
    ents = {**entities, **anon} if anon else entities
    allm = sorted(ms + extra, key=lambda m: (m.start, -m.end)) if extra else ms
    mstarts = [m.start for m in allm]
    prev: tuple[int, str, int] | None = None  # (end, speaker, paragraph)
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
        after, akeys = _template(text, qe + 1, a_end, allm, ents, mstarts)
        for i, rx in enumerate(_AFTER):
            m = rx.match(after)
            if m and (i > 0 or _desc_ok(m)):
                speaker = akeys[int(m.group(m.re.groups))]
                break
        if speaker is None:
            b_start = max(sent.start, _prev_close(text, sent.start, qs - 1))
            before, bkeys = _template(text, b_start, max(b_start, qs - 1), allm, ents, mstarts)
            for rx in _BEFORE:
                found = list(rx.finditer(before))
                if found:
                    speaker = bkeys[int(found[-1].group(1))]
                    break
            if speaker is None and _SAYING.search(before):
                lead = _FRONTED.match(before)
                if lead:
                    n_lead = before[: lead.end()].count("\x01")
                    bkeys = bkeys[n_lead:]
                people = [k for k in bkeys if ents[k].type == "Person"]
                if people:
                    speaker = people[0]
            if speaker is None and b_start == sent.start:
                m = _COLON.match(before)
                if m:
                    speaker, conf = bkeys[int(m.group(1))], 0.8
        if speaker is None:
            speaker = _previous_subject(text, sentences, sent, qs, qe, allm, ents, mstarts)
            if speaker is not None:
                conf = 0.6
        if speaker is None and prev is not None and para - prev[2] <= 1:
            gap = text[prev[0] : qs]
            if len(gap) < 400 and not any(prev[0] <= m.start < qs and ents[m.entity].type == "Person"
                                          and m.entity != prev[1] for m in allm):
                speaker, conf = prev[1], 0.7
        if speaker is None or ents[speaker].type != "Person":
            continue
        if speaker not in entities:
            entities[speaker] = anon[speaker]
        ent = entities[speaker]
        if ent.local and ent.affiliation and _EMPLOYEE.fullmatch(ent.job_title or ""):
            facts.append(Fact(speaker, "worksFor", ent.affiliation, sent.start, sent.end, 0.6, extractor))
        about = _about(ms, sent, qs, qe, speaker, entities)
        quotes.append(Quote(inner.strip(), qs, qe, speaker, about, conf, extractor))
        prev = (qe, speaker, para)
    return quotes, facts


def _desc_ok(m: re.Match[str]) -> bool:
    """A descriptor before the speaker's name must end with a title ('Bernstein analyst', 'FTC chair')."""
    desc = m.group("desc")
    if not desc:
        return True
    last = desc.rstrip(", ").rsplit(" ", 1)[-1]
    return last.lower() in _ROLE_SET


_STANDALONE = re.compile(r"[\s\"“”‘’'.,!?…—–-]*")


def _previous_subject(
    text: str, sentences: list[Sentence], sent: Sentence, qs: int, qe: int,
    ms: list[Mention], ents: dict[str, Entity], mstarts: list[int],
) -> str | None:
    """For a quotation that is a sentence of its own ('He did not hesitate. “…”'), the person who is the
    subject of the sentence before it in the same paragraph."""
    if not _STANDALONE.fullmatch(text[sent.start : max(sent.start, qs - 1)]):
        return None
    if not _STANDALONE.fullmatch(text[min(qe + 1, sent.end) : sent.end]):
        return None
    i = bisect_left(sentences, sent.start, key=lambda s: s.start)
    if i == 0 or i >= len(sentences) or sentences[i] is not sent or sentences[i - 1].para != sent.para:
        return None
    prev = sentences[i - 1]
    if '"' in prev.text or "“" in prev.text:
        return None
    j = bisect_left(mstarts, prev.start)
    if j >= len(ms) or ms[j].start >= prev.end:
        return None
    first = ms[j]
    if ents[first.entity].type != "Person" or text[prev.start : first.start].strip():
        return None
    return first.entity


def _template(
    text: str, start: int, end: int, ms: list[Mention], ents: dict[str, Entity], starts: list[int] | None = None
) -> tuple[str, list[str]]:
    """``text[start:end]`` with each mention replaced by a typed token; the keys in token order."""
    parts: list[str] = []
    keys: list[str] = []
    pos = start
    first = bisect_left(starts, start) if starts is not None else 0
    for m in ms[first:]:
        if m.start >= end:
            break
        if m.start < start or m.end > end or m.start < pos:
            continue
        parts.append(text[pos : m.start].replace("\x01", " ").replace("\x02", " "))
        letter = "P" if ents[m.entity].type == "Person" else ents[m.entity].type[0]
        parts.append(f"\x01{letter}{len(keys)}\x02")
        keys.append(m.entity)
        pos = m.end
    parts.append(text[pos:end].replace("\x01", " ").replace("\x02", " "))
    return "".join(parts), keys


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
