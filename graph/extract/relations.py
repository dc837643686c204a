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
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from .frames import (
    ADJECTIVES,
    EXAMPLES,
    FUNDING,
    HYPHEN,
    NOMINALS,
    NOUNS,
    ROLE_HEADS,
    ROLE_MODS,
    VERBS,
    VERSUS,
    NounFrame,
    VerbFrame,
    all_frames,
)
from .lexicon import HEDGE, INTENT, NEGATION, SOFT_HEDGE, is_lead_role
from .model import Entity, Fact, Mention
from .sentences import Sentence

__all__ = ["extract_relations", "Context", "parse_amount", "DOMAIN", "FIRED", "FRAME_NAMES"]

ORG, PER, MOD, TOOL, DS = {"Company", "Organization"}, {"Person"}, {"Model"}, {"Tool"}, {"Dataset"}
CO = {"Company"}
ASSET = MOD | TOOL
DOMAIN: dict[str, tuple[set[str], set[str]]] = {
    "builds": (ORG, MOD), "develops": (ORG, TOOL), "uses": (ORG | TOOL, MOD | TOOL), "trainedOn": (MOD, DS),
    "basedOn": (MOD, MOD), "leads": (PER, ORG), "worksFor": (PER, ORG), "investsIn": (CO, CO),
    "partnersWith": (CO, CO), "acquires": (CO, CO), "competesWith": (ORG | ASSET, ORG | ASSET),
}
_CLASS = {"Company": "org", "Organization": "org", "Model": "asset", "Tool": "asset"}
_AMOUNT = re.compile(r"(?:US)?\$\s?(\d[\d,]*(?:\.\d+)?)\s?(billion|million|trillion|bn|mn|[bBmMkK]\b)?")
_MULT = {"billion": 1e9, "bn": 1e9, "b": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6, "trillion": 1e12, "k": 1e3}
_REL_PRON = frozenset({"which", "who", "that", "whom"})
_SUBJ_DEPS = ("nsubj", "nsubjpass", "csubj")
_INCLUDE = frozenset("include includes included including are were is was comprise comprises comprised span spans".split())
_PRODUCT_NOUNS = frozenset(
    "technology technologies model models chatbot chatbots bot assistant app apps platform service services tool tools "
    "software system systems engine api family suite product products llm llms ai copilot agent agents".split())
_ALONGSIDE = ("alongside", "besides")
_RUN_VERBS = frozenset("lead leads led leading run runs ran running head heads headed heading chair chairs chaired "
                       "steer steers steered helm helms helmed".split())
# people and products that stand for their organisation as a verb's subject ('Contoso employees use X')
_OWN_SUBJECTS = frozenset("employees staff workers engineers developers lawyers doctors teams team app apps "
                          "platform service assistant chatbot bot product products software".split())
_PART_WORDS = frozenset("one two three four five some several many each both all most among".split())
_COPULA = frozenset("be is are was were been being become becomes became remain remains remained seem seems".split())
_JOINTLY = frozenset(("jointly", "together"))
_TELL = frozenset("tell tells told telling".split())  # its first object is the listener
_VERSION_NOUNS = frozenset("version versions update upgrade edition iteration variant variants release weights code "
                           "successor".split())
# nouns that stand for their owner as an object of rivalry: 'challenge Fabrikam's dominance'
_STANDIN_NOUNS = frozenset("dominance lead position grip hold supremacy leadership crown".split())
_TEAM_NOUNS = frozenset("team teams lab labs division unit group department arm business efforts operations "
                        "organization organisation practice research program programme".split())
_UNIT_NOUNS = frozenset("fund funds arm unit division subsidiary affiliate branch wing lab labs team teams researchers ".split())

