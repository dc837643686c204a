"""Shared by the relation frames: entity type sets and each predicate's domain and range, the word lists the
frames consult, the census counters, dollar amounts, the article's context and a statement's modality.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..frames import (
    FUNDING,
    HYPHEN,
    all_frames,
)
from ..lexicon import HEDGE, NEGATION, SOFT_HEDGE
from ..model import Fact

__all__ = ["ORG", "PER", "MOD", "TOOL", "DS", "CO", "ASSET", "DOMAIN", "FIRED", "FRAME_NAMES", "Context", "parse_amount",
           "possessive_left_to_next", "name_before_whose", "FEATURE_NOUNS", "OWN_TIME", "modality_window", "role_is_past", "in_part",
           "is_round"]

ORG, PER, MOD, TOOL, DS = {"Company", "Organization"}, {"Person"}, {"Model"}, {"Tool"}, {"Dataset"}
CO = {"Company"}
ASSET = MOD | TOOL
DOMAIN: dict[str, tuple[set[str], set[str]]] = {
    "builds": (ORG, MOD), "develops": (ORG, TOOL), "uses": (ORG | TOOL, MOD | TOOL), "trainedOn": (MOD, DS),
    "basedOn": (MOD, MOD), "leads": (PER, ORG), "worksFor": (PER, ORG), "investsIn": (CO, CO),
    "partnersWith": (ORG, ORG), "acquires": (CO, CO), "competesWith": (ORG | ASSET, ORG | ASSET),
}
TYPE_CLASS = {"Company": "org", "Organization": "org", "Model": "asset", "Tool": "asset"}
_AMOUNT = re.compile(r"(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?(billion|million|trillion|bn|mn|[bBmMkK]\b)?")
_MULT = {"billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "trillion": 1e12, "k": 1e3}
REL_PRON = frozenset({"which", "who", "that", "whom"})
SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
INCLUDE = frozenset("include includes included including are were is was comprise comprises comprised span spans".split())
PRODUCT_NOUNS = frozenset(
    "technology technologies model models chatbot chatbots bot assistant app apps platform service services tool tools "
    "software system systems engine api family suite product products llm llms ai copilot agent agents editor "
    "browser".split())
ALONGSIDE = ("alongside", "besides")
RUN_VERBS = frozenset("lead leads led leading run runs ran running head heads headed heading chair chairs chaired "
                       "steer steers steered helm helms helmed".split())
# people and products that stand for their organisation as a verb's subject ('Contoso employees use X')
OWN_SUBJECTS = frozenset("employees staff workers engineers developers lawyers doctors teams team app apps "
                          "platform service assistant chatbot bot product products software tool tools agent agents engine feature "
                          "features assistants chatbots services platforms".split())
#: what a product does or is asked, standing for the product ('Siri requests', 'Galaxy AI features are powered by X')
FEATURE_NOUNS = frozenset("request requests query queries prompts feature features function functions capabilities "
                          "traffic workloads conversations searches".split())
PART_WORDS = frozenset("one two three four five some several many each both all most among".split())
COPULA = frozenset("be is are was were been being become becomes became remain remains remained seem seems".split())
JOINTLY = frozenset(("jointly", "together"))
VERSION_NOUNS = frozenset("version versions update upgrade edition iteration variant variants release weights code "
                           "successor".split())
# nouns that stand for their owner as an object of rivalry: 'challenge Fabrikam's dominance'
STANDIN_NOUNS = frozenset("dominance lead position grip hold supremacy leadership crown".split())
TEAM_NOUNS = frozenset("team teams lab labs division unit group department arm business effort efforts operations "
                        "organization organisation practice research program programme "
                        # a function of a company: 'who leads product at X', 'runs engineering at Y'
                        "product engineering sales marketing design policy partnerships communications safety "
                        "infrastructure finance strategy".split())
UNIT_NOUNS = frozenset("fund funds arm unit division subsidiary affiliate branch wing lab labs team teams researchers ".split())

#: frame name -> number of sentences it fired in (over the process; the census test reads and resets it)
FIRED: Counter[str] = Counter()
#: every frame: the verb and noun frames of the data, and the structural ones (roles, possessives, compounds, hyphens)
FRAME_NAMES: tuple[str, ...] = (
    *all_frames(), "role:leads", "role:worksFor", "person:of", "poss:create", "poss:leads", "poss:worksFor", "compound:create", "from:create", "jointly",
    *sorted({f"hyphen:{pred}" for pred, _ in HYPHEN.values()}),
)


def parse_amount(s: str) -> tuple[str | None, float | None]:
    """('$2 billion', 2e9) for the first dollar amount in ``s``, else (None, None).

    >>> parse_amount("raised $6.6 billion")
    ('$6.6 billion', 6600000000.0)
    """
    m = _AMOUNT.search(s)
    if not m:
        return None, None
    value = float(m.group(1).replace(",", ""))
    unit = (m.group(2) or "").lower()
    return m.group(0).strip(), value * _MULT.get(unit, 1.0)


@dataclass
class Context:
    """Article-level state shared across sentences: the main organisation and the last funded company."""

    topic: str | None = None
    funded: str | None = None
    #: the organisation the previous sentence was about (its main clause's subject), None if it had none
    previous_subject: str | None = None
    titled: list[Fact] = field(default_factory=list)  # worksFor read without a title ('Wingtip's Sam Smith')
    #: maker facts read from a name ("OpenAI's GPT-4", 'a tool from Nuance'), by id
    named_makers: set[int] = field(default_factory=set)


_MONTH_MAY = re.compile(r"(?<=[^\s.!?\"“] )May\b")
_NOT_ONLY = re.compile(r"(?i)\bnot (?:only|just|merely)\b")
_REPORTED = re.compile(r"\b(?:said|says|announced|told|confirmed|added)\b")


def is_round(t: Any) -> bool:
    """A funding round: a funding noun ('the round', 'funding') or a series ('its Series D', 'Series B')."""
    return t.lower_ in FUNDING or any(c.lower_ == "series" and c.i < t.i for c in t.children)


def in_part(h: Any) -> list[Any]:
    """Prepositions the parse hung on 'part' of 'in (large) part' after ``h``: 'powered in part by X'."""
    return [p for c in h.children if c.dep_ == "prep" and c.lower_ == "in"
            for o in c.children if o.dep_ == "pobj" and o.lower_ == "part" for p in o.children if p.dep_ == "prep"]


def possessive_left_to_next(t: Any) -> bool:
    """'A and B's X': A, a possessor without its own "'s", is joined to one that has it, so X is B's alone."""
    return not any(c.dep_ == "case" for c in t.children) and any(
        c.dep_ == "case" for x in t.conjuncts for c in x.children)


