"""What the dependency parse says about where a mention stands, for reference resolution (``coref``): in a
subject, in an aside about a person (an apposition or relative clause, past or present), as a possessor, as the
organisation of someone's title, inside a relative clause about a name. Offsets are relative to the sentence whose
parsed ``Doc`` is given.
"""

from __future__ import annotations

from typing import Any

from .frames import ROLE_HEADS, inflections
from .lexicon import CORP_FORMS, HIRE, TELL
from .model import Entity, Mention
from .sentences import Sentence

__all__ = ["PAST_WORDS", "embedded_apart", "enclosing_aside", "free_possessor", "list_sizes", "named_subjects", "object_role",
           "opening_subject", "parallel_possessor", "past_aside", "person_asides", "predicated_of", "present_aside", "relative_subject",
           "setting", "subject_positions", "thing_aside", "titles_at", "token_at", "used_thing"]


#: prepositions of a setting that opens a sentence ('At OpenAI, ...', 'Inside Google, ...')
_SETTING = frozenset("at inside within for".split())
#: verbs by which a company takes on another's people ('hired its CEO'): the possessor is not the hirer
_HIRE_VERBS = HIRE | frozenset(w for base in ("bring", "nab") for w in inflections(base)) | {"brought"}
#: words that put an aside about a person in the past
PAST_WORDS = frozenset("former formerly previously ex once left departed".split())


def token_at(doc: Any, offset: int) -> Any | None:
    """The token of a sentence's Doc that holds the character at ``offset`` (relative to the sentence)."""
    return next((t for t in doc if t.idx <= offset < t.idx + len(t.text)), None)


#: what may stand before a main clause's subject without being a clause of its own: 'Last year it ...', 'In 2023, it'
_OPENERS = frozenset(("npadvmod", "advmod", "prep", "punct", "cc"))


def opening_subject(doc: Any, offset: int) -> bool:
    """Whether the pronoun at ``offset`` is the subject of the sentence's main verb with only adverbials before it
    ('Last year it co-developed X', 'In 2023, it raised ...'): it goes on with the sentence before's subject."""
    tok = token_at(doc, offset)
    if tok is None or tok.dep_ not in ("nsubj", "nsubjpass") or tok.head.dep_ != "ROOT":
        return False
    for t in doc[: tok.i]:
        while t.head.i != tok.head.i and t.head.i != t.i:
            t = t.head
        if t.head.i == t.i or t.dep_ not in _OPENERS:
            return False
    return True


def _aside_root(doc: Any, at: int, deps: tuple[str, ...]) -> Any | None:
    """The first token above the one at offset ``at`` (itself included) attached by one of ``deps``, or None."""
    tok = token_at(doc, at)
    while tok is not None and tok.head.i != tok.i:
        if tok.dep_ in deps:
            return tok
        tok = tok.head
    return None


def _named_at(tok: Any, sent: Sentence, local: list[Mention], wanted: frozenset[str],
              entities: dict[str, Entity]) -> str | None:
    """The entity of a wanted type that a mention of the sentence names at token ``tok``, or None."""
    lo, hi = sent.start + tok.idx, sent.start + tok.idx + len(tok.text)
    return next((m.entity for m in local if m.start < hi and lo < m.end and entities[m.entity].type in wanted), None)


def enclosing_aside(doc: Any, at: int, ref: int, deps: tuple[str, ...]) -> tuple[bool, bool]:
    """For the token at offset ``at``: whether it stands in an apposition or relative clause (``deps``) that does not
    hold offset ``ref``, and whether that aside tells a past ('a former Contoso executive', 'who had worked at X')."""
    tok = _aside_root(doc, at, deps)
    if tok is None:
        return False, False
    sub = tok.doc[tok.left_edge.i : tok.right_edge.i + 1]
    if sub.start_char <= ref < sub.end_char:
        return False, False
    return True, any(t.lower_ in PAST_WORDS or (t.lower_ == "had" and t.dep_ == "aux") for t in sub)


def past_aside(doc: Any, at: int, pron: int) -> bool:
    """Whether the token at offset ``at`` stands in an apposition or a relative clause that tells someone's past
    ('Y, a former Contoso executive, is its CTO', 'X, who had worked at Contoso, is its CEO') and does not also
    hold the pronoun at ``pron``: the organisation of a past is not what the pronoun means. An aside in the present
    ('Jane Roe, CEO of Contoso, said its ...') is no such aside."""
    inside, past = enclosing_aside(doc, at, pron, ("appos", "relcl", "acl"))
    return inside and past