#: frame name -> number of sentences it fired in (over the process; the census test reads and resets it)
FIRED: Counter[str] = Counter()
#: every frame: the verb and noun frames of the data, and the structural ones (roles, possessives, compounds, hyphens)
FRAME_NAMES: tuple[str, ...] = (
    *all_frames(), "role:leads", "role:worksFor", "poss:create", "poss:leads", "poss:worksFor", "compound:create", "from:create", "jointly",
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
    titled: list[Fact] = field(default_factory=list)  # worksFor read without a title ('Wingtip's Sam Smith')


_QUOTE_MARK = re.compile(r"[\"“”]")
_MONTH_MAY = re.compile(r"(?<=[^\s.!?\"“] )May\b")
_NOT_ONLY = re.compile(r"(?i)\bnot (?:only|just|merely)\b")
_REPORTED = re.compile(r"\b(?:said|says|announced|told|confirmed|added)\b")


@lru_cache(maxsize=2048)
def _modality(window: str) -> float:
    """1.0 for a plain statement; 0 when negated; below 0.5 when hedged; slightly lower for plans."""
    marks = list(_QUOTE_MARK.finditer(window))
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
    del marks
    return factor


class _Sent:
    """One parsed sentence: token -> entities, and the facts found so far."""

    def __init__(self, text: str, sent: Sentence, doc: Any, tok_ents: dict[int, list[str]],
                 entities: dict[str, Entity], ctx: Context, extractor: str) -> None:
        self.text = text
        self.sent = sent
        self.doc = doc
        self.tok_ents = tok_ents
        self.entities = entities
        self.ctx = ctx
        self.extractor = extractor
        self.facts: list[Fact] = []
        self.fired: set[str] = set()

    # ---------------------------------------------------------------- arguments
    def ents(self, t: Any) -> list[str]:
        return self.tok_ents.get(t.i, [])

    def refer(self, t: Any) -> list[str]:
        """The entities a token names: its own mention, else a name in apposition or compounded to it."""
        got = self.ents(t)
        if got:
            return got
        if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            for c in t.children:
                if c.dep_ == "appos" and (e := self.ents(c)) and not any(x.dep_ == "neg" for x in c.children):
                    return e
            if t.lower_ in _PRODUCT_NOUNS:  # 'the GPT-3 technology', 'its Kimi chatbot'
                for c in t.children:
                    if c.dep_ in ("compound", "nmod", "amod") and c.i < t.i and (e := self.ents(c)):
                        if all(self.entities[k].type in ASSET for k in e):
                            return e
            if t.lower_ in ("likes", "like", "one", "ones", "some", "all", "each", "both", "top"):
                for c in t.children:  # 'the likes of OpenAI', 'one of its backers'
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for x in c.children:
                            if x.dep_ == "pobj" and (e := self.args(x)):
                                return e
            if t.lower_ in _STANDIN_NOUNS:
                for c in t.children:
                    if c.dep_ == "poss" and (e := self.ents(c)):
                        return e
            if t.lower_ in _VERSION_NOUNS:  # 'a new version of Quasar', 'an update to Orbit'
                for c in t.children:
                    if c.dep_ == "prep" and c.lower_ in ("of", "to"):
                        for x in c.children:
                            if x.dep_ == "pobj" and (e := self.ents(x)) and all(self.entities[k].type in ASSET for k in e):
                                return e
            for c in t.children:  # 'a family of models called Gemma'
                if c.dep_ == "acl" and c.lower_ in ("called", "named", "dubbed", "branded"):
                    for x in c.children:
                        if x.dep_ in ("oprd", "dobj", "attr", "xcomp", "npadvmod") and (e := self.ents(x)):
                            return e
            if t.lower_ in _UNIT_NOUNS:  # 'the startup fund of OpenAI', 'Alibaba's cloud unit', 'researchers at X'
                for c in t.children:
                    if c.dep_ == "poss" and (e := self.ents(c)):
                        return e
                    if c.dep_ == "prep" and c.lower_ in ("of", "at"):
                        for p in c.children:
                            if p.dep_ == "pobj" and (e := self.ents(p)):
                                return e
            for c in t.children:  # 'the startup Y' parsed with Y as a compound before a common noun is rare
                if c.dep_ in ("compound", "nmod") and c.i == t.i - 1 and (e := self.ents(c)) and t.pos_ == "PROPN":
                    return e
        return []

    def args(self, t: Any, funding: bool = False) -> list[str]:
        """Entities of ``t`` and of its conjuncts ('A, B and C'), and of examples ('tools like X and Y')."""
        out: list[str] = []
        for x in (t, *t.conjuncts):
            if x is not t and any(c.dep_ == "case" for c in x.children) and x.i + 2 < len(x.doc) and x.doc[x.i + 2].pos_ in ("NOUN", "PROPN"):
                continue  # 'of A and B's C' read as 'of A and B': B is C's possessor, not a member
            if funding and x.lower_ in FUNDING:
                out += self.owner(x)
                continue
            got = self.refer(x) or self.examples(x)
            if got:
                # a list the parser read as appositions or modifiers: 'by A, B, and C', 'of A and B's C'
                types = {self.entities[k].type for k in got}
                for c in x.children:
                    if c.dep_ in ("appos", "nmod", "conj") and c.i != x.i and not any(
                            cc.dep_ == "case" for cc in c.children):  # a possessor is no list member
                        more = self.ents(c)
                        if more and {self.entities[k].type for k in more} <= types and c.dep_ != "conj":
                            got = got + [k for k in more if k not in got]
                            for cc in c.conjuncts:
                                got += [k for k in self.ents(cc) if k not in got]
            for k in got:
                if k not in out:
                    out.append(k)
        return out

    def examples(self, x: Any) -> list[str]:
        """Names given as examples of a noun: 'investors such as A and B', 'tools like X', 'backers including Y'."""
        got: list[str] = []
        for c in x.children:
            if c.dep_ == "prep" and (c.lower_ in EXAMPLES or (c.lower_ == "as" and c.i > 0 and c.nbor(-1).lower_ == "such")):
                for p in c.children:
                    if p.dep_ == "pobj":
                        got += [k for k in self.args(p) if k not in got]
        return got

    def owner(self, rnd: Any) -> list[str]:
        """The company a funding round belongs to: 'Y's round', 'the Y round', else the last funded company."""
        for c in rnd.children:
            if c.dep_ in ("poss", "compound") and (e := self.refer(c)):
                self.ctx.funded = e[0]
                return e
        for c in rnd.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "for", "in"):
                for p in c.children:
                    if p.dep_ == "pobj" and (e := self.refer(p)):
                        self.ctx.funded = e[0]
                        return e
        if rnd.dep_ == "nsubj" and rnd.head.lower_ in ("values", "valued", "value", "valuing"):
            for c in rnd.head.children:  # 'the round, led by A, values Y at $2 billion'
                if c.dep_ == "dobj" and (e := self.refer(c)):
                    self.ctx.funded = e[0]
                    return e
        if self.ctx.funded:
            return [self.ctx.funded]
        return [self.ctx.topic] if self.ctx.topic else []

    def antecedent(self, v: Any) -> list[str]:
        """What a relative clause is about: the noun it modifies ('Y, which Contoso bought'), else the name just
        before its relative pronoun ('shares of Amazon, which is an investor in Y': the parser hung the clause on
        'shares')."""
        got = self.args(v.head) or self.holder(v.head)
        if got:
            return got
        first = min((c for c in v.children if c.lower_ in _REL_PRON and c.i < v.i), key=lambda c: c.i, default=None)
        if first is not None and first.i >= 1:
            prev = v.doc[first.i - 1]
            if prev.text == "," and first.i >= 2:
                prev = v.doc[first.i - 2]
            return self.args(prev)
        return []

    def owner_of(self, n: Any) -> list[str]:
        """The organisation a common noun belongs to: 'Northwind's lab', 'the Contoso team', 'the lab at X'."""
        for c in n.children:
            if c.dep_ in ("poss", "compound", "nmod") and c.i < n.i and (e := self.refer(c)):
                return [k for k in e if self.entities[k].type in ORG]
        return [k for k in self.preps([n], ("of", "at", "in")) if self.entities[k].type in ORG]

    def owners_under(self, hosts: list[Any], words: tuple[str, ...]) -> list[str]:
        """The organisations whose things the prepositions ``words`` on ``hosts`` name: 'into its assistant',
        "to Contoso's cars" (the company takes the product in)."""
        return [k for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ in words
                for p in c.children if p.dep_ == "pobj" and not self.ents(p) for k in self.owner_of(p)]

    def subj_of(self, v: Any, depth: int = 0) -> list[str]:
        """The subject of a verb: nsubj, the noun a relative clause or participle modifies, the governing
        verb's subject (xcomp, coordination)."""
        if depth > 4:
            return []
        for c in v.children:
            if c.dep_ in _SUBJ_DEPS:
                if c.lower_ in _REL_PRON and v.dep_ == "relcl":
                    return self.antecedent(v)
                if got := self.args(c):
                    return got
                if c.pos_ == "NOUN" and c.lower_ in _OWN_SUBJECTS and any(
                        f.name in ("use", "use_on", "create") for f in VERBS.get(v.lower_, ())):
                    # 'the Contoso app uses X', 'Contoso employees use X', 'Contoso engineers built X'
                    for p in c.children:
                        if p.dep_ in ("compound", "nmod", "amod", "poss") and p.i < c.i \
                                and (e := self.ents(p)) and all(self.entities[k].type in ORG for k in e):
                            return e
                for p in c.children:  # 'Contoso's launch puts pressure on X': the subject's owner
                    if p.dep_ == "poss" and (got := self.args(p)):
                        return got
                return self.holder(c) if c.pos_ == "NOUN" else []
        if v.dep_ == "relcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return self.antecedent(v)
        for c in v.children:  # a name the tagger took for a modifier of the verb ('Litware/NOUN competes')
            if c.i < v.i and c.dep_ in ("compound", "npadvmod", "nmod", "amod") and (e := self.ents(c)):
                return e
        if v.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and any(
                f.name == "use" for f in VERBS.get(v.head.lower_, ())):
            for c in v.head.children:  # 'Contoso uses Orbit to power HelperBot': what is used does it
                if c.dep_ == "dobj" and (got := self.args(c)):
                    return got
        if v.dep_ in ("xcomp", "conj", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            return self.subj_of(v.head, depth + 1)
        if v.dep_ == "acl" and v.tag_ in ("VBG", "VBN"):  # 'HelperBot, built on Orbit, ...'
            return self.args(v.head) or self.holder(v.head)
        if v.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            for c in v.head.children:  # 'Meta's decision to incorporate X'
                if c.dep_ == "poss":
                    return self.args(c)
            if v.head.dep_ in ("dobj", "attr") and v.head.head.pos_ in ("VERB", "AUX"):
                return self.subj_of(v.head.head, depth + 1)  # 'X has ambitions to challenge Y'
        if v.dep_ in ("pcomp",) and v.head.head.pos_ in ("VERB", "AUX"):
            return self.subj_of(v.head.head, depth + 1)
        return []

    def holder(self, n: Any, depth: int = 0) -> list[str]:
        """The entity a noun describes: apposition, compound head, copular subject, 'as' object."""
        if depth > 3:
            return []
        if n.dep_ == "appos":
            return self.args(n.head) or self.holder(n.head, depth + 1)
        for c in n.children:
            if c.dep_ == "appos" and (e := self.args(c)):
                return e
        if n.lower_ in ROLE_HEADS:  # 'Contoso co-founder and CEO Jane Roe' read as a coordination
            for c in n.children:
                if c.dep_ == "conj" and c.i > n.i and (e := self.ents(c)) and self.entities[e[0]].type == "Person":
                    return e
                if c.dep_ == "conj" and c.i > n.i and c.lower_ in ROLE_HEADS:  # "X's co-founder and chief scientist, Y"
                    for a in c.children:
                        if a.dep_ == "appos" and (e := self.ents(a)) and self.entities[e[0]].type == "Person":
                            return e
        if n.dep_ in ("compound", "amod", "nmod", "npadvmod") and n.head.i > n.i:
            if n.lower_ in ROLE_HEADS:  # 'Oracle CTO Larry Ellison, and SoftBank CEO Masayoshi Son': each their own
                out = list(self.refer(n.head))
                for c in n.head.conjuncts:
                    if not any(x.lower_ in ROLE_HEADS for x in c.lefts):
                        out += [k for k in self.refer(c) if k not in out]
                return out or self.holder(n.head, depth + 1)
            return self.args(n.head) or self.holder(n.head, depth + 1)
        if n.dep_ == "oprd":  # 'I called it an alternative to Y': the object is what is described
            for c in n.head.children:
                if c.dep_ == "dobj" and (e := self.args(c)):
                    return e
        if n.dep_ in ("attr", "acomp", "oprd"):
            return self.subj_of(n.head)
        if n.dep_ == "conj":
            return self.holder(n.head, depth + 1)
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lower_ in _PART_WORDS:
            return self.holder(n.head.head, depth + 1)  # 'Contoso, one of Fabrikam's biggest rivals'
        nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
        if nxt is not None and nxt.dep_ not in ("poss", "case") and (e := self.ents(nxt)) and not self.ents(n):
            # 'Fabrikam's main rival Contoso cut prices' parsed with the name as a modifier of the verb: the name
            # right after the noun is what it describes
            if not any(c.dep_ == "case" for c in nxt.children):
                return self.args(nxt) or e
        ex = self.examples(n)
        if ex:
            return ex  # 'investors such as A and B', 'backers including A'
        if n.dep_ == "nsubj" and n.head.lower_ in _INCLUDE:
            included: list[str] = []
            for c in n.head.children:
                if c.dep_ in ("dobj", "attr", "oprd"):
                    included += self.args(c) or self.examples(c)
            return included
        if n.dep_ == "pobj" and n.head.lower_ in ("as", "among"):
            v = n.head.head
            dobj = [c for c in v.children if c.dep_ == "dobj"]
            if dobj and dobj[0].lower_ in _REL_PRON and v.dep_ == "relcl":
                return self.args(v.head)  # 'OpenAI and Anthropic, which analysts see as Cohere's rivals'
            if dobj and (e := self.args(dobj[0])):
                return e  # 'named X as CEO', 'see Google as OpenAI's rival', 'counts A among its investors'
            if v.pos_ in ("VERB", "AUX"):
                return self.subj_of(v)
            return self.holder(v, depth + 1)
        return []

    def preps(self, hosts: list[Any], words: tuple[str, ...] | list[str], funding: bool = False) -> list[str]:
        """Entities governed by the prepositions ``words`` attached to any of ``hosts``."""
        out: list[str] = []
        for h in hosts:
            for c in h.children:
                if c.dep_ in ("prep", "agent", "dative") and c.lower_ in words:
                    for p in (c, *c.conjuncts):
                        for o in p.children:
                            if o.dep_ in ("pobj", "pcomp"):
                                out += [k for k in self.args(o, funding) if k not in out]
        return out

    # ---------------------------------------------------------------- facts
    def add(self, pred: str, s: list[str], o: list[str], conf: float, toks: list[Any], frame: str,
            role: str | None = None, amount: str | None = None) -> int:
        dom, rng = DOMAIN[pred]
        n = 0
        window = self.window(toks)
        if pred == "competesWith":  # 'has ambitions to challenge X', 'hopes to take on X': a rivalry all the same
            window = INTENT.sub(" ", window)
        conf *= _modality(window)
        if conf <= 0:
            return 0
        amt, usd = parse_amount(amount) if amount else (None, None)
        for a in s:
            for b in o:
                if a == b:
                    continue
                ta, tb = self.entities[a].type, self.entities[b].type
                if ta not in dom or tb not in rng:
                    continue
                if pred == "competesWith" and _CLASS.get(ta) != _CLASS.get(tb):
                    continue
                self.facts.append(Fact(a, pred, b, self.sent.start, self.sent.end, round(conf, 2), self.extractor,
                                       role=role, amount=amt, amount_usd=usd))
                n += 1
        if n:
            self.fired.add(frame)
            if pred == "investsIn":
                self.ctx.funded = self.facts[-1].object  # the company the story's money goes to
        return n

    def window(self, toks: list[Any]) -> str:
        """The text the modality is read from: from 30 characters before the first token to the last one,
        never back across a quotation mark, plus the words of the governing verbs ('in talks to buy')."""
        lo = min(t.idx for t in toks)
        hi = max(t.idx + len(t.text) for t in toks)
        st = self.sent.text
        start = max(0, lo - 30)
        q = max(st.rfind('"', start, lo), st.rfind("“", start, lo), st.rfind("”", start, lo))
        if q >= 0:
            start = q + 1
        extra: list[str] = []
        for t in toks:
            h = t
            for _ in range(3):
                if h.dep_ not in ("xcomp", "acl", "pcomp", "pobj", "prep", "ccomp", "dobj") or h.head is h:
                    break
                h = h.head
                extra.append(h.text)
                extra += [c.text for c in h.children if c.dep_ in ("aux", "neg", "advmod")]
            extra += [c.text for c in t.children if c.dep_ in ("aux", "neg")]
        return st[start:hi] + " " + " ".join(extra)


def _role_text(n: Any) -> str:
    """The job title around a role noun: its role modifiers ('senior analyst', 'chief executive officer')."""
    lo = n.i
    for c in sorted(n.lefts, key=lambda c: -c.i):
        if c.dep_ in ("compound", "amod", "nmod") and c.i == lo - 1 and (
            c.lower_ in ROLE_MODS or c.lower_ in ROLE_HEADS or c.lower_.startswith("co-")
        ):
            lo = c.i
            for cc in sorted(c.lefts, key=lambda x: -x.i):
                if cc.i == lo - 1 and cc.dep_ in ("compound", "amod") and (cc.lower_ in ROLE_MODS or cc.lower_ in ROLE_HEADS):
                    lo = cc.i
    return n.doc[lo : n.i + 1].text


_NOT_ROLE_HOSTS = ("of", "at", "for", "with", "from")


def _title_orgs(st: _Sent, n: Any) -> list[str]:
    """The organisation of a title that sits beside the person rather than on the title: the person's possessive
    ('Contoso's former Chief Technology Officer (CTO) Jane Roe': the title a modifier of the name) or an
    organisation in apposition right after the title ('said Jane Roe, CEO, Contoso')."""
    x = n
    for _ in range(4):  # 'CTO' in apposition to 'Officer', a modifier of the name
        if x.dep_ not in ("appos", "nmod", "compound") or x.head.i == x.i or x.head.i in st.tok_ents:
            break
        x = x.head
    if x.dep_ in ("nmod", "compound") and x.head.i > x.i and x.head.i in st.tok_ents:
        return [k for c in x.head.children if c.dep_ == "poss" for k in st.refer(c)]
    if n.dep_ == "appos":
        for c in (*n.children, *n.head.children):
            if c.dep_ == "appos" and c.i > n.i and all(t.is_punct for t in n.doc[n.i + 1 : c.left_edge.i]):
                return [k for k in st.ents(c) if st.entities[k].type in ORG]
    return []


def _roles(st: _Sent, n: Any) -> None:
    if n.pos_ not in ("NOUN", "PROPN") or (n.dep_ in ("compound", "amod", "appos") and n.head.lower_ in ROLE_HEADS):
        return  # part of a longer title, or a title restated ('Chief Technology Officer (CTO)'): read once
    role = _role_text(n)
    group = [n, *n.conjuncts]
    people = [k for k in st.holder(n) if st.entities[k].type == "Person"]
    if not people:  # 'the co-founders of X, A and B' read as 'of X, A and B'; 'the CEO of X, Jane Roe, said'
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "at"):
                for p in c.children:
                    for x in (*p.conjuncts, *(a for a in p.children if a.dep_ == "appos")):
                        people += [k for k in st.ents(x) if st.entities[k].type == "Person" and k not in people]
    if not people:
        return
    unit = None  # 'head of research', 'president of Contoso's cloud business': a title over a part of the company
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            for x in c.children:
                if x.dep_ == "pobj" and x.pos_ in ("NOUN", "PROPN") and not st.ents(x) and not st.refer(x):
                    unit = x
    if unit is not None:
        role = f"{role} {n.doc[n.i + 1 : unit.i + 1].text}"
    for p in people:  # the title, remembered for the person's other mentions ('OpenAI's Altman' later on)
        if not st.entities[p].job_title and not re.search(r"(?i)\b(?:former|ex|then)\b", role):
            st.entities[p].job_title = role
    orgs: list[str] = []
    for g in group:
        for c in g.children:
            if c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and c.i < g.i):
                orgs += [k for k in st.refer(c) if k not in orgs]
        orgs += [k for k in st.preps([g], _NOT_ROLE_HOSTS) if k not in orgs]
    if unit is not None:
        orgs += [k for k in st.owner_of(unit) if k not in orgs]
    if not orgs:
        orgs = _title_orgs(st, n)
    if not orgs:
        # the name just before the title: 'Oracle CTO Larry Ellison' read as one flat compound, 'Oracle chief
        # executive Safra Catz', or a possessive the parse lost ('X, MosaicML's co-founder and CEO')
        lo = n.i - len(role.split(" ")) + 1
        prev = n.doc[lo - 1] if lo > 0 else None
        if prev is not None and prev.text in ("'s", "’s", "'", "’") and lo > 1:
            orgs = list(st.ents(n.doc[lo - 2]))
        elif prev is not None and prev.dep_ in ("compound", "nmod", "amod") and prev.head.i >= n.i:
            orgs = list(st.ents(prev))
    orgs = [k for k in orgs if st.entities[k].type in ORG]
    conf = 0.85
    if not orgs and n.head.dep_ == "conj" and n.head.head.i in st.tok_ents:
        # 'Contoso CEO Jane Roe and CTO John Doe': the second title is at the first one's organisation
        first = set(st.ents(n.head.head))
        orgs = [f.object for f in st.facts if f.subject in first and f.predicate in ("leads", "worksFor")][:1]
    if not orgs:
        # 'when CEO Sam Altman was removed', 'according to the company': a title with no organisation of its own
        # belongs to the one organisation the sentence names
        named = {k for t in n.doc if t.i in st.tok_ents and (t.dep_ in _SUBJ_DEPS or t.lower_ in NOMINALS)
                 for k in st.tok_ents[t.i] if st.entities[k].type in ORG}
        anyorg = {k for ks in st.tok_ents.values() for k in ks if st.entities[k].type in ORG}
        if not anyorg and st.ctx.topic and is_lead_role(role):
            named = {st.ctx.topic}  # 'Jane Roe, the chief executive, said': of the company the story is about
        if len(named) != 1:
            return
        orgs, conf = list(named), 0.7
    if re.search(r"(?i)\b(?:former|ex|then)\b", n.doc[max(0, n.i - 3) : n.i + 1].text) or n.doc[max(0, n.i - 2) : n.i].text.lower().startswith("ex-"):
        conf = 0.6
    toks = [n]
    _parent_employers(st, n, people, role, conf)
    if is_lead_role(role) and unit is None:
        st.add("leads", people, orgs, conf, toks, "role:leads")
    else:
        if st.add("worksFor", people, orgs, conf, toks, "role:worksFor", role=role):
            for p in people:
                if not st.entities[p].job_title:
                    st.entities[p].job_title = role


