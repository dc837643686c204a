"""The query layer: every read (and the one-article writes) the API, the CLI and the explorer pages make.

Functions take a :class:`~aikg.graph.KnowledgeGraph` and return plain dataclasses (``dataclasses.asdict``
or ``orjson.dumps`` turn them into JSON; ``api/models.py`` mirrors them as Pydantic models). User input
enters SPARQL only through :func:`aikg.graph.store.bind` (``$name`` placeholders serialised as RDF terms);
the few lists of IRIs put into ``VALUES`` come from the store itself and are serialised as terms too.

Results are cached per graph version: every write (``kg.on_change``) empties the cache, and an entry
computed while a write happened is never kept. Cached values are shared: treat them as read-only.

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
import threading
import time
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from pyoxigraph import Literal, NamedNode

from aikg.ontology import (
    AIKG,
    ARTICLE_BASE,
    ENTITY_BASE,
    ENTITY_TYPES,
    PREDICATES,
    PREFIXES,
    article_iri,
    is_article_graph,
)

from .extract.registry import name_key
from .projection import MENTIONS_OF, RELATIONS_IN, RELATIONS_OUT
from .stats import Stats
from .store import bind, render_term

if TYPE_CHECKING:  # pragma: no cover
    from . import KnowledgeGraph

__all__ = [
    "IngestError",
    "article_id_of",
    "slug_of",
    "public_slug",
    "node_id",
    "EntityRef",
    "EntityCounts",
    "EntitySummary",
    "Source",
    "Relation",
    "RelationGroup",
    "ArticleRef",
    "Quote",
    "ArticleCounts",
    "ArticleSummary",
    "Fact",
    "ArticleDetail",
    "EntityDetail",
    "PageData",
    "Stats",
    "GraphNode",
    "GraphEdge",
    "GraphData",
    "PathStep",
    "Path",
    "PathsData",
    "IngestResult",
    "NotFound",
    "search_entities",
    "entity_detail",
    "entity_relations",
    "entity_ref",
    "resolve_entity",
    "suggest_entities",
    "quotes",
    "articles",
    "article_detail",
    "graph_data",
    "paths",
    "stats",
    "entity_triples",
    "article_triples",
    "ingest_record",
    "ingest_file",
    "delete_article",
    "ingest_url",
    "change_page",
    "change_atom",
    "cached",
    "peek",
    "changed_at",
]

T = TypeVar("T")
XSD_DATE = PREFIXES["xsd"] + "date"
_PRED_VALUES = " ".join(f"aikg:{p}" for p in PREDICATES)
_TYPE_VALUES = " ".join(f"aikg:{t}" for t in ENTITY_TYPES)
_AIKG = str(AIKG)


class NotFound(KeyError):
    """An entity or article that is not in the graph; ``suggestions`` holds close matches."""

    def __init__(self, what: str, key: str, suggestions: list[EntityRef] | None = None) -> None:
        super().__init__(key)
        self.what = what
        self.key = key
        self.suggestions = suggestions or []

    def __str__(self) -> str:
        return f"no {self.what} {self.key!r}"


# ============================================================================ data
@dataclass
class EntityRef:
    """Enough to name and link an entity: ``slug`` is None for one local to an article (see :func:`public_slug`)."""

    slug: str | None
    iri: str
    label: str
    type: str | None = None


@dataclass
class EntityCounts:
    articles: int = 0
    relations: int = 0
    quotes: int = 0


@dataclass
class EntitySummary:
    """An entity as search results list it."""

    slug: str
    iri: str
    label: str
    type: str | None
    aliases: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    counts: EntityCounts = field(default_factory=EntityCounts)


@dataclass
class Source:
    """Where a fact was read: the article and the evidence sentence."""

    article: str
    article_id: str
    title: str | None = None
    url: str | None = None
    date: str | None = None
    evidence: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class Relation:
    """One relation of an entity: ``direction`` "out" reads entity-predicate-other, "in" other-predicate-entity."""

    predicate: str
    direction: str
    entity: EntityRef
    confidence: float | None
    source_count: int
    sources: list[Source]
    first: str | None = None
    last: str | None = None


@dataclass
class RelationGroup:
    predicate: str
    direction: str
    count: int
    relations: list[Relation]


@dataclass
class ArticleRef:
    id: str
    iri: str
    title: str | None = None
    url: str | None = None
    date: str | None = None


@dataclass
class Quote:
    iri: str
    text: str
    speaker: EntityRef | None
    about: list[EntityRef]
    article: ArticleRef
    date: str | None = None
    confidence: float | None = None
    char_start: int | None = None
    char_end: int | None = None


@dataclass
class ArticleCounts:
    facts: int = 0
    quotes: int = 0
    entities: int = 0


@dataclass
class ArticleSummary:
    id: str
    iri: str
    title: str | None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    ingested: str | None = None
    counts: ArticleCounts = field(default_factory=ArticleCounts)


@dataclass
class Fact:
    """A fact stated in an article, with its evidence."""

    subject: EntityRef
    predicate: str
    object: EntityRef
    evidence: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    confidence: float | None = None
    extractor: str | None = None
    role: str | None = None
    amount: str | None = None


@dataclass
class ArticleDetail(ArticleSummary):
    text: str | None = None
    entities: list[EntityRef] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)


@dataclass
class EntityDetail(EntitySummary):
    broader: list[EntityRef] = field(default_factory=list)
    job_titles: list[str] = field(default_factory=list)
    relations: list[RelationGroup] = field(default_factory=list)
    quotes_by: list[Quote] = field(default_factory=list)
    quotes_about: list[Quote] = field(default_factory=list)
    articles: list[ArticleRef] = field(default_factory=list)


@dataclass
class PageData(Generic[T]):
    """One page of a longer list (``total`` items in all)."""

    items: list[T]
    total: int
    limit: int
    offset: int


@dataclass
class GraphNode:
    id: str
    label: str
    type: str | None
    iri: str
    mentions: int
    degree: int


@dataclass
class GraphEdge:
    source: str
    target: str
    predicate: str
    confidence: float | None
    sources: int
    first: str | None = None
    last: str | None = None


@dataclass
class GraphData:
    nodes: list[GraphNode]
    edges: list[GraphEdge]
    focus: str | None
    hops: int
    truncated: int


@dataclass
class PathStep:
    source: EntityRef
    predicate: str
    target: EntityRef
    direction: str
    sources: list[Source]


@dataclass
class Path:
    length: int
    steps: list[PathStep]


@dataclass
class PathsData:
    source: EntityRef
    target: EntityRef
    max_hops: int
    paths: list[Path]


@dataclass
class IngestResult:
    """What ``POST /api/articles`` stored: the article and what was extracted from it."""

    article: ArticleRef
    replaced: bool
    triples: int
    entities: list[EntityRef]
    facts: list[Fact]
    quotes: list[Quote]
    warnings: list[str] = field(default_factory=list)


# ============================================================================ cache
class _State:
    def __init__(self, kg: KnowledgeGraph) -> None:
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.inflight: dict[tuple[Any, ...], threading.Lock] = {}
        self.lock = threading.Lock()
        self.changed_at = time.time()
        self.index: tuple[int, dict[str, _Indexed]] | None = None  # (version, entries); see _index
        self.index_lock = threading.Lock()
        # values that outlive writes which did not touch them: key -> (version, {iri: (label, type)}, value)
        self.lasting: dict[tuple[Any, ...], tuple[int, dict[str, tuple[str, str | None]], Any]] = {}
        self.catalog: tuple[int, _Catalog] | None = None  # (version, catalog); see _catalog
        self.catalog_lock = threading.Lock()
        kg.on_change(self._changed)

    def _changed(self) -> None:
        self.cache = {}
        self.changed_at = time.time()


_STATE_LOCK = threading.Lock()
_MISS = object()
_MAX_CACHE = 4096


def _state(kg: KnowledgeGraph) -> _State:
    st: _State | None = getattr(kg, "_aikg_queries", None)
    if st is None:
        with _STATE_LOCK:
            st = getattr(kg, "_aikg_queries", None)
            if st is None:
                st = _State(kg)
                setattr(kg, "_aikg_queries", st)  # noqa: B010
    return st


def cached(kg: KnowledgeGraph, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` until the graph changes."""
    st = _state(kg)
    version = kg.version
    k = (version, *key)
    hit = st.cache.get(k, _MISS)
    if hit is not _MISS:
        return hit
    with st.lock:  # single flight: concurrent misses of one key wait for the first computation
        flight = st.inflight.setdefault(k, threading.Lock())
    try:
        with flight:
            hit = st.cache.get(k, _MISS)
            if hit is not _MISS:
                return hit
            value = compute()
            if kg.version == version:
                cache = st.cache
                if len(cache) >= _MAX_CACHE:
                    cache.clear()
                cache[k] = value
            return value
    finally:
        with st.lock:
            st.inflight.pop(k, None)


