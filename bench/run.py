"""``make bench``: every benchmark figure, each with its peer, written to bench/results.md.

Each figure is a function that returns rows (or raises): one that fails or whose part of aikg is not
there yet is recorded in the table with the reason ("not available yet: …"), so the run always
completes. Figures are medians of several runs with min and max where a run is short enough to
repeat; the machine is described at the top.

    python -m bench.run [--only ingest,faults,...] [--quick] [--out bench/results.md]

``--quick`` shrinks every size (for trying the runner out); ``BENCH_SOAK_S`` sets the soak length
(default 300 s).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
PY = sys.executable
AIKG = [PY, "-m", "aikg.api.cli"]
ECOSYSTEM = Path(os.environ.get("AIKG_SHARED", ROOT.parent / "shared")) / "data" / "ecosystem-graphs"
DEV_ARTICLES = Path(os.environ.get("AIKG_SHARED", ROOT.parent / "shared")) / "dev-articles"


@dataclass
class Figure:
    name: str
    title: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    note: str = ""
    status: str = "ok"  # ok | skipped | failed
    extra: str = ""  # more Markdown after the note (a second table)
    seconds: float = 0.0


def stats(values: list[float]) -> dict[str, float]:
    """median, min and max (rounded)."""
    if not values:
        return {"median": float("nan"), "min": float("nan"), "max": float("nan")}
    return {"median": round(statistics.median(values), 3), "min": round(min(values), 3), "max": round(max(values), 3)}


def num(x: float) -> str:
    """A number for the table: thousands separated, three significant digits below 100."""
    if x != x:  # nan
        return "–"
    return f"{x:,.0f}" if abs(x) >= 100 else f"{x:.3g}"


def fmt_stats(s: dict[str, float], unit: str = "") -> str:
    return f"{num(s['median'])}{unit} ({num(s['min'])}–{num(s['max'])})"


class Unavailable(RuntimeError):
    """A part of aikg the figure needs is not there yet."""


# ----------------------------------------------------------------------------- helpers
def run_measured(cmd: list[str], env: dict[str, str] | None = None, timeout: float = 1800) -> dict[str, Any]:
    """Run a command; wall time, exit code, output and peak RSS (polled) of the process tree."""
    import psutil

    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def poll() -> None:
        nonlocal peak
        try:
            p = psutil.Process(proc.pid)
            while not done.is_set():
                rss = p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
                peak = max(peak, rss)
                time.sleep(0.1)
        except psutil.Error:
            pass

    th = threading.Thread(target=poll, daemon=True)
    th.start()
    try:
        out, err = proc.communicate(timeout=timeout)
    finally:
        done.set()
        if proc.poll() is None:
            proc.kill()
    return {"seconds": time.perf_counter() - t0, "rc": proc.returncode, "stdout": out, "stderr": err, "peak_mb": peak / 2**20}


def env_for(**kw: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AIKG_STORE", None)
    env.update(kw)
    return env


def machine() -> dict[str, str]:
    import psutil

    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    for mod in ("pyoxigraph", "rdflib", "fastapi", "networkx", "pyvis"):
        try:
            from importlib.metadata import version

            versions[mod] = version(mod)
        except Exception:
            versions[mod] = "?"
    virt = "not installed"
    if shutil.which("virtuoso-t"):
        try:
            v = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True, timeout=10)
            virt = next((ln.strip() for ln in (v.stdout + v.stderr).splitlines() if "Version" in ln), "installed")
        except Exception:
            virt = "installed"
    return {
        "cpu": cpu, "cores": str(os.cpu_count()), "ram": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "os": platform.platform(), "python": platform.python_version(),
        "load average at start": " ".join(f"{x:.1f}" for x in os.getloadavg()),
        **versions, "virtuoso": virt,
    }


def lookup_latency(store: str, n: int = 200) -> dict[str, float]:
    """Median/p99 ms of an entity lookup (25 of its triples: a fixed-size answer, so the figure shows the
    cost of the index access, not of an answer that grows with the corpus) and the median of an aggregate
    over all entities, on an on-disk store (in-process)."""
    from aikg.graph import KnowledgeGraph

    with KnowledgeGraph.open(store) as kg:
        ents = [r["e"] for r in kg.select("SELECT DISTINCT ?e WHERE { ?a aikg:mentions ?e } LIMIT 300")]
        rnd = random.Random(1)
        times = []
        for _ in range(n):
            e = rnd.choice(ents)
            t = time.perf_counter()
            kg.select("SELECT ?p ?o WHERE { $e ?p ?o } LIMIT 25", e=e)
            times.append((time.perf_counter() - t) * 1000)
        agg = []
        for _ in range(5):
            t = time.perf_counter()
            kg.select("SELECT ?t (COUNT(?e) AS ?n) WHERE { ?e a ?t } GROUP BY ?t")
            agg.append((time.perf_counter() - t) * 1000)
    return {"lookup_ms": statistics.median(times), "lookup_p99_ms": sorted(times)[int(len(times) * 0.99) - 1],
            "aggregate_ms": statistics.median(agg)}


# ----------------------------------------------------------------------------- figures
def fig_ingest(ctx: dict[str, Any]) -> Figure:
    """Whole ingest (read → extract → map → store, `aikg ingest` of a JSONL corpus, on-disk store)."""
    from bench.corpus import generate, write_jsonl

    fig = Figure("ingest", "Whole ingest and growth (`aikg ingest`, embedded on-disk store)")
    sizes = ctx["ingest_sizes"]
    work = ctx["work"]
    per_size: dict[int, dict[str, Any]] = {}
    for n, repeats in sizes:
        corpus = work / f"corpus-{n}.jsonl"
        write_jsonl(corpus, n, seed=1)
        runs = []
        for _ in range(repeats):
            store = work / f"ingest-{n}"
            shutil.rmtree(store, ignore_errors=True)
            r = run_measured([*AIKG, "ingest", str(corpus), "--store", str(store)], env=env_for(), timeout=3600)
            if r["rc"] != 0:
                raise RuntimeError(f"aikg ingest exited {r['rc']}: {r['stderr'][-500:]}")
            line = [ln for ln in r["stdout"].splitlines() if ln.startswith("articles read")][0]
            triples = int(line.split("quads written:")[1].split(",")[0].split(";")[0])
            runs.append({"seconds": r["seconds"], "triples": triples, "peak_mb": r["peak_mb"]})
        lat = lookup_latency(str(work / f"ingest-{n}"))
        per_size[n] = {"runs": runs, "lat": lat}
        secs = [x["seconds"] for x in runs]
        fig.rows.append({
            "system": "aikg ingest", "articles": f"{n:,}", "runs": len(runs),
            "articles/s": fmt_stats(stats([n / s for s in secs])),
            "triples/s": fmt_stats(stats([x["triples"] / x["seconds"] for x in runs])),
            "seconds": fmt_stats(stats(secs), " s"), "triples": f"{runs[0]['triples']:,}",
            "peak RSS": f"{max(x['peak_mb'] for x in runs):.0f} MB",
            "lookup after (median / p99)": f"{lat['lookup_ms']:.2f} / {lat['lookup_p99_ms']:.2f} ms",
            "aggregate after": f"{lat['aggregate_ms']:.1f} ms",
        })
    # peers: storing the same quads without aikg's pipeline (the storage floor) and with rdflib
    n0 = min(sizes[0][0], 500)
    from pyoxigraph import Store

    from aikg.graph.articles import article_from_record
    from aikg.graph.extract import extract
    from aikg.graph.rdf import article_quads

    t = time.perf_counter()
    quads = []
    for rec in generate(n0, seed=1):
        art = article_from_record(rec)
        quads.extend(article_quads(art, extract(art)))
    pipeline_s = time.perf_counter() - t
    ox_times, rdflib_times = [], []
    for _ in range(3):
        st = Store()
        t = time.perf_counter()
        st.bulk_extend(quads)
        ox_times.append(time.perf_counter() - t)
        del st
    import rdflib
    from pyoxigraph import RdfFormat, serialize

    nq = serialize(quads, format=RdfFormat.N_QUADS)
    for _ in range(1):
        t = time.perf_counter()
        ds = rdflib.Dataset()
        ds.parse(data=nq, format="nquads")
        rdflib_times.append(time.perf_counter() - t)
    fig.rows.append({"system": "aikg pipeline in-process, no store (read+extract+map)", "articles": f"{n0:,}", "runs": 1,
                     "articles/s": f"{n0 / pipeline_s:,.0f}", "triples/s": f"{len(quads) / pipeline_s:,.0f}",
                     "seconds": f"{pipeline_s:.2f} s", "triples": f"{len(quads):,}"})
    fig.rows.append({"system": "peer: pyoxigraph bulk_extend of the same quads (storage only)", "articles": f"{n0:,}", "runs": 3,
                     "triples/s": fmt_stats(stats([len(quads) / s for s in ox_times])), "seconds": fmt_stats(stats(ox_times), " s"),
                     "triples": f"{len(quads):,}"})
    fig.rows.append({"system": "peer: rdflib Dataset parse of the same quads (storage only)", "articles": f"{n0:,}", "runs": 1,
                     "triples/s": f"{len(quads) / rdflib_times[0]:,.0f}", "seconds": f"{rdflib_times[0]:.2f} s",
                     "triples": f"{len(quads):,}"})
    notes = ["Generated articles of ~135 words; the ~400-word figure is in the extraction table."]
    if len(per_size) >= 2:
        (a, pa), (b, pb) = sorted(per_size.items())[:2]
        ta = statistics.median(x["seconds"] for x in pa["runs"])
        tb = statistics.median(x["seconds"] for x in pb["runs"])
        ratio = (tb / ta) / (b / a)
        la, lb = pa["lat"]["lookup_ms"], pb["lat"]["lookup_ms"]
        notes.append(
            f"Growth {a:,} → {b:,} articles ({b / a:.0f}x): ingest time x{tb / ta:.1f} "
            f"({'about linear' if 0.6 <= ratio <= 1.5 else 'NOT linear'}: {ratio:.2f} of linear); "
            f"lookup latency {la:.2f} → {lb:.2f} ms ({'flat' if lb <= 2 * la + 0.2 else 'NOT flat'})."
        )
    fig.note = " ".join(notes)
    return fig


def _fresh_run(store: Path, cmd: list[str], timeout: float) -> dict[str, Any]:
    """``cmd`` measured on an emptied ``store``; a non-zero exit raises with the end of its stderr."""
    shutil.rmtree(store, ignore_errors=True)
    r = run_measured(cmd, env=env_for(), timeout=timeout)
    if r["rc"] != 0:
        raise RuntimeError(f"{' '.join(cmd[len(AIKG):len(AIKG) + 1])} exited {r['rc']}: {r['stderr'][-500:]}")
    return r


def _long_records(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` generated articles of ~400 words (three generated stories per record, as one article)."""
    from bench.corpus import generate

    recs = list(generate(3 * n, seed=seed))
    return [{**recs[3 * i], "url": f"https://bench.example/long/{i}",
             "text": "\n\n".join(r["text"] for r in recs[3 * i : 3 * i + 3])} for i in range(n)]


