"""Maintenance while no request runs (api/gate.py), and the server reopening its store after writes."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from aikg.api import app as app_module
from aikg.api.gate import GateMiddleware, RequestGate
from aikg.graph.store import OxigraphStore, StoreError

from . import test_api_fixtures as fx
from .test_api_fixtures import TOKEN, Served

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_maintenance_waits_for_requests_and_holds_new_ones() -> None:
    events: list[str] = []

    async def run() -> None:
        release = asyncio.Event()

        async def inner(scope: object, receive: object, send: object) -> None:
            events.append("request starts")
            await release.wait()
            events.append("request ends")

        gate = RequestGate()
        mw = GateMiddleware(inner, gate)
        first = asyncio.create_task(mw({"type": "http"}, None, None))
        await asyncio.sleep(0.01)
        maintenance = asyncio.create_task(gate.exclusive(lambda: events.append("maintenance"), drain_timeout=5))
        await asyncio.sleep(0.01)
        second = asyncio.create_task(mw({"type": "http"}, None, None))  # arrives while the gate is closed
        await asyncio.sleep(0.05)
        assert events == ["request starts"]
        release.set()
        assert await maintenance is True
        await asyncio.gather(first, second)

    asyncio.run(run())
    assert events == ["request starts", "request ends", "maintenance", "request starts", "request ends"]


def test_maintenance_gives_up_when_requests_do_not_drain() -> None:
    async def run() -> tuple[bool, int]:
        gate = RequestGate()
        await gate.enter()  # a request that never ends
        ok = await gate.exclusive(lambda: pytest.fail("must not run"), drain_timeout=0.05)
        await gate.enter()  # the gate is open again
        return ok, gate.in_flight

    assert asyncio.run(run()) == (False, 2)


def test_reopen_keeps_every_quad(tmp_path: Path) -> None:
    from pyoxigraph import Literal, NamedNode, Quad

    store = OxigraphStore(tmp_path / "s")
    g = NamedNode("https://w3id.org/aikg/article/x")
    store.insert_graphs([Quad(NamedNode(f"urn:e{i}"), NamedNode("urn:p"), Literal(str(i)), g) for i in range(100)])
    store.reopen()
    assert len(store) == 100
    store.update("DROP GRAPH <https://w3id.org/aikg/article/x>")
    store.reopen()
    assert len(store) == 0
    store.close()


@pytest.fixture()
def reopening(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    monkeypatch.setattr(app_module, "MAINTENANCE_EVERY", 0.1)
    yield from fx.serve(tmp_path / "store", store_reopen_writes=2)


def test_the_server_reopens_its_store_after_writes(reopening: Served) -> None:
    app = reopening.server.server.config.app
    before = reopening.get("/api/stats").json()["articles"]
    ids = []
    for i in range(3):
        record = {"title": f"Story {i}", "text": f"OpenAI released GPT-{i + 5}. Microsoft invested in OpenAI.",
                  "date": "2024-05-01", "url": f"https://example.com/story-{i}"}
        r = reopening.client.post("/api/articles", json=record, headers=AUTH)
        assert r.status_code == 201, r.text
        ids.append(r.json()["article"]["id"])
    deadline = time.monotonic() + 20
    while app.state.store_reopens == 0:
        assert time.monotonic() < deadline, "the store was not reopened"
        assert reopening.get("/health").status_code == 200
        time.sleep(0.05)
    assert reopening.get("/api/stats").json()["articles"] == before + 3
    assert all(reopening.get(f"/api/articles/{i}").status_code == 200 for i in ids)
    assert reopening.client.delete(f"/api/articles/{ids[0]}", headers=AUTH).status_code == 200
    assert reopening.get("/api/stats").json()["articles"] == before + 2


def test_a_failed_reopen_leaves_the_store_serving(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The new handle cannot be opened: reads keep working (read-only), writes fail with a StoreError
    that says why, and the next reopen makes the store writable again, nothing lost."""
    from aikg.graph.store import oxigraph as store_mod

    store = OxigraphStore(str(tmp_path / "s"))
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "1" } }')

    def broken(path: str) -> Any:
        raise OSError("disk on fire")

    monkeypatch.setattr(store_mod, "_open_rw", broken)
    with pytest.raises(StoreError, match="disk on fire"):
        store.reopen(wait=0.2)
    assert store.read_only and len(store) == 1
    assert store.ask("ASK { <urn:a> <urn:p> \"1\" }")
    with pytest.raises(StoreError):
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> "2" } }')
    monkeypatch.undo()
    store.reopen()
    assert not store.read_only
    store.update('INSERT DATA { GRAPH <urn:g> { <urn:b> <urn:p> "2" } }')
    assert len(store) == 2
    store.close()


_KILLED_HALFWAY = """
import os, signal, sys
from aikg.graph.store import OxigraphStore, StoreError, oxigraph as store_mod
s = OxigraphStore(sys.argv[1])
s.update('INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:p> "1" } }')
s.insert_nquads(b'<urn:b> <urn:p> "2" <urn:h> .\\n')
def die(path):  # the old handle is closed, the new one not opened: the worst moment
    os.kill(os.getpid(), signal.SIGKILL)
store_mod._open_rw = die
s.reopen()
"""


def test_a_reopen_killed_halfway_loses_nothing(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "s"
    proc = subprocess.run([sys.executable, "-c", _KILLED_HALFWAY, str(path)], capture_output=True, timeout=120)
    assert proc.returncode == -9, proc.stderr.decode()
    store = OxigraphStore(str(path))
    assert len(store) == 2 and store.ask('ASK { GRAPH <urn:h> { <urn:b> <urn:p> "2" } }')
    store.close()
