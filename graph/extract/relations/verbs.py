"""Verb frames ('acquired', 'is investing in', 'teamed up with', 'takes on'), in the active and the passive, with
relative clauses, participles and a second coordinated verb; adjectives ('available on X') and 'A vs. B'.
"""

from __future__ import annotations

from typing import Any

from ..frames import (
    ADJECTIVES,
    FUNDING,
    NOMINALS,
    ROLE_HEADS,
    VERBS,
    VerbFrame,
    inflections,
)
from ..lexicon import is_lead_role
from .common import (
    ALONGSIDE,
    ASSET,
    COPULA,
    ORG,
    PRODUCT_NOUNS,
    REL_PRON,
    RUN_VERBS,
    SUBJ_DEPS,
    TEAM_NOUNS,
    is_round,
)
from .roles import role_text
from .sentence import Sent

__all__ = ["adjective_frames", "_misread_verb", "_passive", "_second_ok", "verb_frames", "versus_frames"]

def _passive(v: Any) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in v.children) or (
        v.tag_ == "VBN" and (v.dep_ == "acl" or any(c.dep_ == "agent" for c in v.children)))


def _second_ok(v: Any, f: VerbFrame) -> Any | None:
    """The particle or noun of a phrasal verb ('roll out', 'take part', 'join forces'), or None if absent."""
    for c in v.children:
        if c.lower_ == f.second and c.dep_ in ("prt", "dobj", "prep", "advmod", "compound", "acomp"):
            return c
    return None


def _misread_verb(st: Sent, t: Any) -> bool:
    """'Contoso competes against Fabrikam', 'Contoso taps Gizmo-7B': after an unknown name the tagger often reads
    the verb as a plural noun at the root of the sentence; a name, then a verb's third-person form at the root, with
    no subject of its own, is that verb."""
    if t.dep_ in ("xcomp", "advcl", "ccomp", "relcl", "acl") and any(c.dep_ == "aux" for c in t.children):
        return True  # 'uses Orbit to power/NN HelperBot': a noun with an auxiliary is a verb to the parser too
    if t.dep_ == "conj" and t.tag_ == "NNS" and t.lower_.endswith("s") and t.i > 0 and t.nbor(-1).lower_ == "and" \
            and any(c.dep_ == "prep" for c in t.children):
        return True  # 'X is built on its own models and competes/NNS with Y': a verb coordinated to a noun
    return (t.dep_ == "ROOT" and t.tag_ == "NNS" and t.i > 0 and t.lower_.endswith("s")
            and (t.i - 1 in st.tok_ents or (t.nbor(-1).lower_ in PRODUCT_NOUNS and (bool(st.refer(t.nbor(-1))) or any(
                c.i < t.i and c.dep_ in ("compound", "poss") and st.ents(c) for c in t.children))))
            and not any(c.dep_ in SUBJ_DEPS for c in t.children))  # 'the Le Chat assistant competes/NNS with


def _reduced_relative(v: Any) -> Any | None:
    """'Tailspin, the startup Adatum purchased last year' parsed as a clause of its own ('the startup Adatum' its
    subject): the name before the comma is the object the verb's gap stands for, or None."""
    if any(c.dep_ == "dobj" for c in v.children):
        return None
    subj = next((c for c in v.children if c.dep_ == "nsubj" and c.i < v.i), None)
    lo = subj.left_edge.i if subj is not None else 0
    if subj is None or lo < 2 or v.doc[lo].lower_ != "the" or v.doc[lo - 1].text != "," or not any(
            c.dep_ == "compound" and c.lower_ in NOMINALS for c in subj.children):
        return None
    return v.doc[lo - 2]


def _money(d: Any) -> bool:
    """An object that is money: an amount ('$50 million', '1.7 billion euros') or a funding noun ('a round')."""
    return d.lower_ in FUNDING or any(t.text in _CURRENCY or t.lower_ in _AMOUNT_WORDS for t in d.subtree)


_CURRENCY = frozenset("$€£¥")
_AMOUNT_WORDS = frozenset("million billion trillion euros dollars pounds yen yuan funding capital money cash".split())


