"""Analyses on small graphs whose answers are known by construction, on the seed article, via CLI and API."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import networkx as nx
import pytest

from aikg.graph import KnowledgeGraph, analytics as A

from .conftest import EXAMPLES, SEED, UvicornServer


def build(facts: list[tuple[str, str, str]], types: dict[str, str], dates: dict[tuple[str, str, str], list[str]] | None = None) -> nx.MultiDiGraph:
    """A projection-shaped graph: nodes with label/type, edges keyed by predicate with sources."""
    g = nx.MultiDiGraph()
    for n, t in types.items():
        g.add_node(n, label=n.upper(), type=t, mentions=0, aliases=[], iri=f"https://w3id.org/aikg/id/{n}")
    for s, p, o in facts:
        ds = (dates or {}).get((s, p, o), [None])  # type: ignore[list-item]
        sources = [{"article": f"a-{s}-{o}-{i}", "title": "T", "date": d, "evidence": f"{s} {p} {o}.", "confidence": 0.9}
                   for i, d in enumerate(ds)]
        g.add_edge(s, o, key=p, predicate=p, sources=sources, confidence=0.9, first=None, last=None)
    return g


ECO = build(
    [
        ("meta", "builds", "llama"), ("openai", "builds", "gpt-4"), ("meta", "develops", "metamate"),
        ("metamate", "uses", "gpt-4"), ("meta", "uses", "llama"), ("acme", "develops", "widget"),
        ("widget", "uses", "llama"), ("gpt-4", "basedOn", "gpt-3"), ("gpt-3", "trainedOn", "webtext"),
        ("mistral", "builds", "mixtral"), ("mistral", "uses", "mixtral"), ("openai", "competesWith", "meta"),
    ],
    {"meta": "Company", "openai": "Company", "acme": "Company", "mistral": "Company", "llama": "Model",
     "gpt-4": "Model", "gpt-3": "Model", "mixtral": "Model", "metamate": "Tool", "widget": "Tool", "webtext": "Dataset"},
)


# ------------------------------------------------------------------ connections
def test_connections_shortest_paths_with_direction_and_sources() -> None:
    paths = A.connections(ECO, "llama", "gpt-4")
    assert len(paths) == 2 and all(len(p) == 3 for p in paths)  # via meta -> metamate, or via meta <- openai
    by_route = {tuple(s["to"] for s in p): p for p in paths}
    p = by_route[("meta", "metamate", "gpt-4")]
    assert [(s["from"], s["predicate"], s["to"], s["direction"]) for s in p] == [
        ("llama", "builds", "meta", "backward"), ("meta", "develops", "metamate", "forward"), ("metamate", "uses", "gpt-4", "forward")]
    assert p[2]["sources"][0]["evidence"] == "metamate uses gpt-4."
    assert A.connections(ECO, "llama", "gpt-4", max_hops=2) == []
    assert A.connections(ECO, "llama", "gpt-4", limit=1) == paths[:1]
    assert A.connections(ECO, "webtext", "mixtral") == []  # another component
    assert A.connections(ECO, "meta", "meta") == [[]]
    with pytest.raises(KeyError):
        A.connections(ECO, "llama", "nobody")


# ------------------------------------------------------------------ importance
def test_importance_hub_first_and_type_filter() -> None:
    types = {f"t{i}": "Tool" for i in range(5)} | {"hub": "Model", "m2": "Model", "c": "Company"}
    g = build([(f"t{i}", "uses", "hub") for i in range(5)] + [("t0", "uses", "m2"), ("c", "develops", "t0")], types)
    top = A.importance(g, limit=3)
    assert top[0]["slug"] == "hub" and top[0]["degree"] == 5 and top[0]["in_degree"] == 5 and top[0]["rank"] == 1
    assert top[0]["links"] == {"entity": "/id/hub", "graph": "/graph?focus=hub"}
    assert top[0]["facts"] and top[0]["facts"][0]["sources"][0]["evidence"]
    assert [r["slug"] for r in A.importance(g, type="Model")] == ["hub", "m2"]
    assert [r["slug"] for r in A.importance(g, type="Company")] == ["c"]
    assert abs(sum(A.pagerank(g).values()) - 1.0) < 1e-6
    assert A.importance(nx.MultiDiGraph()) == []


# ------------------------------------------------------------------ dependencies
def test_dependencies_transitive_and_through_tools() -> None:
    d = A.dependencies(ECO, "metamate")
    assert [(i["slug"], i["depth"]) for i in d["items"]] == [("gpt-4", 1), ("gpt-3", 2), ("webtext", 3)]
    assert [s["predicate"] for s in d["items"][-1]["path"]] == ["uses", "basedOn", "trainedOn"]
    meta = {i["slug"]: i["depth"] for i in A.dependencies(ECO, "meta")["items"]}
    assert meta == {"llama": 1, "gpt-4": 1, "gpt-3": 2, "webtext": 3}  # its own use and its tool's
    assert "metamate" not in meta
    assert {i["slug"] for i in A.dependencies(ECO, "meta", max_depth=1)["items"]} == {"llama", "gpt-4"}


def test_downstream_what_breaks_if_a_model_goes_away() -> None:
    down = {i["slug"]: i["depth"] for i in A.dependencies(ECO, "gpt-3", "downstream")["items"]}
    assert down == {"gpt-4": 1, "metamate": 2, "meta": 2}  # meta develops the affected tool
    llama = {i["slug"] for i in A.dependencies(ECO, "llama", "downstream")["items"]}
    assert llama == {"meta", "widget", "acme"}
    assert A.dependencies(ECO, "webtext", "upstream")["items"] == []
    with pytest.raises(ValueError):
        A.dependencies(ECO, "llama", "sideways")
    with pytest.raises(KeyError):
        A.dependencies(ECO, "nobody")


# ------------------------------------------------------------------ hedging
def test_hedging_builds_own_and_relies_on_someone_elses() -> None:
    h = A.hedging(ECO)
    assert [x["slug"] for x in h["hedgers"]] == ["meta"]  # mistral only uses its own; acme builds nothing
    meta = h["hedgers"][0]
    assert [o["model"]["slug"] for o in meta["own"]] == ["llama"]
    assert meta["own"][0]["facts"][0]["sources"][0]["evidence"] == "meta builds llama."
    [ext] = meta["external"]
    assert ext["model"]["slug"] == "gpt-4" and ext["via"]["slug"] == "metamate"
    assert [p["slug"] for p in ext["providers"]] == ["openai"]
    assert [(f["subject"], f["predicate"], f["object"]) for f in ext["facts"]] == [
        ("meta", "develops", "metamate"), ("metamate", "uses", "gpt-4"), ("openai", "builds", "gpt-4")]
    pairs = [(p["organisation"]["slug"], [q["slug"] for q in p["providers"]]) for p in h["rival_pairs"]]
    assert pairs == [("meta", ["meta", "openai"])]
    assert h["rival_pairs"][0]["competes"][0]["predicate"] == "competesWith"


def test_hedging_ignores_co_built_models_and_counts_direct_use() -> None:
    g = build(
        [("a", "builds", "m"), ("b", "builds", "m"), ("a", "uses", "m"),  # co-built: not someone else's
         ("c", "builds", "x"), ("c", "uses", "y"), ("d", "builds", "y"), ("c", "uses", "z")],  # z: no known builder
        {"a": "Company", "b": "Company", "c": "Organization", "d": "Company", "m": "Model", "x": "Model", "y": "Model", "z": "Model"},
    )
    h = A.hedging(g)
    assert [x["slug"] for x in h["hedgers"]] == ["c"]
    assert [(e["model"]["slug"], e["via"]) for e in h["hedgers"][0]["external"]] == [("y", None)]
    assert [[q["slug"] for q in p["providers"]] for p in h["rival_pairs"]] == [["c", "d"]]


# ------------------------------------------------------------------ communities
def test_communities_two_cliques_named_by_centre() -> None:
    types = {n: "Company" for n in ("a1", "a2", "a3", "a4", "b1", "b2", "b3", "p")}
    facts = [(x, "partnersWith", y) for grp in (("a1", "a2", "a3", "a4"), ("b1", "b2", "b3")) for i, x in enumerate(grp) for y in grp[i + 1 :]]
    facts += [("a1", "partnersWith", "b1"), ("p", "worksFor", "a1")]
    g = build(facts, types | {"p": "Person"})
    cs = A.communities(g)
    assert [sorted(m["slug"] for m in c["members"]) for c in cs] == [["a1", "a2", "a3", "a4"], ["b1", "b2", "b3"]]
    assert cs[0]["name"].startswith("A1") and cs[1]["name"].startswith("B1")  # the bridge ends are most central
    assert cs[0]["id"] == 1 and cs[0]["size"] == 4 and len(cs[0]["facts"]) == 6
    assert A.communities(g) == cs  # seeded: deterministic
    assert len(A.communities(g, types=None)[0]["members"]) == 5  # the person joins when all types count
    assert A.communities(nx.MultiDiGraph()) == []


# ------------------------------------------------------------------ change over time
TTL = """
@prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix dcterms: <http://purl.org/dc/terms/> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix id: <https://w3id.org/aikg/id/> . @prefix art: <https://w3id.org/aikg/article/> .
GRAPH <https://w3id.org/aikg/graph/entities> {
  id:acme a aikg:Company ; rdfs:label "Acme" . id:rocket a aikg:Model ; rdfs:label "Rocket" . id:zed a aikg:Tool ; rdfs:label "Zed" .
}
GRAPH art:a1 { art:a1 a aikg:Article ; dcterms:date "2024-01-10"^^xsd:date ; aikg:mentions id:acme, id:rocket . id:acme aikg:builds id:rocket . }
GRAPH art:a2 { art:a2 a aikg:Article ; dcterms:date "2024-01-25"^^xsd:date ; aikg:mentions id:acme . }
GRAPH art:a3 { art:a3 a aikg:Article ; dcterms:date "2024-03-02"^^xsd:date ; aikg:mentions id:acme, id:rocket, id:zed .
  id:acme aikg:builds id:rocket . id:zed aikg:uses id:rocket . }
