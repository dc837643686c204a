"""POST and DELETE /api/articles: token, one transaction, what comes back, size and body errors."""

from __future__ import annotations

from typing import Any

from . import test_api_fixtures as fx
from .test_api_fixtures import TOKEN, Served

api_rw = fx.api_rw  # the fixture

AUTH = {"Authorization": f"Bearer {TOKEN}"}
RECORD = {
    "title": "Anthropic launches Claude 3",
    "text": "Anthropic released Claude 3 on Monday. Amazon invested in Anthropic.",
    "url": "https://example.com/claude-3",
    "date": "2024-03-04",
    "publisher": "Wire",
}


def test_post_needs_the_token(api_rw: Served) -> None:
    r = api_rw.client.post("/api/articles", json=RECORD)
    assert r.status_code == 401 and r.json()["error"] == "unauthorized" and r.headers["www-authenticate"] == "Bearer"
    r = api_rw.client.post("/api/articles", json=RECORD, headers={"Authorization": "Bearer wrong"})
    assert r.status_code == 401
    assert api_rw.client.delete(f"/api/articles/{api_rw.articles[0].id}").status_code == 401


def test_post_json_ingests_and_returns_the_extraction(api_rw: Served) -> None:
    before = api_rw.get("/api/stats").json()["articles"]
    r = api_rw.client.post("/api/articles", json=RECORD, headers=AUTH)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["article"]["title"] == RECORD["title"] and body["article"]["date"] == "2024-03-04"
    assert body["replaced"] is False and body["triples"] > 0
    assert "anthropic" in {e["slug"] for e in body["entities"]}
    for f in body["facts"]:
        assert f["evidence"] in RECORD["text"]
    # readable at once (caches invalidated by the write)
    assert api_rw.get("/api/stats").json()["articles"] == before + 1
    art = api_rw.get(f"/api/articles/{body['article']['id']}").json()
    assert art["publisher"] == "Wire"
    again = api_rw.client.post("/api/articles", json=RECORD, headers=AUTH)
    assert again.status_code == 200 and again.json()["replaced"] is True
    assert api_rw.get("/api/stats").json()["articles"] == before + 1  # replaced, not duplicated


def test_post_file_upload(api_rw: Served) -> None:
    text = b"---\ntitle: Mistral news\ndate: 2024-02-26\n---\nMistral AI released Mistral Large. Microsoft invested in Mistral AI.\n"
    r = api_rw.client.post("/api/articles", files={"file": ("mistral.md", text, "text/markdown")}, headers=AUTH)
    assert r.status_code == 201, r.text
    assert r.json()["article"]["title"] == "Mistral news"
    bad = api_rw.client.post("/api/articles", files={"file": ("x.exe", b"MZ\x00\x00", "application/octet-stream")}, headers=AUTH)
    assert bad.status_code == 422 and "unsupported file type" in bad.json()["detail"]


def test_post_errors_are_readable(api_rw: Served) -> None:
    post = api_rw.client.post
    r = post("/api/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"})
    assert r.status_code == 422 and "malformed JSON" in r.json()["detail"]
    r = post("/api/articles", json=["a", "list"], headers=AUTH)
    assert r.status_code == 422 and "JSON object" in r.json()["detail"]
    r = post("/api/articles", json={"title": "no text"}, headers=AUTH)
    assert r.status_code == 422 and "text" in r.json()["detail"]
    r = post("/api/articles", json={**RECORD, "text": "x " * 20_000}, headers=AUTH)  # limit is 20,000 bytes here
    assert r.status_code == 413 and r.json()["error"] == "payload too large"
    r = post("/api/articles", files={"file": ("big.txt", b"word " * 10_000, "text/plain")}, headers=AUTH)
    assert r.status_code == 413
    r = post("/api/articles", content=b"text", headers={**AUTH, "Content-Type": "text/csv"})
    assert r.status_code == 415


def test_delete_removes_the_article_and_its_facts(api_rw: Served) -> None:
    art = api_rw.articles[1]  # OpenAI and Microsoft: OpenAI builds GPT-4 is also in article 0
    r = api_rw.client.delete(f"/api/articles/{art.id}", headers=AUTH)
    assert r.status_code == 200 and r.json() == {"id": art.id, "deleted": True}
    assert api_rw.get(f"/api/articles/{art.id}").status_code == 404
    rels = api_rw.get("/api/entities/openai/relations").json()["items"]
    assert {(x["predicate"], x["direction"]) for x in rels} == {("builds", "out")}  # investsIn, partnersWith gone
    assert rels[0]["source_count"] == 1  # the fact stays, supported by the other article
    assert api_rw.get("/api/quotes", params={"speaker": "sam-altman"}).json()["total"] == 0
    assert api_rw.client.delete(f"/api/articles/{art.id}", headers=AUTH).status_code == 404


def test_writes_disabled_without_a_server_token(tmp_path: object) -> None:
    from pathlib import Path

    from aikg.api.app import create_app
    from aikg.graph import KnowledgeGraph, Settings

    from .conftest import UvicornServer

    s = Settings(store="memory")
    kg = KnowledgeGraph.open("memory", s)
    assert isinstance(tmp_path, Path)
    with UvicornServer(create_app(s, kg)) as server:
        import httpx

        r = httpx.post(server.url + "/api/articles", json=RECORD, headers=AUTH)
        assert r.status_code == 403 and "AIKG_WRITE_TOKEN" in r.json()["detail"]


def test_posted_articles_are_extracted_outside_the_server_process(api_rw: Served, monkeypatch: Any) -> None:
    """The server only stores: extraction runs in the pool's worker processes (spawned, so a failure
    planted in this process does not reach them); a worker that dies fails its article with a 503 and
    the next post gets a fresh worker."""
    import os
    import signal

    from aikg.graph import ingest

    def planted(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("extraction ran in the server process")

    monkeypatch.setattr(ingest, "extract", planted)
    monkeypatch.setattr(ingest, "extract_many", planted)
    r = api_rw.client.post("/api/articles", json=RECORD, headers=AUTH)
    assert r.status_code in (200, 201), r.text
    assert {"anthropic", "claude-3"} <= {e["slug"] for e in r.json()["entities"]}
    pool = api_rw.kg.extract_pool
    assert pool is not None and pool.started
    for pid in list(pool._executor._processes):  # noqa: SLF001 - the test kills the workers
        os.kill(pid, signal.SIGKILL)
    r = api_rw.client.post("/api/articles", json={**RECORD, "url": "https://example.com/other"}, headers=AUTH)
    assert r.status_code == 503 and "worker" in r.json()["detail"]
    r = api_rw.client.post("/api/articles", json={**RECORD, "url": "https://example.com/other"}, headers=AUTH)
    assert r.status_code == 201, r.text
