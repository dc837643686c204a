"""The embedded Oxigraph backend: an on-disk database (one process holds it read-write) or an in-memory store."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from pyoxigraph import DefaultGraph, NamedNode, Quad, RdfFormat, Store as OxStore, Triple, serialize

from aikg.ontology import PREFIXES

from . import text
from .base import QueryHelpers, QueryResult, StoreError, Term, serialize_result

__all__ = ["OxigraphStore"]


def _open_rw(path: str) -> OxStore:
    """A read-write handle on the database at ``path`` (a seam the reopen test replaces)."""
    return OxStore(path)


class OxigraphStore(QueryHelpers):
    """Embedded Oxigraph: on disk when given a folder (one process holds it read-write), else in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.location = str(path) if path else "memory"
        self.read_only = False  # True after a failed reopen (see ``reopen``), or for a snapshot (``open_read_only``)
        try:
            if path:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = OxStore(str(path))
            else:
                self._store = OxStore()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc} (is another aikg process using it?)") from exc

    @classmethod
    def open_read_only(cls, path: str | Path) -> OxigraphStore:
        """A store no other process writes (a snapshot: ``api/store_folder.make_snapshot``), opened read-only:
        any number of processes may read it; writes fail with :class:`StoreError`."""
        self = cls.__new__(cls)
        self.location, self.read_only = str(path), True
        try:
            self._store = OxStore.read_only(str(path))
        except OSError as exc:
            raise StoreError(f"cannot open the snapshot at {path}: {exc}") from exc
        return self

    @property
    def raw(self) -> OxStore:
        """The underlying pyoxigraph store."""
        return self._store

    def query(self, sparql: str, *, default_union: bool = True) -> QueryResult:
        try:
            return self._store.query(sparql, use_default_graph_as_union=default_union, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise StoreError(f"malformed query: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def query_serialized(self, sparql: str, media_type: str) -> tuple[bytes, str]:
        return serialize_result(self.query(sparql), media_type), media_type

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise StoreError(f"malformed update: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None:
        """Drop ``graphs`` and insert ``quads`` in one transaction (all or nothing)."""
        upd = text.replace_update(graphs, quads)  # looked up at the call: one seam for tests
        if upd:
            self.update(upd)

    def add(self, quads: Iterable[Quad]) -> None:
        self._store.extend(quads)

    def quads(self, subject: Any = None, predicate: Any = None, obj: Any = None, graph: Any = None) -> list[Quad]:
        """The quads matching a pattern (None: any), read straight from an index: the cost is the quads
        returned, with no query plan to go astray (graph/store/lookup.py)."""
        try:
            return list(self._store.quads_for_pattern(subject, predicate, obj, graph))
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"read failed: {exc}") from exc

    def insert_nquads(self, data: bytes) -> None:
        """Insert N-Quads text of graphs that do not exist yet, atomically (like :meth:`insert_graphs`)."""
        try:
            if self.location == "memory":
                self._store.load(data, format=RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(data, format=RdfFormat.N_QUADS)
        except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
            raise StoreError(f"insert failed: {exc}") from exc

    def insert_graphs(self, quads: Sequence[Quad]) -> None:
        """Insert the quads of graphs that do not exist yet, atomically.

        On disk this uses Oxigraph's bulk loader (SST files ingested in one step: several times faster
        than a transaction, and still all or nothing); in memory a plain transaction.
        """
        try:
            if self.location == "memory":
                self._store.extend(quads)
            else:
                self._store.bulk_extend(quads)
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"insert failed: {exc}") from exc

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        self._store.bulk_extend(quads)

    def load(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        try:
            if fmt.supports_datasets:
                self._store.bulk_load(data, format=fmt)
            else:
                self._store.bulk_load(data, format=fmt, to_graph=DefaultGraph())
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot parse {fmt.name}: {exc}") from exc

    def dump(self, out: IO[bytes], fmt: RdfFormat) -> None:
        if fmt.supports_datasets:
            self._store.dump(out, format=fmt, prefixes=PREFIXES) if fmt != RdfFormat.N_QUADS else self._store.dump(out, format=fmt)
        else:  # a triple format: the union of all graphs
            triples = {Triple(q.subject, q.predicate, q.object) for q in self._store}
            serialize(triples, out, fmt, prefixes=PREFIXES) if fmt != RdfFormat.N_TRIPLES else serialize(triples, out, fmt)

    def named_graphs(self) -> list[str]:
        return [g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def by_predicate(self, predicate: str) -> Iterator[tuple[Term, Term, Term]]:
        """(graph, subject, object) of every quad with ``predicate`` in a named graph: one index scan,
        no query (a whole-store join of seven patterns took 15 s where seven scans take about one)."""
        for q in self._store.quads_for_pattern(None, NamedNode(predicate), None, None):
            if isinstance(q.graph_name, NamedNode):
                yield q.graph_name, q.subject, q.object

    def flush(self) -> None:
        if self.location != "memory" and not self.read_only:
            self._store.flush()

    def reopen(self, wait: float = 10.0) -> None:
        """Close the on-disk database and open it again (nothing for an in-memory store).

        Releases the memory RocksDB accumulates under writes: pyoxigraph 0.5 keeps about 50 KB per bulk
        write until the database is closed (``bench/store_memory.py`` shows it). The caller makes sure
        nothing uses the store meanwhile (the server does it through ``api/gate.py``).

        All or nothing for the callers: RocksDB lets one handle per process write, so the old handle has
        to go before the new one opens; if the new one cannot be opened within ``wait`` seconds (a query
        result still read elsewhere keeps the old database open, the disk fails), the store opens the
        same database read-only instead, so every read keeps working, writes fail with
        :class:`StoreError` naming the cause, ``read_only`` is True, and :class:`StoreError` is raised;
        the next successful ``reopen`` makes it writable again. A process killed meanwhile loses
        nothing: everything was flushed before the old handle closed.
        """
        if self.location == "memory":
            return
        import gc
        import time

        if not self.read_only:
            self._store.flush()
        del self._store
        gc.collect()
        deadline = time.monotonic() + wait
        while True:
            try:
                self._store = _open_rw(self.location)
                self.read_only = False
                return
            except (OSError, RuntimeError) as exc:
                if time.monotonic() > deadline:
                    self._store = OxStore.read_only(self.location)
                    self.read_only = True
                    raise StoreError(f"cannot reopen the store at {self.location} for writing ({exc}); "
                                     "serving it read-only until the next reopen") from exc
                time.sleep(0.05)

    def close(self) -> None:
        if self.location != "memory" and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        del self._store

    def __len__(self) -> int:
        return len(self._store)
