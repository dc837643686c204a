"""The server's fast path for entity pages (``EntityShortcut``): the same answer as the route, and everything
it does not answer itself left to the route."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import orjson
import pytest

from aikg.api.routes.entities import EntityShortcut

from . import test_api_fixtures as fx
from .test_api_fixtures import Served

api = fx.api  # the fixture

_SAME = ("etag", "last-modified", "cache-control", "vary", "content-type", "content-length")


@pytest.mark.parametrize("url", ["/api/entities/gpt-4", "/api/entities/openai?relations=1&sources=1",
                                 "/api/entities/meta?sources=50", "/api/entities/mark-zuckerberg?relations=100"])
def test_entity_shortcut_answers_like_the_route(api: Served, url: str) -> None:
    fast = api.get(url)
    routed = api.get(url, headers={"If-None-Match": '"not-this-one"'})  # a conditional request goes to the route
    assert fast.status_code == routed.status_code == 200
    assert fast.content == routed.content
    assert {h: fast.headers.get(h) for h in _SAME} == {h: routed.headers.get(h) for h in _SAME}
    assert fast.headers["x-request-id"]  # the middleware around it still applies
    assert api.get(url, headers={"If-None-Match": fast.headers["etag"]}).status_code == 304


def _call(kg: Any, path: str, query: bytes = b"", method: str = "GET",
          headers: list[tuple[bytes, bytes]] | None = None) -> tuple[bool, list[dict[str, Any]]]:
    """Run the shortcut on one request: (whether it passed the request on, the messages it sent itself)."""
    passed: list[bool] = []
    sent: list[dict[str, Any]] = []

    async def downstream(scope: Any, receive: Any, send: Any) -> None:
        passed.append(True)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": headers or [],
             "app": SimpleNamespace(state=SimpleNamespace(kg=kg))}
    asyncio.run(EntityShortcut(downstream)(scope, receive, send))
    return bool(passed), sent


def test_entity_shortcut_answers_a_page_itself(api: Served) -> None:
    passed, sent = _call(api.kg, "/api/entities/llama", b"relations=2&sources=1")
    assert not passed
    assert sent[0]["status"] == 200
    assert orjson.loads(sent[1]["body"]) == orjson.loads(orjson.dumps(api.kg.entity("llama", max_sources=1, max_relations=2)))


@pytest.mark.parametrize(("path", "query", "method", "headers"), [
    ("/api/entities/llama", b"relations=0", "GET", []),  # out of range: the route says 422
    ("/api/entities/llama", b"relations=101", "GET", []),
    ("/api/entities/llama", b"sources=x", "GET", []),
    ("/api/entities/llama", b"sources=1&sources=2", "GET", []),
    ("/api/entities/llama", b"limit=5", "GET", []),  # a parameter it does not know
    ("/api/entities/llama", b"relations", "GET", []),
    ("/api/entities/lama", b"", "GET", []),  # unknown: the route's 404 has suggestions
    ("/api/entities/llama", b"", "GET", [(b"if-none-match", b'"x"')]),  # conditional: the route's 304
    ("/api/entities/llama", b"", "GET", [(b"if-modified-since", b"Mon, 07 Dec 2026 00:00:00 GMT")]),
    ("/api/entities/llama", b"", "HEAD", []),
    ("/api/entities/llama/relations", b"", "GET", []),
    ("/api/entities/ll%20ama", b"", "GET", []),
    ("/api/entities/", b"", "GET", []),
])
def test_entity_shortcut_leaves_the_rest_to_the_route(api: Served, path: str, query: bytes, method: str,
                                                       headers: list[tuple[bytes, bytes]]) -> None:
    passed, sent = _call(api.kg, path, query, method, headers)
    assert passed and not sent


def test_entity_route_still_validates(api: Served) -> None:
    assert api.get("/api/entities/llama", params={"relations": 0}).status_code == 422
    r = api.get("/api/entities/lama")
    assert r.status_code == 404 and r.json()["detail"]["suggestions"][0]["slug"] == "llama"


def test_responses_without_body_bytes_still_go_out(api: Served) -> None:
    """The server holds a response's head back until its body (``HeadWithBody``): a HEAD answer, a 304 and a
    204 have none, and must still arrive, on a connection that stays usable."""
    head = api.client.head("/static/explorer.css")
    assert head.status_code == 200 and head.content == b"" and int(head.headers["content-length"]) > 0
    etag = api.get("/api/entities/gpt-4").headers["etag"]
    assert api.get("/api/entities/gpt-4", headers={"If-None-Match": etag}).status_code == 304
    assert api.client.options("/api/entities/gpt-4", headers={"Origin": "https://viewer.example",
                                                               "Access-Control-Request-Method": "GET"}).status_code == 200
    assert api.get("/api/entities/gpt-4").json()["slug"] == "gpt-4"
    assert api.get("/static/explorer.css", headers={"Connection": "close"}).status_code == 200
