"""Possessives, compounds and hyphenated participles: 'OpenAI's GPT-4', 'its own Llama', 'Anthropic Claude',
'Musk's xAI', 'X-backed Y', 'a model from X', 'A and B will jointly build'.
"""

from __future__ import annotations

import re
from typing import Any

from ..frames import (
    HYPHEN,
    NOMINALS,
    NOUNS,
    ROLE_HEADS,
    VERBS,
    inflections,
)
from ..lexicon import TELL
from .common import ASSET, CO, ORG, PRODUCT_NOUNS, SUBJ_DEPS, name_before_whose, possessive_left_to_next
from .sentence import Sent

__all__ = ["bought_by_frames", "compound_frames", "from_maker", "hyphen_frames", "joint_announcement_frames",
           "jointly_frames", "possessive_frames", "surface_possessive"]

#: nouns for what offers other makers' models ("the company's cloud AI service, including X and Y"): its examples
#: are hosted there, not made by its owner
_HOSTS = frozenset("service services platform platforms marketplace marketplaces cloud store catalog catalogue library "
                   "hub garden".split())


def possessive_frames(st: Sent, t: Any) -> None:
    """'OpenAI's GPT-4', 'its own Llama model', 'Meta's coding assistant, Metamate' -> builds/develops."""
    owners = st.args(t)
    if t.lower_ == "whose" and t.head.dep_ in ("nsubj", "dobj", "nsubjpass") and t.head.head.dep_ == "relcl":
        owners = st.args(t.head.head.head)  # 'OpenAI, whose ChatGPT has 200 million users'
    if t.lower_ == "whose" and (len(owners) != 1) and t.i >= 2:  # 'rivals including Google, Anthropic and
        owners = st.ents(name_before_whose(t)) or owners  # DeepSeek, whose R1 model', or the relative clause lost
    if owners and st.entities[owners[0]].type == "Person":
        led = [k for k in st.refer(t.head) if st.entities[k].type in ORG]
        if not led and t.head.lower_ in NOMINALS:  # "Musk's AI startup/nsubj xAI/nsubj sued": the name it describes
            led = [k for k in st.holder(t.head) if st.entities[k].type in ORG]
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
    if possessive_left_to_next(t):
        return  # 'with A and B's ChatGPT': B's product alone (read where B's "'s" stands), A a list member
    h = t.head
    while h.dep_ in ("amod", "compound") and h.pos_ in ("ADJ", "VERB") and h.head.i > h.i:
        h = h.head  # "the start-up's open/ADJ sourced/ADJ model": the possessive hung on a modifier of the noun
    if any(x.pos_ == "NOUN" and _other_side(x.lower_) for x in (h, t.doc[h.i - 1]) if x.i > t.i):
        return  # "Contoso's cloud provider DeskPilot", 'its partner Fabrikam': the possessor is the noun's other side
    between = t.doc[t.i + 1 : h.i]
    if any(c.dep_ == "case" for x in between for c in x.children) and any(x.dep_ == "cc" for x in between):
        # "Black Forest Labs' Flux and OpenAI's Sora" parsed as one phrase: another possessor, coordinated, stands
        # between, so this one owns only the name right after its own "'s"
        nxt = next((x for x in t.doc[t.i + 1 : h.i] if x.dep_ != "case"), None)
        got = [k for k in st.ents(nxt) if st.entities[k].type in ASSET] if nxt is not None else []
        if got:
            st.add("builds", owners, got, 0.85, [t, nxt], "poss:create")
            st.add("develops", owners, got, 0.85, [t, nxt], "poss:create")
        return
    assets = [k for k in st.refer(h) or (st.examples(h) if h.lower_ not in _HOSTS else [])
              if st.entities[k].type in ASSET]  # "Contoso's models, including X" (not "its service, including X")
    for x in t.doc[t.i + 1 : h.i]:  # 'its Kimi chatbot', 'its Claude AI-powered app'
        if x.head.i <= h.i and x.head.i > t.i:
            assets += [k for k in st.ents(x) if st.entities[k].type in ASSET and k not in assets]
    for c in h.children:  # "Meta's coding assistant, Metamate"; not "A's X, B's Y or C's Z" read as appositions
        if c.dep_ in ("appos",) and c.i != t.i and not any(x.dep_ == "case" for x in c.subtree):
            assets += [k for k in st.args(c) if st.entities[k].type in ASSET and k not in assets]
    if not assets and h.dep_ == "attr" and h.lower_ in PRODUCT_NOUNS and t.doc[max(0, h.left_edge.i - 1)].text != ",":
        # "Orbit is Contoso's latest model" (not 'available through X, Contoso's platform', an apposition misparsed)
        assets = [k for k in st.subj_of(h.head) if st.entities[k].type in ASSET]
    if not assets and h.lower_ in PRODUCT_NOUNS and h.i + 1 < len(t.doc):  # "Contoso's new model Gizmo-7B beats"
        nxt = t.doc[h.i + 2] if t.doc[h.i + 1].text == "," and h.i + 2 < len(t.doc) else t.doc[h.i + 1]
        assets = [k for k in st.ents(nxt) if st.entities[k].type in ASSET]  # also "... model, Orbit," (appos)
    if h.dep_ == "appos" and not assets and h.lower_ not in ROLE_HEADS:  # 'Vertex AI, the company's cloud AI
        # platform' (not "..., Llama, Jane Roe, Goldman's chief information officer": a person's title)
        assets = [k for k in st.args(h.head) if st.entities[k].type in ASSET]
    if assets:
        st.add("builds", owners, assets, 0.85, [t, h], "poss:create")
        st.add("develops", owners, assets, 0.85, [t, h], "poss:create")


