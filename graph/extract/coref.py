"""Reference resolution: pronouns and definite descriptions become mentions of the entity they mean.

Contract: ``resolve(text, sentences, mentions, entities, quote_spans, parsed)`` returns new ``Mention`` objects
(kind ``pronoun`` or ``nominal``) for 'it / its / itself', 'he / she / him / his / her' and definite
descriptions ('the company', 'the startup', 'the chipmaker', 'the ChatGPT maker', 'the model', 'the chatbot'),
each resolved to an entity of a compatible type. The words that make a description, and the type each one
wants, are data (``frames.json``: ``nominals``).

How: the sentences are read once, in order, keeping a salience score per entity (a mention adds 2 in subject
position, 1 elsewhere, a quarter of that inside a relative clause about a person, a share of it in a list of three
or more names ('A, B and C also participated': each a third); every sentence halves the
scores, a new paragraph halves them again). A reference takes the most salient compatible entity among the few
most recent ones (at most ``_RECENT``; the story's protagonists, named three times or more, are the last to
leave), which keeps the work linear in the text's length. Inside a sentence, a possessive or subject pronoun after
a compatible name takes that name (the subject's — one named as the subject itself before one that only owns a
subject —, else the first one: 'Meta released its model', 'Microsoft said it would'; inside a
relative clause, the clause's noun: 'Contoso competes with Fabrikam, which has built its own models'); one
opening a sentence with no name before it continues the subject of the sentence before ('Fabrikam counts Northwind
among its investors. Its chief executive ...'), unless it opens a copula ('It's a formidable achievement'); a
definite description never means a name of its own clause ('Amazon invested in the startup'), but may mean one
before ', and' / ', but' / ';' ('Contoso released Orbit, and the model is used by ...'), the organisation of a
person's present title ('Contoso CEO X said the company will ...') or a name in a present aside ('Google, one of
Scale's customers, is cutting ties with the startup'). A description also
used for a name ('chip giant Nvidia', 'Anthropic, a startup', 'the startup Anthropic') prefers that name later; one in
apposition right after a name ('xAI, the startup founded by ...') or inside a 'where' clause ('moved to Contoso, where
he runs the company's lab') is that name; one used for a name of the same sort ('the company' after 'a startup
called X') prefers it a little. A pronoun never means an organisation named only in an aside that tells a
person's past ('Y, a former Contoso executive, is its CTO'). A pair description ('the two companies', 'both
firms') means the two organisations named in its sentence or the one before (when exactly two are), and becomes a
mention of each. A description right before a speech verb ('X will roll out Y, the company said') is the
reported clause's subject, or else any name of that clause. 'The new group' introduces a thing and refers to none;
after 'a new group' or 'a startup' with no name of its own, 'the group' / 'the startup' in the next two sentences
means that unnamed thing, no entity.
A description that names a known product with a maker noun ('the ChatGPT maker') means the product's registry maker
when the article names it.
Pronouns inside quotations are left alone (their reference is the speaker's, not the article's).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from .coref_pairs import in_spans, pair_mentions
from .coref_syntax import (
    embedded_apart,
    free_possessor,
    list_sizes,
    named_subjects,
    object_role,
    opening_subject,
    parallel_possessor,
    past_aside,
    person_asides,
    predicated_of,
    present_aside,
    relative_subject,
    setting,
    subject_positions,
    thing_aside,
    titles_at,
    token_at,
    used_thing,
)
from .frames import NOMINALS, ROLE_HEADS
from .lexicon import INVESTOR_NAME_WORDS
from .model import Entity, Mention
from .sentences import Sentence

__all__ = ["resolve", "describe"]

_RECENT = 12
_PROTAGONIST = 3  # mentions that keep an entity among the recent ones
_PRON = {
    "it": ("asset_or_org", "pronoun"), "its": ("org_or_tool", "pronoun"), "itself": ("asset_or_org", "pronoun"),
    "he": ("person", "pronoun"), "him": ("person", "pronoun"), "his": ("person", "pronoun"),
    "she": ("person", "pronoun"), "her": ("person", "pronoun"), "himself": ("person", "pronoun"),
    "herself": ("person", "pronoun"),
}
_WANT = {
    "person": frozenset({"Person"}),
    "org": frozenset({"Company", "Organization"}),
    "company": frozenset({"Company"}),
    "asset_or_org": frozenset({"Company", "Organization", "Model", "Tool"}),
    "org_or_tool": frozenset({"Company", "Organization", "Tool"}),
    "model": frozenset({"Model"}),
    "tool": frozenset({"Tool"}),
    "asset": frozenset({"Model", "Tool"}),
}
#: description kinds that mean the same sort of thing ('the company' may mean what was called 'a startup')
_FAMILY_BONUS = 0.5  # less than a sentence subject's salience: 'the company' after 'Y, a startup' may still be X
_FAMILY = {"org": "org", "company": "org", "tool": "tool", "model": "model"}
_WORD = re.compile(r"[A-Za-z][\w-]*")
_DESC_BEFORE = re.compile(r"(?:^|\b(?:the|a|an|[Tt]he|[Aa]n?|fellow|rival)\s+)((?:[a-z][\w-]*\s+|AI\s+){0,2}([a-z][\w-]*))\s+"
                          r"(?:(?:called|named|dubbed)\s+)?$")  # 'the startup X', 'a new AI startup called X'

_DESC_AFTER = re.compile(r",\s+(?:a|an|the|another)\s+(?:[\w-]+\s+){0,4}?([a-z][\w-]*)\b")


def describe(text: str, mentions: list[Mention], sentences: list[Sentence] | None = None,
             parsed: dict[int, Any] | None = None) -> dict[str, set[str]]:
    """The description nouns the text uses for each named entity ('chip giant Nvidia' -> {'giant', 'chipmaker'?});
    with the parse, a description after a comma that is a clause's subject describes nothing when the name stands in
    a phrase of its own ('Unlike OpenAI, the company builds small models')."""
    out: dict[str, set[str]] = {}
    starts = [x.start for x in sentences or ()]
    for m in mentions:
        if m.kind not in ("name", "alias"):
            continue
        before = text[max(0, m.start - 40) : m.start]
        b = _DESC_BEFORE.search(before)
        if b and not _DESC_STOP.intersection(b.group(1).split()):  # 'the chatbot runs on X' describes nothing
            for w in b.group(1).split():
                if w in NOMINALS:
                    out.setdefault(m.entity, set()).add(w)
        a = _DESC_AFTER.match(text, m.end, min(len(text), m.end + 80))
        if a and sentences and parsed and (si := bisect_left(starts, a.start(1) + 1) - 1) in parsed:
            tok = token_at(parsed[si], a.start(1) - sentences[si].start)
            name = token_at(parsed[si], m.end - 1 - sentences[si].start)
            if tok is not None and tok.dep_ in ("nsubj", "nsubjpass") and name is not None and name.dep_ == "pobj":
                a = None  # (the name in a phrase of its own: 'like OpenAI'; not 'Anysphere/RB, the startup ...')
        if a and not _NOT_APPOSED.match(text, a.end()):  # 'Contoso, the company said' describes nothing
            for w in _WORD.findall(text[a.start() : a.end()]):
                if w in NOMINALS:
                    out.setdefault(m.entity, set()).add(w)
            # the head of a longer description: 'R1, a reasoning model that ...', 'X, a Chinese AI startup'
            after = _WORD.findall(text[a.end() : min(len(text), a.end() + 50)])
            if a.group(1) in _COLLECTIVE and after[:1] == ["of"]:
                after = after[1:]  # 'Qwen3, a family of open-weight models': described as models
            for w in after[:3]:
                if w in _DESC_STOP or not w.islower():
                    break
                if w in NOMINALS:
                    out.setdefault(m.entity, set()).add(w)
    return out


#: descriptions that name a product's maker by the product ('the ChatGPT maker', 'the Claude developer')
_MAKER_NOUNS = frozenset("maker developer creator owner".split())


def _maker(product: Entity, entities: dict[str, Entity]) -> str | None:
    """The entity of the article that is a known product's maker (its registry maker), or None."""
    if product.type not in ("Model", "Tool") or not product.maker:
        return None
    return next((k for k, e in entities.items() if e.label == product.maker), None)


