"""Crawl state, kept in the store as RDF: what was fetched, when, with which validators and outcome.

Each feed and each page (an article URL) has one record, stored as its own small named graph
(``https://w3id.org/aikg/crawl/feed/…`` or ``…/crawl/page/…``, the graph named after the record) and
written with one atomic graph replacement, so a record is always whole, whatever stops the process. The
properties are in the ``ops:`` vocabulary (``https://w3id.org/aikg/ops#``: ``ops:url``, ``ops:status``,
``ops:etag``, ``ops:checkedAt``, …; docs/feeds.md lists them), so the state can be queried with SPARQL
like everything else.

Order of writes keeps restarts safe: a page's record is written after its article, and a feed's
validators after every item of that fetch has been dealt with — a process killed in between fetches
that feed again in full next time, and finds the items already done in their page records.

>>> from aikg.graph.store import open_store
>>> state = CrawlState(open_store("memory"))
>>> state.save(PageRecord("https://news.example/a", status="ingested", article="0123456789abcdef", attempts=1))
>>> rec = state.page("https://news.example/a"); (rec.status, rec.article, rec.attempts)
('ingested', '0123456789abcdef', 1)
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, fields
from datetime import UTC, datetime
from typing import Any, TypeVar

from pyoxigraph import Literal, NamedNode, Quad

from aikg.ontology import NS

from ..changes import OPS, value_of
from ..store import OxigraphStore, RemoteStore, bind

__all__ = ["CRAWL_BASE", "Record", "FeedRecord", "PageRecord", "CrawlState", "iso_now", "parse_time", "record_iri"]

CRAWL_BASE = "https://w3id.org/aikg/crawl/"
_TIME_FIELDS = frozenset({"checked_at", "next_check"})
_XSD = NS["xsd"]
_RDF_TYPE = NamedNode(NS["rdf"].type)


def iso_now(offset: float = 0.0) -> str:
    """Now (plus ``offset`` seconds), as ISO 8601 UTC to the second."""
    return datetime.fromtimestamp(datetime.now(UTC).timestamp() + offset, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: str | None) -> float:
    """Seconds since the epoch of an ISO time (0.0 for None or unreadable).

    >>> parse_time("1970-01-01T00:01:00Z"), parse_time(None)
    (60.0, 0.0)
    """
    if not value:
        return 0.0
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return 0.0
    return (d if d.tzinfo else d.replace(tzinfo=UTC)).timestamp()


@dataclass
class Record:
    """What feed and page records share: the URL, the validators of the last 200, when it was checked and
    is due again, and the outcome (``status``, ``error``)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: str | None = None
    next_check: str | None = None
    status: str = "new"
    error: str | None = None


@dataclass
class FeedRecord(Record):
    """A feed's state. ``status``: new, ok, not-modified, failed or disallowed; ``failures``: failed polls
    in a row; ``interval``: its own poll interval (seconds); ``items``: entries in its last fetch."""

    title: str | None = None
    kind: str | None = None
    failures: int = 0
    interval: float | None = None
    items: int = 0


@dataclass
class PageRecord(Record):
    """A page's state. ``status`` of the last check: ingested (a new article), replaced (an edit stored),
    unchanged (304, or the same text), copy (a syndicated copy of ``copy_of``), failed (to be retried
    after ``next_check``), gave-up (failed ``attempts`` times), disallowed (robots.txt or allow-list).
    ``article``: the id of the article this page is stored as; ``sketch``: its text sketch
    (graph/feeds/syndication.py); ``digest``: a hash of its title and text; ``stamp``: the feed entry's
    updated time when it was last dealt with; ``feed``: the feed that listed it."""

    feed: str | None = None
    stamp: str | None = None
    canonical: str | None = None
    attempts: int = 0
    article: str | None = None
    copy_of: str | None = None
    sketch: str | None = None
    digest: str | None = None


R = TypeVar("R", FeedRecord, PageRecord)
_KINDS: dict[type, str] = {FeedRecord: "feed", PageRecord: "page"}
_CLASSES = {FeedRecord: NamedNode(OPS + "Feed"), PageRecord: NamedNode(OPS + "Page")}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(w.title() for w in rest)


_PRED = {cls: {f.name: NamedNode(OPS + _camel(f.name)) for f in fields(cls)} for cls in _KINDS}
_FIELD = {cls: {p.value: name for name, p in preds.items()} for cls, preds in _PRED.items()}


def record_iri(cls: type, url: str) -> str:
    """The IRI (and graph name) of the record of ``url``."""
    return f"{CRAWL_BASE}{_KINDS[cls]}/{hashlib.sha256(url.encode('utf-8')).hexdigest()[:24]}"