def _entity_refs(value: Any, out: dict[str, tuple[str, str | None]]) -> dict[str, tuple[str, str | None]]:
    """Every EntityRef inside ``value`` (dataclasses and lists), as {iri: (label, type)}."""
    if isinstance(value, EntityRef):
        out[value.iri] = (value.label, value.type)
    elif isinstance(value, list):
        for v in value:
            _entity_refs(v, out)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            v = getattr(value, name)
            if isinstance(v, EntityRef | list) or hasattr(v, "__dataclass_fields__"):
                _entity_refs(v, out)
    return out


def _cached_for_entity(kg: KnowledgeGraph, iri: str, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()`` about the entity ``iri``, kept across writes that did not touch it.

    A value stays valid while no write touched ``iri`` (``KnowledgeGraph.changes_since``) and every
    entity it names (an ``EntityRef`` inside it) that a write did touch still has the same label and type.
    Writes that do not say what they touched drop it. Everything else an entity's answers show (its
    relations, their sources, its quotes and articles) comes from articles that mention it, and a write
    of such an article touches it.
    """
    st = _state(kg)
    version = kg.version
    entry = st.lasting.get(key)
    if entry is not None:
        seen, refs, value = entry
        if seen == version:
            return value
        touched = kg.changes_since(seen)
        if touched is not None and iri not in touched and _same_refs(kg, touched, refs):
            st.lasting[key] = (version, refs, value)
            return value
    value = cached(kg, key, compute)
    if kg.version == version:
        if len(st.lasting) >= _MAX_CACHE:
            st.lasting.clear()
        st.lasting[key] = (version, _entity_refs(value, {}), value)
    return value


def _same_refs(kg: KnowledgeGraph, touched: frozenset[str], refs: dict[str, tuple[str, str | None]]) -> bool:
    changed = touched & refs.keys() if len(touched) < len(refs) else {i for i in refs if i in touched}
    if not changed:
        return True
    index = _index(kg)
    for iri in changed:
        entry = index.get(slug_of(iri))
        if entry is None or (entry.summary.label, entry.summary.type) != refs[iri]:
            return False
    return True


def peek(kg: KnowledgeGraph, key: tuple[Any, ...]) -> Any:
    """The cached value under ``key`` for the current version, or None (never computes)."""
    return _state(kg).cache.get((kg.version, *key))


def changed_at(kg: KnowledgeGraph) -> float:
    """When the graph last changed (or when this process first looked at it), as a Unix time."""
    return _state(kg).changed_at


# ============================================================================ helpers
def _v(row: dict[str, Any], name: str) -> Any:
    t = row.get(name)
    return None if t is None else t.value


def _int(row: dict[str, Any], name: str) -> int | None:
    v = _v(row, name)
    try:
        return int(v) if v is not None else None
    except ValueError:
        return None


def _float(row: dict[str, Any], name: str) -> float | None:
    v = _v(row, name)
    try:
        return float(v) if v is not None else None
    except ValueError:
        return None


def _local(iri: str) -> str:
    return iri[len(_AIKG) :] if iri.startswith(_AIKG) else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def slug_of(iri: str) -> str:
    """The slug of an entity IRI (the IRI itself for entities local to an article): the projection's node id."""
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else iri


def public_slug(iri: str) -> str | None:
    """The slug an ``EntityRef`` shows: the one ``/id/{slug}`` serves, or None for an entity local to one
    article (an unnamed speaker such as "a Meta employee": it has no page of its own; its ``iri`` names it).

    >>> public_slug("https://w3id.org/aikg/id/meta"), public_slug("https://w3id.org/aikg/article/2e3687b13cfdce15#a-meta-employee")
    ('meta', None)
    """
    return iri[len(ENTITY_BASE) :] if iri.startswith(ENTITY_BASE) else None


def node_id(node: str) -> str:
    """A node's id in ``GET /api/graph``: the entity's slug, or ``<article id>#<name>`` for an entity local
    to one article (never a full IRI).

    >>> node_id("gpt-4"), node_id("https://w3id.org/aikg/article/2e3687b13cfdce15#a-meta-employee")
    ('gpt-4', '2e3687b13cfdce15#a-meta-employee')
    """
    return node[len(ARTICLE_BASE) :] if node.startswith(ARTICLE_BASE) else node


def article_id_of(iri: str) -> str:
    return iri[len(ARTICLE_BASE) :] if iri.startswith(ARTICLE_BASE) else iri


def _node(iri: str) -> NamedNode | None:
    try:
        return NamedNode(iri)
    except ValueError:
        return None


def _values(var: str, iris: Iterable[str]) -> str:
    """``VALUES ?var { <iri> … }`` for IRIs read from the store (serialised as terms, never pasted)."""
    terms = []
    for i in iris:
        n = _node(i)
        if n is not None:
            terms.append(render_term(n))
    return f"VALUES ?{var} {{ {' '.join(terms)} }}"


def _date_literal(d: date | str) -> Literal:
    return Literal(d.isoformat() if isinstance(d, date) else str(d), datatype=NamedNode(XSD_DATE))


def _type_of(types: Iterable[str]) -> str | None:
    names = {_local(t) for t in types}
    for t in ENTITY_TYPES:
        if t in names:
            return t
    return None


# ============================================================================ entity index and search
@dataclass
class _Indexed:
    summary: EntitySummary
    names: list[tuple[str, str, list[str], bool]]  # (name, key, token keys, is_label)


_TOKEN = re.compile(r"[a-z0-9]+")


