"""Benchmark: how fast a large explorer graph opens in headless Chromium.

Builds synthetic projections (entities of every type, relations with sources and dates) of 1,000 and
2,000 nodes, renders them with ``graph.viz.render_html`` (the same page ``/graph`` and ``aikg viz``
produce), opens each file in Debian's chromium through Playwright, and reports:

- ``render_s``: building the HTML in Python (layout, PageRank, template);
- ``ready_ms``: from navigation start to the first drawn frame of the graph (the page sets
  ``window.aikgReady``), i.e. open *and* interactive, since physics is off at this size;
- ``wall_s``: what the user waits for in total, Python render plus browser open;
- ``interact_ms``: a search-and-focus round trip once the page is up (it responds, it is not busy).

    python -m bench.explorer [SIZES...]

``run(sizes)`` returns a dict of numbers so ``bench/run.py`` can call it and report; ``run_ecosystem()``
measures the real case (Ecosystem Graphs plus the examples, served by the app); ``run_all()`` both.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "launch", "run", "run_all", "run_ecosystem", "synthetic_graph"]

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
_TYPES = ("Company", "Model", "Tool", "Person", "Organization", "Dataset")
_PREDS = ("builds", "develops", "uses", "investsIn", "partnersWith", "worksFor", "competesWith", "basedOn")


def synthetic_graph(nodes: int, edges_per_node: float = 2.0, seed: int = 7) -> nx.MultiDiGraph:
    """A projection-shaped MultiDiGraph: preferential attachment, so a few hubs and a long tail."""
    rnd = random.Random(seed)
    g = nx.MultiDiGraph()
    for i in range(nodes):
        t = _TYPES[i % len(_TYPES)]
        g.add_node(f"{t.lower()}-{i}", label=f"{t} {i}", type=t, aliases=[f"{t[:3]}{i}"],
                   mentions=rnd.randint(1, 40), iri=f"https://w3id.org/aikg/id/{t.lower()}-{i}")
    ids = list(g.nodes)
    targets: list[str] = ids[:3]
    for i, s in enumerate(ids[3:], start=3):
        for _ in range(max(1, round(rnd.expovariate(1 / edges_per_node)))):
            o = rnd.choice(targets) if rnd.random() < 0.8 else ids[rnd.randrange(i)]
            if o == s:
                continue
            pred = rnd.choice(_PREDS)
            date = f"2024-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"
            conf = round(rnd.uniform(0.4, 1.0), 2)
            src = {"article": f"https://w3id.org/aikg/article/a{rnd.randrange(10_000)}", "title": f"Article about {s}",
                   "date": date, "evidence": f"{g.nodes[s]['label']} {pred} {g.nodes[o]['label']}.", "confidence": conf}
            g.add_edge(s, o, key=pred, predicate=pred, sources=[src], confidence=conf, first=date, last=date)
            targets.extend((s, o))
    return g


def launch(playwright: Any) -> Any:
    """Debian's chromium, headless, with background networking off (never ``playwright install``)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def run(sizes: tuple[int, ...] = (1000, 2000), repeats: int = 2) -> dict[str, Any]:
    """Render and open a graph of each size; the best of ``repeats`` opens (the first warms the disk cache)."""
    from playwright.sync_api import sync_playwright

    from aikg.graph.viz import render_html

    out: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch(p)
        try:
            for n in sizes:
                g = synthetic_graph(n)
                t0 = time.perf_counter()
                html = render_html(g, title=f"bench {n}", graph_path=None)
                render_s = time.perf_counter() - t0
                f = Path(tmp) / f"graph-{n}.html"
                f.write_text(html, encoding="utf-8")
                best: dict[str, float] | None = None
                for _ in range(repeats):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    t1 = time.perf_counter()
                    page.goto(f.as_uri())
                    page.wait_for_function("window.aikgReady !== undefined", timeout=60_000)
                    wall = time.perf_counter() - t1
                    ready_ms = float(page.evaluate("window.aikgReady"))
                    drawn = int(page.evaluate("window.aikg.nodesView.length"))
                    t2 = time.perf_counter()
                    page.evaluate("window.aikg.focusNode('Company 0')")
                    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                    interact_ms = (time.perf_counter() - t2) * 1000
                    page.close()
                    run_ = {"ready_ms": round(ready_ms, 1), "open_wall_s": round(wall, 3),
                            "interact_ms": round(interact_ms, 1), "drawn_nodes": drawn}
                    if best is None or run_["ready_ms"] < best["ready_ms"]:
                        best = run_
                assert best is not None
                out[f"nodes_{n}"] = {"nodes": n, "edges": g.number_of_edges(), "html_mb": round(len(html) / 1e6, 2),
                                     "render_s": round(render_s, 3), **best,
                                     "wall_s": round(render_s + best["open_wall_s"], 3)}
        finally:
            browser.close()
    return out


def run_ecosystem(ecosystem: str | Path | None = None, examples: str | Path | None = None) -> dict[str, Any]:
    """The real case of issue 7: Ecosystem Graphs plus the example articles (~1,100 nodes), served by the
    app, ``GET /graph`` opened in chromium. ``cold`` includes building the page on the server (layout and
    all); ``warm`` is a reload of the cached page. Skipped (``{"skipped": why}``) without the data."""
    import socket
    import threading

    import uvicorn
    from playwright.sync_api import sync_playwright

    from aikg.api.app import create_app
    from aikg.graph import KnowledgeGraph, Settings

    root = Path(__file__).resolve().parent.parent
    eco = Path(ecosystem or os.environ.get("AIKG_ECOSYSTEM", root.parent / "shared" / "data" / "ecosystem-graphs"))
    ex = Path(examples or root / "examples" / "articles")
    if not eco.is_dir():
        return {"skipped": f"no Ecosystem Graphs at {eco}"}
    kg = KnowledgeGraph.open("memory")
    kg.import_ecosystem(eco)
    kg.ingest([ex])
    g = kg.projection()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(store="memory"), kg=kg), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    out: dict[str, Any] = {"nodes": g.number_of_nodes(), "edges": g.number_of_edges()}
    try:
        with sync_playwright() as p:
            browser = launch(p)
            try:
                for run_name in ("cold", "warm"):
                    page = browser.new_page(viewport={"width": 1280, "height": 800})
                    t0 = time.perf_counter()
                    page.goto(f"http://127.0.0.1:{port}/graph")
                    while not page.evaluate("window.aikgReady !== undefined"):
                        time.sleep(0.01)
                    out[f"{run_name}_wall_s"] = round(time.perf_counter() - t0, 3)
                    out[f"{run_name}_ready_ms"] = round(float(page.evaluate("window.aikgReady")), 1)
                    out["drawn_nodes"] = int(page.evaluate("window.aikg.nodesView.length"))
                    page.close()
            finally:
                browser.close()
    finally:
        server.should_exit = True
        thread.join(10)
        kg.close()
    return out


def run_all() -> dict[str, Any]:
    """Synthetic 1,000 and 2,000 node graphs, and the Ecosystem Graphs case."""
    return {**run(), "ecosystem": run_ecosystem()}


if __name__ == "__main__":
    sizes = tuple(int(a) for a in sys.argv[1:])
    print(json.dumps(run(sizes) if sizes else run_all(), indent=2))
