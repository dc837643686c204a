"""Cases of the older rule tests that the parse-based frames do not read yet (tests/known_gaps.txt, one test id
a line). They are strict expected failures: a case that starts passing fails the run, so the list only shrinks
(remove its line). What the gaps are is summarised in docs/extraction.md."""

from __future__ import annotations

from pathlib import Path

import pytest

__all__ = ["GAPS", "mark_known_gap"]

GAPS = frozenset(
    line.strip() for line in (Path(__file__).parent / "known_gaps.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


def mark_known_gap(request: pytest.FixtureRequest) -> None:
    """Mark the running test as a strict expected failure when it is a known gap."""
    if request.node.nodeid in GAPS:
        request.node.add_marker(pytest.mark.xfail(strict=True, reason="known gap of the frames (tests/known_gaps.txt)"))