def _other_side(word: str) -> bool:
    """Whether a noun relates its possessor as the other side, not as maker ('provider', 'partner', 'investor')."""
    return any(f.subject in ("holder", "other") and f.predicates[0] in ("uses", "partnersWith", "investsIn")
               for f in NOUNS.get(word, ()))


def surface_possessive(st: Sent, t: Any) -> None:
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


def compound_frames(st: Sent, t: Any) -> None:
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
    if first.text == "The" or (first.i > 0 and t.doc[first.i - 1].lower_ in TELL):
        return  # 'The Verge Phi-3' (a name with its own article is a whole noun phrase); 'told Contoso Gizmo-7B is'
    assets = [k for k in st.ents(h) if st.entities[k].type in ASSET]
    if assets:
        st.add("builds", orgs, assets, 0.75, [t, h], "compound:create")
        st.add("develops", orgs, assets, 0.75, [t, h], "compound:create")


def jointly_frames(st: Sent, t: Any) -> None:
    """'Contoso and Fabrikam will jointly develop chips', 'A and B said they would together build ...': companies
    acting jointly are partners."""
    v = t.head
    subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
    if subj is not None and subj.lower_ in ("they", "we") and v.dep_ == "ccomp":
        subs = st.subj_of(v.head)
    else:
        subs = st.subj_of(v)
    subs = [k for k in subs if st.entities[k].type in CO]
    if 2 <= len(subs) <= 4:
        st.add_pairs("partnersWith", subs, 0.75, [t, v], "jointly")


#: a joint announcement: 'A and B will build X, the companies said'
_COMPANIES_SAID = re.compile(r"\bthe (?:two |three )?(?:companies|firms) (?:said|say|announced)\b")


#: what two companies do together when they announce it together (not 'reported sales', 'will invest in Y')
_JOINT_ACTS = frozenset(w for base in "build create develop co-develop design launch form establish set open offer deploy "
                        "bring sign combine pool start make".split() for w in inflections(base))


def joint_announcement_frames(st: Sent) -> None:
    """'Deutsche Telekom and Nvidia will build a data center in Munich, the companies said': two or more companies
    that act together, as the companies themselves announce, are partners (only for acts done together, building,
    launching, forming, offering: not 'reported higher sales' or 'will invest in Y')."""
    if not _COMPANIES_SAID.search(st.sent.text):
        return
    for v in st.doc:
        if v.pos_ != "VERB" or v.dep_ not in ("ccomp", "ROOT") or v.lower_ not in _JOINT_ACTS:
            continue
        subj = next((c for c in v.children if c.dep_ in SUBJ_DEPS), None)
        if subj is None or not subj.conjuncts:
            continue
        subs = [k for k in st.args(subj) if st.entities[k].type in CO]
        if 2 <= len(subs) <= 4:
            st.add_pairs("partnersWith", subs, 0.75, [v], "jointly")
        return


