"""Schemathesis over /openapi.json against the real server: every operation, with the write token; no 5xx,
every response matches its schema (status code, content type, headers, body).

Bounded: ``MAX_EXAMPLES`` cases per operation, derandomized (a few hundred requests in all). The server is
this module's own (writes and SPARQL updates change it)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from .test_api_fixtures import TOKEN, Served, serve

MAX_EXAMPLES = 30
#: No server errors and no schema violations: status codes, content types, headers and bodies as documented.
#: (Not "positive data acceptance": any string is a schema-valid SPARQL query, and most of them are 400.)
CHECKS = [checks.not_a_server_error, checks.status_code_conformance, checks.content_type_conformance,
          checks.response_headers_conformance, checks.response_schema_conformance]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(Path(tmp_path_factory.mktemp("schema")) / "store")


def test_api_conforms_to_its_schema(served: Served) -> None:
    schema = schemathesis.openapi.from_url(served.url + "/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    paths = {op.path for op in operations}
    assert len(operations) >= 25 and {"/sparql", "/sparql/update", "/api/articles", "/api/analytics/timeline"} <= paths
    statuses: Counter[int] = Counter()
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case: schemathesis.Case) -> None:
            r = case.call_and_validate(base_url=served.url, headers={"Authorization": f"Bearer {TOKEN}"}, checks=CHECKS)
            statuses[r.status_code] += 1

        check()
    print(f"schemathesis: {len(operations)} operations, {sum(statuses.values())} requests, statuses {dict(statuses)}")
    assert sum(statuses.values()) >= 10 * len(operations), statuses
    assert not [s for s in statuses if s >= 500], statuses