def _extract_seconds(arts: list[Any], runs: int = 2) -> list[float]:
    """Seconds of ``extract()`` over ``arts`` in this process, per run (the pipeline load is not counted)."""
    from aikg.graph.extract import extract

    extract(arts[0])  # the pipeline is loaded once per process: not part of the figure
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        for a in arts:
            extract(a)
        out.append(time.perf_counter() - t)
    return out


def fig_extraction(ctx: dict[str, Any]) -> Figure:
    """Extraction of ~400-word articles: extraction alone (one process) and whole ingest (`aikg ingest`, workers)."""
    from aikg.graph.articles import article_from_record

    fig = Figure("extraction", "Extraction and whole ingest of ~400-word articles (spaCy parse + frames)")
    dev = sorted(DEV_ARTICLES.glob("*.gold.json")) if DEV_ARTICLES.is_dir() else []
    if dev:  # the realistic case first: published news, names the registry does not know
        from aikg.graph.evaluation import article_for

        real = [article_for(g, json.loads(g.read_text(encoding="utf-8")), None) for g in dev]
        rt = _extract_seconds(real)
        rw = sum(len(a.text.split()) for a in real)
        fig.rows.append({"system": "extract() only, one process: real news (shared/dev-articles)", "articles": f"{len(real):,}",
                         "runs": len(rt), "words/article": f"{rw / len(real):.0f}", "words/s": fmt_stats(stats([rw / x for x in rt])),
                         "articles/s": fmt_stats(stats([len(real) / x for x in rt]))})
        # whole ingest of real news: the 55 texts, each under 18 different URLs (990 distinct articles)
        real_corpus = ctx["work"] / "corpus-real.jsonl"
        with open(real_corpus, "w", encoding="utf-8") as f:
            for k in range(18):
                for i, a in enumerate(real):
                    f.write(json.dumps({"url": f"https://bench.example/real/{k}/{i}", "title": a.title, "text": a.text}) + "\n")
        store = ctx["work"] / "ingest-real"
        rr = [_fresh_run(store, [*AIKG, "ingest", str(real_corpus), "--store", str(store)], 3600)["seconds"] for _ in range(2)]
        fig.rows.append({"system": "aikg ingest, whole: real news (55 texts x 18 URLs)", "articles": f"{18 * len(real):,}",
                         "runs": len(rr), "words/article": f"{rw / len(real):.0f}",
                         "words/s": fmt_stats(stats([18 * rw / x for x in rr])),
                         "articles/s": fmt_stats(stats([18 * len(real) / x for x in rr])) +
                         f"; {fmt_stats(stats([18 * rw / 400 / x for x in rr]))} per 400 words"})
    n = ctx["extraction_articles"]
    recs = _long_records(n)
    words = sum(len(r["text"].split()) for r in recs)
    arts = [article_from_record(r) for r in recs]
    times = _extract_seconds(arts[: min(n, 300)])
    m = min(n, 300)
    w = sum(len(a.text.split()) for a in arts[:m])
    fig.rows.append({"system": "extract() only, one process: generated ~400-word articles", "articles": f"{m:,}", "runs": len(times),
                     "words/article": f"{words / n:.0f}", "words/s": fmt_stats(stats([w / x for x in times])),
                     "articles/s": fmt_stats(stats([m / x for x in times]))})
    corpus = ctx["work"] / "corpus-long.jsonl"
    with open(corpus, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r) + "\n")
    store = ctx["work"] / "ingest-long"
    runs = [_fresh_run(store, [*AIKG, "ingest", str(corpus), "--store", str(store)], 3600)["seconds"] for _ in range(2)]
    fig.rows.append({"system": "aikg ingest (whole: read, extract in workers, map, store; includes start-up)",
                     "articles": f"{n:,}", "runs": len(runs), "words/article": f"{words / n:.0f}",
                     "words/s": fmt_stats(stats([words / x for x in runs])),
                     "articles/s": fmt_stats(stats([n / x for x in runs]))})
    fig.note = (f"Target: >= 30 articles/s whole ingest on 2 cores. Workers: AIKG_INGEST_WORKERS "
                f"(0 = one per core; {os.cpu_count()} here); the process start and the pipeline load (~2 s) are included. "
                "The generated articles name mostly registry entities (the NER is skipped on about half of their parsed "
                "sentences); real news names many the registry does not know (skipped on about a fifth): its words/s is "
                "the realistic figure.")
    return fig