def _passive(v: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
        v.tag_ == "VBN" and (v.dep_ == "acl" or any(c.dep_ == "agent" for c in v.children)))


def _second_ok(v: Any, f: VerbFrame) -> Any | None:
    """The particle or noun of a phrasal verb ('roll out', 'take part', 'join forces'), or None if absent."""
    for c in v.children:
        if c.lower_ == f.second and c.dep_ in ("prt", "dobj", "prep", "advmod", "compound", "acomp"):
            return c
    return None


def _misread_verb(st: _Sent, t: Any) -> bool:
    """'Contoso competes against Fabrikam', 'Contoso taps Gizmo-7B': after an unknown name the tagger often reads
    the verb as a plural noun at the root of the sentence; a name, then a verb's third-person form at the root, with
    no subject of its own, is that verb."""
    if t.dep_ in ("xcomp", "advcl", "ccomp", "relcl", "acl") and any(c.dep_ == "aux" for c in t.children):
        return True  # 'uses Orbit to power/NN HelperBot': a noun with an auxiliary is a verb to the parser too
    return (t.dep_ == "ROOT" and t.tag_ == "NNS" and t.i > 0 and t.i - 1 in st.tok_ents and t.lower_.endswith("s")
            and not any(c.dep_ in _SUBJ_DEPS for c in t.children))


