"""Ingest: articles (or read errors) become stored graphs, one transaction per batch of articles.

A batch is written with one SPARQL Update (drop each article's graph, insert its new quads), so every
article is either completely stored or absent, whatever happens. If a batch fails, its articles are
retried one at a time so that one bad article never stops the others.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from pyoxigraph import Quad

from aikg.ontology import article_iri

from .articles import Article, ReadError
from .extract import Extraction, extract
from .extract.registry import Registry
from .rdf import article_quads
from .store import OxigraphStore, RemoteStore, StoreError

__all__ = ["IngestReport", "ArticleResult", "Ingestor"]


@dataclass
class ArticleResult:
    """What ingesting one article did."""

    article: Article
    extraction: Extraction
    replaced: bool
    triples: int


@dataclass
class IngestReport:
    """Summary of one ingest run: articles read, new, replaced, failed; triples added; seconds."""

    read: int = 0
    new: int = 0
    replaced: int = 0
    failed: int = 0
    triples: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    results: list[ArticleResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def summary(self) -> str:
        rate = self.read / self.seconds if self.seconds else 0.0
        return (
            f"articles read: {self.read}, new: {self.new}, replaced: {self.replaced}, failed: {self.failed}; "
            f"triples added: {self.triples}; {self.seconds:.2f} s ({rate:.0f} articles/s)"
        )


class Ingestor:
    """Turns articles into quads and writes them in atomic batches."""

    def __init__(
        self,
        store: OxigraphStore | RemoteStore,
        registry: Registry,
        batch_size: int = 64,
        on_stored: Callable[[], None] | None = None,
    ) -> None:
        self.store = store
        self.registry = registry
        self.batch_size = batch_size
        self.on_stored = on_stored

    def prepare(self, article: Article) -> tuple[Extraction, list[Quad]]:
        ex = extract(article, self.registry)
        return ex, article_quads(article, ex)

    def _existing(self, ids: list[str]) -> set[str]:
        if isinstance(self.store, OxigraphStore):
            from pyoxigraph import NamedNode

            raw = self.store.raw
            return {i for i in ids if raw.contains_named_graph(NamedNode(article_iri(i)))}
        values = " ".join(f"<{article_iri(i)}>" for i in ids)
        rows = self.store.select(f"SELECT ?g WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g a aikg:Article }} }}")
        return {str(r["g"].value).rsplit("/", 1)[-1] for r in rows}  # type: ignore[union-attr]

    def _write(self, batch: list[tuple[Article, Extraction, list[Quad]]], report: IngestReport) -> None:
        if not batch:
            return
        ids = [a.id for a, _, _ in batch]
        try:
            existing = self._existing(ids)
        except StoreError as exc:  # the store is unreachable: the whole batch failed, the run goes on
            for a, _, _ in batch:
                report.failed += 1
                report.errors.append(f"{a.source or a.id}: could not be stored: {exc}")
            return
        quads = [q for _, _, qs in batch for q in qs]
        try:
            if existing:
                self.store.replace_graphs([article_iri(i) for i in ids], quads)
            else:  # all new: the store's faster atomic insert
                self.store.insert_graphs(quads)
            done = batch
        except StoreError:
            if len(batch) == 1:
                a = batch[0][0]
                report.failed += 1
                report.errors.append(f"{a.source or a.id}: could not be stored")
                return
            done = []
            for item in batch:  # retry one by one: one bad article never stops the others
                try:
                    self.store.replace_graphs([article_iri(item[0].id)], item[2])
                    done.append(item)
                except StoreError as exc:
                    report.failed += 1
                    report.errors.append(f"{item[0].source or item[0].id}: could not be stored: {exc}")
        for a, ex, qs in done:
            replaced = a.id in existing
            report.replaced += replaced
            report.new += not replaced
            report.triples += len(qs)
            report.results.append(ArticleResult(a, ex, replaced, len(qs)))
        if done and self.on_stored:
            self.on_stored()

    def run(
        self,
        items: Iterable[Article | ReadError],
        progress: Callable[[int], None] | None = None,
        keep_results: bool = True,
    ) -> IngestReport:
        """Ingest every article; read errors and failures are counted and described, never raised."""
        report = IngestReport()
        start = time.perf_counter()
        batch: list[tuple[Article, Extraction, list[Quad]]] = []
        ids: set[str] = set()
        for item in items:
            if isinstance(item, ReadError):
                report.failed += 1
                report.errors.append(str(item))
                if progress:
                    progress(1)
                continue
            report.read += 1
            for w in item.warnings:
                report.warnings.append(f"{item.source}: {w}")
            try:
                ex, quads = self.prepare(item)
            except Exception as exc:  # an extractor bug must not stop the other articles
                report.failed += 1
                report.errors.append(f"{item.source or item.id}: extraction failed: {exc.__class__.__name__}: {exc}")
                if progress:
                    progress(1)
                continue
            if item.id in ids:  # the same article twice in one batch: write what came before first
                self._write(batch, report)
                batch, ids = [], set()
            batch.append((item, ex, quads))
            ids.add(item.id)
            if len(batch) >= self.batch_size:
                self._write(batch, report)
                batch, ids = [], set()
            if progress:
                progress(1)
        self._write(batch, report)
        if not keep_results:
            report.results = []
        report.seconds = time.perf_counter() - start
        return report
