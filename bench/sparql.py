"""Benchmark: one store served three ways, the same SPARQL queries under the same bounded loopback load.

* **aikg** — ``/sparql`` of the aikg app as shipped (uvicorn[standard], one process; queries run in its worker
  processes over read-only snapshots of the on-disk store; a repeated query on an unchanged graph is answered
  from its response cache, ``AIKG_RESPONSE_CACHE_MB``);
* **aikg-uncached** — the same app with the response cache off: every request executes its query;
* **oxigraph-server** — the Oxigraph server binary on a copy of the store (the limit: a Rust server around
  the same engine), ``--union-default-graph``;
* **rdflib-endpoint** — the PyPI package (the Python peer) over an rdflib ``Dataset`` loaded from the store's
  N-Quads (default union).

Each server gets its own copy of the store (a RocksDB checkpoint: hard links), so the three run side by side
and the measurements are **interleaved**: for every round, every query, every server in turn. A machine whose
background load drifts then shifts all three alike; with ``rounds`` > 1 each figure is the median over rounds.

Queries: an entity lookup, a 2-hop join, a named-graph query (which articles mention X) and an aggregate
(entities by type). Every query carries its own ``PREFIX`` declarations (aikg predeclares them; the peers do
not) and is sent as ``GET ?query=`` (percent-encoded) with ``Accept: application/sparql-results+json``.

Before any load, each server's answer to each query is **validated**: status 200, SPARQL JSON, and the
number of rows pyoxigraph gives in-process on the same store (never zero). A cell that fails is not loaded;
its error is recorded. Load: ``wrk`` (Debian) with ``connections`` connections for ``duration`` seconds after
a ``warmup``, every status code counted by a Lua script; bounded by ``--timeout`` and a process timeout; only
``127.0.0.1``. A query so slow that wrk would finish only a few requests per connection (rdflib-endpoint on
the named-graph query and the aggregate) is measured with sequential requests instead (bounded in count and
time; marked *sequential*). After each cell the bench waits until the server is idle again, so work a load
test left queued never slows the next cell. A single-client latency (sequential requests, about a second)
is measured too.

    from bench.sparql import run, comparison, table
    rows = run("data/bench-300k")          # one dict per (server, query): rps, p50_ms, p99_ms, status, error …
    print(table(comparison(rows)))          # the issue's comparison: ratios and targets
    python -m bench.sparql [STORE] [--triples N] [--duration S] [--rounds R] [--servers aikg,oxigraph-server,rdflib-endpoint]

Without a store, a small one is generated (``bench.rest.generate_store``), so the module runs standalone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx

__all__ = ["QUERIES", "TARGETS", "pick_entity", "serve", "load", "validate", "run", "comparison", "table", "SERVERS", "varied_subjects"]

SERVERS = ("aikg", "aikg-uncached", "oxigraph-server", "rdflib-endpoint")
AIKG_SERVERS = ("aikg", "aikg-uncached")
PROLOGUE = (
    "PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    "PREFIX aikg: <https://w3id.org/aikg/ontology#>\n"
)
#: The measured queries; ``$E`` is replaced by the IRI of a well-connected entity.
QUERIES: dict[str, str] = {
    "lookup": PROLOGUE + "SELECT DISTINCT ?p ?o WHERE { $E ?p ?o }",
    "2-hop join": PROLOGUE + "SELECT ?x ?y WHERE { $E ?p ?x . ?x ?q ?y . FILTER(isIRI(?y)) } LIMIT 200",
    "named-graph": PROLOGUE + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g aikg:mentions $E } } LIMIT 1000",
    "aggregate": PROLOGUE + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s rdf:type ?type } GROUP BY ?type ORDER BY DESC(?n)",
}
#: Targets of the issue: aikg's throughput over each peer's (min ratio), and the lookup's p50.
TARGETS: dict[str, dict[str, float]] = {
    "lookup": {"oxigraph-server": 0.5, "rdflib-endpoint": 2.0},
    "2-hop join": {"oxigraph-server": 0.5},
    "named-graph": {"rdflib-endpoint": 100.0},
    "aggregate": {"oxigraph-server": 0.9, "rdflib-endpoint": 100.0},
}
LOOKUP_P50_MS = 5.0
ACCEPT = "application/sparql-results+json"

_AIKG = """
import logging, sys
from aikg.api.app import create_app
from aikg.api.server import serve
from aikg.graph import Settings
logging.getLogger("aikg.api").setLevel(logging.WARNING)
settings = Settings(store=sys.argv[1], query_timeout=60, max_concurrent_queries=4, response_cache_mb=int(sys.argv[3]))
# what `aikg serve` runs: uvicorn with aikg's connection limits (api/server.py)
serve(create_app(settings), settings, "127.0.0.1", int(sys.argv[2]), log_level="warning", access_log=False, loop="uvloop")
"""

_RDFLIB = """
import sys, uvicorn
from rdflib import Dataset
from rdflib_endpoint import SparqlEndpoint
ds = Dataset(default_union=True)
ds.parse(sys.argv[1], format="nquads")
app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=False)
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[2]), log_level="warning", access_log=False)
"""

#: wrk script: counts every status code and socket error, printed as one JSON line at the end.
_LUA = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  local agg = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("statuses")) do agg[k] = (agg[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(agg) do table.insert(parts, string.format('"%d": %d', k, v)) end
  local e = summary.errors
  io.write(string.format('WRKSTATUS {"status": {%s}, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    table.concat(parts, ", "), e.connect, e.read, e.write, e.timeout))
end
"""


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _oxigraph_binary() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph")
    return found


