"""Run SPARQL queries on an Oxigraph store with a row cap, in this process or as a killable worker process.

Two uses:

* :func:`execute_local` runs one query on an open pyoxigraph ``Store`` and serialises the first ``max_rows``
  rows (or triples) in the requested media type. The in-process executor (:mod:`aikg.graph.sparql.executors`) calls it.
* Run as a script (``python worker.py PREFIXES_JSON NICE MAX_MEMORY_BYTES``), the file is one worker of the
  query pool (its address space capped at MAX_MEMORY_BYTES):
  it reads framed requests on stdin, opens the read-only snapshot each request names, answers on stdout,
  and is SIGKILLed by the pool when a query overruns its time limit — the only way to stop a pyoxigraph
  query. The script imports nothing from aikg (so it starts in ~0.2 s) and exits when stdin closes.

A request is one frame: ``4-byte big-endian length + JSON``. An answer is written with one ``write``:
``4-byte header length + 4-byte body length``, the JSON header, then the body bytes exactly as the HTTP
response sends them (the API process never re-serialises them).

>>> from pyoxigraph import Store, Quad, NamedNode, Literal
>>> s = Store()
>>> s.extend([Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal(str(i))) for i in range(3)])
>>> body, mt, cut = execute_local(s, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "SELECT", "text/csv", 2, {})
>>> (body.decode().split(), cut)
(['o', '0', '1'], 'rows')
"""

from __future__ import annotations

import io
import json
import os
import struct
import sys
from collections.abc import Callable
from typing import Any

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

__all__ = [
    "execute_local", "QueryFailed", "RESULT_FORMATS", "convert_tsv", "convert_tsv_capped", "serialize_triples", "solutions_tsv",
    "limit_memory",
]

RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
_PREFIXED_FORMATS = (RdfFormat.TURTLE, RdfFormat.RDF_XML, RdfFormat.JSON_LD)


