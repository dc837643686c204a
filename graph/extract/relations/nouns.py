"""Noun frames ('rival', 'maker', 'investment', 'purchase', 'partnership', 'users'): the holder the noun describes
and the other side (possessive, compound, prepositions, or the subject of the noun's clause).
"""

from __future__ import annotations

from typing import Any

from ..frames import (
    FUNDING,
    NOUNS,
    VERBS,
    NounFrame,
    inflections,
)
from .common import ORG, REL_PRON, SUBJ_DEPS
from .sentence import Sent

__all__ = ["_clause_subject", "noun_frames", "_noun_frame"]

def _clause_verb(n: Any) -> Any | None:
    """The verb of the clause a noun sits in, or None when the noun is a subject or a description of a name."""
    h = n
    for _ in range(6):
        if h.dep_ in SUBJ_DEPS or h.dep_ in ("appos", "conj"):
            return None
        h = h.head
        if h.pos_ in ("VERB", "AUX"):
            return h
        if h.head.i == h.i:
            break
    return None


def _clause_subject(st: Sent, n: Any) -> list[str]:
    """The subject of the clause a noun sits in ('Microsoft announced a $10 billion investment in OpenAI')."""
    v = _clause_verb(n)
    return st.subj_of(v) if v is not None else []


def _outer_subject(st: Sent, name: Any, s: list[str]) -> list[str]:
    """For 'rivals X' as the subject of a clause inside another ('the company has watched rivals X pull ahead',
    'Y's sales fell, while rivals X gained ground'): the organisations of the outer clause's subject."""
    if name.dep_ not in SUBJ_DEPS or name.head.dep_ not in ("ccomp", "xcomp", "advcl") \
            or name.head.head.pos_ not in ("VERB", "AUX"):
        return []
    types = {st.entities[k].type for k in s}
    outer = name.head.head
    got = st.subj_of(outer)
    if not got:  # "Y's sales fell": the subject's owner
        got = [k for c in outer.children if c.dep_ in SUBJ_DEPS for p in c.children if p.dep_ == "poss" for k in st.args(p)]
    return [k for k in got if st.entities[k].type in types and k not in s]


def _subordinate(name: Any) -> bool:
    """Whether a name is the subject of a subordinate clause ('while rivals X keep shipping')."""
    return name.dep_ in SUBJ_DEPS and name.head.dep_ == "advcl"


def _frame_clause_subject(st: Sent, n: Any, f: NounFrame) -> list[str] | None:
    """The fact's subject a noun takes from its clause: the clause's subject ('Microsoft announced a $10 billion
    investment in OpenAI'); for a participation noun in a clause where an investor does something to a round,
    the round's company instead ('A led the round, with participation from B': B invests in it, never in A), or
    None when that leaves nobody (no fact)."""
    v = _clause_verb(n)
    s = st.subj_of(v) if v is not None else []
    if f.name == "participation" and (owner := _round_led(st, v)) is not None:
        return [k for k in owner if k not in s] or None
    return s


def _round_led(st: Sent, v: Any | None) -> list[str] | None:
    """For a participation noun in the clause of verb ``v``, when an investor does it to a round ('A led the round,
    with participation from B'): the round's company (the story's funded company when the round names none); None
    when the clause is not one ('Y closed its round with backing from B')."""
    if v is None or not any(g.funding for g in VERBS.get(v.lower_, ())):
        return None
    rnd = next((c for c in v.children if c.dep_ in ("dobj", "nsubjpass") and c.lower_ in FUNDING), None)
    return None if rnd is None else st.owner(rnd)  # (also 'the round was co-led by A, with participation from B')


#: nouns for a kind of company: a trigger noun compounded to one names the kind ('venture fund M12')
KIND_HEADS = frozenset("fund funds capital capitals capitalist capitalists firm firms arm arms investor investors "
                       "company companies".split())


def noun_frames(st: Sent, n: Any) -> None:
    frames = NOUNS.get(n.lower_)
    if not frames:
        return
    if n.pos_ not in ("NOUN", "PROPN") and not (n.dep_ in ("amod", "compound") and n.head.pos_ in ("NOUN", "PROPN")) \
            and n.dep_ not in ("pobj", "nsubj", "nsubjpass", "dobj", "appos", "attr"):
        return  # the tagger reads 'a rival chatbot to X' and 'its rival X' with 'rival' as an adjective, 'unlike
        # rivals X' as a verb: the parser's nominal label (or the noun it modifies) says what it is
    if n.dep_ == "compound" and n.head.lower_ in KIND_HEADS:
        return  # 'venture fund', 'investment firm', 'partnership arm': a kind of company, not a relation
    for f in frames:
        if f.second is not None and not any(c.lower_ == f.second for c in n.children):
            continue
        _noun_frame(st, n, f)


