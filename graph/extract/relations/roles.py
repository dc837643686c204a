"""Roles: a job title between a person and an organisation ('Contoso chief Jane Roe', 'Jane Roe, president at
Fabrikam', 'X's CEO Y', 'said Jane Roe, CEO, Contoso') gives leads for leading titles, worksFor with the title
otherwise.
"""

from __future__ import annotations

import re
from typing import Any

from ..frames import (
    NOMINALS,
    ROLE_HEADS,
    ROLE_MODS,
)
from ..lexicon import (
    COUNTRY_ABBREVIATIONS,
    DEPARTMENT_HEADS,
    EXEC_ROLES,
    HIRE,
    ROLE_WORDS,
    TITLE_QUALIFIERS,
    is_lead_role,
)
from ..sentences import inside_quotes
from .common import ASSET, COPULA, ORG, SUBJ_DEPS, UNIT_NOUNS, name_before_whose
from .sentence import Sent

__all__ = ["listed_titles", "_NOT_ROLE_HOSTS", "_parent_employers", "person_of_frames", "role_text", "role_frames", "_title_orgs"]

def role_text(n: Any) -> str:
    """The job title around a role noun: its role modifiers ('senior analyst', 'chief executive officer')."""
    lo = n.i
    for c in sorted(n.lefts, key=lambda c: -c.i):
        if c.dep_ in ("compound", "amod", "nmod") and c.i == lo - 1 and (
            c.lower_ in ROLE_MODS or c.lower_ in ROLE_HEADS or c.lower_.startswith("co-")
            or (n.lower_ in DEPARTMENT_HEADS and c.pos_ in ("NOUN", "ADJ") and c.text.islower())  # 'design/mobile chief'
        ):
            lo = c.i
            for cc in sorted(c.lefts, key=lambda x: -x.i):
                if cc.i == lo - 1 and cc.dep_ in ("compound", "amod") and (cc.lower_ in ROLE_MODS or cc.lower_ in ROLE_HEADS):
                    lo = cc.i
    while n.dep_ == "compound" and lo > 0 and (p := n.doc[lo - 1]).dep_ == "compound" and p.head.i == n.head.i \
            and (p.lower_ in ROLE_MODS or p.lower_ in ROLE_HEADS):
        lo -= 1  # 'ASML Chief Executive Christophe Fouquet': a flat compound, every word on the name
    return n.doc[lo : n.i + 1].text


_NOT_ROLE_HOSTS = ("of", "at", "for", "with", "from")


def _title_orgs(st: Sent, n: Any) -> list[str]:
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