_SUBORD = re.compile(r"^(?:While|Although|Though|Since|After|Before|Despite|As|When|With|By|Following|Having|Unlike|Like|"
                     r"Even as|Just as|Beyond|Besides|In addition to|Through|To)\b")
_PREDICATIVE = re.compile(r"\b(?:is|was|are|were|be|been|being|becomes?|became|remains?|as)\s+$")
_COMPLEMENT = re.compile(r"\s+(?:of|to|for|behind|that|which|who|whose)\b")
#: a quotation opening the sentence, right before a pronoun ('"Scale will remain independent," he said')
_QUOTE_BEFORE = re.compile(r"[\"“][^\"“”]+[\"”]\s*")
#: a name opening the sentence and a comma, right before a pronoun ('Satya Nadella, its chief executive, said')
_NAME_BEFORE = re.compile(r"[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}, ")
_CLAUSE_BREAK = re.compile(r",\s*(?:and|but|while|whereas)\s|[;:]\s")
_COPULA_AFTER = re.compile(r"(?:['’]s|\s+(?:is|was))\b(?!\s+(?:also\s+)?\w+(?:ed|en)\b)")  # (not 'It is powered by')
#: descriptions of a company that makes or sells something: never an investment firm's name
_MAKERS = frozenset("startup start-up unicorn chipmaker maker developer provider automaker carmaker retailer".split())
#: 'a startup', 'an AI lab', 'a new group', 'The new group': a thing introduced, maybe without a name
_INTRODUCED = re.compile(r"\b(?:[Aa]n?(?: new)?|[Tt]he new)\s+(?:[\w-]+\s+){0,2}?([a-z][\w-]*)\b")
#: what makes an indefinite no introduction: a description of a name (', a startup'), a predicate ('is a startup')
_NOT_INTRODUCING = re.compile(r"(?:,|\b(?:is|was|are|were|as|be|been|become|became|remains|like))\s*$")
#: a speech verb right after a description: 'X will ..., the company said'
_SPEAKS_AFTER = re.compile(r"\s+(?:said|says|added|noted|announced|stated|confirmed)\b")
_COLLECTIVE = frozenset("family series suite line set range pair collection lineup".split())
_TITLE_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}?(?:" + "|".join(sorted(ROLE_HEADS)) + r")\b", re.I)
_THE = re.compile(r"\b[Tt]he ")
#: words that end a description after a name ('X, a startup that ...', 'Y, a model from ...')
_DESC_STOP = frozenset("that which who whose of from by with for in on at to and or but said says is was".split())
_TITLE_BETWEEN = re.compile(r"(?:\s+[a-z][a-z-]*){1,4}\s+")  # 'Oracle co-founder Larry Ellison': a title only
_NOT_APPOSED = re.compile(r"(?:(?P<poss>['’]s\b)|\s+(?:said|says|told|tells|added|adds|noted|notes|announced|announces|wrote|writes|"
                          r"stated|states|explained|confirmed|confirms|reported|reports)\b)")
