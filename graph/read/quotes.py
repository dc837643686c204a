"""Quotes, newest first: all of them, by a speaker, about an entity, between two dates.

Which quotes, and in what order, comes from the read model (every quote with a speaker, by date); the
store is asked only for the text, offsets and subjects of the quotes on the page.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from datetime import date
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode

from aikg.ontology import ENTITY_BASE, PREFIXES

from .cache import cached
from .index import entity_refs, resolve_entity
from .model import read_model
from .models import ArticleRef, PageData, Quote
from .terms import article_id_of, as_float, as_int, chunks, v, values

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["quotes", "quote_page"]

_ABOUT, _TEXT, _AIKG = PREFIXES["aikg"] + "about", PREFIXES["schema"] + "text", PREFIXES["aikg"]


def quote_page(kg: KnowledgeGraph, rows: list[tuple[str, str, str]]) -> list[Quote]:
    """Quotes from (date, quote, graph) rows of the read model: text, offsets, subjects, speaker, article."""
    m = read_model(kg)
    with m.lock:
        speakers = {q: m.speaker.get(q, "") for _d, q, _g in rows}
        metas = {g: m.meta(g) for _d, _q, g in rows}
    props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
    for part in chunks([q for _d, q, _g in rows]):
        for r in kg.select(f"SELECT ?q ?p ?o WHERE {{ {values('q', part)} ?q ?p ?o }}"):
            props[v(r, "q")][v(r, "p")].append(r["o"])

    def one(q: str, pred: str) -> Any:
        found = props[q].get(pred)
        return found[0].value if found else None

    abouts = {q: sorted({t.value for t in props[q].get(_ABOUT, []) if isinstance(t, NamedNode)}) for _d, q, _g in rows}
    refs = entity_refs(kg, [sp for sp in speakers.values() if sp] + [a for lst in abouts.values() for a in lst])
    out = []
    for d, q, g in rows:
        meta = metas.get(g)
        art = (ArticleRef(meta.id or article_id_of(g), g, meta.title, meta.url, meta.date) if meta
               else ArticleRef(article_id_of(g), g))
        out.append(Quote(q, one(q, _TEXT) or "", refs.get(speakers[q]), [refs[a] for a in abouts[q]], art, d or None,
                         as_float(one(q, _AIKG + "confidence")), as_int(one(q, _AIKG + "charStart")),
                         as_int(one(q, _AIKG + "charEnd"))))
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

    def compute() -> PageData[Quote]:
        m = read_model(kg)
        iris: dict[str, str] = {}
        for name, text in (("about", about), ("speaker", speaker)):
            if text is None:
                continue
            slug = resolve_entity(kg, text)
            if slug is None:
                return PageData([], 0, limit, offset)
            iris[name] = ENTITY_BASE + slug
        with m.lock:
            if "about" in iris:
                pool = m.about.get(iris["about"], [])
                if "speaker" in iris:
                    pool = [r for r in pool if m.speaker.get(r[1]) == iris["speaker"]]
            elif "speaker" in iris:
                pool = m.by.get(iris["speaker"], [])
            else:
                pool = m.quotes
            if since or until:
                lo = bisect_left(pool, (since.isoformat(),)) if since else bisect_left(pool, ("\x00",))
                hi = bisect_right(pool, (until.isoformat(), "\uffff")) if until else len(pool)
                pool = pool[lo:hi]
            total = len(pool)
            page = m.newest(pool, limit, start=offset)
        return PageData(quote_page(kg, page), total, limit, offset)

    return cached(kg, ("quotes", about, speaker, since, until, limit, offset), compute)