@contextmanager
def serve(server: str, store: str | Path, nquads: Path | None = None, start_timeout: float = 900,
          log: Path | None = None) -> Iterator[str]:
    """Serve ``store`` with ``server`` on 127.0.0.1; yields the query endpoint URL, stops the server on exit.

    The server's output goes to ``log`` (default: a temporary file), never to an unread pipe: the Oxigraph
    server logs a line for every connection a load generator drops, and a full pipe would stall it."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    if server in AIKG_SERVERS:
        cache_mb = "64" if server == "aikg" else "0"
        args, url, probe = [sys.executable, "-c", _AIKG, str(store), str(port), cache_mb], base + "/sparql", base + "/ready"
    elif server == "oxigraph-server":
        # no --timeout-s: with it, every request leaves a thread sleeping for the whole timeout, and under
        # sustained load the server runs out of threads (os error 11, then a panic) within a minute
        args = [_oxigraph_binary(), "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                "--union-default-graph"]
        url, probe = base + "/query", base + "/"
    elif server == "rdflib-endpoint":
        if nquads is None:
            raise ValueError("rdflib-endpoint needs the store as an N-Quads file")
        args, url, probe = [sys.executable, "-c", _RDFLIB, str(nquads), str(port)], base + "/sparql", base + "/sparql"
    else:
        raise ValueError(f"unknown server {server!r}: one of {', '.join(SERVERS)}")
    log_path = log or Path(tempfile.mkstemp(prefix=f"aikg-bench-{server}-", suffix=".log")[1])
    log_fh = open(log_path, "wb")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(args, stdout=log_fh, stderr=subprocess.STDOUT, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                r = httpx.get(probe, params={"query": "ASK {}"} if probe.endswith("/sparql") else None, timeout=5,
                              headers={"Accept": ACCEPT})
                if r.status_code < 500:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                err = log_path.read_bytes()[-2000:].decode(errors="replace")
                raise RuntimeError(f"{server} did not start: {err}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log_fh.close()
        if log is None:
            log_path.unlink(missing_ok=True)


def pick_entity(store: str | Path) -> str:
    """The IRI of a well-connected entity: the 11th most mentioned (hubs would make the lookup a bulk read)."""
    from pyoxigraph import Store

    st = Store.read_only(str(store))
    q = PROLOGUE + ("SELECT ?e (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?g aikg:mentions ?e } } "
                    "GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 1 OFFSET 10")
    rows = list(st.query(q))  # type: ignore[arg-type]
    if not rows:
        rows = list(st.query("SELECT ?e WHERE { ?e ?p ?o } LIMIT 1", use_default_graph_as_union=True))  # type: ignore[arg-type]
    value = rows[0]["e"].value
    del st
    return str(value)


def expected_rows(store: str | Path, texts: dict[str, str]) -> dict[str, int]:
    """Row count of each query, in-process on the store (the reference every server must match)."""
    from pyoxigraph import Store

    st = Store.read_only(str(store))
    out = {name: len(list(st.query(q, use_default_graph_as_union=True))) for name, q in texts.items()}  # type: ignore[arg-type]
    del st
    return out


def query_url(url: str, query: str) -> str:
    """``url?query=…``, percent-encoded (spaces as ``+``, as HTML forms and SPARQLWrapper send them)."""
    return url + "?" + urlencode({"query": query})


def validate(url: str, query: str, expected: int | None, timeout_s: float = 120) -> dict[str, Any]:
    """One request: status 200, SPARQL JSON, ``expected`` rows (> 0). Returns rows, first_ms and ``error``."""
    target = query_url(url, query)
    try:
        r = httpx.get(target, headers={"Accept": ACCEPT}, timeout=timeout_s)
    except httpx.HTTPError as exc:
        return {"first_status": 0, "error": f"validation: {type(exc).__name__}: {exc}"}
    res: dict[str, Any] = {"first_status": r.status_code, "first_ms": round(r.elapsed.total_seconds() * 1000, 1)}
    if r.status_code != 200:
        return {**res, "error": f"validation: HTTP {r.status_code}: {r.text[:200]}"}
    try:
        rows = len(r.json()["results"]["bindings"])
    except (ValueError, KeyError, TypeError) as exc:
        return {**res, "error": f"validation: not SPARQL JSON ({r.headers.get('content-type')}): {exc}"}
    res["rows"] = rows
    if rows == 0 or (expected is not None and rows != expected):
        return {**res, "error": f"validation: {rows} rows, expected {expected}"}
    try:  # once more, warm: decides between a load test and sequential requests
        r = httpx.get(target, headers={"Accept": ACCEPT}, timeout=timeout_s)
        res["warm_ms"] = round(r.elapsed.total_seconds() * 1000, 1)
    except httpx.HTTPError as exc:
        return {**res, "error": f"validation (2nd request): {type(exc).__name__}: {exc}"}
    return res


def single_client(url: str, query: str, seconds: float = 1.0, max_requests: int = 200) -> dict[str, Any]:
    """Sequential requests on one keep-alive connection for about ``seconds``: p50 and p99 latency (ms).

    A request that fails on a reused connection (a server may close idle keep-alive connections) is sent
    again once on a new one; failures are reported, not raised."""
    target = query_url(url, query)
    times: list[float] = []
    failures = 0
    c = httpx.Client(headers={"Accept": ACCEPT}, timeout=60)
    try:
        stop = time.perf_counter() + seconds + 1
        first = True
        while len(times) < max_requests and (len(times) < 5 or time.perf_counter() < stop) and failures < 5:
            t = time.perf_counter()
            try:
                c.get(target)
            except httpx.HTTPError:
                failures += 1
                c.close()
                c = httpx.Client(headers={"Accept": ACCEPT}, timeout=60)
                continue
            if first:  # the connection's first request is not timed
                first = False
                stop = time.perf_counter() + seconds
                continue
            times.append((time.perf_counter() - t) * 1000)
    finally:
        c.close()
    if not times:
        return {"single_error": f"{failures} failed requests"}
    times.sort()
    res: dict[str, Any] = {"single_p50_ms": round(statistics.median(times), 2),
                           "single_p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2)}
    if failures:
        res["single_failures"] = failures
    return res


def sequential(url: str, query: str, *, seconds: float = 5, max_requests: int = 50, cap_s: float = 120) -> dict[str, Any]:
    """For a query too slow for a load test: sequential requests on one connection for about ``seconds``
    (at least 3, at most ``max_requests``, never past ``cap_s``): rps = requests / time, p50, p99."""
    target = query_url(url, query)
    times: list[float] = []
    status: dict[int, int] = {}
    start = time.perf_counter()
    with httpx.Client(headers={"Accept": ACCEPT}, timeout=cap_s) as c:
        while len(times) < max_requests:
            elapsed = time.perf_counter() - start
            if elapsed > cap_s or (len(times) >= 3 and elapsed > seconds):
                break
            t = time.perf_counter()
            try:
                code = c.get(target).status_code
            except httpx.HTTPError:
                code = 0
            times.append((time.perf_counter() - t) * 1000)
            status[code] = status.get(code, 0) + 1
    total = time.perf_counter() - start
    times.sort()
    res: dict[str, Any] = {
        "mode": "sequential", "rps": round(len(times) / total, 2), "requests": len(times), "status": status,
        "p50_ms": round(statistics.median(times), 2), "p99_ms": round(times[min(len(times) - 1, int(len(times) * 0.99))], 2),
    }
    bad = sum(v for k, v in status.items() if k != 200)
    if bad:
        res["errors"], res["error"] = float(bad), f"sequential: status {status}"
    return res


def wait_idle(url: str, limit_s: float = 180) -> float:
    """Wait until the server answers a trivial query at once (the work a load test left queued is done)."""
    start = time.monotonic()
    while time.monotonic() - start < limit_s:
        t = time.monotonic()
        try:
            httpx.get(url, params={"query": "ASK {}"}, headers={"Accept": ACCEPT}, timeout=limit_s)
        except httpx.HTTPError:
            time.sleep(0.5)
            continue
        if time.monotonic() - t < 0.2:
            break
    return round(time.monotonic() - start, 1)


def load(url: str, query: str, *, duration: int = 5, connections: int = 8, threads: int = 2, warmup: int = 1,
         timeout_s: int = 30) -> dict[str, Any]:
    """Bounded load with wrk: GET url?query=… for ``duration`` seconds; returns rps, p50/p99 (ms), status codes."""
    from bench.rest import parse_wrk

    if urlsplit(url).hostname not in ("127.0.0.1", "localhost", "::1"):
        raise ValueError(f"load only on loopback, not {url}")
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    target = query_url(url, query)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA)
        script = fh.name
    try:
        args = [wrk, f"-t{threads}", f"-c{connections}", "--latency", "--timeout", f"{timeout_s}s",
                "-H", f"Accept: {ACCEPT}", "-s", script]
        if warmup:
            subprocess.run([*args, f"-d{warmup}s", target], capture_output=True, timeout=warmup + timeout_s + 30, check=False)
        out = subprocess.run([*args, f"-d{duration}s", target], capture_output=True, text=True,
                             timeout=duration + timeout_s + 30, check=False).stdout
    finally:
        os.unlink(script)
    res: dict[str, Any] = dict(parse_wrk(out))
    for line in out.splitlines():
        if line.startswith("WRKSTATUS "):
            info = json.loads(line[len("WRKSTATUS "):])
            res["status"] = {int(k): v for k, v in info.pop("status").items()}
            res["socket_errors"] = {k: v for k, v in info.items() if v}
    if res.get("errors") or res.get("socket_errors"):
        res["error"] = f"under load: status {res.get('status')}, socket errors {res.get('socket_errors') or 0}"
    return res


def _copy_store(store: str | Path, target: Path) -> None:
    """A private copy of an on-disk store (a RocksDB checkpoint: hard links, no copying)."""
    from pyoxigraph import Store

    st = Store.read_only(str(store))
    try:
        st.backup(str(target))
    except OSError:
        shutil.copytree(store, target)
    del st


def _dump_nquads(store: str | Path, out: Path) -> None:
    from pyoxigraph import RdfFormat, Store

    st = Store.read_only(str(store))
    with open(out, "wb") as fh:
        st.dump(fh, format=RdfFormat.N_QUADS)
    del st


def _median(values: list[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


def run(
    store: str | Path | None = None,
    *,
    triples: int = 20_000,
    duration: int = 5,
    connections: int = 8,
    rounds: int = 1,
    servers: tuple[str, ...] = SERVERS,
    queries: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Measure every query on every server (interleaved, ``rounds`` times); one row per (server, query).

    ``store`` is an on-disk Oxigraph folder (only read: every server gets a copy); without it a store of
    ``triples`` triples is generated in a temporary folder. Each row: server, query, rows, first_ms,
    rps / p50_ms / p99_ms (median over rounds, with min–max of rps), single-client p50/p99, status codes,
    and ``error`` when validation or the load failed.
    """
    queries = queries or QUERIES
    tmp = Path(tempfile.mkdtemp(prefix="aikg-bench-sparql-"))
    try:
        if store is None:
            from bench.rest import generate_store

            store = tmp / "store"
            generate_store(store, triples)
        from pyoxigraph import Store

        n_triples = len(Store.read_only(str(store)))
        entity = pick_entity(store)
        texts = {name: q.replace("$E", f"<{entity}>") for name, q in queries.items()}
        expected = expected_rows(store, texts)
        cells: dict[tuple[str, str], dict[str, Any]] = {}
        urls: dict[str, str] = {}
        with ExitStack() as stack:
            for server in servers:
                started = time.monotonic()
                cell_base = {"server": server, "triples": n_triples, "entity": entity}
                try:
                    if server == "rdflib-endpoint":
                        nquads = tmp / "store.nq"
                        _dump_nquads(store, nquads)
                        urls[server] = stack.enter_context(serve(server, store, nquads))
                    else:
                        copy = tmp / f"store-{server}"
                        _copy_store(store, copy)
                        urls[server] = stack.enter_context(serve(server, copy))
                    ready = round(time.monotonic() - started, 1)
                except Exception as exc:  # noqa: BLE001 - one server missing must not lose the others
                    for name in texts:
                        cells[(server, name)] = {**cell_base, "query": name, "error": f"start: {exc}"[:500]}
                    continue
                for name, text in texts.items():
                    cell = {**cell_base, "query": name, "ready_s": ready, "expected_rows": expected[name]}
                    cell.update(validate(urls[server], text, expected[name]))
                    cells[(server, name)] = cell
            samples: dict[tuple[str, str], list[dict[str, Any]]] = {k: [] for k in cells}
            for _ in range(max(1, rounds)):
                for name, text in texts.items():
                    for server in servers:
                        cell = cells[(server, name)]
                        if cell.get("error") or server not in urls:
                            continue
                        # a query whose single answer takes so long that wrk would finish only a few per
                        # connection (and leave the server a queue to work off) is measured sequentially
                        try:
                            if cell.get("warm_ms", 0) * connections > duration * 1000 / 4:
                                res = sequential(urls[server], text, seconds=duration)
                            else:
                                res = load(urls[server], text, duration=duration, connections=connections)
                        except Exception as exc:  # noqa: BLE001 - recorded in the cell, the run goes on
                            res = {"error": f"load: {type(exc).__name__}: {exc}"[:300]}
                        res["idle_wait_s"] = wait_idle(urls[server])
                        samples[(server, name)].append(res)
                        print(f"{server:16} {name:12} {res.get('rps', 0):8.0f} req/s  p50 {res.get('p50_ms')} ms  "
                              f"p99 {res.get('p99_ms')} ms  status {res.get('status')}", file=sys.stderr, flush=True)
            for (server, name), cell in cells.items():
                got = samples.get((server, name)) or []
                if not got:
                    continue
                rps = [s.get("rps", 0.0) for s in got if "rps" in s]
                if not rps:
                    cell["error"] = got[0].get("error", "no measurement")
                    continue
                cell.update({
                    "rps": _median(rps), "rps_min": min(rps), "rps_max": max(rps),
                    "p50_ms": _median([s["p50_ms"] for s in got if "p50_ms" in s]),
                    "p99_ms": _median([s["p99_ms"] for s in got if "p99_ms" in s]),
                    "requests": int(sum(s.get("requests", 0) for s in got)),
                    "status": json.dumps({str(k): v for k, v in sorted(_sum_status(got).items())}),
                    "connections": 1 if got[0].get("mode") == "sequential" else connections,
                    "mode": got[0].get("mode", "wrk"), "duration_s": duration, "rounds": len(got),
                })
                errs = [s["error"] for s in got if s.get("error")]
                if errs:
                    cell["error"] = errs[0]
                if cell["mode"] == "sequential":
                    cell.update({"single_p50_ms": cell["p50_ms"], "single_p99_ms": cell["p99_ms"]})
                else:
                    cell.update(single_client(urls[server], texts[name]))
        rows = [cells[(s, q)] for s in servers for q in texts]
        for r in rows:
            for peer in ("oxigraph-server", "rdflib-endpoint"):
                p_cell = cells.get((peer, r["query"]), {})
                ref = p_cell.get("rps")
                if ref and r.get("rps"):
                    r[f"vs_{peer}"] = round(r["rps"] / ref, 2)
                    if p_cell.get("error"):  # some of the peer's requests failed (timed out): its rate is lower still
                        r[f"vs_{peer}_at_least"] = True
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _sum_status(samples: list[dict[str, Any]]) -> dict[int, int]:
    total: dict[int, int] = {}
    for s in samples:
        for k, v in (s.get("status") or {}).items():
            total[k] = total.get(k, 0) + int(v)
    return total