def fig_validate(ctx: dict[str, Any]) -> Figure:
    """`aikg validate` (SHACL shapes + one type per entity) on the largest store the ingest figure built."""
    fig = Figure("validate", "Validation of the largest ingested corpus (`aikg validate`: SHACL and type conflicts)")
    n = max(size for size, _ in ctx["ingest_sizes"])
    store = ctx["work"] / f"ingest-{n}"
    if not store.is_dir():
        raise Unavailable("run the ingest figure first (it builds the store)")
    r = run_measured([*AIKG, "validate", "--store", str(store)], env=env_for(), timeout=7200)
    first = (r["stdout"].strip().splitlines() or [""])[0]
    conflicts = next((ln.split()[0] for ln in r["stdout"].splitlines() if "type conflict" in ln), "0")
    fig.rows.append({"articles": f"{n:,}", "exit code": r["rc"], "conforms": "yes" if r["rc"] == 0 else "no",
                     "type conflicts": conflicts, "seconds": f"{r['seconds']:.0f} s", "peak RSS": f"{r['peak_mb']:.0f} MB",
                     "output": first[:160]})
    fig.note = "Target: conforms with 0 type conflicts on the 20,000-article generated corpus (issue #15)."
    return fig


def fig_store_1m(ctx: dict[str, Any]) -> Figure:
    """A ~1,000,000-triple store built from the corpus (pipeline output cloned, bulk-loaded)."""
    from bench.corpus import build_store

    fig = Figure("store_1m", "A 1,000,000-triple store from the generated corpus")
    path = ctx["work"] / "store-1m"
    shutil.rmtree(path, ignore_errors=True)
    info = build_store(path, ctx["triples"], templates=ctx["templates"])
    ctx["store_1m"] = path
    fig.rows.append({"what": "store", **{k: (f"{v:,}" if isinstance(v, int) else v) for k, v in info.items()}})
    lat = lookup_latency(str(path))
    fig.rows.append({"what": "query on it", "lookup median": f"{lat['lookup_ms']:.2f} ms", "lookup p99": f"{lat['lookup_p99_ms']:.2f} ms",
                     "GROUP BY over all entities": f"{lat['aggregate_ms']:.0f} ms"})
    return fig


