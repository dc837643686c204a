"""The SPARQL endpoint's engine: inspection, content negotiation, limits, and isolated execution.

The HTTP route (``api/routes/sparql.py``) only translates HTTP; everything a query goes through is here:

1. **Size**: a query over ``max_query_bytes`` is refused (413) before anything reads it.
2. **Inspection** (:func:`inspect_query`), on a tokenizer that knows strings, IRIs and comments, *before* the
   query reaches any engine: its form (SELECT/ASK/CONSTRUCT/DESCRIBE; an update is refused on the read-only
   endpoint), and nothing that could make an engine fetch a URL — ``SERVICE`` and ``LOAD`` are refused, and
   ``FROM``/``FROM NAMED`` (and the protocol's ``default-graph-uri``/``named-graph-uri``) may only name
   graphs of this store.
3. **Negotiation** (:func:`negotiate`): the media type, or 406 before the query runs.
4. **Concurrency**: at most ``max_concurrent_queries`` run at once; a query waits ``QUEUE_WAIT`` seconds
   (at most a quarter of the time limit) for a slot, then gets 503 with ``Retry-After``.
5. **Execution** with a row cap (``max_rows``; the result says when it was cut) and a time limit
   (``query_timeout``; 504 when it is exceeded), by one of three executors chosen by the store:

   * on-disk store → :class:`WorkerPool`: worker processes over read-only snapshots (RocksDB checkpoints,
     hard links) of the store; a query that overruns is stopped by SIGKILL — pyoxigraph has no cancel —
     and the worker replaced. The API process keeps the store open read-write for REST and ingest.
   * remote store → :class:`RemoteExecutor`: the SPARQL protocol with a client-side deadline (the remote
     server's own timeout must stop its work; see docs/sparql.md).
   * in-memory store → :class:`InProcessExecutor`: threads; the deadline answers on time but cannot stop
     the engine, so the slot stays taken until the query ends (memory stores are for tests and notebooks).

>>> inspect_query("SELECT * WHERE { ?s ?p ?o }").kind
'SELECT'
>>> inspect_query("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
aikg.graph.sparql.SparqlError: SERVICE is not allowed: this endpoint never fetches remote data
>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None)
'application/sparql-results+xml'
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import json
import logging
import re
import secrets
import shutil
import signal
import struct
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urljoin

import httpx
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Store as OxStore, Triple, Variable, parse

from aikg.ontology import PREFIXES

from .config import Settings
from .sparql_worker import QueryFailed, convert_tsv_capped, execute_local, serialize_triples
from .store import OxigraphStore, RemoteStore, StoreError, bind

__all__ = [
    "SparqlError",
    "SparqlResult",
    "QueryInfo",
    "QueryJob",
    "parse_query",
    "SparqlService",
    "endpoint_base",
    "inspect_query",
    "negotiate",
    "RESULT_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "TRUNCATED_HEADER",
    "VOLATILE",
    "Executor",
    "InProcessExecutor",
    "QueryTimeout",
    "RemoteExecutor",
    "WorkerPool",
]

log = logging.getLogger("aikg.sparql")

#: Seconds a query waits for a free slot before it gets 503 (at most a quarter of the time limit).
QUEUE_WAIT = 1.0
#: The response header that says a result was cut at ``max_rows``.
TRUNCATED_HEADER = "X-Result-Truncated"
#: Functions whose value differs between runs of the same query on the same graph: results of a query
#: that uses one are never replayed from a cache.
VOLATILE = re.compile(r"\b(?:NOW|RAND|UUID|STRUUID|BNODE)\s*\(", re.IGNORECASE)
#: Niceness of the worker processes: untrusted queries never outrank the API process.
WORKER_NICE = 5

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")
#: IRIs under these prefixes are graph names of this store whatever the store holds.
LOCAL_GRAPH_PREFIXES = ("https://w3id.org/aikg/", "urn:")

RESULT_MEDIA_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_MEDIA_TYPES = ("text/turtle", "application/n-triples", "application/n-quads", "application/ld+json", "application/rdf+xml")
_RESULT_ALIASES = {
    "application/json": "application/sparql-results+json",
    "text/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/tsv": "text/tab-separated-values",
}
_GRAPH_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}
_FORMAT_NAMES_RESULTS = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_FORMAT_NAMES_GRAPHS = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "n-quads": "application/n-quads",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
}


class SparqlError(Exception):
    """A request the endpoint refuses or could not answer: an HTTP status, a short error and a detail."""

    def __init__(self, status: int, error: str, detail: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail, self.headers = status, error, detail, headers or {}


@dataclass
class SparqlResult:
    """An answer: the body in ``media_type``; ``truncated`` says which cap cut it ("rows", "bytes" or "")."""

    body: bytes
    media_type: str
    truncated: str = ""
    elapsed: float = 0.0


@dataclass
class QueryInfo:
    """What inspection found: the form, and the graphs named by FROM / FROM NAMED (resolved)."""

    kind: str
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)

    @property
    def has_dataset(self) -> bool:
        return bool(self.from_graphs or self.from_named)


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


# ------------------------------------------------------------------------------------------- inspection
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$]\w+)
    | (?P<pname>(?:[A-Za-z][\w.-]*)?:[^\s(){}\[\],;"'<>]*)
    | (?P<word>[A-Za-z_]\w*)
    | (?P<other>\S)
    """,
    re.X | re.S,
)
#: An empty store whose only use is parsing: see :func:`parse_query`.
_PARSER = OxStore()
#: A variable no query can project (a fresh random name): asking the engine to substitute it makes it parse the
#: query and then refuse to evaluate it.
_PARSE_ONLY = "aikg_parse_only_" + secrets.token_hex(8)
_PARSE_ONLY_SUBSTITUTION: dict[Variable, NamedNode | BlankNode | Literal | Triple] = {Variable(_PARSE_ONLY): Literal("")}


