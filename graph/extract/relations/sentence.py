"""One parsed sentence as the frames see it: which entities each token names, and how arguments are found
(coordination and examples fanned out, holders, subjects, owners, prepositions), with ``add`` checking domain
and range and the sentence's negation and hedging before a fact is kept.
"""

from __future__ import annotations

from typing import Any

from ..frames import (
    EXAMPLES,
    FUNDING,
    VERBS,
    inflections,
)
from ..lexicon import GOVERNMENT_WORDS, INTENT
from ..model import Entity, Fact
from ..sentences import Sentence
from .common import (
    ASSET,
    DOMAIN,
    FEATURE_NOUNS,
    ORG,
    OWN_SUBJECTS,
    PRODUCT_NOUNS,
    REL_PRON,
    STANDIN_NOUNS,
    SUBJ_DEPS,
    TYPE_CLASS,
    UNIT_NOUNS,
    VERSION_NOUNS,
    Context,
    in_part,
    is_round,
    modality_of,
    modality_window,
    parse_amount,
    possessive_left_to_next,
    role_is_past,
)
from .holders import colon_list, holder

__all__ = ["Sent"]

#: nouns that stand for the names in their 'of' phrase ('the likes of X', 'one of Y's backers', 'a mix of A and B')
_PART_OF = frozenset("likes like one ones some all each both top mix blend variety range combination handful host array "
                     "slew number majority bulk".split())


#: nouns for a company an infinitive clause is about ('the first companies to adopt X', 'the only startup to ...')
_SUBJECT_NOUNS = frozenset("company companies firm firms startup startups business businesses bank banks "
                           "customer customers organisation organisations organization organizations".split())


#: verbs that report what their subject says: 'they' in the report is that subject
_SAY = frozenset(w for base in "say announce confirm add state tell".split() for w in inflections(base)) | {
    "said", "told"}
#: hardware a cloud service rents out: what runs on it uses the service
_HARDWARE = frozenset("chips gpus tpus servers processors accelerators instances clusters infrastructure".split())
#: auxiliaries that stand for the verb before them: 'A took part, as did B'
_ELLIPTIC = frozenset("did do does has have had was were is are".split())


