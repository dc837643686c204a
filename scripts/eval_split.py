"""Score the extractor on a fixed split of ../shared/dev-articles (see docs/extraction.md, "The split").

    .venv/bin/python scripts/eval_split.py tune [--details]   # 01-15 and the even numbers 16-54
    .venv/bin/python scripts/eval_split.py check              # the odd numbers 17-55: aggregate figures only

The check split is never tuned on: for it this script prints only overall and per-predicate precision /
recall and quote accuracy, never an article's misses, false facts or quotes.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aikg.graph.evaluation import Report, _article_for, render, score_article  # noqa: E402
from aikg.graph.extract import extract  # noqa: E402

DEV = ROOT.parent / "shared" / "dev-articles"
CHECK = frozenset(range(17, 56, 2))
TUNE = frozenset(range(1, 16)) | frozenset(range(16, 55, 2))


def split_files(name: str, dev: Path = DEV) -> list[Path]:
    """The gold files of a split ('tune' or 'check')."""
    nums = CHECK if name == "check" else TUNE
    return [f for f in sorted(dev.glob("*.gold.json")) if int(f.name[:2]) in nums]


def score(files: list[Path]) -> Report:
    report = Report(str(files[0].parent) if files else "")
    for gf in files:
        gold = json.loads(gf.read_text(encoding="utf-8"))
        art = _article_for(gf, gold, None)
        report.articles.append(score_article(gf.name[: -len(".gold.json")], gold, extract(art)))
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", choices=["tune", "check"])
    ap.add_argument("--details", action="store_true", help="misses and false facts (tune split only)")
    args = ap.parse_args()
    files = split_files(args.split)
    assert len(files) == (20 if args.split == "check" else 35), len(files)
    report = score(files)
    print(f"split: {args.split} ({len(files)} articles)")
    print(render(report, details=args.details and args.split == "tune"))
    total = sum(a.quotes_total for a in report.articles)
    ok = sum(a.quotes_ok for a in report.articles)
    print(f"quotes {ok}/{total}")


if __name__ == "__main__":
    main()
