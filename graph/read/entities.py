"""Entity pages: the detail (relations grouped by predicate, quotes, articles), the relations of one
group page by page, and the entity's RDF description.

A page costs what it shows: the groups, their counts and their first rows come from the read model
(:mod:`aikg.graph.read.model`, in memory and sorted), and the store is asked only for the evidence of
the sources shown (one query per direction, bound to the entity and to those article graphs) and for
the entity's own description. A hub mentioned in 10,000 articles costs about what a leaf costs.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from pyoxigraph import NamedNode

from aikg.ontology import ENTITY_BASE

from ..store import bind
from .cache import cached, slot
from .index import Indexed, entity_refs, index, suggest_entities, with_counts
from .model import ReadModel, group_rank, read_model
from .models import (
    ArticleRef,
    EntityCounts,
    EntityDetail,
    EntityRef,
    PageData,
    Relation,
    RelationGroup,
    Source,
)
from .quotes import quote_page
from .terms import NotFound, article_id_of, entity_node, slug_of, v

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = [
    "entity_detail", "entity_relations", "entity_triples", "require_entity", "with_evidence", "encode_cursor",
    "decode_cursor", "article_refs", "cached_for_entity", "MAX_CACHE",
]

T = TypeVar("T")
#: Entity answers kept across writes that did not touch them.
MAX_CACHE = 4096

_DESCRIBE = """SELECT ?p ?v WHERE {
  VALUES ?p { rdf:type rdfs:label skos:altLabel owl:sameAs skos:broader schema:jobTitle }
  $e ?p ?v }"""


# ---------------------------------------------------------------------- cursors
def encode_cursor(predicate: str, direction: str, count: int, other: str) -> str:
    """An opaque cursor naming the last row a page showed (its group and its place in the group).

    >>> decode_cursor(encode_cursor("builds", "out", 3, "https://w3id.org/aikg/id/gpt-4"))
    ('builds', 'out', 3, 'https://w3id.org/aikg/id/gpt-4')
    """
    raw = json.dumps([predicate, direction, count, other], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str, int, str]:
    """The row a cursor names; ValueError (saying so) for anything that is not a cursor of ours."""
    try:
        p, d, n, o = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ValueError(f"not a cursor: {cursor[:40]!r}") from exc
    if not (isinstance(p, str) and d in ("out", "in") and isinstance(n, int) and isinstance(o, str)):
        raise ValueError(f"not a cursor: {cursor[:40]!r}")
    return p, d, n, o


# ---------------------------------------------------------------------- building blocks
def require_entity(kg: KnowledgeGraph, slug: str) -> Indexed:
    entry = index(kg).get(slug)
    if entry is None:
        raise NotFound("entity", slug, suggest_entities(kg, slug))
    return entry


def _sources(m: ReadModel, dated: list[tuple[str, str]], n: int | None) -> list[Source]:
    return [Source(g, article_id_of(g), date=d or None) for d, g in m.newest(dated, n)]


def _relation(m: ReadModel, pred: str, direction: str, ref: EntityRef, dated: list[tuple[str, str]],
              n: int | None) -> Relation:
    first, last = m.first_last(dated)
    return Relation(pred, direction, ref, None, len(dated), _sources(m, dated, n), first, last)  # type: ignore[arg-type]


def with_evidence(kg: KnowledgeGraph, slug: str, rels: list[Relation], max_sources: int | None) -> list[Relation]:
    """Copies of ``rels`` whose sources (the newest ``max_sources`` of each, None: all) are filled in from
    the read model: evidence sentence, confidence and offsets (one source per sentence, so an article
    that states a fact twice gives two), title and url. ``confidence`` becomes the highest among those
    sources. Reads nothing from the store."""
    me = ENTITY_BASE + slug
    m = read_model(kg)
    out = []
    with m.lock:
        for r in rels:
            fact = (me, r.predicate, r.entity.iri) if r.direction == "out" else (r.entity.iri, r.predicate, me)
            sources = []
            for s in r.sources:
                part = m.parts.get(s.article)
                meta = part.meta if part is not None else None
                title, url = (meta.title, meta.url) if meta else (None, None)
                found = part.evidence.get(fact) if part is not None else None
                if not found:
                    sources.append(Source(s.article, s.article_id, title, url, s.date))
                    continue
                seen: set[tuple[Any, ...]] = set()
                for ev, conf, start, end in found:
                    if (ev, start) not in seen:
                        seen.add((ev, start))
                        sources.append(Source(s.article, s.article_id, title, url, s.date, ev, conf, start, end))
            sources = sorted(sources, key=lambda s: (s.date or "", s.article, s.char_start or 0), reverse=True)[:max_sources]
            confs = [s.confidence for s in sources if s.confidence is not None]
            out.append(Relation(r.predicate, r.direction, r.entity, max(confs) if confs else None, r.source_count,
                                sources, r.first, r.last))
    return out


def article_refs(kg: KnowledgeGraph, graphs: Iterable[str]) -> list[ArticleRef]:
    """ArticleRefs of graphs (metadata from the read model; graphs that are not articles get only an id)."""
    m = read_model(kg)
    out = []
    for g in graphs:
        meta = m.meta(g)
        if meta is None:
            out.append(ArticleRef(article_id_of(g), g))
        else:
            out.append(ArticleRef(meta.id or article_id_of(g), g, meta.title, meta.url, meta.date))
    return out


# ---------------------------------------------------------------------- entity detail
def entity_detail(
    kg: KnowledgeGraph, slug: str, max_sources: int = 5, max_items: int = 20, max_relations: int = 25
) -> EntityDetail:
    """An entity with its relations both ways grouped by predicate and direction (the ``max_relations``
    best supported of each group, ``count`` has them all and ``next`` is the cursor of the rest; at most
    ``max_sources`` sources each, newest first, ``source_count`` has them all), quotes by and about it
    (newest ``max_items``), and the newest ``max_items`` articles that mention it (``counts`` has the
    totals). Raises :class:`NotFound` with suggestions."""

    def compute() -> EntityDetail:
        entry = require_entity(kg, slug)
        iri = ENTITY_BASE + slug
        m = read_model(kg)
        # (predicate, direction, count, [(other, sources, first, last, newest (date, graph))])
        shown: list[tuple[str, str, int, list[tuple[str, int, tuple[str | None, str | None], list[tuple[str, str]]]]]] = []
        with m.lock:  # the skeleton, all from memory: groups, first rows, newest sources, articles, quotes
            for gv in m.groups(iri):
                rows = [(other, len(dated), m.first_last(dated), m.newest(dated, max_sources))
                        for other, dated in m.rows(gv.group, 0, max_relations)]
                shown.append((gv.predicate, gv.direction, gv.count, rows))
            mentioned = [g for _d, g in m.newest(m.mentions.get(iri, []), max_items)]
            n_articles, n_by = len(m.mentions.get(iri, ())), len(m.by.get(iri, ()))
            by_rows = m.newest(m.by.get(iri, []), max_items)
            about_rows = m.newest(m.about.get(iri, []), max_items)
            n_relations = m.relation_count(iri)
        refs = entity_refs(kg, {row[0] for _p, _d, _c, rows in shown for row in rows})
        rels = [Relation(p, d, refs[other], None, n, [Source(g, article_id_of(g), date=dt or None) for dt, g in newest],  # type: ignore[arg-type]
                         first, last)
                for p, d, _c, rows in shown for other, n, (first, last), newest in rows]
        filled = iter(with_evidence(kg, slug, rels, max_sources))
        groups = []
        for p, d, count, rows in shown:
            nxt = encode_cursor(p, d, rows[-1][1], rows[-1][0]) if rows and count > len(rows) else None
            groups.append(RelationGroup(p, d, count, [next(filled) for _ in rows], nxt))  # type: ignore[arg-type]
        broader_iris: list[str] = []
        job_titles: list[str] = []
        for row in kg.select(_DESCRIBE, e=entity_node(slug)):
            p = v(row, "p")
            if p.endswith("broader") and isinstance(row["v"], NamedNode):
                broader_iris.append(row["v"].value)
            elif p.endswith("jobTitle"):
                job_titles.append(v(row, "v"))
        broader = entity_refs(kg, broader_iris)
        s = with_counts(kg, entry.summary)
        return EntityDetail(
            slug=s.slug, iri=s.iri, label=s.label, type=s.type, aliases=s.aliases, same_as=s.same_as,
            counts=EntityCounts(n_articles, n_relations, n_by),
            broader=[broader[i] for i in sorted(set(broader_iris))],
            job_titles=sorted(set(job_titles)),
            relations=groups,
            quotes_by=quote_page(kg, by_rows),
            quotes_about=quote_page(kg, about_rows),
            articles=article_refs(kg, mentioned),
        )

    return cached_for_entity(kg, ENTITY_BASE + slug, ("entity", slug, max_sources, max_items, max_relations), compute,
                             _refs_of_detail)


def _refs_of_detail(d: EntityDetail) -> dict[str, tuple[str, str | None]]:
    """Every entity a detail names, as {iri: (label, type)} (what ``cached_for_entity`` checks)."""
    named = [*d.broader, *(r.entity for g in d.relations for r in g.relations)]
    for q in (*d.quotes_by, *d.quotes_about):
        named += [q.speaker, *q.about] if q.speaker is not None else q.about
    return {r.iri: (r.label, r.type) for r in named}


def entity_relations(
    kg: KnowledgeGraph,
    slug: str,
    predicate: str | None = None,
    direction: str | None = None,
    limit: int = 50,
    offset: int = 0,
    cursor: str | None = None,
) -> PageData[Relation]:
    """The relations of an entity with every source of each, optionally of one predicate and direction,
    in the detail's order: by ``offset`` or from a ``cursor`` (a group's ``next``, or a page's
    ``cursor``: ValueError when it is not one). The page's ``cursor`` continues it (None: last page)."""
    require_entity(kg, slug)
    after = decode_cursor(cursor) if cursor else None

    def compute() -> PageData[Relation]:
        iri = ENTITY_BASE + slug
        m = read_model(kg)
        picked: list[tuple[str, str, str, list[tuple[str, str]]]] = []
        more = False
        with m.lock:
            groups = [g for g in m.groups(iri) if (predicate is None or g.predicate == predicate)
                      and (direction is None or g.direction == direction)]
            total = sum(g.count for g in groups)
            for gv, start in _starts(m, groups, offset, after):
                if len(picked) == limit:
                    more = start < gv.count
                    if more:
                        break
                    continue
                rows = list(m.rows(gv.group, start, start + limit - len(picked)))
                picked += [(gv.predicate, gv.direction, other, list(dated)) for other, dated in rows]
                more = start + len(rows) < gv.count  # rows of this group left over
        refs = entity_refs(kg, {other for _p, _d, other, _dated in picked})
        rels = [_relation(m, p, d, refs[other], dated, None) for p, d, other, dated in picked]
        last = picked[-1] if picked else None
        nxt = encode_cursor(last[0], last[1], len(last[3]), last[2]) if more and last else None
        return PageData(with_evidence(kg, slug, rels, None), total, limit, offset, nxt)

    return cached(kg, ("relations-page", slug, predicate, direction, limit, offset, cursor), compute)