_NOM_AT = [re.compile(rf"((?:[A-Za-z][\w.-]* ){{{n}}})([a-z][\w-]*)\b") for n in range(3)]


def _nominals(text: str) -> list[re.Match[str]]:
    """'the company', 'the e-commerce giant', 'the ChatGPT maker': a definite description whose head noun (one of
    the first three words after 'the') is a nominal of the data."""
    out = []
    for t in _THE.finditer(text):
        for rx in _NOM_AT:
            m = rx.match(text, t.end())
            if m is None:
                continue  # a capitalised word first: try the next length ("the San Francisco company")
            if m.group(2) in NOMINALS:
                out.append(_Shifted(t.start(), m))
                break
    return out  # type: ignore[return-value]


class _Shifted:
    """A match of the words after 'the', reported from 'the' on."""

    def __init__(self, start: int, m: re.Match[str]) -> None:
        self._start, self._m = start, m

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._m.end()

    def group(self, i: int = 0) -> str:
        return self._m.string[self._start : self._m.end()] if i == 0 else self._m.group(i)


def resolve(
    text: str,
    sentences: list[Sentence],
    mentions: list[Mention],
    entities: dict[str, Entity],
    quote_spans: list[tuple[int, int]],
    parsed: dict[int, Any] | None = None,
) -> list[Mention]:
    """Pronoun and nominal mentions resolved to entities (see the module contract)."""
    parsed = parsed or {}
    qstarts = [a for a, _ in quote_spans]
    described = describe(text, mentions, sentences, parsed)
    ms = sorted((m for m in mentions if m.entity in entities), key=lambda m: m.start)
    starts = [m.start for m in ms]
    score: dict[str, float] = {}  # entity -> salience (decayed lazily)
    seen_at: dict[str, int] = {}  # entity -> sentence index of its last mention
    recent: list[str] = []  # most recent first, at most _RECENT
    counts: dict[str, int] = {}  # mentions so far per entity
    out: list[Mention] = []
    prev_para = -1
    prev_subj: list[str] = []  # the entities in subject position of the sentence before
    introduced: dict[str, tuple[int, int]] = {}  # noun -> (sentence, end offset) of its last unnamed introduction
    factor = 1.0  # the decay accumulated so far: scores are stored divided by it
    for si, sent in enumerate(sentences):
        factor *= 0.5 if sent.para == prev_para else 0.25
        if factor < 1e-6:  # renormalise (keeps numbers in range; linear overall)
            score = {k: v * factor for k, v in score.items()}
            factor = 1.0
        prev_para = sent.para
        doc = parsed.get(si)
        subj_pos = subject_positions(sent, doc)
        k0, k1 = bisect_left(starts, sent.start), bisect_left(starts, sent.end)
        local = ms[k0:k1]
        subj_heads = named_subjects(sent, doc, local)
        aside_at = person_asides(doc, sent, local, entities)
        listed = list_sizes(doc, sent, local)
        refs: list[tuple[int, int, str, str, str, str]] = []  # start, end, surface, want, kind, noun
        low = sent.text.lower()
        if any(p in low for p in (" it", "it ", "its", " he", "he ", " his", "his ", "she", " her", "him")):
            for w in _WORD.finditer(sent.text):
                word = w.group().lower()
                if word in _PRON and not (w.group().isupper() and len(w.group()) > 1):  # 'IT services' is no 'it'
                    want, kind = _PRON[word]
                    refs.append((sent.start + w.start(), sent.start + w.end(), w.group(), want, kind, word))
        for intro in _INTRODUCED.finditer(sent.text):  # 'a new startup', 'The new group, called X,': a new thing
            noun, end = intro.group(1), sent.start + intro.end()
            k = bisect_left(starts, end)
            if noun in NOMINALS and not (k < len(ms) and ms[k].start < end + 40) \
                    and not in_spans(quote_spans, qstarts, sent.start + intro.start()) \
                    and not _NOT_INTRODUCING.search(sent.text, max(0, intro.start() - 8), intro.start()):
                introduced[noun] = (si, end)  # ... with no name of its own: 'the group' after it means it
        if "the " in low:
            for n in _nominals(sent.text):
                noun = n.group(2)
                pos = sent.start + n.start()
                if (_PREDICATIVE.search(sent.text, 0, n.start()) and not sent.text.startswith(("'s", "’s"), n.end())
                        or _COMPLEMENT.match(sent.text, n.end())):
                    continue  # 'X is the maker of Y', 'the developer behind Y': a description, not a reference
                k = bisect_left(starts, pos)
                if k < len(ms) and ms[k].start < sent.start + n.end() and noun in _MAKER_NOUNS \
                        and (owner := _maker(entities[ms[k].entity], entities)) is not None:
                    refs.append((pos, sent.start + n.end(), n.group(), owner, "maker", noun))
                    continue  # 'the ChatGPT maker': the known maker of the product the description names
                if k < len(ms) and (ms[k].start < sent.start + n.end()
                                    or not text[sent.start + n.end() : ms[k].start].strip()):
                    continue  # 'the startup Anthropic', 'the US group Meta': a name follows, no reference
                if n.group().lower().startswith("the new ") or (
                        noun in introduced and si - introduced[noun][0] <= 2 and introduced[noun][1] <= pos):
                    continue  # 'the new group' introduces one; 'the group' after an unnamed 'new group' is that one
                refs.append((pos, sent.start + n.end(), n.group(), NOMINALS[noun], "nominal", noun))
        refs.sort()
        li = 0
        done: list[tuple[int, str]] = []  # references resolved in this sentence (position, entity)
        for rs, re_, surface, want, kind, noun in refs:
            while li < len(local) and local[li].start < rs:
                m = local[li]
                _bump(score, seen_at, recent, m.entity, si, _weight(m, subj_pos, aside_at, listed) / factor, counts)
                li += 1
            if in_spans(quote_spans, qstarts, rs):
                continue
            if kind == "maker":  # (resolved where it was found)
                out.append(Mention(rs, re_, surface, want, "nominal"))
                done.append((rs, want))
                counts[want] = counts.get(want, 0) + 1
                continue
            wanted = _WANT[want]
            if noun == "it" and doc is not None and used_thing(doc, rs - sent.start):
                wanted = _WANT["asset"]  # 'Developers can access it through X': what one uses is a model or a tool
            before = sorted([(m.start, m.entity) for m in local[:li]] + done)
            same = [e for _, e in before if entities[e].type in wanted]
            key: str | None = None
            speaks = kind == "nominal" and _SPEAKS_AFTER.match(text, re_) is not None  # '..., the company said'
            if kind == "nominal":
                key = None if rs in subj_pos else _apposed(sent, local, rs, re_, wanted, entities)
                key = key or _where(sent, local, rs, wanted, entities)
                if key is None and speaks:  # 'X will roll out Y, the company said': the reported clause's subject
                    key = next((e for p, e in before if p in subj_pos and entities[e].type in wanted), None)
            aside: set[str] = set()
            if kind == "pronoun" and doc is not None:
                # 'Y, a former OpenAI executive, is its CTO': a name inside an aside about someone else is not it
                apart = {p: past_aside(doc, p - sent.start, rs - sent.start) for p, e in before if entities[e].type in wanted}
                aside = {e for p, e in before if apart.get(p)} - {e for p, e in before if apart.get(p) is False}
                if (pred := predicated_of(doc, rs - sent.start)) is not None:
                    aside |= {e for p, e in before if pred[0] <= p - sent.start < pred[1]}
                thing = {p: thing_aside(doc, p - sent.start, rs - sent.start) for p, e in before if e in same}
                aside |= {e for p, e in before if thing.get(p)} - {e for p, e in before if thing.get(p) is False}
                same = [e for p, e in before if entities[e].type in wanted and e not in aside]
            if key is None and kind == "pronoun" and doc is not None:
                key = relative_subject(doc, sent, local, rs, wanted, entities) or parallel_possessor(
                    doc, sent, local, rs, wanted, entities)
            if key is None and kind == "pronoun" and same:
                subj_same = [e for p, e in before if p in subj_pos and entities[e].type in wanted and e not in aside]
                named_subj = [e for e in subj_same if e in subj_heads]  # a subject itself before a subject's
                subj_same = named_subj or subj_same  # possessor ("X will make Y's models available to its ...")
                key = subj_same[-1] if subj_same else (same[0] if noun in ("its", "his", "her", "he", "she", "it") else None)
                role = object_role(doc, rs - sent.start) if doc is not None and noun in ("it", "him", "her") else None
                if role is not None:
                    # 'A sells X through Y, and B offers it', 'A has invested in the company, and B has also backed it':
                    # an object pronoun takes the last candidate in the same object role (the parallel object), else
                    # in another object role, if any
                    roles = [(e, object_role(doc, p - sent.start)) for p, e in reversed(before) if e in same
                             and p not in subj_pos]
                    key = next((e for e, r in roles if r == role), next((e for e, r in roles if r), key))
            if key is None and kind == "pronoun" and not same and _SUBORD.match(sent.text):
                comma = sent.text.find(",")
                if comma >= 0 and sent.start + comma > re_:
                    after = [m.entity for m in local if m.start > sent.start + comma and entities[m.entity].type in wanted]
                    key = after[0] if after else None  # 'While championing its own model, Meta ...'
            if key is None and kind == "pronoun" and (rs == sent.start or _QUOTE_BEFORE.fullmatch(text, sent.start, rs)
                                                      or _NAME_BEFORE.fullmatch(text, sent.start, rs)
                                                      or (doc is not None and opening_subject(doc, rs - sent.start))) \
                    and not same \
                    and not _COPULA_AFTER.match(text, re_):  # 'It's a formidable achievement': an event, maybe
                # 'Mistral counts Microsoft among its investors. Its chief executive, ...': a pronoun opening a
                # sentence continues the subject of the sentence before
                key = next((e for e in prev_subj if entities[e].type in wanted and e not in aside), None)
            if key is None:
                best = -1.0
                # names of this sentence (not its earlier references), unless a clause of their own ends before
                # the description ('Contoso released Orbit, and the model is used by ...')
                # a title's organisation may be meant, unless the description gives a title of its own ('X, a
                # Contoso engineer, is the startup's chief scientist': another organisation)
                titled = _TITLE_AFTER.match(sent.text, re_ - sent.start) is not None
                framed = setting(doc, sent, local, wanted, entities) if doc is not None and kind == "nominal" else None
                named_here = {m.entity for m in local[:li] if kind == "nominal" and not speaks  # (a speaker stands
                              # outside its report; only descriptions avoid the names of their own clause)
                              and not _CLAUSE_BREAK.search(sent.text, m.end - sent.start, rs - sent.start)
                              and (doc is None or not embedded_apart(doc, m.end - 1 - sent.start, rs - sent.start))
                              and (doc is None or not free_possessor(doc, m.end - 1 - sent.start, rs - sent.start))
                              and (titled or doc is None or not (titles_at(doc, m.end - 1 - sent.start)
                                                                  or present_aside(doc, m.end - 1 - sent.start, rs - sent.start)))}
                # 'A has invested in B, and the startup uses ...': a description opening a clause after one with a
                # compatible object means the object (the earlier subject would go on as a pronoun)
                shift = _shifted(local[:li], sent, rs, re_, subj_pos, wanted, entities) if kind == "nominal" else set()
                for e in recent:
                    if entities[e].type not in wanted or (kind == "nominal" and e in named_here) or e in aside \
                            or e in shift:
                        continue
                    if noun in _MAKERS and entities[e].label.rsplit(" ", 1)[-1] in INVESTOR_NAME_WORDS:
                        continue  # 'the startup' is no 'Northwind Ventures'
                    s = score.get(e, 0.0) * factor + 0.3 * min(counts.get(e, 0), 6)  # the story's protagonists
                    if kind == "nominal" and (noun in described.get(e, ()) or noun in entities[e].label.lower().split()):
                        s += 4.0
                    elif kind == "nominal" and any(_FAMILY[NOMINALS[d]] == _FAMILY[want] for d in described.get(e, ())):
                        s += _FAMILY_BONUS  # 'the company' after 'X, a startup': described as a company all the same
                    if kind == "nominal" and e == framed:
                        s += 2.0  # the organisation the sentence opens with ('At OpenAI, ... the company's')
                    if s > best:
                        best, key = s, e
            if key is None:
                continue
            out.append(Mention(rs, re_, surface, key, kind))
            done.append((rs, key))
            counts[key] = counts.get(key, 0) + 1
        for m in local[li:]:
            _bump(score, seen_at, recent, m.entity, si, _weight(m, subj_pos, aside_at, listed) / factor, counts)
        prev_subj = [e for p, e in sorted([(m.start, m.entity) for m in local] + done) if p in subj_pos]
    return out + pair_mentions(sentences, ms + out, entities, qstarts, quote_spans)


