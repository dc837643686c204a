"""HTTP conventions: ETag/Last-Modified and 304, CORS, gzip, JSON errors, request ids, offline docs."""

from __future__ import annotations

import logging

import pytest

from . import test_api_fixtures as fx
from .test_api_fixtures import TOKEN, Served

api = fx.api  # the fixture
api_rw = fx.api_rw  # the fixture


def test_etag_and_304_until_the_graph_changes(api_rw: Served) -> None:
    r = api_rw.get("/api/entities/gpt-4")
    etag, last = r.headers["etag"], r.headers["last-modified"]
    assert etag.startswith('W/"')
    assert api_rw.get("/api/entities/gpt-4", headers={"If-None-Match": etag}).status_code == 304
    assert api_rw.get("/api/entities/gpt-4", headers={"If-Modified-Since": last}).status_code == 304
    assert api_rw.get("/api/entities/openai", headers={"If-None-Match": etag}).status_code == 200  # other URL
    ttl = api_rw.get("/id/gpt-4", headers={"Accept": "text/turtle"}).headers["etag"]
    assert api_rw.get("/id/gpt-4", headers={"Accept": "application/ld+json"}).headers["etag"] != ttl
    api_rw.client.delete(f"/api/articles/{api_rw.articles[1].id}", headers={"Authorization": f"Bearer {TOKEN}"})
    fresh = api_rw.get("/api/entities/gpt-4", headers={"If-None-Match": etag})
    assert fresh.status_code == 200 and fresh.headers["etag"] != etag
    assert fresh.json()["counts"]["articles"] == 1


def test_errors_carry_no_etag(api: Served) -> None:
    assert "etag" not in api.get("/api/entities/nope").headers


def test_cors(api: Served) -> None:
    r = api.get("/api/stats", headers={"Origin": "https://viewer.example"})
    assert r.headers["access-control-allow-origin"] == "https://viewer.example"
    assert "access-control-allow-origin" not in api.get("/api/stats", headers={"Origin": "https://evil.example"}).headers
    pre = api.client.options("/api/articles", headers={"Origin": "https://viewer.example", "Access-Control-Request-Method": "POST",
                                                       "Access-Control-Request-Headers": "Authorization"})
    assert pre.status_code == 200 and "POST" in pre.headers["access-control-allow-methods"]


def test_gzip_for_large_responses_only(api: Served) -> None:
    big = api.get(f"/api/articles/{api.articles[0].id}", headers={"Accept-Encoding": "gzip"})
    assert big.headers.get("content-encoding") == "gzip"
    small = api.get("/health", headers={"Accept-Encoding": "gzip"})
    assert small.headers.get("content-encoding") is None


def test_json_errors_and_request_ids(api: Served, caplog: pytest.LogCaptureFixture) -> None:
    r = api.get("/api/nothing-here")
    assert r.status_code == 404 and set(r.json()) == {"error", "detail"}
    r = api.get("/api/entities", params={"limit": "many"})
    assert r.status_code == 422 and r.json()["error"] == "invalid request" and "limit" in r.json()["detail"][0]
    assert len(api.get("/health").headers["x-request-id"]) >= 8
    with caplog.at_level(logging.INFO, logger="aikg.api"):
        r = api.get("/api/stats", headers={"X-Request-ID": "req-abc-123"})
    assert r.headers["x-request-id"] == "req-abc-123"
    assert any("req-abc-123" in rec.getMessage() for rec in caplog.records)


def test_docs_work_offline(api: Served) -> None:
    for page, assets in (("/docs", ("swagger-ui-bundle.js", "swagger-ui.css")), ("/redoc", ("redoc.standalone.js",))):
        html = api.get(page).text
        assert "cdn." not in html and "fonts.googleapis" not in html and "tiangolo" not in html
        for asset in assets:
            src = next(part.split('"')[0] for part in html.split('="')[1:] if part.split('"')[0].endswith(asset))
            assert src.startswith("/") and api.get(src).status_code == 200, src
    assert api.get("/docs-assets/redoc/LICENSE").status_code == 200
    spec = api.get("/openapi.json").json()
    assert "/api/entities/{slug}" in spec["paths"] and "/id/{slug}" in spec["paths"]