def _tokens(name: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    return _TOKEN.findall(folded.replace("&", " and ").replace("+", " plus "))


_INDEX_NODES = f"""SELECT ?e ?type ?label WHERE {{
  VALUES ?type {{ {_TYPE_VALUES} }}
  ?e a ?type ; rdfs:label ?label .
  FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}"))
}}"""
_INDEX_ALIASES = f'SELECT ?e ?alt WHERE {{ ?e skos:altLabel ?alt . FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}")) }}'
_INDEX_SAMEAS = f'SELECT ?e ?same WHERE {{ ?e owl:sameAs ?same . FILTER(STRSTARTS(STR(?e), "{ENTITY_BASE}")) }}'
_INDEX_MENTIONS = "SELECT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a aikg:mentions ?e } GROUP BY ?e"
_INDEX_REL_OUT = f"SELECT ?e (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?e ?p ?o WHERE {{ VALUES ?p {{ {_PRED_VALUES} }} ?e ?p ?o }} }} GROUP BY ?e"
_INDEX_REL_IN = f"SELECT ?e (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?e WHERE {{ VALUES ?p {{ {_PRED_VALUES} }} ?s ?p ?e }} }} GROUP BY ?e"
_INDEX_QUOTES = "SELECT ?e (COUNT(DISTINCT ?q) AS ?n) WHERE { ?e aikg:says ?q } GROUP BY ?e"


def _build_index(kg: KnowledgeGraph) -> dict[str, _Indexed]:
    """Every entity with its names and counts: seven queries over the whole store."""
    summaries: dict[str, EntitySummary] = {}
    types: dict[str, list[str]] = defaultdict(list)
    for row in kg.select(_INDEX_NODES):
        iri = _v(row, "e")
        types[iri].append(_v(row, "type"))
        if iri not in summaries:
            summaries[iri] = EntitySummary(slug_of(iri), iri, _v(row, "label"), None)
        elif _v(row, "label") < summaries[iri].label:  # several labels: the same one every time
            summaries[iri].label = _v(row, "label")
    for iri, ts in types.items():
        summaries[iri].type = _type_of(ts)
    for row in kg.select(_INDEX_ALIASES):
        s = summaries.get(_v(row, "e"))
        if s is not None and _v(row, "alt") != s.label:
            s.aliases.append(_v(row, "alt"))
    for row in kg.select(_INDEX_SAMEAS):
        s = summaries.get(_v(row, "e"))
        if s is not None:
            s.same_as.append(_v(row, "same"))
    for query, attr in ((_INDEX_MENTIONS, "articles"), (_INDEX_REL_OUT, "relations"), (_INDEX_REL_IN, "relations"), (_INDEX_QUOTES, "quotes")):
        for row in kg.select(query):
            s = summaries.get(_v(row, "e"))
            if s is not None:
                setattr(s.counts, attr, getattr(s.counts, attr) + (_int(row, "n") or 0))
    return {s.slug: _indexed(s) for s in summaries.values()}


def _indexed(s: EntitySummary) -> _Indexed:
    s.aliases = sorted(set(s.aliases))
    s.same_as = sorted(set(s.same_as))
    names = [(s.label, name_key(s.label), _tokens(s.label), True)]
    names += [(a, name_key(a), _tokens(a), False) for a in s.aliases]
    return _Indexed(s, names)


# the same, for one entity (FILTER IN rather than VALUES: with a bound entity Oxigraph then reads only its quads)
_TYPE_LIST, _PRED_LIST = _TYPE_VALUES.replace(" ", ", "), _PRED_VALUES.replace(" ", ", ")
_ONE_NODE = f"SELECT ?type ?label WHERE {{ $e a ?type ; rdfs:label ?label . FILTER(?type IN ({_TYPE_LIST})) }}"
_ONE_ALIASES = "SELECT DISTINCT ?alt WHERE { $e skos:altLabel ?alt }"
_ONE_SAMEAS = "SELECT DISTINCT ?same WHERE { $e owl:sameAs ?same }"
_ONE_COUNTS = (
    ("articles", MENTIONS_OF),
    ("relations", f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?p ?o WHERE {{ $e ?p ?o . FILTER(?p IN ({_PRED_LIST})) }} }}"),
    ("relations", f"SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p WHERE {{ ?s ?p $e . FILTER(?p IN ({_PRED_LIST})) }} }}"),
    ("quotes", "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { $e aikg:says ?q }"),
)
#: Above this many entities touched since the last index, rebuilding it whole is cheaper than refreshing them.
INCREMENTAL_MAX = 300


def _entity_summary(kg: KnowledgeGraph, iri: str) -> EntitySummary | None:
    """One entity as the whole-store index would describe it (None: not an entity of the store)."""
    if not iri.startswith(ENTITY_BASE):
        return None
    e = NamedNode(iri)
    rows = kg.select(_ONE_NODE, e=e)
    if not rows:
        return None
    s = EntitySummary(slug_of(iri), iri, min(_v(r, "label") for r in rows), _type_of(_v(r, "type") for r in rows))
    s.aliases = [a for a in (_v(r, "alt") for r in kg.select(_ONE_ALIASES, e=e)) if a != s.label]
    s.same_as = [_v(r, "same") for r in kg.select(_ONE_SAMEAS, e=e)]
    for attr, query in _ONE_COUNTS:
        rows = kg.select(query, e=e)
        setattr(s.counts, attr, getattr(s.counts, attr) + ((_int(rows[0], "n") or 0) if rows else 0))
    return s


def _index(kg: KnowledgeGraph) -> dict[str, _Indexed]:
    """The entity index of the current version: after a write that said which entities it touched (an
    article ingested or deleted), only those are read again; otherwise the whole index is rebuilt."""
    st = _state(kg)
    cur = st.index
    if cur is not None and cur[0] == kg.version:
        return cur[1]
    with st.index_lock:
        cur = st.index
        version = kg.version
        if cur is not None and cur[0] == version:
            return cur[1]
        touched = kg.changes_since(cur[0]) if cur is not None else None
        if cur is None or touched is None or len(touched) > INCREMENTAL_MAX:
            entries = _build_index(kg)
        else:
            entries = dict(cur[1])
            for iri in touched:
                entries.pop(slug_of(iri), None)
                summary = _entity_summary(kg, iri)
                if summary is not None:
                    entries[summary.slug] = _indexed(summary)
        st.index = (version, entries)
        return entries


def _score(q_key: str, q_tokens: list[str], entry: _Indexed) -> float:
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
        index = _index(kg)
        q_text = (q or "").strip()
        scored: list[tuple[float, int, str, EntitySummary]] = []
        q_key = name_key(q_text)
        q_tokens = _tokens(q_text)
        for entry in index.values():
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
            scored.append((-score, -s.counts.articles, s.label.lower(), s))
        scored.sort(key=lambda t: t[:3])
        return [t[3] for t in scored]

    hits = cached(kg, ("search", q, type), compute)
    return PageData(hits[offset : offset + limit], len(hits), limit, offset)


def resolve_entity(kg: KnowledgeGraph, text: str | None) -> str | None:
    """The slug an API parameter names: a slug, or a label or alias (folded); None if nothing matches."""
    if not text:
        return None
    index = _index(kg)
    if text in index:
        return text
    key = name_key(text)
    if not key:
        return None
    best: tuple[int, str] | None = None
    for slug, entry in index.items():
        for _name, k, _toks, is_label in entry.names:
            if k == key:
                cand = (0 if is_label else 1, slug)
                best = cand if best is None or cand < best else best
    return best[1] if best else None