def setting(doc: Any, sent: Sentence, local: list[Mention], wanted: frozenset[str],
            entities: dict[str, Entity]) -> str | None:
    """The organisation a sentence opens with as its setting ('At OpenAI, he works on the company's buildout'),
    which a description later in the sentence most likely means, or None."""
    first = doc[0] if len(doc) else None
    if first is None or first.dep_ != "prep" or first.lower_ not in _SETTING:
        return None
    return next((k for c in first.children if c.dep_ == "pobj" and (k := _named_at(c, sent, local, wanted, entities))),
                None)


def embedded_apart(doc: Any, last: int, ref: int) -> bool:
    """Whether the reference at offset ``ref`` stands in an embedded clause (relative, complement, adverbial) that
    does not hold the name whose last character is at ``last``, and in no relative clause about that name (one about
    its product may mean it: "Alibaba's app, which runs on the company's models"): 'Apple faces investors who say the
    company has fallen behind' and 'I wrote about Harvey when the startup emerged' may mean the name, as 'Apple
    bought the company' and 'Amazon, which invested in the startup' may not."""
    tok, name = token_at(doc, ref), token_at(doc, last)
    if tok is None or name is None or (name.dep_ in ("dobj", "dative") and name.head.lower_ in TELL):
        return False  # (not the listener: 'Chesky told Bloomberg that the company ...')
    if name.dep_ == "pobj" and name.head.i == 0 and name.head.dep_ == "prep" and name.head.lower_ in _SETTING:
        return True  # 'At OpenAI he works on the company's buildout': the setting a sentence opens with
    apart = None
    while tok.head.i != tok.i:
        if tok.dep_ == "relcl" and tok.head.left_edge.i <= name.i <= tok.head.i:
            # a relative clause about the name ('Amazon, which invested in the startup'): not it; about the name's
            # product ("Alibaba's Tongyi app, which runs on the company's models"): its owner may be meant
            return name.dep_ == "poss" and name.i < tok.head.i
        if apart is None and tok.dep_ in ("relcl", "ccomp", "advcl") and tok.pos_ in ("VERB", "AUX"):
            apart = not tok.left_edge.i <= name.i <= tok.right_edge.i
        tok = tok.head
    return bool(apart)


def object_role(doc: Any, at: int) -> str | None:
    """The object role of the token at offset ``at``: 'direct' ('backed X'), 'prepositional' ('invested in X', the
    name's head word through a compound), or None."""
    tok = token_at(doc, at)
    while tok is not None and tok.dep_ in ("compound", "det", "amod", "nmod") and tok.head.i > tok.i:
        tok = tok.head  # from a mention's first word to its head ('the company', 'Google Cloud')
    if tok is None:
        return None
    if tok.dep_ in ("dobj", "dative"):
        return "direct"
    host = tok.head.head if tok.dep_ == "pobj" else None
    if host is not None and host.dep_ == "dobj" and host.pos_ in ("NUM", "NOUN"):
        host = host.head  # 'invested $8 billion in the company': the preposition hung on the amount
    return "prepositional" if host is not None and host.pos_ == "VERB" else None


def thing_aside(doc: Any, at: int, pron: int) -> bool:
    """Whether the token at offset ``at`` stands in an apposition to a common noun that does not hold the pronoun at
    ``pron`` ('The editor, a fork of Microsoft's VS Code, ..., and it leans on X': not Microsoft); an apposition to a
    name ('Jane Roe, CEO of Contoso, said its ...') may hold what the pronoun means."""
    tok = _aside_root(doc, at, ("appos",))
    if tok is None or tok.head.pos_ != "NOUN" or not tok.head.text.islower():
        return False  # (a common noun: not a capitalised word the tagger took for one, 'HYDERABAD: Apollo ...')
    name = token_at(doc, at)
    if name is not None and (name.i == tok.i or name.dep_ == "poss" and name.head.i == tok.i):
        return False  # 'The deal, Salesforce's largest since ...': the apposition's own possessor owns the subject
    return not tok.left_edge.idx <= pron < tok.right_edge.idx + len(tok.right_edge.text)


