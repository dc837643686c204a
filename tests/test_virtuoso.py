"""Virtuoso's dialect, handled in the store layer (graph/virtuoso.py): the cases the store suite does not reach."""

from __future__ import annotations

import io

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, RdfFormat, parse

from aikg.graph.store import StoreError, open_store
from aikg.graph.virtuoso import MAX_LITERAL, VirtuosoStore, rewrite_constant_graphs
from aikg.graph.virtuoso_dialect import close_json

P = NamedNode("http://e/p")


def test_rewrite_constant_graphs() -> None:
    q = 'SELECT * { GRAPH <http://g/1> { ?s ?p "}" } OPTIONAL { GRAPH aikg:x { ?a ?b ?c } } } # GRAPH <y> {'
    out = rewrite_constant_graphs(q)
    assert "GRAPH ?__aikg_g0 { ?s ?p \"}\" } FILTER(?__aikg_g0 = <http://g/1>)" in out
    assert "FILTER(?__aikg_g1 = aikg:x)" in out and out.endswith("# GRAPH <y> {")
    assert rewrite_constant_graphs("SELECT ?graph { GRAPH ?graph { ?s ?p ?o } }") == "SELECT ?graph { GRAPH ?graph { ?s ?p ?o } }"
    assert rewrite_constant_graphs("SELECT * { GRAPH <x> { ") == "SELECT * { GRAPH <x> { "  # unbalanced: unchanged


def test_cut_json_is_closed() -> None:
    body = b'{ "head": { "vars": ["s"] },\n  "results": { "bindings": [\n    { "s": { "type": "uri", "value": "http://a" }},\n    { "s": { "type": "uri", "value": "http://b" }},\n'
    assert b"http://b" in close_json(body)


@pytest.fixture()
def vstore(virtuoso_store_spec: str) -> VirtuosoStore:
    store = open_store(virtuoso_store_spec)
    assert isinstance(store, VirtuosoStore)
    return store


def test_system_graphs_are_invisible(vstore: VirtuosoStore) -> None:
    assert len(vstore) == 0 and vstore.named_graphs() == []
    assert vstore.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")[0]["n"].value == "0"
    assert not vstore.ask("ASK { ?s a <http://www.w3.org/2002/07/owl#Class> }")
    vstore.close()


def test_big_replace_blank_nodes_long_literals_and_default_graph(vstore: VirtuosoStore) -> None:
    g = "https://w3id.org/aikg/article/big"
    long_text = "Zoë said “hi”. " * 10_000  # 150k characters: sent as CONCAT pieces
    quads = [Quad(NamedNode(f"http://e/s{i}"), P, Literal(f"v{i}"), NamedNode(g)) for i in range(4000)]
    quads.append(Quad(NamedNode("http://e/long"), P, Literal(long_text), NamedNode(g)))
    quads.append(Quad(NamedNode("http://e/long"), P, Literal(long_text[:30_000], language="en"), NamedNode(g)))
    b = BlankNode()
    quads += [Quad(b, P, Literal("blank"), NamedNode(g)), Quad(NamedNode("http://e/x"), P, b, NamedNode(g))]
    vstore.replace_graphs([g], quads)
    assert len(vstore) == len(quads)
    rows = vstore.select("SELECT ?o WHERE { <http://e/long> ?p ?o }")
    assert sorted(len(r["o"].value) for r in rows) == [30_000, len(long_text)]
    assert {r["o"].language for r in rows} == {None, "en"}
    rows = vstore.select("SELECT ?v WHERE { <http://e/x> ?p ?b . ?b ?p ?v }")
    assert [r["v"].value for r in rows] == ["blank"]
    vstore.replace_graphs([g], quads[:10])  # replace: the old 4,000 are gone
    assert len(vstore) == 10
    vstore.add([Quad(NamedNode("http://e/d"), P, Literal("default"), DefaultGraph())])
    buf = io.BytesIO()
    vstore.dump(buf, RdfFormat.N_QUADS)
    dumped = list(parse(buf.getvalue(), format=RdfFormat.N_QUADS))
    assert any(isinstance(q.graph_name, DefaultGraph) for q in dumped) and len(dumped) == 11
    with pytest.raises(StoreError, match="longer than Virtuoso"):
        vstore.replace_graphs([g], [Quad(NamedNode("http://e/huge"), P, Literal("x" * (MAX_LITERAL + 1)), NamedNode(g))])
    assert len(vstore) == 11  # the refused write changed nothing
    vstore.close()


def test_paged_reads_past_result_set_max_rows(vstore: VirtuosoStore) -> None:
    vstore.page_size = 1000  # smaller pages than the server cap, to exercise paging quickly
    graphs = [f"https://w3id.org/aikg/article/p{i}" for i in range(1200)]
    vstore.replace_graphs(graphs, [Quad(NamedNode(g), P, Literal("x"), NamedNode(g)) for g in graphs])
    assert len(vstore.named_graphs()) == 1200
    buf = io.BytesIO()
    vstore.dump(buf, RdfFormat.N_QUADS)
    assert len(list(parse(buf.getvalue(), format=RdfFormat.N_QUADS))) == 1200
    vstore.close()
