"""Writes of one article through the API: ingest a JSON record, an uploaded file or a page fetched from
an allowed host; delete an article.

The article is read, then extracted and mapped (in a worker process when the graph has an
``extract_pool``: see ``graph/extract_pool.py``), then stored in one transaction, one writer at a time;
the answer says what was stored. :class:`IngestError` says why an article could not be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aikg.ontology import ENTITY_BASE, article_iri

from .read.models import ArticleRef, EntityRef, Fact, IngestResult, Quote
from .read.terms import article_node, public_slug

if TYPE_CHECKING:  # pragma: no cover
    from . import KnowledgeGraph

__all__ = ["IngestError", "ingest_record", "ingest_file", "ingest_url", "delete_article"]


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
        from .read.articles import article_detail

        rec = CrawlState(kg.store).page(canonical_url(url))
        story = rec.article or rec.copy_of if rec else None
        if story is None:
            raise IngestError("; ".join(report.warnings) or "the page could not be stored")
        detail = article_detail(kg, story)
        return IngestResult(ArticleRef(detail.id, detail.iri, detail.title, detail.url, detail.date), True, 0,
                            detail.entities, detail.facts, detail.quotes, report.warnings)
    return _ingest_result(kg, report)


def delete_article(kg: KnowledgeGraph, article_id: str) -> bool:
    """Remove an article's graph: its metadata, quotes and every fact it supported (facts other articles
    also state stay, in their graphs). False when there is no such article."""
    if article_node(article_id) is None:
        return False
    return kg.remove_article(article_id)
