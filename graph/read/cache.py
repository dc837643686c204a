"""Caches of the read model, all keyed by the graph version (``KnowledgeGraph.version``).

- :class:`Versioned`: one value derived from the whole graph (the entity index, the read model, the
  networkx projection) kept for the version it was made at, and on the next read after writes either
  refreshed from the previous value and what the writes touched (``KnowledgeGraph.changes_since``) or
  rebuilt. One refresh at a time; concurrent readers wait for it and share it.
- :func:`cached`: answers remembered until the graph changes (single flight per key); :func:`peek`
  reads one without computing. Cached values are shared: treat them as read-only.
- :func:`cached_if_ready`: :func:`cached` only if nothing it needs has to be waited for (no value to refresh
  or build, no other thread computing the same answer); else :class:`WouldBlock`. The server uses it to build
  an answer on its event loop when that is cheap, and sends it to a thread otherwise.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> builds = []
>>> v = Versioned(kg, lambda: builds.append(1) or len(builds), lambda old, touched: old + 100)
>>> v.get(), v.get()
(1, 1)
>>> kg.changed(["https://w3id.org/aikg/id/openai"]); v.get()
101
>>> kg.changed(); v.get()
2
"""

from __future__ import annotations

import contextvars
import logging
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["Versioned", "cached", "cached_if_ready", "WouldBlock", "peek", "changed_at", "state", "slot", "MAX_CACHE"]

T = TypeVar("T")
_MISS = object()
log = logging.getLogger("aikg.graph.read")
#: Most answers kept per version (the cache is emptied when it is full).
MAX_CACHE = 4096
#: Set while :func:`cached_if_ready` computes: waiting (for a lock, a refresh or a build) raises WouldBlock instead.
_NO_WAIT: contextvars.ContextVar[bool] = contextvars.ContextVar("aikg_read_no_wait", default=False)


class WouldBlock(Exception):
    """:func:`cached_if_ready` would have had to wait: a value is being (or must be) refreshed or built, or
    another thread computes the same answer."""


class Versioned(Generic[T]):
    """A value of the graph at one version: ``build()`` makes it from scratch; ``update(old, touched)``
    (optional) makes the current one from the previous one and the IRIs the writes since touched. The
    update is used when the writes said what they touched and, with ``max_touched``, touched at most
    that many; otherwise the value is rebuilt. Writes landing during a build or an update are applied
    at the next :meth:`get` (the value is recorded at the version read before it started). ``eager``
    values are refreshed by the writing thread right after each write (``KnowledgeGraph.on_change``), so
    readers find them current."""

    def __init__(self, kg: KnowledgeGraph, build: Callable[[], T],
                 update: Callable[[T, frozenset[str]], T] | None = None, max_touched: int | None = None,
                 eager: bool = False) -> None:
        self.kg = kg
        self.build, self.update, self.max_touched = build, update, max_touched
        self.current: tuple[int, T] | None = None
        self.lock = threading.Lock()
        self.builds = 0  # how many times it was built from scratch (tests and benchmarks read it)
        if eager:  # refreshed by the writer, right after each write, once it has been built
            kg.on_change(self._after_write)

    def _after_write(self) -> None:
        if self.current is None:
            return
        try:
            self.get()
        except Exception:  # the write is done; the next reader tries again and sees the error
            log.exception("refreshing after a write failed")

    def get(self) -> T:
        cur = self.current
        if cur is not None and cur[0] == self.kg.version:
            return cur[1]
        if _NO_WAIT.get():
            raise WouldBlock()
        with self.lock:
            cur = self.current
            version = self.kg.version
            if cur is not None and cur[0] == version:
                return cur[1]
            touched = self.kg.changes_since(cur[0]) if cur is not None else None
            if (cur is not None and touched is not None and self.update is not None
                    and (self.max_touched is None or len(touched) <= self.max_touched)):
                value = self.update(cur[1], touched)
            else:
                self.builds += 1
                value = self.build()
            self.current = (version, value)
            return value

    def peek(self) -> T | None:
        """The value of the current version if it is ready (never builds)."""
        cur = self.current
        return cur[1] if cur is not None and cur[0] == self.kg.version else None


class _State:
    """Per-graph cache state, made on first use and dropped with the graph."""

    def __init__(self, kg: KnowledgeGraph) -> None:
        self.cache: dict[tuple[Any, ...], Any] = {}
        self.inflight: dict[tuple[Any, ...], threading.Lock] = {}
        self.lock = threading.Lock()
        self.changed_at = time.time()
        self.slots: dict[str, Any] = {}  # named Versioned values and other per-graph state
        kg.on_change(self._changed)

    def _changed(self) -> None:
        self.cache = {}
        self.changed_at = time.time()


_STATE_LOCK = threading.Lock()


def state(kg: KnowledgeGraph) -> _State:
    """The cache state of ``kg`` (made on first use)."""
    st: _State | None = getattr(kg, "_aikg_read", None)
    if st is None:
        with _STATE_LOCK:
            st = getattr(kg, "_aikg_read", None)
            if st is None:
                st = _State(kg)
                setattr(kg, "_aikg_read", st)  # noqa: B010
    return st


def slot(kg: KnowledgeGraph, name: str, make: Callable[[], T]) -> T:
    """The per-graph object called ``name`` (``make()`` on first use)."""
    st = state(kg)
    value = st.slots.get(name)
    if value is None:
        with st.lock:
            value = st.slots.get(name)
            if value is None:
                value = st.slots[name] = make()
    return value


def cached(kg: KnowledgeGraph, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """``compute()``, remembered under ``key`` until the graph changes."""
    st = state(kg)
    version = kg.version
    k = (version, *key)
    hit = st.cache.get(k, _MISS)
    if hit is not _MISS:
        return hit
    with st.lock:  # single flight: concurrent misses of one key wait for the first computation
        flight = st.inflight.setdefault(k, threading.Lock())
    if not flight.acquire(blocking=not _NO_WAIT.get()):
        raise WouldBlock()
    try:
        hit = st.cache.get(k, _MISS)
        if hit is not _MISS:
            return hit
        value = compute()
        if kg.version == version:
            cache = st.cache
            if len(cache) >= MAX_CACHE:
                cache.clear()
            cache[k] = value
        return value
    finally:
        flight.release()
        with st.lock:
            st.inflight.pop(k, None)


def cached_if_ready(kg: KnowledgeGraph, key: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """:func:`cached`, or :class:`WouldBlock` as soon as it would wait: for a :class:`Versioned` value that must
    be refreshed or built first (a write just landed), or for another thread computing ``key``. What it
    computes otherwise reads only values that are ready, so it takes about as long as the answer is big.

    >>> from aikg.graph import KnowledgeGraph
    >>> kg = KnowledgeGraph.open("memory")
    >>> v = Versioned(kg, lambda: 1)
    >>> cached_if_ready(kg, ("k",), v.get)
    Traceback (most recent call last):
    ...
    aikg.graph.read.cache.WouldBlock
    >>> v.get(), cached_if_ready(kg, ("k",), v.get)
    (1, 1)
    """
    token = _NO_WAIT.set(True)
    try:
        return cached(kg, key, compute)
    finally:
        _NO_WAIT.reset(token)


def peek(kg: KnowledgeGraph, key: tuple[Any, ...]) -> Any:
    """The cached value under ``key`` for the current version, or None (never computes)."""
    return state(kg).cache.get((kg.version, *key))


def changed_at(kg: KnowledgeGraph) -> float:
    """When the graph last changed (or when this process first looked at it), as a Unix time."""
    return state(kg).changed_at
