"""The README's benchmark table is generated from bench/results.md (bench/readme.py) and agrees with it."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import readme  # noqa: E402


def test_the_readme_table_is_the_one_results_md_gives() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    results = (ROOT / "bench" / "results.md").read_text(encoding="utf-8")
    assert readme.update(text, results) == text, "run: python -m bench.readme"


def test_the_block_leads_with_the_realistic_rest_case_and_follows_the_results() -> None:
    results = (ROOT / "bench" / "results.md").read_text(encoding="utf-8")
    block = readme.render(results)
    assert block.index("REST, the realistic case first") < block.index("Every figure:")
    changed = results.replace("| ok |", "| failed |", 1)
    assert readme.render(changed) != block  # a different result gives a different table
    stale = readme.update("x\n" + readme.START + "\nhand-written\n" + readme.END + "\ny\n", results)
    assert "hand-written" not in stale and stale.startswith("x\n") and stale.endswith("\ny\n")


def test_a_merged_rerun_replaces_only_its_own_figures() -> None:
    from bench.run import Figure, merge

    old = ("# r\n\nWritten X.\n\n## Summary\n\n| figure | status |\n|---|---|\n| SPARQL over HTTP | ok |\n| REST old | ok |\n\n"
           "## SPARQL over HTTP\n\nkept\n\n## REST old\n\nold rest\n")
    new = "# r\n\nWritten by Y on D.\n\n## Summary\n\n| figure | status |\n|---|---|\n| SPARQL varied | ok |\n\n## SPARQL varied\n\nnew\n"
    out = merge(old, new, [Figure("sparql_varied", "SPARQL varied")])
    assert "kept" in out and "old rest" in out and "new" in out and "| SPARQL over HTTP | ok |" in out
    assert out.index("## SPARQL varied") > out.index("## REST old") and "Re-run alone afterwards (sparql_varied" in out
