"""The read model (graph/read/) is refreshed per write, not rebuilt: after any mix of ingests, re-ingests
and deletions the entity index and the in-memory lists behind the pages (relations by predicate with
counts, mentions, quotes, articles) must equal ones built from scratch, and a write that does not say
what it touched rebuilds them whole. A hub's page reads from the store only what it shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from aikg.graph import KnowledgeGraph, queries
from aikg.graph.read import cache, index as read_index, model as read_model

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
    return {slug: (e.summary.label, e.summary.type, tuple(e.summary.aliases), tuple(e.summary.same_as))
            for slug, e in index.items()}


def _model(m: read_model.ReadModel) -> dict[str, Any]:
    """Everything a read model holds, as plain values (orders included)."""
    return {
        "parts": {g: (p.meta, sorted(p.facts), sorted(p.mentions), sorted(p.says.items()), p.evidence,
                      sorted((q, sorted(a)) for q, a in p.about.items())) for g, p in m.parts.items()},
        "articles": list(m.articles),
        "relations": {e: {k: (list(grp.order), dict(grp.graphs)) for k, grp in groups.items()}
                      for e, groups in m.relations.items()},
        "mentions": dict(m.mentions), "quotes": list(m.quotes), "by": dict(m.by), "about": dict(m.about),
        "speaker": dict(m.speaker),
    }


def _versioned(kg: KnowledgeGraph, name: str) -> cache.Versioned[Any]:
    return cache.state(kg).slots[name]  # type: ignore[no-any-return]


def test_incremental_index_and_model_equal_a_full_rebuild(tmp_path: Path) -> None:
    records = _records()
    assert len(records) >= 12
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:6])
        queries.search_entities(kg, "a")  # the first index and model: built whole
        idx, model = _versioned(kg, "index"), _versioned(kg, "read-model")
        assert (idx.builds, model.builds) == (1, 1)
        steps: list[tuple[str, Any]] = [
            ("ingest", records[6:8]),
            ("delete", 0),  # an article of the first batch
            ("ingest", records[8:9]),
            ("reingest", records[2]),  # the same article again: replaced
            ("reingest", {**records[3], "text": records[3]["text"].split("\n\n")[0]}),  # same url, less text
            ("reingest", {**records[4], "date": "2019-01-02"}),  # re-dated: moves in every list
            ("delete", 7),
            ("ingest", records[9:12]),
        ]
        for op, arg in steps:
            write(kg, records, op, arg)
            assert _plain(read_index.index(kg)) == _plain(read_index.build_index(kg)), f"index after {op}"
            assert _model(read_model.read_model(kg)) == _model(read_model.build(kg)), f"model after {op}"
            assert (idx.builds, model.builds) == (1, 1), f"{op}: rebuilt instead of refreshed"
        assert "2019-01-02" in {d for d, _g in read_model.read_model(kg).articles}
        # a write that does not say what it touched (a SPARQL update) rebuilds both
        kg.update('INSERT DATA { GRAPH <urn:x> { <https://w3id.org/aikg/id/zeta-labs> a aikg:Company ; rdfs:label "Zeta Labs" } }')
        assert "zeta-labs" in read_index.index(kg) and idx.builds == 2
        read_model.read_model(kg)
        assert model.builds == 2
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
        slugs = sorted(read_index.index(kg))
        assert len(slugs) > 20
        st = cache.state(kg)
        kept = 0
        steps: list[tuple[str, Any]] = [("ingest", records[6:7]), ("delete", 1), ("ingest", records[7:9]),
                                        ("reingest", {**records[4], "text": records[4]["text"].split("\n\n")[0]})]
        for op, arg in steps:
            before = {s: queries.entity_detail(kg, s) for s in slugs if s in read_index.index(kg)}
            write(kg, records, op, arg)
            now = {s: queries.entity_detail(kg, s) for s in before if s in read_index.index(kg)}
            kept += sum(now[s] is before[s] for s in now)
            lasting, st.slots["lasting"] = st.slots["lasting"], {}
            st.cache = {}
            fresh = {s: queries.entity_detail(kg, s) for s in now}
            st.slots["lasting"] = lasting
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


def _hub_graph(n: int) -> KnowledgeGraph:
    """``hub-co`` builds one model in each of ``n`` articles and partners with a company in each;
    ``leaf-co`` builds one model in one article."""
    from datetime import date, timedelta

    from aikg.graph.articles import Article
    from aikg.graph.extract.model import Entity, Extraction, Fact, Mention
    from aikg.graph.rdf import article_quads

    kg = KnowledgeGraph.open("memory")
    ents = {"hub-co": Entity("hub-co", "Hub Co", "Company", set()), "leaf-co": Entity("leaf-co", "Leaf Co", "Company", set())}
    quads: list[Any] = []
    for i in range(n + 1):
        s, o, o2 = ("leaf-co", "leaf-model", None) if i == n else ("hub-co", f"model-{i}", f"company-{i}")
        ents[o] = Entity(o, o.title(), "Model", set())
        text = f"{ents[s].label} builds {ents[o].label}."
        ex = Extraction(f"a{i:06d}")
        ex.entities = {s: ents[s], o: ents[o]}
        ex.facts = [Fact(s, "builds", o, 0, len(text), 0.9, "test")]
        ex.mentions = [Mention(0, len(ents[s].label), ents[s].label, s)]
        if o2:
            ents[o2] = Entity(o2, o2.title(), "Company", set())
            text += f" {ents[s].label} partners with {ents[o2].label}."
            ex.entities[o2] = ents[o2]
            ex.facts.append(Fact(s, "partnersWith", o2, 0, len(text), 0.8, "test"))
        art = Article(ex.article_id, text, f"Story {i}", f"https://example.com/{i}", date(2024, 1, 1) + timedelta(days=i), None, None)
        quads += article_quads(art, ex)
    kg.store.insert_graphs(quads)
    kg.changed()
    return kg


def _rows_read(kg: KnowledgeGraph, slug: str) -> int:
    """Rows the store returned while computing a fresh entity detail (index and model already built)."""
    queries.search_entities(kg)
    read_model.read_model(kg)
    n = 0
    real_select, real_query = kg.select, kg.query

    def select(sparql: str, **params: Any) -> list[dict[str, Any]]:
        nonlocal n
        out = real_select(sparql, **params)
        n += len(out)
        return out

    def query(sparql: str) -> Any:
        raise AssertionError(f"a whole-result query on the page's path: {sparql[:80]}")

    kg.select, kg.query = select, query  # type: ignore[method-assign]
    try:
        detail = queries.entity_detail(kg, slug, max_sources=2, max_items=3, max_relations=5)
    finally:
        kg.select, kg.query = real_select, real_query  # type: ignore[method-assign]
    assert detail.slug == slug
    return n


def test_a_hubs_page_reads_only_what_it_shows() -> None:
    small, big = _hub_graph(20), _hub_graph(300)
    try:
        hub_small, hub_big = _rows_read(small, "hub-co"), _rows_read(big, "hub-co")
        assert hub_big == hub_small  # 15x the relations and articles, the same reads
        assert hub_big <= 5 * _rows_read(big, "leaf-co") + 40
        detail = queries.entity_detail(big, "hub-co", max_sources=2, max_items=3, max_relations=5)
        builds = next(g for g in detail.relations if g.predicate == "builds")
        assert builds.count == 300 and len(builds.relations) == 5 and detail.counts.articles == 300
        assert [a.title for a in detail.articles] == ["Story 299", "Story 298", "Story 297"]
        # the group's cursor pages through the rest, every relation once
        seen = [r.entity.slug for r in builds.relations]
        cursor = builds.next
        while cursor:
            page = queries.entity_relations(big, "hub-co", "builds", "out", limit=50, cursor=cursor)
            seen += [r.entity.slug for r in page.items]
            cursor = page.cursor
        assert sorted(seen) == sorted(f"model-{i}" for i in range(300))
        # offsets still work, across groups
        everything = queries.entity_relations(big, "hub-co", limit=500)
        assert everything.total == 600 and len(everything.items) == 500 and everything.cursor
        assert [r.entity.slug for r in queries.entity_relations(big, "hub-co", limit=10, offset=295).items][5:] == [
            r.entity.slug for r in queries.entity_relations(big, "hub-co", "partnersWith", "out", limit=5).items]
    finally:
        small.close()
        big.close()


def test_a_bad_cursor_is_a_value_error() -> None:
    kg = _hub_graph(3)
    with pytest.raises(ValueError, match="not a cursor"):
        queries.entity_relations(kg, "hub-co", cursor="!!nope")


def test_a_page_is_built_without_waiting_only_when_everything_it_reads_is_ready(tmp_path: Path) -> None:
    """``cached_if_ready`` (the server builds entity pages on its event loop with it) answers at once when the
    index and read model are current, equal to ``cached``; when a value it reads must be refreshed first, or
    while another thread computes the same answer, it gives None instead of waiting."""
    import threading

    import orjson

    records = _records()
    kg = KnowledgeGraph.open(str(tmp_path / "store"))
    try:
        kg.ingest_records(records[:4])
        kg.warm()
        slug = sorted(read_index.index(kg))[0]
        key = ("page", slug)
        page = kg.cached_if_ready(key, lambda: orjson.dumps(kg.entity(slug)))
        assert page is not None and page == orjson.dumps(queries.entity_detail(kg, slug))
        kg.update('INSERT DATA { GRAPH <urn:x> { <https://w3id.org/aikg/id/zeta-labs> a aikg:Company } }')
        # the writer rebuilt the read model and the index right after its write: still no waiting, and current
        assert kg.cached_if_ready(key, lambda: orjson.dumps(kg.entity(slug))) == page
        lazy = cache.Versioned(kg, lambda: len(kg.store))  # refreshed by its next reader only
        assert kg.cached_if_ready(("lazy",), lazy.get) is None  # never built: it would have to build it
        n = lazy.get()
        assert kg.cached_if_ready(("lazy",), lazy.get) == n
        kg.changed()
        assert kg.cached_if_ready(("lazy", 2), lazy.get) is None  # stale after a write: it would rebuild it
        started, release = threading.Event(), threading.Event()

        def slow() -> bytes:
            started.set()
            release.wait(10)
            return b"slow"

        other = threading.Thread(target=kg.cached, args=(("other",), slow))
        other.start()
        started.wait(10)
        try:
            assert kg.cached_if_ready(("other",), lambda: b"fast") is None  # the other thread computes it
        finally:
            release.set()
            other.join()
        assert kg.cached_if_ready(("other",), lambda: b"fast") == b"slow"
    finally:
        kg.close()