def suggest_entities(kg: KnowledgeGraph, text: str, n: int = 5) -> list[EntityRef]:
    """Close matches for an unknown slug or name (difflib over slugs, then name search)."""
    index = _index(kg)
    out: list[str] = difflib.get_close_matches(text, list(index), n=n, cutoff=0.6)
    for s in search_entities(kg, text.replace("-", " "), limit=n).items:
        if s.slug not in out:
            out.append(s.slug)
    return [_ref_of(index[s].summary) for s in out[:n]]


def _ref_of(s: EntitySummary) -> EntityRef:
    return EntityRef(s.slug, s.iri, s.label, s.type)


def entity_ref(kg: KnowledgeGraph, slug: str) -> EntityRef | None:
    entry = _index(kg).get(slug)
    return _ref_of(entry.summary) if entry else None


def _refs(kg: KnowledgeGraph, iris: Iterable[str]) -> dict[str, EntityRef]:
    """EntityRefs for IRIs (labels and types read from the store; local entities included)."""
    wanted = sorted(set(iris))
    if not wanted:
        return {}
    labels: dict[str, str] = {}
    types: dict[str, list[str]] = defaultdict(list)
    for chunk in range(0, len(wanted), 500):
        part = wanted[chunk : chunk + 500]
        for row in kg.select(f"SELECT ?x ?label WHERE {{ {_values('x', part)} ?x rdfs:label ?label }}"):
            labels.setdefault(_v(row, "x"), _v(row, "label"))
        for row in kg.select(f"SELECT ?x ?type WHERE {{ {_values('x', part)} ?x a ?type }}"):
            types[_v(row, "x")].append(_v(row, "type"))
    return {i: EntityRef(public_slug(i), i, labels.get(i, slug_of(i).rsplit("#", 1)[-1]), _type_of(types.get(i, []))) for i in wanted}


def _entity_node(slug: str) -> NamedNode | None:
    return _node(ENTITY_BASE + slug) if slug and "/" not in slug else None


# ============================================================================ entity detail and relations
# Oxigraph evaluates an OPTIONAL (or a VALUES block) that sits outside the GRAPH pattern it joins with
# as a separate scan of the whole store, then joins: seconds on a million triples. So every query here
# is a plain pattern with its bound term first; optional parts are fetched by separate small queries
# (by subject, in VALUES chunks inside the GRAPH block) and merged in Python.
# Evidence of the relations in some article graphs (a VALUES list of graphs inside the GRAPH block):
# fetched only for the sources a response shows, because the statements of a hub entity mentioned in
# 10,000 articles take seconds to read while their (predicate, other, graph) keys take a tenth of that.
_STMT_OUT = """SELECT ?p ?x ?g ?ev ?conf ?cs ?ce WHERE { GRAPH ?g { %s
  ?st rdf:subject $e ; rdf:predicate ?p ; rdf:object ?x ; aikg:evidence ?ev ; aikg:confidence ?conf ;
      aikg:charStart ?cs ; aikg:charEnd ?ce } }"""
_STMT_IN = """SELECT ?p ?x ?g ?ev ?conf ?cs ?ce WHERE { GRAPH ?g { %s
  ?st rdf:object $e ; rdf:subject ?x ; rdf:predicate ?p ; aikg:evidence ?ev ; aikg:confidence ?conf ;
      aikg:charStart ?cs ; aikg:charEnd ?ce } }"""
_META_PREDS = {
    PREFIXES["dcterms"] + "title": "title",
    PREFIXES["dcterms"] + "date": "date",
    PREFIXES["schema"] + "url": "url",
    PREFIXES["dcterms"] + "identifier": "id",
    PREFIXES["dcterms"] + "creator": "author",
    PREFIXES["dcterms"] + "publisher": "publisher",
    PREFIXES["prov"] + "generatedAtTime": "ingested",
}
_META_VALUES = " ".join(render_term(NamedNode(p)) for p in _META_PREDS)


@dataclass
class _Catalog:
    """Every article graph with its date and publisher (for sorting and filtering without OPTIONALs)."""

    dates: dict[str, str | None]
    publishers: dict[str, str]


_CATALOG_ARTICLES = "SELECT ?g WHERE { GRAPH ?g { ?g a aikg:Article } }"
_CATALOG_DATES = "SELECT ?g ?d WHERE { GRAPH ?g { ?g dcterms:date ?d } }"
_CATALOG_PUBLISHERS = "SELECT ?g ?p WHERE { GRAPH ?g { ?g dcterms:publisher ?p } }"


def _catalog_rows(kg: KnowledgeGraph, graphs: Sequence[str] | None) -> _Catalog:
    """The catalog of every article graph (None), or of ``graphs`` (VALUES inside the GRAPH block, in chunks)."""
    dates: dict[str, str | None] = {}
    pubs: dict[str, str] = {}
    chunks = [None] if graphs is None else [list(graphs[i : i + 400]) for i in range(0, len(graphs), 400)]
    for chunk in chunks:
        head = "GRAPH ?g { " + ("" if chunk is None else _values("g", chunk) + " ")
        dates.update({_v(r, "g"): None for r in kg.select(_CATALOG_ARTICLES.replace("GRAPH ?g { ", head, 1))})
        for r in kg.select(_CATALOG_DATES.replace("GRAPH ?g { ", head, 1)):
            if _v(r, "g") in dates:
                dates[_v(r, "g")] = _v(r, "d")
        pubs.update({_v(r, "g"): _v(r, "p") for r in kg.select(_CATALOG_PUBLISHERS.replace("GRAPH ?g { ", head, 1))})
    return _Catalog(dates, pubs)


def _catalog(kg: KnowledgeGraph) -> _Catalog:
    """Every article graph with its date and publisher; after writes that name the article graphs they
    wrote or removed, only those are read again (the rest is copied from the previous catalog)."""
    st = _state(kg)
    version = kg.version
    with st.catalog_lock:
        known = st.catalog
        if known is not None and known[0] == version:
            return known[1]
        touched = kg.changes_since(known[0]) if known is not None else None
        if known is not None and touched is not None:
            graphs = sorted(i for i in touched if is_article_graph(i))
            fresh = _catalog_rows(kg, graphs)
            dates = {g: d for g, d in known[1].dates.items() if g not in touched}
            pubs = {g: p for g, p in known[1].publishers.items() if g not in touched}
            dates.update(fresh.dates)
            pubs.update({g: p for g, p in fresh.publishers.items() if g in dates})
            catalog = _Catalog(dates, pubs)
        else:
            catalog = _catalog_rows(kg, None)
        st.catalog = (version, catalog)
        return catalog


def _newest_first(graphs: Iterable[str], dates: dict[str, str | None]) -> list[str]:
    """Graphs by date, newest first, undated last (then by IRI, for a stable order)."""
    gs = list(graphs)
    gs.sort()
    gs.sort(key=lambda g: dates.get(g) or "", reverse=True)
    return gs


def _article_meta(
    kg: KnowledgeGraph, graphs: Iterable[str], fields: Sequence[str] = ("title", "date", "url", "id")
) -> dict[str, dict[str, str]]:
    """Metadata fields (title, date, url, id, author, publisher, ingested) of article graphs: one query
    per field and chunk of 400 graphs (a VALUES list of predicates makes Oxigraph scan the store)."""
    wanted = sorted(set(graphs))
    out: dict[str, dict[str, str]] = {g: {} for g in wanted}
    by_field = {f: p for p, f in _META_PREDS.items()}
    for name in fields:
        pred = render_term(NamedNode(by_field[name]))
        for i in range(0, len(wanted), 400):
            rows = kg.select(f"SELECT ?g ?o WHERE {{ GRAPH ?g {{ {_values('g', wanted[i : i + 400])} ?g {pred} ?o }} }}")
            for r in rows:
                out[_v(r, "g")].setdefault(name, _v(r, "o"))
    return out


