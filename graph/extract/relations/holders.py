"""The entity a noun describes, read off the parse: an apposition, a compound head, a copular or small-clause
subject, an 'as' / 'among' object, examples and 'that include' lists, appositions the parse left loose.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..frames import ROLE_HEADS, inflections
from .common import COPULA, INCLUDE, PART_WORDS, REL_PRON, SUBJ_DEPS

if TYPE_CHECKING:
    from .sentence import Sent

__all__ = ["colon_list", "holder"]

#: verbs whose subject takes the role of their object ('succeeded X as CEO', 'replaces X as chair')
_SUCCEED = frozenset(w for base in ("succeed", "replace") for w in inflections(base))


def holder(st: Sent, n: Any, depth: int = 0) -> list[str]:
    """The entity a noun describes: apposition, compound head, copular subject, 'as' object."""
    if depth > 3:
        return []
    if n.dep_ == "appos":  # 'A, GitHub's former CTO, and B': not B, named after the apposition
        later = {k for c in n.head.conjuncts if c.i > n.i for k in st.ents(c)}
        last = max((n.head, *n.head.conjuncts), key=lambda c: c.i)
        if n.head.conjuncts and last.i < n.i and n.tag_ == "NN" and (any(
                c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in n.children) or (
                n.lower_ in ROLE_HEADS and not any(c.dep_ == "det" for c in n.children))):
            # 'A and B, a former engineer at X', 'A, B and C, chairman of X': one person, the nearest
            return st.ents(last) or st.args(n.head)
        return [k for k in st.args(n.head) if k not in later] or holder(st, n.head, depth + 1)
    for c in n.children:
        if c.dep_ == "appos" and (e := st.args(c)):
            return e
    if n.lower_ in ROLE_HEADS:  # 'Contoso co-founder and CEO Jane Roe' read as a coordination
        for c in n.children:
            if c.dep_ == "conj" and c.i > n.i and (e := st.ents(c)) and st.entities[e[0]].type == "Person":
                return e
            if c.dep_ == "conj" and c.i > n.i and c.lower_ in ROLE_HEADS:  # "X's co-founder and chief scientist, Y"
                for a in c.children:
                    if a.dep_ == "appos" and (e := st.ents(a)) and st.entities[e[0]].type == "Person":
                        return e
                after = c.right_edge.i + 1  # 'under co-founder and chief executive Robin Li', the name left loose
                if after < len(n.doc) and n.doc[after].dep_ in ("compound", "pobj", "appos") \
                        and (e := st.ents(n.doc[after])) and st.entities[e[0]].type == "Person":
                    return e
    if n.dep_ in ("compound", "amod", "nmod", "npadvmod") and n.head.i > n.i:
        if n.lower_ in ROLE_HEADS:  # 'Oracle CTO Larry Ellison, and SoftBank CEO Masayoshi Son': each their own
            out = list(st.refer(n.head))
            for c in n.head.conjuncts:  # '... and former Meta researchers A and B': a title of their own
                if c.lower_ not in ROLE_HEADS and not any(x.lower_ in ROLE_HEADS for x in c.lefts):
                    out += [k for k in st.refer(c) if k not in out]
            return out or holder(st, n.head, depth + 1)
        return st.args(n.head) or holder(st, n.head, depth + 1)
    if n.dep_ == "oprd":  # 'I called it an alternative to Y': the object is what is described
        for c in n.head.children:
            if c.dep_ == "dobj" and (e := st.args(c)):
                return e
    if n.dep_ in ("attr", "acomp", "oprd"):
        return st.subj_of(n.head)
    if n.dep_ == "ccomp" and n.pos_ == "NOUN":  # 'make X its main cloud provider': a small clause's subject
        for c in n.children:
            if c.dep_ == "nsubj" and (e := st.args(c)):
                return e
    if n.dep_ == "conj":
        return holder(st, n.head, depth + 1)
    lo = n.left_edge.i
    if lo >= 2 and n.doc[lo - 1].text == "," and n.doc[lo].lower_ in ("the", "a", "an") and (
            n.dep_ in ("dep", "npadvmod") and n.head.i < lo  # 'to Litware, the company it bought'
            or n.dep_ in SUBJ_DEPS and n.doc[lo - 2].head.i == n.head.i and n.doc[lo - 2].left_edge.i == 0):
        # an apposition the parse left loose ('Anysphere/RB, the startup behind X, has raised': the name a
        # modifier of the verb whose subject the description became)
        return st.args(n.doc[lo - 2])
    if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.lower_ in PART_WORDS:
        return holder(st, n.head.head, depth + 1)  # 'Contoso, one of Fabrikam's biggest rivals'
    nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
    if nxt is not None and nxt.dep_ not in ("poss", "case") and (e := st.ents(nxt)) and not st.ents(n):
        # 'Fabrikam's main rival Contoso cut prices' parsed with the name as a modifier of the verb: the name
        # right after the noun is what it describes
        if not any(c.dep_ == "case" for c in nxt.children):
            return st.args(nxt) or e
    ex = st.examples(n)
    if ex:
        return ex  # 'investors such as A and B', 'backers including A'
    include = n.head if n.dep_ == "nsubj" and n.head.lower_ in INCLUDE else next(
        (c for c in n.children if c.dep_ == "relcl" and c.lower_ in INCLUDE  # 'backers that include A and B'
         and any(x.dep_ in SUBJ_DEPS and x.lower_ in REL_PRON for x in c.children)), None)
    if include is not None:
        included: list[str] = []
        for c in include.children:
            if c.dep_ in ("dobj", "attr", "oprd"):
                included += st.args(c) or st.examples(c)
        return included
    if n.dep_ == "pobj" and n.head.lower_ in ("as", "among"):
        v = n.head.head
        dobj = [c for c in v.children if c.dep_ == "dobj"]
        if dobj and dobj[0].lower_ in REL_PRON and v.dep_ == "relcl":
            return st.args(v.head)  # 'OpenAI and Anthropic, which analysts see as Cohere's rivals'
        if dobj and v.lower_ in _SUCCEED and (e := st.subj_of(v)):
            return e  # 'Jane Roe succeeded John Doe as chief executive': the subject takes the role
        if dobj and (e := st.args(dobj[0])):
            return e  # 'named X as CEO', 'see Google as OpenAI's rival', 'counts A among its investors'
        if v.lower_ in COPULA and (e := [k for c in v.children if c.dep_ in ("attr", "acomp") for k in st.args(c)]):
            return e  # 'Among new investors is Contoso': the subject after the copula
        if n.head.lower_ == "among" and st.ents(v):
            return st.args(v)  # 'with A, B and C among the other backers
        if v.pos_ in ("VERB", "AUX"):
            return st.subj_of(v)
        return holder(st, v, depth + 1)
    return []


def colon_list(st: Sent, t: Any) -> list[str]:
    """'by four MIT graduates: A, B, C and D', the list the parser hung elsewhere: the names after the colon that
    closes the noun phrase."""
    i = t.right_edge.i + 1
    if t.pos_ != "NOUN" or i + 1 >= len(t.doc) or t.doc[i].text != ":" or i + 1 not in st.tok_ents:
        return []
    y = t.doc[i + 1]
    while y.head.i != y.i and y.dep_ in ("compound", "flat") and y.head.i in st.tok_ents:
        y = y.head  # the name's head word
    if t.tag_ not in ("NNS", "NNPS") or y.dep_ in SUBJ_DEPS:
        return []  # ('hiring spree: Bloomberg reported': a new clause after the colon, no list)
    out = st.ents(y)
    for c in y.conjuncts:
        out += [k for k in st.ents(c) if k not in out]
    return out
