"""The networkx projection: nodes, edges with sources, filters, caching until the store changes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from aikg.graph import KnowledgeGraph
from aikg.graph.projection import filter_projection

TTL = """
@prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/aikg/id/> .
GRAPH <https://w3id.org/aikg/graph/entities> {
  id:acme a aikg:Company ; rdfs:label "Acme" ; skos:altLabel "Acme Corp" .
  id:rocket a aikg:Model ; rdfs:label "Rocket" .
  id:widget a aikg:Tool ; rdfs:label "Widget" .
}
GRAPH <https://w3id.org/aikg/article/a1> {
  <https://w3id.org/aikg/article/a1> a aikg:Article ; dcterms:title "One" ; dcterms:date "2024-01-10"^^xsd:date ;
     aikg:mentions id:acme, id:rocket .
  id:acme aikg:builds id:rocket .
  <https://w3id.org/aikg/article/a1#f1> a rdf:Statement ; rdf:subject id:acme ; rdf:predicate aikg:builds ; rdf:object id:rocket ;
     aikg:evidence "Acme built Rocket." ; aikg:confidence 0.9 .
}
GRAPH <https://w3id.org/aikg/article/a2> {
  <https://w3id.org/aikg/article/a2> a aikg:Article ; dcterms:title "Two" ; dcterms:date "2024-03-05"^^xsd:date ;
     aikg:mentions id:acme, id:widget, id:rocket .
  id:acme aikg:builds id:rocket . id:widget aikg:uses id:rocket .
  <https://w3id.org/aikg/article/a2#f1> a rdf:Statement ; rdf:subject id:acme ; rdf:predicate aikg:builds ; rdf:object id:rocket ;
     aikg:evidence "Rocket, made by Acme." ; aikg:confidence 0.7 .
  <https://w3id.org/aikg/article/a2#f2> a rdf:Statement ; rdf:subject id:widget ; rdf:predicate aikg:uses ; rdf:object id:rocket ;
     aikg:evidence "Widget runs on Rocket." ; aikg:confidence 0.6 .
}
"""


def _kg(tmp_path) -> KnowledgeGraph:  # type: ignore[no-untyped-def]
    f = tmp_path / "g.trig"
    f.write_text(TTL, encoding="utf-8")
    kg = KnowledgeGraph.open("memory")
    kg.load([f])
    return kg


def test_nodes_edges_and_sources(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = _kg(tmp_path).projection()
    assert set(g.nodes) == {"acme", "rocket", "widget"}
    assert g.nodes["acme"]["aliases"] == ["Acme Corp"] and g.nodes["rocket"]["mentions"] == 2
    builds = g.edges["acme", "rocket", "builds"]
    assert sorted(s["evidence"] for s in builds["sources"]) == ["Acme built Rocket.", "Rocket, made by Acme."]
    assert builds["confidence"] == 0.9 and (builds["first"], builds["last"]) == ("2024-01-10", "2024-03-05")
    assert g.number_of_edges() == 2


def test_filters(tmp_path) -> None:  # type: ignore[no-untyped-def]
    g = _kg(tmp_path).projection()
    assert list(filter_projection(g, predicates=["uses"]).edges(keys=True)) == [("widget", "rocket", "uses")]
    assert filter_projection(g, min_confidence=0.8).number_of_edges() == 1
    assert filter_projection(g, since="2024-02-01").number_of_edges() == 2
    assert filter_projection(g, until="2024-02-01").number_of_edges() == 1
    assert set(filter_projection(g, types=["Company", "Model"]).nodes) == {"acme", "rocket"}


def test_cached_until_change(tmp_path) -> None:  # type: ignore[no-untyped-def]
    kg = _kg(tmp_path)
    first = kg.projection()
    assert kg.projection() is first
    kg.ingest_records([{"title": "x", "text": "OpenAI released GPT-4o."}])
    assert kg.projection() is not first


def _canonical(g: Any) -> tuple[dict[str, Any], dict[tuple[str, str, str], Any]]:
    nodes = {n: tuple(sorted((k, str(v)) for k, v in d.items())) for n, d in g.nodes(data=True)}
    edges = {(s, o, k): (d["confidence"], d["first"], d["last"],
                         sorted(tuple(sorted((a, str(b)) for a, b in src.items())) for src in d["sources"]))
             for s, o, k, d in g.edges(keys=True, data=True)}
    return nodes, edges


def test_projection_updated_after_writes_equals_a_full_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aikg.graph import projection as proj

    from .test_read_model import _records, write

    records = _records()
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:6])
        kg.projection()
        builds = 0
        real_build = proj.build_projection

        def counting(store: Any) -> Any:
            nonlocal builds
            builds += 1
            return real_build(store)

        monkeypatch.setattr(proj, "build_projection", counting)
        steps: list[tuple[str, Any]] = [("ingest", records[6:8]), ("delete", 0), ("ingest", records[8:9]),
                                        ("reingest", {**records[3], "text": records[3]["text"].split("\n\n")[0]}),
                                        ("delete", 7), ("ingest", records[9:12])]
        for op, arg in steps:
            old = kg.projection()
            old_form = _canonical(old)
            write(kg, records, op, arg)
            updated = kg.projection()
            assert builds == 0, f"{op}: rebuilt instead of updated"
            assert _canonical(updated) == _canonical(real_build(kg.store)), f"after {op}"
            assert _canonical(old) == old_form, f"{op}: the previous projection was modified"
        kg.update('INSERT DATA { GRAPH <urn:x> { <https://w3id.org/aikg/id/zeta-labs> a aikg:Company ; rdfs:label "Zeta" } }')
        assert "zeta-labs" in kg.projection() and builds == 1  # a write that does not say what it touched
    finally:
        kg.close()
