"""Per-step cost of the type arbitration while a store grows (docs/scaling.md).

Ingests the generated corpus in steps (default 4 x 1,000 articles) into one on-disk store, in this process,
and prints per step: the whole step's seconds, the seconds spent in ``entity_types.arbitrate`` (called after
every ingest batch), the number of arbitrations, and the rows its queries (and index reads) returned.

    python -m bench.arbitration_steps [--steps 4] [--step 1000] [--seed 3] [--store DIR]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

__all__ = ["main", "measure"]


def measure(steps: int, step: int, seed: int, store: Path, workers: int = 1) -> list[dict[str, Any]]:
    """Ingest ``steps`` x ``step`` generated articles into ``store`` (extraction in ``workers`` processes: with
    1, in this process, so the arbitration's seconds are not inflated by extraction competing for the cores);
    one dict of figures per step."""
    from aikg.graph import KnowledgeGraph, Settings, entity_types
    from bench.corpus import generate

    records = list(generate(steps * step, seed=seed))
    spent = {"seconds": 0.0, "calls": 0, "rows": 0}
    by_query: dict[str, float] = {}
    original = entity_types.arbitrate

    def timed(st: Any, *args: Any, **kwargs: Any) -> Any:
        select = st.select

        def counting(q: str) -> list[dict[str, Any]]:
            t = time.perf_counter()
            rows = select(q)
            spent["rows"] += len(rows)
            kind = re.sub(r"<[^>]*>", "<>", q)[:110]
            by_query[kind] = by_query.get(kind, 0.0) + time.perf_counter() - t
            return rows

        st.select = counting
        index_read = getattr(st, "quads", None)
        if index_read is not None:  # reads through the store's indexes (graph/store/lookup.py) count too

            def counted_quads(*a: Any) -> list[Any]:
                out = index_read(*a)
                spent["rows"] += len(out)
                return out

            st.quads = counted_quads
        t0 = time.perf_counter()
        try:
            return original(st, *args, **kwargs)
        finally:
            spent["seconds"] += time.perf_counter() - t0
            spent["calls"] += 1
            del st.select
            if index_read is not None:
                del st.quads

    entity_types.arbitrate = timed  # type: ignore[assignment]
    out = []
    try:
        with KnowledgeGraph.open(str(store), Settings(store=str(store), ingest_workers=workers)) as kg:
            for i in range(steps):
                spent.update(seconds=0.0, calls=0, rows=0)
                t0 = time.perf_counter()
                report = kg.ingest_records(records[i * step : (i + 1) * step])
                total = time.perf_counter() - t0
                out.append({"articles": (i + 1) * step, "seconds": total, "arbitration": spent["seconds"],
                            "calls": spent["calls"], "rows": spent["rows"], "failed": report.failed,
                            "queries": sorted(by_query.items(), key=lambda kv: -kv[1])[:4]})
                by_query.clear()
    finally:
        entity_types.arbitrate = original  # type: ignore[assignment]
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=4)
    ap.add_argument("--step", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--workers", type=int, default=1, help="extraction processes (default 1: in this process)")
    ap.add_argument("--queries", action="store_true", help="also print the costliest queries of each step")
    ap.add_argument("--store", type=Path, default=None, help="an empty folder (default: a temporary one)")
    a = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        rows = measure(a.steps, a.step, a.seed, a.store or Path(tmp) / "store", a.workers)
    print("| store after step | step s | arbitration s | arbitrations | rows read |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['seconds']:.1f} | {r['arbitration']:.2f} | {r['calls']} | {r['rows']:,} |")
    if a.queries:
        for r in rows:
            print(f"after {r['articles']:,}: " + "; ".join(f"{s:.2f} s {q}" for q, s in r["queries"]))


if __name__ == "__main__":
    main()
