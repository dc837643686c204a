"""Ingest: articles (or read errors) become stored graphs, one transaction per batch of articles.

A batch (``FIRST_BATCH`` articles, then twice as many each time up to ``batch_size``) is written with one SPARQL Update (drop each article's graph, insert its new quads), so every
article is either completely stored or absent, whatever happens. If a batch fails, its articles are
retried one at a time so that one bad article never stops the others.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from pyoxigraph import NamedNode, Quad, RdfFormat, parse, serialize

from aikg.ontology import article_iri

from .articles import Article, ReadError
from .changes import ChangeLog, Entry, entries_from_quads, nquads_bytes
from .extract import Extraction, extract, extract_many
from .extract.registry import Registry, load_registry
from .rdf import article_quads, entity_node
from .store import OxigraphStore, RemoteStore, StoreError, bind

__all__ = ["IngestReport", "ArticleResult", "Ingestor", "mentioned_entities", "worker_init", "worker_prepare"]


@dataclass
class ArticleResult:
    """What ingesting one article did."""

    article: Article
    extraction: Extraction
    replaced: bool
    triples: int


@dataclass
class IngestReport:
    """Summary of one ingest run: articles read, new, replaced, failed; quads written; seconds.

    ``triples`` counts the quads written (each article's graph plus the entity descriptions it carries,
    some of which the store may already hold); ``store_quads``, when set, is the size of the store after
    the run (``aikg.graph.stats.count_quads``, the figure ``aikg stats`` shows).

    >>> print(IngestReport(read=2, new=2, triples=120, store_quads=110, seconds=0.5).summary())
    articles read: 2, new: 2, replaced: 0, failed: 0; quads written: 120, quads in the store: 110; 0.50 s (4 articles/s)
    """

    read: int = 0
    new: int = 0
    replaced: int = 0
    failed: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list)
    store_quads: int | None = None

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def add(self, other: IngestReport) -> IngestReport:
        """This report with ``other``'s counts, messages and results added (for one run over several inputs)."""
        for name in ("read", "new", "replaced", "failed", "triples", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors += other.errors
        self.warnings += other.warnings
        self.results += other.results
        if other.store_quads is not None:  # the later report knows the newer size
            self.store_quads = other.store_quads
        return self

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        stored = "" if self.store_quads is None else f", quads in the store: {self.store_quads}"
        return (
            f"articles read: {self.read}, new: {self.new}, replaced: {self.replaced}, failed: {self.failed}; "
            f"quads written: {self.triples}{stored}; {self.seconds:.2f} s ({rate:.0f} articles/s)"
        )

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (without the per-article results)."""
        return {"read": self.read, "new": self.new, "replaced": self.replaced, "failed": self.failed,
                "quads_written": self.triples, "store_quads": self.store_quads, "seconds": round(self.seconds, 3),
                "errors": list(self.errors), "warnings": list(self.warnings)}

    def fail(self, message: str) -> None:
        """Count one input that failed, and say why."""
        self.failed += 1
        self.errors.append(message)


#: Articles prepared in this process before a large ingest hands extraction to worker processes.
PARALLEL_AFTER = 32
#: The first batch of a run; each next one is twice as large, up to ``batch_size``. Extraction (a statistical parse)
#: takes tens of milliseconds per article: the first articles are stored within seconds, not after 256 others. The
#: sizes depend only on the input's order (never on timing), so two runs over one input write the same batches.
FIRST_BATCH = 16
_CHUNK = 16


@dataclass
class _Prepared:
    """An article with its extraction and quads (or their N-Quads text), or why it could not be prepared."""

    article: Article
    extraction: Extraction | None
    quads: list[Quad]
    error: str | None = None
    nquads: bytes | None = None  # from a worker: parsed only when a replacement needs Quad objects
    count: int = 0
    entries: list[Entry] = field(default_factory=list)  # its facts and quotes, for the change log

    def __post_init__(self) -> None:
        if self.nquads is None:
            self.count = len(self.quads)

    def quad_list(self) -> list[Quad]:
        if self.nquads is not None and not self.quads:
            self.quads = list(parse(self.nquads, format=RdfFormat.N_QUADS))
        return self.quads


def mentioned_entities(store: OxigraphStore | RemoteStore, article_ids: Iterable[str]) -> set[str]:
    """The IRIs of the entities the stored articles ``article_ids`` mention (what removing them touches)."""
    out: set[str] = set()
    for i in article_ids:
        g = NamedNode(article_iri(i))
        for row in store.select(bind("SELECT ?e WHERE { GRAPH $g { $g aikg:mentions ?e } }", g=g)):
            out.add(str(row["e"].value))  # type: ignore[union-attr]
    return out


def _prepare(article: Article, registry: Registry, ex: Extraction | None = None) -> _Prepared:
    try:
        ex = ex if ex is not None else extract(article, registry)
        quads = article_quads(article, ex)
        return _Prepared(article, ex, quads, entries=entries_from_quads(quads))
    except Exception as exc:  # an extractor bug must not stop the other articles
        return _Prepared(article, None, [], f"extraction failed: {exc.__class__.__name__}: {exc}")


def _prepare_all(articles: list[Article], registry: Registry) -> list[_Prepared]:
    """``[_prepare(a) for a in articles]``, the articles parsed together (``extract_many``: larger batches); if
    that fails, one at a time, so that only the bad article fails."""
    try:
        exs: list[Extraction | None] = list(extract_many(articles, registry))
    except Exception:  # an extractor bug: find the article that has it
        exs = [None] * len(articles)
    return [_prepare(a, registry, ex) for a, ex in zip(articles, exs, strict=True)]


_worker_registry: Registry | None = None


def worker_init(user_file: str | None, registry: Registry | None = None) -> None:
    """Set up an extraction worker process: the registry (given, or loaded with ``user_file``)."""
    global _worker_registry
    _worker_registry = registry if registry is not None else load_registry(user_file)


_Worked = tuple[Article, Extraction | None, bytes, str | None, list[Entry]]


def worker_prepare(chunk: list[Article | ReadError], keep: bool) -> list[ReadError | _Worked]:
    """In a worker process: extraction and mapping, quads sent back as N-Quads (fast to parse again)."""
    assert _worker_registry is not None
    out: list[ReadError | _Worked] = []
    prepared = iter(_prepare_all([a for a in chunk if not isinstance(a, ReadError)], _worker_registry))
    for item in chunk:
        if isinstance(item, ReadError):
            out.append(item)
            continue
        p = next(prepared)
        data = (serialize(p.quads, format=RdfFormat.N_QUADS) or b"") if p.quads else b""
        out.append((p.article, p.extraction if keep else None, data, p.error, p.entries))
    return out


class Ingestor:
    """Turns articles into quads and writes them in atomic batches.

    Large ingests (more than ``PARALLEL_AFTER`` articles) extract in ``workers`` processes while this
    process writes; the result is the same as a serial run.
    """

    def __init__(
        self,
        store: OxigraphStore | RemoteStore,
        registry: Registry,
        batch_size: int = 256,
        on_stored: Callable[[set[str] | None], None] | None = None,
        workers: int = 0,
        registry_file: str | None = None,
        pool: Any | None = None,
        write_lock: Any | None = None,
        journal: ChangeLog | None = None,
        settle_first: bool = True,
        uncounted: list[str] | None = None,
    ) -> None:
        self.pool = pool  # an ExtractPool (graph/extract_pool.py): every article is extracted there
        self.write_lock = write_lock or contextlib.nullcontext()
        self.store = store
        self.settle_first = settle_first
        #: Article graphs written but not yet counted into the type tally (their arbitration failed): counted
        #: with the next batch. Shared by the caller across runs (``KnowledgeGraph`` keeps one list).
        self.uncounted = [] if uncounted is None else uncounted
        self.registry = registry
        self.batch_size = batch_size
        self.on_stored = on_stored
        self.workers = workers if workers > 0 else (os.cpu_count() or 1)
        self.registry_file = registry_file
        self.journal = journal or ChangeLog(store, enabled=False)

    def prepare(self, article: Article) -> tuple[Extraction, list[Quad]]:
        ex = extract(article, self.registry)
        return ex, article_quads(article, ex)

    def _prepared(self, items: Iterable[Article | ReadError], keep: bool) -> Iterator[_Prepared | ReadError]:
        """Prepared articles in input order: the first ones here, the rest in worker processes (all of
        them in the pool's processes when the ingestor has one)."""
        it = iter(items)
        if self.pool is not None:
            while chunk := list(islice(it, _CHUNK)):
                yield from _unpack(self.pool.prepare(chunk, keep))
            return
        for item in islice(it, PARALLEL_AFTER):
            yield item if isinstance(item, ReadError) else _prepare(item, self.registry)
        if self.workers < 2:
            for item in it:
                yield item if isinstance(item, ReadError) else _prepare(item, self.registry)
            return
        first = next(it, None)
        if first is None:
            return
        import multiprocessing

        def chunks() -> Iterator[list[Article | ReadError]]:
            yield [first, *islice(it, _CHUNK - 1)]
            while chunk := list(islice(it, _CHUNK)):
                yield chunk

        # fork: workers inherit the loaded registry and never touch the store; spawn would re-run the
        # caller's main module, a trap for scripts without a ``__main__`` guard
        ctx = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        with ctx.Pool(self.workers, initializer=worker_init, initargs=(self.registry_file, self.registry)) as pool:
            for results in pool.imap(_call_worker, ((c, keep) for c in chunks())):
                yield from _unpack(results)

    def _existing(self, ids: list[str]) -> set[str]:
        if isinstance(self.store, OxigraphStore):
            from pyoxigraph import NamedNode

            raw = self.store.raw
            return {i for i in ids if raw.contains_named_graph(NamedNode(article_iri(i)))}
        values = " ".join(f"<{article_iri(i)}>" for i in ids)
        rows = self.store.select(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g a aikg:Article }} }}")
        return {str(r["g"].value).rsplit("/", 1)[-1] for r in rows}  # type: ignore[union-attr]

    def _write(self, batch: list[_Prepared], report: IngestReport) -> None:
        if not batch:
            return
        with self.journal.lock:  # what exists, the change log's diff and the write: one step at a time
            self._write_batch(batch, report)

    def _write_batch(self, batch: list[_Prepared], report: IngestReport) -> None:
        ids = [p.article.id for p in batch]
        try:
            existing = self._existing(ids)
        except StoreError as exc:  # the store is unreachable: the whole batch failed, the run goes on
            for p in batch:
                report.failed += 1
                report.errors.append(f"{p.article.source or p.article.id}: could not be stored: {exc}")
            return
        try:
            touched: set[str] | None = mentioned_entities(self.store, sorted(existing)) if existing else set()
        except StoreError:
            touched = None
        record = self.journal.recording
        try:
            with record([article_iri(i) for i in sorted(existing)], [e for p in batch for e in p.entries]) as log:
                if existing:
                    self.store.replace_graphs([article_iri(i) for i in ids], [q for p in batch for q in p.quad_list()] + log)
                elif isinstance(self.store, OxigraphStore) and all(p.nquads is not None for p in batch):
                    self.store.insert_nquads(b"".join(p.nquads or b"" for p in batch) + nquads_bytes(log))  # no Python objects
                else:  # all new: the store's faster atomic insert
                    self.store.insert_graphs([q for p in batch for q in p.quad_list()] + log)
            done = batch
        except StoreError:
            if len(batch) == 1:
                a = batch[0].article
                report.failed += 1
                report.errors.append(f"{a.source or a.id}: could not be stored")
                return
            done = []
            for p in batch:  # retry one by one: one bad article never stops the others
                g = article_iri(p.article.id)
                try:
                    with record([g] if p.article.id in existing else [], p.entries) as log:
                        self.store.replace_graphs([g], p.quad_list() + log)
                    done.append(p)
                except StoreError as exc:
                    report.failed += 1
                    report.errors.append(f"{p.article.source or p.article.id}: could not be stored: {exc}")
        for p in done:
            a = p.article
            replaced = a.id in existing
            report.replaced += replaced
            report.new += not replaced
            report.triples += p.count
            report.results.append(ArticleResult(a, p.extraction or Extraction(a.id), replaced, p.count))
        if done:
            touched = self._arbitrate(done, report, touched)
        if done and self.on_stored:
            for p in done:
                if touched is None or p.extraction is None:
                    touched = None
                    break
                art = article_iri(p.article.id)
                touched.add(art)
                touched.update(entity_node(e, art).value for e in p.extraction.entities.values())
            self.on_stored(touched)

    def _arbitrate(self, done: list[_Prepared], report: IngestReport, touched: set[str] | None) -> set[str] | None:
        """One type per entity per store: settle the entities these articles typed differently from the store
        (graph.entity_types), counting the batch's articles into the type tally in the same update. A failure
        here leaves the articles stored and is reported as a warning; they are counted with the next batch."""
        from .entity_types import arbitrate_batch

        graphs = [article_iri(p.article.id) for p in done]
        try:  # a failure leaves the graphs in self.uncounted: counted (and their entities settled) with the next batch
            result = arbitrate_batch(self.store, self.registry, graphs, self.uncounted, journal=self.journal)
        except StoreError as exc:
            report.warnings.append(f"entity types not arbitrated: {exc}")
            return touched
        if touched is not None and result.touched:
            touched |= result.touched
        return touched

    def _settle_leftovers(self, report: IngestReport) -> None:
        """A crash between a batch and its arbitration leaves entities with two types: with ``settle_first``,
        settle them before the run (one query for entities of two classes: ~0.2 s on a 2M-triple store)."""
        from .entity_types import arbitrate

        try:
            with self.journal.lock:
                result = arbitrate(self.store, self.registry, journal=self.journal)
        except StoreError as exc:
            report.warnings.append(f"entity types not arbitrated: {exc}")
            return
        if result.settled and self.on_stored:
            self.on_stored(result.touched)

    def run(
        self,
        items: Iterable[Article | ReadError],
        progress: Callable[[int], None] | None = None,
        keep_results: bool = True,
    ) -> IngestReport:
        """Ingest every article; read errors and failures are counted and described, never raised."""
        report = IngestReport()
        start = time.perf_counter()
        if self.settle_first:
            self._settle_leftovers(report)
        batch: list[_Prepared] = []
        ids: set[str] = set()
        limit = min(FIRST_BATCH, self.batch_size)  # the size of the pending batch
        for prepared in self._prepared(items, keep_results):
            if isinstance(prepared, ReadError):
                report.fail(str(prepared))
                if progress:
                    progress(1)
                continue
            item = prepared.article
            report.read += 1
            for w in item.warnings:
                report.warnings.append(f"{item.source}: {w}")
            if prepared.error is not None:
                report.failed += 1
                report.errors.append(f"{item.source or item.id}: {prepared.error}")
                if progress:
                    progress(1)
                continue
            if item.id in ids:  # the same article twice in one batch: write what came before first
                with self.write_lock:
                    self._write(batch, report)
                batch, ids = [], set()
            batch.append(prepared)
            ids.add(item.id)
            if len(batch) >= limit:
                with self.write_lock:
                    self._write(batch, report)
                batch, ids = [], set()
                limit = min(2 * limit, self.batch_size)
            if progress:
                progress(1)
        with self.write_lock:
            self._write(batch, report)
        if not keep_results:
            report.results = []
        report.seconds = time.perf_counter() - start
        return report


def _unpack(results: list[ReadError | _Worked]) -> Iterator[_Prepared | ReadError]:
    for r in results:
        if isinstance(r, ReadError):
            yield r
        else:
            art, ex, data, error, entries = r
            yield _Prepared(art, ex, [], error, nquads=data, count=data.count(b"\n"), entries=entries)


def _call_worker(args: tuple[list[Article | ReadError], bool]) -> list[ReadError | _Worked]:
    return worker_prepare(*args)
