"""Benchmark: the REST API under load (``GET /api/entities/{slug}`` by default), measured with wrk.

``measure(store, ...)`` serves an existing store (a folder: the embedded on-disk Oxigraph) with
uvicorn[standard], one worker, in a child process, then runs ``wrk`` against it for a bounded time
and returns requests/s and latency percentiles. ``generate_store(path, triples)`` writes a synthetic
news graph through the real RDF mapping (graph/rdf.py): articles with dates and publishers, facts with
provenance statements, quotes, skewed entity popularity (a few hubs, a long tail).

    python -m bench.rest [STORE_DIR] [--triples N] [--duration S]

Realistic cases first (issue 16): keys drawn uniformly and Zipf-weighted by mentions over every entity,
response cache off and on; the 10 biggest hubs cold; ``/api/graph`` neighbourhoods. Targets on the
1,000,000-triple store, cache off: >= 1,000 req/s, p99 <= 50 ms, no timeouts; hubs cold <= 100 ms;
``/api/graph`` p99 <= 300 ms. One hot entity replayed and a rotation over the 300 most mentioned are
secondary figures.
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

__all__ = ["generate_store", "measure", "run", "parse_wrk", "Served", "entities", "draw_keys", "load", "cold", "realistic", "stop", "TARGETS"]

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


class Served:
    """A child process serving ``store`` (uvicorn[standard], one worker) until the block ends.

    ``env`` adds environment variables (``AIKG_RESPONSE_CACHE_MB="0"`` turns the response cache off)."""

    def __init__(self, store: str | Path, env: dict[str, str] | None = None) -> None:
        self.store, self.env = store, env or {}
        self.base = ""
        self.proc: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Served:
        port = _free_port()
        self.base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "PYTHONUNBUFFERED": "1", **self.env}
        self.proc = subprocess.Popen([sys.executable, "-c", _SERVER, str(self.store), str(port)], env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(self.base + "/ready", timeout=5).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                err = self.proc.stderr.read().decode() if self.proc.stderr else ""
                self.__exit__()
                raise RuntimeError(f"the server did not start: {err[-2000:]}")
            time.sleep(0.2)

    def __exit__(self, *exc: object) -> None:
        if self.proc is not None:
            stop(self.proc)


def stop(proc: subprocess.Popen[Any], wait: float = 15) -> None:
    """Terminate a child process, kill it if it has not exited after ``wait`` seconds, and reap it."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(wait)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def entities(base: str) -> list[tuple[str, int]]:
    """Every entity of the served store as (slug, articles mentioning it), most mentioned first."""
    out: list[tuple[str, int]] = []
    offset = 0
    while True:
        page = httpx.get(base + "/api/entities", params={"limit": 500, "offset": offset}, timeout=600).json()
        out += [(i["slug"], int(i["counts"]["articles"])) for i in page["items"]]
        offset += 500
        if offset >= page["total"]:
            return out


def draw_keys(ents: list[tuple[str, int]], mode: str, n: int = 20_000, seed: int = 7) -> list[str]:
    """``n`` slugs drawn from ``ents``: ``uniform`` (every entity alike) or ``zipf`` (weighted by mentions:
    the popular entities most often, as other services look them up).

    >>> draw_keys([("a", 9), ("b", 1)], "zipf", n=1000).count("a") > 800
    True
    >>> sorted(set(draw_keys([("a", 9), ("b", 1)], "uniform", n=50)))
    ['a', 'b']
    """
    rnd = random.Random(seed)
    slugs = [s for s, _ in ents]
    if mode == "uniform":
        return [rnd.choice(slugs) for _ in range(n)]
    if mode == "zipf":
        return rnd.choices(slugs, weights=[max(1, m) for _, m in ents], k=n)
    raise ValueError(f"unknown key mode {mode!r}")


