"""User input never becomes SPARQL syntax: quotes, braces and SPARQL keywords in every parameter give
correct, non-erroring answers (free-text parameters: 200 and no match; typed ones: 404/422 JSON), and
the graph is unchanged afterwards."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from . import test_api_fixtures as fx
from .test_api_fixtures import Served

api = fx.api  # the fixture

NASTY = [
    '" } DROP ALL { "',
    "' } ; DELETE WHERE { ?s ?p ?o } #",
    "> } INSERT DATA { <x> <y> <z> } <",
    "gpt-4\" || true || \"",
    "{ ?s ?p ?o } UNION { SELECT * WHERE { ?s ?p ?o } }",
    "\\u0022) ) FILTER(true",
    "$e $g ?x",
    "SERVICE <http://example.org/sparql> { ?s ?p ?o }",
    "tab\there, percent %25 and hash #frag",
]


@pytest.mark.parametrize("value", NASTY)
def test_every_parameter_is_bound_not_pasted(api: Served, value: str) -> None:
    before = api.get("/api/stats").json()
    ok = [
        ("/api/entities", {"q": value}),
        ("/api/quotes", {"about": value}),
        ("/api/quotes", {"speaker": value}),
        ("/api/articles", {"publisher": value}),
    ]
    for path, params in ok:
        r = api.get(path, params=params)
        assert r.status_code == 200, (path, params, r.text)
        assert r.json()["total"] == 0 or path == "/api/entities", (path, params)
    seg = quote(value, safe="")
    not_found = [
        f"/api/entities/{seg}",
        f"/api/entities/{seg}/relations",
        f"/api/articles/{seg}",
        f"/id/{seg}",
        f"/article/{seg}",
    ]
    for path in not_found:
        r = api.get(path)
        assert r.status_code in (404, 422), (path, r.status_code, r.text)
        assert set(r.json()) == {"error", "detail"}
    for path, params in [
        ("/api/graph", {"focus": value}),
        ("/api/paths", {"from": value, "to": "gpt-4"}),
        ("/api/paths", {"from": "gpt-4", "to": value}),
    ]:
        r = api.get(path, params=params)
        assert r.status_code in (404, 422) and set(r.json()) == {"error", "detail"}, (path, r.text)
    for path, params in [
        ("/api/entities", {"type": value}),
        ("/api/entities/gpt-4/relations", {"predicate": value}),
        ("/api/entities/gpt-4/relations", {"direction": value}),
        ("/api/quotes", {"since": value}),
        ("/api/articles", {"until": value}),
        ("/api/graph", {"predicates": value}),
        ("/api/entities", {"limit": value}),
    ]:
        r = api.get(path, params=params)
        assert r.status_code == 422 and r.json()["error"] == "invalid request", (path, params)
    assert api.get("/api/stats").json() == before


def test_quote_text_with_sparql_syntax_is_found_verbatim(api: Served) -> None:
    q = api.get("/api/quotes", params={"speaker": "mark-zuckerberg"}).json()["items"][0]
    assert q["text"] == 'Llama is the future of {open} models, "truly" SELECT * WHERE'