def from_maker(st: Sent, t: Any) -> None:
    """'Quasar from Contoso tops the charts', 'models such as Orbit from Contoso', 'HelperBot, a tool from Contoso': a
    model or product named with the organisation it comes from. A product named after the 'from' phrase is not
    from there ('models from Contoso as well as its own Orbit model')."""
    later = {k for x in t.doc[t.right_edge.i + 1 :] for k in st.ents(x)}
    before = {k for x in t.doc[: t.i] for k in st.ents(x)}
    # the name the phrase hangs on, and plain names coordinated with it ('Orbit and Quasar from Contoso'), not a
    # conjunct with a maker of its own ("OpenAI's GPT image model and Flux from Black Forest Labs")
    conj = [k for c in t.head.conjuncts if c.pos_ == "PROPN" and not any(
        x.dep_ in ("poss", "nmod", "prep") for x in c.children) for k in st.ents(c)]
    if any(x.dep_ == "poss" for x in t.head.children) and conj:
        named = conj  # "Amazon's own Nova models and Claude from Anthropic": the phrase is the last conjunct's
    else:
        named = (st.refer(t.head) or st.examples(t.head)) + conj
    named = named or (st.holder(t.head) if t.head.dep_ == "appos" else [])  # 'X, a tool from Nuance'
    assets = [k for k in named if st.entities[k].type in ASSET and (k in before or k not in later)]
    makers = [k for c in t.children if c.dep_ == "pobj" for k in st.ents(c) if st.entities[k].type in ORG]
    listed = [k for c in t.children if c.dep_ == "pobj" for k in st.args(c) if st.entities[k].type in ORG]
    if len(listed) > 1 and len(assets) > 1:
        return  # 'models from A, B and C, including X, Y and Z': which maker made which is not said
    if assets and makers:
        st.add("builds", makers, assets, 0.75, [t.head, t], "from:create")
        st.add("develops", makers, assets, 0.75, [t.head, t], "from:create")


def hyphen_frames(st: Sent, t: Any) -> None:
    """'X-backed Y', 'X-powered Y': the participle's fact between the name before the hyphen and the noun."""
    spec = HYPHEN.get(t.lower_)
    if spec is None or t.i < 2 or t.nbor(-1).text != "-":
        return
    left = st.ents(t.nbor(-2))
    if not left:
        return
    head = t.head
    right = st.refer(head) or st.holder(head)
    if not right and head.i > t.i:
        right = [k for x in head.lefts if x.i > t.i for k in st.ents(x)]
    if not right and t.i + 1 < len(t.doc):  # 'Northwind-backed Contoso eyes ...' with a lost noun phrase
        right = st.ents(t.doc[t.i + 1])
    pred, side = spec
    s, o = (left, right) if side == "left" else (right, left)
    for p in ("builds", "develops") if pred == "create" else (pred,):  # 'X-made Y': the types choose
        st.add(p, s, o, 0.8, [t, head], f"hyphen:{pred}")


def bought_by_frames(st: Sent) -> None:
    """'Sonantic, the London startup Spotify bought in 2022': an apposition that describes a company and says who
    bought it, with no 'that' (the parse reads it several wrong ways, so the words decide: a name, a comma, 'the',
    a kind noun ending the description, a name, a verb of buying)."""
    doc = st.doc
    for v in doc:
        if v.tag_ not in ("VBD", "VBN") or not any("acquires" in f.predicates for f in VERBS.get(v.lower_, ())):
            continue
        buyer = [k for k in st.ents(doc[v.i - 1]) if st.entities[k].type in ORG] if v.i > 0 else []
        i = v.i - 1
        while i > 0 and st.ents(doc[i - 1]) == st.ents(doc[v.i - 1]):
            i -= 1  # the buyer's first token
        if not buyer or i < 4 or doc[i - 1].lower_ not in NOMINALS:
            continue
        j = i - 1
        while j > 0 and doc[j].lower_ != "the" and not doc[j].is_punct:
            j -= 1
        if j < 2 or doc[j].lower_ != "the" or doc[j - 1].text != ",":
            continue
        bought = [k for k in st.ents(doc[j - 2]) if st.entities[k].type in ORG and k not in buyer]
        st.add("acquires", buyer, bought, 0.8, [v], "bought_by")