#: verbs that end a holding: 'sold its stake in X' is no longer an investment
_DIVEST = frozenset("sell sold sells selling exit exits exited exiting divest divests divested divesting offload "
                    "offloads offloaded offloading unload unloads unloaded dump dumps dumped dumping".split())


#: verbs that end a partnership: 'cutting ties with X', 'terminated its partnership with X', 'end its relationship'
_END_TIES = frozenset(w for base in "end terminate cut sever scrap dissolve abandon exit wind break".split()
                      for w in inflections(base)) | {"broke", "broken"}


#: nouns that can only mean a purchase (not 'deal': 'the OpenAI deal' may be a partnership)
_BOUGHT = frozenset("acquisition acquisitions purchase takeover buyout".split())


def _family(st: Sent, s: list[str], company: str) -> bool:
    """Whether a holder's name starts with the company's ('Salesforce Ventures' and 'Salesforce'): a company's own
    unit is not an investor in the company the story is about."""
    label = st.entities[company].label if company in st.entities else ""
    return bool(label) and any(st.entities[k].label.startswith(label + " ") for k in s)


#: verbs of a supply contract: 'an agreement to supply X with chips' is a deal with X
_SUPPLY = frozenset(w for base in "supply provide sell deliver".split() for w in inflections(base)) | {"sold"}


def _supplied(st: Sent, n: Any) -> list[str]:
    """The customer a deal noun's infinitive supplies ('a $14 billion agreement to supply Meta with computing power')."""
    for c in n.children:
        if c.dep_ in ("acl", "relcl") and c.lower_ in _SUPPLY and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return [k for d in c.children if d.dep_ in ("dobj", "dative") for k in st.args(d)
                    if st.entities[k].type in ORG]
    return []