def _verb(st: _Sent, v: Any) -> None:
    frames = VERBS.get(v.lower_)
    misread = bool(frames) and v.pos_ == "NOUN" and _misread_verb(st, v)
    if not frames or (v.pos_ not in ("VERB", "AUX") and not misread):
        return
    passive = _passive(v)
    for f in frames:
        second = None
        if f.second is not None:
            second = _second_ok(v, f)
            if second is None:
                continue
        elif any(g.second is not None and _second_ok(v, g) is not None for g in frames if g is not f and g.name == f.name):
            continue
        if f.needs_passive_or is not None and not passive and f.base not in f.needs_passive_or:
            continue
        hosts = [v] + ([second] if second is not None else [])
        dobjs = [c for c in v.children if (c.dep_ == "dobj" or (misread and c.dep_ in ("appos", "compound", "npadvmod")
                                                                and c.i > v.i)
                                            or (c.dep_ == "attr" and c.i > v.i and v.lower_ not in _COPULA))
                 and c is not second]  # 'Fabrikam nabs/VBZ Jane Roe/attr': an object, whatever its label
        hosts += dobjs
        if passive and "dobj" in f.object:
            obj_toks = [c for c in v.children if c.dep_ == "nsubjpass"]
            if not obj_toks and v.dep_ == "conj":  # 'was led by A and joined by B'
                obj_toks = [c for c in v.head.children if c.dep_ == "nsubjpass"]
            objs = [k for t in obj_toks for k in st.args(t, f.funding is not None)]
            if v.dep_ == "relcl" and any(t.lower_ in _REL_PRON for t in obj_toks):
                objs = st.antecedent(v)  # 'DeskPilot, which is powered by Orbit'
            if not obj_toks and v.dep_ in ("acl", "relcl"):
                obj_toks = [v.head]
                objs = st.args(v.head, f.funding is not None) or st.holder(v.head)
            elif not obj_toks and v.dep_ == "advcl":  # 'Backed by A, Y has ...'
                objs = st.subj_of(v.head)
            elif not obj_toks and v.dep_ == "ROOT" and v.tag_ == "VBN" and v.i == v.doc[0].i:
                # 'Founded in 2019 by A and B, Y is ...': the fronted participle's noun is the first subject after it
                edge = max((c.right_edge.i for c in v.children if c.dep_ == "agent"), default=v.i)
                cands = [x for x in v.doc[edge + 1 :] if x.dep_ in ("nsubj", "nsubjpass") and st.ents(x)]
                if cands:
                    objs = st.args(min(cands, key=lambda x: abs(x.head.i - x.i)))
            subs = st.preps([v], ("by",))
            obj_toks += [c for c in v.children if c.dep_ == "agent"]
        else:
            subs = st.subj_of(v)
            if f.name == "found" and v.lower_ in _RUN_VERBS and dobjs and dobjs[0].lower_ in _TEAM_NOUNS \
                    and not st.ents(dobjs[0]) and not any(c.dep_ == "appos" and st.ents(c) for c in dobjs[0].children):
                # 'who runs Northwind's research lab': one who works there (a named unit is led: 'its unit, X AI')
                owners = st.owner_of(dobjs[0]) or [k for k in st.preps([v], ("at",)) if st.entities[k].type in ORG]
                st.add("worksFor", subs, owners, 0.75, [v, dobjs[0]], f"verb:{f.name}")
                continue
            if f.object_is_subject:  # 'Contoso trained Orbit on WebPile', 'a model that Contoso trained on WebPile'
                dobjs = dobjs or [c for c in v.children if c.dep_ in ("npadvmod", "oprd") and c.i > v.i and st.ents(c)]
                for d in dobjs:
                    subs = st.args(d) or (st.args(v.head) or st.holder(v.head) if d.lower_ in _REL_PRON else [])
                dobjs = []
            objs = []
            obj_toks = []
            if "dobj" in f.object:
                for d in dobjs:
                    if d.lower_ in _REL_PRON and v.dep_ == "relcl":  # 'Fabrikam, which Contoso bought in 2021'
                        objs += [k for k in st.antecedent(v) if k not in objs]
                    else:
                        objs += st.args(d, f.funding is not None)
                    obj_toks.append(d)
                if not dobjs and v.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in _REL_PRON for c in v.children):
                    objs += st.args(v.head) or st.holder(v.head)  # 'Y, the company X acquired last year'
                    obj_toks.append(v.head)
                objs += [k for k in st.preps(hosts, _ALONGSIDE) if k not in objs]  # 'X alongside its own Y'

            preps = tuple(p for p in f.object if p != "dobj")
            if preps:
                objs += [k for k in st.preps(hosts, preps, f.funding is not None) if k not in objs]
                obj_toks += [c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ in preps]
        funding_obj = any(t.lower_ in FUNDING for x in obj_toks for t in (x, *x.children))
        if f.needs_funding_or is not None and f.base not in f.needs_funding_or and not funding_obj:
            bare = not obj_toks and not passive and v.lower_ not in (
                "join", "joins", "joined", "joining", "lead", "leads", "led", "leading") and not any(
                c.dep_ == "prep" and c.lower_ == "to" for c in v.children)
            if not (bare and st.ctx.funded):
                continue
            objs, funding_obj = [st.ctx.funded], True  # 'Databricks also took part': in the round just described
        preds = f.predicates
        if f.funding and funding_obj:
            preds = (f.funding,)
        if f.name == "found" and not passive and v.lower_ not in _RUN_VERBS:
            # 'A co-founded Y with B and C': the founders named with 'with' found it too
            subs = subs + [k for k in st.preps([v], ("with", "alongside")) if k not in subs
                           and st.entities[k].type == "Person"]
        s, o = (objs, subs) if f.inverse else (subs, objs)
        toks = [v, *obj_toks]
        amount = None
        if "investsIn" in preds:
            amount = " ".join(t.text for t in v.subtree if t.i >= v.i)[:200]
        if f.name == "raise" and subs:
            st.ctx.funded = subs[0]
        if f.role_as:
            role = None
            for c in v.children:
                if c.dep_ == "prep" and c.lower_ == "as":
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lower_ in ROLE_HEADS:
                            role = _role_text(p)
            if role is not None and is_lead_role(role):
                st.add("leads", s, o, 0.8, toks, f"verb:{f.name}")
                continue
            if st.add("worksFor", s, o, 0.8, toks, f"verb:{f.name}", role=role) and role:
                for p in s:
                    if st.entities[p].type == "Person" and not st.entities[p].job_title:
                        st.entities[p].job_title = role
            if f.name != "work" and "worksFor" in preds and len(preds) == 1:
                continue
        for pred in preds:
            if pred == "worksFor" and f.role_as:
                continue
            if not o and f.symmetric_subjects and len(s) >= 2:
                for i, a in enumerate(s):
                    st.add(pred, [a], s[i + 1 :], 0.8, toks, f"verb:{f.name}")
                continue
            st.add(pred, s, o, 0.8, toks, f"verb:{f.name}", amount=amount)
            if pred == "competesWith" and v.dep_ in ("advcl", "xcomp") and any(c.lower_ == "to" for c in v.children):
                # 'Contoso launched HelperBot to compete with WidgetGPT': what was launched competes too
                made = [k for c in v.head.children if c.dep_ == "dobj" for k in st.args(c)]
                st.add(pred, made, o, 0.8, toks, f"verb:{f.name}")
        if f.subject_enters:
            objs = [k for k in subs if st.entities[k].type in ASSET]
        if f.into_user and objs:
            users = st.preps(hosts, f.user_preps) or st.owners_under(hosts, f.user_preps)
            st.add("uses", users, objs, 0.75, toks, f"verb:{f.name}")


