"""Quotations: find them, attribute them to a speaker, say what they are about.

Contract:
- ``find_spans(text)`` returns (start, end) of the text inside each pair of quotation marks: straight
  ``"…"``, curly ``“…”`` and single curly ``‘…’`` (an apostrophe inside a word is not a quotation mark).
  A quotation left open at the end of a paragraph ends there (news style continues it in the next
  paragraph with a new opening mark). One linear scan; unbalanced or nested marks never raise.
- ``attribute(...)`` returns ``Quote`` objects for quotations of three words or more with a speaker found
  after the quote (', said X', ', X said', ', he added'), before it ('X said:', 'X stated it was “…”',
  '… saying, “…”', 'according to X'), the person who is the main subject of the sentence before a quotation
  standing alone (in its paragraph, or ending the paragraph before: 'Zhao was blunt.'), or — for an unattributed
  quotation that follows another one of the same paragraph or of the previous one — the previous quotation's
  speaker. Anonymous speakers ('one Meta
  employee') become local Person entities affiliated to the organisation, with a worksFor fact.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any

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


# anonymous speakers: 'one Meta employee', 'a researcher at a European AI lab', 'one antitrust lawyer'
_ANON_NOUN = (
    r"(?:employee|executive|engineer|insider|source|official|spokes(?:person|man|woman)|staffer|researcher|"
    r"manager|analyst|investor|lawyer|attorney|banker|developer|scientist|worker|adviser|advisor|expert|economist|"
    r"trader|consultant|regulator|diplomat|lobbyist|founder|director|partner|person|capitalist|headhunter|strategist|"
    r"recruiter|observer|officer|professor|lecturer|academic|teacher|doctor|physician|nurse|student|customer|"
    r"client|user|resident)"
)
_ANON_MOD = (
    r"(?:[A-Z][\w&.’'-]*|senior|junior|former|current|longtime|long-time|top|early|prominent|major|large|big|rival|"
    r"antitrust|industry|tech|technology|venture|equity|private|independent|veteran|existing|key|leading|hedge|fund|"
    r"software|security|policy|government|company|research|startup|lead|principal|staff|outside|third-party|"
    r"banking|bank|financial|finance|legal|health|retail|loan|credit|compliance|front-line|frontline|chief|"
    r"engineering|product|marketing|sales|data|IT|operations|program|project|hospital|healthcare|insurance|fintech|"
    r"AI|cloud|infrastructure|procurement|media|telecom|energy|automotive|pharmaceutical|machine-learning)"
)
_ANON = re.compile(
    rf"\b(?P<det>[Oo]ne|[Aa]n?|[Aa]nother) (?P<mods>(?:{_ANON_MOD} ){{0,3}})(?P<noun>{_ANON_NOUN})"
    rf"(?P<prep> (?:at|of|from|with|in) (?:(?:a|an|the) )?(?:[A-Za-z][\w&.’'-]* ){{0,4}}?[A-Za-z][\w&’'-]*)?"
    rf"(?=[,.;:]|\s+(?:who|that|speaking|familiar|with knowledge|\w+ly|{SPEECH})\b)"
)
# a person referred to by a title: 'the engineer', 'the company's chief scientist', 'the Cohere CEO'
_TITLE_REF = re.compile(
    rf"\b[Tt]he (?:(?:company|firm|startup|lab|group|bank|agency|fund)['’]s |[A-Z][\w&.-]*(?: [A-Z][\w&.-]*)?(?:['’]s)? )?"
    rf"(?:(?:new|former|longtime|senior|top|same|veteran|outgoing|incoming|\d+-year-old) )?"
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
    """'Jane Doe, a researcher at X', 'Jane Doe, partner at X and an early Y investor' or 'who is a researcher': the
    phrase describes a named person."""
    before = text[max(0, pos - 20) : pos]
    if before.endswith(" and "):  # the second of the person's descriptions: a named person, a comma, no break since
        return any(e in person_end and text.startswith(", ", e) and not any(c in text[e:pos] for c in '.;"“”')
                   for e in range(max(0, pos - 100), pos))
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
        written = f"one {' '.join(words)}{a.group('prep') or ''}"  # as written: 'one venture capitalist' (an alias)
        org = next((org_at[p] for p in range(a.start(), a.end()) if p in org_at), None)
        key = slugify(label)
        if key in entities and not entities[key].local:
            continue
        if key not in anon:
            ent = entities.get(key) or Entity(key, label, "Person", local=True, affiliation=org, job_title=noun.lower())
            short = f"{_a(entities[org].label)} {entities[org].label} {noun.lower()}" if org is not None else label
            names = {short, written} if a.group("det").lower() == "one" else {short}
            ent.aliases.update(names - {ent.label})
            anon[key] = ent
        extra.append(Mention(a.start(), a.end(), a.group(), key, "nominal"))
        intros.append((a.start(), sent.para, key, _heads(noun) | {"person"}))  # ('the person said': any of them)
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
    parsed: dict[int, Any] | None = None,
) -> tuple[list[Quote], list[Fact]]:
    """Attributed quotations and the worksFor facts of anonymous speakers (see the module contract)."""
    parsed = parsed or {}
    ms = sorted((m for m in mentions if m.entity in entities), key=lambda m: m.start)
    quotes: list[Quote] = []
    facts: list[Fact] = []
    if not spans:
        return quotes, facts
    anon, extra = _speaker_refs(text, sentences, spans, ms, entities)
    ents = {**entities, **anon} if anon else entities
    allm = sorted(ms + extra, key=lambda m: (m.start, -m.end)) if extra else ms
    mstarts = [m.start for m in allm]
    sstarts = [s.start for s in sentences]
    qstarts = [a for a, _ in spans]
    prev: tuple[int, str, int] | None = None  # (end, speaker, paragraph)
    for qs, qe in spans:
        inner = text[qs:qe]
        if len(inner.split()) < 3:
            continue
        i0 = max(0, bisect_right(sstarts, qs) - 1)
        i1 = max(i0, bisect_right(sstarts, max(qs, qe - 1)) - 1)
        if qe < len(text) and i1 + 1 < len(sentences) and sentences[i1].end <= qe + 1 and sentences[i1 + 1].para == sentences[i1].para:
            i1 += 1  # '"... fine." said X.': the attribution is the next piece
        sent = sentences[i0]
        para = sentences[i1].para
        speaker, conf = None, 0.9
        for si in sorted(range(i0, i1 + 1), key=lambda k: 0 if k == i1 else 1):
            doc = parsed.get(si)
            got = _speaker_in(text, sentences[si], doc, qs, qe, spans, qstarts, allm, mstarts, ents)
            if got is not None:
                speaker = got
                break
        if speaker is None and i0 > 0 and sentences[i0 - 1].text.rstrip().endswith(":") and \
                _STANDALONE.fullmatch(text[sentences[i0].start : max(sentences[i0].start, qs - 1)]):
            speaker = _speaker_in(text, sentences[i0 - 1], parsed.get(i0 - 1), qs, qe, spans, qstarts, allm, mstarts,
                                  ents, colon=True)
            conf = 0.8
        if speaker is None:
            speaker = _previous_subject(text, sentences, sent, qs, qe, allm, ents, mstarts, parsed)
            if speaker is not None:
                conf = 0.6
        if speaker is None and prev is not None and para - prev[2] <= 1:
            gap = text[prev[0] : qs]
            k0, k1 = bisect_left(mstarts, prev[0]), bisect_left(mstarts, qs)
            if len(gap) < 400 and not any(ents[m.entity].type == "Person" and m.entity != prev[1]
                                          and not _OBJECT_BEFORE.search(text, max(0, m.start - 6), m.start)
                                          for m in allm[k0:k1]):  # (not 'the campus founded by X': no new speaker)
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


_SPEECH_RE = re.compile(rf"(?i)^(?:{SPEECH}|saying|adding|noting|writing|telling|explaining|tweeting|posting|stating)$")
_SPEECH_WORDS = re.compile(rf"\b{SPEECH}\b")


def _speaker_in(
    text: str, sent: Sentence, doc: Any | None, qs: int, qe: int, spans: list[tuple[int, int]], qstarts: list[int],
    ms: list[Mention], mstarts: list[int], ents: dict[str, Entity], colon: bool = False,
) -> str | None:
    """The person a sentence says spoke the quotation at ``qs:qe``: the subject of a speech verb outside every
    quotation ('X said', 'said X', 'X told Reuters', 'according to X'), the nearest such verb first."""

    def inside(pos: int) -> bool:
        i = bisect_right(qstarts, pos) - 1
        return i >= 0 and spans[i][0] <= pos < spans[i][1]

    def people(lo: int, hi: int) -> list[Mention]:
        k = bisect_left(mstarts, lo)
        out = []
        while k < len(ms) and ms[k].start < hi:
            m = ms[k]
            if ents[m.entity].type == "Person" and not inside(m.start):
                out.append(m)
            k += 1
        return out

    def at(pos: int, end: int) -> str | None:
        for m in people(pos, end):
            return m.entity
        return None

    if doc is not None:
        verbs = []
        for t in doc:
            g = sent.start + t.idx
            if inside(g):
                continue
            low = t.lower_
            if _SPEECH_RE.match(low) or (low == "according" and t.nbor(1).lower_ == "to" if t.i + 1 < len(doc) else False):
                verbs.append((min(abs(g - qs), abs(g - qe)), t))
        for _, v in sorted(verbs, key=lambda x: x[0]):
            if v.lower_ == "according":
                to = v.nbor(1)
                for p in to.children:
                    if p.dep_ == "pobj":
                        got = at(sent.start + p.left_edge.idx, sent.start + p.right_edge.idx + len(p.right_edge.text))
                        if got:
                            return got
                continue
            subj = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not subj and v.dep_ in ("conj", "advcl", "xcomp") and v.head.pos_ == "VERB":
                subj = [c for c in v.head.children if c.dep_ == "nsubj"]
            for s in subj:
                lo = sent.start + s.left_edge.idx
                hi = sent.start + s.right_edge.idx + len(s.right_edge.text)
                k = bisect_left(mstarts, sent.start + s.idx)
                if k < len(ms) and ms[k].start <= sent.start + s.idx < ms[k].end and ents[ms[k].entity].type == "Person":
                    return ms[k].entity
                got = at(lo, hi)
                if got:
                    return got
            # a parse that missed the subject: the person right next to the verb
            g = sent.start + v.idx
            near = [m for m in people(sent.start, sent.end) if abs(m.start - g) < 60 or abs(m.end - g) < 4]
            near = [m for m in near if not _between_quote(m, g, spans, qstarts)]
            if near:
                return min(near, key=lambda m: min(abs(m.start - g), abs(m.end - g))).entity
    # no parse: a speech word outside the quotation with a person beside it
    for sw in _SPEECH_WORDS.finditer(sent.text):
        g = sent.start + sw.start()
        if inside(g):
            continue
        near = [m for m in people(sent.start, sent.end) if abs(m.start - g) < 60 or abs(m.end - g) < 4]
        if near:
            return min(near, key=lambda m: min(abs(m.start - g), abs(m.end - g))).entity
    if colon:
        first = people(sent.start, sent.end)
        return first[0].entity if first else None
    return None


def _between_quote(m: Mention, g: int, spans: list[tuple[int, int]], qstarts: list[int]) -> bool:
    """Whether a quotation lies between a mention and the verb at ``g``."""
    lo, hi = min(m.start, g), max(m.end, g)
    k = bisect_left(qstarts, lo)
    return k < len(spans) and spans[k][0] < hi


_OBJECT_BEFORE = re.compile(r"\b(?:by|of|with|from|for|to)\s+$")  # a name in a preposition's object
_STANDALONE = re.compile(r"[\s\"“”‘’'.,!?…—–-]*")


def _previous_subject(
    text: str, sentences: list[Sentence], sent: Sentence, qs: int, qe: int,
    ms: list[Mention], ents: dict[str, Entity], mstarts: list[int], parsed: dict[int, Any] | None = None,
) -> str | None:
    """For a quotation that is a sentence of its own ('He did not hesitate. “…”'), the person who is the
    subject of the sentence before it in the same paragraph, or of the last sentence of the paragraph before when
    the quotation opens its own ('On margins, Zhao was blunt.' then a paragraph of quotation)."""
    if not _STANDALONE.fullmatch(text[sent.start : max(sent.start, qs - 1)]):
        return None
    if not _STANDALONE.fullmatch(text[min(qe + 1, sent.end) : sent.end]):
        return None
    i = bisect_left(sentences, sent.start, key=lambda s: s.start)
    if i == 0 or i >= len(sentences) or sentences[i] is not sent or sentences[i - 1].para not in (sent.para, sent.para - 1):
        return None
    prev = sentences[i - 1]
    if '"' in prev.text or "“" in prev.text or "”" in prev.text:
        return None
    j = bisect_left(mstarts, prev.start)
    if j >= len(ms) or ms[j].start >= prev.end:
        return None
    doc = (parsed or {}).get(i - 1)
    if doc is not None:  # the subject of the sentence's main verb, wherever it stands
        subj = next((t for t in doc if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"), None)
        lo, hi = (prev.start + subj.idx, prev.start + subj.idx + len(subj.text)) if subj is not None else (-1, -1)
        got = next((m.entity for m in ms[j:] if m.start < prev.end and m.start < hi and lo < m.end), None)
        return got if got is not None and ents[got].type == "Person" else None
    first = ms[j]
    if ents[first.entity].type != "Person" or text[prev.start : first.start].strip():
        return None
    return first.entity



def _about(ms: list[Mention], sent: Sentence, qs: int, qe: int, speaker: str, entities: dict[str, Entity]) -> tuple[str, ...]:
    lo, hi = min(sent.start, qs), max(sent.end, qe)
    seen: list[str] = []
    k = bisect_left(ms, lo, key=lambda m: m.start)
    for m in ms[k:]:
        if m.start >= hi:
            break
        if m.entity != speaker and m.entity not in seen and not entities[m.entity].local:
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