def _noun_frame(st: Sent, n: Any, f: NounFrame) -> None:
    if "investsIn" in f.predicates and n.dep_ == "dobj" and n.head.lower_ in _DIVEST:
        return
    if "partnersWith" in f.predicates and n.dep_ == "dobj" and n.head.lower_ in _END_TIES:
        return
    poss = [k for c in n.children if c.dep_ == "poss" for k in st.args(c)]
    comp = [k for c in n.children if c.dep_ in ("compound", "nmod") and c.i < n.i for k in st.refer(c)]
    preps = tuple(p for p in f.other if p not in ("poss", "compound"))
    funding = "investsIn" in f.predicates
    hosts = [n]
    if n.dep_ in ("amod", "compound") and n.head.i > n.i and not st.ents(n.head):
        hosts.append(n.head)  # 'a rival chatbot to X': the preposition hangs on the noun the word modifies
    elif n.dep_ == "dobj" and n.head.pos_ == "VERB":
        hosts.append(n.head)  # 'puts pressure on X', 'took a stake in X': the preposition hangs on the verb
    # 'the venture that Contoso formed with Fabrikam', 'the stake Contoso took in Fabrikam': a relative clause with a
    # subject of its own names the holder, and its verb carries the preposition
    rel = next((c for c in n.children if c.dep_ == "relcl" and c.pos_ == "VERB" and any(
        x.dep_ == "nsubj" and x.lower_ not in REL_PRON for x in c.children) and not any(
        x.dep_ == "prep" and any(p.lower_ in REL_PRON for p in x.children) for x in c.children)), None)
    # (not 'a partnership under which Contoso will use X': what the relation provides, not who holds it)
    if rel is not None:
        hosts.append(rel)
    by_prep = st.preps(hosts, preps, funding) if preps else []
    from_clause = False
    if f.subject in ("holder", "other"):
        s = st.holder(n)
        if not s and f.name == "maker" and comp:
            # 'the ChatGPT maker' (a description the article resolved to a name): that name makes it
            s = [k for k in st.refer(n) if st.entities[k].type in ORG]
        if not s and f.clause_subject:
            got, from_clause = _frame_clause_subject(st, n, f), True
            if got is None:
                return
            s = got
        o = list(by_prep)
        if poss and any(k in s for k in poss):
            # 'The startup counts A and B among its investors': 'its' is the clause's subject, never one of the names
            poss = [k for k in _clause_subject(st, n) if k not in s]
        if "poss" in f.other and (f.subject == "holder" or n.dep_ in ("attr", "oprd", "ccomp")):
            o += [k for k in poss if k not in o]  # 'its' of a supplier only when said of it: 'X is its provider'
        if "compound" in f.other:
            o += [k for k in comp if k not in o]
        if not o and funding and s and f.name == "investor" and (st.ctx.funded or st.ctx.topic) not in (None, *s) \
                and not _family(st, s, st.ctx.funded or st.ctx.topic or ""):
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
        if f.name == "investment" and not s and not o and (giver := st.preps([n], ("from",))):
            s, o = giver, _clause_subject(st, n)  # 'clearing the way for an investment from X': in the clause's subject
        if comp:
            if not s and o:
                s = comp
            elif not o:
                o = comp
        if not s and rel is not None:
            s, from_clause = st.subj_of(rel), True
        if not s and f.clause_subject:
            got, from_clause = _frame_clause_subject(st, n, f), True
            if got is None:
                return
            s = got
        if not o and f.name == "deal" and s:
            o = _supplied(st, n)  # 'signed an agreement to supply Meta with computing power'
        if not s:
            s = st.holder(n)
        if not s and o and st.ctx.topic and st.ctx.topic not in o and (
                (n.lower_ in _BOUGHT and o == comp) or (f.name == "partnership" and n.dep_ in SUBJ_DEPS)):
            # 'since the Sonantic acquisition', 'X said the partnership with Google would deepen': with no holder
            # in the sentence, the story's company's
            s = [st.ctx.topic]
        if not s and f.pairs and n.dep_ == "pobj" and n.head.lower_ in ("in", "into") and n.head.head.pos_ in ("VERB", "AUX"):
            # 'puts Contoso in competition with Fabrikam', 'A and B are locked in a battle'
            v = n.head.head
            s = [k for c in v.children if c.dep_ == "dobj" for k in st.args(c)] or st.subj_of(v)
            from_clause = True
    if f.name == "rival" and not o and s and n.dep_ in ("compound", "amod") and n.head.i > n.i:
        # "Epic's main rival Cerner"; else 'Oracle wants to catch up with rivals Microsoft and Google'
        o = [k for c in n.head.children if c.dep_ == "poss" for k in st.args(c)] or _clause_subject(st, n.head) \
            or _outer_subject(st, n.head, s)
        if not o and (n.i == 0 or _subordinate(n.head)) and st.ctx.topic and st.ctx.topic not in s:
            o = [st.ctx.topic]  # 'Rival MiniMax is also preparing a listing': the story's company's rival
    elif f.name == "rival" and not o and s and n.dep_ in SUBJ_DEPS and any(
            c.dep_ in SUBJ_DEPS and c.i == n.i + 1 for c in n.head.children):
        # 'while domestic rivals/nsubj Huawei/nsubj and Xiaomi gained ground': the parse made two subjects
        o = _outer_subject(st, n, s)
        if not o and _subordinate(n) and st.ctx.topic and st.ctx.topic not in s:
            o = [st.ctx.topic]
    elif f.name == "rival" and not o and s and n.dep_ == "pobj":  # 'Unlike rivals X and Y, Contoso sells ...'
        o = _clause_subject(st, n)
    elif f.name == "rival" and not o and s and st.ctx.topic and st.ctx.topic not in s and any(
            c.dep_ == "det" and c.lower_ == "another" for c in n.children):
        o = [st.ctx.topic]  # 'HCLTech, another competitor, works with Google': one more rival of the story's company
    if f.name == "partner" and not o and s and n.dep_ == "pobj" and n.head.lower_ == "among" and st.ctx.topic \
            and st.ctx.topic not in s and not any(c.dep_ == "poss" for c in n.children):
        o = [st.ctx.topic]  # 'A, B and C are among the partners that offer Llama': the story's company's partners
    if f.into_user:
        users = st.preps([n], ("into", "in"))
        st.add("uses", users, o, 0.75, [n], f"noun:{f.name}")
    amount = n.doc[max(0, n.i - 6) : n.i + 1].text if "investsIn" in f.predicates else None
    for pred in f.predicates:
        if pred in ("partnersWith", "competesWith"):
            between = st.preps([n], ("between", "among", "of"))  # ('the joint venture of A and B')
            if len(between) >= 2:
                st.add_pairs(pred, between, 0.8, [n], f"noun:{f.name}")
                continue
            if not o and 2 <= len(s) <= 3 and f.pairs and (from_clause or n.dep_ in ("attr", "acomp")) \
                    and not (pred == "partnersWith" and any(c.lower_ == "the" for c in n.children)):
                # (not 'A, B and C are the key technology partners': of something else)
                # 'A and B formed an alliance', 'A and B are longtime partners'
                st.add_pairs(pred, s, 0.8, [n], f"noun:{f.name}")
                continue
        st.add(pred, s, o, 0.8, [n], f"noun:{f.name}", amount=amount)
        if pred == "leads" and from_clause:  # 'Jane Roe took the helm at Contoso': the clause's subject leads
            st.add(pred, o, s, 0.8, [n], f"noun:{f.name}")