def _adjective(st: _Sent, a: Any) -> None:
    """'GPT-4o is available on Azure', 'made the model available on X', 'DALL-E 3 is built into ChatGPT'."""
    name, preds, preps, inverse = ADJECTIVES[a.lower_]
    own = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own:  # 'made the model available on X' read as a small clause
        subs = [k for c in own for k in st.args(c)]
    elif a.dep_ == "oprd" or (a.dep_ in ("ccomp", "xcomp") and a.head.pos_ == "VERB"):
        subs = [k for c in a.head.children if c.dep_ == "dobj" for k in st.args(c)]
    elif a.dep_ in ("acomp", "attr", "ROOT", "conj", "advcl"):
        subs = st.subj_of(a.head) if a.dep_ != "ROOT" else st.subj_of(a)
    elif a.dep_ == "amod":
        subs = st.args(a.head)
    else:
        return
    objs = st.preps([a, a.head] if a.dep_ == "acomp" else [a], preps)
    s, o = (objs, subs) if inverse else (subs, objs)
    for pred in preds:
        st.add(pred, s, o, 0.75, [a], f"adj:{name}")


def _versus(st: _Sent, t: Any) -> None:
    """'ChatGPT vs. Claude', 'OpenAI versus Google': the names on either side are framed as rivals."""
    if t.i == 0 or t.i + 1 >= len(t.doc):
        return
    left = st.ents(t.nbor(-1))
    right = [k for x in t.doc[t.i + 1 : t.i + 4] for k in st.ents(x)][:1]
    st.add("competesWith", left, right, 0.8, [t], "versus")


