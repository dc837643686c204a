"""Extraction: an Article becomes an Extraction (entities, mentions, facts, quotes).

``extract(article, registry=None)`` (``extract_many`` for several articles at once) runs, in order (see docs/extraction.md for the diagram):

1. ``sentences``: paragraphs and sentences from spaCy's tokenizer;
2. the sentences worth parsing (two candidate names, or one and a word that refers back, or a quotation with a
   speech verb; at most ``PARSE_BUDGET`` tokens per article) go through the statistical pipeline (``nlp``:
   tagger, dependency parser, NER) in groups;
3. ``entities``: the registry as a ruler over the NER, names typed by context;
4. ``quotes.find_spans`` and ``coref`` (pronouns, definite descriptions);
5. ``relations``: verb and noun frames over the dependency parse (trigger words in ``data/frames.json``);
6. ``quotes.attribute``: speakers from speech verbs on the parse.

Every fact carries its evidence sentence span, a confidence and ``EXTRACTOR_VERSION``. The registry helps
recognise and link names; it never adds a fact the text does not state.

>>> from aikg.graph.articles import article_from_record
>>> ex = extract(article_from_record({"title": "t", "text": "OpenAI released GPT-4o. Microsoft CEO Satya Nadella said it matters."}))
>>> sorted(ex.triples())
[('OpenAI', 'builds', 'GPT-4o'), ('Satya Nadella', 'leads', 'Microsoft')]
"""

from __future__ import annotations

import os
import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..articles import Article
from . import coref, quotes, relations, sentences
from .entities import find_entities, parse_plan
from .model import Entity, Extraction, Fact, Mention, Quote
from .nlp import parse_many
from .registry import Registry, load_registry

__all__ = ["extract", "extract_many", "EXTRACTOR_VERSION", "Entity", "Extraction", "Fact", "Mention", "Quote", "Registry"]

EXTRACTOR_VERSION = "aikg-frames/2.0"


def _default_registry() -> Registry:
    return load_registry(os.environ.get("AIKG_ENTITIES") or None)


def _topic(ex_mentions: list[Mention], entities: dict[str, Entity]) -> str | None:
    counts = Counter(m.entity for m in ex_mentions if entities[m.entity].type in ("Company", "Organization"))
    if not counts:
        return None
    first = {m.entity: i for i, m in reversed(list(enumerate(ex_mentions)))}
    return max(counts, key=lambda k: (counts[k], -first[k]))


def extract(article: Article, registry: Registry | None = None) -> Extraction:
    """Entities, mentions, facts and quotes of one article (see the module docstring)."""
    return extract_many([article], registry)[0]


@dataclass
class _Read:
    """An article read up to its parse: its sentences, quotation spans, the sentences to parse and where the NER
    runs."""

    text: str
    sents: list[sentences.Sentence]
    spans: list[tuple[int, int]]
    todo: list[int]
    ner: list[bool]


def extract_many(articles: Sequence[Article], registry: Registry | None = None) -> list[Extraction]:
    """``[extract(a) for a in articles]``, with the sentences of all the articles parsed in one pass of the
    pipeline (larger batches: faster per article); sentence groups never mix articles, so the result is the
    same as one article at a time. Raises what ``extract`` raises for any of them (a caller that must
    isolate a bad article retries one by one).

    >>> from aikg.graph.articles import article_from_record
    >>> a = [article_from_record({"title": "t", "text": t}) for t in ("OpenAI released GPT-4o.", "...", "Meta released Llama 3.")]
    >>> [sorted(x.triples()) for x in extract_many(a)]
    [[('OpenAI', 'builds', 'GPT-4o')], [], [('Meta', 'builds', 'Llama 3')]]
    """
    reg = registry if registry is not None else _default_registry()
    reads: list[_Read] = []
    for article in articles:
        text = article.text
        sents = sentences.split(text)
        spans = quotes.find_spans(text) if sents else []
        plan = dict(parse_plan(text, sents, reg, spans)) if sents else {}
        todo = _within_budget(sents, list(plan))
        reads.append(_Read(text, sents, spans, todo, [plan[i] for i in todo]))
    docs = parse_many([([r.sents[i].text for i in r.todo], r.ner) for r in reads])
    out = []
    for article, r, ds in zip(articles, reads, docs, strict=True):
        parsed = dict(zip(r.todo, ds, strict=True))
        out.append(_finish(article.id, r, reg, parsed) if r.sents else Extraction(article_id=article.id))
    return out


def _finish(article_id: str, r: _Read, reg: Registry, parsed: dict[int, Any]) -> Extraction:
    """Entities, coreference, relations and quotes of a parsed article."""
    text, sents, spans = r.text, r.sents, r.spans
    out = Extraction(article_id=article_id)
    entities, names = find_entities(text, sents, reg, parsed)
    refs = coref.resolve(text, sents, names, entities, spans, parsed)
    mentions = sorted(names + refs, key=lambda m: m.start)
    ctx = relations.Context(topic=_topic(names, entities))
    facts = relations.extract_relations(text, sents, mentions, entities, ctx, parsed, EXTRACTOR_VERSION)
    qs, qfacts = quotes.attribute(text, sents, spans, mentions, entities, EXTRACTOR_VERSION, parsed)
    facts = _named_makers(sents, names, entities, facts)
    if qs:
        facts += _our_assets(text, sents, qs, mentions, entities, facts + qfacts)
    out.entities = entities
    out.mentions = mentions
    out.facts = _dedupe(facts + qfacts)
    out.quotes = qs
    return out