"""


def test_timeline_facts_and_mentions_by_month(tmp_path: Path) -> None:
    f = tmp_path / "t.trig"
    f.write_text(TTL, encoding="utf-8")
    kg = KnowledgeGraph.open("memory")
    kg.load([f])
    assert A.timeline(kg, entity="acme")["months"] == [
        {"month": "2024-01", "facts": 1, "mentions": 2}, {"month": "2024-03", "facts": 1, "mentions": 1}]
    assert A.timeline(kg, predicate="uses")["months"] == [{"month": "2024-03", "facts": 1, "mentions": 1}]
    assert A.timeline(kg, entity="rocket", predicate="builds")["months"][0] == {"month": "2024-01", "facts": 1, "mentions": 1}
    assert A.analyze(kg, "timeline", "Acme")["entity"]["slug"] == "acme"  # labels resolve
    with pytest.raises(KeyError):
        A.analyze(kg, "timeline", 'x" } DROP ALL { "')  # user input never reaches the query text
    with pytest.raises(ValueError):
        A.timeline(kg, predicate="likes")
    with pytest.raises(ValueError):
        A.timeline(kg)


# ------------------------------------------------------------------ the seed article
@pytest.fixture(scope="module")
def seed_kg() -> KnowledgeGraph:
    kg = KnowledgeGraph.open("memory")
    report = kg.ingest([SEED, EXAMPLES])
    assert report.failed == 0
    return kg


def test_seed_hedging_meta_llama_versus_openai_gpt4(seed_kg: KnowledgeGraph) -> None:
    h = A.hedging(seed_kg.projection())
    meta = next(x for x in h["hedgers"] if x["slug"] == "meta")
    assert "llama" in [o["model"]["slug"] for o in meta["own"]]
    assert all(o["facts"][0]["sources"][0]["evidence"] for o in meta["own"])
    gpt4 = [e for e in meta["external"] if e["model"]["slug"] == "gpt-4"]
    assert gpt4 and all("openai" in [p["slug"] for p in e["providers"]] for e in gpt4)
    evidence = [src["evidence"] for e in gpt4 for f in e["facts"] for src in f["sources"]]
    assert evidence and all(evidence) and any("GPT-4" in ev for ev in evidence)
    assert any(p["organisation"]["slug"] == "meta" and {q["slug"] for q in p["providers"]} == {"meta", "openai"}
               for p in h["rival_pairs"])


def test_seed_other_analyses(seed_kg: KnowledgeGraph) -> None:
    assert {i["slug"] for i in A.analyze(seed_kg, "dependencies", "GPT-4", direction="downstream")["items"]} >= {"meta", "metamate"}
    paths = A.analyze(seed_kg, "connections", "Llama", "OpenAI")["paths"]
    assert paths and len(paths[0]) == 3
    assert any({"meta", "llama"} <= {m["slug"] for m in c["members"]} for c in A.analyze(seed_kg, "communities"))
    assert A.analyze(seed_kg, "timeline", "Meta")["months"]
    for name in A.ANALYSES:  # every analysis renders as tables
        args = ("Llama", "OpenAI") if name == "connections" else ("Meta",) if name in ("dependencies", "timeline") else ()
        tables = A.tables(name, A.analyze(seed_kg, name, *args))
        assert tables
        for title, header, _rows in tables:  # each column says what it holds: no two alike
            assert len(set(header)) == len(header), (title, header)


# ------------------------------------------------------------------ command line and HTTP
def test_cli_analyze(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from aikg.api.cli import app

    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(SEED), "--store", store]).exit_code == 0
    r = runner.invoke(app, ["analyze", "hedging", "--json", "--store", store])
    assert r.exit_code == 0, r.output
    assert json.loads(r.output)["hedgers"][0]["slug"] == "meta"
    r = runner.invoke(app, ["analyze", "dependencies", "GPT-4", "--downstream", "--store", store])
    assert r.exit_code == 0 and "Metamate" in r.output
    assert runner.invoke(app, ["analyze", "importance", "--type", "Model", "--store", store]).exit_code == 0
    assert runner.invoke(app, ["analyze", "connections", "Llama", "OpenAI", "--store", store]).exit_code == 0
    assert runner.invoke(app, ["analyze", "dependencies", "Nobody Inc", "--store", store]).exit_code == 1
    assert runner.invoke(app, ["analyze", "nonsense", "--store", store]).exit_code == 2


def test_api_analytics(seed_kg: KnowledgeGraph) -> None:
    from aikg.api.app import create_app

    with UvicornServer(create_app(kg=seed_kg)) as server, httpx.Client(base_url=server.url) as c:
        def get(url: str, status: int = 200) -> Any:
            r = c.get(url)
            assert r.status_code == status, (url, r.text)
            return r.json()

        h = get("/api/analytics/hedging")
        meta = next(x for x in h["hedgers"] if x["slug"] == "meta")
        assert meta["links"] == {"entity": "/id/meta", "graph": "/graph?focus=meta"}
        assert any(e["model"]["slug"] == "gpt-4" and e["facts"][0]["sources"][0]["evidence"] for e in meta["external"])
        assert get("/api/analytics/importance?type=Model&limit=3")[0]["type"] == "Model"
        down = get("/api/analytics/dependencies/gpt-4?direction=downstream")
        assert {i["slug"] for i in down["items"]} >= {"meta", "metamate"}
        conn = get("/api/analytics/connections?from=llama&to=openai")
        assert conn["paths"] and set(conn["paths"][0][0]) >= {"from", "to", "predicate", "direction", "sources"}
        assert get("/api/analytics/communities")[0]["members"]
        assert get("/api/analytics/timeline?entity=meta")["months"]
        assert get("/api/analytics/timeline?predicate=uses")["predicate"] == "uses"
        assert get("/api/analytics/timeline", 422)["error"]
        assert get("/api/analytics/dependencies/nobody", 404)["error"] == "not found"
        assert get("/api/analytics/timeline?predicate=likes", 422)["error"]
