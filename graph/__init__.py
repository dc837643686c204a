"""aikg.graph: the core. ``KnowledgeGraph`` is the one facade the CLI, the API and notebooks use.

>>> kg = KnowledgeGraph.open("memory")
>>> report = kg.ingest_records([{"title": "Launch", "text": "OpenAI released GPT-4o on Monday."}])
>>> (report.new, report.failed)
(1, 0)
>>> kg.ingest_records([{"title": "Launch", "text": "OpenAI released GPT-4o on Monday."}]).replaced
1
"""

from __future__ import annotations

import contextlib
import io
import threading
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pyoxigraph import RdfFormat

from aikg.ontology import article_iri

from .articles import Article, ReadError, article_from_record, read_paths
from .changes import ChangeLog, ChangePage, JournaledStore
from .config import Settings
from .extract.registry import Registry, load_registry
from .ingest import ArticleResult, Ingestor, IngestReport, mentioned_entities
from .read.cache import Versioned
from .read.facade import ReadFacade
from .read.terms import NotFound
from .stats import Stats, count_quads
from .store import RDF_FORMATS, OxigraphStore, RemoteStore, StoreError, bind, open_store
from .validation import ValidationReport, validate_store

if TYPE_CHECKING:
    from .entity_types import Arbitration
    from .feeds.feeds import FeedSource
    from .feeds.watch import Crawler
    from .sources.mapping import ImportSummary

#: How many writes ``changes_since`` remembers.
_CHANGE_LOG = 1000
#: Most entities a series of writes may have touched for the projection to be updated rather than rebuilt.
PROJECTION_UPDATE_MAX = 300

__all__ = [
    "KnowledgeGraph",
    "Settings",
    "Article",
    "ReadError",
    "IngestReport",
    "ArticleResult",
    "ValidationReport",
    "Stats",
    "StoreError",
    "RDF_FORMATS",
    "NotFound",
]


