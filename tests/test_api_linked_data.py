"""Linked data: /id/{slug} and /article/{id} by content negotiation; the published JSON-LD context."""

from __future__ import annotations

import json

from pyoxigraph import RdfFormat, parse

from . import test_api_fixtures as fx
from .test_api_fixtures import Served

api = fx.api  # the fixture


def _triples(data: bytes, fmt: RdfFormat) -> set[str]:
    return {str(t) for t in parse(data, format=fmt)}


def test_entity_turtle_ntriples_jsonld_agree(api: Served) -> None:
    ttl = api.get("/id/gpt-4", headers={"Accept": "text/turtle"})
    assert ttl.status_code == 200 and ttl.headers["content-type"].startswith("text/turtle")
    nt = api.get("/id/gpt-4", headers={"Accept": "application/n-triples"})
    assert nt.headers["content-type"].startswith("application/n-triples")
    jl = api.get("/id/gpt-4", headers={"Accept": "application/ld+json"})
    assert jl.headers["content-type"].startswith("application/ld+json")
    doc = jl.json()
    assert doc["@context"].endswith("/context.jsonld")
    doc["@context"] = api.get("/context.jsonld").json()["@context"]  # resolve the published context locally
    expected = _triples(nt.content, RdfFormat.N_TRIPLES)
    assert _triples(ttl.content, RdfFormat.TURTLE) == expected
    assert _triples(json.dumps(doc).encode(), RdfFormat.JSON_LD) == expected
    assert "<https://w3id.org/aikg/id/openai> <https://w3id.org/aikg/ontology#builds> <https://w3id.org/aikg/id/gpt-4>" in "\n".join(expected)


def test_article_graph_in_every_format(api: Served) -> None:
    art = api.articles[0]
    nt = api.get(f"/article/{art.id}", headers={"Accept": "application/n-triples"})
    expected = _triples(nt.content, RdfFormat.N_TRIPLES)
    assert any("aikg#evidence" in t or "ontology#evidence" in t for t in expected)
    doc = api.get(f"/article/{art.id}", params={"format": "jsonld"}).json()
    doc["@context"] = api.get("/context.jsonld").json()["@context"]
    assert _triples(json.dumps(doc).encode(), RdfFormat.JSON_LD) == expected
    assert _triples(api.get(f"/article/{art.id}", params={"format": "ttl"}).content, RdfFormat.TURTLE) == expected


def test_negotiation_defaults_quality_and_406(api: Served) -> None:
    assert api.get("/id/gpt-4", headers={"Accept": "*/*"}).headers["content-type"].startswith("text/turtle")
    q = api.get("/id/gpt-4", headers={"Accept": "text/turtle;q=0.5, application/ld+json;q=0.9"})
    assert q.headers["content-type"].startswith("application/ld+json")
    assert api.get("/id/gpt-4", headers={"Accept": "image/png"}).status_code == 406
    assert api.get("/id/gpt-4", params={"format": "pdf"}).status_code == 422


def test_html_for_browsers(api: Served) -> None:
    r = api.get("/id/mark-zuckerberg", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "Mark Zuckerberg" in r.text
    a = api.get(f"/article/{api.articles[0].id}", headers={"Accept": "text/html"})
    assert a.status_code == 200 and "Metamate" in a.text


def test_unknown_resources_are_404(api: Served) -> None:
    r = api.get("/id/gtp-4", headers={"Accept": "text/turtle"})
    assert r.status_code == 404 and r.json()["detail"]["suggestions"][0]["slug"] == "gpt-4"
    assert api.get("/article/0000000000000000").status_code == 404


def test_context_document(api: Served) -> None:
    ctx = api.get("/context.jsonld")
    assert ctx.headers["content-type"].startswith("application/ld+json")
    terms = ctx.json()["@context"]
    assert terms["aikg"] == "https://w3id.org/aikg/ontology#" and terms["builds"]["@type"] == "@id"


def test_unknown_entity_as_html_is_the_explorers_404_with_suggestions(api: Served) -> None:
    page = api.get("/id/gpt-44", headers={"Accept": "text/html"})
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "/id/gpt-4" in page.text
    data = api.get("/id/gpt-44", headers={"Accept": "text/turtle"})
    assert data.status_code == 404 and data.json()["error"] == "not found"