class Sent:
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
        """The entities a token's own mention names (a new list: callers may extend it)."""
        return list(self.tok_ents.get(t.i, ()))

    def refer(self, t: Any) -> list[str]:
        """The entities a token names: its own mention, else a name in apposition or compounded to it."""
        got = self.ents(t)
        if got:
            return got
        if t.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            for c in t.children:
                if c.dep_ == "appos" and (e := self.ents(c)) and not any(x.dep_ == "neg" for x in c.children):
                    return e
            if t.lower_ in PRODUCT_NOUNS or (t.lower_ in FEATURE_NOUNS and not _second_object(t)):
                # 'the GPT-3 technology', 'its Bing search engine', 'Siri requests' (what a product is asked)
                for c in t.children:  # (not "Google's Imagen 4" hung on "OpenAI's GPT image model": its own maker)
                    if c.dep_ not in ("compound", "nmod", "amod") or c.i > t.i:
                        continue
                    if not self.ents(c) and c.pos_ == "NOUN":  # 'Bing' compounded to 'search' of 'search engine'
                        c = next((x for x in c.children if x.dep_ == "compound" and x.i < c.i and self.ents(x)), c)
                    if (e := self.ents(c)) and not any(x.dep_ == "poss" for x in c.children):
                        if all(self.entities[k].type in ASSET for k in e):
                            return e
            if t.lower_ in _PART_OF:
                for c in t.children:  # 'the likes of OpenAI', 'one of its backers', 'a mix of models including X'
                    if c.dep_ == "prep" and c.lower_ == "of":
                        for x in c.children:
                            if x.dep_ == "pobj" and (e := self.args(x)):
                                return e
            if t.lower_ in STANDIN_NOUNS:
                for c in t.children:
                    if c.dep_ == "poss" and (e := self.ents(c)):
                        return e
            if t.lower_ in _HARDWARE:  # "runs workloads on Amazon Web Services' Trainium chips": the cloud service
                for c in t.children:
                    if c.dep_ == "poss" and (e := self.ents(c)) and all(self.entities[k].type in ASSET for k in e):
                        return e
            if t.lower_ in VERSION_NOUNS:  # 'a new version of Quasar', 'an update to Orbit'
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
            if t.lower_ in UNIT_NOUNS:  # 'the startup fund of OpenAI', 'Alibaba's cloud unit', 'researchers at X'
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
            return colon_list(self, t)
        return []

    def args(self, t: Any, funding: bool = False, carried: bool = True) -> list[str]:
        """Entities of ``t`` and of its conjuncts ('A, B and C'), and of examples ('tools like X and Y'); with
        ``funding``, a funding round stands for its company (``carried``: also one named in an earlier sentence)."""
        out: list[str] = []
        for x in (t, *t.conjuncts):
            if x is not t and any(c.dep_ == "case" for c in x.children) and x.i + 2 < len(x.doc) and x.doc[x.i + 2].pos_ in ("NOUN", "PROPN"):
                continue  # 'of A and B's C' read as 'of A and B': B is C's possessor, not a member
            if funding and is_round(x):
                out += self.owner(x, carried)  # (also 'Series B')
                continue
            if funding and x is not t and t.lower_ in FUNDING:
                continue  # 'to lead the round and Microsoft, Nvidia and Apple considering ...': no list of rounds
            got = self.refer(x)  # (a product's features and the examples of them: 'X features, including Y')
            got = got + [k for k in self.examples(x) if k not in got] if not got or x.lower_ in FEATURE_NOUNS else got
            got = got + [k for k in self._listed_before_possessor(x) if k not in got]
            if got:
                got += [k for k in self._comitative(x) if k not in got]
                # a list the parser read as appositions or modifiers: 'by A, B, and C', 'of A and B's C'
                types = {self.entities[k].type for k in got}
                for c in x.children:
                    if c.dep_ in ("appos", "nmod", "conj") and c.i != x.i and not any(
                            cc.dep_ == "case" for cc in c.children):  # a possessor is no list member
                        more = self.ents(c)
                        if more and {self.entities[k].type for k in more} <= types and c.dep_ != "conj":
                            got = got + [k for k in more if k not in got]
                            for cc in c.conjuncts:
                                got += [k for k in self.refer(cc) if k not in got]  # "and the model Y"
            for k in got:
                if k not in out:
                    out.append(k)
        return out

    def _comitative(self, x: Any) -> list[str]:
        """'Jane Roe, together with John Doe, founded X', 'by A, ..., along with B': B is one more of the same kind
        (as ``x``'s, when ``x`` names any)."""
        own = {self.entities[k].type for k in self.ents(x)}
        out: list[str] = []
        for c in x.children:
            w = next((g for g in c.children if g.dep_ == "prep" and g.lower_ == "with"), None) if c.lower_ == "along" else c
            if c.dep_ == "prep" and w is not None and w.lower_ == "with" and (
                    w is not c or any(a.dep_ == "advmod" and a.lower_ == "together" for a in c.children)):
                out += [k for p in w.children if p.dep_ == "pobj" for k in self.args(p)
                        if not own or self.entities[k].type in own]
        return out

    def _listed_before_possessor(self, x: Any) -> list[str]:
        """'with A and B's ChatGPT': a named product has one maker, so A is a member of the list, not a co-owner."""
        named = [k for c in (x, *(c for c in x.children if c.dep_ == "compound")) for k in self.ents(c)]
        if not named or not all(self.entities[k].type in ASSET for k in named):
            return []  # 'Microsoft and OpenAI's partnership': owned together
        out: list[str] = []
        for c in x.children:
            if c.dep_ in ("poss", "nmod") and possessive_left_to_next(c):
                out += self.ents(c)
        return out

    def examples(self, x: Any) -> list[str]:
        """Names given as examples of a noun: 'investors such as A and B', 'tools like X', 'backers including Y',
        'models — A and B among them'."""
        got: list[str] = []
        for c in x.children:
            if c.dep_ == "prep" and (c.lower_ in EXAMPLES or (c.lower_ == "as" and c.i > 0 and c.nbor(-1).lower_ == "such")):
                for p in c.children:
                    if p.dep_ == "pobj":
                        got += [k for k in self.args(p) if k not in got]
        if not got and x.tag_ in ("NNS", "NNPS"):
            got = self._among_them(x)
        if not got and x.lower_ in PRODUCT_NOUNS:  # 'models from A and B, including X and Y': the examples hung
            for c in x.children:  # on the makers' names are the models'
                if c.dep_ == "prep" and c.lower_ in ("from", "by"):
                    for p in c.children:
                        if p.dep_ == "pobj":
                            got += [k for k in self.examples(p) if self.entities[k].type in ASSET and k not in got]
        return got

    def _among_them(self, x: Any) -> list[str]:
        """'models from outside labs — A's X and B's Y among them': the names between the dash after a plural noun and
        'among them' (not their possessors), however the parse hung them."""
        doc, dash = x.doc, None
        for t in x.doc[x.i + 1 : x.i + 8]:
            if t.text in ("—", "–", "--"):
                dash = t
                break
            if t.pos_ in ("VERB", "AUX", "PUNCT"):
                return []
        if dash is None:
            return []
        end = next((t.i for t in doc[dash.i + 1 :] if t.lower_ == "among" and t.i + 1 < len(doc)
                    and doc[t.i + 1].lower_ == "them"), None)
        if end is None or any(t.text in ("—", "–", "--", ";") for t in doc[dash.i + 1 : end]):
            return []
        return [k for t in doc[dash.i + 1 : end] if t.dep_ != "poss" for k in self.ents(t)]

    def owner(self, rnd: Any, carried: bool = True) -> list[str]:
        """The company a funding round belongs to: 'Y's round', 'the Y round', else (``carried``) the last funded
        company."""
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
        if not carried:
            return []
        if self.ctx.funded:
            return [self.ctx.funded]
        if self.ctx.topic and self.ctx.topic not in self.agents():  # a round's investor is not its owner
            return [self.ctx.topic]
        return []

    def agents(self) -> set[str]:
        """The entities this sentence names after 'by' ('led by A and joined by B and C')."""
        return {k for t in self.doc if t.dep_ == "pobj" and t.head.lower_ == "by" for k in self.args(t)}

    def antecedent(self, v: Any) -> list[str]:
        """What a relative clause is about: the noun it modifies ('Y, which Contoso bought'), else the name just
        before its relative pronoun ('shares of Amazon, which is an investor in Y': the parser hung the clause on
        'shares')."""
        if _singular(v) and v.head.tag_ == "NNS" and v.head.dep_ == "pobj" and v.head.head.head.tag_ in ("NN", "NNP"):
            # 'HelperBot, an assistant for merchants that runs on X': the clause is the singular noun's
            got = self.args(v.head.head.head) or self.holder(v.head.head.head)
        elif v.head.conjuncts and _singular(v):  # 'A and its own B model, which is built on C': B alone
            last = max((c for c in (v.head, *v.head.conjuncts) if c.i < v.i), key=lambda c: c.i, default=v.head)
            got = self.refer(last) or self.holder(last)  # (the one before it: 'A and B, which owns C')
        else:
            got = self.args(v.head) or self.holder(v.head)
            later = {k for c in v.head.conjuncts if c.i > v.i for k in self.ents(c)}
            got = [k for k in got if k not in later] or got  # 'A, who co-founded X, and B': the clause is A's
        if got:
            return got
        first = min((c for c in v.children if c.lower_ in REL_PRON and c.i < v.i), key=lambda c: c.i, default=None)
        if first is not None and first.i >= 1:
            prev = v.doc[first.i - 1]
            if prev.text in (",", "—", "–", "--") and first.i >= 2:  # (also the dash of an aside)
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
        verb's subject (xcomp, coordination); with those an elliptical clause names ('..., as did X') and those the verb
        has 'together with' ('X invested, together with Y')."""
        got = self._subj_of(v, depth)
        for c in v.children if got else ():
            if c.dep_ == "advcl" and c.lower_ in _ELLIPTIC and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children):
                got += [k for x in c.children if x.dep_ == "nsubj" for k in self.args(x) if k not in got]
        if got and v.pos_ == "VERB" and not any(c.dep_ == "auxpass" for c in v.children):
            types = {self.entities[k].type for k in got}  # 'X had participated in the round, together with A and B'
            got += [k for k in self._comitative(v) if k not in got and self.entities[k].type in types]
        return got

    def _list_head(self, v: Any, subj: Any) -> list[str]:
        """The first member of a subject list the parse left hanging on the verb ('A's X/dep, B's Y and C's Z are
        competing'): a name before the subject, followed by a comma, when the subject has a conjunct."""
        if not any(c.dep_ == "conj" for c in subj.children):
            return []
        return [k for d in v.children if d.dep_ == "dep" and d.i < subj.i and d.doc[d.i + 1].text == ","
                for k in self.args(d)]

    def _subj_of(self, v: Any, depth: int) -> list[str]:
        if depth > 4:
            return []
        named = [c for c in v.children if c.dep_ in SUBJ_DEPS and self.ents(c)]
        if len(named) == 1 and any(c.dep_ in SUBJ_DEPS and c.i != named[0].i for c in v.children):
            return self.args(named[0])  # 'his startup/nsubj xAI/nsubj has acquired': two subjects, the name is one
        for c in v.children:
            if c.dep_ in SUBJ_DEPS:
                if c.lower_ in REL_PRON and v.dep_ == "relcl":
                    return self.antecedent(v)
                if c.lower_ in ("they", "we") and v.dep_ == "ccomp" and v.head.lower_ in _SAY:
                    return self.subj_of(v.head, depth + 1)  # 'A, B and C said they have deployed the model'
                if got := self.args(c):
                    return got + [k for k in self._list_head(v, c) if k not in got]
                if any(f.name in ("use", "use_on", "create") for f in VERBS.get(v.lower_, ())) \
                        and (e := self.product_owner(c)):
                    return e  # 'the Contoso app uses X', 'Contoso employees use X', 'Contoso engineers built X'
                for p in c.children:  # 'Contoso's launch puts pressure on X': the subject's owner
                    if p.dep_ == "poss" and (got := self.args(p)):
                        return got
                return self.holder(c) if c.pos_ == "NOUN" else []
        if v.dep_ == "relcl" and not any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            return self.antecedent(v)
        if v.dep_ == "relcl" and v.head.lower_ in _SUBJECT_NOUNS:
            # 'Contoso was one of the first companies to partner with X': the noun's referent does it
            return self.args(v.head) or self.holder(v.head)
        for c in v.children:  # a name the tagger took for a modifier of the verb ('Litware/NOUN competes')
            if c.i < v.i and c.dep_ in ("compound", "npadvmod", "nmod", "amod", "advmod") and (
                    e := self.ents(c) or (self.refer(c) if c.lower_ in PRODUCT_NOUNS else [])):
                return e  # also 'the Le Chat assistant/compound competes/NNS': what the product noun names
        if v.pos_ == "NOUN" and v.i > 0 and v.nbor(-1).lower_ in PRODUCT_NOUNS \
                and any(f.name in ("use", "use_on") for f in VERBS.get(v.lower_, ())):
            for c in v.children:  # "Contoso's answer engine runs/NNS on X": the product's owner uses it
                if c.dep_ == "poss" and c.i < v.i and (got := self.args(c)):
                    return got
        if v.dep_ in ("xcomp", "advcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children) and any(
                f.name == "use" for f in VERBS.get(v.head.lower_, ())):
            for c in v.head.children:  # 'Contoso uses Orbit to power HelperBot': what is used does it
                if c.dep_ == "dobj" and (got := self.args(c)):
                    return got
        if v.dep_ == "advcl" and v.tag_ == "VBG" and (w := _with_before(v)) is not None:
            return [k for p in w.children if p.dep_ == "pobj" for k in self.args(p)]  # 'with A, B and C also
            # taking part', the 'with' hung on a name before
        if v.dep_ in ("xcomp", "conj", "advcl") and v.head.pos_ in ("VERB", "AUX"):
            return self.subj_of(v.head, depth + 1)
        if v.dep_ == "conj" and v.pos_ == "NOUN" and v.head.pos_ == "NOUN":
            h = v.head  # a verb the tagger read as a noun coordinated to the last noun: the clause's subject
            for _ in range(4):
                if h.pos_ in ("VERB", "AUX") or h.head.i == h.i:
                    break
                h = h.head
            if h.pos_ in ("VERB", "AUX"):
                return self.subj_of(h, depth + 1)
        if v.dep_ == "conj" and v.tag_ == "VBZ" and v.head.dep_ in ("dobj", "attr") and v.head.head.pos_ in ("VERB", "AUX"):
            return self.subj_of(v.head.head, depth + 1)  # 'X has eight employees and runs/conj-of-employees on Y'
        if v.dep_ == "acl" and v.tag_ in ("VBG", "VBN"):  # 'HelperBot, built on Orbit, ...'
            got = self.args(v.head) or self.holder(v.head)
            if not got and v.head.lower_ in PRODUCT_NOUNS and v.head.dep_ == "dobj" and v.head.head.pos_ == "VERB" \
                    and any(f.name in ("use", "use_on", "power") for f in VERBS.get(v.lower_, ())):
                got = self.subj_of(v.head.head, depth + 1)  # 'Northwind deployed an assistant built on X'
            return got
        if v.dep_ in ("acl", "relcl") and any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children):
            for c in v.head.children:  # 'Meta's decision to incorporate X'
                if c.dep_ == "poss":
                    return self.args(c)
            if v.head.dep_ in ("dobj", "attr") and v.head.head.pos_ in ("VERB", "AUX"):
                return self.subj_of(v.head.head, depth + 1)  # 'X has ambitions to challenge Y'
        if v.dep_ in ("pcomp",) and (v.head.head.pos_ in ("VERB", "AUX") or v.head.head.dep_ == "ROOT"):
            return self.subj_of(v.head.head, depth + 1)  # 'Contoso explored/JJ buying X before investing in Y'
        return []

    def product_owner(self, c: Any) -> list[str]:
        """The organisation an unnamed product or staff noun belongs to: 'the Contoso app', 'Contoso engineers',
        'its assistant'."""
        if c.pos_ == "NOUN" and c.lower_ in OWN_SUBJECTS:
            for p in c.children:
                if p.dep_ in ("compound", "nmod", "amod", "poss") and p.i < c.i \
                        and (e := self.ents(p)) and all(self.entities[k].type in ORG for k in e):
                    return e
        return []

    def holder(self, n: Any, depth: int = 0) -> list[str]:
        """The entity a noun describes (see ``holders.holder``)."""
        return holder(self, n, depth)

    def preps(self, hosts: list[Any], words: tuple[str, ...] | list[str], funding: bool = False,
              carried: bool = True) -> list[str]:
        """Entities governed by the prepositions ``words`` attached to any of ``hosts``."""
        out: list[str] = []
        for h in hosts:
            for c in [*h.children, *in_part(h)]:
                if c.dep_ in ("prep", "agent", "dative") and c.lower_ in words:
                    for p in (c, *c.conjuncts):
                        for o in p.children:
                            if o.dep_ in ("pobj", "pcomp"):
                                got = self.args(o, funding, carried) or ([k for d in o.children if d.dep_ == "dobj"
                                                                          for k in self.args(d)]
                                                                         if o.dep_ == "pcomp" else [])
                                out += [k for k in got if k not in out]  # ('with shipping/pcomp giant X/dobj')
            if "by" in words and out:  # 'founded by A, ..., together with B': the parse hung B on the verb
                types = {self.entities[k].type for k in out}
                out += [k for k in self._comitative(h) if k not in out and self.entities[k].type in types]
        return out

    # ---------------------------------------------------------------- facts
    def add(self, pred: str, s: list[str], o: list[str], conf: float, toks: list[Any], frame: str,
            role: str | None = None, amount: str | None = None) -> int:
        dom, rng = DOMAIN[pred]
        n = 0
        window = modality_window(self.sent.text, toks)
        if pred == "competesWith":  # 'has ambitions to challenge X', 'hopes to take on X': a rivalry all the same
            window = INTENT.sub(" ", window)
        conf *= modality_of(window)
        if conf <= 0:
            return 0
        if pred in ("worksFor", "leads") and role_is_past(toks):  # 'who previously worked at X': a former role
            conf = min(conf, 0.6)
        amt, usd = parse_amount(amount) if amount else (None, None)
        for a in s:
            for b in o:
                if a == b:
                    continue
                ta, tb = self.entities[a].type, self.entities[b].type
                if ta not in dom or tb not in rng:
                    continue
                if pred == "competesWith" and TYPE_CLASS.get(ta) != TYPE_CLASS.get(tb):
                    continue
                if pred == "partnersWith" and any(self.entities[k].type == "Organization" and set(
                        self.entities[k].label.split()) & GOVERNMENT_WORDS for k in (a, b)):
                    continue  # 'an agreement with the Department of Defense': a customer's contract, no partnership
                self.facts.append(Fact(a, pred, b, self.sent.start, self.sent.end, round(conf, 2), self.extractor,
                                       role=role, amount=amt, amount_usd=usd))
                n += 1
        if n:
            self.fired.add(frame)
            if frame in _NAMED_MAKER_FRAMES:
                self.ctx.named_makers.update(id(f) for f in self.facts[-n:])
            if pred == "investsIn":
                self.ctx.funded = self.facts[-1].object  # the company the story's money goes to
        return n

    def add_pairs(self, pred: str, names: list[str], conf: float, toks: list[Any], frame: str) -> None:
        """``pred`` between every two of ``names`` ('A, B and C formed an alliance': A-B, A-C, B-C)."""
        for i, a in enumerate(names):
            self.add(pred, [a], names[i + 1 :], conf, toks, frame)


