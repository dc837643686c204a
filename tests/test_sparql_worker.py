"""The worker's row cap: the engine writes TSV into a line-counting sink and is stopped at the cap."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, Store, parse_query_results

from aikg.graph.sparql.worker import RESULT_FORMATS, execute_local

# literals with line breaks, tabs and quotes: one row must still be one TSV line
TEXTS = [f'line {i:03d}\nsecond\t"quoted" \\ end' for i in range(50)]


@pytest.fixture(scope="module")
def store() -> Store:
    s = Store()
    s.extend(
        [Quad(NamedNode(f"http://e/s{i}"), NamedNode("http://e/p"), Literal(t, language="en" if i % 2 else None))
         for i, t in enumerate(TEXTS)]
    )
    return s


@pytest.mark.parametrize("media_type", list(RESULT_FORMATS))
@pytest.mark.parametrize("max_rows", [1, 10, 49, 50, 100])
def test_row_cap_in_every_format(store: Store, media_type: str, max_rows: int) -> None:
    q = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?o"
    body, mt, cut = execute_local(store, q, "SELECT", media_type, max_rows, {})
    assert mt == media_type
    assert bool(cut) == (max_rows < len(TEXTS))
    rows = list(parse_query_results(body, format=RESULT_FORMATS[media_type])) if media_type != "text/csv" else None
    if rows is not None:
        assert len(rows) == min(max_rows, len(TEXTS))
        assert [r["o"].value for r in rows] == sorted(TEXTS)[: len(rows)]  # values survive the TSV round trip
        assert {getattr(r["o"], "language", None) for r in rows} <= {"en", None}
    if media_type == "application/sparql-results+json":
        assert len(json.loads(body)["results"]["bindings"]) == min(max_rows, len(TEXTS))


def test_uncut_result_equals_engine_output(store: Store) -> None:
    q = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    body, _, cut = execute_local(store, q, "SELECT", "application/sparql-results+json", 10_000, {})
    direct = store.query(q).serialize(format=QueryResultsFormat.JSON)
    assert not cut
    assert json.loads(body) == json.loads(direct)


def test_no_variables_and_no_rows(store: Store) -> None:
    body, _, cut = execute_local(store, "SELECT * WHERE { ?s <http://e/none> ?o }", "SELECT",
                                 "application/sparql-results+json", 5, {})
    assert not cut and json.loads(body)["results"]["bindings"] == []
    body, _, cut = execute_local(store, "SELECT * WHERE { }", "SELECT", "text/tab-separated-values", 5, {})
    assert not cut and body.count(b"\n") == 2  # the (empty) header and one empty solution