_JOINS = frozenset(inflections("join"))


def _employer(st: Sent, v: Any, units: list[Any]) -> list[str]:
    """The organisation of a team or function a verb's subject runs or oversees: the units' owner ("Northwind's
    research lab") or one after 'at' / 'for' ('product at Hugging Face', 'sales for Tailspin')."""
    return [k for d in units for k in st.owner_of(d)] or [
        k for k in st.preps([v, *units], ("at", "for")) if st.entities[k].type in ORG]


def verb_frames(st: Sent, v: Any) -> None:
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
                                            or (c.dep_ in ("advmod", "npadvmod") and c.lower_ in FUNDING and c.i > v.i)
                                            or (c.dep_ == "attr" and c.i > v.i and v.lower_ not in COPULA))
                 and (second is None or c.i != second.i)]  # 'Fabrikam nabs/VBZ Jane Roe/attr': an object, whatever its label
        dobjs += [c for d in dobjs for c in d.children if c.dep_ == "acl" and c.lower_ in ("combined", "together")]
        # ('committed $15 billion combined to X': the preposition hung on the amount's participle)
        if f.not_objects and any(d.lower_ in f.not_objects for d in dobjs):
            continue  # 'Apple lost researchers to OpenAI': staff leaving, not a rivalry
        hosts += dobjs
        if passive and "dobj" in f.object:
            obj_toks = [c for c in v.children if c.dep_ == "nsubjpass"]
            if not obj_toks and v.dep_ == "conj":  # 'was led by A and joined by B'
                obj_toks = [c for c in v.head.children if c.dep_ == "nsubjpass"]
            objs = [k for t in obj_toks for k in st.args(t, f.funding is not None)]
            if v.dep_ == "relcl" and any(t.lower_ in REL_PRON for t in obj_toks):
                objs = st.antecedent(v)  # 'DeskPilot, which is powered by Orbit'
            if not objs and f.name in ("use", "use_on", "power"):  # 'its new assistant is powered by Orbit'
                objs = [k for t in obj_toks for k in st.product_owner(t)]
            if not obj_toks and v.dep_ in ("acl", "relcl"):
                obj_toks = [v.head]
                objs = st.args(v.head, f.funding is not None) or st.holder(v.head)
                if not objs and f.name in ("use", "use_on", "power") and v.head.lower_ in PRODUCT_NOUNS \
                        and v.head.dep_ == "dobj" and v.head.head.pos_ == "VERB":
                    objs = st.subj_of(v.head.head)  # 'Litware rolled out a chatbot powered by X': Litware uses X
            elif not obj_toks and v.dep_ == "advcl":  # 'Backed by A, Y has ...'
                rnd = next((c for c in v.head.children if c.dep_ == "dobj" and c.lower_ in FUNDING), None)
                # 'A led the round, joined by B': B is in the round's company, not in A
                objs = st.owner(rnd) if rnd is not None and v.i > v.head.i else st.subj_of(v.head)
                # 'Y was valued ... in a funding round this month led by A': the round the participle was parsed off
                obj_toks = [t for t in v.doc[max(0, v.i - 4) : v.i] if t.lower_ in FUNDING and t.head.head.i == v.head.i][:1]
            elif not obj_toks and v.dep_ == "ROOT" and v.tag_ == "VBN" and v.i == v.doc[0].i:
                # 'Founded in 2019 by A and B, Y is ...': the fronted participle's noun is the first subject after it
                edge = max((c.right_edge.i for c in v.children if c.dep_ == "agent"), default=v.i)
                cands = [x for x in v.doc[edge + 1 :] if x.dep_ in ("nsubj", "nsubjpass") and st.ents(x)]
                if cands:
                    objs = st.args(min(cands, key=lambda x: abs(x.head.i - x.i)))
            subs = st.preps([v], ("by",))
            obj_toks += [c for c in v.children if c.dep_ == "agent"]
            team = next((t for t in obj_toks if t.lower_ in TEAM_NOUNS and not st.ents(t)), None)
            if f.name == "found" and v.lower_ in RUN_VERBS and team is not None and not st.holder(team) \
                    and not any(c.dep_ == "appos" and st.ents(c) for c in team.children):
                units = [k for c in team.children if c.dep_ == "compound" for k in st.ents(c)
                         if st.entities[k].type == "Organization"]
                if units:  # 'its Microsoft AI division, led by X': the named unit is X's
                    st.add("leads", subs, units, 0.75, [v, team], f"verb:{f.name}")
                    continue
                # "Apple's models team will be led by X": one who works there, as 'X runs Apple's models team'
                st.add("worksFor", subs, st.owner_of(team), 0.75, [v, team], f"verb:{f.name}")
                continue
            if f.name == "found" and v.dep_ == "acl" and v.head.dep_ == "dobj" and v.head.head.lower_ in _JOINS \
                    and not st.subj_of(v.head.head):
                # 'About 55 engineers will join Contoso, led by Jane Roe': she leads the group that joins
                st.add("worksFor", subs, objs, 0.75, [v, v.head], f"verb:{f.name}")
                continue
        else:
            subs = st.subj_of(v)
            if f.name == "hire":  # 'hire CEO X, co-founder Y and a group of researchers into Contoso Labs': its unit
                subs = [k for k in st.preps([v, *dobjs, *(c for d in dobjs for c in d.conjuncts)], ("into",))
                        if st.entities[k].type in ORG] or subs
            if f.name == "hand_off":  # 'Contoso routes Siri requests to X': and the product whose requests they are
                subs = subs + [k for d in dobjs for k in st.args(d) if st.entities[k].type == "Tool" and k not in subs]
            if f.name == "found" and dobjs and dobjs[0].lower_ in TEAM_NOUNS \
                    and not st.ents(dobjs[0]) and not any(c.dep_ == "appos" and st.ents(c) for c in dobjs[0].children):
                # 'who runs Northwind's research lab', 'joined Meta to set up its research lab': one who works there
                # (a named unit is led: 'its unit, X AI')
                st.add("worksFor", subs, _employer(st, v, dobjs[:1]), 0.75, [v, dobjs[0]], f"verb:{f.name}")
                continue
            if f.name == "oversee":  # 'who oversees cloud products at Contoso', "manages Fabrikam's model training"
                owners = [k for d in dobjs for k in st.args(d) if st.entities[k].type in ORG] or _employer(st, v, dobjs)
                st.add("worksFor", subs, owners, 0.75, [v, *dobjs], f"verb:{f.name}")
                continue
            if f.object_is_subject:  # 'Contoso trained Orbit on WebPile', 'a model that Contoso trained on WebPile'
                dobjs = dobjs or [c for c in v.children if c.dep_ in ("npadvmod", "oprd") and c.i > v.i and st.ents(c)]
                for d in dobjs:  # (an unnamed thing built on it leaves the builder: 'building AI agents on X')
                    subs = st.args(d) or (st.args(v.head) or st.holder(v.head) if d.lower_ in REL_PRON else []) \
                        or (subs if d.pos_ == "NOUN" and not st.refer(d) and "uses" in f.predicates else [])
                dobjs = []
            objs = []
            obj_toks = []
            if "dobj" in f.object:
                for d in dobjs:
                    if d.lower_ in REL_PRON and v.dep_ == "relcl":  # 'Fabrikam, which Contoso bought in 2021'
                        objs += [k for k in st.antecedent(v) if k not in objs]
                    else:
                        objs += st.args(d, f.funding is not None)
                    obj_toks.append(d)
                rel = v.head if v.dep_ == "xcomp" and v.head.dep_ == "relcl" and not any(
                    c.dep_ == "dobj" for c in v.head.children) else v  # 'the firm it agreed to buy': the gap is buy's
                if not dobjs and rel.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.lower_ not in REL_PRON
                                                             for c in rel.children):
                    objs += st.args(rel.head) or st.holder(rel.head)  # 'Y, the company X acquired last year'
                    obj_toks.append(rel.head)
                if not objs and (gap := _reduced_relative(v)) is not None:
                    objs, obj_toks = st.args(gap), [*obj_toks, gap]
                if f.funding is None:  # 'X alongside its own Y' (in a round, 'alongside B' is another investor)
                    objs += [k for k in st.preps(hosts, ALONGSIDE) if k not in objs]

            preps = tuple(p for p in f.object if p != "dobj")
            if preps:
                objs += [k for k in st.preps(hosts, preps, f.funding is not None, not f.round_named) if k not in objs]
                obj_toks += [c for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ in preps]
        funding_obj = any(is_round(t) for x in obj_toks  # (not 'the investment firm founded by X')
                          for t in (x, *(() if x.lower_ in NOMINALS else x.children)))
        if f.name == "invest" and not obj_toks and not objs and not passive and st.ctx.funded \
                and any(c.lower_ in ("also", "too") or (c.lower_ == "well" and c.nbor(-1).lower_ == "as")
                        for c in v.children if c.dep_ == "advmod"):
            funding_obj, objs = True, [st.ctx.funded]  # 'A, B and C also invested': in the round just described
        if not funding_obj and f.funding and passive:
            rnd = next((p for x in obj_toks for c in x.children if c.dep_ == "prep" and c.lower_ == "in"
                        for p in c.children if p.dep_ == "pobj" and p.lower_ in FUNDING), None)
            if rnd is not None:  # '$5 million in funding led by A', 'the investors in Y's round led by A': the round's
                funding_obj, objs = True, st.owner(rnd)
        if f.needs_funding_or is not None and f.base not in f.needs_funding_or and not funding_obj:
            bare = not obj_toks and not passive and v.lower_ not in _JOINS and v.lower_ not in (
                "lead", "leads", "led", "leading") and not any(
                c.dep_ == "prep" and c.lower_ == "to" for c in v.children)
            if not (bare and st.ctx.funded):
                continue
            objs, funding_obj = [st.ctx.funded], True  # 'Databricks also took part': in the round just described
        preds = f.predicates
        if f.name == "invest" and any(st.args(d) for d in dobjs):
            continue  # 'Google has put its Gemini assistant into Chrome': money is put in, not a named thing
        if f.funding and funding_obj:
            preds = (f.funding,)
            subs = subs + [k for k in st.preps(hosts, ALONGSIDE) if k not in subs and k not in objs]  # ('joined a
            # round alongside B')
            if objs and not f.inverse:  # 'took part in the company's Series D': the round just described is its
                st.ctx.funded = objs[0]
        if f.name == "found" and not passive and v.lower_ not in RUN_VERBS:
            # 'A co-founded Y with B and C': the founders named with 'with' found it too
            subs = subs + [k for k in st.preps([v], ("with", "alongside")) if k not in subs
                           and st.entities[k].type == "Person"]
        s, o = (objs, subs) if f.inverse else (subs, objs)
        if f.subject_types:
            s = [k for k in s if st.entities[k].type in f.subject_types]
        toks = [v, *obj_toks]
        amount = None
        if "investsIn" in preds:
            amount = " ".join(t.text for t in v.subtree if t.i >= v.i)[:200]
        if f.name == "raise" and subs and (any(_money(d) for d in dobjs) or any(
                t.text in _CURRENCY for t in v.doc[v.i + 1 : v.i + 3])):
            # (also '$300 million' right after the verb, whatever the parse made of it)
            st.ctx.funded = subs[0]  # 'raised $50 million' (not 'raised its forecast'): the story's funded company
        if f.role_as:
            role = None
            # (an 'as' the parser hung on a later speech verb belongs here: 'appointed X, ..., as its chief executive,
            # the startup said')
            later = [x for c in v.children if c.dep_ in ("advcl", "ccomp") and c.i > v.i for x in c.children
                     if x.i < c.i]
            for c in [*v.children, *later]:
                if c.dep_ == "prep" and c.lower_ == "as":
                    for p in c.children:
                        if p.dep_ == "pobj" and p.lower_ in ROLE_HEADS:
                            role = role_text(p)
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
                st.add_pairs(pred, s, 0.8, toks, f"verb:{f.name}")
                continue
            if pred == "uses" and v.lower_.startswith("licens") and any(
                    c.dep_ in ("prep", "dative") and c.lower_ == "to" for c in v.children):
                continue  # 'license it to rivals': the licensor grants it, whoever is the user
            if pred == "uses" and f.into_user and _own_into(obj_toks) and st.preps(hosts, f.user_preps):
                continue  # 'Microsoft has built its Copilot assistant into Edge': Edge uses it, its maker does not
            st.add(pred, s, o, 0.8, toks, f"verb:{f.name}", amount=amount)
            if pred == "competesWith" and v.dep_ in ("advcl", "xcomp") and any(c.lower_ == "to" for c in v.children):
                # 'Contoso launched HelperBot to compete with WidgetGPT': what was launched competes too
                made = [k for c in v.head.children if c.dep_ == "dobj" for k in (
                    st.antecedent(v.head) if c.lower_ in REL_PRON and v.head.dep_ == "relcl" else st.args(c))]
                # ('Contoso, which Jane Roe founded to compete with X': the company founded)
                st.add(pred, made, o, 0.8, toks, f"verb:{f.name}")
        if f.subject_enters:
            objs = [k for k in subs if st.entities[k].type in ASSET]
        if f.into_user and objs:
            users = st.preps(hosts, f.user_preps) or st.owners_under(hosts, f.user_preps)
            st.add("uses", users, objs, 0.75, toks, f"verb:{f.name}")


