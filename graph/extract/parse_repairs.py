"""Repairs of the statistical parser's known, systematic attachment errors, applied to each parsed sentence.

Contract: ``repair(doc)`` changes heads and dependency labels in place (never tokens or entities; a tag only for
a name the tagger read as a verb, or a plural noun read as one that the parse made a verb's argument) and returns
the Doc; a sentence without a matching error is left untouched. Each repair is one error shape that
the small English model makes in news text, named and exemplified below; none is about particular words.

- **Oxford-comma list end on the verb.** In 'founded by A, B, and C' the model often hangs the last member C
  on the verb ('founded' -conj-> C) instead of on the list: a name conjoined to a verb after ', and' whose
  left neighbour ends a list of names becomes that list's next member; a middle member read as an apposition of
  the first ('A, B, and C' with B -appos-> A, both names of one kind) is a member too.
- **A possessive read as a clause.** After an abbreviation ('ServiceNow Inc.’s $2.85 billion acquisition of
  ...') the model can take the possessive for a verb and its owner for the verb's subject: a possessive not
  attached as one becomes the case of the word before it, and that word the possessor of the noun phrase after it.
- **A name after 'to' read as a verb.** 'hand some questions to ChatGPT' is read as an infinitive ('to ChatGPT/VB'):
  a capitalised word inside the sentence, tagged a bare verb right after 'to', becomes a proper noun, the object
  of 'to' as a preposition of the verb the phrase belongs to.
- **Two titled names coordinated.** In 'by Kakao CEO Chung Shin-a and OpenAI CEO Sam Altman' the model hangs the
  first title on the second and the second organisation on the first name as its conjunct: a title read as a
  compound of a title further right takes the name right after it as its head, and a name read as a conjunct right
  before a title that is a compound of a name becomes that title's compound.
- **A plural noun read as a verb.** 'would power Apple Intelligence features/VBZ': a third-person verb form that the
  parse makes a verb's object or subject, with no subject, auxiliary or object of its own, is a plural noun.
- **A list member hung on a version.** In 'such as Claude Sonnet 4.5 and GPT-5' the model hangs GPT-5 on '4.5': a
  conjunct of a name's number becomes a conjunct of the name.

>>> from aikg.graph.extract.nlp import parse_sentences  # parses, then repairs
>>> d = parse_sentences(["Fabrikam was founded in 2021 by Aidan Roe, Nick Doe, and Ivan Lee."])[0]
>>> [t.text for t in d[7].conjuncts]
['Doe', 'Lee']
"""

from __future__ import annotations

from typing import Any

from .frames import ROLE_HEADS

__all__ = ["repair"]

_NOUNS = frozenset({"PROPN", "NOUN"})


def repair(doc: Any) -> Any:
    """``doc`` with the parser's known attachment errors mended (see the module's contract)."""
    for t in doc:
        if t.dep_ == "conj" and _name(t) and t.head.pos_ in ("VERB", "AUX") and t.i >= 3:
            _list_end(doc, t)
        elif t.tag_ == "POS" and t.dep_ != "case" and t.i > 0:
            _possessive(doc, t)
        elif t.tag_ == "VB" and t.i > 1 and t.text[:1].isupper() and doc[t.i - 1].lower_ == "to" \
                and doc[t.i - 1].head.i == t.i:
            _name_after_to(doc, t)
        elif t.dep_ == "compound" and t.lower_ in ROLE_HEADS and t.i + 1 < len(doc):
            _titled_names(doc, t)
        elif t.dep_ == "conj" and t.head.dep_ == "nummod" and t.head.head.pos_ == "PROPN" and t.head.head.i < t.head.i:
            _version_conjunct(t)
        elif t.tag_ in ("VBZ", "VBP") and t.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and t.lower_.endswith("s") \
                and not any(c.dep_ in ("nsubj", "aux", "dobj") for c in t.children):
            t.tag_, t.pos_ = "NNS", "NOUN"  # 'would power Apple Intelligence features/VBZ': an argument is no verb
    return doc


