"""The entity index: every entity's label, type, aliases and sameAs links, for search, name resolution
and labelling; counts come from the read model (:mod:`aikg.graph.read.model`).

Built with three whole-store queries; after writes that name the entities they touched, only those are
read again (three small queries each, bound to the entity: the cost does not grow with its degree).

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([{"title": "T", "text": "OpenAI released GPT-4 in March. Mark Zuckerberg spoke."}])
>>> [e.slug for e in search_entities(kg, "gpt4").items][:1]
['gpt-4']
>>> [e.label for e in search_entities(kg, "zuck").items]
['Mark Zuckerberg']
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from aikg.ontology import ENTITY_BASE

from ..extract.registry import name_key
from .cache import Versioned, cached, slot
from .model import read_model
from .models import EntityCounts, EntityRef, EntitySummary, PageData
from .terms import TYPE_VALUES, chunks, public_slug, slug_of, type_of, v, values

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = [
    "Indexed", "INCREMENTAL_MAX", "index", "build_index", "search_entities", "resolve_entity", "suggest_entities",
    "entity_ref", "entity_refs", "entity_summary", "with_counts",
]

#: Above this many entities touched since the last index, rebuilding it whole is cheaper than refreshing them.
INCREMENTAL_MAX = 300


@dataclass
class Indexed:
    summary: EntitySummary  # counts left at zero: see ``with_counts``
    names: list[tuple[str, str, list[str], bool]]  # (name, key, token keys, is_label)


_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _TOKEN.findall(folded.replace("&", " and ").replace("+", " plus "))


_INDEX_NODES = f"""SELECT ?e ?type ?label WHERE {{
  VALUES ?type {{ {TYPE_VALUES} }}
  ?e a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}"))
}}"""
_INDEX_ALIASES = f'SELECT ?e ?alt WHERE {{ ?e skos:altLabel ?alt . FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}")) }}'
_INDEX_SAMEAS = f'SELECT ?e ?same WHERE {{ ?e owl:sameAs ?same . FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}")) }}'


def build_index(kg: KnowledgeGraph) -> dict[str, Indexed]:
    """Every entity with its names: three queries over the whole store."""
    summaries: dict[str, EntitySummary] = {}
    types: dict[str, list[str]] = defaultdict(list)
    for row in kg.select(_INDEX_NODES):
        iri = v(row, "e")
        types[iri].append(v(row, "type"))
        if iri not in summaries:
            summaries[iri] = EntitySummary(slug_of(iri), iri, v(row, "label"), None)
        elif v(row, "label") < summaries[iri].label:  # several labels: the same one every time
            summaries[iri].label = v(row, "label")
    for iri, ts in types.items():
        summaries[iri].type = type_of(ts)
    for row in kg.select(_INDEX_ALIASES):
        s = summaries.get(v(row, "e"))
        if s is not None and v(row, "alt") != s.label:
            s.aliases.append(v(row, "alt"))
    for row in kg.select(_INDEX_SAMEAS):
        s = summaries.get(v(row, "e"))
        if s is not None:
            s.same_as.append(v(row, "same"))
    return {s.slug: _indexed(s) for s in summaries.values()}


def _indexed(s: EntitySummary) -> Indexed:
    s.aliases = sorted(set(s.aliases))
    s.same_as = sorted(set(s.same_as))
    names = [(s.label, name_key(s.label), _tokens(s.label), True)]
    names += [(a, name_key(a), _tokens(a), False) for a in s.aliases]
    return Indexed(s, names)


# the same for one entity (FILTER IN rather than VALUES: with a bound entity Oxigraph then reads only its quads)
_ONE_NODE = f"SELECT ?type ?label WHERE {{ $e a ?type ; rdfs:label ?label . FILTER(?type IN ({TYPE_VALUES.replace(' ', ', ')})) }}"
_ONE_ALIASES = "SELECT DISTINCT ?alt WHERE { $e skos:altLabel ?alt }"
_ONE_SAMEAS = "SELECT DISTINCT ?same WHERE { $e owl:sameAs ?same }"


def entity_summary(kg: KnowledgeGraph, iri: str) -> EntitySummary | None:
    """One entity as the whole-store index describes it (None: not an entity of the store)."""
    if not iri.startswith(ENTITY_BASE):
        return None
    e = NamedNode(iri)
    found = kg.select(_ONE_NODE, e=e)
    if not found:
        return None
    s = EntitySummary(slug_of(iri), iri, min(v(r, "label") for r in found), type_of(v(r, "type") for r in found))
    s.aliases = [a for a in (v(r, "alt") for r in kg.select(_ONE_ALIASES, e=e)) if a != s.label]
    s.same_as = [v(r, "same") for r in kg.select(_ONE_SAMEAS, e=e)]
    return s


def _refresh(kg: KnowledgeGraph, old: dict[str, Indexed], touched: frozenset[str]) -> dict[str, Indexed]:
    entries = dict(old)
    for iri in touched:
        entries.pop(slug_of(iri), None)
        summary = entity_summary(kg, iri)
        if summary is not None:
            entries[summary.slug] = _indexed(summary)
    return entries


def index(kg: KnowledgeGraph) -> dict[str, Indexed]:
    """The entity index (slug -> entry) of the current version."""
    versioned: Versioned[dict[str, Indexed]] = slot(
        kg, "index", lambda: Versioned(kg, lambda: build_index(kg), lambda old, t: _refresh(kg, old, t), INCREMENTAL_MAX,
                                       eager=True))
    return versioned.get()


def with_counts(kg: KnowledgeGraph, summary: EntitySummary) -> EntitySummary:
    """A copy of ``summary`` with the counts of the current version (from the read model)."""
    m = read_model(kg)
    with m.lock:
        counts = EntityCounts(len(m.mentions.get(summary.iri, ())), m.relation_count(summary.iri),
                              len(m.by.get(summary.iri, ())))
    return replace(summary, counts=counts)


def _score(q_key: str, q_tokens: list[str], entry: Indexed) -> float:
    """Relevance of an entity for a query: exact name, name prefix, word prefixes, substring; 0 = no match."""
    best = 0.0
    for _name, key, toks, is_label in entry.names:
        bonus = 5.0 if is_label else 0.0
        if not key:
            continue
        if key == q_key:
            s = 100.0
        elif key.startswith(q_key):
            s = 80.0 - min(10.0, (len(key) - len(q_key)) / 2)
        elif q_tokens and all(any(t.startswith(qt) for t in toks) for qt in q_tokens):
            s = 60.0
        elif len(q_key) >= 3 and q_key in key:
            s = 30.0
        else:
            continue
        best = max(best, s + bonus)
    return best


def search_entities(
    kg: KnowledgeGraph, q: str | None = None, type: str | None = None, limit: int = 20, offset: int = 0
) -> PageData[EntitySummary]:
    """Entities whose label or alias matches ``q`` (case, spacing and punctuation folded: 'gpt4' finds
    GPT-4; word prefixes: 'zuck' finds Mark Zuckerberg), best match first, then by number of articles.
    Without ``q``: every entity (of ``type``), most mentioned first."""

    def compute() -> list[EntitySummary]:
        entries = index(kg)
        m = read_model(kg)
        q_text = (q or "").strip()
        scored: list[tuple[float, int, str, EntitySummary]] = []
        q_key = name_key(q_text)
        q_tokens = _tokens(q_text)
        for entry in entries.values():
            s = entry.summary
            if type and s.type != type:
                continue
            if q_text:
                if not q_key and not q_tokens:
                    continue
                score = _score(q_key, q_tokens, entry) if q_key else 0.0
                if score <= 0:
                    continue
            else:
                score = 0.0
            scored.append((-score, -len(m.mentions.get(s.iri, ())), s.label.lower(), s))
        scored.sort(key=lambda t: t[:3])
        return [t[3] for t in scored]

    hits = cached(kg, ("search", q, type), compute)
    return PageData([with_counts(kg, s) for s in hits[offset : offset + limit]], len(hits), limit, offset)


def resolve_entity(kg: KnowledgeGraph, text: str | None) -> str | None:
    """The slug an API parameter names: a slug, or a label or alias (folded); None if nothing matches."""
    if not text:
        return None
    entries = index(kg)
    if text in entries:
        return text
    key = name_key(text)
    if not key:
        return None
    best: tuple[int, str] | None = None
    for slug, entry in entries.items():
        for _name, k, _toks, is_label in entry.names:
            if k == key:
                cand = (0 if is_label else 1, slug)
                best = cand if best is None or cand < best else best
    return best[1] if best else None


def suggest_entities(kg: KnowledgeGraph, text: str, n: int = 5) -> list[EntityRef]:
    """Close matches for an unknown slug or name (difflib over slugs, then name search)."""
    entries = index(kg)
    out: list[str] = difflib.get_close_matches(text, list(entries), n=n, cutoff=0.6)
    for s in search_entities(kg, text.replace("-", " "), limit=n).items:
        if s.slug not in out:
            out.append(s.slug)
    return [_ref_of(entries[s].summary) for s in out[:n]]


def _ref_of(s: EntitySummary) -> EntityRef:
    return EntityRef(s.slug, s.iri, s.label, s.type)


def entity_ref(kg: KnowledgeGraph, slug: str) -> EntityRef | None:
    entry = index(kg).get(slug)
    return _ref_of(entry.summary) if entry else None


def entity_refs(kg: KnowledgeGraph, iris: Iterable[str]) -> dict[str, EntityRef]:
    """EntityRefs for IRIs: from the index, else (entities local to an article) read from the store."""
    entries = index(kg)
    out: dict[str, EntityRef] = {}
    missing: list[str] = []
    for i in set(iris):
        entry = entries.get(slug_of(i)) if i.startswith(ENTITY_BASE) else None
        if entry is not None:
            out[i] = _ref_of(entry.summary)
        else:
            missing.append(i)
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = defaultdict(list)
    for part in chunks(sorted(missing), 500):
        for row in kg.select(f"SELECT ?x ?label WHERE {{ {values('x', part)} ?x rdfs:label ?label }}"):
            labels.setdefault(v(row, "x"), v(row, "label"))
        for row in kg.select(f"SELECT ?x ?type WHERE {{ {values('x', part)} ?x a ?type }}"):
            types[v(row, "x")].append(v(row, "type"))
    for i in missing:
        out[i] = EntityRef(public_slug(i), i, labels.get(i, slug_of(i).rsplit("#", 1)[-1]), type_of(types.get(i, [])))
    return out