def _decode(sparql: str) -> str:
    try:
        return _ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), sparql)
    except (ValueError, OverflowError):  # an escape past U+10FFFF: the parser refuses the text anyway
        return sparql


def _tokens(sparql: str) -> list[tuple[str, str]]:
    out = []
    for m in _TOKEN.finditer(sparql):
        kind = m.lastgroup or "other"
        if kind != "comment":
            out.append((kind, m.group()))
    return out


def parse_query(sparql: str, base_iri: str | None = None) -> None:
    """Parse ``sparql`` as a SPARQL 1.1 *query* with the engine's own parser, without evaluating it.

    The parser only knows the four query forms (an update, a dialect's pragma or trailing text is a syntax
    error). It runs on an empty store and is asked to substitute a variable the query cannot project
    (``_PARSE_ONLY``), which the engine checks after parsing and before evaluating: so nothing is evaluated.
    Cost: 45 µs for a lookup, 170 µs for an 840-character query. Raises :class:`SparqlError` (400).

    >>> parse_query("SELECT * WHERE { ?s ?p ?o }")
    >>> parse_query("SELECT * WHERE { ?s ?p ?o } ; DROP ALL")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    aikg.graph.sparql.SparqlError: error at 1:...: expected ...
    """
    if _PARSE_ONLY in sparql:
        raise SparqlError(400, "malformed query", f"?{_PARSE_ONLY} is a reserved name")
    try:
        _PARSER.query(sparql, base_iri=base_iri, prefixes=PREFIXES, substitutions=_PARSE_ONLY_SUBSTITUTION)
    except SyntaxError as exc:
        raise SparqlError(400, "malformed query", str(exc)) from None
    except RuntimeError as exc:
        if "does not contains variable" in str(exc):
            return  # parsed; evaluation refused, as asked
        raise SparqlError(400, "malformed query", str(exc)) from None
    except (ValueError, TypeError) as exc:
        raise SparqlError(400, "malformed query", str(exc)) from None
    raise SparqlError(400, "malformed query", "the query could not be checked")  # pragma: no cover - unreachable


def _scan(toks: list[tuple[str, str]], base: str, update: bool) -> QueryInfo:
    """Form (the first keyword after the prologue), SERVICE/LOAD refused, FROM/USING graphs resolved."""
    prefixes = dict(PREFIXES)
    info = QueryInfo(kind="")
    i = 0
    while i < len(toks):
        t, v = toks[i]
        word = v.upper() if t == "word" else ""
        if not info.kind and word == "PREFIX" and i + 2 < len(toks):
            name = toks[i + 1][1].rstrip(":")
            if toks[i + 2][0] == "iri":
                prefixes[name] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
            continue
        if not info.kind and word == "BASE" and i + 1 < len(toks):
            if toks[i + 1][0] == "iri":
                base = urljoin(base, toks[i + 1][1][1:-1])
            i += 2
            continue
        if not info.kind:
            info.kind = word or v
        if word == "SERVICE":
            raise SparqlError(400, "refused", "SERVICE is not allowed: this endpoint never fetches remote data")
        if word == "LOAD":
            raise SparqlError(400, "refused", "LOAD is not allowed: this endpoint never fetches remote data")
        if word in ("FROM", "USING"):
            target = info.from_graphs
            j = i + 1
            if j < len(toks) and toks[j][1].upper() == "NAMED":
                target = info.from_named
                j += 1
            if j < len(toks):
                tk, tv = toks[j]
                if tk == "iri":
                    target.append(urljoin(base, tv[1:-1]))
                elif tk == "pname" and tv.split(":", 1)[0] in prefixes:
                    p, local = tv.split(":", 1)
                    target.append(prefixes[p] + local)
                elif not update:
                    raise SparqlError(400, "malformed query", f"{word} must be followed by an IRI")
        i += 1
    return info


