"""Aliases of an article's entities: a new name that starts another name is that entity ('Ernie' / 'Ernie Bot'); a
person's surname or given name found later is the same person.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import pairwise

from ..lexicon import (
    HONORIFICS,
    NAME_PARTICLES,
    ORG_SUFFIX,
    ORG_UNIT_SUFFIX,
    PRODUCT_EDITIONS,
    STOP_CAP,
)
from ..model import Entity, Mention
from .ruler import Tok

__all__ = ["merge_acronyms", "merge_heads", "merge_prefixes", "merge_tails", "person_aliases"]


def _merge_into(e: Entity, other: Entity, entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """``e`` is ``other``: its names become aliases and its mentions mentions of ``other``."""
    other.aliases |= e.aliases | {e.label}
    for i, m in enumerate(mentions):
        if m.entity == e.key:
            mentions[i] = Mention(m.start, m.end, m.text, other.key, "alias")
    del entities[e.key]


def merge_prefixes(entities: dict[str, Entity], mentions: list[Mention], known: frozenset[str] = frozenset()) -> None:
    """A new name that is the start of another name in the article is that entity ('Ernie' / 'Ernie Bot'); a
    registry organisation (keys in ``known``) stays itself ('Alibaba' beside 'Alibaba Cloud', 'Salesforce' beside
    'Salesforce Ventures': a company and its unit)."""
    groups = ({"Company", "Organization"}, {"Model", "Tool"})
    new = [e for e in entities.values() if e.wikidata is None and " " not in e.label and e.type != "Person"
           and not (e.key in known and e.type in ("Company", "Organization"))]
    for e in new:
        for other in list(entities.values()):
            if other is e or not other.label.startswith(e.label + " ") \
                    or other.label[len(e.label) + 1 :] in PRODUCT_EDITIONS \
                    or (e.key in known and other.key in known):  # 'Copilot' / 'Copilot Studio', 'Gemini' / 'Gemini
                continue  # app': two registry entries, or an edition, are two products
            if (any(e.type in g and other.type in g for g in groups) or (
                    other.label == e.label + " AI" and other.type == "Tool")) \
                    and not any(c.isdigit() for c in other.label):  # ('Fin' / the 'Fin AI' agent, whatever typed 'Fin')
                _merge_into(e, other, entities, mentions)
                break


def merge_tails(entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """A new name of two or more words that ends a model's or product's name is that model ('K2 Thinking' after
    'Kimi K2 Thinking'), whatever its context typed it; a new one-word organisation that ends an organisation's name
    is that organisation ('Telekom' after 'Deutsche Telekom'), unless the word is a generic suffix ('Labs'); a
    name is the same organisation as the name with 'The' before it ('Browser Company', 'The Browser Company')."""
    orgs = ("Company", "Organization")
    for e in [e for e in entities.values() if e.wikidata is None and e.type != "Person"]:
        tail = e.label[4:] if e.label.startswith("The ") else e.label  # ('The Times' after 'The New York Times')
        for other in list(entities.values()):
            if other is e or not other.label.endswith(" " + tail):
                continue
            if (" " in tail and other.type in ("Model", "Tool")) or (
                    e.type in orgs and other.type in orgs and other.label == "The " + e.label) or (
                    " " not in tail and e.type in orgs and other.type in orgs and len(tail) >= 4
                    and tail not in ORG_SUFFIX and tail not in ORG_UNIT_SUFFIX):
                _merge_into(e, other, entities, mentions)
                break


def merge_acronyms(text: str, entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """An acronym in brackets right after an organisation's name is that organisation ('Mitsubishi UFJ Financial
    Group (MUFG)') when its letters are the name's capitals in order; a registry name keeps its entity.

    >>> a, b = Entity("acme-widget-corp", "Acme Widget Corp", "Company"), Entity("awc", "AWC", "Company")
    >>> ents, ms = {e.key: e for e in (a, b)}, [Mention(0, 16, "Acme Widget Corp", a.key), Mention(18, 21, "AWC", b.key)]
    >>> merge_acronyms("Acme Widget Corp (AWC) grew. AWC hired.", ents, ms)
    >>> sorted(ents), ms[1].entity
    (['acme-widget-corp'], 'acme-widget-corp')
    """
    orgs = ("Company", "Organization")
    for prev, m in pairwise(list(mentions)):
        short, full = entities.get(m.entity), entities.get(prev.entity)
        if short is None or full is None or short is full or short.type not in orgs or full.type not in orgs \
                or text[prev.end : m.start] != " (" or text[m.end : m.end + 1] != ")" or not m.text.isupper():
            continue
        capitals = iter(c for c in full.label if c.isupper())
        if len(m.text) >= 2 and all(ch in capitals for ch in m.text):  # (the letters in order, as a subsequence)
            if short.wikidata is not None and full.wikidata is None:
                _merge_into(full, short, entities, mentions)
            elif short.wikidata is None:
                _merge_into(short, full, entities, mentions)


def merge_heads(entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """An institution's head word alone ('the Commission' after 'the European Commission', 'the Ministry' after
    'the Ministry of Finance') is that institution, when the article names exactly one institution with that word."""
    for e in [e for e in entities.values() if e.wikidata is None and e.label in ORG_UNIT_SUFFIX]:
        longer = [o for o in entities.values() if o is not e and o.type in ("Organization", "Company")
                  and f" {e.label} " in f" {o.label} " and o.label != e.label]
        if len(longer) != 1:
            continue
        _merge_into(e, longer[0], entities, mentions)


def _merge_capitalised_particles(entities: dict[str, Entity], mentions: list[Mention]) -> None:
    """'Von Ahn' opening a sentence is 'Luis von Ahn' named earlier: the particle is capitalised, the person is one."""
    people = [e for e in entities.values() if e.type == "Person"]
    for e in people:
        parts = e.label.split()
        if len(parts) != 2 or parts[0] not in NAME_PARTICLES or e.wikidata is not None:
            continue
        full = [o for o in people if o is not e and o.label.lower().endswith(" " + e.label.lower())]
        if len(full) != 1:
            continue
        _merge_into(e, full[0], entities, mentions)


def person_aliases(
    text: str, toks_of: list[list[Tok]], entities: dict[str, Entity], mentions: list[Mention]
) -> list[Mention]:
    _merge_capitalised_particles(entities, mentions)
    short: dict[str, str | None] = {}
    for ent in entities.values():
        if ent.type != "Person":
            continue
        parts = ent.label.split()
        if len(parts) < 2:
            continue
        names = {parts[-1], parts[0]}
        if len(parts) >= 3 and parts[-2] in NAME_PARTICLES:
            names.add(" ".join(parts[-2:]))
        if parts[0] in HONORIFICS:
            names.discard(parts[0])
            names.add(parts[1])
        for n in names:
            if n in STOP_CAP or len(n) < 2:
                continue
            short[n] = None if n in short and short[n] != ent.key else ent.key
    if not short:
        return mentions
    taken = sorted((m.start, m.end) for m in mentions)
    tstarts = [a for a, _ in taken]
    out = list(mentions)
    for toks in toks_of:
        for i, (s, e, w) in enumerate(toks):
            key = short.get(w)
            if w in NAME_PARTICLES and i + 1 < len(toks) and text[e : toks[i + 1][0]] == " ":
                two = short.get(f"{w} {toks[i + 1][2]}")
                if two:  # 'De Freitas'
                    key, e, w = two, toks[i + 1][1], f"{w} {toks[i + 1][2]}"
            if not key:
                continue
            k = bisect_left(tstarts, s + 1) - 1
            if k >= 0 and taken[k][0] <= s < taken[k][1]:
                continue
            entities[key].aliases.add(w)
            out.append(Mention(s, e, w, key, "alias"))
    return out
