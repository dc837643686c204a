"""Scoring extraction against gold files (the rule of ../shared/dev-articles/README.md).

Contract: ``evaluate(gold_dir, articles_dir=None)`` reads every ``*.gold.json`` in ``gold_dir``, reads its
article (``gold["article"]`` in ``articles_dir``, else beside the gold file) with ``read_path``, extracts it
and returns a ``Report``; ``render(report)`` turns it into text.

- An extracted argument matches a gold entity when its label or one of its surface names equals the gold
  label or an alias, case-insensitively after trimming.
- A triple matches when subject, predicate and object match; ``partnersWith`` and ``competesWith`` match
  either way. Each fact counts once per article.
- Precision = matched extracted triples / extracted triples that match no optional triple;
  recall = matched gold triples / gold triples. Only facts with confidence >= ``min_confidence`` (0.5:
  hedged statements fall below it) count as extracted.
- A quote matches when its speaker matches and its text starts with or contains the gold ``text_start``
  (case-insensitive). Quote accuracy = matched gold quotes / gold quotes; optional quotes count neither way.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .articles import Article, read_path
from .extract import extract
from .extract.model import Extraction
from .extract.registry import Registry

__all__ = ["evaluate", "render", "to_json", "Report", "ArticleScore", "score_article", "SPLITS", "split_files", "article_for", "NameIndex", "norm_name"]

SYMMETRIC = frozenset({"partnersWith", "competesWith"})


def norm_name(s: str) -> str:
    return " ".join(s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"').split()).lower()


@dataclass
class ArticleScore:
    """The score of one article: counts per predicate, misses, false facts and quote results."""

    name: str
    tp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fp: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    fn: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    misses: list[str] = field(default_factory=list)
    false_facts: list[str] = field(default_factory=list)
    quotes_total: int = 0
    quotes_found: int = 0
    quotes_ok: int = 0
    quote_misses: list[str] = field(default_factory=list)


@dataclass
class Report:
    """Scores over a gold directory."""

    gold_dir: str
    articles: list[ArticleScore] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def _sum(self, attr: str) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for a in self.articles:
            for k, v in getattr(a, attr).items():
                out[k] += v
        return out

    def per_predicate(self) -> dict[str, dict[str, float]]:
        tp, fp, fn = self._sum("tp"), self._sum("fp"), self._sum("fn")
        preds = sorted(set(tp) | set(fp) | set(fn))
        return {p: _prf(tp[p], fp[p], fn[p], tp[p] + fn[p]) for p in preds}

    @property
    def overall(self) -> dict[str, float]:
        tp, fp, fn = self._sum("tp"), self._sum("fp"), self._sum("fn")
        t, f, n = sum(tp.values()), sum(fp.values()), sum(fn.values())
        return _prf(t, f, n, t + n)

    @property
    def precision(self) -> float:
        return self.overall["precision"]

    @property
    def recall(self) -> float:
        return self.overall["recall"]

    @property
    def f1(self) -> float:
        return self.overall["f1"]

    @property
    def quote_accuracy(self) -> float:
        total = sum(a.quotes_total for a in self.articles)
        return sum(a.quotes_ok for a in self.articles) / total if total else 1.0

    @property
    def attribution_accuracy(self) -> float:
        """Of the gold quotes whose text was found, the share attributed to the right speaker."""
        found = sum(a.quotes_found for a in self.articles)
        return sum(a.quotes_ok for a in self.articles) / found if found else 1.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold_dir": self.gold_dir,
            "articles": len(self.articles),
            "overall": self.overall,
            "per_predicate": self.per_predicate(),
            "quote_accuracy": self.quote_accuracy,
            "attribution_accuracy": self.attribution_accuracy,
            "misses": [m for a in self.articles for m in a.misses],
            "false_facts": [m for a in self.articles for m in a.false_facts],
            "quote_misses": [m for a in self.articles for m in a.quote_misses],
            "errors": self.errors,
        }


def _prf(tp: int, fp: int, fn: int, gold: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / gold if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}


class NameIndex:
    """Gold entities by every name (label and aliases), folded."""

    def __init__(self, gold: dict[str, Any]) -> None:
        self.by_name: dict[str, str] = {}
        for e in gold.get("entities", []) or []:
            label = str(e["label"])
            for n in [label, *e.get("aliases", [])]:
                self.by_name.setdefault(norm_name(n), label)

    def gold_label(self, name: str) -> str:
        return self.by_name.get(norm_name(name), name)

    def matches(self, names: set[str], gold_name: str) -> bool:
        target = norm_name(self.gold_label(gold_name))
        return any(norm_name(self.gold_label(n)) == target for n in names)


def score_article(name: str, gold: dict[str, Any], ex: Extraction, min_confidence: float = 0.5) -> ArticleScore:
    """Score one extraction against its gold annotation."""
    sc = ArticleScore(name)
    names = NameIndex(gold)

    def ent_names(key: str) -> set[str]:
        e = ex.entities.get(key)
        return {e.label, *e.aliases} if e else {key}

    def match(fact: tuple[str, str, str], t: dict[str, str]) -> bool:
        s, p, o = fact
        if p != t["p"]:
            return False
        if names.matches(ent_names(s), t["s"]) and names.matches(ent_names(o), t["o"]):
            return True
        return p in SYMMETRIC and names.matches(ent_names(o), t["s"]) and names.matches(ent_names(s), t["o"])

    required: list[dict[str, str]] = list(gold.get("triples", []) or [])
    optional: list[dict[str, str]] = list(gold.get("optional_triples", []) or [])
    seen: set[tuple[str, str, str]] = set()
    hit: set[int] = set()
    for f in ex.facts:
        if f.confidence < min_confidence:
            continue
        key = (f.subject, f.predicate, f.object)
        if f.predicate in SYMMETRIC:
            key = (min(f.subject, f.object), f.predicate, max(f.subject, f.object))
        if key in seen:
            continue
        seen.add(key)
        found = [i for i, t in enumerate(required) if match(key, t)]
        if found:
            sc.tp[f.predicate] += 1
            hit.update(found)
        elif not any(match(key, t) for t in optional):
            sc.fp[f.predicate] += 1
            sc.false_facts.append(f"{name}: {ex.label(key[0])} {f.predicate} {ex.label(key[2])}")
    for i, t in enumerate(required):
        if i not in hit:
            sc.fn[t["p"]] += 1
            sc.misses.append(f"{name}: {t['s']} {t['p']} {t['o']}")
    for gq in gold.get("quotes", []) or []:
        sc.quotes_total += 1
        start = norm_name(gq["text_start"])
        cands = [q for q in ex.quotes if start in norm_name(q.text)]
        if cands:
            sc.quotes_found += 1
        if any(names.matches(ent_names(q.speaker), gq["speaker"]) for q in cands):
            sc.quotes_ok += 1
        else:
            who = ", ".join(sorted({ex.label(q.speaker) for q in cands})) or "not found"
            sc.quote_misses.append(f"{name}: {gq['speaker']}: {gq['text_start'][:50]!r} ({who})")
    return sc


def article_for(gold_file: Path, gold: dict[str, Any], articles_dir: Path | None) -> Article:
    stem = gold_file.name[: -len(".gold.json")]
    names = [str(gold["article"])] if gold.get("article") else []
    names += [stem + ext for ext in (".json", ".txt", ".md", ".html")]
    for base in [d for d in (articles_dir, gold_file.parent) if d is not None]:
        for n in names:
            path = base / n
            if path.exists():
                for item in read_path(path):
                    if isinstance(item, Article):
                        return item
                    raise ValueError(str(item))
    raise FileNotFoundError(f"{gold_file}: article {names[0] if names else stem} not found")


#: The fixed split of ../shared/dev-articles (docs/extraction.md): article numbers per split. The check split is
#: never tuned on; only its aggregate figures are ever looked at.
SPLITS: dict[str, frozenset[int]] = {
    "check": frozenset(range(17, 56, 2)),
    "tune": frozenset(range(1, 16)) | frozenset(range(16, 55, 2)),
}


def split_files(gold_dir: str | Path, split: str) -> list[Path]:
    """The gold files of ``gold_dir`` whose two-digit number belongs to ``split`` ('tune' or 'check').

    >>> sorted(SPLITS["check"])[:3], len(SPLITS["check"]), len(SPLITS["tune"])
    ([17, 19, 21], 20, 35)
    """
    nums = SPLITS[split]
    return [f for f in sorted(Path(gold_dir).glob("*.gold.json")) if f.name[:2].isdigit() and int(f.name[:2]) in nums]


def evaluate(
    gold_dir: str | Path,
    articles_dir: str | Path | None = None,
    registry: Registry | None = None,
    min_confidence: float = 0.5,
    split: str | None = None,
) -> Report:
    """Score the extractor on every gold file of ``gold_dir`` (or of one of its ``SPLITS``; see the module
    contract)."""
    gd = Path(gold_dir)
    ad = Path(articles_dir) if articles_dir else None
    report = Report(str(gd))
    files = split_files(gd, split) if split else sorted(gd.glob("*.gold.json"))
    for gf in files:
        try:
            gold = json.loads(gf.read_text(encoding="utf-8"))
            art = article_for(gf, gold, ad)
        except (OSError, ValueError) as exc:
            report.errors.append(f"{gf.name}: {exc}")
            continue
        ex = extract(art, registry)
        report.articles.append(score_article(gf.name[: -len(".gold.json")], gold, ex, min_confidence))
    return report


def render(report: Report, details: bool = True) -> str:
    """The report as plain text: overall and per-predicate scores, quotes, misses and false facts."""
    o = report.overall
    lines = [
        f"gold: {report.gold_dir} ({len(report.articles)} articles)",
        f"overall  P {o['precision']:.3f}  R {o['recall']:.3f}  F1 {o['f1']:.3f}  "
        f"(tp {o['tp']:.0f}, fp {o['fp']:.0f}, fn {o['fn']:.0f})",
        f"quotes   accuracy {report.quote_accuracy:.3f}  attribution of found {report.attribution_accuracy:.3f}",
        "",
        f"{'predicate':<14}{'P':>7}{'R':>7}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}",
    ]
    for p, s in report.per_predicate().items():
        lines.append(f"{p:<14}{s['precision']:>7.3f}{s['recall']:>7.3f}{s['f1']:>7.3f}"
                     f"{s['tp']:>5.0f}{s['fp']:>5.0f}{s['fn']:>5.0f}")
    if details:
        d = report.as_dict()
        for title, k in (("misses", "misses"), ("false facts", "false_facts"), ("quote misses", "quote_misses"),
                         ("errors", "errors")):
            items = d[k]
            assert isinstance(items, list)
            if items:
                lines += ["", f"{title} ({len(items)}):"] + [f"  {x}" for x in items]
    return "\n".join(lines)


def to_json(report: Report) -> str:
    """The report as indented JSON (``aikg eval --json``)."""
    return json.dumps(report.as_dict(), indent=2, ensure_ascii=False)
