"""Bulk import of Stanford CRFM's Ecosystem Graphs.

Most tests read tests/fixtures/ecosystem-graphs (25 assets the project wrote in the upstream layout, with
the upstream data's quirks); one end-to-end test imports the real copy in ../shared/data/ecosystem-graphs
(skipped when it is absent, a failure under CI). Expectations are computed here from the YAML files
themselves, independently of the importer.
"""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from aikg.graph import KnowledgeGraph
from aikg.graph.extract.registry import name_key
from aikg.graph.sources.ecosystem import ECOSYSTEM_GRAPH, bench_import, read_assets
from aikg.graph.sources.mapping import (
    ORG,
    Field,
    ImportSummary,
    SourceError,
    SourceMapping,
    SourceRecord,
    classify_organization,
    loose_key,
    split_organizations,
    write_source,
)
from aikg.ontology import ENTITY_GRAPH, NS, entity_iri

from .conftest import ECOSYSTEM, SEED, SHARED_ECOSYSTEM, require_shared

CLASS = {"model": "Model", "application": "Tool", "dataset": "Dataset"}
DEP_PREDICATES = {"uses", "trainedOn", "basedOn", "dependsOn"}
AIKG_NS = str(NS["aikg"])
PLACEHOLDER = {"", "unknown", "none"}


# ---------------------------------------------------------------------------------------------- the data, read here
def _value(v: Any) -> Any:
    return v.get("value") if isinstance(v, dict) else v


