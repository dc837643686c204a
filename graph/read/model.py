"""The read model: what the entity, article and quote pages list, kept in memory and sorted, so a page
costs what it shows and not what the entity has.

Every named graph contributes a :class:`Part` (its facts between entities, the entities it mentions,
its quotes with speaker and subjects, its metadata when it is an article). The model indexes those
parts: per entity and (predicate, direction), the other entities ordered by how many graphs state the
relation (:class:`Group`), each with its graphs ordered by date; per entity the graphs that mention it,
the quotes it said and the quotes about it; every article and every quote by date. Lists are kept
sorted as they change (``bisect``), so the newest N of anything, or the first N of a group, are read
without looking at the rest.

Built with a dozen whole-store queries on first use; after writes that say which article graphs they
wrote or removed (``KnowledgeGraph.changes_since``), only those graphs are read again (one small query
each) and their old part is taken out and the new one put in: the cost of a write does not depend on
how popular the entities it touches are. The writing thread does it right after each write, so
readers find the model current. Counts (articles mentioning an entity, its relations, its quotes) are
lengths of these lists, so they are exact after every write.

Thread-safety: every read and every update holds ``model.lock``.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([{"title": "T", "date": "2024-05-01", "text": "OpenAI released GPT-4 in March."}])
>>> m = read_model(kg)
>>> [(g.predicate, g.direction, g.count) for g in m.groups("https://w3id.org/aikg/id/openai")]
[('builds', 'out', 1)]
>>> len(m.mentions.get("https://w3id.org/aikg/id/gpt-4", []))
1
"""

from __future__ import annotations

import threading
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from pyoxigraph import NamedNode

from aikg.ontology import AIKG, PREDICATES, PREFIXES, is_article_graph

from ..store import bind
from .cache import Versioned, slot
from .terms import as_float, as_int, rows

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["Evidence", "ArticleMeta", "Part", "Group", "GroupView", "ReadModel", "read_model", "group_rank", "build", "refresh", "read_part", "META_FIELDS"]

T = TypeVar("T")
_AIKG = str(AIKG)
_PREDICATE_IRIS = {_AIKG + p: p for p in PREDICATES}
_MENTIONS, _SAYS, _ABOUT = _AIKG + "mentions", _AIKG + "says", _AIKG + "about"
_TYPE, _ARTICLE = PREFIXES["rdf"] + "type", _AIKG + "Article"
#: Article metadata: predicate IRI -> field of :class:`ArticleMeta`.
META_FIELDS = {
    PREFIXES["dcterms"] + "identifier": "id",
    PREFIXES["dcterms"] + "title": "title",
    PREFIXES["schema"] + "url": "url",
    PREFIXES["dcterms"] + "date": "date",
    PREFIXES["dcterms"] + "creator": "author",
    PREFIXES["dcterms"] + "publisher": "publisher",
    PREFIXES["prov"] + "generatedAtTime": "ingested",
}
_UNDATED = ""  # sorts before every date: last when listing newest first


@dataclass(slots=True)
class ArticleMeta:
    id: str | None = None
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None
    ingested: str | None = None


#: One provenance statement of a fact: the sentence, the confidence and the character offsets.
Evidence = tuple[str, float | None, int | None, int | None]


def _evidence(ev: str, conf: str | None, start: str | None, end: str | None) -> Evidence:
    return ev, as_float(conf), as_int(start), as_int(end)


@dataclass(slots=True)
class Part:
    """What one named graph contributes: facts (subject, predicate, object) between IRIs, mentioned
    entities, quotes as (speaker, quote), the subjects of each quote, and the article metadata (None:
    the graph is not an article)."""

    meta: ArticleMeta | None = None
    facts: set[tuple[str, str, str]] = field(default_factory=set)
    mentions: set[str] = field(default_factory=set)
    says: dict[str, str] = field(default_factory=dict)  # quote -> speaker
    about: dict[str, set[str]] = field(default_factory=dict)  # quote -> entities
    #: (subject, predicate, object) -> its provenance statements as (evidence, confidence, start, end)
    evidence: dict[tuple[str, str, str], list[Evidence]] = field(default_factory=dict)

    @property
    def date(self) -> str:
        return (self.meta.date if self.meta else None) or _UNDATED

    def add_quad(self, g: str, s: Any, p: str, o: Any) -> None:
        """Take one quad of the graph ``g`` into account (terms: pyoxigraph terms; metadata is kept
        only once ``meta`` is set, i.e. for an article)."""
        pred = _PREDICATE_IRIS.get(p)
        if pred is not None:
            if isinstance(s, NamedNode) and isinstance(o, NamedNode):
                self.facts.add((s.value, pred, o.value))
        elif p == _MENTIONS and s.value == g and isinstance(o, NamedNode):
            self.mentions.add(o.value)
        elif p == _SAYS and isinstance(o, NamedNode):
            self.says.setdefault(o.value, s.value)
        elif p == _ABOUT and isinstance(o, NamedNode):
            self.about.setdefault(s.value, set()).add(o.value)
        elif s.value == g and p in META_FIELDS and self.meta is not None:
            name = META_FIELDS[p]
            if getattr(self.meta, name) is None:
                setattr(self.meta, name, o.value)