def _fmt(v: Any, digits: int = 0) -> str:
    if v is None or v == "":
        return "—"
    if isinstance(v, float | int):
        return f"{v:,.{digits}f}"
    return str(v)


def comparison(rows: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The issue's comparison, one line per query: each server's req/s, p50, p99; aikg's ratios with targets."""
    by = {(r["server"], r["query"]): r for r in rows}
    out = []
    for q in dict.fromkeys(r["query"] for r in rows):
        line: dict[str, str] = {"query": q}
        for s in SERVERS:
            r = by.get((s, q))
            if r is None:
                continue
            if r.get("error") and not r.get("rps"):
                line[s] = f"error: {r['error'][:80]}"
                continue
            digits = 1 if (r.get("rps") or 0) < 100 else 0
            line[s] = f"{_fmt(r.get('rps'), digits)} q/s · p50 {_fmt(r.get('p50_ms'), 1)} · p99 {_fmt(r.get('p99_ms'), 1)} ms"
            if r.get("mode") == "sequential":
                line[s] += " (sequential)"
        for server in AIKG_SERVERS:
            if (server, q) in by:
                line[f"{server} vs peers"] = "; ".join(_verdicts(q, by[(server, q)]))
        out.append(line)
    return out


def _verdicts(q: str, a: dict[str, Any]) -> list[str]:
    """One aikg server's ratios to the peers for query ``q``, each against its target."""
    verdicts = []
    for peer, target in TARGETS.get(q, {}).items():
        ratio = a.get(f"vs_{peer}")
        short = "Oxigraph" if peer == "oxigraph-server" else "rdflib-ep"
        at_least = "≥ " if a.get(f"vs_{peer}_at_least") else ""
        if ratio is None:
            verdicts.append(f"vs {short}: n/a (target ≥ {target:g}x)")
        else:
            verdicts.append(f"vs {short} {at_least}{ratio:g}x (target ≥ {target:g}x: {'met' if ratio >= target else 'NOT met'})")
    for peer in ("oxigraph-server", "rdflib-endpoint"):
        if peer not in TARGETS.get(q, {}) and a.get(f"vs_{peer}") is not None:
            short = "Oxigraph" if peer == "oxigraph-server" else "rdflib-ep"
            verdicts.append(f"vs {short} {a[f'vs_{peer}']:g}x (no target)")
    if q == "lookup" and a.get("p50_ms") is not None:
        p50, single = a.get("p50_ms"), a.get("single_p50_ms")
        verdicts.append(f"p50 {p50:g} ms under load, {single:g} ms single client (target ≤ {LOOKUP_P50_MS:g} ms: "
                        f"{'met' if p50 <= LOOKUP_P50_MS else 'NOT met'} under load, "
                        f"{'met' if single is not None and single <= LOOKUP_P50_MS else 'NOT met'} single)")
    return verdicts


def details(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every cell with what was checked (rows, status codes, errors) — the table under the comparison."""
    keys = ("server", "query", "rows", "expected_rows", "first_ms", "mode", "connections", "rps", "rps_min", "rps_max",
            "p50_ms", "p99_ms", "single_p50_ms", "single_p99_ms", "requests", "status", "error")
    return [{k: r.get(k, "") for k in keys} for r in rows]


def table(rows: list[dict[str, Any]] | list[dict[str, str]]) -> str:
    """Rows (of :func:`comparison` or :func:`details`) as a Markdown table."""
    if not rows:
        return ""
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for r in rows:
        lines.append("| " + " | ".join(str(r.get(c, "")).replace("|", "\\|").replace("\n", " ") for c in cols) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", nargs="?", help="an on-disk Oxigraph store folder (default: generate one)")
    ap.add_argument("--triples", type=int, default=20_000, help="size of the generated store")
    ap.add_argument("--duration", type=int, default=5, help="seconds of load per query, server and round")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=1, help="interleaved rounds; figures are medians over them")
    ap.add_argument("--servers", default=",".join(SERVERS))
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of tables")
    args = ap.parse_args(argv)
    rows = run(args.store, triples=args.triples, duration=args.duration, connections=args.connections,
               rounds=args.rounds, servers=tuple(s.strip() for s in args.servers.split(",") if s.strip()))
    if args.json:
        print(json.dumps(rows, indent=2))
    else:
        n = rows[0].get("triples") if rows else 0
        print(f"Store: {n:,} triples; {args.connections} connections, {args.duration} s x {args.rounds} round(s) per cell.\n")
        print(table(comparison(rows)))
        print(table(details(rows)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())


def varied_subjects(store: str | Path, n: int = 3000, duration: int = 10, connections: int = 8) -> list[dict[str, Any]]:
    """SPARQL lookups of ``n`` different subjects (``SELECT ?p ?o WHERE { <s> ?p ?o }``, each connection
    going through them in turn: no answer is replayed), aikg with the response cache off vs the Oxigraph
    server on a copy of the same store, one after the other under the same load. One row per server:
    rps, p50/p99, and aikg's ratio to the Oxigraph server (issue 16's target: >= 0.5)."""
    from urllib.parse import quote

    from pyoxigraph import NamedNode, Store

    from bench import rest

    st = Store.read_only(str(store))
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    subjects = sorted({q.subject.value for q in st.quads_for_pattern(None, rdf_type, None, None) if isinstance(q.subject, NamedNode)})
    del st
    subjects = subjects[:: max(1, len(subjects) // n)][:n]
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="aikg-bench-varied-") as tmp:
        for server in ("aikg-uncached", "oxigraph-server"):
            copy = Path(tmp) / server
            _copy_store(store, copy)
            with serve(server, copy) as url:
                base, path = url.rsplit("/", 1)
                paths = [f"/{path}?query=" + quote(f"SELECT ?p ?o WHERE {{ <{s}> ?p ?o }}", safe="") for s in subjects]
                res = rest.load(base, paths, duration=duration, connections=connections, warmup=2, headers={"Accept": ACCEPT})
            rows.append({"server": server, "subjects": len(subjects), **{k: res.get(k) for k in ("rps", "p50_ms", "p99_ms", "errors", "timeouts")}})
            shutil.rmtree(copy, ignore_errors=True)
    ox = rows[1].get("rps") or 0
    rows[0]["vs oxigraph"] = round((rows[0].get("rps") or 0) / ox, 2) if ox else None
    return rows