def fig_import(ctx: dict[str, Any]) -> Figure:
    fig = Figure("import", "Ecosystem Graphs import (`aikg import-ecosystem`)")
    if not ECOSYSTEM.is_dir():
        raise Unavailable(f"no Ecosystem Graphs data at {ECOSYSTEM}")
    helptext = subprocess.run([*AIKG, "--help"], capture_output=True, text=True, env=env_for()).stdout
    if "import-ecosystem" not in helptext:
        raise Unavailable("`aikg import-ecosystem` does not exist yet")
    times, peaks, out = [], [], ""
    for _ in range(3):
        store = ctx["work"] / "import-store"
        r = _fresh_run(store, [*AIKG, "import-ecosystem", str(ECOSYSTEM), "--store", str(store)], 900)
        times.append(r["seconds"])
        peaks.append(r["peak_mb"])
        out = r["stdout"].strip().splitlines()[-1] if r["stdout"].strip() else ""
    fig.rows.append({"system": "aikg import-ecosystem (whole command, incl. start-up)", "runs": 3,
                     "seconds": fmt_stats(stats(times), " s"), "peak RSS": f"{max(peaks):.0f} MB", "output": out[:120]})
    return fig


def fig_sparql(ctx: dict[str, Any]) -> Figure:
    fig = Figure("sparql", "SPARQL over HTTP: aikg vs Oxigraph server vs rdflib-endpoint (same store, same load)")
    try:
        from bench import sparql as bs
    except ImportError as exc:
        raise Unavailable(f"bench/sparql.py: {exc}") from exc
    store = ctx.get("store_1m") if ctx.get("sparql_on_1m") else None
    rows = bs.run(str(store) if store else None, triples=ctx["sparql_triples"], duration=ctx["duration"],
                  rounds=ctx.get("sparql_rounds", 1))
    fig.rows = bs.comparison(rows)
    n = rows[0].get("triples", 0) if rows else 0
    failed = [f"{r['server']} {r['query']}: {r['error']}" for r in rows if r.get("error")]
    fig.note = (f"Store of {n:,} triples; wrk on loopback, 8 connections, {ctx['duration']} s per cell and round, "
                f"interleaved, medians of {ctx.get('sparql_rounds', 1)} round(s); every answer validated first "
                "(HTTP 200, SPARQL JSON, the row count pyoxigraph gives in-process).")
    if failed:
        fig.note += " Errors: " + "; ".join(failed)
    extra = bs.table(bs.details(rows))
    # rdflib in-process peer on the same query texts
    try:
        extra += "\n" + bs.table(_rdflib_inprocess(bs, store))
    except Exception as exc:  # the HTTP rows stand on their own
        extra += f"\nrdflib in-process peer failed: {exc}\n"
    fig.extra = extra
    return fig