def upstream_assets(folder: Path = ECOSYSTEM) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for f in sorted((folder / "assets").glob("*.yaml")):
        out += [a for a in yaml.load(f.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or []]
    return out


def dependencies(asset: dict[str, Any], plain_only: bool = False) -> list[str]:
    deps = asset.get("dependencies") or []
    if isinstance(deps, dict):
        if plain_only:
            return []
        deps = deps.get("value") or []
    return [str(d) for d in deps if str(d).strip().lower() not in PLACEHOLDER]


ASSETS = upstream_assets()


# ---------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def imported() -> Iterator[tuple[KnowledgeGraph, ImportSummary]]:
    with KnowledgeGraph.open("memory") as kg:
        summary = kg.import_ecosystem(ECOSYSTEM)
        yield kg, summary


def names_in_source(kg: KnowledgeGraph) -> dict[str, set[tuple[str, str]]]:
    """name_key of every label and alias in the source graph → {(entity IRI, class local name)}."""
    rows = kg.select(
        "SELECT ?e ?t ?n WHERE { GRAPH $g { ?e a ?t . { ?e rdfs:label ?n } UNION { ?e skos:altLabel ?n } } }",
        g=_iri(ECOSYSTEM_GRAPH),
    )
    out: dict[str, set[tuple[str, str]]] = {}
    for r in rows:
        out.setdefault(name_key(r["n"].value), set()).add((r["e"].value, r["t"].value.rsplit("#", 1)[-1]))
    return out


def relations_in_source(kg: KnowledgeGraph) -> set[tuple[str, str, str]]:
    rows = kg.select(
        "SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(aikg:)) && isIRI(?o)) } }",
        g=_iri(ECOSYSTEM_GRAPH),
    )
    return {(r["s"].value, r["p"].value[len(AIKG_NS) :], r["o"].value) for r in rows}


def _iri(value: str) -> Any:
    from pyoxigraph import NamedNode

    return NamedNode(value)


def record_iri(names: dict[str, set[tuple[str, str]]], name: str, cls: str) -> str:
    found = {iri for iri, t in names.get(name_key(name), set()) if t == cls}
    assert len(found) == 1, (name, cls, found)
    return found.pop()


# ---------------------------------------------------------------------------------------------- counts
def test_counts_follow_from_the_data(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, summary = imported
    by_type = Counter(a["type"] for a in ASSETS)
    assert by_type == {"model": 14, "application": 6, "dataset": 5}  # as the fixture's SOURCE.md says
    assert summary.assets_read == len(ASSETS) == 25
    assert summary.records_by_type == by_type
    assert summary.files == len(list((ECOSYSTEM / "assets").glob("*.yaml")))

    # after merging: one entity per distinct name (up to case, punctuation, spacing) and kind
    names = names_in_source(kg)
    for kind, cls in CLASS.items():
        keys = {name_key(a["name"]) for a in ASSETS if a["type"] == kind}
        iris = {record_iri(names, a["name"], cls) for a in ASSETS if a["type"] == kind}
        assert len(iris) == len(keys), kind
    assert summary.merged_duplicates == len(ASSETS) - len({(name_key(a["name"]), a["type"]) for a in ASSETS})

    # every entity of the union carries a label; relations counted per predicate as stored
    assert not kg.select("SELECT ?e WHERE { ?e a ?t . FILTER NOT EXISTS { ?e rdfs:label ?l } } LIMIT 1")
    stored = Counter(p for _, p, _ in relations_in_source(kg))
    assert stored == summary.relations
    rows = kg.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH $g { ?e rdfs:label ?l } }", g=_iri(ECOSYSTEM_GRAPH))
    assert int(rows[0]["n"].value) == summary.entities + 1  # and the source itself


def dependency_pairs(assets: list[dict[str, Any]]) -> tuple[Counter[tuple[str, str]], set[str]]:
    """(kind of asset, kind of dependency) pairs of the plain dependency lists, and the names matching no asset."""
    kind_of = {name_key(a["name"]): a["type"] for a in assets}
    pairs = Counter(
        (a["type"], kind_of[name_key(d)]) for a in assets for d in dependencies(a, plain_only=True) if name_key(d) in kind_of
    )
    return pairs, {d for a in assets for d in dependencies(a) if name_key(d) not in kind_of}


def test_dependency_pairs_of_the_fixture() -> None:
    pairs, unmatched = dependency_pairs(ASSETS)
    assert pairs == {("model", "model"): 4, ("model", "dataset"): 4, ("dataset", "dataset"): 1,
                     ("application", "model"): 5, ("application", "application"): 1, ("dataset", "model"): 1}
    assert unmatched == {"Common Crawl", "Wikipedia", "Llama v2", "WuDao Corpora", "Bing Search", "Codex"}


def test_every_dependency_is_a_relation_or_an_unresolved_report(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, summary = imported
    names = names_in_source(kg)
    rels = relations_in_source(kg)
    by_pair: dict[tuple[str, str], set[str]] = {}
    for s, p, o in rels:
        by_pair.setdefault((s, o), set()).add(p)
    kind_of = {name_key(a["name"]): a["type"] for a in ASSETS}
    expected_predicate = {("model", "model"): "basedOn", ("model", "dataset"): "trainedOn", ("application", "model"): "uses"}
    checked = self_deps = 0
    for a in ASSETS:
        src = record_iri(names, a["name"], CLASS[a["type"]])
        for d in dependencies(a):
            checked += 1
            if name_key(d) == name_key(a["name"]):
                self_deps += 1
                assert any(repr(d) in w and "depends on itself" in w for w in summary.warnings)
                continue
            if name_key(d) in kind_of:  # names an asset: a relation with the predicate its kinds call for
                dst = record_iri(names, d, CLASS[kind_of[name_key(d)]])
                preds = by_pair.get((src, dst), set())
                want = expected_predicate.get((a["type"], kind_of[name_key(d)]), "dependsOn")
                assert want in preds, (a["name"], d, preds)
                assert d not in summary.unresolved
                continue
            # names no asset: either matched loosely to an asset (its name becomes an alias) or reported
            targets = {iri for iri, _ in names.get(name_key(d), set())}
            assert targets, d
            assert any(DEP_PREDICATES & by_pair.get((src, t), set()) for t in targets), (a["name"], d)
            if d not in summary.unresolved:
                assert any(t in {record_iri(names, x["name"], CLASS[x["type"]]) for x in ASSETS} for t in targets), d
            else:
                assert summary.unresolved[d].iri in targets
    assert checked == sum(len(dependencies(a)) for a in ASSETS) == 23
    assert self_deps == 1  # Claude Instant


def test_organizations_split_and_classified(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, _ = imported
    rows = kg.select(
        "SELECT ?o ?t ?l WHERE { GRAPH $g { ?o aikg:builds|aikg:develops|aikg:creates ?x ; a ?t ; rdfs:label ?l } }",
        g=_iri(ECOSYSTEM_GRAPH),
    )
    orgs = {r["l"].value: r["t"].value.rsplit("#", 1)[-1] for r in rows}
    assert orgs["Meta"] == "Company" and orgs["OpenAI"] == "Company"
    assert orgs["Tsinghua University"] == "Organization"
    assert orgs["Zhipu AI"] == "Company"
    assert not [n for n in orgs if "," in n and not n.endswith(("Inc.", "College Park"))], "lists were split"
    # GLM-130B's creators: the list "Team GLM, Zhipu AI, Tsinghua University"-style strings become several builders
    multi = [a for a in ASSETS if "," in str(_value(a["organization"]))]
    assert multi
    builders = kg.select(
        "SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE { GRAPH $g { ?o aikg:builds ?m . ?m rdfs:label|skos:altLabel ?name } }",
        g=_iri(ECOSYSTEM_GRAPH),
        name=multi[0]["name"],
    )
    assert int(builders[0]["n"].value) >= 2


def test_typed_literals_and_source_description(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, summary = imported
    g = _iri(ECOSYSTEM_GRAPH)
    dts = kg.select("SELECT DISTINCT (DATATYPE(?d) AS ?t) WHERE { GRAPH $g { ?e dcterms:created ?d } }", g=g)
    assert {r["t"].value.rsplit("#", 1)[-1] for r in dts} <= {"date", "gYearMonth", "gYear"}
    assert kg.select("SELECT ?u WHERE { GRAPH $g { ?e schema:url ?u } } LIMIT 1", g=g)
    assert not kg.select("SELECT ?u WHERE { GRAPH $g { ?e schema:url ?u FILTER(DATATYPE(?u) != xsd:anyURI) } } LIMIT 1", g=g)
    access = kg.select("SELECT DISTINCT ?a WHERE { GRAPH $g { ?e aikg:access ?a } }", g=g)
    assert {r["a"].value for r in access} == {"open", "limited", "closed"}
    gpt4 = entity_iri("gpt-4")
    rows = kg.select(
        "SELECT ?d ?acc ?p WHERE { GRAPH $g { $e dcterms:created ?d ; aikg:access ?acc . OPTIONAL { $e aikg:parameters ?p } } }",
        g=g,
        e=_iri(gpt4),
    )
    assert rows and rows[0]["d"].value == "2023-03-14" and rows[0]["acc"].value == "limited"
    dated = {name_key(a["name"]) for a in ASSETS if hasattr(_value(a.get("created_date")), "isoformat")}
    n = kg.select("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH $g { ?e dcterms:created ?d } }", g=g)
    assert int(n[0]["n"].value) >= len(dated) - summary.merged_duplicates
    src = kg.select(
        "SELECT ?t ?v ?when WHERE { GRAPH $g { $g a aikg:Source ; dcterms:title ?t ; schema:version ?v ; prov:generatedAtTime ?when } }",
        g=g,
    )
    assert src[0]["t"].value == "Ecosystem Graphs"
    assert src[0]["v"].value == "576655a544c974e91b7ca02e26cf7ba4c8347516" == summary.version
    assert src[0]["when"].datatype.value.endswith("#dateTime")  # type: ignore[union-attr]


def test_versions_are_not_merged(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, _ = imported
    names = names_in_source(kg)
    assert record_iri(names, "GPT-4", "Model") == entity_iri("gpt-4")
    assert record_iri(names, "GPT-4o", "Model") == entity_iri("gpt-4o")
    assert record_iri(names, "Llama 2", "Model") != record_iri(names, "Llama 3", "Model")
    assert record_iri(names, "Claude 2", "Model") != record_iri(names, "Claude 2.1", "Model")
    assert loose_key("GPT-4")[0] != loose_key("GPT-4o")[0] != loose_key("GPT-4.5")[0]
    assert loose_key("Llama 2.0") == loose_key("Llama v2") == loose_key("llama-2") == ("llama2", None)
    assert loose_key("Qwen 1.5")[0] != loose_key("Qwen 1")[0]


def test_name_helpers() -> None:
    assert split_organizations("Team GLM, Zhipu AI, Tsinghua University") == ["Team GLM", "Zhipu AI", "Tsinghua University"]
    assert split_organizations("Paladin Group and Dais Technology") == ["Paladin Group", "Dais Technology"]
    assert split_organizations("University of Science and Technology of China") == ["University of Science and Technology of China"]
    assert split_organizations({"value": "Nous Research", "explanation": "..."}) == ["Nous Research"]
    assert split_organizations("unknown") == []
    assert classify_organization("Beijing Academy of Artificial Intelligence") == "Organization"
    assert classify_organization("EleutherAI") == "Organization"
    assert classify_organization("ByteDance") == "Company"


# ---------------------------------------------------------------------------------------------- validity, speed
def test_shacl_validation_passes(imported: tuple[KnowledgeGraph, ImportSummary]) -> None:
    kg, _ = imported
    report = kg.validate()
    assert report.conforms, report.text()


def test_the_real_copy_end_to_end(tmp_path: Path) -> None:
    """The whole upstream copy in ../shared: counts as its SOURCE.md and the issue give them, every entity valid,
    imported by the CLI into an on-disk store, and the import's own timing under 10 s."""
    real = require_shared(SHARED_ECOSYSTEM / "assets").parent
    assets = upstream_assets(real)
    assert Counter(a["type"] for a in assets) == {"model": 429, "application": 98, "dataset": 112}
    pairs, unmatched = dependency_pairs(assets)
    assert pairs[("model", "model")] == 153
    assert pairs[("model", "dataset")] == 177
    assert pairs[("application", "model")] == 65
    assert pairs[("application", "application")] == 61
    assert 200 <= len(unmatched) <= 320  # "about 300 names that match no asset"

    aikg = str(Path(sys.executable).parent / "aikg")
    store = tmp_path / "s"
    proc = subprocess.run([aikg, "import-ecosystem", str(real), "--store", str(store), "--json"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    import json

    summary = json.loads(proc.stdout)
    assert summary["assets_read"] == 639 and summary["version"] == "576655a544c974e91b7ca02e26cf7ba4c8347516"
    with KnowledgeGraph.open(str(store)) as kg:
        assert _size(kg) == summary["quads"]
        report = kg.validate()
        assert report.conforms, report.text()
    bench = bench_import(real)
    assert bench["seconds"] < 10 and bench["assets"] == 639 and bench["entities"] == summary["entities"]


# ---------------------------------------------------------------------------------------------- transactions
def _size(kg: KnowledgeGraph) -> int:
    """Quads in the store outside the change log (graph/changes.py), which every import adds to."""
    from aikg.graph.changes import CHANGES_GRAPH

    return len(kg.store) - int(kg.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CHANGES_GRAPH}> {{ ?s ?p ?o }} }}")[0]["n"].value)


def test_reimport_replaces_and_removal_keeps_articles() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.ingest([SEED])
        article_triples = _size(kg)
        before = kg.changes(0, 1).last
        first = kg.import_ecosystem(ECOSYSTEM)
        size = _size(kg)
        assert first.merged_existing >= 3  # Meta, GPT-4, Llama ... were already there from the article
        logged = kg.changes(0, 1).last  # its facts are in the change log, with the source graph
        assert logged - before >= sum(first.relations.values()) > 0
        assert kg.changes(logged - 1, 1).items[0].entry.source == ECOSYSTEM_GRAPH
        second = kg.import_ecosystem(ECOSYSTEM)
        assert _size(kg) == size  # replaced, not added
        assert kg.changes(0, 1).last == logged  # the same import again changed no fact
        assert second.entities == first.entities and second.relations == first.relations
        assert ECOSYSTEM_GRAPH in kg.store.named_graphs()

        kg.update(f"DROP GRAPH <{ECOSYSTEM_GRAPH}>")
        assert ECOSYSTEM_GRAPH not in kg.store.named_graphs()
        assert _size(kg) == article_triples  # exactly the article (and its entity descriptions) remain
        rows = kg.select("SELECT ?a WHERE { ?a a aikg:Article ; aikg:mentions $e }", e=_iri(entity_iri("meta")))
        assert len(rows) == 1


def test_seed_article_lands_on_the_imported_entities() -> None:
    with KnowledgeGraph.open("memory") as kg:
        kg.import_ecosystem(ECOSYSTEM)
        report = kg.ingest([SEED], keep_results=True)
        assert report.new == 1
        art = _iri(f"https://w3id.org/aikg/article/{report.results[0].article.id}")
        mentioned = {r["e"].value for r in kg.select("SELECT ?e WHERE { GRAPH $a { $a aikg:mentions ?e } }", a=art)}
        imported_facts = {
            "Meta": "SELECT ?x WHERE { GRAPH $g { $e aikg:builds ?x } }",
            "Llama": "SELECT ?x WHERE { GRAPH $g { ?x aikg:builds $e } }",
            "GPT-4": "SELECT ?x WHERE { GRAPH $g { ?x aikg:builds $e } }",
        }
        for name, query in imported_facts.items():
            # one entity in the whole union under this name (labels and aliases, any graph)
            rows = kg.select("SELECT DISTINCT ?e WHERE { ?e rdfs:label|skos:altLabel ?n . ?e a ?t }")
            same = {r["e"].value for r in rows}
            named = {
                r["e"].value
                for r in kg.select("SELECT DISTINCT ?e ?n WHERE { ?e rdfs:label|skos:altLabel ?n }")
                if name_key(r["n"].value) == name_key(name) and r["e"].value in same
            }
            assert len(named) == 1, (name, named)
            iri = named.pop()
            assert iri in mentioned, name  # the article links to it ...
            assert kg.select(query, g=_iri(ECOSYSTEM_GRAPH), e=_iri(iri)), name  # ... and the import describes it
            labels = kg.select("SELECT DISTINCT ?l WHERE { $e rdfs:label ?l }", e=_iri(iri))
            assert [r["l"].value for r in labels] == [name]
            # the type the article's extraction gives (entity graph) is the type the import gives
            types = kg.select("SELECT DISTINCT ?t ?g WHERE { GRAPH ?g { $e a ?t } }", e=_iri(iri))
            assert {r["g"].value for r in types} == {ENTITY_GRAPH, ECOSYSTEM_GRAPH}, name
            assert len({r["t"].value for r in types}) == 1, name
        # whatever relations the extractor finds between them use the same IRIs
        arts = kg.select("SELECT ?s ?p ?o WHERE { GRAPH $a { ?s ?p ?o . FILTER(?p IN (aikg:uses, aikg:builds, aikg:develops)) } }", a=art)
        for r in arts:
            assert r["s"].value in mentioned and r["o"].value in mentioned


# ---------------------------------------------------------------------------------------------- messy input
def test_malformed_entries_warn_and_never_abort(tmp_path: Path) -> None:
    copy = tmp_path / "eco"
    (copy / "assets").mkdir(parents=True)
    shutil.copy(ECOSYSTEM / "assets" / "openai.yaml", copy / "assets" / "openai.yaml")
    bad = [
        {"type": "model", "organization": "Nobody", "created_date": "2023-01-01", "dependencies": []},
        {"type": "model", "name": "Odd Model", "organization": "Acme Labs, Inc.", "created_date": "sometime in 2023",
         "url": "not a url", "access": "sort of", "dependencies": ["GPT-4", "Mystery Corpus", "unknown"]},
        "just a string",
        {"type": "gizmo", "name": "Strange Thing"},
    ]
    (copy / "assets" / "zz_bad.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    (copy / "assets" / "zz_broken.yaml").write_text("- name: [unclosed\n  type: model\n", encoding="utf-8")
    with KnowledgeGraph.open("memory") as kg:
        summary = kg.import_ecosystem(copy)
        text = "\n".join(summary.warnings)
        assert "zz_bad.yaml#1: entry has no name" in text
        assert "'sometime in 2023' is not a date" in text
        assert "'not a url' is not an http(s) URL" in text
        assert "'sort of' is not one of" in text
        assert "zz_bad.yaml#3: not a mapping" in text
        assert "unknown type 'gizmo'" in text
        assert "zz_broken.yaml: cannot be read" in text
        assert "Mystery Corpus" in summary.unresolved and summary.unresolved["Mystery Corpus"].type == "Dataset"
        assert summary.placeholders == 1
        odd = kg.select("SELECT ?p ?o WHERE { $e ?p ?o }", e=_iri(entity_iri("odd-model")))
        facts = {(r["p"].value.rsplit("#", 1)[-1], str(r["o"])) for r in odd}
        assert ("basedOn", f"<{entity_iri('gpt-4')}>") in facts
        assert not any(p == "created" for p, _ in facts)
        openai_models = sum(1 for a in yaml.safe_load((copy / "assets" / "openai.yaml").read_text()) if a["type"] == "model")
        assert summary.records_by_type["model"] == openai_models + 2
        assert kg.validate().conforms


def test_unusable_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        read_assets(tmp_path)
    with KnowledgeGraph.open("memory") as kg, pytest.raises(SourceError):
        kg.import_ecosystem(tmp_path / "missing")


def test_cli_import_ecosystem(tmp_path: Path) -> None:
    aikg = str(Path(sys.executable).parent / "aikg")
    proc = subprocess.run([aikg, "import-ecosystem", str(ECOSYSTEM), "--store", str(tmp_path / "s")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert f"assets read: {len(ASSETS)} from" in proc.stdout
    assert "relations:" in proc.stdout and "unresolved dependencies:" in proc.stdout and "warnings:" in proc.stdout
    proc = subprocess.run([aikg, "import-ecosystem", str(tmp_path / "nowhere"), "--store", "memory"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and "not a folder" in proc.stderr


# ---------------------------------------------------------------------------------------------- a second source
def test_a_second_structured_source_is_one_more_table() -> None:
    table = SourceMapping(
        source_id="example-csv",
        title="Example CSV of models and organisations",
        types={"model": "Model", "organization": ORG},
        type_field="kind",
        org_field="maker",
        dep_field="based_on",
        alias_field="aka",
        fields=(Field("released", NS["dcterms"].created, "date"), Field("home", NS["schema"].url, "uri")),
    )
    data = io.StringIO(
        "kind,name,maker,based_on,released,home,aka\n"
        "model,GPT 4,OpenAI,,2023-03-14,https://openai.com/gpt-4,\n"
        "model,Metamate Coder,Meta,gpt-4;Llama,2024-12,,MetaMate Coder\n"
        "organization,Tsinghua University,,,,,THU\n"
    )
    records = [SourceRecord(row, f"models.csv:{i + 2}") for i, row in enumerate(csv.DictReader(data))]
    with KnowledgeGraph.open("memory") as kg:
        summary = write_source(kg.store, records, table, kg.registry)
        assert summary.graph == "https://w3id.org/aikg/source/example-csv"
        assert summary.relations == {"builds": 2, "basedOn": 2}
        assert summary.entities_by_type["Organization"] == 1
        rels = relations_in_source_graph(kg, summary.graph)
        assert (entity_iri("metamate-coder"), "basedOn", entity_iri("gpt-4")) in rels
        assert (entity_iri("metamate-coder"), "basedOn", entity_iri("llama")) in rels
        assert (entity_iri("openai"), "builds", entity_iri("gpt-4")) in rels
        assert kg.validate().conforms


def relations_in_source_graph(kg: KnowledgeGraph, graph: str) -> set[tuple[str, str, str]]:
    rows = kg.select("SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o . FILTER(STRSTARTS(STR(?p), STR(aikg:))) } }", g=_iri(graph))
    return {(r["s"].value, r["p"].value[len(AIKG_NS) :], r["o"].value) for r in rows}


def test_import_on_every_backend(store_spec: str) -> None:
    with KnowledgeGraph.open(store_spec) as kg:
        summary = kg.import_ecosystem(ECOSYSTEM)
        size = _size(kg)
        assert size == summary.quads
        kg.import_ecosystem(ECOSYSTEM)
        assert _size(kg) == size