def inspect_query(sparql: str, *, update: bool = False, base_iri: str | None = None) -> QueryInfo:
    """The query's form and dataset; raises :class:`SparqlError` for anything the endpoint refuses.

    A query is parsed by the engine (:func:`parse_query`) and its form must be one of SELECT, ASK, CONSTRUCT,
    DESCRIBE (an allow-list: anything else is 400, an update 403). Then, on a tokenizer that knows strings,
    IRIs and comments, SERVICE is refused wherever it appears — in the text as sent and with its ``\\u``
    escapes decoded, so no reading of the text hides one. With ``update=True`` the text is an update (not
    parsed here; SERVICE and LOAD are still refused).
    """
    if not update:
        first = next((v.upper() for t, v in _tokens(sparql) if t == "word" and v.upper() not in ("PREFIX", "BASE")), "")
        if first in UPDATE_FORMS:
            raise SparqlError(403, "read-only",
                              f"{first} is a SPARQL Update: this endpoint only answers queries (updates go to /sparql/update)")
        parse_query(sparql, base_iri)
    info = _scan(_tokens(sparql), base_iri or "", update)
    decoded = _decode(sparql)
    if decoded != sparql:  # only SERVICE/LOAD matter here: decoding may move string boundaries
        _scan(_tokens(decoded), base_iri or "", True)
    if not update and info.kind.upper() not in QUERY_FORMS:
        raise SparqlError(400, "malformed query", f"only {', '.join(QUERY_FORMS)} queries are answered here, not {info.kind!r}")
    info.kind = info.kind.upper()
    return info


# ----------------------------------------------------------------------------------------- negotiation
def _accept_items(accept: str | None) -> list[str]:
    if not accept or not accept.strip():
        return ["*/*"]
    items: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt = bits[0].lower()
        if not mt:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, n, mt))
    return [mt for _, _, mt in sorted(items)]


