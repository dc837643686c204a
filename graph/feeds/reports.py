"""What the crawler reports: one page's outcome (:class:`ItemOutcome`) and one poll cycle's (:class:`CycleReport`).

>>> r = CycleReport(feeds=1, outcomes=[ItemOutcome("https://news.example/a", "ingested")])
>>> r.count("ingested"), r.ok
(1, True)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..ingest import ArticleResult

__all__ = ["CycleReport", "ItemOutcome", "Progress"]


@dataclass
class ItemOutcome:
    """What happened to one page: ``status`` as in :class:`PageRecord` (or ``seen``: nothing to do)."""

    url: str
    status: str
    detail: str = ""
    article: str | None = None
    result: ArticleResult | None = None  # what was stored, when something was


@dataclass
class CycleReport:
    """One poll cycle: feeds polled (not modified, failed) and what happened to each page."""

    feeds: int = 0
    feeds_not_modified: int = 0
    feeds_failed: int = 0
    outcomes: list[ItemOutcome] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        c = self.count
        return (f"feeds polled: {self.feeds} ({self.feeds_not_modified} not modified, {self.feeds_failed} failed); "
                f"pages: {c('ingested')} new, {c('replaced')} replaced, {c('unchanged')} unchanged, {c('copy')} "
                f"syndicated copies, {c('failed') + c('gave-up')} failed, {c('disallowed')} disallowed; {self.seconds:.2f} s")


Progress = Callable[[int, int], None]  # (more pages to do, pages done)
