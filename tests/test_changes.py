"""The change log: every write's added and removed facts and quotes, in order, numbered without gaps, kept
in the store (so a cursor stays valid across restarts), recorded in the write's own transaction."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import httpx
import pytest
from pyoxigraph import NamedNode, Quad

from aikg.api.app import create_app
from aikg.graph import KnowledgeGraph, Settings, StoreError
from aikg.graph.changes import ChangeLog, Entry, JournaledStore, stored_entries
from aikg.ontology import ARTICLE_BASE

from .conftest import PLANTED_DISAGREEMENT, ROOT, UvicornServer

TOKEN = "t0ken"
A = {"title": "Launch", "url": "https://news.example/a", "text": "OpenAI released GPT-4o on Monday. Sam Altman, chief executive of OpenAI, "
     "said: \"It is our best model.\" Microsoft invested in OpenAI."}
A_EDITED = {**A, "text": "OpenAI released GPT-4o on Monday. Sam Altman, chief executive of OpenAI, said: \"It is our best model.\" "
            "Anthropic released Claude 3.5 Sonnet."}
B = {"title": "Llama", "url": "https://news.example/b", "text": "Meta released Llama 3. Mark Zuckerberg leads Meta."}


def _all(kg: KnowledgeGraph, since: int = 0, limit: int = 3) -> list[tuple[int, str, Entry]]:
    out = []
    while True:
        page = kg.changes(since, limit)
        assert len(page.items) <= limit
        out += [(c.seq, c.op, c.entry) for c in page.items]
        if not page.more:
            return out
        since = page.next


def replay(kg: KnowledgeGraph) -> set[Entry]:
    """The facts and quotes the log says are there: each addition of something absent, each removal of
    something present (checked), in order."""
    held: set[Entry] = set()
    for _n, op, e in _all(kg, limit=1000):
        assert (e in held) == (op == "removed"), (op, e)
        (held.discard if op == "removed" else held.add)(e)
    return held


def _graphs(kg: KnowledgeGraph) -> list[str]:
    return [g for g in kg.store.named_graphs() if g.startswith(ARTICLE_BASE)]


def test_each_write_logs_what_it_changed(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec, Settings(store=store_spec, ingest_workers=1))
    kg.ingest_records([A, B])
    first = stored_entries(kg.store, _graphs(kg))
    log = _all(kg)
    assert [n for n, _op, _e in log] == list(range(1, len(log) + 1))  # numbered without gaps, in order
    assert {e for _n, op, e in log} == first and all(op == "added" for _n, op, _e in log)
    assert {e.kind for e in first} == {"fact", "quote"}

    kg.ingest_records([A])  # the same article again: nothing changed, nothing logged
    assert kg.changes(0, 1).last == len(log)

    kg.ingest_records([A_EDITED])  # an edit: exactly the difference
    after = stored_entries(kg.store, _graphs(kg))
    new = _all(kg, len(log))
    assert {e for _n, op, e in new if op == "removed"} == first - after
    assert {e for _n, op, e in new if op == "added"} == after - first
    assert any(e.object.endswith("claude-3.5-sonnet") for _n, op, e in new if op == "added")

    b_id = next(e.source for _n, _op, e in log if "llama" in e.object).rsplit("/", 1)[-1]
    assert kg.remove_article(b_id)  # a delete: every fact and quote of it removed
    gone = _all(kg, len(log) + len(new))
    assert {e for _n, op, e in gone} == {e for e in first if e.source.endswith(b_id)} and {op for _n, op, _e in gone} == {"removed"}
    kg.close()


def test_a_failed_write_takes_no_number(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = KnowledgeGraph.open("memory", Settings(store="memory", ingest_workers=1))
    kg.ingest_records([B])
    last = kg.changes(0, 1).last

    def broken(*_a: object, **_k: object) -> None:
        raise StoreError("disk full")

    monkeypatch.setattr(kg.store, "insert_graphs", broken)
    monkeypatch.setattr(kg.store, "insert_nquads", broken)
    monkeypatch.setattr(kg.store, "replace_graphs", broken)
    assert kg.ingest_records([A]).failed == 1
    monkeypatch.undo()
    assert kg.changes(0, 1).last == last and kg.changes(last, 10).items == []
    kg.ingest_records([A])
    assert [c.seq for c in kg.changes(last, 100).items][0] == last + 1


def test_journaled_store_and_switch_off() -> None:
    kg = KnowledgeGraph.open("memory")
    g = "https://w3id.org/aikg/graph/some-source"
    fact = Quad(NamedNode("https://w3id.org/aikg/id/openai"), NamedNode("https://w3id.org/aikg/ontology#builds"),
                NamedNode("https://w3id.org/aikg/id/gpt-4o"), NamedNode(g))
    JournaledStore(kg.store, kg.journal).replace_graphs([g], [fact])
    JournaledStore(kg.store, kg.journal).replace_graphs([g], [fact])  # the same again: nothing new
    assert [(c.op, c.entry.source) for c in kg.changes(0, 10).items] == [("added", g)]
    off = KnowledgeGraph.open("memory", Settings(store="memory", change_log=False))
    off.ingest_records([A])
    assert off.changes(0, 10).last == 0 and off.stats().articles == 1
    assert ChangeLog(off.store).last() == 0


def test_worker_processes_report_their_facts(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from bench.corpus import write_jsonl
    finally:
        sys.path.remove(str(ROOT))
    write_jsonl(tmp_path / "c.jsonl", 200, 3)  # more than PARALLEL_AFTER: the rest goes to worker processes
    # a name two articles type differently (a company, a chatbot): settling its type removes facts after
    # their batch, whatever the generated corpus holds (it varies with ../shared)
    with (tmp_path / "c.jsonl").open("a", encoding="utf-8") as fh:
        for text in PLANTED_DISAGREEMENT:
            fh.write(json.dumps({"title": text[:30], "text": text}) + "\n")
    store = str(tmp_path / "s")
    with KnowledgeGraph.open(store, Settings(store=store, ingest_workers=2)) as kg:
        assert kg.ingest([tmp_path / "c.jsonl"]).new == 202
        held = replay(kg)
        assert held == stored_entries(kg.store, _graphs(kg)) and len(held) > 400
        # settling entity types removed or rewrote some facts after their batch: logged as removed too
        assert any(op == "removed" for _n, op, _e in _all(kg, limit=1000))


def test_api_changes_across_restarts(tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    auth = {"Authorization": f"Bearer {TOKEN}"}

    def serve() -> tuple[KnowledgeGraph, UvicornServer]:
        s = Settings(store=store, write_token=TOKEN, ingest_workers=1)
        kg = KnowledgeGraph.open(store, s)
        return kg, UvicornServer(create_app(s, kg))

    kg, server = serve()
    with server:
        r = httpx.post(server.url + "/api/articles", json=A, headers=auth, timeout=30)
        assert r.status_code == 201
        a_id = r.json()["article"]["id"]
        page = httpx.get(server.url + "/api/changes", params={"limit": 1000}).json()
        cursor = int(page["last"])
        assert cursor == len(page["items"]) > 0 and not page["more"]
        assert page["items"][0]["source"]["id"] == a_id and page["items"][0]["op"] == "added"
        assert {i["kind"] for i in page["items"]} == {"fact", "quote"}
        quote = next(i for i in page["items"] if i["kind"] == "quote")
        assert quote["speaker"]["label"] == "Sam Altman" and "best model" in quote["text"]
    kg.close()

    kg, server = serve()  # a restart: the numbering goes on where it was
    with server:
        assert httpx.post(server.url + "/api/articles", json=B, headers=auth, timeout=30).status_code == 201
        assert httpx.delete(f"{server.url}/api/articles/{a_id}", headers=auth, timeout=30).status_code == 200
        items, since = [], cursor
        while True:
            page = httpx.get(server.url + "/api/changes", params={"since": since, "limit": 2}).json()
            assert len(page["items"]) <= 2
            items += page["items"]
            since = int(page["next"])
            if not page["more"]:
                break
        assert [int(i["cursor"]) for i in items] == list(range(cursor + 1, cursor + 1 + len(items)))
        ops = [(i["op"], i["source"]["id"]) for i in items]
        b_ops = [o for o in ops if o[1] != a_id]
        assert b_ops and all(o == ("added", b_ops[0][1]) for o in b_ops)
        assert ops[: len(b_ops)] == b_ops  # in the order of the writes: B's additions, then A's removals
        assert ops[len(b_ops):] == [("removed", a_id)] * cursor  # every fact and quote of A, removed
        atom = httpx.get(server.url + "/api/changes.atom", params={"since": cursor, "limit": 2})
        assert atom.headers["content-type"].startswith("application/atom+xml")
        assert atom.text.count("<entry>") == 2 and 'rel="next"' in atom.text and f"since={cursor + 2}" in atom.text
        bad = httpx.get(server.url + "/api/changes", params={"since": "x"})
        assert bad.status_code == 422 and bad.json()["error"] == "invalid request"
    kg.close()