class QueryFailed(Exception):
    """The engine refused or failed the query: ``status`` is the HTTP status to answer with."""

    def __init__(self, status: int, error: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.error, self.detail = status, error, detail


class _RowsCut(Exception):
    """Raised by :class:`_CappedLines` to stop a serialiser (and the query behind it) at a cap."""


class _CappedLines:
    """A binary sink that keeps at most ``max_lines`` lines and ``max_bytes`` bytes, stopping the writer after that.

    SPARQL TSV writes one solution a line (tabs and line breaks inside literals are escaped), so counting
    line breaks counts rows without parsing anything; the engine stops as soon as a cap is passed.
    """

    def __init__(self, max_lines: int, max_bytes: int | None = None) -> None:
        self.max_lines, self.max_bytes, self.lines, self.size = max_lines, max_bytes, 0, 0
        self.chunks: list[bytes] = []
        self.cut = ""  # "rows" or "bytes" once a cap was passed

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        self.size += len(chunk)
        if self.lines > self.max_lines:
            self.cut = "rows"
            raise _RowsCut()
        if self.max_bytes is not None and self.size > self.max_bytes:
            self.cut = "bytes"
            raise _RowsCut()
        return len(chunk)

    def flush(self) -> None:
        return None

    def value(self) -> bytes:
        """Whole lines only: at most ``max_lines`` of them, and (when cut for size) those within ``max_bytes``."""
        data = b"".join(self.chunks)
        if self.cut == "rows":
            end = -1
            for _ in range(self.max_lines):
                end = data.index(b"\n", end + 1)
            data = data[: end + 1]
        elif self.cut == "bytes":
            data = data[: data.rfind(b"\n", 0, (self.max_bytes or 0) + 1) + 1]
        return data


def solutions_tsv(res: QuerySolutions, max_rows: int, max_bytes: int | None = None) -> tuple[bytes, str]:
    """The first ``max_rows`` solutions (within ``max_bytes``) as SPARQL TSV written by the engine, and which
    cap cut them: ``""`` (none), ``"rows"`` or ``"bytes"``."""
    sink = _CappedLines(max_rows + 1, max_bytes)  # the header line and max_rows rows
    try:
        res.serialize(sink, QueryResultsFormat.TSV)  # type: ignore[arg-type]  # any object with write()
    except _RowsCut:
        pass
    return sink.value(), sink.cut


def convert_tsv(tsv: bytes, media_type: str) -> bytes:
    """SPARQL TSV results re-serialised in another results media type."""
    if media_type == "text/tab-separated-values":
        return tsv
    res = parse_query_results(tsv, format=QueryResultsFormat.TSV)
    out = res.serialize(format=RESULT_FORMATS[media_type])
    return out if isinstance(out, bytes) else b""


def _fit(render: Callable[[int], bytes], n: int, max_bytes: int | None) -> tuple[bytes, bool]:
    """``render(k)`` for the largest ``k <= n`` whose output fits in ``max_bytes`` (a few tries, shrinking by the
    measured ratio), and whether items were left out for size."""
    out = render(n)
    shrunk = False
    while max_bytes is not None and len(out) > max_bytes and n > 0:
        n = min(n - 1, int(n * max_bytes / len(out) * 0.95))
        out, shrunk = render(max(n, 0)), True
    return out, shrunk


def convert_tsv_capped(tsv: bytes, media_type: str, max_bytes: int | None) -> tuple[bytes, bool]:
    """:func:`convert_tsv` of the first rows of ``tsv`` that fit in ``max_bytes`` once converted."""
    lines = tsv.split(b"\n")[:-1]  # the header and one line per row
    return _fit(lambda k: convert_tsv(b"".join(ln + b"\n" for ln in lines[: k + 1]), media_type), len(lines) - 1, max_bytes)


def serialize_triples(triples: list[Triple], media_type: str, prefixes: dict[str, str]) -> bytes:
    """Triples in an RDF media type (N-Quads puts them in the default graph)."""
    fmt = RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise QueryFailed(406, "not acceptable", f"cannot write a graph as {media_type}")
    buf = io.BytesIO()
    items: list[Any] = triples
    if fmt.supports_datasets:
        items = [Quad(t.subject, t.predicate, t.object, DefaultGraph()) for t in triples]
    if fmt in _PREFIXED_FORMATS:
        serialize(items, buf, fmt, prefixes=prefixes)
    else:
        serialize(items, buf, fmt)
    return buf.getvalue()


def _triples_capped(res: Any, max_rows: int, max_bytes: int | None) -> tuple[list[Triple], str]:
    """At most ``max_rows`` triples of a CONSTRUCT/DESCRIBE, stopping early once their terms pass ``max_bytes``."""
    out: list[Triple] = []
    size = 0
    for t in res:
        if len(out) == max_rows:
            return out, "rows"
        out.append(t)
        if max_bytes is not None:
            size += len(str(t))
            if size > max_bytes:
                return out, "bytes"
    return out, ""


def execute_local(
    store: Store,
    sparql: str,
    kind: str,
    media_type: str,
    max_rows: int,
    prefixes: dict[str, str],
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    *,
    union: bool = True,
    base_iri: str | None = None,
    max_bytes: int | None = None,
) -> tuple[bytes, str, str]:
    """Run ``sparql`` and serialise at most ``max_rows`` rows/triples in at most ``max_bytes`` bytes:
    (body, media type, what cut it: ``""``, ``"rows"`` or ``"bytes"``).

    The dataset: the protocol's graphs when either list is given (the other is then empty, as the SPARQL
    Protocol says); otherwise the union of all graphs when ``union``, else the query's own FROM / FROM NAMED.
    Relative IRIs are resolved against ``base_iri``.
    """
    kwargs: dict[str, Any] = {"prefixes": prefixes, "base_iri": base_iri}
    if default_graphs is not None or named_graphs is not None:
        kwargs["default_graph"] = [NamedNode(g) for g in default_graphs or []]
        kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs or []]
    elif union:
        kwargs["use_default_graph_as_union"] = True
    try:
        res = store.query(sparql, **kwargs)
        if isinstance(res, QueryBoolean):
            if media_type not in RESULT_FORMATS:
                raise QueryFailed(406, "not acceptable", f"an ASK result cannot be written as {media_type}")
            out = res.serialize(format=RESULT_FORMATS[media_type])
            return (out if isinstance(out, bytes) else b""), media_type, ""
        if isinstance(res, QuerySolutions):
            if media_type not in RESULT_FORMATS:
                raise QueryFailed(406, "not acceptable", f"SELECT results cannot be written as {media_type}")
            tsv, cut = solutions_tsv(res, max_rows, max_bytes)
            body, shrunk = convert_tsv_capped(tsv, media_type, max_bytes)
            return body, media_type, "bytes" if shrunk else cut
        triples, cut = _triples_capped(res, max_rows, max_bytes)
        body, shrunk = _fit(lambda k: serialize_triples(triples[:k], media_type, prefixes), len(triples), max_bytes)
        return body, media_type, "bytes" if shrunk else cut
    except SyntaxError as exc:
        raise QueryFailed(400, "malformed query", str(exc)) from exc
    except ValueError as exc:
        raise QueryFailed(400, "query failed", str(exc)) from exc
    except MemoryError as exc:
        raise QueryFailed(503, "out of memory", "the query needed more memory than a query may use") from exc
    except (OSError, RuntimeError) as exc:
        raise QueryFailed(500, "query failed", str(exc)) from exc


