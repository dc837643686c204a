"""How a query runs: the job, the executor protocol, and the in-process executor.

Three executors implement :class:`Executor`, chosen by the store (see :class:`aikg.graph.sparql.SparqlService`):
:class:`aikg.graph.sparql.pool.WorkerPool` (on-disk store: killable worker processes),
:class:`aikg.graph.sparql.remote.RemoteExecutor` (a SPARQL server) and :class:`InProcessExecutor` (in-memory
store: threads). Bounded lookups on an embedded store skip them all: :meth:`InProcessExecutor.run_bounded`
answers them at once in this process.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from aikg.ontology import PREFIXES

from .checks import SparqlError
from .worker import QueryFailed, execute_local

if TYPE_CHECKING:
    from ..store import OxigraphStore

__all__ = ["QueryJob", "QueryTimeout", "Executor", "InProcessExecutor", "failed", "INLINE_ROWS"]

#: Rows a bounded lookup may return and still be answered on the calling thread (the event loop); one with more
#: rows is answered again in full on a thread (see :meth:`InProcessExecutor.run_bounded`).
INLINE_ROWS = 500


@dataclass
class QueryJob:
    """One query as an executor runs it. ``default_graphs``/``named_graphs`` are the protocol's dataset (None:
    not given); ``union``: the default graph is the union of all graphs (no dataset given at all)."""

    sparql: str
    kind: str
    media_type: str
    default_graphs: list[str] | None = None
    named_graphs: list[str] | None = None
    union: bool = True
    base_iri: str | None = None


class QueryTimeout(Exception):
    """The query overran its time limit. ``running`` is set when its work could not be stopped."""

    def __init__(self, running: concurrent.futures.Future[Any] | None = None) -> None:
        super().__init__("timeout")
        self.running = running


class Executor(Protocol):
    async def start(self) -> None: ...
    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]: ...
    def invalidate(self) -> None: ...
    async def close(self) -> None: ...


def failed(exc: QueryFailed) -> SparqlError:
    """The engine's refusal as the endpoint's error."""
    return SparqlError(exc.status, exc.error, exc.detail)


class InProcessExecutor:
    """Queries in this process: :meth:`run` on a thread (in-memory stores; the deadline answers on time, but the
    engine cannot be stopped, so :class:`QueryTimeout` carries the still-running future), :meth:`run_bounded`
    at once (bounded lookups on any embedded store)."""

    def __init__(self, store: OxigraphStore, max_rows: int, threads: int, max_bytes: int | None = None) -> None:
        self.store, self.max_rows, self.max_bytes = store, max_rows, max_bytes
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="aikg-sparql")

    async def start(self) -> None:
        return None

    def invalidate(self) -> None:
        return None

    def _call(self, job: QueryJob, max_rows: int | None = None) -> functools.partial[tuple[bytes, str, str]]:
        return functools.partial(execute_local, self.store.raw, job.sparql, job.kind, job.media_type,
                                 max_rows or self.max_rows, PREFIXES, job.default_graphs, job.named_graphs,
                                 union=job.union, base_iri=job.base_iri, max_bytes=self.max_bytes)

    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]:
        fut = self._pool.submit(self._call(job))
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)
        except TimeoutError:
            raise QueryTimeout(fut) from None
        except QueryFailed as exc:
            raise failed(exc) from exc

    async def run_bounded(self, job: QueryJob) -> tuple[bytes, str, str]:
        """Run a bounded lookup (:func:`aikg.graph.sparql.checks.bounded_lookup`) on the live store.

        Its work is at most ``max_rows`` + 1 index entries (the row cap stops the engine) and ``max_bytes`` of
        output, a few µs a row: it needs no deadline, and no worker process (whose pipe round trip cost more
        than the lookup). It runs on the calling thread (the event loop) with the row cap ``INLINE_ROWS``: a
        lookup of a few rows costs less than the hop to a thread and back (the hop, and the loop and the thread
        taking turns with the GIL, was most of its time). Only one that has more rows than that is run again,
        in full, on a thread beside the loop (the engine lets go of the GIL): the loop is never held for more
        than ``INLINE_ROWS`` rows. The engine parses the text first: a syntax error is a 400 with its message."""
        try:
            if self.max_rows <= INLINE_ROWS:
                return self._call(job)()
            body, media_type, cut = self._call(job, INLINE_ROWS)()
            if cut != "rows":  # complete, or cut for size exactly where the full run would cut it
                return body, media_type, cut
            return await asyncio.get_running_loop().run_in_executor(self._pool, self._call(job))
        except QueryFailed as exc:
            raise failed(exc) from exc

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
