"""The W3C SPARQL 1.1 query-evaluation, result-format and syntax tests (tests/w3c, see its README), run
directly on pyoxigraph and through the /sparql endpoint of a real ``aikg serve`` process (worker processes
over snapshots of an embedded on-disk store), same data (see tests/w3c_sparql.py).

Asserted: every test that passes directly passes through /sparql; no 5xx on any test; every negative syntax
test gets 400; docs/sparql.md carries the summary line of this run. Update, SERVICE and entailment tests are
not vendored (listed in tests/w3c/README.md). About a minute on 2 cores."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from . import w3c_sparql as w3c
from .aikg_process import aikg_serve
from .conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]
TOKEN = "w3c-token"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    env = {"AIKG_STORE": str(Path(tmp_path_factory.mktemp("w3c")) / "store"), "AIKG_WRITE_TOKEN": TOKEN,
           "AIKG_BASE_URL": w3c.BASE_URL, "AIKG_LOG_LEVEL": "warning"}
    with aikg_serve(env) as (url, _proc):
        yield url


def test_w3c_suite_through_the_endpoint_matches_the_engine(server: str) -> None:
    with httpx.Client(base_url=server, timeout=60) as http:
        report = w3c.run_all(http, TOKEN)
    failures = "\n".join(w3c.iter_failures(report))
    assert len(report.tests) == 338, len(report.tests)
    assert report.server_errors() == [], failures
    assert report.regressions() == [], failures
    negative = report.ids("negative")
    assert [t for t in negative if report.through[t].status != 400] == [], failures
    # the engine itself must still pass most of it (a broken harness would "pass" by failing both ways)
    assert report.passed(report.direct, ("eval", "csv")) >= 200, failures
    docs = (ROOT / "docs" / "sparql.md").read_text(encoding="utf-8")
    assert report.summary() in docs, f"docs/sparql.md should state: {report.summary()}\n{failures}"