@dataclass(slots=True)
class Group:
    """The relations of one entity for one (predicate, direction): per other entity the (date, graph)
    pairs stating it, ascending; ``order``: (-graphs, other IRI) ascending, the best supported first."""

    graphs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    order: list[tuple[int, str]] = field(default_factory=list)


@dataclass(slots=True)
class GroupView:
    predicate: str
    direction: str
    count: int
    group: Group


def _first_last(dated: list[tuple[str, str]]) -> tuple[str | None, str | None]:
    i = bisect_left(dated, ("\x00",))  # the first dated pair (undated ones sort first)
    if i >= len(dated):
        return None, None
    return dated[i][0], dated[-1][0]


_PRED_RANK = {p: i for i, p in enumerate(PREDICATES)}


def group_rank(predicate: str, direction: str) -> tuple[int, bool]:
    """Where a (predicate, direction) group comes on a page: ontology order of predicates, out before in."""
    return _PRED_RANK.get(predicate, 99), direction != "out"


class ReadModel:
    """See the module docstring. Build with :func:`read_model`."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.parts: dict[str, Part] = {}
        self.articles: list[tuple[str, str]] = []  # (date, graph) of every article
        self.relations: dict[str, dict[tuple[str, str], Group]] = {}  # entity -> (predicate, direction) -> group
        self.mentions: dict[str, list[tuple[str, str]]] = {}  # entity -> (date, graph)
        self.quotes: list[tuple[str, str, str]] = []  # (date, quote, graph), quotes with a speaker
        self.by: dict[str, list[tuple[str, str, str]]] = {}  # speaker -> (date, quote, graph)
        self.about: dict[str, list[tuple[str, str, str]]] = {}  # entity -> (date, quote, graph)
        self.speaker: dict[str, str] = {}  # quote -> speaker

    # ------------------------------------------------------------------ reading
    def meta(self, graph: str) -> ArticleMeta | None:
        part = self.parts.get(graph)
        return part.meta if part is not None else None

    def groups(self, entity: str) -> list[GroupView]:
        """The relation groups of an entity in ontology order (predicates), out before in."""
        groups = self.relations.get(entity, {})
        keys = sorted(groups, key=lambda k: group_rank(*k))
        return [GroupView(k[0], k[1], len(groups[k].order), groups[k]) for k in keys]

    def relation_count(self, entity: str) -> int:
        return sum(len(g.order) for g in self.relations.get(entity, {}).values())

    @staticmethod
    def rows(group: Group, start: int = 0, stop: int | None = None) -> Iterator[tuple[str, list[tuple[str, str]]]]:
        """(other entity, its (date, graph) pairs ascending) for positions ``start:stop`` of the group."""
        for _neg, other in group.order[start:stop]:
            yield other, group.graphs[other]

    @staticmethod
    def after(group: Group, count: int, other: str) -> int:
        """The position right after the row (count graphs, other) — where a cursor resumes."""
        return bisect_right(group.order, (-count, other))

    @staticmethod
    def newest(dated: list[T], n: int | None, start: int = 0) -> list[T]:
        """Items ``start:start + n`` (n None: all) of an ascending list taken newest first (reads only those).

        >>> ReadModel.newest([1, 2, 3, 4, 5], 2, start=1)
        [4, 3]
        """
        end = len(dated) - start
        if end <= 0:
            return []
        begin = 0 if n is None else max(0, end - n)
        return dated[begin:end][::-1]

    first_last = staticmethod(_first_last)

    def articles_between(self, since: str | None, until: str | None) -> list[tuple[str, str]]:
        """(date, graph) of the articles dated in [since, until] (every article when both are None), ascending."""
        if since is None and until is None:
            return self.articles
        lo = bisect_left(self.articles, (since or "\x00",))
        hi = bisect_right(self.articles, (until, "\uffff")) if until else len(self.articles)
        return self.articles[lo:hi]

    # ------------------------------------------------------------------ changing
    def add(self, graph: str, part: Part, bulk: bool = False) -> None:
        """Index one graph's part (``bulk``: unsorted appends; call :meth:`finish` after the last)."""
        put = _append if bulk else insort
        self.parts[graph] = part
        d = part.date
        if part.meta is not None:
            put(self.articles, (d, graph))
        for s, p, o in part.facts:
            self._link(s, p, "out", o, d, graph, bulk)
            self._link(o, p, "in", s, d, graph, bulk)
        for e in part.mentions:
            put(self.mentions.setdefault(e, []), (d, graph))
        for q, sp in part.says.items():
            item = (d, q, graph)
            self.speaker[q] = sp
            put(self.quotes, item)
            put(self.by.setdefault(sp, []), item)
            for a in part.about.get(q, ()):
                put(self.about.setdefault(a, []), item)

    def remove(self, graph: str) -> None:
        """Take a graph's part out of every index (nothing when it has none)."""
        part = self.parts.pop(graph, None)
        if part is None:
            return
        d = part.date
        if part.meta is not None:
            _discard(self.articles, (d, graph))
        for s, p, o in part.facts:
            self._unlink(s, p, "out", o, d, graph)
            self._unlink(o, p, "in", s, d, graph)
        for e in part.mentions:
            _discard_in(self.mentions, e, (d, graph))
        for q, sp in part.says.items():
            item = (d, q, graph)
            self.speaker.pop(q, None)
            _discard(self.quotes, item)
            _discard_in(self.by, sp, item)
            for a in part.about.get(q, ()):
                _discard_in(self.about, a, item)

    def finish(self) -> None:
        """Sort what bulk adds appended."""
        self.articles.sort()
        self.quotes.sort()
        for lists in (self.mentions, self.by, self.about):
            for lst in lists.values():
                lst.sort()
        for groups in self.relations.values():
            for grp in groups.values():
                for lst in grp.graphs.values():
                    lst.sort()
                grp.order = sorted((-len(lst), other) for other, lst in grp.graphs.items())

    def _link(self, e: str, pred: str, direction: str, other: str, d: str, graph: str, bulk: bool) -> None:
        grp = self.relations.setdefault(e, {}).setdefault((pred, direction), Group())
        lst = grp.graphs.get(other)
        if lst is None:
            lst = grp.graphs[other] = []
        if bulk:
            lst.append((d, graph))
            return
        if lst:
            _discard(grp.order, (-len(lst), other))
        insort(lst, (d, graph))
        insort(grp.order, (-len(lst), other))

    def _unlink(self, e: str, pred: str, direction: str, other: str, d: str, graph: str) -> None:
        groups = self.relations.get(e)
        grp = groups.get((pred, direction)) if groups else None
        lst = grp.graphs.get(other) if grp else None
        if grp is None or lst is None or groups is None:
            return
        _discard(grp.order, (-len(lst), other))
        _discard(lst, (d, graph))
        if lst:
            insort(grp.order, (-len(lst), other))
        else:
            del grp.graphs[other]
            if not grp.graphs:
                del groups[(pred, direction)]
                if not groups:
                    del self.relations[e]


