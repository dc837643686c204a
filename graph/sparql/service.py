"""The endpoint's engine for one store: every check and limit a query goes through, then its executor.

1. **Size**: a query over ``max_query_bytes`` is refused (413) before anything reads it.
2. **Inspection** (:func:`aikg.graph.sparql.checks.inspect_query`): the form (an allow-list, parsed by the
   engine), SERVICE/LOAD refused, FROM/FROM NAMED resolved (a remote store must hold those graphs).
3. **Negotiation** (:func:`aikg.graph.sparql.negotiation.negotiate`): the media type, or 406 before the query runs.
4. **Concurrency**: at most ``max_concurrent_queries`` queries run at once; a query waits ``QUEUE_WAIT``
   seconds (at most a quarter of the time limit) for a slot, then gets 503 with ``Retry-After``.
5. **Bounded lookups** on an embedded store are answered in this process, on a thread
   (:meth:`~aikg.graph.sparql.executors.InProcessExecutor.run_bounded`): their work is bounded by the row cap.
6. **Execution** of every other query with a row cap (``max_rows``; the result says when it was cut), a byte cap and a time limit
   (``query_timeout``; 504 when it is exceeded), by the store's executor: the worker pool (on-disk), the
   remote executor, or threads (in-memory).
"""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from pyoxigraph import NamedNode

from ..config import Settings
from ..store import OxigraphStore, RemoteStore, StoreError, bind
from .checks import LOCAL_GRAPH_PREFIXES, SparqlError, inspect_query
from .executors import Executor, InProcessExecutor, QueryJob, QueryTimeout
from .negotiation import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, negotiate
from .pool import WorkerPool
from .remote import RemoteExecutor

__all__ = ["SparqlService", "SparqlResult", "endpoint_base", "BOUNDED_THREADS", "QUEUE_WAIT", "TRUNCATED_HEADER", "VOLATILE"]

#: Threads that answer bounded lookups: the engine lets go of the GIL, so they run beside the event loop.
BOUNDED_THREADS = 2
#: Seconds a query waits for a free slot before it gets 503 (at most a quarter of the time limit).
QUEUE_WAIT = 1.0
#: The response header that says a result was cut at ``max_rows``.
TRUNCATED_HEADER = "X-Result-Truncated"
#: Functions whose value differs between runs of the same query on the same graph: results of a query
#: that uses one are never replayed from a cache.
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)

@dataclass
class SparqlResult:
    """An answer: the body in ``media_type``; ``truncated`` says which cap cut it ("rows", "bytes" or "")."""

    body: bytes
    media_type: str
    truncated: str = ""
    elapsed: float = 0.0


# --------------------------------------------------------------------------------------------- service
def endpoint_base(settings: Settings) -> str | None:
    """The IRI relative IRIs of a query resolve against: the endpoint's own address (``AIKG_BASE_URL`` + ``/sparql``),
    as the Oxigraph server resolves them against its request URL. None when that is not a valid IRI.

    >>> endpoint_base(Settings(store="memory", base_url="http://127.0.0.1:8000/"))
    'http://127.0.0.1:8000/sparql'
    """
    try:
        return NamedNode(settings.base_url.rstrip("/") + "/sparql").value
    except ValueError:
        return None


def _iri(value: str, name: str) -> NamedNode:
    """``value`` as an IRI term, or 400 naming the parameter."""
    try:
        return NamedNode(value)
    except ValueError as exc:
        raise SparqlError(400, "invalid IRI", f"{name} {value[:200]!r} is not an absolute IRI: {exc}") from None


