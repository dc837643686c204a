"""The REST layer's entity index is refreshed per write, not rebuilt: after any mix of ingests, re-ingests
and deletions it must equal an index built from scratch, and a write that does not say what it touched
rebuilds it whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aikg.graph import KnowledgeGraph, queries

DEV = Path(__file__).parent / "dev-set"


def _records() -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(DEV.glob("*.json")) if not p.name.endswith(".gold.json")]


def write(kg: KnowledgeGraph, records: list[dict[str, Any]], op: str, arg: Any) -> None:
    """One step of a write sequence: ``ingest`` a list of records, ``reingest`` one (it must replace its
    earlier copy), or ``delete`` the article of ``records[arg]``."""
    from aikg.graph.articles import article_from_record

    if op == "ingest":
        kg.ingest_records(arg)
    elif op == "reingest":
        assert kg.ingest_records([arg]).replaced == 1
    else:
        assert kg.remove_article(article_from_record(records[arg]).id)


def _plain(index: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {slug: (e.summary.label, e.summary.type, tuple(e.summary.aliases), tuple(e.summary.same_as),
                   e.summary.counts.articles, e.summary.counts.relations, e.summary.counts.quotes)
            for slug, e in index.items()}


def test_incremental_index_equals_a_full_rebuild(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = _records()
    assert len(records) >= 12
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:6])
        queries.search_entities(kg, "a")  # the first index: built whole
        full_builds = 0
        real_build = queries._build_index

        def counting_build(k: KnowledgeGraph) -> dict[str, Any]:
            nonlocal full_builds
            full_builds += 1
            return real_build(k)

        monkeypatch.setattr(queries, "_build_index", counting_build)
        steps: list[tuple[str, Any]] = [
            ("ingest", records[6:8]),
            ("delete", 0),  # an article of the first batch
            ("ingest", records[8:9]),
            ("reingest", records[2]),  # the same article again: replaced
            ("reingest", {**records[3], "text": records[3]["text"].split("\n\n")[0]}),  # same url, less text
            ("delete", 7),
            ("ingest", records[9:12]),
        ]
        for op, arg in steps:
            write(kg, records, op, arg)
            incremental = _plain(queries._index(kg))
            assert full_builds == 0, f"{op}: the index was rebuilt instead of refreshed"
            assert incremental == _plain(real_build(kg)), f"after {op}"
        # a write that does not say what it touched (a SPARQL update) rebuilds it
        kg.update('INSERT DATA { GRAPH <urn:x> { <https://w3id.org/aikg/id/zeta-labs> a aikg:Company ; rdfs:label "Zeta Labs" } }')
        assert "zeta-labs" in queries._index(kg) and full_builds == 1
    finally:
        kg.close()


def test_change_log_unions_touched_entities_and_forgets_unknown_writes() -> None:
    kg = KnowledgeGraph.open("memory")
    kg.changed(["a"])
    v = kg.version
    kg.changed(["b"])
    kg.changed(["c", "b"])
    assert kg.changes_since(v) == {"b", "c"}
    assert kg.changes_since(kg.version) == frozenset()
    kg.changed()
    assert kg.changes_since(v) is None


def test_entity_details_survive_writes_that_do_not_touch_them(tmp_path: Path) -> None:
    """After every write, each entity's detail (kept or recomputed) equals one computed from scratch, and
    details of entities the write did not touch are kept."""
    import orjson

    records = _records()
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:6])
        slugs = sorted(queries._index(kg))
        assert len(slugs) > 20
        st = queries._state(kg)
        kept = 0
        steps: list[tuple[str, Any]] = [("ingest", records[6:7]), ("delete", 1), ("ingest", records[7:9]),
                                        ("reingest", {**records[4], "text": records[4]["text"].split("\n\n")[0]})]
        for op, arg in steps:
            before = {s: queries.entity_detail(kg, s) for s in slugs if s in queries._index(kg)}
            write(kg, records, op, arg)
            now = {s: queries.entity_detail(kg, s) for s in before if s in queries._index(kg)}
            kept += sum(now[s] is before[s] for s in now)
            lasting, st.lasting = st.lasting, {}
            st.cache = {}
            fresh = {s: queries.entity_detail(kg, s) for s in now}
            st.lasting = lasting
            for s in now:
                assert orjson.dumps(now[s]) == orjson.dumps(fresh[s]), f"{s} is stale after {op}"
        assert kept > len(slugs)  # most entities are untouched by any one write
        kg.update('INSERT DATA { GRAPH <urn:x> { <https://w3id.org/aikg/id/zeta-labs> a aikg:Company } }')
        assert all(queries.entity_detail(kg, s) is not d for s, d in now.items())  # an unknown write: all recomputed
    finally:
        kg.close()


def test_a_kept_detail_follows_the_new_label_of_an_entity_it_names() -> None:
    from .test_api_fixtures import load_sample

    kg = KnowledgeGraph.open("memory")
    load_sample(kg)
    detail = queries.entity_detail(kg, "openai")
    assert "GPT-4" in {r.entity.label for g in detail.relations for r in g.relations}
    assert queries.entity_detail(kg, "openai") is detail
    kg.changed(["https://w3id.org/aikg/id/claude"])  # a write elsewhere: kept
    assert queries.entity_detail(kg, "openai") is detail
    gpt4 = "https://w3id.org/aikg/id/gpt-4"
    kg.store.update(f'DELETE WHERE {{ GRAPH ?g {{ <{gpt4}> rdfs:label ?l }} }} ; '
                    f'INSERT DATA {{ GRAPH <https://w3id.org/aikg/article/x> {{ <{gpt4}> rdfs:label "GPT-4 Turbo" }} }}')
    kg.changed([gpt4])  # a write that touched only GPT-4, renaming it
    labels = {r.entity.label for g in queries.entity_detail(kg, "openai").relations for r in g.relations}
    assert "GPT-4 Turbo" in labels and "GPT-4" not in labels


def test_the_article_catalog_is_updated_not_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    records = _records()
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:5])
        queries._catalog(kg)
        real_rows = queries._catalog_rows
        whole = 0

        def counting(k: KnowledgeGraph, graphs: Any) -> Any:
            nonlocal whole
            whole += graphs is None
            return real_rows(k, graphs)

        monkeypatch.setattr(queries, "_catalog_rows", counting)
        for op, arg in [("ingest", records[5:7]), ("delete", 1), ("reingest", {**records[2], "date": "2019-01-02"}),
                        ("delete", 5)]:
            write(kg, records, op, arg)
            assert queries._catalog(kg) == real_rows(kg, None), f"after {op}"
            assert whole == 0, f"{op}: rebuilt instead of updated"
        assert "2019-01-02" in queries._catalog(kg).dates.values()
    finally:
        kg.close()