def _fill_sources(kg: KnowledgeGraph, sources: Iterable[Source]) -> None:
    srcs = list(sources)
    meta = _article_meta(kg, (s.article for s in srcs), ("title", "url"))
    for s in srcs:
        m = meta.get(s.article, {})
        s.title, s.url = m.get("title"), m.get("url")


def _all_relations(kg: KnowledgeGraph, slug: str) -> list[Relation]:
    """Every relation of an entity, best supported first within each predicate and direction, with one
    evidence-less source per supporting article (newest first; dates filled, see ``_with_evidence``)."""
    node = _entity_node(slug)
    if node is None:
        return []

    def compute() -> list[Relation]:
        dates = _catalog(kg).dates
        graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for direction, bare in (("out", RELATIONS_OUT), ("in", RELATIONS_IN)):
            for row in kg.select(bare, e=node):
                x = row.get("x")
                if isinstance(x, NamedNode):
                    graphs[(_local(_v(row, "p")), direction, x.value)].add(_v(row, "g"))
        refs = _refs(kg, {k[2] for k in graphs})
        out = []
        for (pred, direction, other), gs in graphs.items():
            ds = sorted(d for g in gs if (d := dates.get(g)))
            sources = [Source(g, article_id_of(g), date=dates.get(g)) for g in _newest_first(gs, dates)]
            out.append(Relation(pred, direction, refs[other], None, len(gs), sources,
                                ds[0] if ds else None, ds[-1] if ds else None))
        out.sort(key=lambda r: (PREDICATES.index(r.predicate) if r.predicate in PREDICATES else 99, r.direction != "out",
                                -r.source_count, r.entity.label.lower()))
        return out

    return cached(kg, ("relations", slug), compute)


def _with_evidence(kg: KnowledgeGraph, slug: str, rels: Iterable[Relation], max_sources: int | None) -> list[Relation]:
    """Copies of ``rels`` whose newest ``max_sources`` articles (None: all) are filled in: evidence
    sentence, confidence and offsets (one source per sentence, so an article that states a fact twice
    gives two), title and url. ``confidence`` becomes the highest among those sources."""
    node = _entity_node(slug)
    picked = [(r, r.sources if max_sources is None else r.sources[:max_sources]) for r in rels]
    evidence: dict[tuple[str, str, str, str], list[dict[str, Any]]] = defaultdict(list)
    for direction, stmts in (("out", _STMT_OUT), ("in", _STMT_IN)):
        gs = sorted({s.article for r, srcs in picked if r.direction == direction for s in srcs})
        for i in range(0, len(gs), 400):
            for row in kg.select(stmts % _values("g", gs[i : i + 400]), e=node):
                evidence[(direction, _local(_v(row, "p")), _v(row, "x"), _v(row, "g"))].append(row)
    out = []
    for r, srcs in picked:
        sources = []
        for s in srcs:
            rows = evidence.get((r.direction, r.predicate, r.entity.iri, s.article))
            if not rows:
                sources.append(Source(**vars(s)))
                continue
            seen: set[tuple[Any, ...]] = set()
            for row in rows:
                src = Source(s.article, s.article_id, None, None, s.date, _v(row, "ev"), _float(row, "conf"),
                             _int(row, "cs"), _int(row, "ce"))
                if (src.evidence, src.char_start) not in seen:
                    seen.add((src.evidence, src.char_start))
                    sources.append(src)
        sources = _sort_sources(sources)[:max_sources]
        confs = [s.confidence for s in sources if s.confidence is not None]
        out.append(Relation(r.predicate, r.direction, r.entity, max(confs) if confs else None, r.source_count,
                            sources, r.first, r.last))
    _fill_sources(kg, (s for r in out for s in r.sources))
    return out


def _sort_sources(sources: list[Source]) -> list[Source]:
    return sorted(sources, key=lambda s: (s.date or "", s.article, s.char_start or 0), reverse=True)


def _require_entity(kg: KnowledgeGraph, slug: str) -> _Indexed:
    entry = _index(kg).get(slug)
    if entry is None:
        raise NotFound("entity", slug, suggest_entities(kg, slug))
    return entry


def entity_relations(
    kg: KnowledgeGraph,
    slug: str,
    predicate: str | None = None,
    direction: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> PageData[Relation]:
    """The relations of an entity (every source of each), optionally of one predicate and direction."""
    _require_entity(kg, slug)

    def compute() -> PageData[Relation]:
        rels = [
            r for r in _all_relations(kg, slug)
            if (predicate is None or r.predicate == predicate) and (direction is None or r.direction == direction)
        ]
        return PageData(_with_evidence(kg, slug, rels[offset : offset + limit], None), len(rels), limit, offset)

    return cached(kg, ("relations-page", slug, predicate, direction, limit, offset), compute)


_DESCRIBE = """SELECT ?p ?v WHERE {
  VALUES ?p { rdf:type rdfs:label skos:altLabel owl:sameAs skos:broader schema:jobTitle }
  $e ?p ?v }"""
_MENTIONED_IN = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g aikg:mentions $e } }"


def _article_refs(kg: KnowledgeGraph, graphs: Sequence[str]) -> list[ArticleRef]:
    meta = _article_meta(kg, graphs)
    return [ArticleRef(meta[g].get("id") or article_id_of(g), g, meta[g].get("title"), meta[g].get("url"), meta[g].get("date"))
            for g in graphs]


def entity_detail(
    kg: KnowledgeGraph, slug: str, max_sources: int = 5, max_items: int = 20, max_relations: int = 25
) -> EntityDetail:
    """An entity with its relations both ways grouped by predicate (the ``max_relations`` best supported
    of each group, ``count`` has them all; at most ``max_sources`` sources each, newest first;
    ``source_count`` has them all: ``entity_relations`` pages through everything), quotes by and about it, and the articles that mention
    it (newest ``max_items``; ``counts`` has the totals). Raises :class:`NotFound` with suggestions."""

    def compute() -> EntityDetail:
        entry = _require_entity(kg, slug)
        s = entry.summary
        node = _entity_node(slug)
        broader_iris: list[str] = []
        job_titles: list[str] = []
        for row in kg.select(_DESCRIBE, e=node):
            p = _v(row, "p")
            if p.endswith("broader") and isinstance(row["v"], NamedNode):
                broader_iris.append(row["v"].value)
            elif p.endswith("jobTitle"):
                job_titles.append(_v(row, "v"))
        all_rels = _all_relations(kg, slug)
        counts: dict[tuple[str, str], int] = defaultdict(int)
        shown: list[Relation] = []
        for r in all_rels:  # already sorted: predicate, direction, most sources first
            counts[(r.predicate, r.direction)] += 1
            if counts[(r.predicate, r.direction)] <= max_relations:
                shown.append(r)
        rels = _with_evidence(kg, slug, shown, max_sources)
        groups: dict[tuple[str, str], list[Relation]] = {}
        for r in rels:
            groups.setdefault((r.predicate, r.direction), []).append(r)
        mentioned = _newest_first((_v(r, "g") for r in kg.select(_MENTIONED_IN, e=node)), _catalog(kg).dates)
        by = quotes(kg, speaker=slug, limit=max_items)
        about = quotes(kg, about=slug, limit=max_items)
        refs = _refs(kg, broader_iris)
        return EntityDetail(
            slug=s.slug,
            iri=s.iri,
            label=s.label,
            type=s.type,
            aliases=s.aliases,
            same_as=s.same_as,
            counts=EntityCounts(len(mentioned), len(all_rels), by.total),
            broader=[refs[i] for i in sorted(set(broader_iris))],
            job_titles=sorted(set(job_titles)),
            relations=[RelationGroup(p, d, counts[(p, d)], rs) for (p, d), rs in groups.items()],
            quotes_by=by.items,
            quotes_about=about.items,
            articles=_article_refs(kg, mentioned[:max_items]),
        )

    return _cached_for_entity(kg, ENTITY_BASE + slug, ("entity", slug, max_sources, max_items, max_relations), compute)