def role_frames(st: Sent, n: Any) -> None:
    if (n.pos_ not in ("NOUN", "PROPN") and not (n.dep_ in ("amod", "compound") and n.head.pos_ == "PROPN")) or (
            n.dep_ in ("compound", "amod", "appos") and n.head.lower_ in ROLE_HEADS):  # 'chief executive/ADJ X'
        return  # part of a longer title, or a title restated ('Chief Technology Officer (CTO)'): read once
    nxt = n.doc[n.i + 1] if n.i + 1 < len(n.doc) else None
    if n.dep_ == "compound" and nxt is not None and nxt.dep_ == "compound" and nxt.head.i == n.head.i \
            and nxt.lower_ in ROLE_HEADS:
        return  # 'ASML Chief Executive Christophe Fouquet', a flat compound: the title is read at its last word
    role = role_text(n)
    group = [n, *n.conjuncts]
    people = [k for k in st.holder(n) if st.entities[k].type == "Person"]
    if not people:  # 'the co-founders of X, A and B' read as 'of X, A and B'; 'the CEO of X, Jane Roe, said'
        for c in n.children:
            if c.dep_ == "prep" and c.lower_ in ("of", "at"):
                for p in c.children:
                    for x in (*p.conjuncts, *(a for a in p.children if a.dep_ == "appos")):
                        people += [k for k in st.ents(x) if st.entities[k].type == "Person" and k not in people]
                    # 'Analysts at Morgan Stanley, including X': the examples hung on the organisation
                    people += [k for k in st.examples(p) if st.entities[k].type == "Person" and k not in people]
    le = n.left_edge.i
    if not people and le >= 2 and n.doc[le - 1].text == "," and n.i + 1 < len(n.doc) and n.doc[n.i + 1].text == ",":
        # 'For Christophe Fouquet, ASML's chief executive, the alliance ...': an apposition the parse lost
        people = [k for k in st.ents(n.doc[le - 2]) if st.entities[k].type == "Person"]
    if n.dep_ == "compound" and n.head.pos_ == "PROPN":
        # 'Crusoe CEO Chase Lochmiller and U.S. Sen. Ted Cruz': a conjunct with a title of its own does not share this
        # one, and a title in the singular is one person's ('Kakao CEO Chung Shin-a and Sam Altman')
        singular = n.tag_ in ("NN", "NNP") and not n.lower_.endswith("s")
        others = {k for c in n.head.conjuncts if singular or _own_title(st, c) for k in st.ents(c)}
        titled_one = set(st.ents(n.head))
        people = [k for k in people if k not in others or k in titled_one]
    if not people:
        return
    unit = None  # 'head of research', 'president of Contoso's cloud business': a title over a part of the company
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            for x in c.children:
                if x.dep_ == "pobj" and x.pos_ in ("NOUN", "PROPN") and not st.ents(x) and (
                        not st.refer(x) or x.lower_ in UNIT_NOUNS):  # "of Contoso's cloud unit": a part all the same
                    unit = x
                elif x.dep_ == "pobj" and (e := st.ents(x) or st.refer(x)) and all(st.entities[k].type in ASSET for k in e):
                    unit = x  # 'vice president of Contoso Cloud Platform', 'head of Claude Relations': a title over a
                    # product of the company, or a unit named after one
    board: list[str] = []
    if unit is not None and unit.lower_ == "board":
        board, unit = st.owner_of(unit), None  # "chairman of OpenAI's board", 'chairman of the board': the company
    if unit is not None:
        role = f"{role} {n.doc[n.i + 1 : unit.i + 1].text}"
    for p in people:  # the title, remembered for the person's other mentions ('OpenAI's Altman' later on)
        if not st.entities[p].job_title and not _FORMER.search(role):
            st.entities[p].job_title = role
    orgs: list[str] = []
    whose = False  # a title owned by 'whose': never guessed from the rest of the sentence
    own = any(c.dep_ in ("compound", "poss", "nmod") and c.pos_ == "PROPN" and c.i < n.i and c.lower_ not in ROLE_WORDS
              and c.text != "AI" for c in n.children)  # (not 'Chief' of 'Chief Scientist', 'AI' of 'chief AI officer')
    for g in group if not own else [n]:  # 'the Napster co-founder and former Facebook president': each its own
        for c in g.children:
            if c.dep_ == "poss" and c.lower_ == "whose":  # 'OpenAI, whose chief executive X is ...': the clause's noun
                x = g
                while x.dep_ != "relcl" and x.head.i != x.i:
                    x = x.head
                if x.dep_ == "relcl":
                    orgs += [k for k in st.args(x.head) if k not in orgs]
                elif c.i >= 2:  # the clause lost by the parse: the name right before 'whose'
                    orgs += [k for k in st.args(name_before_whose(c)) if k not in orgs]
                whose = True
            elif c.dep_ == "poss" or (c.dep_ in ("compound", "nmod", "amod") and c.i < g.i):
                # (and the name compounded to a field word: 'Apple software chief X', 'Google AI lead Y')
                field = c.dep_ == "compound" and (c.pos_ == "NOUN" or c.text == "AI") and c.lower_ not in ROLE_WORDS \
                    and c.lower_ not in ROLE_HEADS
                got = st.refer(c) or [k for x in c.children if field and x.dep_ in ("compound", "nmod", "poss")
                                      and x.i < c.i for k in st.refer(x) if st.entities[k].type in ORG]
                orgs += [k for k in got if k not in orgs]
        copula = [g.head] if g.dep_ == "attr" and g.head.lower_ in COPULA else []  # 'who was a researcher at X'
        orgs += [k for k in st.preps([g, *copula], _NOT_ROLE_HOSTS) if k not in orgs]
    orgs += [k for k in board if k not in orgs]
    if unit is not None:
        orgs += [k for k in st.owner_of(unit) if k not in orgs]
        orgs += [k for k in _named_after(st, unit) if k not in orgs]
    if not orgs:
        orgs = _title_orgs(st, n)
    if not orgs and n.dep_ == "appos":  # 'said Zhang Yi, CEO and chief analyst at X' with 'at X' hung on the name
        orgs = [k for c in n.head.children if c.dep_ == "prep" and c.i > n.i and c.lower_ in ("at", "of")
                for p in c.children if p.dep_ == "pobj" for k in st.ents(p)]
    if not orgs:
        # the name just before the title: 'Oracle CTO Larry Ellison' read as one flat compound, 'Oracle chief
        # executive Safra Catz', or a possessive the parse lost ('X, MosaicML's co-founder and CEO')
        lo = n.i - len(role.split(" ")) + 1
        prev = n.doc[lo - 1] if lo > 0 else None
        if prev is not None and prev.text in ("'s", "’s", "'", "’") and lo > 1:
            orgs = list(st.ents(n.doc[lo - 2]))
        elif prev is not None and prev.dep_ in ("compound", "nmod", "amod") and prev.head.i >= n.i:
            orgs = list(st.ents(prev))
    named_other = bool(orgs) and not any(st.entities[k].type in ORG for k in orgs)  # "X's chief" with X a product
    orgs = [k for k in orgs if st.entities[k].type in ORG]
    conf = 0.85
    if not orgs and n.head.dep_ == "conj" and n.head.head.i in st.tok_ents:
        # 'Contoso CEO Jane Roe and CTO John Doe': the second title is at the first one's organisation
        first = set(st.ents(n.head.head))
        orgs = [f.object for f in st.facts if f.subject in first and (f.predicate == "leads" or f.role)][:1]
    if not orgs and any(_of_a_country(st, c) for g in group for c in g.children if c.i < g.i):
        return  # 'French President X', 'U.S. President Y': an office of a country, not of a company
    if not orgs and (named_other or whose or own or _unknown_owner(st, n)):
        return  # the title names what it is over, only not as an organisation: no guess at another one
    top = n
    while top.dep_ == "conj" and top.head.i != top.i:
        top = top.head
    if not orgs and top.dep_ == "appos" and top.head.dep_ == "dobj":
        return  # 'Contoso has hired Jane Roe, the co-founder and chief executive of ...': not the hirer's title
    if not orgs and n.text in _OFFICES and n.dep_ == "compound":
        return  # 'President Joe Biden', 'Prime Minister X' with no organisation before it: a head of state's office
    hired = top.head if top.dep_ in ("appos", "compound") else top  # 'hired executives from Figma, including X',
    while hired.dep_ == "conj" and hired.head.i != hired.i:  # 'hired X, Figma's chief scientist', 'hired founder X,
        hired = hired.head  # president Y': the job left behind
    hired_away = hired.dep_ == "dobj" and hired.head.lower_ in HIRE
    if not orgs and hired_away:
        return  # 'Microsoft hired co-founder Mustafa Suleyman': the title is at the company left, not the hirer's
    if not orgs:
        # 'when CEO Sam Altman was removed', 'according to the company': a title with no organisation of its own
        # belongs to the one organisation the sentence names
        quoted = inside_quotes(n.doc)  # (never a name inside a quotation: '"DeepSeek has changed ...," said X, CEO')
        named = {k for t in n.doc if t.i in st.tok_ents and t.i not in quoted and (
                     t.dep_ in SUBJ_DEPS or t.lower_ in NOMINALS or (
                         t.dep_ == "conj" and _conjunct_of_subject(t)))  # 'said Microsoft, Meta and Amazon were ...'
                 for k in st.tok_ents[t.i] if st.entities[k].type in ORG}
        asides = {t.i for r in n.doc if r.dep_ == "relcl" and any(k in people for k in st.ents(r.head))
                  for t in r.subtree}  # 'X, who ran Meta's FAIR lab for eight years, joined as chief AI officer'
        anyorg = {k for i, ks in st.tok_ents.items() if i not in asides for k in ks if st.entities[k].type in ORG}
        story = st.ctx.previous_subject or st.ctx.topic
        if story and anyorg <= {story} and unit is None and (is_lead_role(role) or _EXECUTIVE.fullmatch(role)):
            # 'Jane Roe, the chief executive, said', 'Chief financial officer Jane Roe said', '... with Contoso's
            # chip groups, chief executive Jane Roe said': an executive of the company the previous sentence was
            # about, else the story's, when the sentence names no other (an analyst's or a minister's is not)
            named = {story}
        if len(named) != 1:
            return
        orgs, conf = list(named), 0.7
    if hired_away:
        conf = min(conf, 0.6)
    lo = max(0, min(n.i - 3, n.left_edge.i))  # 'former Scale AI chief executive X': the whole title phrase
    if _FORMER.search(n.doc[lo : n.i + 1].text) or n.doc[max(0, n.i - 2) : n.i].text.lower().startswith("ex-"):
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