def _literal(name: str, value: Any) -> Literal:
    if name in _TIME_FIELDS:
        return Literal(value, datatype=NamedNode(_XSD.dateTime))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Literal(str(value))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(_XSD.integer))
    return Literal(repr(float(value)), datatype=NamedNode(_XSD.double))


def _value(cls: type, name: str, text: str) -> Any:
    kind = next(f.type for f in fields(cls) if f.name == name)
    if "int" in str(kind):
        return int(float(text))
    if "float" in str(kind):
        return float(text)
    return text


class CrawlState:
    """Reads and writes crawl records in ``store`` (see the module docstring)."""

    def __init__(self, store: OxigraphStore | RemoteStore) -> None:
        self.store = store

    def save(self, record: FeedRecord | PageRecord) -> None:
        """Replace the record in one transaction."""
        cls = type(record)
        g = NamedNode(record_iri(cls, record.url))
        quads = [Quad(g, _RDF_TYPE, _CLASSES[cls], g)]
        for name, pred in _PRED[cls].items():
            value = getattr(record, name)
            if value is not None:
                quads.append(Quad(g, pred, _literal(name, value), g))
        self.store.replace_graphs([g.value], quads)

    def _load(self, cls: type[R], url: str) -> R | None:
        g = NamedNode(record_iri(cls, url))
        rows = self.store.select(bind("SELECT ?p ?o WHERE { GRAPH $g { $g ?p ?o } }", g=g))
        return self._build(cls, [(value_of(r["p"]), value_of(r["o"])) for r in rows])

    def _build(self, cls: type[R], pairs: list[tuple[str, str]]) -> R | None:
        values: dict[str, Any] = {}
        for p, o in pairs:
            name = _FIELD[cls].get(p)
            if name is not None:
                values[name] = _value(cls, name, o)
        if "url" not in values:
            return None
        return cls(**values)

    def _all(self, cls: type[R], where: str = "") -> list[R]:
        rows = self.store.select(
            f"SELECT ?g ?p ?o WHERE {{ GRAPH ?g {{ ?g a <{_CLASSES[cls].value}> {where} . ?g ?p ?o }} }}"
        )
        by_graph: dict[str, list[tuple[str, str]]] = {}
        for r in rows:
            by_graph.setdefault(value_of(r["g"]), []).append((value_of(r["p"]), value_of(r["o"])))
        out = [self._build(cls, pairs) for pairs in by_graph.values()]
        return sorted((r for r in out if r is not None), key=lambda r: r.url)

    def feed(self, url: str) -> FeedRecord | None:
        return self._load(FeedRecord, url)

    def page(self, url: str) -> PageRecord | None:
        return self._load(PageRecord, url)

    def feeds(self) -> list[FeedRecord]:
        """Every feed record, by URL."""
        return self._all(FeedRecord)

    def pages(self, status: str | None = None) -> list[PageRecord]:
        """Every page record (with that status), by URL."""
        where = "" if status is None else f"; <{OPS}status> {Literal(status)}"
        return self._all(PageRecord, where)

    def stories(self) -> list[tuple[str, list[int]]]:
        """(article id, sketch) of every page stored as a story of its own."""
        rows = self.store.select(
            f"SELECT ?a ?s WHERE {{ GRAPH ?g {{ ?g a <{OPS}Page> ; <{OPS}article> ?a ; <{OPS}sketch> ?s }} }}"
        )
        return [(value_of(r["a"]), [int(h, 16) for h in value_of(r["s"]).split()]) for r in rows]

    def counts(self) -> dict[str, dict[str, int]]:
        """Page records by feed URL, then by status."""
        rows = self.store.select(
            f"SELECT ?f ?st (COUNT(?g) AS ?n) WHERE {{ GRAPH ?g {{ ?g a <{OPS}Page> ; <{OPS}feed> ?f ; "
            f"<{OPS}status> ?st }} }} GROUP BY ?f ?st"
        )
        out: dict[str, dict[str, int]] = {}
        for r in rows:
            out.setdefault(value_of(r["f"]), {})[value_of(r["st"])] = int(value_of(r["n"]))
        return out

    def copies_of(self, article: str) -> list[str]:
        """URLs of the pages recorded as syndicated copies of the story ``article``."""
        rows = self.store.select(bind(
            f"SELECT ?u WHERE {{ GRAPH ?g {{ ?g <{OPS}copyOf> $a ; <{OPS}url> ?u }} }} ORDER BY ?u", a=article))
        return [value_of(r["u"]) for r in rows]