# ============================================================================ quotes
def _hydrate_quotes(kg: KnowledgeGraph, rows: list[tuple[str, str, str]]) -> list[Quote]:
    """Quotes from (quote, speaker, graph) triples: text, offsets, about, article, speaker filled."""
    qiris = [q for q, _, _ in rows]
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for i in range(0, len(qiris), 400):
        for r in kg.select(f"SELECT ?q ?p ?o WHERE {{ {_values('q', qiris[i : i + 400])} ?q ?p ?o }}"):
            props[_v(r, "q")][_v(r, "p")].append(r["o"])
    about_p, text_p = PREFIXES["aikg"] + "about", PREFIXES["schema"] + "text"

    def num(q: str, local: str, kind: Callable[[str], Any]) -> Any:
        vals = props[q].get(PREFIXES["aikg"] + local)
        try:
            return kind(vals[0].value) if vals else None
        except ValueError:
            return None

    abouts = {q: sorted({t.value for t in props[q].get(about_p, []) if isinstance(t, NamedNode)}) for q in qiris}
    refs = _refs(kg, [sp for _, sp, _ in rows] + [a for lst in abouts.values() for a in lst])
    arts = {a.iri: a for a in _article_refs(kg, sorted({g for _, _, g in rows}))}
    out = []
    for q, sp, g in rows:
        texts = props[q].get(text_p)
        art = arts[g]
        out.append(Quote(q, texts[0].value if texts else "", refs.get(sp), [refs[a] for a in abouts[q]], art, art.date,
                         num(q, "confidence", float), num(q, "charStart", int), num(q, "charEnd", int)))
    return out