def negotiate(kind: str, accept: str | None, formats: list[str] | str | None = None) -> str | None:
    """The media type to answer a ``kind`` query with, from ``?format=`` values or the Accept header.

    ``None`` when nothing acceptable can be produced (406).
    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    supported = GRAPH_MEDIA_TYPES if graph else RESULT_MEDIA_TYPES
    aliases = _GRAPH_ALIASES if graph else _RESULT_ALIASES
    names = _FORMAT_NAMES_GRAPHS if graph else _FORMAT_NAMES_RESULTS
    if isinstance(formats, str):
        formats = [formats]
    for f in formats or []:
        f = f.strip().lower()
        if f in names:
            return names[f]
        mt = aliases.get(f, f)
        if mt in supported:
            return mt
    items = _accept_items(accept)
    if items and items[0] in ("text/html", "application/xhtml+xml"):
        return supported[0]  # a browser following a link: the default format
    for mt in items:
        if mt == "*/*":
            return supported[0]
        if mt.endswith("/*"):
            major = mt[:-1]
            for s in supported:
                if s.startswith(major):
                    return s
            continue
        mt = aliases.get(mt, mt)
        if mt in supported:
            return mt
    return None


# ------------------------------------------------------------------------------------------- executors
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


def _failed(exc: QueryFailed) -> SparqlError:
    return SparqlError(exc.status, exc.error, exc.detail)


class InProcessExecutor:
    """Queries on a thread of this process (in-memory stores): the deadline answers on time, but the
    engine cannot be stopped, so :class:`QueryTimeout` carries the still-running future."""

    def __init__(self, store: OxigraphStore, max_rows: int, threads: int, max_bytes: int | None = None) -> None:
        self.store, self.max_rows, self.max_bytes = store, max_rows, max_bytes
        self._pool = concurrent.futures.ThreadPoolExecutor(max_workers=threads, thread_name_prefix="aikg-sparql")

    async def start(self) -> None:
        return None

    def invalidate(self) -> None:
        return None

    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]:
        fut = self._pool.submit(
            functools.partial(execute_local, self.store.raw, job.sparql, job.kind, job.media_type, self.max_rows, PREFIXES,
                              job.default_graphs, job.named_graphs, union=job.union, base_iri=job.base_iri,
                              max_bytes=self.max_bytes)
        )
        try:
            return await asyncio.wait_for(asyncio.wrap_future(fut), timeout)
        except TimeoutError:
            raise QueryTimeout(fut) from None
        except QueryFailed as exc:
            raise _failed(exc) from exc

    async def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


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
        self._script = str(Path(__file__).with_name("sparql_worker.py"))

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


class RemoteExecutor:
    """A remote SPARQL 1.1 server through the protocol, with a client-side deadline and row and byte caps.

    SELECT results are fetched as TSV (one row a line, so the caps cut the stream without parsing it),
    graphs as N-Triples, then re-serialised in the negotiated format. The connection is dropped at the
    deadline; stopping the work is the remote server's own timeout's job. The remote server's error bodies
    are logged, never passed on: they may quote the query as the store rewrote it.
    """

    def __init__(self, store: RemoteStore, max_rows: int, size: int, max_bytes: int | None = None) -> None:
        self.store, self.max_rows, self.max_bytes = store, max_rows, max_bytes
        self._client = httpx.AsyncClient(
            auth=store._client.auth,
            timeout=None,
            limits=httpx.Limits(max_connections=size + 2, max_keepalive_connections=size + 2),
        )

    async def start(self) -> None:
        return None

    def invalidate(self) -> None:
        return None

    async def _fetch(self, job: QueryJob) -> tuple[bytes, str, str]:
        kind = job.kind
        accept = {"SELECT": "text/tab-separated-values", "ASK": "application/sparql-results+json"}.get(
            kind, "application/n-triples"
        )
        # the store decides how a query is sent (Virtuoso: form-encoded, system graphs excluded)
        req = self._client.build_request(
            **self.store.query_request(job.sparql, accept, job.default_graphs or [], job.named_graphs or [])
        )
        resp = await self._client.send(req, stream=True)
        try:
            if resp.status_code >= 400:
                text = (await resp.aread()).decode("utf-8", "replace")[:2000]
                log.warning("the SPARQL server answered %s: %s", resp.status_code, text.strip())
                if resp.status_code < 500:
                    raise SparqlError(400, "query failed", f"the SPARQL server refused the query (HTTP {resp.status_code})")
                raise SparqlError(502, "store failed", f"the SPARQL server failed (HTTP {resp.status_code})")
            if kind not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
                got = resp.headers.get("content-type", accept).split(";")[0]
                return self.store.normalize_answer(await resp.aread(), got), got, ""
            limit = self.max_rows + (1 if kind == "SELECT" else 0)  # the TSV header line
            chunks: list[bytes] = []
            lines = size = 0
            cut = ""
            async for chunk in resp.aiter_bytes():
                lines += chunk.count(b"\n")
                size += len(chunk)
                chunks.append(chunk)
                if lines > limit:
                    cut = "rows"
                    break
                if self.max_bytes is not None and size > self.max_bytes:
                    cut = "bytes"
                    break
            data = b"".join(chunks)
            if cut == "rows":
                data = b"\n".join(data.split(b"\n")[:limit]) + b"\n"
            elif cut == "bytes":
                data = data[: data.rfind(b"\n", 0, (self.max_bytes or 0) + 1) + 1]
            return self.store.normalize_answer(data, accept), accept, cut
        finally:
            await resp.aclose()

    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]:
        kind, media_type = job.kind, job.media_type
        try:
            data, got, cut = await asyncio.wait_for(self._fetch(job), timeout)
        except TimeoutError:
            raise QueryTimeout() from None
        except httpx.TransportError as exc:
            raise SparqlError(502, "store unavailable", f"the SPARQL server did not answer: {type(exc).__name__}") from exc
        if data.rstrip().endswith(b"The SPARQL operation has been cancelled"):
            raise QueryTimeout()
        try:
            if kind == "SELECT":
                body, shrunk = convert_tsv_capped(data, media_type, self.max_bytes)
                return body, media_type, "bytes" if shrunk else cut
            if kind in ("CONSTRUCT", "DESCRIBE"):
                triples = list(parse(data, format=RdfFormat.N_TRIPLES))
                return serialize_triples(triples, media_type, PREFIXES), media_type, cut
            from pyoxigraph import QueryResultsFormat, parse_query_results

            from .sparql_worker import RESULT_FORMATS

            res = parse_query_results(data, format=QueryResultsFormat.from_media_type(got) or QueryResultsFormat.JSON)
            out = res.serialize(format=RESULT_FORMATS[media_type])
            return (out if isinstance(out, bytes) else b""), media_type, ""
        except QueryFailed as exc:
            raise _failed(exc) from exc
        except (SyntaxError, ValueError) as exc:
            log.warning("unreadable answer from the SPARQL server: %s", exc)
            raise SparqlError(502, "store failed", "unreadable answer from the SPARQL server") from exc

    async def close(self) -> None:
        await self._client.aclose()


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