def _parent_employers(st: _Sent, n: Any, people: list[str], role: str, conf: float) -> None:
    """'head of Amazon's newly formed AGI Lab': a person titled at a unit also works for the unit's owner."""
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "at"):
            for p in c.children:
                owners = [k for x in p.children if x.dep_ == "poss" for k in st.args(x) if st.entities[k].type in ORG]
                if owners and st.ents(p) and not set(st.ents(p)) & set(owners):
                    st.add("worksFor", people, owners, conf * 0.9, [n], "role:worksFor", role=role)


def _clause_subject(st: _Sent, n: Any) -> list[str]:
    """The subject of the clause a noun sits in ('Microsoft announced a $10 billion investment in OpenAI')."""
    h = n
    for _ in range(6):
        if h.dep_ in _SUBJ_DEPS or h.dep_ in ("appos", "conj"):
            return []  # a subject itself, or a description of a name: no clause subject
        h = h.head
        if h.pos_ in ("VERB", "AUX"):
            return st.subj_of(h)
        if h.head is h:
            break
    return []


def _noun(st: _Sent, n: Any) -> None:
    frames = NOUNS.get(n.lower_)
    if not frames:
        return
    if n.pos_ not in ("NOUN", "PROPN") and not (n.dep_ == "amod" and n.head.pos_ in ("NOUN", "PROPN")) \
            and n.dep_ not in ("pobj", "nsubj", "nsubjpass", "dobj", "appos", "attr"):
        return  # the tagger reads 'a rival chatbot to X' and 'its rival X' with 'rival' as an adjective, 'unlike
        # rivals X' as a verb: the parser's nominal label (or the noun it modifies) says what it is
    for f in frames:
        if f.second is not None and not any(c.lower_ == f.second for c in n.children):
            continue
        _noun_frame(st, n, f)