def load(base: str, paths: list[str], *, duration: int = 10, connections: int = 16, threads: int = 2,
         warmup: int = 0, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """wrk over ``paths`` (each connection goes through the list in turn) for ``duration`` seconds."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed (apt-get install wrk)")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA % ", ".join(json.dumps(p) for p in paths))
        script = fh.name
    try:
        args = [wrk, f"-t{threads}", f"-c{connections}", "--latency", "--timeout", "5s", "-s", script]
        for k, v in (headers or {}).items():
            args += ["-H", f"{k}: {v}"]
        if warmup:
            subprocess.run([*args, f"-d{warmup}s", base], capture_output=True, timeout=warmup + 60, check=False)
        out = subprocess.run([*args, f"-d{duration}s", base], capture_output=True, text=True,
                             timeout=duration + 60, check=False).stdout
    finally:
        os.unlink(script)
    res: dict[str, Any] = {"n_paths": len(paths), "connections": connections, "duration_s": duration}
    res.update(parse_wrk(out))
    res.setdefault("timeouts", 0.0)
    return res


def cold(base: str, paths: list[str]) -> dict[str, Any]:
    """Each path requested once, one at a time (cold: first request of each): max and p50 in ms."""
    ms = []
    with httpx.Client(base_url=base, timeout=600) as client:  # one client: a new one per request costs ~30 ms
        client.get("/health")  # the connection is open before the clock starts
        for p in paths:
            t0 = time.perf_counter()
            r = client.get(p)
            ms.append((time.perf_counter() - t0) * 1000)
            if r.status_code != 200:
                raise RuntimeError(f"{p}: HTTP {r.status_code}")
    ms.sort()
    return {"n_paths": len(paths), "p50_ms": round(ms[len(ms) // 2], 1), "max_ms": round(ms[-1], 1)}


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
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Serve ``store`` and load it with wrk for ``duration`` seconds (after ``warmup`` seconds of the
    same load). ``paths`` (rotated through) default to ``/api/entities/{slug}``; ``slug`` defaults to
    the most mentioned entity; ``rotate=N`` rotates over the N most mentioned entities instead. Returns rps, p50/p90/p99 in ms, errors, and the paths."""
    with Served(store, env) as srv:
        base = srv.base
        if not paths and rotate:
            items = httpx.get(base + "/api/entities", params={"limit": min(rotate, 500)}, timeout=600).json()["items"]
            paths = [f"/api/entities/{i['slug']}" for i in items]
        if not paths:
            if slug is None:
                top = httpx.get(base + "/api/entities", params={"limit": 1}, timeout=600).json()["items"]
                slug = top[0]["slug"] if top else "x"
            paths = [f"/api/entities/{slug}"]
        first = httpx.get(base + paths[0], timeout=600)
        res: dict[str, Any] = {"name": "rest", "paths": paths[:5], "first_status": first.status_code,
                               "cold_ms": round(first.elapsed.total_seconds() * 1000, 1)}
        res.update(load(base, paths, duration=duration, connections=connections, threads=threads, warmup=warmup))
        return res


#: Targets of issue 16 (1,000,000-triple store, response cache off).
TARGETS = {"lookup_rps": 1000, "lookup_p99_ms": 50, "hubs_cold_ms": 100, "graph_p99_ms": 300}


def realistic(store: str | Path, duration: int = 10, connections: int = 16) -> list[dict[str, Any]]:
    """The realistic cases: entity lookups with keys drawn uniformly and Zipf-weighted over every entity,
    response cache off and on; the 10 biggest hubs cold (fresh server, cache off); ``/api/graph``
    (hops=1, limit=200) around Zipf-drawn entities, cache off. One row per case."""
    rows: list[dict[str, Any]] = []
    with Served(store, {"AIKG_RESPONSE_CACHE_MB": "0"}) as srv:  # hubs first, while nothing is warm
        ents = entities(srv.base)
        hubs = [f"/api/entities/{s}" for s, _ in ents[:10]]
        rows.append({"case": "10 biggest hubs, cold", "cache": "off", **cold(srv.base, hubs)})
    keys = {mode: draw_keys(ents, mode) for mode in ("zipf", "uniform")}
    for cache in ("off", "on"):
        env = {"AIKG_RESPONSE_CACHE_MB": "0" if cache == "off" else "64"}
        for mode in ("zipf", "uniform"):
            with Served(store, env) as srv:
                paths = [f"/api/entities/{k}" for k in keys[mode]]
                rows.append({"case": f"entity lookup, {mode} keys", "cache": cache,
                             **load(srv.base, paths, duration=duration, connections=connections)})
    with Served(store, {"AIKG_RESPONSE_CACHE_MB": "0"}) as srv:
        paths = [f"/api/graph?focus={k}&hops=1&limit=200" for k in keys["zipf"][:2000]]
        rows.append({"case": "/api/graph hops=1 limit=200, zipf focus", "cache": "off",
                     **load(srv.base, paths, duration=duration, connections=connections)})
    return rows


def run(store: str | Path | None = None, triples: int = 1_000_000, duration: int = 10) -> dict[str, Any]:
    """The REST benchmark: make (or reuse) a store of ``triples`` triples, measure the realistic cases
    (``realistic``), then the secondary ones: one hot entity replayed and a rotation over the 300 most
    mentioned entities."""
    tmp = None
    info: dict[str, Any] = {}
    if store is None or not Path(store).exists():
        if store is None:
            tmp = tempfile.mkdtemp(prefix="aikg-bench-rest-")
            store = Path(tmp) / "store"
        info = generate_store(store, triples)
    try:
        rows = realistic(store, duration=duration)
        hot = measure(store, duration=duration)
        rotating = measure(store, rotate=300, duration=duration)
        rows.append({"case": "hot: one entity replayed (secondary)", "cache": "on",
                     **{k: v for k, v in hot.items() if not isinstance(v, list | dict)}})
        rows.append({"case": "300 most mentioned, rotating (secondary)", "cache": "on",
                     **{k: v for k, v in rotating.items() if not isinstance(v, list | dict)}})
        lookups = [r for r in rows if r["case"].startswith("entity lookup") and r["cache"] == "off"]
        hubs = next(r for r in rows if r["case"].startswith("10 biggest"))
        graph = next(r for r in rows if r["case"].startswith("/api/graph"))
        ok = (all(r.get("rps", 0) >= TARGETS["lookup_rps"] and r.get("p99_ms", 1e9) <= TARGETS["lookup_p99_ms"]
                  and not r.get("timeouts") for r in lookups)
              and hubs["max_ms"] <= TARGETS["hubs_cold_ms"] and graph.get("p99_ms", 1e9) <= TARGETS["graph_p99_ms"])
        return {"name": "rest", "store": info, "rows": rows, "target": TARGETS, "ok": ok}
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