# ---------------------------------------------------------------------------------------- worker process
def _read_frame(stream: Any) -> bytes | None:
    head = stream.read(4)
    if len(head) < 4:
        return None
    (n,) = struct.unpack(">I", head)
    data: bytes = stream.read(n)
    return data if len(data) == n else None


def _write_answer(stream: Any, head: dict[str, Any], body: bytes) -> None:
    """One answer in one write: both lengths, the JSON header, the body."""
    h = json.dumps(head, separators=(",", ":")).encode()
    stream.write(struct.pack(">II", len(h), len(body)) + h + body)
    stream.flush()


def _memory() -> Any:
    """aikg/graph/memory.py, loaded from its file: importing it as ``aikg.graph.memory`` would import the
    whole package and slow the worker's start."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_aikg_memory", os.path.join(os.path.dirname(os.path.dirname(__file__)), "memory.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def limit_memory(max_bytes: int) -> None:
    """Cap this process's address space (``RLIMIT_AS``): an allocation past it fails (a Python ``MemoryError``,
    or the engine aborts the process) instead of the machine swapping. 0: no cap."""
    if max_bytes > 0:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))


def _serve(prefixes: dict[str, str], max_memory: int) -> None:  # pragma: no cover - runs in the worker process
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the answer channel
    memory = _memory()
    memory.limit_arenas()
    store: Store | None = None
    path: str | None = None
    limit_memory(max_memory)
    while True:
        frame = _read_frame(stdin)
        if frame is None:
            return
        req = json.loads(frame)
        try:
            if req["path"] != path:
                store = None  # closes the previous snapshot
                memory.trim()  # and gives its caches back to the system
                store = Store.read_only(req["path"])
                path = req["path"]
            assert store is not None
            body, mt, cut = execute_local(
                store, req["q"], req["kind"], req["mt"], req["max_rows"], prefixes, req.get("dg"), req.get("ng"),
                union=req.get("union", True), base_iri=req.get("base"), max_bytes=req.get("max_bytes"),
            )
            _write_answer(stdout, {"ok": True, "mt": mt, "cut": cut}, body)
        except QueryFailed as exc:
            head = {"ok": False, "status": exc.status, "error": exc.error, "detail": exc.detail}
            _write_answer(stdout, head, b"")
        except MemoryError:
            del store
            store, path = None, None
            head = {"ok": False, "status": 503, "error": "out of memory", "detail": "the query needed more memory than a query may use"}
            _write_answer(stdout, head, b"")
        except Exception as exc:  # noqa: BLE001 - report anything to the pool rather than die
            head = {"ok": False, "status": 500, "error": "query failed", "detail": f"{type(exc).__name__}: {exc}"}
            _write_answer(stdout, head, b"")


if __name__ == "__main__":  # pragma: no cover
    nice = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    if nice:
        try:
            os.nice(nice)
        except OSError:
            pass
    _serve(json.loads(sys.argv[1]), int(sys.argv[3]) if len(sys.argv) > 3 else 0)