def _noun_frame(st: _Sent, n: Any, f: NounFrame) -> None:
    poss = [k for c in n.children if c.dep_ == "poss" for k in st.args(c)]
    comp = [k for c in n.children if c.dep_ in ("compound", "nmod") and c.i < n.i for k in st.refer(c)]
    preps = tuple(p for p in f.other if p not in ("poss", "compound"))
    funding = "investsIn" in f.predicates
    hosts = [n]
    if n.dep_ in ("amod", "compound") and n.head.i > n.i and not st.ents(n.head):
        hosts.append(n.head)  # 'a rival chatbot to X': the preposition hangs on the noun the word modifies
    elif n.dep_ == "dobj" and n.head.pos_ == "VERB":
        hosts.append(n.head)  # 'puts pressure on X', 'took a stake in X': the preposition hangs on the verb
    by_prep = st.preps(hosts, preps, funding) if preps else []
    from_clause = False
    if f.subject in ("holder", "other"):
        s = st.holder(n)
        if not s and f.clause_subject:
            s, from_clause = _clause_subject(st, n), True
        o = list(by_prep)
        if "poss" in f.other:
            o += [k for k in poss if k not in o]
        if "compound" in f.other:
            o += [k for k in comp if k not in o]
        if not o and funding and s and f.name == "investor" and (st.ctx.funded or st.ctx.topic):
            # 'Existing backers A and B returned', 'Other investors include A': the company the story is about
            o = [st.ctx.funded or st.ctx.topic or ""]
        if not s and o and funding and f.name == "participation" and (st.ctx.funded or st.ctx.topic):
            # 'The investment includes participation from A and B': in the round the story is about
            s = [st.ctx.funded or st.ctx.topic or ""]
        if f.subject == "other":
            s, o = o, s
    else:
        s = list(poss)
        if f.by_subject:
            s += [k for k in st.preps([n], ("by",)) if k not in s]
        o = list(by_prep)
        if comp:
            if not s and o:
                s = comp
            elif not o:
                o = comp
        if not s and f.clause_subject:
            s, from_clause = _clause_subject(st, n), True
        if not s:
            s = st.holder(n)
        if not s and f.pairs and n.dep_ == "pobj" and n.head.lower_ in ("in", "into") and n.head.head.pos_ in ("VERB", "AUX"):
            # 'puts Contoso in competition with Fabrikam', 'A and B are locked in a battle'
            v = n.head.head
            s = [k for c in v.children if c.dep_ == "dobj" for k in st.args(c)] or st.subj_of(v)
            from_clause = True
    if f.name == "rival" and not o and s and n.dep_ in ("compound", "amod") and n.head.i > n.i:
        # "Epic's main rival Cerner"; else 'Oracle wants to catch up with rivals Microsoft and Google'
        o = [k for c in n.head.children if c.dep_ == "poss" for k in st.args(c)] or _clause_subject(st, n.head)
    elif f.name == "rival" and not o and s and n.dep_ == "pobj":  # 'Unlike rivals X and Y, Contoso sells ...'
        o = _clause_subject(st, n)
    if f.into_user:
        users = st.preps([n], ("into", "in"))
        st.add("uses", users, o, 0.75, [n], f"noun:{f.name}")
    amount = n.doc[max(0, n.i - 6) : n.i + 1].text if "investsIn" in f.predicates else None
    for pred in f.predicates:
        if pred in ("partnersWith", "competesWith"):
            between = st.preps([n], ("between", "among"))
            if len(between) >= 2:
                for i, a in enumerate(between):
                    st.add(pred, [a], between[i + 1 :], 0.8, [n], f"noun:{f.name}")
                continue
            if not o and 2 <= len(s) <= 3 and f.pairs and (from_clause or n.dep_ in ("attr", "acomp")):
                # 'A and B formed an alliance', 'A and B are longtime partners'
                for i, a in enumerate(s):
                    st.add(pred, [a], s[i + 1 :], 0.8, [n], f"noun:{f.name}")
                continue
        st.add(pred, s, o, 0.8, [n], f"noun:{f.name}", amount=amount)
        if pred == "leads" and from_clause:  # 'Jane Roe took the helm at Contoso': the clause's subject leads
            st.add(pred, o, s, 0.8, [n], f"noun:{f.name}")


def _possessive(st: _Sent, t: Any) -> None:
    """'OpenAI's GPT-4', 'its own Llama model', 'Meta's coding assistant, Metamate' -> builds/develops."""
    owners = st.args(t)
    if t.lower_ == "whose" and t.head.dep_ in ("nsubj", "dobj", "nsubjpass") and t.head.head.dep_ == "relcl":
        owners = st.args(t.head.head.head)  # 'OpenAI, whose ChatGPT has 200 million users'
    if owners and st.entities[owners[0]].type == "Person":
        led = [k for k in st.refer(t.head) if st.entities[k].type in ORG]
        if led:  # 'Elon Musk's xAI', 'Musk's artificial intelligence company xAI'
            st.add("leads", owners, led, 0.75, [t, t.head], "poss:leads")
        return
    people = [k for k in st.ents(t.head) if st.entities[k].type == "Person"] if t.head.dep_ != "poss" else []
    if owners and people and t.head.i == t.i + 1 + sum(1 for x in t.doc[t.i + 1 : t.head.i] if x.dep_ in ("case", "compound")):
        # 'Wingtip's Sam Smith said': the organisation's person works there (leads it when the article gives the
        # person a leading title anywhere: see ``extract_relations``)
        n = st.add("worksFor", people, owners, 0.7, [t, t.head], "poss:worksFor")
        st.ctx.titled.extend(st.facts[len(st.facts) - n :])
        return
    if not owners or not any(st.entities[k].type in ORG for k in owners):
        return
    h = t.head
    assets = [k for k in st.refer(h) or st.examples(h) if st.entities[k].type in ASSET]  # "Contoso's models, including X"
    for x in t.doc[t.i + 1 : h.i]:  # 'its Kimi chatbot', 'its Claude AI-powered app'
        if x.head.i <= h.i and x.head.i > t.i:
            assets += [k for k in st.ents(x) if st.entities[k].type in ASSET and k not in assets]
    for c in h.children:
        if c.dep_ in ("appos",) and c is not t:
            assets += [k for k in st.args(c) if st.entities[k].type in ASSET and k not in assets]
    if not assets and h.dep_ == "attr" and h.lower_ in _PRODUCT_NOUNS:  # "Orbit is Contoso's latest model"
        assets = [k for k in st.subj_of(h.head) if st.entities[k].type in ASSET]
    if not assets and h.lower_ in _PRODUCT_NOUNS and h.i + 1 < len(t.doc):  # "Contoso's new model Gizmo-7B beats"
        assets = [k for k in st.ents(t.doc[h.i + 1]) if st.entities[k].type in ASSET]
    if h.dep_ == "appos" and not assets:  # 'Vertex AI, the company's cloud AI platform'
        assets = [k for k in st.args(h.head) if st.entities[k].type in ASSET]
    if assets:
        st.add("builds", owners, assets, 0.85, [t, h], "poss:create")
        st.add("develops", owners, assets, 0.85, [t, h], "poss:create")