def _unknown_owner(st: Sent, n: Any) -> bool:
    """Whether the words right before a title phrase are a capitalised name the article does not know ('Memphis
    Light, Gas and Water President and CEO X'): an organisation all the same, so no other one is guessed."""
    i = n.i - 1
    while i >= 0 and (n.doc[i].lower_ in ROLE_WORDS or n.doc[i].lower_ in ("and", "&", "ai")):
        i -= 1
    t = n.doc[i] if i >= 0 else None
    return t is not None and t.pos_ == "PROPN" and t.text.isalpha() and t.text[:1].isupper() \
        and t.i not in st.tok_ents and t.text not in ("US", "UK", "EU")


def _own_title(st: Sent, c: Any) -> bool:
    """Whether a name carries words of its own before it that are no part of a name ('Sen.', 'analyst')."""
    return any(x.dep_ in ("compound", "amod", "nmod") and x.i < c.i and x.i not in st.tok_ents
               and x.text[:1].isalpha() for x in c.children)


def _conjunct_of_subject(t: Any) -> bool:
    """Whether a conjunct stands in a coordinated subject ('Microsoft, Meta and Amazon were')."""
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    return t.dep_ in SUBJ_DEPS


#: words that put a title in the past ('former CEO', "Intel's previous chief executive")
_FORMER = re.compile(r"(?i)\b(?:former|formerly|ex|then|previous|previously|onetime|one-time)\b")
#: verbs whose object's title is the job they leave ('hired executives from Figma')