class SparqlService:
    """The endpoint's engine for one KnowledgeGraph store, with the limits of ``settings``."""

    def __init__(self, store: OxigraphStore | RemoteStore, settings: Settings) -> None:
        self.store, self.settings = store, settings
        size = max(1, settings.max_concurrent_queries)
        self.executor: Executor
        max_bytes = settings.max_result_bytes or None
        if isinstance(store, RemoteStore):
            self.executor = RemoteExecutor(store, settings.max_rows, size, max_bytes)
        elif store.location != "memory":
            self.executor = WorkerPool(store, size, settings.max_rows, max_bytes, settings.query_memory_mb * 2**20)
        else:
            self.executor = InProcessExecutor(store, settings.max_rows, size, max_bytes)
        #: bounded lookups on an embedded store, answered in this process (see ``query``)
        self.local = InProcessExecutor(store, settings.max_rows, BOUNDED_THREADS, max_bytes) if isinstance(store, OxigraphStore) else None
        self.base_iri = endpoint_base(settings)
        self._size = size
        self._slots: asyncio.Semaphore | None = None  # made on the server's event loop
        self._loop: asyncio.AbstractEventLoop | None = None
        self._started = False
        self._start_lock = asyncio.Lock()

    @property
    def mode(self) -> str:
        return {"WorkerPool": "worker-processes", "RemoteExecutor": "remote", "InProcessExecutor": "in-process"}[
            type(self.executor).__name__
        ]

    @property
    def started(self) -> bool:
        return self._started

    async def start(self) -> None:
        if self._started:
            return
        async with self._start_lock:
            if not self._started:
                await self.executor.start()
                self._started = True

    def invalidate(self) -> None:
        """Call after every write to the store (``KnowledgeGraph.on_change``)."""
        self.executor.invalidate()

    async def close(self) -> None:
        await self.executor.close()
        if self.local is not None:
            await self.local.close()

    # ---------------------------------------------------------------- checks
    def check_size(self, sparql: str) -> None:
        n = len(sparql.encode("utf-8"))
        if n > self.settings.max_query_bytes:
            raise SparqlError(
                413, "query too large", f"the query has {n} bytes; the limit is {self.settings.max_query_bytes}"
            )

    async def _check_graphs(self, graphs: list[str]) -> None:
        """A remote store: every graph a query names must be one of its graphs (a server might fetch a URL it does
        not hold). The IRI goes in as a term (``bind``), never as text. Local stores need no check: the engine
        reads FROM and the protocol's graphs from the store only (a graph it does not hold is empty)."""
        if not isinstance(self.store, RemoteStore):
            return
        base = self.settings.base_url.rstrip("/") + "/"
        for g in graphs:
            if g.startswith(LOCAL_GRAPH_PREFIXES) or g.startswith(base):
                continue
            node = _iri(g, "FROM")
            try:
                known = await asyncio.wait_for(
                    asyncio.to_thread(self.store.ask, bind("ASK { GRAPH $g { } }", g=node)), self.settings.query_timeout
                )
            except (StoreError, TimeoutError) as exc:
                raise SparqlError(502, "store failed", f"the SPARQL server could not say whether it holds {node}") from exc
            if not known:
                raise SparqlError(
                    400, "refused", f"{node} is not a graph of this store: this endpoint never fetches remote data"
                )

    # ---------------------------------------------------------------- queries
    async def query(
        self,
        sparql: str,
        accept: str | None = None,
        formats: list[str] | None = None,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> SparqlResult:
        """Run a query under every limit; raises :class:`SparqlError` with the HTTP status to answer.

        ``default_graphs``/``named_graphs`` are the protocol's ``default-graph-uri``/``named-graph-uri``: each
        must be an absolute IRI (400 otherwise); when either is given, they are the whole dataset. Without them
        the query's FROM / FROM NAMED apply, and without those the default graph is the union of all graphs.
        """
        started = time.monotonic()
        self.check_size(sparql)
        info = inspect_query(sparql, base_iri=self.base_iri)
        media_type = negotiate(info.kind, accept, formats)
        if media_type is None:
            offered = GRAPH_MEDIA_TYPES if info.kind in ("CONSTRUCT", "DESCRIBE") else RESULT_MEDIA_TYPES
            raise SparqlError(406, "not acceptable", f"{info.kind or 'this'} query results can be: {', '.join(offered)}")
        dg = [_iri(g, "default-graph-uri").value for g in default_graphs or []]
        ng = [_iri(g, "named-graph-uri").value for g in named_graphs or []]
        explicit = bool(dg or ng)
        await self._check_graphs(info.from_graphs + info.from_named + dg + ng)
        job = QueryJob(sparql, info.kind, media_type, dg if explicit else None, ng if explicit else None,
                       union=not explicit and not info.has_dataset, base_iri=self.base_iri)
        if not await self._acquire():
            raise SparqlError(
                503, "too busy", f"{self.settings.max_concurrent_queries} queries are running; try again shortly",
                {"Retry-After": "1"},
            )
        release: Callable[[], None] | None = self._release
        timeout = self.settings.query_timeout
        try:
            if info.bounded and job.union and self.local is not None:  # bounded: no deadline, no worker needed
                body, mt, cut = await self.local.run_bounded(job)
            else:
                await self.start()
                body, mt, cut = await self.executor.run(job, timeout)
        except QueryTimeout as exc:
            if exc.running is not None:  # cannot be stopped: keep its slot until it ends
                exc.running.add_done_callback(lambda _f: self._release_threadsafe())
                release = None
            raise SparqlError(
                504, "query timeout", f"the query ran longer than the limit of {timeout:g} s and was stopped"
            ) from None
        finally:
            if release is not None:
                release()
        return SparqlResult(body, mt, cut, time.monotonic() - started)

    async def _acquire(self) -> bool:
        """A slot, waiting in line (FIFO) at most QUEUE_WAIT seconds."""
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
            self._loop = asyncio.get_running_loop()
        if not self._slots.locked():  # a free slot and nobody waiting: take it without a timer
            await self._slots.acquire()
            return True
        wait = min(QUEUE_WAIT, self.settings.query_timeout / 4)
        try:
            await asyncio.wait_for(self._slots.acquire(), wait)
        except TimeoutError:
            return False
        return True

    def _release(self) -> None:
        assert self._slots is not None
        self._slots.release()

    def _release_threadsafe(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._release)

    async def update(self, sparql: str, run: Callable[[str], None]) -> None:
        """Check an update (size, no SERVICE/LOAD) and run it with ``run`` (``KnowledgeGraph.update``)."""
        self.check_size(sparql)
        inspect_query(sparql, update=True)
        try:
            await asyncio.to_thread(run, sparql)
        except Exception as exc:  # StoreError and friends: the message says what failed
            msg = str(exc)
            raise SparqlError(400, "malformed update" if "malformed" in msg else "update failed", msg) from exc
        self.invalidate()

