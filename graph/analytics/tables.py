"""Analysis results as text tables for the command line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .common import links

__all__ = ["tables"]


def _ev(facts: Iterable[dict[str, Any]]) -> str:
    """The first evidence sentence behind some facts, shortened for a table."""
    for f in facts:
        for src in f.get("sources", ()):
            if src.get("evidence"):
                text = " ".join(str(src["evidence"]).split())
                return text if len(text) <= 90 else text[:87] + "..."
    return ""


def _steps_text(steps: Iterable[dict[str, Any]]) -> str:
    out = []
    for s in steps:
        arrow = f"-{s['predicate']}->" if s["direction"] == "forward" else f"<-{s['predicate']}-"
        out.append(f"{s['from']} {arrow} {s['to']}")
    return "; ".join(out)


def tables(name: str, result: Any) -> list[tuple[str, list[str], list[list[str]]]]:
    """An analysis result as tables ``(title, header, rows)`` of strings, for the command line.

    >>> tables("importance", [{"rank": 1, "label": "M", "type": "Model", "slug": "m", "pagerank": 0.5,
    ...                        "degree": 3, "mentions": 2, "facts": []}])[0][2]
    [['1', 'M', 'Model', '0.5', '3', '2', '', '/id/m']]
    """
    if name == "importance":
        rows = [[str(r["rank"]), str(r["label"]), str(r["type"]), f"{r['pagerank']:.4g}", str(r["degree"]),
                 str(r["mentions"]), _ev(r["facts"]), links(r["slug"])["entity"]] for r in result]
        return [("Importance", ["#", "entity", "type", "pagerank", "degree", "mentions", "evidence", "link"], rows)]
    if name == "dependencies":
        rows = [[str(i["depth"]), str(i["label"]), str(i["type"]), _steps_text(i["path"]), _ev(i["path"][-1:])]
                for i in result["items"]]
        verb = "depends on" if result["direction"] == "upstream" else "is depended on by"
        return [(f"{result['entity']['label']} {verb}", ["depth", "entity", "type", "path", "evidence"], rows)]
    if name == "hedging":
        rows = []
        for h in result["hedgers"]:
            own = ", ".join(str(o["model"]["label"]) for o in h["own"])
            for e in h["external"]:
                via = f" via {e['via']['label']}" if e["via"] else ""
                rows.append([str(h["label"]), own, f"{e['model']['label']}{via}",
                             ", ".join(str(p["label"]) for p in e["providers"]), _ev(e["facts"])])
        pairs = [[str(p["organisation"]["label"]),
                  f"{p['providers'][0]['label']} ({', '.join(str(m['label']) for m in p['models'][0])})",
                  f"{p['providers'][1]['label']} ({', '.join(str(m['label']) for m in p['models'][1])})",
                  "yes" if p["competes"] else ""] for p in result["rival_pairs"]]
        return [("Hedging: builds its own model, relies on someone else's", ["organisation", "own models", "also relies on", "provider", "evidence"], rows),
                ("Rival providers each organisation relies on", ["organisation", "one provider (its models)", "the other provider (its models)", "said to compete"], pairs)]
    if name == "connections":
        rows = [[str(i), _steps_text(p), _ev(p)] for i, p in enumerate(result["paths"], 1)]
        return [(f"{result['from']['label']} to {result['to']['label']}", ["#", "path", "evidence"], rows)]
    if name == "communities":
        rows = [[str(c["id"]), str(c["name"]), str(c["size"]), ", ".join(str(m["label"]) for m in c["members"][:8])]
                for c in result]
        return [("Communities", ["#", "name", "size", "members (most central first)"], rows)]
    if name == "timeline":
        what = result["entity"]["label"] if result["entity"] else result["predicate"]
        rows = [[m["month"], str(m["facts"]), str(m["mentions"])] for m in result["months"]]
        return [(f"{what} by month", ["month", "facts", "mentions" if result["entity"] else "articles"], rows)]
    raise ValueError(f"unknown analysis {name!r}")
