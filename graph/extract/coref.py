"""Reference resolution: pronouns and nominal phrases become mentions of the entity they mean.

Contract: ``resolve(text, sentences, mentions, entities, quote_spans)`` returns new ``Mention`` objects
(kind ``pronoun`` or ``nominal``) for 'its / it / itself', 'he / she / him / his / her', 'the company /
the firm / the startup / the tech giant / the model / the chatbot', and 'his company', each resolved to
an entity of a compatible type:

1. the first compatible mention earlier in the same sentence (the clause subject);
2. for a leading subordinate clause ('While championing its own Llama, Meta ...'), the first compatible
   mention after its comma;
3. the first compatible mention of the nearest earlier sentence of the paragraph; persons and nominal
   phrases also look back into earlier paragraphs (people are often re-introduced as 'he').

Mentions inside quotation marks are never antecedents of a person pronoun, and pronouns inside quotations
are left alone (their reference is the speaker's, not the article's).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .model import Entity, Mention
from .sentences import Sentence

__all__ = ["resolve"]

_ANA = re.compile(
    r"\b(?:(?P<hiscomp>(?:his|her|their) (?:[a-z-]+ ){0,3}(?:company|firm|startup|business))|"
    r"(?P<poss>its|his|her)|(?P<refl>itself|himself|herself)|(?P<pron>it|he|she|him)|"
    r"the (?P<nom>company|firm|startup|start-up|tech giant|search giant|giant|group|lab|business|"
    r"chipmaker|developer|model|chatbot|bot|assistant|app|tool))\b",
    re.I,
)
_SUBORD = re.compile(
    r"^(?:While|Although|Though|Since|After|Before|Despite|As|When|With|By|Following|Having|Unlike|Like|"
    r"Even as|Just as)\b"
)
_FRONTED = re.compile(r"^(?:[A-Z][a-z]+(?:ed|ing)|In|On|At|After|Before|Under|Despite|With|Following|Since|By|For|Like|Unlike|According|As|Amid|Through)\b")
_ORG = frozenset({"Company", "Organization"})
_ASSET_OR_ORG = frozenset({"Company", "Organization", "Model", "Tool"})
_PERSON = frozenset({"Person"})
_NOM_TYPES = {"model": frozenset({"Model"}), "chatbot": frozenset({"Tool"}), "bot": frozenset({"Tool"}),
              "assistant": frozenset({"Tool"}), "app": frozenset({"Tool"}), "tool": frozenset({"Tool"})}


def _inside(spans: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    i = bisect_left(starts, pos + 1) - 1
    return i >= 0 and spans[i][0] <= pos < spans[i][1]


def resolve(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    quote_spans: list[tuple[int, int]],
) -> list[Mention]:
    """Resolved pronoun and nominal mentions (see the module contract)."""
    qspans = sorted(quote_spans)
    qstarts = [s for s, _ in qspans]
    taken = sorted((m.start, m.end) for m in mentions)
    tstarts = [t[0] for t in taken]
    starts = set(tstarts)
    by_sent: list[list[tuple[int, str, str]]] = []  # (pos, key, type) outside quotes, per sentence
    out: list[Mention] = []
    mi = 0
    ms = sorted(mentions, key=lambda m: m.start)
    for si, sent in enumerate(sentences):
        local: list[tuple[int, str, str]] = []
        while mi < len(ms) and ms[mi].start < sent.end:
            m = ms[mi]
            mi += 1
            if m.start >= sent.start and m.entity in entities:
                local.append((m.start, m.entity, entities[m.entity].type if not _inside(qspans, qstarts, m.start) else "quoted-" + entities[m.entity].type))
        new: list[tuple[int, str, str]] = []
        for a in _ANA.finditer(sent.text):
            pos = sent.start + a.start()
            if _inside(qspans, qstarts, pos) or _inside(taken, tstarts, pos):
                continue
            word = a.group().lower()
            if a.group("hiscomp"):
                wanted, far, kind = _ORG, True, "nominal"
            elif a.group("nom"):
                nom = a.group("nom").lower()
                wanted, far, kind = _NOM_TYPES.get(nom, _ORG), True, "nominal"
                if sent.start + a.end() + 1 in starts:
                    continue
            elif word in ("he", "she", "him", "his", "her", "himself", "herself"):
                wanted, far, kind = _PERSON, True, "pronoun"
            elif word in ("its", "itself"):
                wanted, far, kind = _ORG, True, "pronoun"
            else:
                wanted, far, kind = _ASSET_OR_ORG, False, "pronoun"
            fronted = kind == "nominal" and sent.text[max(0, a.start() - 2) : a.start()] == ", " and bool(
                _FRONTED.match(sent.text))
            key = None if fronted else _first(_pick_at(local, pos, wanted), _pick_at(new, pos, wanted))
            if key is None and kind != "nominal" or (key is None and wanted is _ORG):
                lead = sent.text[: a.start()]
                if _SUBORD.match(sent.text) and "," not in lead:
                    comma = sent.text.find(",", a.end())
                    if comma >= 0:
                        key = _pick([x for x in local if x[0] > sent.start + comma], 10**12, wanted)
            if key is None:
                for back in range(si - 1, -1, -1):
                    prev = sentences[back]
                    if prev.para != sent.para and not far:
                        break
                    if sent.para - prev.para > 3:
                        break
                    key = _pick(by_sent[back], 10**12, wanted)
                    if key is not None:
                        break
            if key is None:
                continue
            out.append(Mention(pos, pos + len(a.group()), a.group(), key, kind))
            new.append((pos, key, entities[key].type))
        by_sent.append(sorted(local + new))
    return out


def _pick_at(cands: list[tuple[int, str, str]], pos: int, wanted: frozenset[str]) -> tuple[int, str] | None:
    """The first wanted mention before ``pos`` as (position, key); scanning stops at ``pos``."""
    for p, key, typ in cands:
        if p >= pos:
            return None
        if typ in wanted:
            return p, key
    return None


def _first(a: tuple[int, str] | None, b: tuple[int, str] | None) -> str | None:
    if a is None or (b is not None and b[0] < a[0]):
        return b[1] if b else None
    return a[1]


def _pick(cands: list[tuple[int, str, str]], pos: int, wanted: frozenset[str]) -> str | None:
    """The first mention before ``pos`` whose type is wanted (the subject of the clause)."""
    for p, key, typ in cands:
        if p >= pos:
            break
        if typ in wanted:
            return key
    return None
