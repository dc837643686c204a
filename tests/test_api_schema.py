"""Schemathesis over /openapi.json against the real server: no 5xx, every response matches its schema.

Bounded: ``MAX_EXAMPLES`` cases per operation (a few hundred in all). Write routes are exercised
without the token (their 401 responses are checked against the schema like any other)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from .test_api_fixtures import Served, serve

MAX_EXAMPLES = 20


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    yield from serve(Path(tmp_path_factory.mktemp("schema")) / "store")


def test_api_conforms_to_its_schema(served: Served) -> None:
    schema = schemathesis.openapi.from_url(served.url + "/openapi.json")
    # the SPARQL endpoint and the analytics routes have their own tests; these are the REST API's
    schema = schema.include(path_regex=r"^/(api/(entities|articles|quotes|graph|paths|stats|ingest|load|import|snapshots)|id/|article/|context\.jsonld|health|ready)")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    for op in operations:

        @given(case=op.as_strategy())
        @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(base_url=served.url)

        check()