def _apposed(sent: Sentence, local: list[Mention], start: int, end: int, wanted: frozenset[str],
             entities: dict[str, Entity]) -> str | None:
    """The name a description stands in apposition to: 'xAI, the startup founded by Elon Musk' describes xAI, not
    an earlier company. Not when the description owns something, speaks ('X bought Y, the company said') or is a
    clause's subject ('Backed by X, the company has raised ...': the caller checks that on the parse). A possessive
    one after a person titled at a named organisation is that organisation ('Oracle co-founder Larry Ellison, the
    company's chairman')."""
    head = sent.text[: start - sent.start]
    if not head.endswith(", "):
        return None
    comma = sent.start + len(head) - 2
    after = _NOT_APPOSED.match(sent.text, end - sent.start)
    if after is not None:
        if after.group("poss") is None:  # it speaks ('the company said')
            return None
        person = next((m for m in local if m.end == comma and entities[m.entity].type == "Person"), None)
        if person is None:
            return None
        org = [m for m in local if m.end < person.start and entities[m.entity].type in wanted
               and _TITLE_BETWEEN.fullmatch(sent.text, m.end - sent.start, person.start - sent.start)]
        return org[-1].entity if org else None
    for m in local:
        if m.end == comma and m.kind in ("name", "alias") and entities[m.entity].type in wanted:
            return m.entity
    return None