def name_before_whose(whose: Any) -> Any:
    """The word right before 'whose' (past a comma): 'Google, Anthropic and DeepSeek, whose R1 model' -> DeepSeek,
    the name the relative clause is about when the parse lost the clause or hung it on a list."""
    return whose.doc[whose.i - 2] if whose.doc[whose.i - 1].text == "," else whose.doc[whose.i - 1]


@lru_cache(maxsize=2048)
def modality_of(window: str) -> float:
    """1.0 for a plain statement; 0 when negated; below 0.5 when hedged; slightly lower for plans.

    >>> modality_of("Contoso bought Fabrikam in May")
    1.0
    >>> modality_of("Contoso did not buy Fabrikam")
    0.0
    >>> modality_of("Contoso is reportedly in talks to buy Fabrikam") < 0.5
    True
    >>> modality_of("Contoso plans to buy Fabrikam")
    0.9
    """
    if "May" in window:
        window = _MONTH_MAY.sub("Month", window)
    window = _NOT_ONLY.sub(" ", window)
    if NEGATION.search(window):
        return 0.0
    factor = 1.0
    hedges = {h.lower() for h in HEDGE.findall(window)}
    if hedges == {"would"} and _REPORTED.search(window):
        factor *= 0.9
    elif hedges:
        factor *= 0.45
    if SOFT_HEDGE.search(window):
        factor *= 0.9
    return factor


#: prepositions that open a clause of its own time: the modality of the verb they hang on does not reach into it
OWN_TIME = frozenset("before after since until despite besides".split())


def modality_window(text: str, toks: list[Any]) -> str:
    """The part of a sentence (``text``) the modality of a frame's tokens is read from: from 30 characters before the
    first token to the last one, never back across a quotation mark, plus the words of the governing verbs ('in talks
    to buy')."""
    lo = min(t.idx for t in toks)
    hi = max(t.idx + len(t.text) for t in toks)
    start = max(0, lo - 30)
    q = max(text.rfind('"', start, lo), text.rfind("“", start, lo), text.rfind("”", start, lo))
    if q >= 0:
        start = q + 1
    extra: list[str] = []
    for t in toks:
        h = t
        for _ in range(3):
            if h.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep", "ccomp", "dobj") or h.head.i == h.i:
                break
            if h.dep_ == "prep" and h.lower_ in OWN_TIME:
                break  # 'explored buying X before investing in Y': the investment is not explored
            h = h.head
            extra.append(h.text)
            extra += [c.text for c in h.children if c.dep_ in ("aux", "neg", "advmod")]
        extra += [c.text for c in t.children if c.dep_ in ("aux", "neg")]
    return text[start:hi] + " " + " ".join(extra)


def role_is_past(toks: list[Any]) -> bool:
    """A role the parse says is over: the frame's words carry 'previously', 'formerly' or 'until ...' ('who
    previously worked at X', 'who led X until last year', 'previously served as CEO of X'), or 'used to' ('used to
    run X')."""
    for t in toks:
        if t.head.dep_ == "prep" and t.head.lower_ == "as" and t.head.head.pos_ == "VERB":
            t = t.head.head  # 'worked as a researcher at X': the verb says when
        for c in t.children:
            if c.lower_ in ("previously", "formerly") or (c.lower_ == "until" and c.dep_ == "prep"):
                return True
        if t.dep_ == "xcomp" and t.head.lower_ == "used" and any(c.lower_ == "to" for c in t.children):
            return True
    return False
