"""Benchmark: one store served three ways, the same SPARQL queries under the same bounded loopback load.

* **aikg** — ``/sparql`` of the aikg app (uvicorn[standard], one process; queries run in its worker processes
  over read-only snapshots of the on-disk store);
* **oxigraph-server** — the Oxigraph server binary on the same folder (the limit: a Rust server around the
  same engine), ``--union-default-graph``;
* **rdflib-endpoint** — the PyPI package (the Python peer) over an rdflib ``Dataset`` loaded from the store's
  N-Quads (default union).

The servers run one after the other (an on-disk store is opened read-write by one process at a time).
Queries: an entity lookup, a 2-hop join, a named-graph query (which articles mention X) and an aggregate
(entities by type). Load: ``wrk`` (Debian) with ``connections`` connections for ``duration`` seconds after a
warm-up, each query in turn; every request carries ``Accept: application/sparql-results+json``.

    from bench.sparql import run
    rows = run("data/bench-1m")            # list of dicts: server, query, rps, p50_ms, p99_ms, errors, ...
    python -m bench.sparql [STORE] [--triples N] [--duration S] [--servers aikg,oxigraph-server,rdflib-endpoint]

Without a store, a small one is generated (``bench.rest.generate_store``), so the module runs standalone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

__all__ = ["QUERIES", "pick_entity", "serve", "load", "run", "table", "SERVERS"]

SERVERS = ("aikg", "oxigraph-server", "rdflib-endpoint")
PROLOGUE = (
    "PREFIX aikg: <https://w3id.org/aikg/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
)
#: The measured queries; ``$E`` is replaced by the IRI of a well-connected entity.
QUERIES: dict[str, str] = {
    "lookup": PROLOGUE + "SELECT ?p ?o WHERE { $E ?p ?o }",
    "2-hop join": PROLOGUE + "SELECT ?x ?y WHERE { $E ?p ?x . ?x ?q ?y . FILTER(isIRI(?y)) } LIMIT 200",
    "named-graph": PROLOGUE + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g aikg:mentions $E } } LIMIT 1000",
    "aggregate": PROLOGUE + "SELECT ?type (COUNT(?s) AS ?n) WHERE { ?s a ?type } GROUP BY ?type ORDER BY DESC(?n)",
}
ACCEPT = "application/sparql-results+json"

_AIKG = """
import logging, sys, uvicorn
from aikg.api.app import create_app
from aikg.graph import Settings
logging.getLogger("aikg.api").setLevel(logging.WARNING)
uvicorn.run(create_app(Settings(store=sys.argv[1], query_timeout=60, max_concurrent_queries=4)), host="127.0.0.1",
            port=int(sys.argv[2]), log_level="warning", access_log=False, loop="uvloop", http="httptools")
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
def serve(server: str, store: str | Path, nquads: Path | None = None, start_timeout: float = 600) -> Iterator[str]:
    """Serve ``store`` with ``server``; yields the query endpoint URL, stops the server on exit."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    if server == "aikg":
        args, url, probe = [sys.executable, "-c", _AIKG, str(store), str(port)], base + "/sparql", base + "/ready"
    elif server == "oxigraph-server":
        args = [_oxigraph_binary(), "serve", "--location", str(store), "--bind", f"127.0.0.1:{port}",
                "--union-default-graph", "--timeout-s", "60"]
        url, probe = base + "/query", base + "/"
    elif server == "rdflib-endpoint":
        if nquads is None:
            raise ValueError("rdflib-endpoint needs the store as an N-Quads file")
        args, url, probe = [sys.executable, "-c", _RDFLIB, str(nquads), str(port)], base + "/sparql", base + "/sparql"
    else:
        raise ValueError(f"unknown server {server!r}: one of {', '.join(SERVERS)}")
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
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
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                raise RuntimeError(f"{server} did not start: {err[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


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


def load(url: str, query: str, *, duration: int = 5, connections: int = 8, threads: int = 2, warmup: int = 1,
         timeout_s: int = 30) -> dict[str, Any]:
    """Bounded load with wrk: GET url?query=… for ``duration`` seconds; returns rps, p50/p99 (ms), errors."""
    from bench.rest import parse_wrk

    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    target = url + "?" + urlencode({"query": query})
    try:
        first = httpx.get(target, headers={"Accept": ACCEPT}, timeout=timeout_s)
    except httpx.TransportError as exc:
        return {"first_status": 0, "error": f"{type(exc).__name__}: {exc}", "rps": 0.0}
    rows = None
    if first.status_code == 200:
        try:
            rows = len(first.json()["results"]["bindings"])
        except (ValueError, KeyError):
            rows = None
    args = [wrk, f"-t{threads}", f"-c{connections}", "--latency", "--timeout", f"{timeout_s}s", "-H", f"Accept: {ACCEPT}"]
    if warmup:
        subprocess.run([*args, f"-d{warmup}s", target], capture_output=True, timeout=warmup + timeout_s + 30, check=False)
    out = subprocess.run([*args, f"-d{duration}s", target], capture_output=True, text=True,
                         timeout=duration + timeout_s + 30, check=False).stdout
    res: dict[str, Any] = {"first_status": first.status_code, "first_ms": round(first.elapsed.total_seconds() * 1000, 2),
                           "rows": rows}
    res.update(parse_wrk(out))
    return res


def _dump_nquads(store: str | Path, out: Path) -> None:
    from pyoxigraph import RdfFormat, Store

    st = Store.read_only(str(store))
    with open(out, "wb") as fh:
        st.dump(fh, format=RdfFormat.N_QUADS)
    del st


def run(
    store: str | Path | None = None,
    *,
    triples: int = 20_000,
    duration: int = 5,
    connections: int = 8,
    servers: tuple[str, ...] = SERVERS,
    queries: dict[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Measure every query on every server; one row per (server, query) plus ratios to the Oxigraph server.

    ``store`` is an on-disk Oxigraph folder (not in use by another process); without it a store of
    ``triples`` triples is generated in a temporary folder.
    """
    queries = queries or QUERIES
    tmp = Path(tempfile.mkdtemp(prefix="aikg-bench-sparql-"))
    try:
        if store is None:
            from bench.rest import generate_store

            store = tmp / "store"
            generate_store(store, triples)
        entity = pick_entity(store)
        texts = {name: q.replace("$E", f"<{entity}>") for name, q in queries.items()}
        nquads = None
        if "rdflib-endpoint" in servers:
            nquads = tmp / "store.nq"
            _dump_nquads(store, nquads)
        rows: list[dict[str, Any]] = []
        for server in servers:
            started = time.monotonic()
            with serve(server, store, nquads) as url:
                ready_s = time.monotonic() - started
                for name, text in texts.items():
                    res = load(url, text, duration=duration, connections=connections)
                    print(f"{server:16} {name:12} {res.get('rps', 0):8.0f} req/s  p50 {res.get('p50_ms')} ms  "
                          f"p99 {res.get('p99_ms')} ms  errors {res.get('errors')}", file=sys.stderr, flush=True)
                    rows.append({"server": server, "query": name, "ready_s": round(ready_s, 1), **res})
        base = {r["query"]: r.get("rps") for r in rows if r["server"] == "oxigraph-server"}
        for r in rows:
            ref = base.get(r["query"])
            if ref and r.get("rps"):
                r["vs_oxigraph"] = round(r["rps"] / ref, 2)
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def table(rows: list[dict[str, Any]]) -> str:
    """The rows as a Markdown table (README-ready)."""
    head = "| server | query | req/s | p50 ms | p99 ms | errors | vs Oxigraph server |\n|---|---|---|---|---|---|---|\n"
    lines = [
        f"| {r['server']} | {r['query']} | {r.get('rps', 0):,.0f} | {r.get('p50_ms', '')} | {r.get('p99_ms', '')} | "
        f"{int(r.get('errors', 0))} | {r.get('vs_oxigraph', '')} |"
        for r in rows
    ]
    return head + "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("store", nargs="?", help="an on-disk Oxigraph store folder (default: generate one)")
    ap.add_argument("--triples", type=int, default=20_000, help="size of the generated store")
    ap.add_argument("--duration", type=int, default=5, help="seconds of load per query and server")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--servers", default=",".join(SERVERS))
    ap.add_argument("--json", action="store_true", help="print JSON rows instead of a table")
    args = ap.parse_args(argv)
    rows = run(args.store, triples=args.triples, duration=args.duration, connections=args.connections,
               servers=tuple(s.strip() for s in args.servers.split(",") if s.strip()))
    print(json.dumps(rows, indent=2) if args.json else table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
