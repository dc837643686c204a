"""Run SPARQL queries on an Oxigraph store with a row cap, in this process or as a killable worker process.

Two uses:

* :func:`execute_local` runs one query on an open pyoxigraph ``Store`` and serialises the first ``max_rows``
  rows (or triples) in the requested media type. The in-process executor of :mod:`aikg.graph.sparql` calls it.
* Run as a script (``python sparql_worker.py PREFIXES_JSON NICE``), the file is one worker of the query pool:
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
(['o', '0', '1'], True)
"""

from __future__ import annotations

import io
import json
import os
import struct
import sys
from itertools import islice
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

__all__ = ["execute_local", "QueryFailed", "RESULT_FORMATS", "convert_tsv", "serialize_triples", "solutions_tsv"]

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
    """Raised by :class:`_CappedLines` to stop a serialiser (and the query behind it) at the row cap."""


class _CappedLines:
    """A binary sink that keeps at most ``max_lines`` lines and stops the writer after that.

    SPARQL TSV writes one solution a line (tabs and line breaks inside literals are escaped), so counting
    line breaks counts rows without parsing anything; the engine stops as soon as the cap is passed.
    """

    def __init__(self, max_lines: int) -> None:
        self.max_lines, self.lines = max_lines, 0
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        chunk = bytes(data)
        self.chunks.append(chunk)
        self.lines += chunk.count(b"\n")
        if self.lines > self.max_lines:
            raise _RowsCut()
        return len(chunk)

    def flush(self) -> None:
        return None

    def value(self) -> bytes:
        data = b"".join(self.chunks)
        if self.lines > self.max_lines:
            end = -1
            for _ in range(self.max_lines):
                end = data.index(b"\n", end + 1)
            data = data[: end + 1]
        return data


def solutions_tsv(res: QuerySolutions, max_rows: int) -> tuple[bytes, bool]:
    """The first ``max_rows`` solutions as SPARQL TSV (written by the engine), and whether more were left out."""
    sink = _CappedLines(max_rows + 1)  # the header line and max_rows rows
    try:
        res.serialize(sink, QueryResultsFormat.TSV)  # type: ignore[arg-type]  # any object with write()
    except _RowsCut:
        pass
    return sink.value(), sink.lines > sink.max_lines


def convert_tsv(tsv: bytes, media_type: str) -> bytes:
    """SPARQL TSV results re-serialised in another results media type."""
    if media_type == "text/tab-separated-values":
        return tsv
    res = parse_query_results(tsv, format=QueryResultsFormat.TSV)
    out = res.serialize(format=RESULT_FORMATS[media_type])
    return out if isinstance(out, bytes) else b""


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


def execute_local(
    store: Store,
    sparql: str,
    kind: str,
    media_type: str,
    max_rows: int,
    prefixes: dict[str, str],
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> tuple[bytes, str, bool]:
    """Run ``sparql`` and serialise at most ``max_rows`` rows/triples: (body, media type, cut?)."""
    kwargs: dict[str, Any] = {"prefixes": prefixes}
    if default_graphs:
        kwargs["default_graph"] = [NamedNode(g) for g in default_graphs]
    else:
        kwargs["use_default_graph_as_union"] = True
    if named_graphs:
        kwargs["named_graphs"] = [NamedNode(g) for g in named_graphs]
    try:
        res = store.query(sparql, **kwargs)
        if isinstance(res, QueryBoolean):
            if media_type not in RESULT_FORMATS:
                raise QueryFailed(406, "not acceptable", f"an ASK result cannot be written as {media_type}")
            out = res.serialize(format=RESULT_FORMATS[media_type])
            return (out if isinstance(out, bytes) else b""), media_type, False
        if isinstance(res, QuerySolutions):
            if media_type not in RESULT_FORMATS:
                raise QueryFailed(406, "not acceptable", f"SELECT results cannot be written as {media_type}")
            tsv, cut = solutions_tsv(res, max_rows)
            return convert_tsv(tsv, media_type), media_type, cut
        triples = list(islice(res, max_rows + 1))
        cut = len(triples) > max_rows
        return serialize_triples(triples[:max_rows], media_type, prefixes), media_type, cut
    except SyntaxError as exc:
        raise QueryFailed(400, "malformed query", str(exc)) from exc
    except ValueError as exc:
        raise QueryFailed(400, "query failed", str(exc)) from exc
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

    spec = importlib.util.spec_from_file_location("_aikg_memory", os.path.join(os.path.dirname(__file__), "memory.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _serve(prefixes: dict[str, str]) -> None:  # pragma: no cover - runs in the worker process
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing else may write on the answer channel
    memory = _memory()
    memory.limit_arenas()
    store: Store | None = None
    path: str | None = None
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
                store, req["q"], req["kind"], req["mt"], req["max_rows"], prefixes, req.get("dg"), req.get("ng")
            )
            _write_answer(stdout, {"ok": True, "mt": mt, "cut": cut}, body)
        except QueryFailed as exc:
            head = {"ok": False, "status": exc.status, "error": exc.error, "detail": exc.detail}
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
    _serve(json.loads(sys.argv[1]))