def quotes(
    kg: KnowledgeGraph,
    about: str | None = None,
    speaker: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> PageData[Quote]:
    """Quotes, newest first; ``about``/``speaker`` are slugs or names (unknown ones match nothing)."""

    def matching() -> list[tuple[str, str, str]]:
        params: dict[str, Any] = {}
        for name, text in (("about", about), ("speaker", speaker)):
            if text is None:
                continue
            slug = resolve_entity(kg, text)
            node = _entity_node(slug) if slug else None
            if node is None:
                return []
            params[name] = node
        if "about" in params and "speaker" in params:
            q = "SELECT ?q ?g ($speaker AS ?sp) WHERE { GRAPH ?g { ?q aikg:about $about . $speaker aikg:says ?q } }"
        elif "about" in params:
            q = "SELECT ?q ?g ?sp WHERE { GRAPH ?g { ?q aikg:about $about . ?sp aikg:says ?q } }"
        elif "speaker" in params:
            q = "SELECT ?q ?g ($speaker AS ?sp) WHERE { GRAPH ?g { $speaker aikg:says ?q } }"
        else:
            q = "SELECT ?q ?g ?sp WHERE { GRAPH ?g { ?sp aikg:says ?q } }"
        dates = _catalog(kg).dates
        lo, hi = (since.isoformat() if since else None), (until.isoformat() if until else None)
        seen: dict[str, tuple[str, str, str]] = {}
        for r in kg.select(q, **params):
            g = _v(r, "g")
            d = dates.get(g)
            if (lo or hi) and (d is None or (lo and d < lo) or (hi and d > hi)):
                continue
            seen.setdefault(_v(r, "q"), (_v(r, "q"), _v(r, "sp"), g))
        rows = sorted(seen.values())
        rows.sort(key=lambda t: dates.get(t[2]) or "", reverse=True)
        return rows

    def compute() -> PageData[Quote]:
        rows = cached(kg, ("quote-rows", about, speaker, since, until), matching)
        return PageData(_hydrate_quotes(kg, rows[offset : offset + limit]), len(rows), limit, offset)

    return cached(kg, ("quotes", about, speaker, since, until, limit, offset), compute)


# ============================================================================ articles
def _article_counts(kg: KnowledgeGraph, iris: Sequence[str]) -> dict[str, ArticleCounts]:
    counts = {i: ArticleCounts() for i in iris}
    if not iris:
        return counts
    vals = _values("g", iris)
    for attr, pattern in (
        ("facts", "?x a rdf:Statement"),
        ("quotes", "?x a aikg:Quote"),
        ("entities", "?g aikg:mentions ?x"),
    ):
        for row in kg.select(f"SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ {vals} {pattern} }} }} GROUP BY ?g"):
            c = counts.get(_v(row, "g"))
            if c is not None:
                setattr(c, attr, _int(row, "n") or 0)
    return counts


def articles(
    kg: KnowledgeGraph,
    since: date | None = None,
    until: date | None = None,
    publisher: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> PageData[ArticleSummary]:
    """Articles, newest first; ``publisher`` matches case-insensitively."""

    def compute() -> PageData[ArticleSummary]:
        cat = _catalog(kg)
        lo, hi = (since.isoformat() if since else None), (until.isoformat() if until else None)
        pub = publisher.casefold() if publisher is not None else None
        graphs = []
        for g, d in cat.dates.items():
            if (lo or hi) and (d is None or (lo and d < lo) or (hi and d > hi)):
                continue
            if pub is not None and cat.publishers.get(g, "").casefold() != pub:
                continue
            graphs.append(g)
        ordered = _newest_first(graphs, cat.dates)
        page = ordered[offset : offset + limit]
        meta = _article_meta(kg, page, tuple(_META_PREDS.values()))
        counts = _article_counts(kg, page)
        items = [
            ArticleSummary(
                id=meta[g].get("id") or article_id_of(g), iri=g, title=meta[g].get("title"), url=meta[g].get("url"),
                date=meta[g].get("date"), author=meta[g].get("author"), publisher=meta[g].get("publisher"),
                ingested=meta[g].get("ingested"), counts=counts[g],
            )
            for g in page
        ]
        return PageData(items, len(ordered), limit, offset)

    return cached(kg, ("articles", since, until, publisher, limit, offset), compute)


def _article_node(article_id: str) -> NamedNode | None:
    return _node(article_iri(article_id)) if article_id and "/" not in article_id and "#" not in article_id else None


def article_detail(kg: KnowledgeGraph, article_id: str) -> ArticleDetail:
    """An article with its text, the entities it mentions, its facts (with evidence) and its quotes."""

    def compute() -> ArticleDetail:
        g = _article_node(article_id)
        if g is None:
            raise NotFound("article", article_id)
        rows = kg.select("SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o } }", g=g)
        if not rows:
            raise NotFound("article", article_id)
        giri = g.value
        props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            props[_v(r, "s")][_v(r, "p")].append(r["o"])
        if PREFIXES["aikg"] + "Article" not in [t.value for t in props[giri].get(PREFIXES["rdf"] + "type", [])]:
            raise NotFound("article", article_id)

        def one(subject: str, prefix: str, local: str) -> Any:
            vals = props.get(subject, {}).get(PREFIXES[prefix] + local)
            return vals[0].value if vals else None

        def num(subject: str, prefix: str, local: str, kind: Callable[[str], Any]) -> Any:
            v = one(subject, prefix, local)
            try:
                return kind(v) if v is not None else None
            except ValueError:
                return None

        mentioned = [t.value for t in props[giri].get(PREFIXES["aikg"] + "mentions", []) if isinstance(t, NamedNode)]
        rdf_type = PREFIXES["rdf"] + "type"
        statements = [s for s, p in props.items() if any(t.value == PREFIXES["rdf"] + "Statement" for t in p.get(rdf_type, []))]
        quote_iris = [s for s, p in props.items() if any(t.value == PREFIXES["aikg"] + "Quote" for t in p.get(rdf_type, []))]
        speakers = {o.value: s for s, p in props.items() for o in p.get(PREFIXES["aikg"] + "says", [])}
        involved = set(mentioned) | set(speakers.values())
        for st in statements:
            involved.add(one(st, "rdf", "subject"))
            involved.add(one(st, "rdf", "object"))
        for qi in quote_iris:
            involved |= {t.value for t in props[qi].get(PREFIXES["aikg"] + "about", [])}
        involved.discard(None)
        refs = _refs(kg, involved)
        facts = []
        for st in statements:
            s_iri, p_iri, o_iri = one(st, "rdf", "subject"), one(st, "rdf", "predicate"), one(st, "rdf", "object")
            if not (s_iri and p_iri and o_iri):
                continue
            facts.append(
                Fact(
                    subject=refs[s_iri],
                    predicate=_local(p_iri),
                    object=refs[o_iri],
                    evidence=one(st, "aikg", "evidence"),
                    char_start=num(st, "aikg", "charStart", int),
                    char_end=num(st, "aikg", "charEnd", int),
                    confidence=num(st, "aikg", "confidence", float),
                    extractor=one(st, "aikg", "extractor"),
                    role=one(st, "schema", "roleName"),
                    amount=one(st, "aikg", "amount"),
                )
            )
        facts.sort(key=lambda f: (f.char_start or 0, f.predicate, f.subject.label))
        ref = ArticleRef(article_id, giri, one(giri, "dcterms", "title"), one(giri, "schema", "url"), one(giri, "dcterms", "date"))
        qs = []
        for qi in quote_iris:
            qs.append(
                Quote(
                    iri=qi,
                    text=one(qi, "schema", "text") or "",
                    speaker=refs.get(speakers.get(qi, "")),
                    about=[refs[t.value] for t in props[qi].get(PREFIXES["aikg"] + "about", []) if t.value in refs],
                    article=ref,
                    date=ref.date,
                    confidence=num(qi, "aikg", "confidence", float),
                    char_start=num(qi, "aikg", "charStart", int),
                    char_end=num(qi, "aikg", "charEnd", int),
                )
            )
        qs.sort(key=lambda q: (q.char_start or 0, q.iri))
        return ArticleDetail(
            id=one(giri, "dcterms", "identifier") or article_id,
            iri=giri,
            title=ref.title,
            url=ref.url,
            date=ref.date,
            author=one(giri, "dcterms", "creator"),
            publisher=one(giri, "dcterms", "publisher"),
            ingested=one(giri, "prov", "generatedAtTime"),
            counts=ArticleCounts(len(statements), len(quote_iris), len(mentioned)),
            text=one(giri, "schema", "articleBody"),
            entities=sorted((refs[m] for m in mentioned), key=lambda r: r.label.lower()),
            facts=facts,
            quotes=qs,
        )

    return cached(kg, ("article", article_id), compute)


# ============================================================================ graph, paths, stats
def _proj_ref(g: Any, node: str) -> EntityRef:
    d = g.nodes[node]
    iri = d.get("iri", ENTITY_BASE + node)
    return EntityRef(public_slug(iri), iri, d.get("label", node), d.get("type"))


def _proj_source(src: dict[str, Any]) -> Source:
    art = src.get("article") or ""
    return Source(art, article_id_of(art), src.get("title"), None, src.get("date"), src.get("evidence"), src.get("confidence"))


def graph_data(
    kg: KnowledgeGraph,
    focus: str | None = None,
    hops: int = 1,
    predicates: Sequence[str] | None = None,
    types: Sequence[str] | None = None,
    limit: int = 500,
) -> GraphData:
    """Nodes and edges for a client-side viewer: the ``hops`` neighbourhood of ``focus`` (or the most
    connected entities), at most ``limit`` nodes (``truncated`` says how many were left out)."""
    from .projection import filter_projection, neighbourhood

    def compute() -> GraphData:
        g = kg.projection()
        if focus is not None and focus not in g:
            raise NotFound("entity", focus, suggest_entities(kg, focus))
        if predicates or types:
            g = filter_projection(g, predicates=predicates, types=types)
            if focus is not None and focus not in g:  # the type filter dropped the focus: keep it alone
                return GraphData([], [], focus, hops, 0)
        sub, left_out = neighbourhood(g, focus, hops, limit)
        nodes = [
            GraphNode(node_id(n), d.get("label", n), d.get("type"), d.get("iri", ENTITY_BASE + n), int(d.get("mentions", 0)), int(sub.degree(n)))
            for n, d in sorted(sub.nodes(data=True))
        ]
        edges = [
            GraphEdge(node_id(s), node_id(o), k, d.get("confidence"), len(d.get("sources", [])), d.get("first"), d.get("last"))
            for s, o, k, d in sorted(sub.edges(keys=True, data=True), key=lambda e: (e[0], e[2], e[1]))
        ]
        return GraphData(nodes, edges, focus, hops, left_out)

    return cached(kg, ("graph", focus, hops, tuple(predicates or ()), tuple(types or ()), limit), compute)


def paths(kg: KnowledgeGraph, source: str, target: str, max_hops: int = 4, limit: int = 10) -> PathsData:
    """How two entities are connected: the shortest paths (edge direction ignored) with the facts on them."""
    from .analytics import connections

    def compute() -> PathsData:
        g = kg.projection()
        for slug in (source, target):
            if slug not in g:
                raise NotFound("entity", slug, suggest_entities(kg, slug))
        found = connections(g, source, target, max_hops=max_hops, limit=limit)
        out = []
        for p in found:
            steps = [
                PathStep(_proj_ref(g, s["from"]), s["predicate"], _proj_ref(g, s["to"]), s["direction"],
                         [_proj_source(x) for x in s.get("sources", [])])
                for s in p
            ]
            out.append(Path(len(steps), steps))
        return PathsData(_proj_ref(g, source), _proj_ref(g, target), max_hops, out)

    return cached(kg, ("paths", source, target, max_hops, limit), compute)


def stats(kg: KnowledgeGraph) -> Stats:
    """The graph's counts: ``kg.stats()`` (defined in ``aikg.graph.stats``)."""
    return kg.stats()


# ============================================================================ linked data (triples)
_ENTITY_CONSTRUCT = f"""CONSTRUCT {{ $e ?p ?o . ?s ?q $e }} WHERE {{
  {{ $e ?p ?o . FILTER(?p NOT IN (aikg:says, aikg:typedAs)) }}
  UNION
  {{ VALUES ?q {{ {_PRED_VALUES} }} ?s ?q $e }}
}}"""


def entity_triples(kg: KnowledgeGraph, slug: str) -> list[Any]:
    """The RDF description of an entity: its own triples and the relations pointing at it."""
    entry = _index(kg).get(slug)
    node = _entity_node(slug)
    if entry is None or node is None:
        raise NotFound("entity", slug, suggest_entities(kg, slug))
    return cached(kg, ("entity-triples", slug), lambda: sorted(set(kg.query(bind(_ENTITY_CONSTRUCT, e=node))), key=str))


def article_triples(kg: KnowledgeGraph, article_id: str) -> list[Any]:
    """The triples of an article's named graph (its metadata, facts, provenance and quotes)."""
    g = _article_node(article_id)
    if g is None:
        raise NotFound("article", article_id)

    def compute() -> list[Any]:
        triples = sorted(set(kg.query(bind("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }", g=g))), key=str)
        if not triples:
            raise NotFound("article", article_id)
        return triples

    return cached(kg, ("article-triples", article_id), compute)


# ============================================================================ writes
def _ingest_result(kg: KnowledgeGraph, report: Any) -> IngestResult:
    res = report.results[0]
    art, ex = res.article, res.extraction
    iri = article_iri(art.id)

    def ref(key: str) -> EntityRef:
        e = ex.entities.get(key)
        if e is None:
            return EntityRef(key, ENTITY_BASE + key, key, None)
        e_iri = f"{iri}#{e.key}" if e.local else ENTITY_BASE + e.key
        return EntityRef(public_slug(e_iri), e_iri, e.label, e.type)

    aref = ArticleRef(art.id, iri, art.title, art.url, art.date.isoformat() if art.date else None)
    keys = sorted({m.entity for m in ex.mentions} | {f.subject for f in ex.facts} | {f.object for f in ex.facts}
                  | {q.speaker for q in ex.quotes})
    facts = [
        Fact(ref(f.subject), f.predicate, ref(f.object), art.text[f.start : f.end], f.start, f.end, f.confidence, f.extractor,
             f.role, f.amount)
        for f in ex.facts
    ]
    qs = [
        Quote(f"{iri}#q-{i + 1}", q.text, ref(q.speaker), [ref(a) for a in q.about], aref, aref.date, q.confidence, q.start, q.end)
        for i, q in enumerate(ex.quotes)
    ]
    return IngestResult(aref, res.replaced, res.triples, [ref(k) for k in keys if k in ex.entities], facts, qs, list(art.warnings))


class IngestError(ValueError):
    """The input could not be read or stored; the message says why."""


def ingest_record(kg: KnowledgeGraph, record: Any) -> IngestResult:
    """Ingest one JSON record (title, text, url, date, author, publisher) in one transaction."""
    from .articles import ReadError, article_from_record

    try:
        item: Any = article_from_record(record, source="request body")
    except ValueError as exc:
        item = ReadError("request body", str(exc))
    return _ingest_items(kg, [item])


def ingest_file(kg: KnowledgeGraph, filename: str, data: bytes) -> IngestResult:
    """Ingest one uploaded file (any format the readers take, by its extension; .txt when it has none)."""
    import tempfile
    from pathlib import Path as _P

    from .articles import SUPPORTED_SUFFIXES, read_path

    suffix = _P(filename or "upload.txt").suffix.lower() or ".txt"
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(f"unsupported file type {suffix}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
    with tempfile.TemporaryDirectory() as tmp:
        path = _P(tmp) / ("upload" + suffix)
        path.write_bytes(data)
        items = list(read_path(path, kg.settings.max_article_bytes))
    if len(items) > 1:
        raise IngestError(f"the file holds {len(items)} articles; send one article per request")
    return _ingest_items(kg, items)


def _ingest_items(kg: KnowledgeGraph, items: list[Any]) -> IngestResult:
    from .articles import ReadError

    if not items:
        raise IngestError("no article found in the input")
    if isinstance(items[0], ReadError):
        raise IngestError(items[0].reason)
    report = kg.ingest_articles(items, keep_results=True)
    if report.failed or not report.results:
        raise IngestError("; ".join(report.errors) or "the article could not be stored")
    return _ingest_result(kg, report)


def ingest_url(kg: KnowledgeGraph, url: str) -> IngestResult:
    """Fetch one article page named in a request and ingest it: only from hosts in AIKG_FETCH_ALLOW_HOSTS
    (``IngestError`` saying so otherwise; nothing is fetched). A syndicated copy of a stored story is not
    stored again: the result describes that story, with a warning."""
    report = kg.ingest_urls([url], from_request=True)
    if report.failed:
        raise IngestError("; ".join(report.errors))
    if not report.results:  # unchanged, or a copy: describe the stored story
        from .feeds.canonical import canonical_url
        from .feeds.state import CrawlState

        rec = CrawlState(kg.store).page(canonical_url(url))
        story = rec.article or rec.copy_of if rec else None
        if story is None:
            raise IngestError("; ".join(report.warnings) or "the page could not be stored")
        detail = article_detail(kg, story)
        return IngestResult(ArticleRef(detail.id, detail.iri, detail.title, detail.url, detail.date), True, 0,
                            detail.entities, detail.facts, detail.quotes, report.warnings)
    return _ingest_result(kg, report)


def _change_refs(kg: KnowledgeGraph, page: Any) -> tuple[Callable[[str], Any], Callable[[str], Any]]:
    ents = _refs(kg, [i for c in page.items for i in (c.entry.subject, c.entry.object) if c.entry.kind == "fact" or i == c.entry.subject])
    sources = {r.iri: r for r in _article_refs(kg, sorted({c.entry.source for c in page.items}))}
    return ents.__getitem__, sources.__getitem__


def change_page(kg: KnowledgeGraph, since: int | None, limit: int) -> dict[str, Any]:
    """``/api/changes``: the facts and quotes added or removed after cursor ``since`` (None: the newest
    ``limit``), oldest first, each with its entities and source article named."""
    from .changes import page_json

    page = kg.changes(since, limit)
    ref, source = _change_refs(kg, page)
    return page_json(page, ref, source)


def change_atom(kg: KnowledgeGraph, since: int | None, limit: int, feed_url: str) -> bytes:
    """The same page as an Atom feed; entries link to the source's page on ``kg.settings.base_url``."""
    from .changes import page_atom

    page = kg.changes(since, limit)
    ref, source = _change_refs(kg, page)
    base = kg.settings.base_url.rstrip("/")

    def link(iri: str) -> str:
        return f"{base}/article/{article_id_of(iri)}" if is_article_graph(iri) else iri

    return page_atom(page, feed_url, lambda iri: ref(iri).label, link)


def delete_article(kg: KnowledgeGraph, article_id: str) -> bool:
    """Remove an article's graph: its metadata, quotes and every fact it supported (facts other articles
    also state stay, in their graphs). False when there is no such article."""
    if _article_node(article_id) is None:
        return False
    return kg.remove_article(article_id)
