"""One store test-suite, run against every backend: memory, embedded on disk, a real remote SPARQL server."""

from __future__ import annotations

import io

import pytest
from pyoxigraph import Dataset, Literal, NamedNode, Quad, RdfFormat, parse

from aikg.graph import KnowledgeGraph, StoreError
from aikg.graph.store import RemoteStore
from aikg.ontology import ENTITY_GRAPH, article_iri

A1 = {"title": "Launch", "url": "https://news.test/a1", "date": "2024-05-13",
      "text": "Meta released Llama on Tuesday. Mark Zuckerberg said the model is open. OpenAI's GPT-4 is a rival."}
A2 = {"title": "Other", "url": "https://news.test/a2", "text": "OpenAI said GPT-4 is used by many. Meta was mentioned too."}


def _count(kg: KnowledgeGraph, q: str) -> int:
    rows = kg.select(q)
    return int(rows[0]["n"].value)


def test_ingest_replace_and_same_entity(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec)
    try:
        r = kg.ingest_records([A1, A2])
        assert (r.new, r.replaced, r.failed) == (2, 0, 0)
        total = len(kg.store)
        # the same entity from both articles is one IRI
        assert _count(kg, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e rdfs:label \"Meta\" }") == 1
        assert _count(kg, "SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a aikg:mentions <https://w3id.org/aikg/id/meta> }") == 2
        # again: replaced, nothing duplicated
        r = kg.ingest_records([A1, A2])
        assert (r.new, r.replaced) == (0, 2)
        assert len(kg.store) == total
        # same url, new text: replaced, old text gone
        changed = dict(A1, text="Meta released Llama 3 on Tuesday.")
        kg.ingest_records([changed])
        bodies = [r["b"].value for r in kg.select("SELECT ?b WHERE { GRAPH ?g { ?a schema:articleBody ?b } }")]
        assert "Meta released Llama 3 on Tuesday." in bodies and A1["text"] not in bodies
        assert _count(kg, "SELECT (COUNT(?a) AS ?n) WHERE { ?a a aikg:Article }") == 2
    finally:
        kg.close()


def test_each_article_in_its_own_graph(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec)
    try:
        r = kg.ingest_records([A1])
        aid = r.results[0].article.id
        g = article_iri(aid)
        assert g in kg.store.named_graphs() and ENTITY_GRAPH in kg.store.named_graphs()
        rows = kg.select("SELECT ?t WHERE { GRAPH $g { $g dcterms:title ?t } }", g=NamedNode(g))
        assert [r["t"].value for r in rows] == ["Launch"]
        assert kg.remove_article(aid)
        assert not kg.has_article(aid)
        assert not kg.remove_article(aid)
    finally:
        kg.close()


def test_failure_halfway_leaves_store_exactly_as_before(store_spec: str, monkeypatch: pytest.MonkeyPatch) -> None:
    kg = KnowledgeGraph.open(store_spec)
    try:
        kg.ingest_records([A1])
        before = kg.export_bytes("nquads")
        from aikg.graph.store import text

        real = text.replace_update

        def broken(graphs, quads):  # type: ignore[no-untyped-def]
            # the update drops the graph and inserts half the data, then hits an error
            return real(graphs, quads[: len(quads) // 2]) + " ;\nDROP GRAPH <urn:aikg:missing>"

        monkeypatch.setattr(text, "replace_update", broken)
        report = kg.ingest_records([dict(A1, text="Meta released Llama 4 today.")])
        assert report.failed == 1 and report.new == 0
        monkeypatch.undo()
        after = kg.export_bytes("nquads")
        assert _dataset(after) == _dataset(before)
    finally:
        kg.close()


def _dataset(nquads: bytes) -> Dataset:
    ds = Dataset(parse(nquads, format=RdfFormat.N_QUADS))
    ds.canonicalize(__import__("pyoxigraph").CanonicalizationAlgorithm.UNSTABLE)
    return ds


def test_export_then_load_is_isomorphic(store_spec: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    kg = KnowledgeGraph.open(store_spec)
    try:
        kg.ingest_records([A1, A2])
        for fmt, ext in (("trig", "trig"), ("nquads", "nq")):
            out = tmp_path / f"dump.{ext}"
            out.write_bytes(kg.export_bytes(fmt))
            fresh = KnowledgeGraph.open("memory")
            fresh.load([out])
            assert _dataset(fresh.export_bytes("nquads")) == _dataset(kg.export_bytes("nquads")), fmt
            fresh.close()
    finally:
        kg.close()


def test_malformed_query_and_update(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec)
    try:
        with pytest.raises(StoreError):
            kg.query("SELECT WHERE {")
        with pytest.raises(StoreError):
            kg.update("INSERT DATA { <x:a> }")
    finally:
        kg.close()


def test_remote_store_down_is_a_clear_error() -> None:
    from .conftest import free_port

    store = RemoteStore(f"http://127.0.0.1:{free_port()}/query", retries=1, backoff=0.01)
    with pytest.raises(StoreError, match="unreachable"):
        store.ask("ASK {}")
    store.close()


def test_disk_store_persists(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = str(tmp_path / "s")
    with KnowledgeGraph.open(path) as kg:
        kg.ingest_records([A1])
        n = len(kg.store)
    with KnowledgeGraph.open(path) as kg:
        assert len(kg.store) == n > 0


def test_load_rejects_bad_rdf(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.ttl"
    bad.write_text("<a> <b> .", encoding="utf-8")
    with KnowledgeGraph.open("memory") as kg, pytest.raises(StoreError, match="bad.ttl"):
        kg.load([bad])


def test_add_and_literal_escaping(store_spec: str) -> None:
    kg = KnowledgeGraph.open(store_spec)
    try:
        tricky = 'quote " brace } newline \n backslash \\ ’'
        g = NamedNode("https://w3id.org/aikg/graph/t")
        kg.store.replace_graphs([g.value], [Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal(tricky), g)])
        rows = kg.select("SELECT ?o WHERE { ?s <http://e/p> ?o }")
        assert rows[0]["o"].value == tricky
        buf = io.BytesIO()
        kg.export(buf, "turtle")
        assert b"http://e/p" in buf.getvalue()
    finally:
        kg.close()
