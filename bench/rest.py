"""Benchmark: the REST API under load (``GET /api/entities/{slug}`` by default), measured with wrk.

``measure(store, ...)`` serves an existing store (a folder: the embedded on-disk Oxigraph) with
uvicorn[standard], one worker, in a child process, then runs ``wrk`` against it for a bounded time
and returns requests/s and latency percentiles. ``generate_store(path, triples)`` writes a synthetic
news graph through the real RDF mapping (graph/rdf.py): articles with dates and publishers, facts with
provenance statements, quotes, skewed entity popularity (a few hubs, a long tail).

    python -m bench.rest [STORE_DIR] [--triples N] [--duration S]

Target (issue 6): on the 1,000,000-triple store, 32 connections: >= 1,500 req/s and p99 <= 30 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

__all__ = ["generate_store", "measure", "run", "parse_wrk"]

_PREDS = {  # predicate: (subject types, object types)
    "builds": ("Company", "Model"),
    "develops": ("Company", "Tool"),
    "uses": ("Tool", "Model"),
    "trainedOn": ("Model", "Dataset"),
    "basedOn": ("Model", "Model"),
    "leads": ("Person", "Company"),
    "worksFor": ("Person", "Company"),
    "investsIn": ("Company", "Company"),
    "partnersWith": ("Company", "Company"),
    "acquires": ("Company", "Company"),
    "competesWith": ("Model", "Model"),
}
_TYPES = ("Company", "Model", "Tool", "Dataset", "Person", "Organization")


def generate_store(path: str | Path, triples: int = 1_000_000, seed: int = 11) -> dict[str, Any]:
    """Fill a new on-disk store at ``path`` with about ``triples`` triples; returns counts and the
    slugs of a hub, a mid and a tail entity (for benchmark URLs)."""
    from aikg.graph.articles import Article
    from aikg.graph.extract.model import Entity, Extraction, Fact, Mention, Quote
    from aikg.graph.rdf import article_quads
    from aikg.graph.store import OxigraphStore

    rnd = random.Random(seed)
    n_entities = max(60, triples // 250)
    ents: dict[str, list[Entity]] = {t: [] for t in _TYPES}
    for i in range(n_entities):
        t = _TYPES[i % len(_TYPES)]
        key = f"{t.lower()}-{i}"
        ents[t].append(Entity(key, f"{t} {i}", t, {f"{t}{i}"} if i % 3 == 0 else set()))

    def pick(t: str) -> Entity:
        pool = ents[t]
        return pool[min(len(pool) - 1, int(rnd.paretovariate(1.2)) - 1)]  # skewed: hubs and a long tail

    store = OxigraphStore(str(path))
    quads_per_article = 70
    n_articles = max(1, triples // quads_per_article)
    start = date(2021, 1, 1)
    batch: list[Any] = []
    t0 = time.perf_counter()
    for a in range(n_articles):
        sentences, facts, mentions, quotes = [], [], [], []
        ex = Extraction(f"bench{a:012d}")
        pos = 0
        for _ in range(5):
            p = rnd.choice(list(_PREDS))
            st, ot = _PREDS[p]
            s, o = pick(st), pick(ot)
            if s.key == o.key:
                continue
            sent = f"{s.label} {p} {o.label} according to sources."
            facts.append(Fact(s.key, p, o.key, pos, pos + len(sent), round(rnd.uniform(0.5, 1.0), 2), "bench"))
            mentions += [Mention(pos, pos + len(s.label), s.label, s.key), Mention(pos, pos + len(o.label), o.label, o.key)]
            ex.entities[s.key], ex.entities[o.key] = s, o
            sentences.append(sent)
            pos += len(sent) + 1
        speaker = pick("Person")
        about = pick("Model")
        qtext = f"{about.label} changes everything for us"
        sent = f'"{qtext}," said {speaker.label}.'
        quotes.append(Quote(qtext, pos + 1, pos + 1 + len(qtext), speaker.key, (about.key,)))
        ex.entities[speaker.key], ex.entities[about.key] = speaker, about
        sentences.append(sent)
        text = " ".join(sentences)
        ex.facts, ex.mentions, ex.quotes = facts, mentions, quotes
        art = Article(f"bench{a:012d}", text, f"Bench article {a}", f"https://news.example/{a}",
                      start + timedelta(days=a % 1400), "Bench Writer", ("TechEU", "Verdict", "Wire")[a % 3])
        batch.extend(article_quads(art, ex))
        if len(batch) > 200_000:
            store.bulk_add(batch)
            batch = []
    if batch:
        store.bulk_add(batch)
    store.flush()
    n = len(store)
    store.close()
    return {
        "triples": n,
        "articles": n_articles,
        "entities": n_entities,
        "seconds": round(time.perf_counter() - t0, 1),
        "slugs": {"hub": ents["Company"][0].key, "mid": ents["Company"][5].key, "tail": ents["Company"][-1].key},
    }


def parse_wrk(out: str) -> dict[str, float]:
    """Requests/s and latency percentiles (ms) from ``wrk --latency`` output."""

    def ms(value: str, unit: str) -> float:
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]

    res: dict[str, float] = {}
    m = re.search(r"Requests/sec:\s+([\d.]+)", out)
    if m:
        res["rps"] = float(m.group(1))
    for pct, value, unit in re.findall(r"^\s+(50|75|90|99)(?:\.\d+)?%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M):
        res[f"p{pct}_ms"] = round(ms(value, unit), 2)
    m = re.search(r"(\d+) requests in", out)
    if m:
        res["requests"] = float(m.group(1))
    m = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    res["errors"] = float(m.group(1)) if m else 0.0
    m = re.search(r"Socket errors:.*?timeout (\d+)", out)
    if m:
        res["timeouts"] = float(m.group(1))
    return res


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_SERVER = """
import logging, sys
from aikg.api.app import create_app
from aikg.api.server import serve
from aikg.graph import Settings
logging.getLogger("aikg.api").setLevel(logging.WARNING)
settings = Settings(store=sys.argv[1])
serve(create_app(settings), settings, "127.0.0.1", int(sys.argv[2]), log_level="warning", access_log=False, loop="uvloop")
"""

_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def measure(
    store: str | Path,
    paths: list[str] | None = None,
    *,
    slug: str | None = None,
    duration: int = 10,
    connections: int = 32,
    threads: int = 2,
    warmup: int = 2,
    rotate: int = 0,
) -> dict[str, Any]:
    """Serve ``store`` and load it with wrk for ``duration`` seconds (after ``warmup`` seconds of the
    same load). ``paths`` (rotated through) default to ``/api/entities/{slug}``; ``slug`` defaults to
    the most mentioned entity; ``rotate=N`` rotates over the N most mentioned entities instead. Returns rps, p50/p90/p99 in ms, errors, and the paths."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(store), str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(base + "/ready", timeout=5).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise RuntimeError(f"the server did not start: {err[-2000:]}")
            time.sleep(0.2)
        if not paths and rotate:
            items = httpx.get(base + "/api/entities", params={"limit": min(rotate, 500)}, timeout=600).json()["items"]
            paths = [f"/api/entities/{i['slug']}" for i in items]
        if not paths:
            if slug is None:
                top = httpx.get(base + "/api/entities", params={"limit": 1}, timeout=600).json()["items"]
                slug = top[0]["slug"] if top else "x"
            paths = [f"/api/entities/{slug}"]
        first = httpx.get(base + paths[0], timeout=600)
        cold_ms = first.elapsed.total_seconds() * 1000
        status = first.status_code
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
            fh.write(_LUA % ", ".join(json.dumps(p) for p in paths))
            script = fh.name
        try:
            args = [wrk, f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "5s", "-s", script]
            if warmup:
                subprocess.run([*args, f"-d{warmup}s", base], capture_output=True, timeout=warmup + 60, check=False)
            out = subprocess.run([*args, f"-d{duration}s", base], capture_output=True, text=True,
                                 timeout=duration + 60, check=False).stdout
        finally:
            os.unlink(script)
        res: dict[str, Any] = {"name": "rest", "paths": paths[:5], "n_paths": len(paths), "first_status": status,
                               "cold_ms": round(cold_ms, 1), "connections": connections, "duration_s": duration}
        res.update(parse_wrk(out))
        return res
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(store: str | Path | None = None, triples: int = 1_000_000, duration: int = 10) -> dict[str, Any]:
    """The issue-6 benchmark: make (or reuse) a store of ``triples`` triples, then measure one hot
    entity (the target) and a rotation over the 300 most mentioned entities (each request a different
    entity: mostly cold lookups within a short run, the biggest hubs among them)."""
    tmp = None
    info: dict[str, Any] = {}
    if store is None or not Path(store).exists():
        if store is None:
            tmp = tempfile.mkdtemp(prefix="aikg-bench-rest-")
            store = Path(tmp) / "store"
        info = generate_store(store, triples)
    try:
        hot = measure(store, duration=duration)
        rotating = measure(store, rotate=300, duration=duration)
        return {"name": "rest", "store": info, "hot": hot, "rotating": rotating,
                "target": {"rps": 1500, "p99_ms": 30},
                "ok": hot.get("rps", 0) >= 1500 and hot.get("p99_ms", 1e9) <= 30}
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("store", nargs="?", help="store folder (generated there when missing)")
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--duration", type=int, default=10)
    a = ap.parse_args()
    print(json.dumps(run(a.store, a.triples, a.duration), indent=2))
