"""The response cache in front of the app (api/cache.py): repeated GETs are replayed, writes drop them,
volatile SPARQL and conditional requests are never replayed, and it can be turned off."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aikg.api.cache import ResponseCache

from . import test_api_fixtures as fx
from .test_api_fixtures import TOKEN, Served

api_rw = fx.api_rw  # the fixture
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_repeated_reads_are_replayed_with_fresh_request_ids(api_rw: Served) -> None:
    first = api_rw.get("/api/entities/openai")
    second = api_rw.get("/api/entities/openai")
    assert first.status_code == second.status_code == 200
    assert "x-cache" not in first.headers and second.headers["x-cache"] == "hit"
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["x-request-id"] != first.headers["x-request-id"]
    r = api_rw.get("/api/entities/openai", headers={"Origin": "https://viewer.example"})
    assert r.headers["x-cache"] == "hit" and r.headers["access-control-allow-origin"] == "https://viewer.example"


def test_a_write_drops_the_cache(api_rw: Served) -> None:
    query = {"q": "mistral"}
    assert api_rw.get("/api/entities", params=query).json()["total"] == 0
    assert api_rw.get("/api/entities", params=query).headers["x-cache"] == "hit"
    record = {"title": "Mistral news", "text": "Mistral AI released Mistral Large. Microsoft invested in Mistral AI.",
              "date": "2024-02-26"}
    r = api_rw.client.post("/api/articles", json=record, headers=AUTH)
    assert r.status_code == 201, r.text
    after = api_rw.get("/api/entities", params=query)
    assert "x-cache" not in after.headers and after.json()["total"] >= 1
    art = r.json()["article"]["id"]
    assert api_rw.get(f"/api/articles/{art}").status_code == 200
    assert api_rw.client.delete(f"/api/articles/{art}", headers=AUTH).status_code == 200
    assert api_rw.get(f"/api/articles/{art}").status_code == 404


def test_errors_and_conditional_requests_are_not_replayed(api_rw: Served) -> None:
    for _ in range(2):
        r = api_rw.get("/api/entities/no-such-thing")
        assert r.status_code == 404 and "x-cache" not in r.headers
    etag = api_rw.get("/api/entities/openai").headers["etag"]
    for _ in range(2):
        r = api_rw.get("/api/entities/openai", headers={"If-None-Match": etag})
        assert r.status_code == 304 and "x-cache" not in r.headers
    assert api_rw.get("/health").headers.get("x-cache") is None
    assert api_rw.get("/health").headers.get("x-cache") is None


def test_pages_with_a_script_nonce_are_not_replayed(api_rw: Served) -> None:
    pages = [api_rw.get("/id/openai", headers={"Accept": "text/html"}) for _ in range(2)]
    assert all(p.status_code == 200 and "x-cache" not in p.headers for p in pages)
    assert pages[0].headers["content-security-policy"] != pages[1].headers["content-security-policy"]
    turtle = [api_rw.get("/id/openai", headers={"Accept": "text/turtle"}) for _ in range(2)]
    assert turtle[1].headers["x-cache"] == "hit" and turtle[1].text == turtle[0].text


def test_gzip_and_identity_are_kept_apart(api_rw: Served) -> None:
    raw = api_rw.client.get("/api/entities/openai", headers={"Accept-Encoding": "identity"})
    zipped = [api_rw.client.get("/api/entities/openai", headers={"Accept-Encoding": "gzip"}) for _ in range(2)]
    again = api_rw.client.get("/api/entities/openai", headers={"Accept-Encoding": "identity"})
    assert zipped[1].headers["x-cache"] == "hit" and zipped[1].headers["content-encoding"] == "gzip"
    assert again.headers["x-cache"] == "hit" and "content-encoding" not in again.headers
    assert zipped[1].content == raw.content == again.content  # httpx decompresses


def test_sparql_replays_only_repeatable_queries(api_rw: Served) -> None:
    fixed = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    hits = [api_rw.get("/sparql", params={"query": fixed}).headers.get("x-cache") for _ in range(2)]
    assert hits == [None, "hit"]
    volatile = "SELECT (NOW() AS ?t) (RAND() AS ?r) WHERE {}"
    answers = [api_rw.get("/sparql", params={"query": volatile}) for _ in range(2)]
    assert all(a.status_code == 200 and "x-cache" not in a.headers for a in answers)
    assert answers[0].headers["cache-control"] == "no-store"
    assert answers[0].json()["results"]["bindings"] != answers[1].json()["results"]["bindings"]


@pytest.fixture()
def uncached(tmp_path: Path) -> Iterator[Served]:
    yield from fx.serve(tmp_path / "store", response_cache_mb=0)


def test_the_cache_can_be_turned_off(uncached: Served) -> None:
    for _ in range(3):
        r = uncached.get("/api/entities/openai")
        assert r.status_code == 200 and "x-cache" not in r.headers


async def _call(cache: ResponseCache, path: str, version: int) -> list[dict[str, Any]]:
    class State:
        kg = type("KG", (), {"version": version, "store": None})()

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b"", "headers": [],
             "app": type("App", (), {"state": State})()}
    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await cache(scope, None, send)
    return sent


def test_least_recently_used_entries_go_first_and_versions_never_mix() -> None:
    import asyncio

    calls: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        await send({"type": "http.response.body", "body": b"x" * 400})

    cache = ResponseCache(app, max_bytes=1000)  # room for two bodies of 400 bytes

    async def run() -> None:
        for path in ["/api/a", "/api/b", "/api/a", "/api/c", "/api/a", "/api/b"]:
            await _call(cache, path, version=1)
        await _call(cache, "/api/a", version=2)

    asyncio.run(run())
    # a, b (miss), a (hit), c (miss: b goes), a (hit), b (miss), then a new version: a again
    assert calls == ["/api/a", "/api/b", "/api/c", "/api/b", "/api/a"]
    assert (cache.hits, cache.misses) == (2, 5)