def _append(lst: list[Any], item: Any) -> None:
    lst.append(item)


def _discard(lst: list[Any], item: Any) -> None:
    i = bisect_left(lst, item)
    if i < len(lst) and lst[i] == item:
        del lst[i]


def _discard_in(lists: dict[str, list[Any]], key: str, item: Any) -> None:
    lst = lists.get(key)
    if lst is not None:
        _discard(lst, item)
        if not lst:
            del lists[key]


# ---------------------------------------------------------------------- building and refreshing
_ONE_GRAPH = "SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o } }"
_RDF = PREFIXES["rdf"]
_STATEMENT_FIELDS = {_RDF + "subject": 0, _RDF + "predicate": 1, _RDF + "object": 2, _AIKG + "evidence": 3,
                     _AIKG + "confidence": 4, _AIKG + "charStart": 5, _AIKG + "charEnd": 6}


def build(kg: KnowledgeGraph) -> ReadModel:
    """The read model of the whole store: one scan per predicate it reads (no joins: ``by_predicate``)."""
    parts: dict[str, Part] = {}

    def part(g: str) -> Part:
        p = parts.get(g)
        if p is None:
            p = parts[g] = Part()
        return p

    store = kg.store
    for g, s, o in store.by_predicate(_TYPE):
        if o.value == _ARTICLE and s.value == g.value:
            part(g.value).meta = ArticleMeta()
    for pred_iri, name in META_FIELDS.items():
        for g, s, o in store.by_predicate(pred_iri):
            meta = parts[g.value].meta if g.value in parts and s.value == g.value else None
            if meta is not None and getattr(meta, name) is None:
                setattr(meta, name, o.value)
    for pred_iri, pred in _PREDICATE_IRIS.items():
        for g, s, o in store.by_predicate(pred_iri):
            if isinstance(s, NamedNode) and isinstance(o, NamedNode):
                part(g.value).facts.add((s.value, pred, o.value))
    for g, s, o in store.by_predicate(_MENTIONS):
        if s.value == g.value and isinstance(o, NamedNode):
            part(g.value).mentions.add(o.value)
    for g, s, o in store.by_predicate(_SAYS):
        if isinstance(o, NamedNode):
            part(g.value).says.setdefault(o.value, s.value)
    for g, s, o in store.by_predicate(_ABOUT):
        if isinstance(o, NamedNode):
            part(g.value).about.setdefault(s.value, set()).add(o.value)
    statements: dict[tuple[str, str], list[Any]] = {}
    for pred_iri, slot_ in _STATEMENT_FIELDS.items():
        for g, s, o in store.by_predicate(pred_iri):
            fields = statements.get((g.value, s.value))
            if fields is None:
                if slot_ != 0:
                    continue  # not a statement (every statement has rdf:subject, read first)
                fields = statements[(g.value, s.value)] = [None] * 7
            if fields[slot_] is None:
                fields[slot_] = o.value
    for (g, _st), fields in statements.items():
        _statement_evidence(part(g), fields)
    model = ReadModel()
    for g, p in parts.items():
        model.add(g, p, bulk=True)
    model.finish()
    return model


