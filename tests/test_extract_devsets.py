"""Regression floors of extraction on the development sets (measured; see docs/extraction.md for the figures).

The dev articles are split once (aikg.graph.evaluation.SPLITS): the tune split is what the frames were
developed on; the check split is never tuned on and only its aggregate figures are read. tests/dev-set was
written by the same hands as the old rules: regression only, no evidence of generalisation.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from aikg.graph.evaluation import Report, evaluate, render

from .conftest import DEV_ARTICLES, DEV_SET


def _report(path: Path, split: str | None = None) -> Report:
    if not path.exists() or not any(path.glob("*.gold.json")):
        pytest.skip(f"{path} is absent")
    report = evaluate(path, split=split)
    assert not report.errors, report.errors
    return report


def test_floor_on_the_tune_split() -> None:
    report = _report(DEV_ARTICLES, "tune")
    text = render(report, details=False)
    assert len(report.articles) == 35
    assert report.precision >= 0.85, text
    assert report.recall >= 0.52, text
    assert report.quote_accuracy >= 0.88, text


def test_floor_on_the_check_split_aggregate_only() -> None:
    """Only the aggregate figures of the check split are read (never its misses), and it stays close to tune."""
    check = _report(DEV_ARTICLES, "check")
    tune = _report(DEV_ARTICLES, "tune")
    assert len(check.articles) == 20
    assert check.precision >= 0.60, f"check P {check.precision:.3f}"
    assert check.recall >= 0.40, f"check R {check.recall:.3f}"
    assert tune.recall - check.recall <= 0.10, f"tune R {tune.recall:.3f}, check R {check.recall:.3f}"


def test_floor_on_our_dev_set() -> None:
    report = _report(DEV_SET)
    text = render(report, details=False)
    assert report.precision >= 0.75, text
    assert report.recall >= 0.42, text
    assert report.quote_accuracy >= 0.90, text