def _starts(m: ReadModel, groups: list[Any], offset: int, after: tuple[str, str, int, str] | None) -> Iterable[tuple[Any, int]]:
    """(group, first position to show in it) for the groups a page reads from, in order."""
    if after is None:
        for gv in groups:
            if offset >= gv.count:
                offset -= gv.count
                continue
            yield gv, offset
            offset = 0
        return
    target = group_rank(after[0], after[1])
    for gv in groups:
        rank = group_rank(gv.predicate, gv.direction)
        if rank == target:
            yield gv, m.after(gv.group, after[2], after[3])
        elif rank > target:  # the groups after the cursor's (also when the cursor's group is gone)
            yield gv, 0


# ---------------------------------------------------------------------- answers kept across writes
def cached_for_entity(kg: KnowledgeGraph, iri: str, key: tuple[Any, ...], compute: Callable[[], T],
                      refs_of: Callable[[T], dict[str, tuple[str, str | None]]] | None = None) -> T:
    """``compute()`` about the entity ``iri``, kept across writes that did not touch it.

    A value stays valid while no write touched ``iri`` (``KnowledgeGraph.changes_since``) and every
    entity it names (an ``EntityRef`` inside it) that a write did touch still has the same label and type.
    Writes that do not say what they touched drop it. ``refs_of(value)`` lists those entities (default:
    every EntityRef found by walking the value). Everything else an entity's answers show (its
    relations, their sources, its quotes and articles) comes from articles that mention it, and a write
    of such an article touches it.
    """
    lasting: dict[tuple[Any, ...], tuple[int, dict[str, tuple[str, str | None]], Any]] = slot(kg, "lasting", dict)
    version = kg.version
    entry = lasting.get(key)
    if entry is not None:
        seen, refs, value = entry
        if seen == version:
            return value
        touched = kg.changes_since(seen)
        if touched is not None and iri not in touched and _same_refs(kg, touched, refs):
            lasting[key] = (version, refs, value)
            return value
    value = cached(kg, key, compute)
    if kg.version == version:
        if len(lasting) >= MAX_CACHE:
            lasting.clear()
        lasting[key] = (version, refs_of(value) if refs_of else _entity_refs_in(value, {}), value)
    return value


