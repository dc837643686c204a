"""Bounded lookups (graph/sparql/checks.py ``bounded_lookup``): one triple pattern with a constant subject or
object is answered in the API process instead of a worker. The shape must be recognised exactly (a path, a
join, DISTINCT, ORDER BY, OFFSET or a repeated variable is not bounded), the answer must be the engine's, the
row and byte caps must still cut it, and a malformed text must still be a 400 with the parser's message."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest
from pyoxigraph import Literal, NamedNode, Quad, QueryResultsFormat, parse_query_results

from aikg.graph import Settings
from aikg.graph.sparql import SparqlError, SparqlService, bounded_lookup, inspect_query
from aikg.graph.sparql.checks import _tokens
from aikg.graph.sparql.worker import RESULT_FORMATS
from aikg.graph.store import OxigraphStore
from aikg.ontology import PREFIXES

E = "https://w3id.org/aikg/id/"
BOUNDED = [
    f"SELECT ?p ?o WHERE {{ <{E}a> ?p ?o }}",
    f"SELECT * {{ <{E}a> ?p ?o . }}",
    "SELECT ?s WHERE { ?s rdfs:label 'Entity 3' }",
    'SELECT ?s ?p WHERE { ?s ?p "Entity 3"@en }',
    'SELECT ?s WHERE { ?s ?p "3"^^xsd:integer } LIMIT 10',
    f"PREFIX e: <{E}>\nBASE <http://x/>\n# a comment {{ ?x ?y ?x }}\nSELECT ?o WHERE {{ e:a a ?o }} LIMIT 5",
    f"select ?p ?o where {{ <{E}a> ?p ?o }} limit 3",
    f"SELECT ?x ?p ?o WHERE {{ <{E}a> ?p ?o }}",  # a projected variable the pattern does not bind
    f"SELECT ?s ?o WHERE {{ ?s <{E}p> <{E}b> }}",
]
NOT_BOUNDED = [
    "SELECT * WHERE { ?s ?p ?o }",  # no constant subject or object
    "SELECT * WHERE { ?s rdf:type ?o }",
    f"SELECT * WHERE {{ <{E}a> ?p ?p }}",  # a repeated variable filters while it scans
    f"SELECT DISTINCT ?o WHERE {{ <{E}a> ?p ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} ORDER BY ?o",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} OFFSET 100000",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o FILTER(?o != 1) }}",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o . ?o ?q ?r }}",
    f"SELECT ?o WHERE {{ <{E}a> aikg:uses+ ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> aikg:uses/aikg:builds ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> aikg:uses* ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> <{E}p>|<{E}q> ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> ^<{E}p> ?o }}",
    f"SELECT ?o WHERE {{ GRAPH ?g {{ <{E}a> ?p ?o }} }}",
    f"SELECT ?o FROM <{E}g> WHERE {{ <{E}a> ?p ?o }}",
    f"SELECT (COUNT(*) AS ?n) WHERE {{ <{E}a> ?p ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} GROUP BY ?o",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} VALUES ?o {{ 1 }}",
    "SELECT ?o WHERE { _:b ?p ?o }",
    f"SELECT ?o WHERE {{ [] ?p <{E}a> }}",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} LIMIT 5 OFFSET 5",
    f"ASK {{ <{E}a> ?p ?o }}",
    f"CONSTRUCT WHERE {{ <{E}a> ?p ?o }}",
    f"SELECT ?o WHERE {{ <{E}a> ?p ?o }} ; SELECT * {{ ?s ?p ?o }}",
]


@pytest.mark.parametrize("query", BOUNDED)
def test_bounded_shapes(query: str) -> None:
    assert bounded_lookup(_tokens(query)), query
    assert inspect_query(query).bounded


@pytest.mark.parametrize("query", NOT_BOUNDED)
def test_not_bounded_shapes(query: str) -> None:
    assert not bounded_lookup(_tokens(query)), query


def _quads(n: int) -> list[Quad]:
    out = [Quad(NamedNode(E + "a"), NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
                NamedNode("https://w3id.org/aikg/ontology#Company"), NamedNode(E + "entities"))]
    for i in range(n):
        g = NamedNode(f"https://w3id.org/aikg/article/g{i % 7}")
        out.append(Quad(NamedNode(E + "a"), NamedNode(E + f"p{i % 3}"), Literal(f"value {i}\twith\n\"quotes\""), g))
        out.append(Quad(NamedNode(E + f"s{i}"), NamedNode(E + "p"), NamedNode(E + "b"), g))
        out.append(Quad(NamedNode(E + f"s{i}"), NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                        Literal(f"Entity {i}"), g))
    return out


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OxigraphStore]:
    s = OxigraphStore(tmp_path_factory.mktemp("bounded") / "store")
    s.insert_graphs(_quads(60))
    yield s
    s.close()


def _answer(store: OxigraphStore, query: str, accept: str, **limits: int) -> tuple[bytes, str, bool]:
    settings = Settings(store=store.location, **limits)

    async def run() -> tuple[bytes, str, bool]:
        service = SparqlService(store, settings)
        try:
            res = await service.query(query, accept=accept)
            return res.body, res.truncated, service.started
        finally:
            await service.close()

    return asyncio.run(run())


@pytest.mark.parametrize("media_type", list(RESULT_FORMATS))
@pytest.mark.parametrize("query", [q for q in BOUNDED if "Entity 3\"@en" not in q and "integer" not in q])
def test_bounded_answers_are_the_engines_and_skip_the_workers(store: OxigraphStore, query: str, media_type: str) -> None:
    body, cut, workers_started = _answer(store, query, media_type)
    assert not workers_started  # answered in this process: the worker pool was never started
    assert not cut
    fmt = RESULT_FORMATS[media_type]
    engine = store.raw.query(query, use_default_graph_as_union=True, prefixes=PREFIXES, base_iri="http://127.0.0.1:8000/sparql")
    want = engine.serialize(format=fmt)
    assert isinstance(want, bytes)
    if media_type == "text/csv":  # no parser for CSV results: the bytes themselves
        assert body == want and body.count(b"\n") > 1
        return

    def rows(data: bytes) -> list[list[str]]:
        res = parse_query_results(data, format=fmt)
        return sorted([str(sol[v]) for v in res.variables] for sol in res)  # type: ignore[union-attr]

    assert rows(body) == rows(want) and rows(body)


def test_a_query_that_is_not_bounded_goes_to_the_workers(store: OxigraphStore) -> None:
    _body, _cut, workers_started = _answer(store, NOT_BOUNDED[0], "application/sparql-results+json")
    assert workers_started


def test_caps_cut_a_bounded_lookup(store: OxigraphStore) -> None:
    query = f"SELECT ?p ?o WHERE {{ <{E}a> ?p ?o }}"  # 61 rows
    body, cut, _ = _answer(store, query, "application/sparql-results+json", max_rows=7)
    assert cut == "rows" and len(json.loads(body)["results"]["bindings"]) == 7
    body, cut, _ = _answer(store, query, "application/sparql-results+json", max_result_bytes=900)
    assert cut == "bytes" and len(body) <= 900 and json.loads(body)["results"]["bindings"]
    rows = list(parse_query_results(_answer(store, query + " LIMIT 5", "text/tab-separated-values")[0],
                                    format=QueryResultsFormat.TSV))  # type: ignore[arg-type]
    assert len(rows) == 5


def test_a_malformed_bounded_lookup_is_a_400_with_the_parsers_message(store: OxigraphStore) -> None:
    query = "SELECT ?o WHERE { nope:a ?p ?o }"  # the shape of a lookup, with an undeclared prefix
    assert bounded_lookup(_tokens(query))
    with pytest.raises(SparqlError) as err:
        _answer(store, query, "application/sparql-results+json")
    assert err.value.status == 400 and err.value.error == "malformed query" and "error at 1:" in err.value.detail



def _answer_threads(store: OxigraphStore, query: str, **limits: int) -> tuple[bytes, str, int]:
    """The answer, its cut, and how many threads the in-process executor started for it."""
    settings = Settings(store=store.location, **limits)

    async def run() -> tuple[bytes, str, int]:
        service = SparqlService(store, settings)
        try:
            res = await service.query(query, accept="application/sparql-results+json")
            assert service.local is not None
            return res.body, res.truncated, len(service.local._pool._threads)
        finally:
            await service.close()

    return asyncio.run(run())


def test_a_small_lookup_is_answered_on_the_loop_and_a_large_one_in_full_on_a_thread(
        store: OxigraphStore, monkeypatch: pytest.MonkeyPatch) -> None:
    import aikg.graph.sparql.executors as executors

    query = f"SELECT ?p ?o WHERE {{ <{E}a> ?p ?o }}"  # 61 rows
    body, cut, threads = _answer_threads(store, query)
    assert (len(json.loads(body)["results"]["bindings"]), cut, threads) == (61, "", 0)
    monkeypatch.setattr(executors, "INLINE_ROWS", 10)
    body, cut, threads = _answer_threads(store, query)
    assert (len(json.loads(body)["results"]["bindings"]), cut, threads) == (61, "", 1)  # all of it, not 10
    body, cut, threads = _answer_threads(store, query, max_rows=30)
    assert (len(json.loads(body)["results"]["bindings"]), cut, threads) == (30, "rows", 1)
    body, cut, threads = _answer_threads(store, query, max_rows=8)
    assert (len(json.loads(body)["results"]["bindings"]), cut, threads) == (8, "rows", 0)
