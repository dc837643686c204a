"""Small modules with one job each: no module in graph/ or api/ over ``MAX_LINES`` lines, except those on a
short allow-list, each with its reason. An entry that no longer needs its place fails too, so the list only
shrinks."""

from __future__ import annotations

from pathlib import Path

from .conftest import ROOT

MAX_LINES = 500
PACKAGES = ("graph", "api")

#: Path (a file, or a folder ending in "/") → why it may be longer than MAX_LINES.
ALLOWED: dict[str, str] = {}


def line_count(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def allowed_entry(rel: str, allowed: dict[str, str]) -> str | None:
    """The allow-list entry covering ``rel`` (the file itself, or a folder holding it), or None."""
    for entry in allowed:
        if rel == entry or (entry.endswith("/") and rel.startswith(entry)):
            return entry
    return None


def oversized(root: Path, allowed: dict[str, str], limit: int = MAX_LINES) -> tuple[list[str], set[str]]:
    """(modules over ``limit`` that no entry covers, allow-list entries that cover some module over it)."""
    over: list[str] = []
    used: set[str] = set()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            rel = path.relative_to(root).as_posix()
            n = line_count(path)
            if n <= limit:
                continue
            entry = allowed_entry(rel, allowed)
            if entry is None:
                over.append(f"{rel}: {n} lines")
            else:
                used.add(entry)
    return over, used


def test_no_module_over_the_limit() -> None:
    over, _ = oversized(ROOT, ALLOWED)
    assert not over, (
        f"modules over {MAX_LINES} lines (split them into modules with one job each, or add them to ALLOWED "
        f"with the reason one cohesive algorithm needs the length): {over}"
    )


def test_allow_list_is_short_explained_and_needed() -> None:
    assert len(ALLOWED) <= 5
    assert all(reason.strip() for reason in ALLOWED.values())
    _, used = oversized(ROOT, ALLOWED)
    stale = sorted(set(ALLOWED) - used)
    assert not stale, f"allow-list entries no longer needed (nothing there is over {MAX_LINES} lines): {stale}"


def test_the_check_finds_a_long_module(tmp_path: Path) -> None:
    """The check itself: a long module is reported, unless an entry covers it; a short one never is."""
    (tmp_path / "graph" / "big").mkdir(parents=True)
    (tmp_path / "api").mkdir()
    (tmp_path / "graph" / "big" / "long.py").write_text("x = 1\n" * (MAX_LINES + 1), encoding="utf-8")
    (tmp_path / "api" / "short.py").write_text("x = 1\n" * MAX_LINES, encoding="utf-8")
    assert oversized(tmp_path, {}) == ([f"graph/big/long.py: {MAX_LINES + 1} lines"], set())
    assert oversized(tmp_path, {"graph/big/": "why"}) == ([], {"graph/big/"})
    assert oversized(tmp_path, {"graph/big/long.py": "why"}) == ([], {"graph/big/long.py"})
    assert oversized(tmp_path, {"graph/bi": "why"})[0] == [f"graph/big/long.py: {MAX_LINES + 1} lines"]