def _own_into(objs: list[Any]) -> bool:
    """Whether what is put into something is the subject's own ('its Copilot assistant', 'their own models')."""
    return any(c.dep_ == "poss" and c.lower_ in ("its", "their") for d in objs for c in d.children)


def adjective_frames(st: Sent, a: Any) -> None:
    """'GPT-4o is available on Azure', 'made the model available on X', 'DALL-E 3 is built into ChatGPT'."""
    name, preds, preps, inverse = ADJECTIVES[a.lower_]
    own = [c for c in a.children if c.dep_ in ("nsubj", "nsubjpass")]
    if own:  # 'made the model available on X' read as a small clause
        subs = [k for c in own for k in st.args(c)]
    elif a.dep_ == "oprd" or (a.dep_ in ("ccomp", "xcomp") and a.head.pos_ == "VERB"):
        subs = [k for c in a.head.children if c.dep_ == "dobj" for k in st.args(c)] or [
            k for c in a.head.children if c.dep_ == "nsubjpass" for k in st.args(c)]  # 'the models were made available'
    elif a.dep_ in ("acomp", "attr", "ROOT", "conj", "advcl"):
        subs = st.subj_of(a.head) if a.dep_ != "ROOT" else st.subj_of(a)
    elif a.dep_ == "amod":
        subs = st.args(a.head)
    else:
        return
    # (the preposition may hang on the verb: 'is available on X', 'was made available on day one through X')
    objs = st.preps([a, a.head] if a.dep_ == "acomp" or (a.dep_ == "oprd" and not own) else [a], preps)
    if not subs and a.dep_ == "amod" and a.head.dep_ == "pobj" and a.head.lower_ in PRODUCT_NOUNS and any(
            f.name in ("use", "use_on") for f in VERBS.get(a.head.head.head.lower_, ())):
        # 'X runs on models available through Y': X uses what offers the models
        st.add("uses", st.subj_of(a.head.head.head), objs, 0.75, [a], f"adj:{name}")
    s, o = (objs, subs) if inverse else (subs, objs)
    for pred in preds:
        st.add(pred, s, o, 0.75, [a], f"adj:{name}")


def versus_frames(st: Sent, t: Any) -> None:
    """'ChatGPT vs. Claude', 'OpenAI versus Google': the names on either side are framed as rivals."""
    if t.i == 0 or t.i + 1 >= len(t.doc):
        return
    left = st.ents(t.nbor(-1))
    right = [k for x in t.doc[t.i + 1 : t.i + 4] for k in st.ents(x)][:1]
    st.add("competesWith", left, right, 0.8, [t], "versus")