#: a title only a company's own executive holds: in a sentence that names no organisation, the story's company
_EXECUTIVE = re.compile(rf"{EXEC_ROLES}|(?i:(?:executive |senior )?vice president|chief (?:ai )?[a-z]+)")

#: adjectives that qualify a title and may open a sentence, beside the role modifiers of frames.json
_QUALIFIERS = TITLE_QUALIFIERS | {"other"}


#: capitalised titles that, with no organisation named before them, are public offices ('President Joe Biden')
_OFFICES = frozenset("President Chancellor Premier Governor Senator Sen. Minister Secretary Mayor King Queen Prince "
                     "Commissioner".split())


def _of_a_country(st: Sent, c: Any) -> bool:
    """A title's modifier that names a country or people: a capitalised adjective that does not qualify the title
    itself ('French', 'British'; not 'Former', 'Associate') or a country's abbreviation ('U.S.', 'UK'), and no name
    of the article."""
    if st.ents(c):
        return False
    if c.pos_ == "ADJ" and c.text[:1].isupper():  # at a sentence start: 'Fellow co-founder X', 'Regional director Y'
        return c.lower_ not in ROLE_MODS and c.lower_ not in _QUALIFIERS
    return c.text in COUNTRY_ABBREVIATIONS


def _parent_employers(st: Sent, n: Any, people: list[str], role: str, conf: float) -> None:
    """'head of Amazon's newly formed AGI Lab': a person titled at a unit also works for the unit's owner."""
    for c in n.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "at"):
            for p in c.children:
                owners = [k for x in p.children if x.dep_ == "poss" for k in st.args(x) if st.entities[k].type in ORG]
                if owners and st.ents(p) and not set(st.ents(p)) & set(owners):
                    st.add("worksFor", people, owners, conf * 0.9, [n], "role:worksFor", role=role)