class KnowledgeGraph(ReadFacade):
    """The knowledge graph: a store plus the operations on it (ingest, query, export, validate, ...) and
    the reads of the read model (entities, articles, quotes, neighbourhoods: :class:`ReadFacade`).

    Writes are transactional per article. ``version`` grows with every write, so callers can cache
    reads until it changes.
    """

    def __init__(self, store: OxigraphStore | RemoteStore, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self.store = store
        self.registry: Registry = load_registry(self.settings.entities)
        self.version = 0
        self._listeners: list[Callable[[], None]] = []
        # (version, entity IRIs the write touched or None = unknown), newest last; see changes_since
        self._changes: deque[tuple[int, frozenset[str] | None]] = deque(maxlen=_CHANGE_LOG)
        self._change_lock = threading.Lock()
        #: Where posted articles are extracted (``graph/extract_pool.py``; None: in this process). Set by the server.
        self.extract_pool: Any | None = None
        self._write_lock = threading.Lock()  # one writer at a time; readers never take it
        self._projection = Versioned(self, self._build_projection, self._update_projection, PROJECTION_UPDATE_MAX)
        #: The change log (graph/changes.py); its ``lock`` is held by every write that records in it.
        self.journal = ChangeLog(store, enabled=self.settings.change_log)
        self._first_ingest = True  # settle (and recount the type tally of) the whole store before the next ingest
        #: Article graphs not yet counted into the type tally (graph/type_votes.py): a failed count is retried.
        self._uncounted: list[str] = []

    # ------------------------------------------------------------------ opening
    @classmethod
    def open(cls, store: str | None = None, settings: Settings | None = None) -> KnowledgeGraph:
        """Open the store named by ``store`` (or settings.store): a folder, ``memory`` or a SPARQL URL."""
        settings = settings or Settings()
        spec = store or settings.store
        return cls(
            open_store(spec, update_url=settings.update_url, user=settings.store_user, password=settings.store_password),
            settings,
        )

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> KnowledgeGraph:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def write_lock(self) -> threading.RLock:
        """Held by every write that records in the change log and by the crawler's store work; whoever
        must have the store to itself (reopening it) takes it too."""
        return self.journal.lock

    def reopen_store(self) -> None:
        """Reopen an embedded on-disk store (releases memory RocksDB keeps per write), between writes."""
        with self.write_lock:
            if isinstance(self.store, OxigraphStore):
                self.store.reopen()

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` after every write (used to invalidate caches)."""
        self._listeners.append(callback)

    def changed(self, entities: Iterable[str] | None = None) -> None:
        """Record a write: ``version`` grows and the listeners run. ``entities``: the IRIs of the entities
        whose description or counts the write may have changed, and of the article graphs it wrote or
        removed (None: unknown, anything may have)."""
        with self._change_lock:
            self.version += 1
            self._changes.append((self.version, None if entities is None else frozenset(entities)))
        for cb in self._listeners:
            cb()

    def changes_since(self, version: int) -> frozenset[str] | None:
        """The entity IRIs touched by the writes after ``version``, or None when that is not known (a write
        that did not say, or older than the last 1,000 writes). Lets caches refresh only what changed.

        >>> kg = KnowledgeGraph.open("memory")
        >>> kg.changed(["https://w3id.org/aikg/id/openai"]); kg.changed(["https://w3id.org/aikg/id/meta"])
        >>> sorted(kg.changes_since(0))
        ['https://w3id.org/aikg/id/meta', 'https://w3id.org/aikg/id/openai']
        >>> kg.changed(); kg.changes_since(0) is None
        True
        """
        with self._change_lock:
            if version == self.version:
                return frozenset()
            log = [c for c in self._changes if c[0] > version]
        if len(log) != self.version - version:
            return None  # the log no longer reaches back that far
        out: set[str] = set()
        for _v, ents in log:
            if ents is None:
                return None
            out |= ents
        return frozenset(out)

    # ------------------------------------------------------------------ writing
    def _ingestor(self) -> Ingestor:
        first, self._first_ingest = self._first_ingest, False
        return Ingestor(
            self.store,
            self.registry,
            # small requests (quick to retry, under servers' request-size limits), and one schedule for every kind of
            # store: the type arbitration after each batch then decides alike (entity_types: later evidence can
            # change a winner, so its result depends on the batches)
            batch_size=64,
            on_stored=self.changed,
            workers=self.settings.ingest_workers,
            registry_file=self.settings.entities,
            pool=self.extract_pool,
            write_lock=self._write_lock,
            journal=self.journal,
            settle_first=first,  # leftovers of a crash: once per process is enough
            uncounted=self._uncounted,
        )

    def ingest(
        self, paths: Iterable[str | Path], progress: Callable[[int], None] | None = None, keep_results: bool = False
    ) -> IngestReport:
        """Read files and folders and ingest every article in them; errors are reported, not raised.
        http(s) URLs among ``paths`` are fetched as article pages (:meth:`ingest_urls`). The report ends
        with the store's size (``store_quads``; None when the store stopped answering)."""
        from .feeds.watch import is_url

        paths = list(paths)
        urls = [str(p) for p in paths if isinstance(p, str) and is_url(p)]
        items = read_paths([p for p in paths if not (isinstance(p, str) and is_url(p))], self.settings.max_article_bytes)
        report = self._ingestor().run(items, progress, keep_results=keep_results)
        if urls:
            report.add(self.ingest_urls(urls, (lambda _more, done: progress(done)) if progress else None))
        report.store_quads = self._store_quads()
        return report

    def ingest_urls(self, urls: Sequence[str], progress: Callable[[int, int], None] | None = None,
                    from_request: bool = False) -> IngestReport:
        """Fetch article pages and ingest them, politely (robots.txt, rate limit, size and time caps; see
        graph/feeds/fetch.py): each identified by its canonical URL, an edit replacing the earlier version,
        a syndicated copy of a stored story counted as one more source of it (a warning says so).
        ``from_request``: the URLs came in a request, so only hosts in ``AIKG_FETCH_ALLOW_HOSTS`` are
        fetched (none when it is empty). Failures are reported per URL, never raised."""
        crawler = self.crawler(from_request=from_request)
        try:
            return crawler.ingest_urls(list(urls), progress)
        finally:
            crawler.close()

    def crawler(self, sources: Iterable[FeedSource] = (), *, interval: float | None = None,
                from_request: bool = False) -> Crawler:
        """A :class:`aikg.graph.feeds.watch.Crawler` over this graph following ``sources`` (close it after)."""
        from .feeds.watch import Crawler

        return Crawler(self, sources, interval=interval, from_request=from_request)

    def feed_status(self) -> list[dict[str, Any]]:
        """Every feed the crawl state knows: its last poll, outcome, next poll and pages by status."""
        from .feeds.state import CrawlState
        from .feeds.watch import feed_status

        return feed_status(CrawlState(self.store))

    def ingest_articles(
        self, items: Iterable[Article | ReadError], keep_results: bool = True, count_store: bool = False
    ) -> IngestReport:
        """Ingest articles already read; ``count_store``: end the report with the store's size (a scan of
        the store: a fraction of a second per million quads)."""
        report = self._ingestor().run(items, keep_results=keep_results)
        if count_store:
            report.store_quads = self._store_quads()
        return report

    def _store_quads(self) -> int | None:
        """The store's size for a report; None when the store does not answer (the report says so by omission)."""
        try:
            return count_quads(self.store)
        except StoreError:
            return None

    def ingest_records(self, records: Iterable[dict[str, Any]]) -> IngestReport:
        """Ingest JSON-like records (title, text, url, date, author, publisher)."""

        def items() -> Iterable[Article | ReadError]:
            for i, rec in enumerate(records):
                try:
                    yield article_from_record(rec, source=f"record {i + 1}")
                except ValueError as exc:
                    yield ReadError(f"record {i + 1}", str(exc))

        return self.ingest_articles(items())

    def import_ecosystem(self, path: str | Path, metadata: dict[str, Any] | None = None) -> ImportSummary:
        """Import an Ecosystem Graphs copy (``assets/*.yaml``) into its own named graph, replacing an earlier
        import in one transaction; returns the :class:`aikg.graph.sources.mapping.ImportSummary`.
        ``metadata``: the copy's version and origin when ``path`` holds only its files (see
        ``sources.ecosystem.source_metadata``)."""
        from .sources.ecosystem import import_ecosystem

        summary = import_ecosystem(JournaledStore(self.store, self.journal), path, self.registry, metadata)
        self.arbitrate_types()
        self.changed()
        return summary

    def remove_article(self, article_id: str) -> bool:
        """Remove an article's graph (its facts, quotes and mentions) in one transaction. False if absent."""
        if not self.has_article(article_id):
            return False
        from .entity_types import arbitrate_batch

        touched = mentioned_entities(self.store, [article_id]) | {article_iri(article_id)}
        with self.write_lock:
            JournaledStore(self.store, self.journal).replace_graphs([article_iri(article_id)], [])
            # its types no longer count (graph/type_votes.py); a failure is retried with the next write
            with contextlib.suppress(StoreError):
                arbitrate_batch(self.store, self.registry, [article_iri(article_id)], self._uncounted, journal=self.journal)
        self.changed(touched)
        return True

    def changes(self, since: int | None = 0, limit: int = 100) -> ChangePage:
        """The facts and quotes added or removed after cursor ``since`` (oldest first, at most ``limit``);
        ``since=None``: the newest ``limit`` changes. See graph/changes.py."""
        return self.journal.latest(limit) if since is None else self.journal.page(since, limit)

    def has_article(self, article_id: str) -> bool:
        return self.store.ask(bind("ASK { GRAPH $g { $g a aikg:Article } }", g=_iri(article_iri(article_id))))

    def load(self, files: Sequence[str | Path], fmt: str | None = None) -> int:
        """Load RDF files (TriG, N-Quads, Turtle, N-Triples, JSON-LD, RDF/XML) into the store; returns quads added."""
        before = len(self.store)
        for f in files:
            rdf_format = RDF_FORMATS[fmt] if fmt else RdfFormat.from_extension(Path(f).suffix.lstrip(".").lower())
            if rdf_format is None:
                raise StoreError(f"{f}: unknown RDF format (use --format)")
            with open(f, "rb") as fh:
                try:
                    self.store.load(fh, rdf_format)
                except StoreError as exc:
                    raise StoreError(f"{f}: {exc}") from exc
        self.arbitrate_types()
        self.changed()
        return len(self.store) - before

    def arbitrate_types(self, entities: Iterable[str] | None = None) -> Arbitration:
        """Give every entity (or those among ``entities``) holding two types one type, and rewrite or remove
        the facts it no longer admits, in one update (``graph.entity_types``). Ingest does this for the
        entities of every batch; ``load`` and ``import_ecosystem`` for the whole store."""
        from .entity_types import arbitrate

        with self.write_lock:
            result = arbitrate(self.store, self.registry, entities, journal=self.journal)
        if result.settled:
            self.changed(result.touched)
        return result

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update. It may change what articles type entities as: the next ingest settles the whole
        store first and recounts the type tally (graph/type_votes.py)."""
        self.store.update(sparql)
        self._first_ingest = True
        self.changed()

    # ------------------------------------------------------------------ reading
    def query(self, sparql: str) -> Any:
        """Run a SPARQL query over the union of all graphs (standard prefixes predeclared)."""
        return self.store.query(sparql)

    def select(self, sparql: str, **params: Any) -> list[dict[str, Any]]:
        """SELECT rows, with ``$name`` placeholders bound safely to ``params``."""
        return self.store.select(bind(sparql, **params))

    def export(self, out: IO[bytes], fmt: str = "trig") -> None:
        """Write the whole dataset (or, for triple formats, the union graph) to ``out``."""
        self.store.dump(out, RDF_FORMATS[fmt])

    def export_bytes(self, fmt: str = "trig") -> bytes:
        buf = io.BytesIO()
        self.export(buf, fmt)
        return buf.getvalue()

    def stats(self) -> Stats:
        """The graph's counts (``aikg.graph.stats``: quads, articles, quotes, entities, distinct facts and
        fact mentions, last ingest), cached until the store changes."""
        from .read.cache import cached
        from .stats import count

        return cached(self, ("stats",), lambda: count(self.store))

    def projection(self) -> Any:
        """The networkx MultiDiGraph projection of the whole graph, cached until the store changes; after
        writes that say which entities they touched (at most ``PROJECTION_UPDATE_MAX``) it is updated from
        the previous one (``graph.projection.update_projection``), otherwise rebuilt. Thread-safe: one
        build at a time, shared by the callers waiting for it.

        Treat it as read-only (an update shares the attributes of untouched edges with the previous
        projection); use ``graph.projection.filter_projection`` for filtered copies.
        """
        return self._projection.get()

    def _build_projection(self) -> Any:
        from .projection import build_projection

        return build_projection(self.store)

    def _update_projection(self, old: Any, touched: frozenset[str]) -> Any:
        from .projection import update_projection
        from .read.model import read_model

        return update_projection(old, self.store, touched, read_model(self))

    def validate(self) -> ValidationReport:
        """SHACL-validate the whole store against the bundled shapes."""
        return validate_store(self.store)


def _iri(value: str) -> Any:
    from pyoxigraph import NamedNode

    return NamedNode(value)