def _rdflib_inprocess(bs: Any, store: Path | None) -> list[dict[str, Any]]:
    """The same queries in-process: aikg's store (pyoxigraph) vs rdflib's Memory store."""
    import rdflib
    from pyoxigraph import RdfFormat, Store as OxStore

    from bench.rest import generate_store

    tmp = Path(tempfile.mkdtemp(prefix="aikg-bench-inproc-"))
    try:
        if store is None:
            store = tmp / "store"
            generate_store(store, 200_000)
        entity = bs.pick_entity(store)
        ox = OxStore.read_only(str(store))
        data = ox.dump(format=RdfFormat.N_QUADS)
        mem = OxStore()
        mem.bulk_load(data, format=RdfFormat.N_QUADS)
        del ox
        ds = rdflib.Dataset(default_union=True)
        t = time.perf_counter()
        ds.parse(data=data, format="nquads")
        rdflib_load = time.perf_counter() - t
        rows = []
        for name, q in bs.QUERIES.items():
            text = q.replace("$E", f"<{entity}>") if entity else q
            for system, fn in (("aikg store in-process (pyoxigraph)", lambda tx=text: list(mem.query(tx, use_default_graph_as_union=True))),
                               ("peer: rdflib Memory in-process", lambda tx=text: list(ds.query(tx)))):
                times = []
                deadline = time.perf_counter() + 20
                for _ in range(20):
                    t = time.perf_counter()
                    fn()
                    times.append((time.perf_counter() - t) * 1000)
                    if time.perf_counter() > deadline:
                        break
                s = stats(times)
                rows.append({"server": system, "query": name, "p50_ms": s["median"], "min_ms": s["min"], "max_ms": s["max"],
                             "rps": round(1000 / s["median"], 1) if s["median"] else None})
        rows.append({"server": "peer: rdflib Memory in-process", "query": "(load N-Quads)", "p50_ms": round(rdflib_load * 1000)})
        return rows
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def fig_rest(ctx: dict[str, Any]) -> Figure:
    fig = Figure("rest", "REST under wrk: entity lookups over every entity, hubs cold, neighbourhoods (1,000,000-triple store)")
    try:
        from bench import rest
    except ImportError as exc:
        raise Unavailable(f"bench/rest.py: {exc}") from exc
    if not shutil.which("wrk"):
        raise Unavailable("wrk is not installed (scripts/system-deps.sh)")
    res = rest.run(None, triples=ctx["triples"], duration=ctx["duration"])
    cols = ("case", "cache", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms", "timeouts", "errors", "requests", "connections")
    for r in res["rows"]:
        fig.rows.append({c: r.get(c, "") for c in cols})
    fig.note = (f"targets (cache off) {res.get('target')}; met: {res.get('ok')}. Keys: 20,000 slugs drawn "
                "uniformly or weighted by mentions over every entity; 16 connections")
    return fig


def fig_sparql_varied(ctx: dict[str, Any]) -> Figure:
    """SPARQL lookups of 3,000 different subjects: aikg with the response cache off vs the Oxigraph server."""
    fig = Figure("sparql_varied", "SPARQL varied-subject lookups, response cache off, vs the Oxigraph server (1,000,000-triple store)")
    from bench import sparql
    from bench.rest import generate_store

    if not shutil.which("wrk"):
        raise Unavailable("wrk is not installed (scripts/system-deps.sh)")
    store = ctx.get("store_1m")
    if store is None:
        store = ctx["work"] / "varied-store"
        generate_store(store, ctx["triples"])
    fig.rows = sparql.varied_subjects(store, n=3000, duration=ctx["duration"])
    ratio = fig.rows[0].get("vs oxigraph")
    fig.note = f"target (issue 16): aikg uncached >= 0.5x the Oxigraph server; measured {ratio}x. 8 connections."
    return fig


def fig_projection(ctx: dict[str, Any]) -> Figure:
    fig = Figure("projection", "networkx projection of the whole store")
    try:
        from bench import projection
    except ImportError as exc:
        raise Unavailable(f"bench/projection.py: {exc}") from exc
    res = projection.run(triples=ctx["triples"], repeat=3)
    fig.rows.append({k: v for k, v in res.items() if not isinstance(v, dict | list)})
    return fig


def fig_explorer(ctx: dict[str, Any]) -> Figure:
    fig = Figure("explorer", "Explorer graph open time in headless Chromium")
    if not Path("/usr/bin/chromium").exists():
        raise Unavailable("Debian chromium is not installed")
    try:
        from bench import explorer
    except ImportError as exc:
        raise Unavailable(f"bench/explorer.py: {exc}") from exc
    res = explorer.run((1000, 2000), repeats=3)
    for size, r in (res.get("sizes") or res).items() if isinstance(res.get("sizes") or res, dict) else []:
        if isinstance(r, dict):
            fig.rows.append({"nodes": size, **{k: v for k, v in r.items() if not isinstance(v, dict | list)}})
    if not fig.rows:
        fig.rows.append({"result": json.dumps(res)[:500]})
    return fig


def fig_faults(ctx: dict[str, Any]) -> Figure:
    fig = Figure("faults", "Fault tests (tests/test_faults.py): crash, outage, hostile input, fuzz")
    r = run_measured([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_faults.py", "-rA"], timeout=1200)
    for line in r["stdout"].splitlines():
        for tag in ("PASSED", "FAILED", "XFAIL", "XPASS", "ERROR", "SKIPPED"):
            # a test's line, not a captured log line ("ERROR    trafilatura...: ...")
            if line.startswith(tag + " tests/"):
                fig.rows.append({"test": line[len(tag) + 1:].split(" - ")[0].replace("tests/test_faults.py::", ""),
                                 "result": tag, "detail": line.split(" - ", 1)[1][:160] if " - " in line else ""})
    summary = [ln for ln in r["stdout"].splitlines() if " in " in ln and ("passed" in ln or "failed" in ln)]
    fig.note = (summary[-1].strip("= ") if summary else f"exit {r['rc']}") + f"; {r['seconds']:.0f} s"
    if r["rc"] != 0:
        fig.status = "failed"
    return fig


# ----------------------------------------------------------------------------- through the API
class Server:
    """`aikg serve` in a child process with a write token, on a free port."""

    def __init__(self, store: Path, token: str = "bench-token") -> None:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.token = token
        self.env = env_for(AIKG_STORE=str(store), AIKG_WRITE_TOKEN=token, AIKG_LOG_LEVEL="warning")
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Server:
        import httpx

        fd, self.log_path = tempfile.mkstemp(prefix="aikg-bench-server-", suffix=".log")
        self.log = os.fdopen(fd, "w+b")  # kept after the run: the server's tracebacks, if any
        self.proc = subprocess.Popen([*AIKG, "serve", "--port", str(self.port)], env=self.env,
                                     stdout=subprocess.DEVNULL, stderr=self.log)
        deadline = time.monotonic() + 180  # generous: a loaded two-core machine
        while time.monotonic() < deadline and self.proc.poll() is None:
            try:
                if httpx.get(self.url + "/health", timeout=1).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.log.seek(0)
        tail = self.log.read()[-1500:].decode("utf-8", "replace")
        self.__exit__()
        raise RuntimeError(f"aikg serve did not come up: {tail}")

    def errors(self) -> str:
        """The tracebacks the server logged so far (last 3,000 characters)."""
        self.log.flush()
        text = Path(self.log_path).read_text(encoding="utf-8", errors="replace")
        return "\n".join(line for line in text.splitlines() if line.strip())[-3000:] if "Traceback" in text else ""

    def __exit__(self, *exc: object) -> None:
        from bench.rest import stop

        if self.proc:
            stop(self.proc, 20)
        self.log.close()


def _api_articles(url: str) -> int:
    return int(_sparql_rows(url, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a aikg:Article }")[0]["n"])


def _load(url: str, token: str, records: list[dict[str, Any]], writers: int, readers: int, until: Callable[[], bool],
          reader_paths: list[str]) -> dict[str, Any]:
    """Writers POST the records (split among them); readers GET ``reader_paths`` until ``until()``."""
    import httpx

    codes: dict[int, int] = {}
    lat: list[tuple[float, float]] = []  # (time, ms) of reads
    lock = threading.Lock()
    stop = threading.Event()

    def count(code: int) -> None:
        with lock:
            codes[code] = codes.get(code, 0) + 1

    def writer(part: list[dict[str, Any]]) -> None:
        with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {token}"}) as c:
            for rec in part:
                try:
                    count(c.post(url + "/api/articles", json=rec).status_code)
                except httpx.HTTPError:
                    count(-1)

    def reader(k: int) -> None:
        rnd = random.Random(k)
        with httpx.Client(timeout=60) as c:
            while not stop.is_set():
                t = time.perf_counter()
                try:
                    code = c.get(url + rnd.choice(reader_paths)).status_code
                except httpx.HTTPError:
                    code = -1
                with lock:
                    lat.append((time.monotonic(), (time.perf_counter() - t) * 1000))
                count(code)

    parts = [records[i::writers] for i in range(writers)] if writers else []
    ws = [threading.Thread(target=writer, args=(p,)) for p in parts]
    rs = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(readers)]
    for t in rs + ws:
        t.start()
    while not until() or any(t.is_alive() for t in ws):
        time.sleep(0.2)
    stop.set()
    for t in rs:
        t.join(30)
    return {"codes": codes, "lat": lat}


def fig_concurrency(ctx: dict[str, Any]) -> Figure:
    fig = Figure("concurrency", "Concurrency through the API: 4 writers × 200 articles, 16 readers")
    from bench.corpus import generate

    store = ctx["work"] / "api-conc"
    shutil.rmtree(store, ignore_errors=True)
    records = list(generate(ctx["conc_articles"], seed=77))
    with Server(store) as srv:
        paths = ["/api/stats", "/api/entities?q=Open&limit=5", "/api/articles?limit=5", "/health"]
        t0 = time.perf_counter()
        res = _load(srv.url, srv.token, records, 4, 16, lambda: True, paths)
        secs = time.perf_counter() - t0
        n = _api_articles(srv.url)
    codes = res["codes"]
    five = sum(v for k, v in codes.items() if k >= 500 or k < 0)
    ms = [x[1] for x in res["lat"]]
    fig.rows.append({"articles posted": len(records), "articles stored": n, "status codes": json.dumps(codes),
                     "5xx or errors": five, "reads": len(ms), "read p50": f"{statistics.median(ms):.1f} ms" if ms else "",
                     "read p99": f"{sorted(ms)[int(len(ms) * 0.99) - 1]:.1f} ms" if ms else "", "seconds": f"{secs:.1f}"})
    ok = five == 0 and n == len(records)
    fig.note = "no 5xx, no lost or doubled article, exact count" if ok else "FAILED: see the row"
    fig.status = "ok" if ok else "failed"
    return fig


def fig_soak(ctx: dict[str, Any]) -> Figure:
    """Soak: a steady mixed load for ``soak_s`` seconds; memory and latency must not drift.

    Steady state, as in production: the store starts with ``soak_articles`` articles and keeps about that
    many — one writer posts a new article and deletes the oldest one it posted, about twice a second,
    while four readers loop over REST lookups, searches, pages of articles, a neighbourhood graph and
    SPARQL queries. RSS is sampled every second (the server and its SPARQL workers); growth is measured
    from the end of the first fifth (at most a minute) to the end, p99 of the last fifth against the first.
    """
    import httpx
    import psutil

    from bench.corpus import generate

    seconds = ctx["soak_s"]
    fig = Figure("soak", f"Soak: {seconds} s of steady mixed read and write load on loopback")
    store = ctx["work"] / "api-soak"
    shutil.rmtree(store, ignore_errors=True)
    base_n = ctx["soak_articles"]
    records = list(generate(base_n + 2000, seed=88))
    preload, fresh = records[:base_n], records[base_n:]
    corpus = ctx["work"] / "soak-preload.jsonl"
    corpus.write_text("".join(json.dumps(r) + "\n" for r in preload), encoding="utf-8")
    subprocess.run([*AIKG, "ingest", str(corpus), "--store", str(store)], env=env_for(), check=True,
                   stdout=subprocess.DEVNULL, timeout=900)
    with Server(store) as srv:
        assert srv.proc is not None
        proc = psutil.Process(srv.proc.pid)
        before = _api_articles(srv.url)
        hubs = [r["e"] for r in _sparql_rows(srv.url, "SELECT ?e (COUNT(?a) AS ?n) WHERE { ?a aikg:mentions ?e } GROUP BY ?e ORDER BY DESC(?n) LIMIT 20")]
        slugs = [h.rsplit("/", 1)[-1] for h in hubs]
        reads = ["/api/stats", "/api/entities?q=Open&limit=5", "/api/articles?limit=5", "/health"]
        reads += [f"/api/entities/{s}" for s in slugs] + [f"/api/graph?hops=1&focus={s}&limit=100" for s in slugs[:5]]
        reads += ["/sparql?" + urlencode({"query": q}) for q in (
            f"SELECT ?p ?o WHERE {{ <{hubs[0]}> ?p ?o }} LIMIT 200",
            "SELECT ?c ?m WHERE { ?c aikg:builds ?m } LIMIT 100",
            "SELECT ?t (COUNT(?s) AS ?n) WHERE { ?s a ?t } GROUP BY ?t",
        )]
        rss: list[tuple[float, float]] = []
        start = time.monotonic()
        stop_at = start + seconds
        sampler_stop = threading.Event()

        def sample() -> None:
            while not sampler_stop.is_set():
                try:
                    own = proc.memory_info().rss / 2**20
                    rss.append((time.monotonic() - start, own + sum(c.memory_info().rss for c in proc.children(True)) / 2**20))
                    api_rss.append(own)
                except psutil.Error:
                    return
                time.sleep(1)

        api_rss: list[float] = []
        by_kind: dict[str, list[float]] = {}
        failed_reads: list[str] = []
        codes: dict[int, int] = {}
        lat: list[tuple[float, float]] = []
        lock = threading.Lock()
        posted: list[str] = []
        deleted = 0

        def count(code: int) -> None:
            with lock:
                codes[code] = codes.get(code, 0) + 1

        def writer() -> None:
            nonlocal deleted
            with httpx.Client(timeout=120, headers={"Authorization": f"Bearer {srv.token}"}) as c:
                i = 0
                while time.monotonic() < stop_at and i < len(fresh):
                    t = time.monotonic()
                    try:
                        r = c.post(srv.url + "/api/articles", json=fresh[i])
                        count(r.status_code)
                        if r.status_code == 201:  # new (200: it replaced an earlier copy)
                            posted.append(r.json()["article"]["id"])
                        if len(posted) > 20:  # keep the store's size steady: delete the oldest one posted
                            d = c.delete(srv.url + "/api/articles/" + posted.pop(0))
                            count(d.status_code)
                            deleted += d.status_code == 200
                    except httpx.HTTPError:
                        count(-1)
                    i += 1
                    time.sleep(max(0.0, 0.5 - (time.monotonic() - t)))

        def reader(k: int) -> None:
            rnd = random.Random(k)
            with httpx.Client(timeout=60) as c:
                while time.monotonic() < stop_at:
                    t = time.perf_counter()
                    path = rnd.choice(reads)
                    try:
                        code = c.get(srv.url + path, headers={"Accept": "application/json, application/sparql-results+json"}).status_code
                    except httpx.HTTPError:
                        code = -1
                    with lock:
                        lat.append((time.monotonic(), (time.perf_counter() - t) * 1000))
                        by_kind.setdefault(_read_kind(path), []).append((time.perf_counter() - t) * 1000)
                        if code >= 500 or code < 0:
                            failed_reads.append(f"{code} {path}")
                    count(code)

        threads = [threading.Thread(target=sample, daemon=True), threading.Thread(target=writer)]
        threads += [threading.Thread(target=reader, args=(k,)) for k in range(4)]
        for th in threads:
            th.start()
        for th in threads[1:]:
            th.join(seconds + 300)
        sampler_stop.set()
        after = _api_articles(srv.url)
        server_errors = srv.errors()
    window = min(60, seconds / 5)
    rel = [(t - start, ms) for t, ms in lat]
    first = [ms for t, ms in rel if t < window]
    last = [ms for t, ms in rel if t >= seconds - window]
    p99 = lambda xs: sorted(xs)[max(0, int(len(xs) * 0.99) - 1)] if xs else float("nan")  # noqa: E731
    warm = [m for t, m in rss if t >= window]
    # The server reopens its store every AIKG_STORE_REOPEN_WRITES writes, so RSS is a sawtooth: growth is
    # the peak of the last window over the peak of the first window after warm-up (a point-to-point figure
    # would compare a trough with a peak, or the other way round, depending on when the reopens fell).
    first_peak = max((m for t, m in rss if window <= t < 2 * window), default=float("nan"))
    last_peak = max((m for t, m in rss if t >= seconds - window), default=float("nan"))
    growth = (last_peak / first_peak - 1) * 100
    five = sum(v for k, v in codes.items() if k >= 500 or k < 0)
    expected = before + len(posted)
    writes = sum(codes.values()) - len(lat)
    fig.rows.append({"seconds": seconds, "reads": len(lat), "writes (posts + deletes)": writes,
                     "status codes": json.dumps(codes), "articles before → after (expected)": f"{before} → {after} ({expected})",
                     "RSS after warm-up → end": f"{warm[0]:.0f} → {warm[-1]:.0f} MB" if warm else "",
                     "RSS peak, first → last window": f"{first_peak:.0f} → {last_peak:.0f} MB", "RSS growth": f"{growth:.1f} %",
                     "of which the API process": f"{api_rss[len(api_rss) - len(warm)]:.0f} → {api_rss[-1]:.0f} MB" if warm and len(api_rss) >= len(warm) else "",
                     "read p99 first → last": f"{p99(first):.1f} → {p99(last):.1f} ms"})
    ok = five == 0 and growth < 15 and p99(last) <= 2 * p99(first) and after == expected
    fig.extra = table([{"read": k, "requests": len(v), "p50 ms": round(statistics.median(v), 1), "p99 ms": round(p99(v), 1)}
                       for k, v in sorted(by_kind.items())])
    if failed_reads:
        fig.extra += "\nFailed reads: " + "; ".join(failed_reads[:10]) + "\n"
    if server_errors:
        fig.extra += "\nServer errors logged:\n\n```\n" + server_errors + "\n```\n"
    fig.note = ("passed: " if ok else "FAILED: ") + ("RSS grows < 15 % after warm-up (peak of the last window over "
                f"the peak of the first {window:.0f} s after warm-up); read p99 of the last "
                f"{window:.0f} s within 2x of the first; no 5xx; exact article count ({deleted} deleted)")
    fig.status = "ok" if ok else "failed"
    return fig


def _read_kind(path: str) -> str:
    """The route family of a soak read (``/api/entities/x`` → ``/api/entities/{slug}``)."""
    route = path.split("?", 1)[0]
    if route.startswith("/api/entities/"):
        return "/api/entities/{slug}"
    return route


def _sparql_rows(url: str, query: str) -> list[dict[str, str]]:
    import httpx

    r = httpx.post(url + "/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"}, timeout=60)
    r.raise_for_status()
    return [{k: v["value"] for k, v in b.items()} for b in r.json()["results"]["bindings"]]


def fig_store_memory(ctx: dict[str, Any]) -> Figure:
    """Memory of the embedded store under steady writes: why the server reopens it (bench/store_memory.py)."""
    from bench import store_memory

    fig = Figure("store_memory", "Store memory under steady writes: pyoxigraph alone, flush, reopen")
    fig.rows = store_memory.run(cycles=ctx["store_memory_cycles"])
    fig.note = ("Each variant in a fresh process: 2,000 article graphs, then bulk-load one new graph of 100 quads "
                "and drop the oldest per cycle; RSS after malloc_trim every 250 cycles. Flushing slows the growth, "
                "only closing the database gives the memory back: hence AIKG_STORE_REOPEN_WRITES.")
    fig.extra = ("**C allocator settings** under the server's policy (reopen every 250 writes), each in a fresh process: "
                 "glibc with `malloc_trim` before each sample (what graph/memory.py does in the server) against settings "
                 "made in the environment alone, which do not call it (docs/api.md, \"Store reopening\").\n\n"
                 + table(store_memory.allocators(cycles=ctx["store_memory_cycles"])))
    return fig


FIGURES: dict[str, Callable[[dict[str, Any]], Figure]] = {
    "extraction": fig_extraction,
    "ingest": fig_ingest,
    "validate": fig_validate,
    "store_1m": fig_store_1m,
    "import": fig_import,
    "sparql": fig_sparql,
    "rest": fig_rest,
    "sparql_varied": fig_sparql_varied,
    "projection": fig_projection,
    "explorer": fig_explorer,
    "concurrency": fig_concurrency,
    "soak": fig_soak,
    "store_memory": fig_store_memory,
    "faults": fig_faults,
}


# ----------------------------------------------------------------------------- report
def table(rows: list[dict[str, Any]]) -> str:
    from bench.sparql import table as markdown_table

    return markdown_table(rows).rstrip("\n")


def render(mach: dict[str, str], figs: list[Figure], total: float) -> str:
    lines = [
        "# aikg benchmark results",
        "",
        f"Written by `make bench` (`python -m bench.run`) on {time.strftime('%Y-%m-%d %H:%M:%S %Z')}, {total / 60:.1f} minutes. "
        "Medians of several runs with (min–max) where a figure is repeated; peers measured in the same run. "
        "See docs/scaling.md for what each figure means.",
        "",
        "## Machine",
        "",
        table([{"": k, "value": v} for k, v in mach.items()]),
        "",
        "## Summary",
        "",
        table([{"figure": f.title, "status": f.status, "seconds": f"{f.seconds:.0f}", "note": f.note[:300]} for f in figs]),
        "",
    ]
    for f in figs:
        lines += [f"## {f.title}", ""]
        if f.status != "ok" and not f.rows:
            lines += [f"**{f.status}**: {f.note}", ""]
            continue
        lines += [table(f.rows), ""]
        if f.note:
            lines += [f.note, ""]
        if f.extra:
            lines += [f.extra, ""]
    return "\n".join(lines)


#: Earlier titles of figures whose title changed: ``--merge`` replaces those sections too.
FORMER_TITLES = {"rest": ("REST lookup `GET /api/entities/{slug}` under wrk (1,000,000-triple store)",)}


def merge(old: str, new: str, figs: list[Figure]) -> str:
    """``old`` results with the sections and summary rows of ``figs`` taken from ``new`` (a run of only
    those figures): a section is replaced when it has the figure's title (or a former one,
    ``FORMER_TITLES``), else added at the end. A line after the first paragraph says what was re-run.

    >>> old = "# r\\n\\nWritten X.\\n\\n## Summary\\n\\n| figure |\\n|---|\\n| A a |\\n| B b |\\n\\n## A a\\n\\nold a\\n\\n## B b\\n\\nold b\\n"
    >>> new = "# r\\n\\nWritten by Y on D.\\n\\n## Summary\\n\\n| figure |\\n|---|\\n| A a |\\n\\n## A a\\n\\nnew a\\n"
    >>> out = merge(old, new, [Figure("a", "A a")]); ("new a" in out, "old b" in out, "old a" in out)
    (True, True, False)
    """
    from bench.readme import sections

    old_secs, new_secs = sections(old), sections(new)
    out = dict(old_secs)
    replaced: set[str] = set()
    for f in figs:
        titles = {f.title, *FORMER_TITLES.get(f.name, ())}
        replaced |= titles
        for title in [t for t in out if t in titles]:
            del out[title]
        out[f.title] = new_secs[f.title]
    rows = [ln for ln in old_secs.get("Summary", "").splitlines()
            if not any(ln.startswith(f"| {t} |") for t in replaced)]
    rows += new_secs.get("Summary", "").splitlines()[2:]
    out["Summary"] = "\n".join(rows)
    intro = old.split("\n## ", 1)[0].rstrip()
    stamp = next((ln for ln in new.splitlines() if ln.startswith("Written by")), "")
    names = ", ".join(f.name for f in figs)
    load = next((ln.split("|")[2].strip() for ln in new.splitlines() if ln.startswith("| load average at start")), "?")
    intro += f"\n\nRe-run alone afterwards ({names}; load average at start {load}): {stamp.removeprefix('Written by ')}"
    return intro + "\n\n" + "\n\n".join(f"## {t}\n\n{b}" for t, b in out.items()) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Run every benchmark and write bench/results.md.")
    ap.add_argument("--only", help="comma-separated figures: " + ",".join(FIGURES))
    ap.add_argument("--skip", help="comma-separated figures to leave out")
    ap.add_argument("--quick", action="store_true", help="small sizes, to try the runner")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results.md"))
    ap.add_argument("--merge", action="store_true", help="replace only the figures run in the existing --out file")
    args = ap.parse_args(argv)
    previous = Path(args.out).read_text(encoding="utf-8") if args.merge and Path(args.out).exists() else None
    quick = args.quick
    work = Path(tempfile.mkdtemp(prefix="aikg-bench-"))
    ctx: dict[str, Any] = {
        "work": work,
        "ingest_sizes": [(200, 2), (1000, 1)] if quick else [(2000, 2), (20000, 1)],
        "extraction_articles": 200 if quick else 1000,
        "sparql_on_1m": not quick,
        "triples": 50_000 if quick else 1_000_000,
        "templates": 200 if quick else 2000,
        "sparql_triples": 20_000 if quick else 1_000_000,
        "sparql_rounds": 1 if quick else 3,
        "duration": 3 if quick else 8,
        "conc_articles": 40 if quick else 800,
        "soak_articles": 100 if quick else 2000,
        "soak_s": int(os.environ.get("BENCH_SOAK_S", "30" if quick else "300")),
        "store_memory_cycles": 600 if quick else 1500,
    }
    names = list(FIGURES)
    if args.only:
        names = [n for n in args.only.split(",") if n in FIGURES]
    if args.skip:
        names = [n for n in names if n not in args.skip.split(",")]
    t0 = time.perf_counter()
    mach = machine()
    figs: list[Figure] = []
    try:
        for name in names:
            fn = FIGURES[name]
            print(f"[bench] {name} ...", flush=True)
            t = time.perf_counter()
            try:
                fig = fn(ctx)
            except Unavailable as exc:
                fig = Figure(name, (fn.__doc__ or name).strip().split("\n")[0], status="skipped", note=f"not available yet: {exc}")
            except Exception as exc:
                tb = traceback.format_exc(limit=3).strip().splitlines()[-1]
                fig = Figure(name, (fn.__doc__ or name).strip().split("\n")[0], status="failed", note=f"{exc.__class__.__name__}: {exc} ({tb})"[:600])
            fig.seconds = time.perf_counter() - t
            figs.append(fig)
            print(f"[bench] {name}: {fig.status} in {fig.seconds:.0f} s {fig.note[:200]}", flush=True)
            text = render(mach, figs, time.perf_counter() - t0)
            Path(args.out).write_text(merge(previous, text, figs) if previous else text, encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"wrote {args.out}")
    if Path(args.out).resolve() == (ROOT / "bench" / "results.md").resolve():
        from bench import readme

        readme.main([])  # the README's table follows the results
        print("updated the README's benchmark table")
    return 0


if __name__ == "__main__":
    sys.exit(main())