def _named_after(st: Sent, unit: Any) -> list[str]:
    """The organisation named in a product's or unit's phrase: 'Contoso' in 'Contoso Cloud Platform', also when
    the text writes the product's short name ('CCP' for Contoso Cloud Platform)."""
    out = [k for t in unit.doc[unit.left_edge.i : unit.i] for k in st.ents(t) if st.entities[k].type in ORG]
    if not out:
        for k in st.ents(unit):
            label = st.entities[k].label
            makers = [o for o, e in st.entities.items() if e.type in ORG and label.startswith(e.label + " ")]
            out += sorted(makers, key=lambda o: -len(st.entities[o].label))[:1]
    return out


def person_of_frames(st: Sent, t: Any) -> None:
    """'John Doe of Fabrikam said', 'said Jane Roe from Contoso', 'analyst Sam Smith at Tailspin': a person's name
    with an organisation after 'of', 'from' or 'at' works there (leads it when the article gives the person a
    leading title anywhere, as for "Contoso's Jane Roe")."""
    people = [k for k in st.ents(t) if st.entities[k].type == "Person"]
    if not people or t.head.i in st.tok_ents and t.head.i != t.i and set(st.ents(t.head)) == set(people):
        return  # not the name's last word
    for c in t.children:
        if c.dep_ == "prep" and c.lower_ in ("of", "from", "at"):
            orgs = [k for p in c.children if p.dep_ == "pobj" for k in st.args(p) if st.entities[k].type in ORG]
            if orgs:
                n = st.add("worksFor", people, orgs, 0.7, [t, c], "person:of")
                st.ctx.titled.extend(st.facts[len(st.facts) - n :])


def listed_titles(st: Sent) -> None:
    """A press release's attribution, 'Jane Roe, Co-founder and CEO, Contoso, said': a person's name, a title
    alone between commas, then an organisation's name alone: the person's title at that organisation (leads
    when any of the joined titles is a lead role: 'Vice-Chairman and Managing Director')."""
    doc = st.doc
    for i, t in enumerate(doc):
        if t.text != "," or i == 0 or not any(st.entities[k].type == "Person" for k in st.ents(doc[i - 1])):
            continue
        j = i + 1
        while j < len(doc) and doc[j].text != ",":
            j += 1
        words = [w.text for w in doc[i + 1 : j]]
        if not words or j + 1 >= len(doc) or not all(
                w.lower() in ROLE_WORDS or w.lower() in ("and", "&", "-") or ("-" in w and all(
                    p.lower() in ROLE_WORDS or p.lower() in ("co", "vice") for p in w.split("-"))) for w in words):
            continue
        k = j + 1
        orgs = [e for e in st.ents(doc[k]) if st.entities[e].type in ORG]
        while k + 1 < len(doc) and orgs and set(st.ents(doc[k + 1])) >= set(orgs):
            k += 1
        if not orgs or k + 1 >= len(doc) or doc[k + 1].text not in (",", "said", "says", "added"):
            continue
        people = [e for e in st.ents(doc[i - 1]) if st.entities[e].type == "Person"]
        role = " ".join(words)
        lead = any(is_lead_role(part) for part in re.split(r" (?:and|&) ", role))
        st.add("leads" if lead else "worksFor", people, orgs, 0.8, [doc[i + 1]], "role:listed",
               **({} if lead else {"role": role}))
