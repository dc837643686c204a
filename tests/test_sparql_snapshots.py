"""SPARQL worker snapshots (graph/sparql/pool.py WorkerPool): a query waiting for a free worker keeps the
snapshot it was given, even when writes make newer ones meanwhile."""

from __future__ import annotations

import asyncio
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from aikg.graph.sparql import QueryJob, WorkerPool, inspect_query
from aikg.graph.store import OxigraphStore

JSON = "application/sparql-results+json"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def _graph(i: int, n: int) -> list[Quad]:
    g = NamedNode(f"https://w3id.org/aikg/article/g{i}")
    return [Quad(NamedNode(f"urn:s{i}-{k}"), NamedNode("urn:p"), Literal(str(k)), g) for k in range(n)]


def test_a_waiting_query_keeps_its_snapshot(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.insert_graphs(_graph(0, 300))

    async def run() -> list[bytes]:
        pool = WorkerPool(store, size=1, max_rows=100)
        await pool.start()
        try:
            async def ask(q: str) -> bytes:
                body, _mt, _cut = await pool.run(QueryJob(q, inspect_query(q).kind, JSON), 60)
                return body

            slow = asyncio.create_task(ask(SLOW))  # takes the only worker, on the first snapshot
            await asyncio.sleep(0.5)
            store.insert_graphs(_graph(1, 10))
            pool.invalidate()
            waiting = asyncio.create_task(ask(COUNT))  # a second snapshot; waits for the worker
            await asyncio.sleep(0.3)
            store.insert_graphs(_graph(2, 10))
            pool.invalidate()
            third = asyncio.create_task(ask(COUNT))  # a third snapshot: the second must not be deleted
            return list(await asyncio.gather(slow, waiting, third))
        finally:
            await pool.close()

    _slow, second, third = asyncio.run(run())
    assert b'"310"' in second and b'"320"' in third
    store.close()
