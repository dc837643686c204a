"""The worker pool of an on-disk store: queries in killable processes over read-only snapshots.

pyoxigraph has no cancel, so a query that overruns its time limit is stopped by SIGKILL and its worker
replaced (docs/sparql.md, "Design"). Each worker is ``worker.py`` run as a script over framed pipes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import signal
import struct
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from aikg.ontology import PREFIXES

from .checks import SparqlError
from .executors import QueryJob, QueryTimeout

if TYPE_CHECKING:
    from ..store import OxigraphStore

__all__ = ["WorkerPool", "WORKER_NICE"]

#: Niceness of the worker processes: untrusted queries never outrank the API process.
WORKER_NICE = 5


class _Worker:
    """One worker process of the pool."""

    def __init__(self, proc: asyncio.subprocess.Process) -> None:
        self.proc = proc
        self.snapshot: str | None = None

    async def ask(self, request: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        data = json.dumps(request, separators=(",", ":")).encode("utf-8")
        self.proc.stdin.write(struct.pack(">I", len(data)) + data)
        # a pipe to an idle worker never fills up; drain only if the transport says it must
        if self.proc.stdin.transport.get_write_buffer_size() > 2**16:
            await self.proc.stdin.drain()
        out = self.proc.stdout
        n, m = struct.unpack(">II", await out.readexactly(8))
        answer = await out.readexactly(n + m)
        self.snapshot = request["path"]
        return json.loads(answer[:n]), answer[n:]

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.proc.kill()


class WorkerPool:
    """Worker processes over read-only snapshots of an on-disk store; an overrunning query is SIGKILLed.

    A snapshot is a RocksDB checkpoint (hard links: ~0.1 s, almost no space) taken lazily by the first query
    after a write; workers reopen the newest one (~40 ms) and old snapshots are deleted once no worker
    reads them. Queries therefore see every write that completed before they started.
    """

    def __init__(
        self, store: OxigraphStore, size: int, max_rows: int, max_bytes: int | None = None, max_memory: int = 0
    ) -> None:
        self.store, self.size, self.max_rows, self.max_bytes, self.max_memory = store, size, max_rows, max_bytes, max_memory
        root = Path(store.location).resolve()
        # snapshots left by a server that was killed (kill -9 runs no cleanup): this process holds the store's
        # lock, so no other server can be reading them
        for stale in root.parent.glob(f".{root.name}.snapshots-*"):
            shutil.rmtree(stale, ignore_errors=True)
        try:
            self._dir = Path(tempfile.mkdtemp(prefix=f".{root.name}.snapshots-", dir=root.parent))
        except OSError:
            self._dir = Path(tempfile.mkdtemp(prefix="aikg-snapshots-"))
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._version = 0
        self._snapshot: str | None = None
        self._snapshot_version = -1
        self._snap_lock = asyncio.Lock()
        self._waiting: dict[str, int] = {}  # snapshot -> queries given it that no worker has opened yet
        self._closed = False
        self._spawning: set[asyncio.Task[None]] = set()
        self._script = str(Path(__file__).with_name("worker.py"))

    async def _spawn(self) -> None:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            self._script,
            json.dumps(PREFIXES),
            str(WORKER_NICE),
            str(self.max_memory),
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**20,
        )
        w = _Worker(proc)
        if self._closed:
            w.kill()
            return
        self._all.add(w)
        self._idle.put_nowait(w)

    def _respawn(self) -> None:
        task = asyncio.ensure_future(self._spawn())
        self._spawning.add(task)
        task.add_done_callback(self._spawning.discard)

    async def start(self) -> None:
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    def invalidate(self) -> None:
        """The store changed: the next query takes a new snapshot (thread-safe: a counter)."""
        self._version += 1

    async def _current_snapshot(self) -> str:
        if self._snapshot is not None and self._snapshot_version == self._version:
            return self._snapshot
        async with self._snap_lock:
            version = self._version
            if self._snapshot is None or self._snapshot_version != version:
                target = self._dir / f"v{time.monotonic_ns()}"
                await asyncio.to_thread(self.store.raw.backup, str(target))
                self._snapshot, self._snapshot_version = str(target), version
                self._collect()
        assert self._snapshot is not None
        return self._snapshot

    def _collect(self) -> None:
        """Delete snapshots no live worker reads any more."""
        in_use = {w.snapshot for w in self._all} | {self._snapshot} | set(self._waiting)
        for d in self._dir.iterdir():
            if str(d) not in in_use:
                shutil.rmtree(d, ignore_errors=True)

    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]:
        deadline = time.monotonic() + timeout
        snapshot = await self._current_snapshot()
        self._waiting[snapshot] = self._waiting.get(snapshot, 0) + 1  # kept until a worker has it open
        try:
            try:
                worker = self._idle.get_nowait()  # the usual case: a slot was free, so is a worker
            except asyncio.QueueEmpty:
                try:
                    worker = await asyncio.wait_for(self._idle.get(), max(0.01, deadline - time.monotonic()))
                except TimeoutError:
                    raise QueryTimeout() from None
            worker.snapshot = snapshot  # from here on the worker keeps it from being deleted
        finally:
            self._waiting[snapshot] -= 1
            if not self._waiting[snapshot]:
                del self._waiting[snapshot]
        request = {
            "q": job.sparql, "kind": job.kind, "mt": job.media_type, "max_rows": self.max_rows, "max_bytes": self.max_bytes,
            "dg": job.default_graphs, "ng": job.named_graphs, "union": job.union, "base": job.base_iri, "path": snapshot,
        }
        try:
            async with asyncio.timeout(max(0.01, deadline - time.monotonic())):
                head, body = await worker.ask(request)
        except (TimeoutError, asyncio.CancelledError, OSError, asyncio.IncompleteReadError) as exc:
            # Overran (or the client went away, or the worker died): SIGKILL is the only way to stop pyoxigraph.
            worker.kill()
            self._all.discard(worker)
            with contextlib.suppress(Exception):
                await asyncio.shield(worker.proc.wait())
            if not self._closed:
                self._respawn()
            if isinstance(exc, TimeoutError):
                raise QueryTimeout() from None
            if isinstance(exc, asyncio.CancelledError):
                raise
            if self.max_memory and worker.proc.returncode in (-signal.SIGABRT, -signal.SIGSEGV, 134):
                # the engine aborts when an allocation fails under the address-space cap
                raise SparqlError(503, "out of memory", f"the query needed more than the {self.max_memory // 2**20} MB a "
                                  "query may use (AIKG_QUERY_MEMORY_MB) and was stopped") from exc
            raise SparqlError(500, "query failed", "the query worker died") from exc
        self._idle.put_nowait(worker)
        if not head["ok"]:
            raise SparqlError(head["status"], head["error"], head["detail"])
        return body, head["mt"], str(head["cut"] or "")

    def worker_pids(self) -> list[int]:
        return [w.proc.pid for w in self._all]

    async def close(self) -> None:
        self._closed = True
        for t in list(self._spawning):
            t.cancel()
        for w in list(self._all):
            if w.proc.stdin is not None:
                w.proc.stdin.close()
            w.kill()
        for w in list(self._all):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(w.proc.wait(), 5)
        self._all.clear()
        shutil.rmtree(self._dir, ignore_errors=True)


