"""Relations: frames over the dependency parse (trigger words per predicate are data: ``data/frames.json``).

Contract: ``extract_relations(text, sentences, mentions, entities, ctx, parsed, extractor)`` returns ``Fact``
objects whose subject and object are entity keys, with the evidence sentence's span, a confidence and the
extractor name. Only parsed sentences (``parsed``: sentence index -> spaCy Doc) are read.

How it works. Every token of a mention (a name, or a pronoun or description resolved by ``coref``) maps to its
entity. Then, per sentence:

- **verb frames**: a verb of a frame ('acquired', 'is investing', 'teamed up', 'takes on') finds its subject
  (``nsubj``; the agent 'by X' in the passive; the noun a relative clause or a participle modifies: 'Z, which
  has invested in A', 'Y, a unicorn backed by A'; the subject of the governing verb for 'agreed to buy' and
  for a second coordinated verb) and its object (the direct object, or the passive subject; or the object
  of a preposition attached to the verb or to its direct object: 'investing up to $4 billion in Y').
- **noun frames**: a noun of a frame ('rival', 'maker', 'investment', 'purchase', 'partnership', 'users')
  finds its holder (the entity it describes, by apposition 'Y, a rival to X', compound 'WidgetGPT maker X',
  copula 'X is a rival of Y', 'as' 'joined as CEO') and its other side (possessive 'A's purchase of B',
  compound 'a fellow X rival', prepositions, or the subject of its clause: 'A announced an investment in Y').
- **roles**: a job title ('CEO', 'chief', 'co-founder', 'senior analyst') between a person and an
  organisation ('Contoso chief Jane Roe', 'Jane Roe, president at Fabrikam', 'X's CEO Y') gives leads for
  leading roles, worksFor with the title otherwise.
- **possessives and compounds**: an organisation's model or product ('OpenAI's GPT-4', 'its own Llama',
  'Anthropic Claude') gives builds/develops; 'X-backed Y' (and the other hyphenated participles of the data)
  gives the fact of the participle.

Every argument fans out over coordination ('A, B and C'), over examples ('tools like X and Y') and through a
funding round to its company ('the round was led by A' -> A investsIn the company that raised it). Each side
is checked against the predicate's domain and range. Negation near the trigger drops the fact; hedging
('may', 'in talks', 'reportedly') lowers its confidence below 0.5; plans ('expected to', 'will') lower it
slightly. The frames that fired are counted per sentence (``FIRED``) for the census test.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from ..frames import ADJECTIVES, HYPHEN, NOUNS, ROLE_HEADS, VERBS, VERSUS
from ..lexicon import is_lead_role
from ..model import Entity, Fact, Mention
from ..sentences import Sentence
from .common import DOMAIN, FIRED, FRAME_NAMES, JOINTLY, ORG, PRODUCT_NOUNS, Context, parse_amount
from .compounds import (
    bought_by_frames,
    compound_frames,
    from_maker,
    hyphen_frames,
    joint_announcement_frames,
    jointly_frames,
    possessive_frames,
    surface_possessive,
)
from .nouns import noun_frames
from .roles import listed_titles, person_of_frames, role_frames
from .sentence import Sent
from .verbs import adjective_frames, verb_frames, versus_frames

__all__ = ["extract_relations", "Context", "parse_amount", "DOMAIN", "FIRED", "FRAME_NAMES"]


def _tok_ents(text: str, sent: Sentence, doc: Any, mentions: list[Mention]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    if not mentions:
        return out
    by_char: dict[int, list[str]] = {}
    for m in mentions:
        for p in range(m.start, m.end):
            lst = by_char.setdefault(p, [])
            if m.entity not in lst:
                lst.append(m.entity)
    for t in doc:
        g = sent.start + t.idx
        keys = by_char.get(g) or by_char.get(g + len(t.text) - 1)
        if keys:
            out[t.i] = keys
    return out


def extract_relations(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    ctx: Context,
    parsed: dict[int, Any],
    extractor: str,
) -> list[Fact]:
    """Facts stated by the parsed sentences (see the module contract)."""
    ms = sorted((m for m in mentions if m.entity in entities), key=lambda m: (m.start, -m.end))
    facts: list[Fact] = []
    k = 0
    for si, sent in enumerate(sentences):
        while k < len(ms) and ms[k].end <= sent.start:
            k += 1
        j = k
        local: list[Mention] = []
        while j < len(ms) and ms[j].start < sent.end:
            local.append(ms[j])
            j += 1
        doc = parsed.get(si)
        if doc is None or not local:
            ctx.previous_subject = None
            continue
        st = Sent(text, sent, doc, _tok_ents(text, sent, doc, local), entities, ctx, extractor)
        for t in doc:
            low = t.lower_
            if t.pos_ == "PROPN" and t.i in st.tok_ents:
                if t.dep_ == "poss":
                    possessive_frames(st, t)
                elif t.dep_ == "compound":
                    compound_frames(st, t)
                else:
                    person_of_frames(st, t)
                continue  # a word of a name ('Lightspeed Venture Partners') triggers nothing
            if low in VERBS:
                verb_frames(st, t)
            if low in NOUNS:
                noun_frames(st, t)
            if low in ROLE_HEADS:
                role_frames(st, t)
            if low in ADJECTIVES and t.pos_ in ("ADJ", "VERB", "ADV"):
                adjective_frames(st, t)
            if low in VERSUS:
                versus_frames(st, t)
            if t.dep_ == "poss":
                possessive_frames(st, t)
            elif low in ("'s", "’s", "‘s") and t.i > 0 and t.i - 1 in st.tok_ents and t.nbor(-1).dep_ != "poss":
                owner = t.nbor(-1)
                if owner.head.dep_ in ("amod", "compound") and owner.head.pos_ in ("ADJ", "VERB") \
                        and owner.head.head.i > owner.head.i:
                    possessive_frames(st, owner)  # "the start-up's open/VERB sourced model": a modifier took it
                else:
                    surface_possessive(st, t)
            elif t.dep_ == "compound" and t.i in st.tok_ents:
                compound_frames(st, t)
            if low in HYPHEN:
                hyphen_frames(st, t)
            if low in JOINTLY and t.dep_ == "advmod" and t.head.pos_ == "VERB":
                jointly_frames(st, t)
            if low == "from" and (t.head.i in st.tok_ents or t.head.lower_.rstrip("s") in PRODUCT_NOUNS):
                from_maker(st, t)
        joint_announcement_frames(st)
        listed_titles(st)
        bought_by_frames(st)
        FIRED.update(st.fired)
        facts.extend(st.facts)
        ctx.previous_subject = next((k for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT"
                                     for k in st.tok_ents.get(t.i, ()) if entities[k].type in ORG), None)
    return _lineage(_one_maker(text, _titled(facts, entities, ctx), entities, ctx))


def _lineage(facts: list[Fact]) -> list[Fact]:
    """A model built on another ('Sarvam-M, built on top of Mistral Small') says its maker uses the other: the
    maker's ``uses`` fact beside the model's ``basedOn`` (the maker from the article's own ``builds`` facts)."""
    based = [f for f in facts if f.predicate == "basedOn" and f.confidence >= 0.5]
    if not based:
        return facts
    makers: dict[str, set[str]] = {}
    for f in facts:
        if f.predicate == "builds" and f.confidence >= 0.5:
            makers.setdefault(f.object, set()).add(f.subject)
    return facts + [replace(f, subject=m, predicate="uses") for f in based for m in sorted(makers.get(f.subject, ()))
                    if m not in makers.get(f.object, ())]  # (not the base model's own maker)


def _one_maker(text: str, facts: list[Fact], entities: dict[str, Entity], ctx: Context) -> list[Fact]:
    """A product has one maker: where the article names it ("Microsoft's Copilot", 'a tool from Nuance'), another
    company that a verb says launched or rolled it out ('Lumen will roll out DAX Copilot') uses it instead (not a
    unit of the maker: 'Google DeepMind' released "Google's Gemma"), and the maker named as its owner in a sentence
    does not use it there. Where the article names no maker, a known product's registry maker is the one."""
    makers: dict[str, set[str]] = {}
    for f in facts:
        if id(f) in ctx.named_makers:
            makers.setdefault(f.object, set()).add(entities[f.subject].label)
    for f in facts:  # a known product's maker, when the article names no other ('Lloyds has rolled out Microsoft
        known = entities[f.object].maker if f.object in entities else None  # 365 Copilot': Lloyds uses it)
        if known and f.predicate in ("builds", "develops") and f.object not in makers:
            makers[f.object] = {known}
    if not makers:
        return facts
    out: list[Fact] = []
    for f in facts:
        named = makers.get(f.object)
        label = entities[f.subject].label
        if f.predicate in ("builds", "develops") and named and id(f) not in ctx.named_makers and not any(
                label == m or label.startswith(m + " ") or m.startswith(label + " ") for m in named):
            f = replace(f, predicate="uses")
        elif f.predicate == "uses" and named and label in named and _owned(text[f.start : f.end], label, entities[f.object]):
            continue  # "OpenAI, which integrated OpenAI's ChatGPT into Siri": the maker named as owner does not use
            # it (but 'Samsung also uses its own Gauss model' says it does)
        out.append(f)
    return out


def _owned(sentence: str, owner: str, thing: Entity) -> bool:
    """Whether a sentence names ``owner`` as the possessor of ``thing`` ("OpenAI's ChatGPT", "OpenAI's new GPT-5")."""
    names = "|".join(re.escape(n) for n in sorted({thing.label, *thing.aliases}, key=len, reverse=True))
    return re.search(rf"\b{re.escape(owner)}['’]s\s+(?:[\w-]+\s+){{0,2}}(?:{names})\b", sentence) is not None


def _titled(facts: list[Fact], entities: dict[str, Entity], ctx: Context) -> list[Fact]:
    """A person read as an organisation's without a title ('OpenAI's Sam Altman') leads it when the article
    gives the person a leading title anywhere ('CEO Sam Altman'); otherwise works for it."""
    if not ctx.titled:
        return facts
    untitled = {id(f) for f in ctx.titled}
    out = []
    for f in facts:
        title = entities[f.subject].job_title
        if id(f) in untitled and title and is_lead_role(title):
            f = replace(f, predicate="leads")
        out.append(f)
    return out