def _entity_refs_in(value: Any, out: dict[str, tuple[str, str | None]]) -> dict[str, tuple[str, str | None]]:
    """Every EntityRef inside ``value`` (dataclasses and lists), as {iri: (label, type)}."""
    if isinstance(value, EntityRef):
        out[value.iri] = (value.label, value.type)
    elif isinstance(value, list):
        for x in value:
            _entity_refs_in(x, out)
    elif hasattr(value, "__dataclass_fields__"):
        for name in value.__dataclass_fields__:
            x = getattr(value, name)
            if isinstance(x, EntityRef | list) or hasattr(x, "__dataclass_fields__"):
                _entity_refs_in(x, out)
    return out


def _same_refs(kg: KnowledgeGraph, touched: frozenset[str], refs: dict[str, tuple[str, str | None]]) -> bool:
    changed = touched & refs.keys() if len(touched) < len(refs) else {i for i in refs if i in touched}
    if not changed:
        return True
    entries = index(kg)
    for iri in changed:
        entry = entries.get(slug_of(iri))
        if entry is None or (entry.summary.label, entry.summary.type) != refs[iri]:
            return False
    return True


# ---------------------------------------------------------------------- linked data
_ENTITY_CONSTRUCT = """CONSTRUCT { $e ?p ?o . ?s ?q $e } WHERE {
  { $e ?p ?o . FILTER(?p NOT IN (aikg:says, aikg:typedAs)) }
  UNION
  { VALUES ?q { %s } ?s ?q $e }
}"""


def entity_triples(kg: KnowledgeGraph, slug: str) -> list[Any]:
    """The RDF description of an entity: its own triples and the relations pointing at it."""
    from .terms import PRED_VALUES

    entry = index(kg).get(slug)
    node = entity_node(slug)
    if entry is None or node is None:
        raise NotFound("entity", slug, suggest_entities(kg, slug))
    query = bind(_ENTITY_CONSTRUCT % PRED_VALUES, e=node)
    return cached(kg, ("entity-triples", slug), lambda: sorted(set(kg.query(query)), key=str))
