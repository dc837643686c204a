"""Bad input gets a clear 4xx, never a 500 (issue 13, finding 5): empty and odd analytics parameters, impossible
SPARQL escapes and IRIs, strictly typed article records, a correct ``Allow`` header, error bodies that match
the documented schema, offline API docs with a Content-Security-Policy, and no leftover snapshot folders."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import httpx
import pytest

from . import test_api_fixtures as fx
from .aikg_process import aikg_serve, start
from .test_api_fixtures import TOKEN, Served

api = fx.api
api_rw = fx.api_rw
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _is_error(r: httpx.Response, status: int | tuple[int, ...]) -> None:
    statuses = (status,) if isinstance(status, int) else status
    assert r.status_code in statuses, (r.request.url, r.status_code, r.text[:300])
    body = r.json()
    assert set(body) == {"error", "detail"} and body["error"] and body["detail"], body


@pytest.mark.parametrize("path,params", [
    ("/api/analytics/connections", {"from": "", "to": ""}),
    ("/api/analytics/connections", {"from": "meta", "to": ""}),
    ("/api/analytics/connections", {"from": " ", "to": "meta"}),
    ("/api/analytics/timeline", {"entity": ""}),
    ("/api/analytics/timeline", {"entity": "   "}),
    ("/api/analytics/dependencies/%20", {}),
])
def test_empty_analytics_parameters_are_4xx(api: Served, path: str, params: dict[str, str]) -> None:
    _is_error(api.get(path, params=params), (404, 422))


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { BIND('\\U00110000' AS ?x) }",
    'SELECT ?x WHERE { BIND("\\UFFFFFFFF" AS ?x) }',
    "SELECT * WHERE { ?s ?p <\\U00110000> }",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 99999999999999999999999",
    "\x00\x01",
])
def test_impossible_sparql_is_400(api: Served, query: str) -> None:
    for r in (api.get("/sparql", params={"query": query}), api.client.post("/sparql", data={"query": query})):
        _is_error(r, 400)


@pytest.mark.parametrize("value", ["http://a b", "", "rel/ative", "http://[::1", "\U0010ffff"])
def test_invalid_dataset_iris_are_400(api: Served, value: str) -> None:
    for param in ("default-graph-uri", "named-graph-uri"):
        _is_error(api.get("/sparql", params={"query": "ASK {}", param: value}), 400)


@pytest.mark.parametrize("record", [
    {"text": "Acme uses GPT-4.", "title": {"a": 1}},
    {"text": "Acme uses GPT-4.", "date": "99999-99-99"},
    {"text": "Acme uses GPT-4.", "date": "2024-02-30"},
    {"text": "Acme uses GPT-4.", "url": ["x"]},
    {"text": "Acme uses GPT-4.", "author": 5},
    {"text": 12},
    {"text": ""},
    {"title": "no text"},
])
def test_article_records_are_typed_strictly(api_rw: Served, record: dict[str, object]) -> None:
    before = api_rw.get("/api/stats").json()
    r = api_rw.client.post("/api/articles", json=record, headers=AUTH)
    _is_error(r, 422)
    assert api_rw.get("/api/stats").json() == before


def test_a_valid_record_still_goes_in(api_rw: Served) -> None:
    r = api_rw.client.post("/api/articles", json={"text": "Acme Robotics uses GPT-4 in its Helper app.", "title": "Acme",
                                                  "date": "2024-02-29", "url": "https://news.example/acme"}, headers=AUTH)
    assert r.status_code in (200, 201), r.text
    assert r.json()["article"]["date"] == "2024-02-29"


def test_allow_lists_every_method_of_the_path(api: Served) -> None:
    r = api.client.request("PATCH", "/api/articles")
    assert r.status_code == 405
    assert {m.strip() for m in r.headers["allow"].split(",")} >= {"GET", "POST"}, r.headers
    r = api.client.request("OPTIONS", "/api/articles")
    assert r.status_code in (200, 204, 405) and {"GET", "POST"} <= {m.strip() for m in r.headers["allow"].split(",")}


def test_validation_errors_match_the_documented_schema(api: Served) -> None:
    schema = api.get("/openapi.json").json()
    op = schema["paths"]["/api/entities"]["get"]
    ref = op["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    props = set(schema["components"]["schemas"][ref]["properties"])
    assert props == {"error", "detail"}, props
    r = api.get("/api/entities", params={"limit": "x"})
    assert r.status_code == 422 and set(r.json()) == props


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_api_docs_load_nothing_remote_and_carry_a_csp(api: Served, page: str) -> None:
    r = api.get(page)
    assert r.status_code == 200
    csp = r.headers.get("content-security-policy", "")
    assert "default-src 'self'" in csp and "http" not in csp, csp
    assert "https://" not in r.text and "http://" not in r.text.replace(api.url, ""), r.text[:500]


def test_leftover_snapshot_folders_are_removed_at_start(tmp_path: Path) -> None:
    store = tmp_path / "store"
    env = {"AIKG_STORE": str(store), "AIKG_LOG_LEVEL": "warning"}
    url, proc = start(env)
    try:
        assert httpx.get(url + "/sparql", params={"query": "ASK {}"}).status_code == 200  # takes a snapshot
        assert list(tmp_path.glob(".store.snapshots-*"))
    finally:
        proc.send_signal(signal.SIGKILL)  # kill -9: nothing is cleaned up
        proc.wait()
    leftovers = list(tmp_path.glob(".store.snapshots-*"))
    assert leftovers
    deadline = time.monotonic() + 10  # its workers exit when their stdin closes
    while _workers_of(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    with aikg_serve(env):
        assert not any(p.exists() for p in leftovers), leftovers


def _workers_of(pid: int) -> list[object]:
    import psutil

    return [p for p in psutil.process_iter(["ppid", "cmdline"]) if p.info["ppid"] == pid
            and "sparql/worker.py" in " ".join(p.info["cmdline"] or [])]
