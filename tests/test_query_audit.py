"""Audit: no request value reaches a SPARQL text unparsed, on any route.

Every SPARQL text the server runs in-process (``OxigraphStore.query`` / ``update``, which every REST, linked-data,
page and analytics query goes through) is recorded while a hostile value is sent in every string parameter of
every operation of the OpenAPI schema (and in the fields of a posted article, and in the dataset parameters of
/sparql). The value carries a marker keyword between quotes, braces and angle brackets: bound as a term it stays
inside one string literal; pasted, it shows up as a keyword of the query — which fails this test."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from aikg.graph.sparql.checks import _tokens
from aikg.graph.store import OxigraphStore

from .test_api_fixtures import TOKEN, Served, serve

MARK = "ZQXMARK"
HOSTILE = [
    f'x" }} {MARK} {{ "',
    f"x' }} {MARK} {{ '",
    f"x> }} {MARK} {{ <x",
    f"x\\\" }} {MARK} #",
    f'x"""\n}} {MARK} {{ """',
]


@pytest.fixture(scope="module")
def recorded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, list[str]]]:
    texts: list[str] = []
    original_query, original_update = OxigraphStore.query, OxigraphStore.update

    def query(self: OxigraphStore, sparql: str, **kw: Any) -> Any:
        texts.append(sparql)
        return original_query(self, sparql, **kw)

    def update(self: OxigraphStore, sparql: str) -> None:
        texts.append(sparql)
        original_update(self, sparql)

    mp = pytest.MonkeyPatch()
    mp.setattr(OxigraphStore, "query", query)
    mp.setattr(OxigraphStore, "update", update)
    try:
        for served in serve(Path(tmp_path_factory.mktemp("audit")) / "store"):
            yield served, texts
    finally:
        mp.undo()


def _operations(served: Served) -> Iterator[tuple[str, str, list[dict[str, Any]]]]:
    schema = served.get("/openapi.json").json()
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield path, method.upper(), op.get("parameters", [])


def _pasted(texts: list[str]) -> list[str]:
    """Texts where the marker is a token of the query (a word, name, variable or IRI), not inside a string."""
    bad = []
    for t in texts:
        if MARK not in t:
            continue
        if any(MARK in v for kind, v in _tokens(t) if kind != "string"):
            bad.append(t)
    return bad


def test_no_request_value_becomes_query_text(recorded: tuple[Served, list[str]]) -> None:
    served, texts = recorded
    auth = {"Authorization": f"Bearer {TOKEN}"}
    sent = 0
    for path, method, params in _operations(served):
        strings = [p for p in params if p.get("schema", {}).get("type", "string") == "string"
                   or "string" in str(p.get("schema", {}).get("anyOf", ""))]
        for value in HOSTILE:
            url = re.sub(r"\{[^}]+\}", lambda _m, v=value: quote(v, safe=""), path)  # noqa: B023
            query = {p["name"]: value for p in strings if p["in"] == "query" and not (path == "/sparql" and p["name"] == "query")}
            if path == "/sparql":
                query["query"] = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
            if method == "GET":
                r = served.client.get(url, params=query, headers=auth)
            elif method == "POST" and path == "/api/articles":
                record = {"text": f"Acme uses GPT-4. {value}", "title": value, "url": f"https://e.example/{sent}",
                          "author": value, "publisher": value, "date": "2024-01-02"}
                r = served.client.post(url, json=record, headers=auth)
            elif method == "DELETE":
                r = served.client.delete(url, headers=auth)
            else:
                continue
            sent += 1
            assert r.status_code < 500, (method, url, query, r.status_code, r.text[:300])
    assert sent >= 80, sent
    assert len(texts) >= 50, f"only {len(texts)} queries recorded: the audit saw too little"  # the recorder works
    assert _pasted(texts) == [], _pasted(texts)[:3]


def test_the_audit_catches_a_pasted_value() -> None:
    """The check itself: a value pasted into a query is found, the same value bound as a literal is not."""
    from aikg.graph.store import bind

    value = HOSTILE[0]
    assert _pasted([f'SELECT ?s WHERE {{ ?s rdfs:label "{value}" }}'])
    assert not _pasted([bind("SELECT ?s WHERE { ?s rdfs:label $v }", v=value)])