#: frames that read a product's maker from a name, not from a verb ("OpenAI's GPT-4", 'Anthropic Claude', 'from X')
_NAMED_MAKER_FRAMES = frozenset({"poss:create", "compound:create", "from:create"})


def _second_object(t: Any) -> bool:
    """A direct object after another of the same verb: 'build X into Y and its other Z features' read as 'build X and
    Z features', a list the parse broke."""
    return t.dep_ == "dobj" and any(c.dep_ == "dobj" and c.i < t.i for c in t.head.children)


def _with_before(v: Any) -> Any | None:
    """The 'with' whose phrase ends right before a participle ('with A and B, ..., also taking part'), or None."""
    w = next((c for c in reversed(v.doc[: v.i]) if c.lower_ == "with" and c.dep_ == "prep"), None)
    if w is None or w.right_edge.i >= v.i or w.i == 0 or w.nbor(-1).text != ",":
        return None  # (an absolute phrase follows a comma: not 'its partnership with X, giving ...')
    between = v.doc[w.right_edge.i + 1 : v.i]
    return w if all(t.is_punct or t.pos_ == "ADV" for t in between) else None


def _singular(v: Any) -> bool:
    """A verb in the singular ('which is built on', 'which has', 'that runs'): its subject is one thing."""
    return v.tag_ == "VBZ" or v.lower_ == "was" or any(
        c.dep_ in ("aux", "auxpass") and c.lower_ in ("is", "was", "has") for c in v.children)
