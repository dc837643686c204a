"""Per-predicate precision / recall on the tune and check splits, tests/dev-set and the seed, as one markdown
table (for docs/extraction.md). The check split contributes aggregate figures only."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aikg.graph.evaluation import Report, evaluate  # noqa: E402

DEV = ROOT.parent / "shared" / "dev-articles"


def _cell(r: Report, pred: str | None) -> str:
    if pred is None:
        o = r.overall
    else:
        o = r.per_predicate().get(pred)
        if o is None:
            return "–"
    gold = int(o["tp"] + o["fn"])
    return f"{o['precision']:.2f} / {o['recall']:.2f} ({gold})"


def main() -> None:
    reports = {
        "tune (35)": evaluate(DEV, split="tune"),
        "check (20)": evaluate(DEV, split="check"),
        "tests/dev-set (24)": evaluate(ROOT / "tests" / "dev-set"),
        "seed (1)": evaluate(ROOT.parent / "shared" / "seed"),
    }
    preds = sorted({p for r in reports.values() for p in r.per_predicate()})
    print("| predicate | " + " | ".join(reports) + " |")
    print("|---|" + "---|" * len(reports))
    for p in [None, *preds]:
        print(f"| {p or '**all**'} | " + " | ".join(_cell(r, p) for r in reports.values()) + " |")
    qs = []
    for r in reports.values():
        total = sum(a.quotes_total for a in r.articles)
        ok = sum(a.quotes_ok for a in r.articles)
        qs.append(f"{ok}/{total} = {r.quote_accuracy:.2f}")
    print("| quotes | " + " | ".join(qs) + " |")


if __name__ == "__main__":
    main()