def _where(sent: Sentence, local: list[Mention], start: int, wanted: frozenset[str],
           entities: dict[str, Entity]) -> str | None:
    """The place a 'where' clause is about: 'moved to Contoso (in May), where he runs the company's lab' means
    Contoso, the last name of the wanted kind before the clause, when no other one stands in the clause before the
    description."""
    head = sent.text[: start - sent.start]
    at = head.rfind(", where ")
    if at < 0:
        return None
    comma = sent.start + at
    before = [m for m in local if m.end <= comma and entities[m.entity].type in wanted]
    between = [m for m in local if comma < m.start < start and entities[m.entity].type in wanted]
    return before[-1].entity if before and not between else None


def _shifted(before: list[Mention], sent: Sentence, rs: int, re_: int, subj_pos: set[int], wanted: Any,
             entities: dict[str, Entity]) -> set[str]:
    """The subjects of an earlier clause of the sentence that a description in subject position (or owning
    something) after ', and' / ', but' does not mean, when that clause also names a compatible entity outside its
    subject."""
    owner = sent.text.startswith(("'s ", "’s "), re_ - sent.start)  # ('and the outfit's founder is heading ...')
    breaks = list(_CLAUSE_BREAK.finditer(sent.text, 0, rs - sent.start)) if rs in subj_pos or owner else []
    if not breaks:
        return set()
    cut = breaks[-1].end() + sent.start
    ok = [m for m in before if m.end <= cut and entities[m.entity].type in wanted]
    subjects = {m.entity for m in ok if m.start in subj_pos}
    return subjects if any(m.entity not in subjects for m in ok) else set()


def _weight(m: Mention, subj_pos: set[int], aside_at: set[int], listed: dict[int, int]) -> float:
    """What a mention adds to its entity's salience: 2 in subject position, 1 elsewhere, a quarter of that inside a
    clause about a person ('Lample and Lacroix, who were both working at Meta': Meta is not what the story is about)."""
    return (2.0 if m.start in subj_pos else 1.0) * (0.25 if m.start in aside_at else 1.0) / listed.get(m.start, 1)


def _bump(score: dict[str, float], seen_at: dict[str, int], recent: list[str], key: str, si: int, w: float,
          counts: dict[str, int]) -> None:
    score[key] = score.get(key, 0.0) + w
    counts[key] = counts.get(key, 0) + 1
    seen_at[key] = si
    if key in recent:
        recent.remove(key)
    recent.insert(0, key)
    if len(recent) > _RECENT:  # the oldest goes, unless it is one of the story's protagonists (named thrice or
        # more): then the oldest of the others, so a long list of names does not push the startup out of reach
        dropped = next((e for e in reversed(recent) if counts.get(e, 0) < _PROTAGONIST), recent[-1])
        recent.remove(dropped)
        score.pop(dropped, None)