def read_part(kg: KnowledgeGraph, graph: str) -> Part | None:
    """The part of one named graph, read from the store (None: the graph is empty or absent)."""
    quads = list(rows(kg, bind(_ONE_GRAPH, g=NamedNode(graph))))
    if not quads:
        return None
    part = Part()
    if any(s.value == graph and p.value == _TYPE and o.value == _ARTICLE for s, p, o in quads):
        part.meta = ArticleMeta()  # the metadata counts only for articles, as in ``build``
    statements: dict[str, list[Any]] = {}
    for s, p, o in quads:
        part.add_quad(graph, s, p.value, o)
        slot_ = _STATEMENT_FIELDS.get(p.value)
        if slot_ is not None:
            fields = statements.setdefault(s.value, [None] * 7)
            if fields[slot_] is None:
                fields[slot_] = o.value
    for fields in statements.values():
        _statement_evidence(part, fields)
    return part


def _statement_evidence(part: Part, fields: list[Any]) -> None:
    """The evidence of one provenance statement (its seven values, in ``_STATEMENT_FIELDS`` order)."""
    st_s, st_p, st_o, ev, conf, cs, ce = fields
    pred = _PREDICATE_IRIS.get(st_p) if st_p else None
    if pred is not None and None not in (st_s, st_o, ev, conf, cs, ce):
        _add_evidence(part, (st_s, pred, st_o), _evidence(ev, conf, cs, ce))


def _add_evidence(part: Part, fact: tuple[str, str, str], evidence: Evidence) -> None:
    found = part.evidence.setdefault(fact, [])
    if evidence not in found:
        found.append(evidence)
        found.sort(key=lambda e: (e[2] or 0, e[0]))


def refresh(kg: KnowledgeGraph, model: ReadModel, touched: Iterable[str]) -> ReadModel:
    """``model`` brought up to date in place: each touched graph (an article graph, or a graph the model
    already holds, such as an imported source rewritten by type arbitration) taken out and read again."""
    graphs = sorted(i for i in touched if is_article_graph(i) or i in model.parts)
    fresh = {g: read_part(kg, g) for g in graphs}  # read before taking the lock: readers keep going
    with model.lock:
        for g, part in fresh.items():
            model.remove(g)
            if part is not None:
                model.add(g, part)
    return model


def read_model(kg: KnowledgeGraph) -> ReadModel:
    """The read model of ``kg`` at its current version (built on first use, then refreshed)."""
    versioned: Versioned[ReadModel] = slot(
        kg, "read-model", lambda: Versioned(kg, lambda: build(kg), lambda old, touched: refresh(kg, old, touched),
                                            eager=True))
    return versioned.get()
