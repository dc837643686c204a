"""Worker processes that extract and map posted articles, so a server's own process only stores them.

Extraction is pure Python and holds the GIL for tens of milliseconds per article: run in the server
process it stalls every reader. The pool's processes (spawned, not forked: the server has threads and an
open database) load the registry once and turn article chunks into (article, extraction, N-Quads) with
``graph.ingest.worker_prepare``; the server parses nothing but the N-Quads it bulk-loads. The processes
start on first use. A worker that dies (killed, out of memory) fails the articles it held with a clear
error and the pool starts new ones for the next request.

>>> pool = ExtractPool(workers=1)
>>> pool.started
False
>>> pool.close()
"""

from __future__ import annotations

import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from .articles import Article, ReadError
from .ingest import worker_init, worker_prepare

__all__ = ["ExtractPool", "ExtractionFailed"]


class ExtractionFailed(RuntimeError):
    """The worker process extracting an article died; the message says so."""


class ExtractPool:
    """``workers`` processes extracting articles (registry: the bundled one plus ``registry_file``)."""

    def __init__(self, workers: int = 2, registry_file: str | None = None) -> None:
        self.workers = max(1, workers)
        self.registry_file = registry_file
        self._executor: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def started(self) -> bool:
        return self._executor is not None

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._executor is None:
                self._executor = ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=worker_init, initargs=(self.registry_file,))
            return self._executor

    def prepare(self, items: list[Article | ReadError], keep: bool) -> list[Any]:
        """What ``worker_prepare`` gives for ``items``, computed in a worker process (the calling thread
        waits without holding the GIL). Raises :class:`ExtractionFailed` when the worker died."""
        pool = self._pool()
        try:
            return pool.submit(worker_prepare, items, keep).result()
        except BrokenProcessPool as exc:
            with self._lock:
                if self._executor is pool:
                    self._executor = None  # the next request gets fresh processes
            pool.shutdown(wait=False, cancel_futures=True)
            raise ExtractionFailed("the extraction worker process died; the article was not stored") from exc

    def close(self) -> None:
        """Stop the processes (waiting for the chunks they hold)."""
        with self._lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