def predicated_of(doc: Any, pron: int) -> tuple[int, int] | None:
    """The span (offsets) of a subject the pronoun at ``pron`` cannot mean: the one a possessive pronoun's noun is
    predicated of or in apposition to ('DeskPilot is its cloud provider', 'agreed to make DeskPilot its cloud
    provider', 'DeskPilot, its own app': not DeskPilot's), or the subject of the verb whose object the pronoun is
    ('Fabrikam had invested in it')."""
    tok = token_at(doc, pron)
    if tok is None:
        return None
    subj = None
    if tok.dep_ == "poss" and tok.head.pos_ in ("NOUN", "PROPN"):
        n = tok.head
        if n.dep_ == "pobj" and n.head.lower_ == "of" and n.head.head.dep_ == "attr":
            n = n.head.head  # 'X has been one of its largest customers'
        over = n if n.dep_ == "ccomp" else n.head if n.dep_ == "attr" else None
        subj = next((c for c in over.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < n.i), None) if over else None
        if n.dep_ == "appos" and n.head.i < n.i:
            subj = n.head  # 'Magenta AI, its own assistant app': not Magenta AI's
        if n.dep_ == "dobj" and n.lower_ in ROLE_HEADS and n.head.lower_ in _HIRE_VERBS:
            v = n.head  # 'Meta is investing in Scale AI and bringing on its CEO': a company hires another's
            while subj is None and v is not None:
                subj = next((c for c in v.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                v = v.head if v.dep_ == "conj" and v.head.i != v.i else None
    elif tok.lower_ in ("it", "him", "her", "them") and tok.dep_ in ("dobj", "pobj"):
        v = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
        if v.pos_ in ("VERB", "AUX"):
            subj = next((c for c in v.children if c.dep_ == "nsubj" and c.lower_ not in ("which", "who", "that")), None)
    if subj is None:
        return None
    return subj.left_edge.idx, subj.right_edge.idx + len(subj.right_edge.text)


def parallel_possessor(doc: Any, sent: Sentence, local: list[Mention], start: int, wanted: frozenset[str],
                        entities: dict[str, Entity]) -> str | None:
    """The possessor of the noun a possessive pronoun's noun is coordinated with ("Nvidia's Drive platform and its
    Cosmos models": its = Nvidia)."""
    pron = token_at(doc, start - sent.start)
    if pron is None or pron.dep_ != "poss" or pron.head.dep_ != "conj":
        return None
    for c in pron.head.head.children:
        if c.dep_ == "poss" and (got := _named_at(c, sent, local, wanted, entities)):
            return got
    return None


def relative_subject(doc: Any, sent: Sentence, local: list[Mention], start: int, wanted: frozenset[str],
                      entities: dict[str, Entity]) -> str | None:
    """The name a relative clause is about, for a pronoun inside it whose subject is the relative pronoun
    ('Contoso competes with Fabrikam, which has built its own models': its = Fabrikam), or the agent of a noun whose
    infinitive holds the pronoun ('a decision by Fabrikam to make X its default': Fabrikam)."""
    pron = token_at(doc, start - sent.start)
    if pron is None:
        return None
    tok = pron
    for _ in range(8):  # up through the clauses that hold the pronoun ('which said its app would use ...')
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        subj = [c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")]
        if tok.dep_ == "relcl" and any(c.lower_ in ("which", "who", "that") for c in subj):
            break
        if tok.dep_ == "acl" and not subj and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            by = next((g for c in tok.head.children if c.dep_ == "prep" and c.lower_ == "by"
                       for g in c.children if g.dep_ == "pobj"), None)
            if by is not None:  # 'a commitment by Contoso to make X its cloud provider': Contoso's
                return _named_at(by, sent, local, wanted, entities)
        if any(not (c.left_edge.i <= pron.i <= c.right_edge.i) and c.pos_ in ("PROPN", "NOUN", "PRON") for c in subj):
            return None  # a clause with a subject of its own ('Y said Contoso would bring its ...')
    else:
        return None
    return _named_at(tok.head, sent, local, wanted, entities)


def present_aside(doc: Any, last: int, ref: int) -> bool:
    """Whether the name whose last character is at offset ``last`` stands in a present apposition or relative clause
    that does not hold the reference at ``ref`` ('Google, one of Scale's biggest customers, is cutting ties with the
    startup': the startup may be Scale)."""
    inside, past = enclosing_aside(doc, last, ref, ("appos", "relcl"))
    return inside and not past


def free_possessor(doc: Any, last: int, ref: int) -> bool:
    """Whether the name whose last character is at offset ``last`` is a possessor whose noun does not hold the
    reference at ``ref``: "Apple's shares rose after the company said", "Apple's AI efforts are overseen by X, the
    company's vice president" may mean Apple; "Contoso's investment in the startup" does not."""
    tok = token_at(doc, last)
    if tok is None or tok.dep_ != "poss":
        return False
    sub = doc[tok.head.left_edge.i : tok.head.right_edge.i + 1]
    return not sub.start_char <= ref < sub.end_char


def titles_at(doc: Any, last: int) -> bool:
    """Whether the name whose last character is at offset ``last`` is the organisation of someone's present title
    ('Baidu chief executive X', "X, Anysphere's chief executive,", 'X, a Google spokesperson,'): such a name is what
    a description later in its sentence may mean ('... said the company will ...')."""
    tok = token_at(doc, last)
    if tok is None:
        return False
    role = None
    if tok.dep_ in ("compound", "poss", "nmod", "amod") and tok.head.lower_ in ROLE_HEADS:
        role = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ in ("of", "at") and tok.head.head.lower_ in ROLE_HEADS:
        role = tok.head.head
    return role is not None and not any(c.lower_ in PAST_WORDS for c in role.lefts)


def person_asides(doc: Any | None, sent: Sentence, local: list[Mention], entities: dict[str, Entity]) -> set[int]:
    """Start offsets of the sentence's non-person mentions that stand in a relative clause or participle about a
    person ('Y, who worked at Contoso', 'Z, hired from Contoso')."""
    if doc is None:
        return set()
    people = [(m.start - sent.start, m.end - sent.start) for m in local if entities[m.entity].type == "Person"]
    if not people:
        return set()
    out: set[int] = set()
    for m in local:
        if entities[m.entity].type == "Person":
            continue
        tok = _aside_root(doc, m.end - 1 - sent.start, ("appos", "relcl", "acl"))
        if tok is not None and tok.dep_ != "appos" and any(a <= tok.head.idx < b for a, b in people):
            out.add(m.start)  # (a title in apposition, 'X, a Contoso vice president', is no aside here)
    return out


def named_subjects(sent: Sentence, doc: Any | None, local: list[Mention]) -> set[str]:
    """Entities named as a subject itself (the subject's head word is part of the name), not as a possessor inside one."""
    if doc is None:
        return set()
    heads = [(sent.start + h.idx, sent.start + h.idx + len(h.text)) for t in doc if t.dep_ in ("nsubj", "nsubjpass")
             for h in [doc[t.i - 1] if t.i and t.text.rstrip(".") in CORP_FORMS else t]]  # ('Fujitsu Ltd./nsubj')
    return {m.entity for m in local if any(m.start < b and a < m.end for a, b in heads)}


def subject_positions(sent: Sentence, doc: Any | None) -> set[int]:
    """Start offsets of the tokens in subject position (the parse's nsubj/nsubjpass and what they span)."""
    if doc is None:
        return {sent.start}
    out: set[int] = set()
    for t in doc:
        if t.dep_ in ("nsubj", "nsubjpass"):
            for x in doc[t.left_edge.i : t.i + 1]:  # the subject's name, not the clauses after it ('X, which invests in Y,')
                out.add(sent.start + x.idx)
            for c in t.children:  # 'The tool, called IgniteAI Agent, sits inside ...': the name the subject is given
                if c.dep_ == "acl" and c.lower_ in ("called", "named", "dubbed"):
                    out.update(sent.start + x.idx for x in c.subtree if x.i != c.i)
                elif c.dep_ == "appos" and c.pos_ == "PROPN":  # 'Mountain View, California-based Moveworks, ... has
                    out.update(sent.start + x.idx for x in doc[c.left_edge.i : c.i + 1])  # raised': a name in apposition
    return out


#: verbs whose direct object is a thing used ('access it', 'deploy it'): never a company
USE_VERBS = frozenset(w for base in "access deploy download try adopt integrate embed license run fine-tune".split()
                       for w in inflections(base))


def used_thing(doc: Any, offset: int) -> bool:
    """Whether the pronoun at ``offset`` is the direct object of a verb of use."""
    tok = token_at(doc, offset)
    return tok is not None and tok.dep_ == "dobj" and tok.head.lower_ in USE_VERBS


def list_sizes(doc: Any | None, sent: Sentence, local: list[Mention]) -> dict[int, int]:
    """Start offsets of mentions named in a list of three or more names, with the list's length."""
    if doc is None or len(local) < 3:
        return {}
    out: dict[int, int] = {}
    for m in local:
        tok = token_at(doc, m.end - 1 - sent.start)
        if tok is None:
            continue
        root = tok
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        size = 1 + len(root.conjuncts)
        if size >= 3:
            out[m.start] = size
    return out