def _surface_possessive(st: _Sent, t: Any) -> None:
    """'Meta's Llama' where the parse lost the possessive (the name a case marker's head, not a poss): the next
    name within a short noun phrase is the possessed."""
    owners = st.ents(t.nbor(-1))
    for x in t.doc[t.i + 1 : t.i + 5]:
        if x.is_punct or x.pos_ in ("VERB", "AUX", "ADP", "CCONJ"):
            return
        got = st.ents(x)
        if got:
            if any(st.entities[k].type in ORG for k in owners):
                st.add("builds", owners, got, 0.8, [t, x], "poss:create")
                st.add("develops", owners, got, 0.8, [t, x], "poss:create")
            elif any(st.entities[k].type == "Person" for k in owners):
                st.add("leads", owners, got, 0.7, [t, x], "poss:leads")
            return


def _compound(st: _Sent, t: Any) -> None:
    """'Anthropic Claude', 'Google Gemini': an organisation's name compounded to its model or product."""
    orgs = [k for k in st.ents(t) if st.entities[k].type in ORG]
    h = t.head
    if not orgs or h.i <= t.i or set(st.ents(h)) & set(orgs):
        return
    first = t
    while first.i > 0 and set(st.ents(t.doc[first.i - 1])) & set(orgs):
        first = t.doc[first.i - 1]  # the name's first word
    if first.i > 1 and t.doc[first.i - 1].text == "The":  # mid-sentence 'The' is the name's own ('The Verge')
        first = t.doc[first.i - 1]
    if first.text == "The" or (first.i > 0 and t.doc[first.i - 1].lower_ in _TELL):
        return  # 'The Verge Phi-3' (a name with its own article is a whole noun phrase); 'told Contoso Gizmo-7B is'
    assets = [k for k in st.ents(h) if st.entities[k].type in ASSET]
    if assets:
        st.add("builds", orgs, assets, 0.75, [t, h], "compound:create")
        st.add("develops", orgs, assets, 0.75, [t, h], "compound:create")


def _jointly(st: _Sent, t: Any) -> None:
    """'Contoso and Fabrikam will jointly develop chips', 'A and B said they would together build ...': companies
    acting jointly are partners."""
    v = t.head
    subj = next((c for c in v.children if c.dep_ in _SUBJ_DEPS), None)
    if subj is not None and subj.lower_ in ("they", "we") and v.dep_ == "ccomp":
        subs = st.subj_of(v.head)
    else:
        subs = st.subj_of(v)
    subs = [k for k in subs if st.entities[k].type in CO]
    if 2 <= len(subs) <= 4:
        for i, a in enumerate(subs):
            st.add("partnersWith", [a], subs[i + 1 :], 0.75, [t, v], "jointly")


def _from_maker(st: _Sent, t: Any) -> None:
    """'Quasar from Contoso tops the charts', 'models such as Orbit from Contoso': a model or product named with
    the organisation it comes from."""
    assets = [k for k in st.args(t.head) if st.entities[k].type in ASSET]
    makers = [k for c in t.children if c.dep_ == "pobj" for k in st.ents(c) if st.entities[k].type in ORG]
    if assets and makers:
        st.add("builds", makers, assets, 0.75, [t.head, t], "from:create")
        st.add("develops", makers, assets, 0.75, [t.head, t], "from:create")


def _hyphen(st: _Sent, t: Any) -> None:
    """'X-backed Y', 'X-powered Y': the participle's fact between the name before the hyphen and the noun."""
    spec = HYPHEN.get(t.lower_)
    if spec is None or t.i < 2 or t.nbor(-1).text != "-":
        return
    left = st.ents(t.nbor(-2))
    if not left:
        return
    head = t.head if t.head is not t else t
    right = st.refer(head) or st.holder(head)
    if not right and head.i > t.i:
        right = [k for x in head.lefts if x.i > t.i for k in st.ents(x)]
    if not right and t.i + 1 < len(t.doc):  # 'Northwind-backed Contoso eyes ...' with a lost noun phrase
        right = st.ents(t.doc[t.i + 1])
    pred, side = spec
    s, o = (left, right) if side == "left" else (right, left)
    for p in ("builds", "develops") if pred == "create" else (pred,):  # 'X-made Y': the types choose
        st.add(p, s, o, 0.8, [t, head], f"hyphen:{pred}")


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
            continue
        st = _Sent(text, sent, doc, _tok_ents(text, sent, doc, local), entities, ctx, extractor)
        for t in doc:
            low = t.lower_
            if t.pos_ == "PROPN" and t.i in st.tok_ents:
                if t.dep_ == "poss":
                    _possessive(st, t)
                elif t.dep_ == "compound":
                    _compound(st, t)
                continue  # a word of a name ('Lightspeed Venture Partners') triggers nothing
            if low in VERBS:
                _verb(st, t)
            if low in NOUNS:
                _noun(st, t)
            if low in ROLE_HEADS:
                _roles(st, t)
            if low in ADJECTIVES and t.pos_ in ("ADJ", "VERB", "ADV"):
                _adjective(st, t)
            if low in VERSUS:
                _versus(st, t)
            if t.dep_ == "poss":
                _possessive(st, t)
            elif low in ("'s", "’s", "‘s") and t.i > 0 and t.i - 1 in st.tok_ents and t.nbor(-1).dep_ != "poss":
                _surface_possessive(st, t)
            elif t.dep_ == "compound" and t.i in st.tok_ents:
                _compound(st, t)
            if low in HYPHEN:
                _hyphen(st, t)
            if low in _JOINTLY and t.dep_ == "advmod" and t.head.pos_ == "VERB":
                _jointly(st, t)
            if low == "from" and (t.head.i in st.tok_ents or t.head.lower_.rstrip("s") in _PRODUCT_NOUNS):
                _from_maker(st, t)
        FIRED.update(st.fired)
        facts.extend(st.facts)
    return _titled(facts, entities, ctx)


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
