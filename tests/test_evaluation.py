"""The scorer follows the README's rule: aliases, symmetric predicates, optional triples, quotes."""

from __future__ import annotations

import json
from pathlib import Path

from aikg.graph.evaluation import evaluate, render


def _write(d: Path, name: str, text: str, gold: dict[str, object]) -> None:
    (d / f"{name}.json").write_text(json.dumps({"title": "t", "text": text}), encoding="utf-8")
    gold = {"article": f"{name}.json", **gold}
    (d / f"{name}.gold.json").write_text(json.dumps(gold), encoding="utf-8")


def test_scoring_rule(tmp_path: Path) -> None:
    text = (
        "Google Cloud and Hugging Face have partnered. Meta released Llama 3. Amazon acquired Adept.\n"
        "“We are delighted with the progress,” said Hugging Face CEO Clement Delangue."
    )
    _write(tmp_path, "01-x", text, {
        "entities": [
            {"label": "Google Cloud", "type": "Company", "aliases": ["GCP"]},
            {"label": "Hugging Face", "type": "Company", "aliases": []},
            {"label": "Meta", "type": "Company", "aliases": ["Meta Platforms"]},
            {"label": "Clement Delangue", "type": "Person", "aliases": ["Delangue"]},
        ],
        "triples": [
            {"s": "Hugging Face", "p": "partnersWith", "o": "Google Cloud"},  # symmetric: either way
            {"s": "meta platforms", "p": "builds", "o": "Llama 3"},  # alias, case-insensitive
            {"s": "Clement Delangue", "p": "leads", "o": "Hugging Face"},
            {"s": "OpenAI", "p": "builds", "o": "GPT-4"},  # a miss
        ],
        "optional_triples": [{"s": "Amazon", "p": "acquires", "o": "Adept"}],
        "quotes": [{"speaker": "Delangue", "text_start": "we are delighted", "about": []}],
    })
    report = evaluate(tmp_path)
    o = report.overall
    assert (o["tp"], o["fp"], o["fn"]) == (3, 0, 1)
    assert report.precision == 1.0 and report.recall == 0.75
    assert report.quote_accuracy == 1.0
    text_report = render(report)
    assert "OpenAI builds GPT-4" in text_report and "partnersWith" in text_report
    assert report.as_dict()["misses"] == ["01-x: OpenAI builds GPT-4"]


def test_false_facts_and_missing_articles(tmp_path: Path) -> None:
    _write(tmp_path, "02-y", "Microsoft acquired GitHub in 2018.", {"entities": [], "triples": [], "quotes": [
        {"speaker": "Nobody", "text_start": "never said"}]})
    (tmp_path / "03-z.gold.json").write_text(json.dumps({"article": "missing.json"}), encoding="utf-8")
    report = evaluate(tmp_path)
    assert report.precision == 0.0 and report.overall["fp"] == 1
    assert report.quote_accuracy == 0.0
    assert report.errors and "missing.json" in report.errors[0]
