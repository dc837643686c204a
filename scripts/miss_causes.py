"""Why required gold triples are missed, grouped by cause, and how many gold entities the extraction finds.

    .venv/bin/python scripts/miss_causes.py tune [--details]   # causes with the misses of each (tune only)
    .venv/bin/python scripts/miss_causes.py check               # counts per cause and entity recall: aggregate only

Causes (the first that applies): ``subject not found`` / ``object not found`` (no extracted entity has the gold
name), ``type`` (both found, but a type outside the predicate's domain or range), ``hedged`` (the fact was
extracted below confidence 0.5), ``other predicate`` (the pair is related by another predicate), ``apart`` (no
sentence mentions both, counting pronouns and descriptions), ``not parsed`` (a sentence mentions both but was
not parsed), ``no frame`` (a parsed sentence mentions both; no frame read the fact).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from aikg.graph.evaluation import SYMMETRIC, NameIndex, article_for, norm_name, split_files  # noqa: E402
from aikg.graph.extract import extract, relations  # noqa: E402
from aikg.graph.extract.relations import DOMAIN  # noqa: E402

DEV = ROOT.parent / "shared" / "dev-articles"


def _run(art: Any) -> tuple[Any, set[int], list[Any]]:
    seen: dict[str, Any] = {}
    orig = relations.extract_relations

    def spy(text, sents, mentions, entities, ctx, parsed, extractor):  # type: ignore[no-untyped-def]
        seen["parsed"], seen["sents"] = set(parsed), sents
        return orig(text, sents, mentions, entities, ctx, parsed, extractor)

    relations.extract_relations = spy  # type: ignore[assignment]
    try:
        ex = extract(art)
    finally:
        relations.extract_relations = orig  # type: ignore[assignment]
    return ex, seen.get("parsed", set()), seen.get("sents", [])


def causes(gf: Path) -> tuple[list[tuple[str, str, str]], tuple[int, int, int]]:
    """(cause, predicate, miss) for each missed required triple of one gold file; (gold entities, found, found typed right)."""
    gold = json.loads(gf.read_text(encoding="utf-8"))
    ex, parsed, sents = _run(article_for(gf, gold, None))
    names = NameIndex(gold)
    keys_of: dict[str, list[str]] = defaultdict(list)
    for k, e in ex.entities.items():
        for n in {e.label, *e.aliases}:
            keys_of[norm_name(names.gold_label(n))].append(k)
    gtype = {str(e["label"]): e["type"] for e in gold.get("entities", [])}
    n_ent = len(gtype)
    found = [lab for lab in gtype if keys_of.get(norm_name(lab))]
    typed = [lab for lab in found if any(ex.entities[k].type == gtype[lab] for k in keys_of[norm_name(lab)])]
    sent_of = [0] * len(ex.mentions)
    starts = [s.start for s in sents]
    import bisect

    by_sent: dict[int, set[str]] = defaultdict(set)
    for i, m in enumerate(ex.mentions):
        si = bisect.bisect_right(starts, m.start) - 1
        sent_of[i] = si
        by_sent[si].add(m.entity)
    out = []
    for t in gold.get("triples", []):
        s_keys, o_keys, p = keys_of.get(norm_name(t["s"]), []), keys_of.get(norm_name(t["o"]), []), t["p"]
        pairs = [(a, b) for a in s_keys for b in o_keys]
        if p in SYMMETRIC:
            pairs += [(b, a) for a, b in pairs]
        facts = [f for f in ex.facts if (f.subject, f.object) in pairs]
        miss = f"{gf.name[:2]}: {t['s']} {p} {t['o']}"
        if any(f.predicate == p and f.confidence >= 0.5 for f in facts):
            continue
        if not s_keys:
            cause = "subject not found"
        elif not o_keys:
            cause = "object not found"
        elif not any(ex.entities[a].type in DOMAIN[p][0] and ex.entities[b].type in DOMAIN[p][1] for a, b in pairs):
            cause = "type"
            miss += f"  [{'/'.join(sorted({ex.entities[a].type for a in s_keys}))} -> {'/'.join(sorted({ex.entities[b].type for b in o_keys}))}]"
        elif any(f.predicate == p for f in facts):
            cause = "hedged"
        elif any(f.confidence >= 0.5 for f in facts):
            cause = "other predicate"
        else:
            both = [si for si, ks in by_sent.items() if ks & set(s_keys) and ks & set(o_keys)]
            if not both:
                cause = "apart"
            elif not any(si in parsed for si in both):
                cause = "not parsed"
            else:
                cause = "no frame"
        out.append((cause, p, miss))
    return out, (n_ent, len(found), len(typed))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("split", choices=["tune", "check"])
    ap.add_argument("--details", action="store_true", help="the misses under each cause (tune split only)")
    args = ap.parse_args()
    files = split_files(DEV, args.split)
    by_cause: dict[str, list[str]] = defaultdict(list)
    matrix: dict[tuple[str, str], int] = defaultdict(int)
    ents = [0, 0, 0]
    for gf in files:
        got, (n, f, ty) = causes(gf)
        ents[0] += n
        ents[1] += f
        ents[2] += ty
        for cause, pred, miss in got:
            by_cause[cause].append(miss)
            matrix[(cause, pred)] += 1
    print(f"split: {args.split} ({len(files)} articles)")
    print(f"gold entities {ents[0]}: found {ents[1]} ({ents[1] / max(ents[0], 1):.2f}), "
          f"typed as gold {ents[2]} ({ents[2] / max(ents[0], 1):.2f})")
    total = sum(len(v) for v in by_cause.values())
    print(f"misses {total}")
    for cause, misses in sorted(by_cause.items(), key=lambda kv: -len(kv[1])):
        print(f"  {cause:<20}{len(misses):>4}")
        if args.details and args.split == "tune":
            for m in misses:
                print(f"      {m}")
    preds = sorted({p for _, p in matrix})
    print("cause x predicate: " + " ".join(f"{p[:8]:>8}" for p in preds))
    for cause in sorted(by_cause, key=lambda c: -len(by_cause[c])):
        print(f"  {cause:<16}" + " ".join(f"{matrix.get((cause, p), 0):>8}" for p in preds))


if __name__ == "__main__":
    main()
