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
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aikg.graph.evaluation import Report, article_for, render, score_article, split_files as _split_files  # noqa: E402
from aikg.graph.extract import extract, relations  # noqa: E402

DEV = ROOT.parent / "shared" / "dev-articles"


def split_files(name: str, dev: Path = DEV) -> list[Path]:
    """The gold files of a split ('tune' or 'check'; defined in aikg.graph.evaluation.SPLITS)."""
    return _split_files(dev, name)


def score(files: list[Path], frames: Counter[tuple[str, bool]] | None = None) -> Report:
    """Score the articles; with ``frames``, count each extracted fact by the frame that found it and whether it
    was right (aggregate figures only)."""
    report = Report(str(files[0].parent) if files else "")
    for gf in files:
        gold = json.loads(gf.read_text(encoding="utf-8"))
        art = article_for(gf, gold, None)
        seen: dict[tuple[str, str, str], str] = {}
        orig = relations.Sent.add

        def add(self, pred, s, o, conf, toks, frame, orig=orig, seen=seen, **kw):  # type: ignore[no-untyped-def]
            n = orig(self, pred, s, o, conf, toks, frame, **kw)
            for f in self.facts[len(self.facts) - n :]:
                seen.setdefault((f.subject, f.predicate, f.object), frame)
            return n

        relations.Sent.add = add  # type: ignore[method-assign]
        try:
            ex = extract(art)
        finally:
            relations.Sent.add = orig  # type: ignore[method-assign]
        sc = score_article(gf.name[: -len(".gold.json")], gold, ex)
        report.articles.append(sc)
        if frames is not None:
            wrong = {x.split(": ", 1)[1] for x in sc.false_facts}
            for (s, p, o), frame in seen.items():
                if any(f.subject == s and f.predicate == p and f.object == o and f.confidence >= 0.5 for f in ex.facts):
                    ok = f"{ex.label(s)} {p} {ex.label(o)}" not in wrong and f"{ex.label(o)} {p} {ex.label(s)}" not in wrong
                    frames[(frame, ok)] += 1
    return report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", choices=["tune", "check"])
    ap.add_argument("--details", action="store_true", help="misses and false facts (tune split only)")
    ap.add_argument("--frames", action="store_true", help="facts per frame: counted right or wrong (aggregate)")
    args = ap.parse_args()
    files = split_files(args.split)
    assert len(files) == (20 if args.split == "check" else 35), len(files)
    frames: Counter[tuple[str, bool]] | None = Counter() if args.frames else None
    report = score(files, frames)
    print(f"split: {args.split} ({len(files)} articles)")
    print(render(report, details=args.details and args.split == "tune"))
    total = sum(a.quotes_total for a in report.articles)
    ok = sum(a.quotes_ok for a in report.articles)
    print(f"quotes {ok}/{total}")
    if frames is not None:
        print("frame: right / wrong (wrong = matches no required or optional gold triple)")
        for name in sorted({k for k, _ in frames}):
            print(f"  {name:<24}{frames[(name, True)]:>4}{frames[(name, False)]:>4}")


if __name__ == "__main__":
    main()