#: Tokens of one article the statistical pipeline reads at most (~6,000 words: far more than any news story). The
#: sentences after it are still read for registry names and quotations, without a parse: a pathological input
#: (10,000 quotations in one file) stays fast.
PARSE_BUDGET = 8000


def _within_budget(sents: list[sentences.Sentence], todo: list[int]) -> list[int]:
    out, used = [], 0
    for i in todo:
        used += sents[i].j - sents[i].i
        if used > PARSE_BUDGET:
            break
        out.append(i)
    return out


def _named_makers(
    sents: list[sentences.Sentence], names: list[Mention], entities: dict[str, Entity], facts: list[Fact]
) -> list[Fact]:
    """A new product or model whose name starts with an organisation named in the article ('Nvidia NIM', 'Oracle
    Fusion Cloud Applications') is that organisation's: it develops (or builds) it, and no other one does."""
    orgs = {entities[m.entity].label: m.entity for m in names
            if m.kind == "name" and entities[m.entity].type in ("Company", "Organization")}
    if not orgs:
        return facts
    maker: dict[str, str] = {}
    for e in entities.values():
        if e.type not in ("Tool", "Model") or e.wikidata is not None or e.broader is not None or " " not in e.label:
            continue
        words = e.label.split(" ")
        for n in range(len(words) - 1, 0, -1):
            org = orgs.get(" ".join(words[:n]))
            if org is not None:
                maker[e.key] = org
                break
    if not maker:
        return facts
    pred = {"Tool": "develops", "Model": "builds"}
    sent_starts = [s.start for s in sents]
    out = [f for f in facts if not (f.predicate in ("develops", "builds") and maker.get(f.object, f.subject) != f.subject)]
    have = {(f.subject, f.predicate, f.object) for f in out}
    for m in names:
        org = maker.get(m.entity)
        if org is None or (org, pred[entities[m.entity].type], m.entity) in have:
            continue
        si = bisect_left(sent_starts, m.start + 1) - 1
        sent = sents[si] if si >= 0 and m.start < sents[si].end else None
        if sent is None:
            continue
        out.append(Fact(org, pred[entities[m.entity].type], m.entity, sent.start, sent.end, 0.75, EXTRACTOR_VERSION))
        have.add((org, pred[entities[m.entity].type], m.entity))
    return out


_OUR = re.compile(r"\b[Oo]ur\b")
# 'our smaller models, like A and B', 'our new assistant, A', 'our own A': what follows 'our' inside a quotation
_OUR_ASSET = re.compile(
    r"^[Oo]ur (?:(?:own|new|latest|newest|smaller|small|larger|open|open-source|flagship|first|next|current|"
    r"in-house|frontier|[\w-]+est) ){0,3}(?:(?:models?|products?|tools?|assistants?|apps?|chatbots?|systems?|LLMs?)"
    r",? (?:(?:like|such as|including|called|named) )?)?$"
)
_ASSET_LIST_GAP = re.compile(r"^(?:,? and |,? or |, )$")


def _our_assets(
    text: str, sents: list[sentences.Sentence], qs: list[Quote], mentions: list[Mention], entities: dict[str, Entity],
    facts: list[Fact],
) -> list[Fact]:
    """Inside a quotation, 'our' is the speaker's organisation: 'Our smaller models, like A and B, remain open'
    (said by a person who leads or works for X) -> X builds A and B. Only when the speaker has exactly one
    organisation and the models or products follow 'our' directly."""
    out: list[Fact] = []
    pred = {"Model": "builds", "Tool": "develops"}
    starts = [m.start for m in mentions]  # mentions are sorted by start
    starts_s = [s.start for s in sents]
    for q in qs:
        if not _OUR.search(q.text):
            continue
        orgs = {f.object for f in facts if f.subject == q.speaker and f.predicate == "leads" and f.confidence >= 0.5}
        if not orgs:
            orgs = {f.object for f in facts if f.subject == q.speaker and f.predicate == "worksFor" and f.confidence >= 0.5}
        spk = entities.get(q.speaker)
        if not orgs and spk is not None and spk.affiliation:
            orgs = {spk.affiliation}
        if len(orgs) != 1:
            continue
        org = orgs.pop()
        inside = [m for m in mentions[bisect_left(starts, q.start) : bisect_left(starts, q.end)]
                  if m.end <= q.end and m.kind in ("name", "alias")]
        for o in _OUR.finditer(text, q.start, q.end):
            prev_end = o.start()
            for m in inside:
                if m.start < o.end():
                    continue
                typ = entities[m.entity].type
                gap = text[prev_end : m.start]
                if typ not in pred or not (_OUR_ASSET.match(gap) if prev_end == o.start() else _ASSET_LIST_GAP.match(gap)):
                    break
                si = bisect_left(starts_s, m.start + 1) - 1
                sent = sents[si] if si >= 0 and m.start < sents[si].end else None
                if sent is not None:
                    out.append(Fact(org, pred[typ], m.entity, sent.start, sent.end, 0.7, EXTRACTOR_VERSION))
                prev_end = m.end
    return out


def _dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per (subject, predicate, object, sentence), the most confident reading kept; a person who leads an
    organisation is not also said to work for it without a title."""
    best: dict[tuple[str, str, str, int], Fact] = {}
    for f in facts:
        k = (f.subject, f.predicate, f.object, f.start)
        if k not in best or f.confidence > best[k].confidence:
            best[k] = f
    leads = {(f.subject, f.object) for f in best.values() if f.predicate == "leads" and f.confidence >= 0.5}
    return [f for f in best.values()
            if not (f.predicate == "worksFor" and f.role is None and (f.subject, f.object) in leads)]
