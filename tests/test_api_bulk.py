"""The bulk routes the aikg command uses beside a server (api/routes/bulk.py): token, limits, clear 4xx, one
bad article never stops the others, and read snapshots only for whoever holds the store folder's key."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aikg.api.app import create_app
from aikg.api.routes.bulk import MAX_BATCH
from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.articles import Article, article_as_dict, read_path
from aikg.graph.store import OxigraphStore

from .conftest import ECOSYSTEM, SEED, UvicornServer

TOKEN = "bulk-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[httpx.Client, KnowledgeGraph]]:
    settings = Settings(store=str(tmp_path / "store"), write_token=TOKEN)
    kg = KnowledgeGraph.open(settings.store, settings)
    app = create_app(settings, kg)
    app.state.store_key = "the-key"
    with UvicornServer(app) as srv, httpx.Client(base_url=srv.url, timeout=60) as client:
        yield client, kg
    kg.close()


def seed_dict() -> dict[str, object]:
    art = next(iter(read_path(SEED)))
    assert isinstance(art, Article)
    return article_as_dict(art)


def test_ingest_batches(server: tuple[httpx.Client, KnowledgeGraph]) -> None:
    client, kg = server
    good = seed_dict()
    assert client.post("/api/ingest", json={"articles": [good]}).status_code == 401
    r = client.post("/api/ingest", headers=AUTH, json={"articles": [good, {"text": 7, "source": "odd.json"}, {"title": "no text"}],
                                                       "count_store": True})
    assert r.status_code == 200, r.text
    report = r.json()
    assert (report["read"], report["new"], report["failed"]) == (1, 1, 2)
    assert report["errors"] == ["odd.json: field 'text' must be a string", "article 3: no article text"]
    stats = kg.stats()
    assert report["store_quads"] == len(kg.store) == report["quads_written"] + stats.change_log_quads + stats.type_tally_quads
    # the id follows the readers' rule: the same article again replaces it
    again = client.post("/api/ingest", headers=AUTH, json={"articles": [good]}).json()
    assert (again["new"], again["replaced"], again["store_quads"]) == (0, 1, None)
    assert client.post("/api/ingest", headers=AUTH, content=b"{not json").status_code == 422
    assert client.post("/api/ingest", headers=AUTH, json={"items": []}).status_code == 422
    assert client.post("/api/ingest", headers=AUTH, json={"articles": [good] * (MAX_BATCH + 1)}).status_code == 413


def test_load_and_import(server: tuple[httpx.Client, KnowledgeGraph], tmp_path: Path) -> None:
    client, kg = server
    trig = b"<https://w3id.org/aikg/graph/x> { <https://w3id.org/aikg/id/a> <https://w3id.org/aikg/ontology#uses> <https://w3id.org/aikg/id/b> . }"
    assert client.post("/api/load", params={"format": "trig"}, headers=AUTH, content=trig).json() == {"quads_added": 1}
    bad = client.post("/api/load", params={"format": "trig"}, headers=AUTH, content=b"<oops")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid RDF"
    assert client.post("/api/load", params={"format": "docx"}, headers=AUTH, content=trig).status_code == 422

    files = [("assets", (f.name, f.read_bytes(), "application/yaml")) for f in sorted((ECOSYSTEM / "assets").glob("*.yaml"))]
    meta = json.dumps({"version": "576655a544c974e91b7ca02e26cf7ba4c8347516", "date": "2025-01-24", "location": str(ECOSYSTEM)})
    r = client.post("/api/import/ecosystem", headers=AUTH, files=files, data={"metadata": meta})
    assert r.status_code == 200, r.text
    local = KnowledgeGraph.open("memory").import_ecosystem(ECOSYSTEM).as_dict()
    got = r.json()
    for d in (got, local):
        d.pop("seconds"), d.pop("timings"), d["merged"].pop("existing"), d.pop("created")
    assert got == local
    sneaky = client.post("/api/import/ecosystem", headers=AUTH, files=[("assets", ("../evil.yaml", b"- name: x", "application/yaml"))])
    assert sneaky.status_code == 422 and not (tmp_path / "evil.yaml").exists()
    assert client.post("/api/import/ecosystem", headers=AUTH, files=[("other", ("a.yaml", b"", "text/plain"))]).status_code == 422
    assert client.post("/api/import/ecosystem", headers=AUTH, json={}).status_code == 422


def test_snapshots_need_the_store_key(server: tuple[httpx.Client, KnowledgeGraph]) -> None:
    client, kg = server
    client.post("/api/ingest", headers=AUTH, json={"articles": [seed_dict()]})
    assert client.post("/api/snapshots").status_code == 403
    assert client.post("/api/snapshots", headers={"X-AIKG-Store-Key": "guess"}).status_code == 403
    r = client.post("/api/snapshots", headers={"X-AIKG-Store-Key": "the-key"})
    assert r.status_code == 200
    snapshot = OxigraphStore.open_read_only(r.json()["path"])
    try:
        assert len(snapshot) == len(kg.store)
    finally:
        snapshot.close()


def test_no_snapshots_of_a_memory_store() -> None:
    app = create_app(Settings(store="memory"))
    app.state.store_key = "k"
    with UvicornServer(app) as srv:
        assert httpx.post(srv.url + "/api/snapshots", headers={"X-AIKG-Store-Key": "k"}, timeout=30).status_code == 409