def _name(t: Any) -> bool:
    """A proper noun, or a capitalised word inside the sentence tagged as a common noun ('and Perplexity/NN')."""
    return t.pos_ == "PROPN" or (t.pos_ == "NOUN" and t.i > 0 and t.text[:1].isupper())


def _list_end(doc: Any, t: Any) -> None:
    """'A, B, and C' with C (``t``) hung on the verb: C becomes a conjunct of the list A, B."""
    if t.left_edge.i < 3:
        return
    cc, comma = doc[t.left_edge.i - 1], doc[t.left_edge.i - 2]
    if cc.dep_ != "cc" or cc.lower_ not in ("and", "or") or comma.text != ",":
        return
    last = doc[comma.i - 1]
    while last.dep_ in ("compound", "flat") and last.head.i > last.i:
        last = last.head
    if not _name(last) or not _name(last.head) or last.right_edge.i != last.i:
        return
    if last.dep_ == "appos" and last.pos_ == last.head.pos_ == "PROPN" and last.ent_type_ == last.head.ent_type_ != "":
        last.dep_ = "conj"  # 'A, B, and C': B is a member of the list the ', and C' closes, not an apposition of A
    if last.dep_ != "conj":
        return
    t.head, t.dep_ = last.head, "conj"
    cc.head = last


def _possessive(doc: Any, pos: Any) -> None:
    """'ServiceNow Inc.’s $2.85 billion acquisition' with the possessive ``pos`` read as a clause's head."""
    owner = doc[pos.i - 1]
    if owner.pos_ != "PROPN" or pos.head.i == pos.i or pos.i + 1 >= len(doc):
        return
    x = doc[pos.i + 1]
    while x.head.i > x.i and x.head.pos_ not in ("VERB", "AUX", "ADP", "PART"):
        x = x.head
    if x.pos_ not in _NOUNS or owner.is_ancestor(x) or x.i <= pos.i:
        return
    for c in [c for c in pos.children if c.i != owner.i]:  # a dateline '(Bloomberg) —' read as its dependent
        c.head = pos.head
    owner.head, owner.dep_ = x, "poss"
    pos.head, pos.dep_ = owner, "case"


def _name_after_to(doc: Any, t: Any) -> None:
    """'hand some questions to ChatGPT/VB': the name ``t`` is the object of 'to', a preposition of the clause's verb."""
    verb = t.head
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    if verb.i == t.i or verb.pos_ not in ("VERB", "AUX") or t.is_ancestor(verb) or any(
            c.dep_ in ("dobj", "nsubj", "ccomp", "xcomp") for c in t.children):
        return  # ('to Build great things' in a title-case heading is a verb: it has an object)
    to = doc[t.i - 1]
    for c in [c for c in t.children if c.i != to.i]:
        c.head = verb
    to.head, to.dep_ = verb, "prep"
    t.head, t.dep_ = to, "pobj"
    t.tag_, t.pos_ = "NNP", "PROPN"


def _titled_names(doc: Any, title: Any) -> None:
    """'Kakao CEO/compound-of-the-next-CEO Chung Shin-a and OpenAI/conj CEO Sam Altman': the ``title`` is the name's
    after it, and an organisation read as a conjunct right before a title is that title's."""
    name = doc[title.i + 1]
    if title.head.lower_ in ROLE_HEADS and title.head.i > name.i and name.pos_ == "PROPN" and name.ent_type_ == "PERSON":
        while name.dep_ in ("compound", "flat") and name.head.i > name.i and name.head.pos_ == "PROPN":
            name = name.head
        if name.i < title.head.i and not title.is_ancestor(name):
            title.head = name
    org = doc[title.i - 1] if title.i else None
    if org is not None and org.dep_ == "conj" and _name(org) and title.head.i > title.i and title.head.pos_ == "PROPN" \
            and not org.is_ancestor(title):
        org.head, org.dep_ = title, "compound"


def _version_conjunct(t: Any) -> None:
    """'Claude Sonnet 4.5 and GPT-5' with GPT-5 (``t``) a conjunct of '4.5': a conjunct of the name 'Sonnet'."""
    num = t.head
    for c in [c for c in num.children if c.dep_ == "cc" and c.i < t.i]:
        c.head = num.head
    t.head = num.head
