"""/sparql over a real uvicorn server: SPARQLWrapper in every format, rdflib's SPARQLStore, raw HTTP errors,
the update route, the example queries, and the proof that no query makes the server fetch a URL."""

from __future__ import annotations

import csv
import io
import json
import warnings
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, JSONLD, N3, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from aikg.api.app import create_app
from aikg.api.routes.sparql import example_queries
from aikg.graph import KnowledgeGraph, Settings

from .conftest import EXAMPLES, UvicornServer
from .test_sparql_injection import Listener

pytestmark = pytest.mark.timeout(60)

TOKEN = "s3cret-token"
LABELS = "SELECT ?e ?name WHERE { ?e a aikg:Company ; rdfs:label ?name } ORDER BY ?name"
QUERIES = Path(__file__).resolve().parent.parent / "examples" / "queries"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    folder = tmp_path_factory.mktemp("sparql") / "store"
    settings = Settings(store=str(folder), write_token=TOKEN)
    kg = KnowledgeGraph.open(str(folder), settings)
    report = kg.ingest([EXAMPLES])
    assert report.ok and report.new >= 5
    with UvicornServer(create_app(settings, kg)) as srv:
        yield srv
    kg.close()


@pytest.fixture(scope="module")
def readonly_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    settings = Settings(store="memory")
    with UvicornServer(create_app(settings)) as srv:
        yield srv


@pytest.fixture()
def http(server: UvicornServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=20) as client:
        yield client


def wrapper(server: UvicornServer, query: str, fmt: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(server.url + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


# ------------------------------------------------------------------------------------ SPARQLWrapper
def test_sparqlwrapper_select_json(server: UvicornServer) -> None:
    data = wrapper(server, LABELS, JSON).queryAndConvert()
    assert isinstance(data, dict)
    names = [b["name"]["value"] for b in data["results"]["bindings"]]
    assert "Meta" in names and "OpenAI" in names


def test_sparqlwrapper_select_xml(server: UvicornServer) -> None:
    doc = wrapper(server, LABELS, XML).queryAndConvert()
    names = [n.firstChild.nodeValue for n in doc.getElementsByTagName("literal")]  # type: ignore[union-attr]
    assert "Meta" in names


@pytest.mark.parametrize("fmt,delimiter", [(CSV, ","), (TSV, "\t")])
def test_sparqlwrapper_select_csv_tsv(server: UvicornServer, fmt: str, delimiter: str) -> None:
    raw = wrapper(server, LABELS, fmt).queryAndConvert()
    text = raw.decode("utf-8") if isinstance(raw, bytes) else str(raw)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    assert rows[0] == (["e", "name"] if fmt == CSV else ["?e", "?name"])
    assert any("Meta" in cell for row in rows[1:] for cell in row)


@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(server: UvicornServer, fmt: str) -> None:
    sw = wrapper(server, "ASK { ?m a aikg:Model ; rdfs:label \"Llama\" }", fmt)
    out = sw.query().convert()
    if fmt == JSON:
        assert isinstance(out, dict) and out["boolean"] is True
    else:
        assert out.getElementsByTagName("boolean")[0].firstChild.nodeValue == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, JSONLD])
def test_sparqlwrapper_construct(server: UvicornServer, fmt: str) -> None:
    sw = wrapper(server, "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a aikg:Model ; rdfs:label ?l }", fmt)
    with warnings.catch_warnings():  # rdflib's own parsers use its deprecated ConjunctiveGraph
        warnings.simplefilter("ignore", DeprecationWarning)
        g = sw.queryAndConvert()
        if not isinstance(g, Graph):
            g = Graph().parse(data=g, format="json-ld" if fmt == JSONLD else "turtle")
    labels = {str(o) for o in g.objects()}
    assert {"Llama", "GPT-4"} <= labels


def test_sparqlwrapper_describe(server: UvicornServer) -> None:
    data = wrapper(server, "DESCRIBE <https://w3id.org/aikg/id/meta>", TURTLE).queryAndConvert()
    g = Graph().parse(data=data, format="turtle")  # type: ignore[arg-type]
    assert len(g) > 0 and "Meta" in {str(o) for o in g.objects()}


# ------------------------------------------------------------------------------------ rdflib SPARQLStore
def test_rdflib_sparqlstore(server: UvicornServer) -> None:
    g = Graph(store=SPARQLStore(server.url + "/sparql"))
    rows = list(g.query("SELECT ?name WHERE { ?m a <https://w3id.org/aikg/ontology#Model> ; "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?name }"))
    assert "GPT-4" in {str(r[0]) for r in rows}  # type: ignore[index]
    constructed = g.query("CONSTRUCT { ?m a ?t } WHERE { ?m a ?t } LIMIT 5")
    assert len(list(constructed)) == 5


# ------------------------------------------------------------------------------------ protocol by hand
def test_get_post_form_and_direct_body_agree(http: httpx.Client) -> None:
    acc = {"Accept": "text/csv"}
    a = http.get("/sparql", params={"query": LABELS}, headers=acc)
    b = http.post("/sparql", data={"query": LABELS}, headers=acc)
    c = http.post("/sparql", content=LABELS, headers={**acc, "Content-Type": "application/sparql-query"})
    assert a.status_code == b.status_code == c.status_code == 200
    assert a.text == b.text == c.text and "Meta" in a.text
    assert a.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    "accept,fmt,expected",
    [
        ("application/sparql-results+json", None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("text/html,application/xhtml+xml,*/*;q=0.8", "csv", "text/csv"),
        ("*/*", None, "application/sparql-results+json"),
        ("text/csv;q=0.2, application/sparql-results+xml;q=0.9", None, "application/sparql-results+xml"),
    ],
)
def test_select_negotiation(http: httpx.Client, accept: str, fmt: str | None, expected: str) -> None:
    params = {"query": LABELS, **({"format": fmt} if fmt else {})}
    r = http.get("/sparql", params=params, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == expected


@pytest.mark.parametrize(
    "accept", ["text/turtle", "application/n-triples", "application/n-quads", "application/ld+json", "application/rdf+xml"]
)
def test_construct_negotiation(http: httpx.Client, accept: str) -> None:
    q = "CONSTRUCT { ?m rdfs:label ?l } WHERE { ?m a aikg:Model ; rdfs:label ?l }"
    r = http.get("/sparql", params={"query": q}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == accept
    from pyoxigraph import Literal, RdfFormat, parse

    fmt = RdfFormat.from_media_type(accept)
    assert fmt is not None
    objects = {q.object for q in parse(r.content, format=fmt)}
    assert Literal("GPT-4") in objects


def test_not_acceptable(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": LABELS}, headers={"Accept": "image/png"})
    assert r.status_code == 406 and r.json()["error"] == "not acceptable"
    r = http.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"}, headers={"Accept": "text/csv"})
    assert r.status_code == 406


def test_malformed_query_gives_parser_message_and_position(http: httpx.Client) -> None:
    r = http.get("/sparql", params={"query": "SELECT ?x WHERE {\n  ?x rdfs:label }"})
    assert r.status_code == 400
    body = r.json()
    assert body["error"] == "malformed query" and "2:" in body["detail"], body


def test_prefixes_predeclared_and_redeclared(http: httpx.Client) -> None:
    declared = "PREFIX aikg: <https://w3id.org/aikg/ontology#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + LABELS
    a = http.get("/sparql", params={"query": LABELS}, headers={"Accept": "text/csv"})
    b = http.get("/sparql", params={"query": declared}, headers={"Accept": "text/csv"})
    assert a.status_code == b.status_code == 200 and a.text == b.text


def test_dataset_parameters(http: httpx.Client) -> None:
    seed_graph = http.get("/sparql", params={"query": "SELECT ?a WHERE { ?a dcterms:title ?t FILTER(CONTAINS(?t, 'Llama')) }"},
                          headers={"Accept": "application/sparql-results+json"}).json()["results"]["bindings"][0]["a"]["value"]
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a a aikg:Article }"
    r = http.get("/sparql", params={"query": q, "default-graph-uri": seed_graph}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.split()[1] == "1"
    q2 = "SELECT ?g WHERE { GRAPH ?g { ?a a aikg:Article } }"
    r = http.get("/sparql", params={"query": q2, "named-graph-uri": seed_graph}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.split()[1:] == [seed_graph]
    r = http.get("/sparql", params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{seed_graph}> WHERE {{ ?a a aikg:Article }}"},
                 headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.text.split()[1] == "1"


def test_missing_query_and_bad_content_type(http: httpx.Client) -> None:
    assert http.get("/sparql", headers={"Accept": "application/json"}).status_code == 400
    r = http.post("/sparql", content=b"{}", headers={"Content-Type": "application/json"})
    assert r.status_code == 415 and set(r.json()) == {"error", "detail"}


def test_editor_page_for_browsers(http: httpx.Client) -> None:
    r = http.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml"})
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "/static/yasgui/yasgui.min.js" in r.text and "cdn" not in r.text.lower()
    assert http.get("/static/yasgui/yasgui.min.js").status_code == 200
    assert http.get("/static/yasgui/LICENSE").status_code == 200


# ------------------------------------------------------------------------------------ examples
def test_examples_are_documented_and_run(http: httpx.Client) -> None:
    examples = example_queries(QUERIES)
    assert len(examples) >= 8
    for ex in examples:
        assert ex["query"].lstrip().startswith("#"), ex["name"]
        r = http.post("/sparql", data={"query": ex["query"]}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 200, (ex["name"], r.text)
        assert r.json()["results"]["bindings"], f"{ex['name']} found nothing in examples/articles"


# ------------------------------------------------------------------------------------ read-only, updates
def test_update_refused_on_query_endpoint(http: httpx.Client) -> None:
    for upd in ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "DROP ALL", "PREFIX x: <urn:x#> DELETE WHERE { ?s ?p ?o }"]:
        r = http.post("/sparql", data={"query": upd})
        assert r.status_code in (400, 403), upd
    r = http.post("/sparql", data={"update": "DROP ALL"})
    assert r.status_code == 400
    assert http.get("/sparql", params={"query": LABELS}).status_code == 200


def test_update_route_needs_the_token(http: httpx.Client) -> None:
    upd = 'INSERT DATA { GRAPH <https://w3id.org/aikg/article/t1> { <https://w3id.org/aikg/id/t1> rdfs:label "Tee One" } }'
    ctype = {"Content-Type": "application/sparql-update"}
    assert http.post("/sparql/update", content=upd, headers=ctype).status_code == 401
    assert http.post("/sparql/update", content=upd, headers={**ctype, "Authorization": "Bearer nope"}).status_code == 401
    r = http.post("/sparql/update", content=upd, headers={**ctype, "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 204, r.text
    q = "SELECT ?l WHERE { <https://w3id.org/aikg/id/t1> rdfs:label ?l }"
    assert "Tee One" in http.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"}).text
    form = {"update": "DROP GRAPH <https://w3id.org/aikg/article/t1>"}
    assert http.post("/sparql/update", data=form, headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 204
    assert "Tee One" not in http.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"}).text
    bad = http.post("/sparql/update", content="INSERT DATA {", headers={**ctype, "Authorization": f"Bearer {TOKEN}"})
    assert bad.status_code == 400


def test_update_route_absent_without_token(readonly_server: UvicornServer) -> None:
    r = httpx.post(readonly_server.url + "/sparql/update", content="DROP ALL",
                   headers={"Content-Type": "application/sparql-update", "Authorization": "Bearer x"})
    assert r.status_code in (404, 405)
    r = httpx.get(readonly_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, headers={"Accept": "application/json"})
    assert r.status_code == 200 and json.loads(r.text)["boolean"] is False


# ------------------------------------------------------------------------------------ never fetch a URL
def fetching_queries(url: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        f"select * where {{ ?a ?b ?c . sErViCe <{url}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{url.rsplit('/', 1)[0]}/>\nSELECT * WHERE {{ SERVICE r:sparql {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
        f"# a comment <{url}>\nSELECT * WHERE {{ ?s ?p ?o FILTER(?o = '''x''') SERVICE <{url}> {{ }} }}",
    ]


def assert_never_fetches(base: str, headers: dict[str, str] | None = None) -> None:
    with Listener() as listener, httpx.Client(base_url=base, timeout=20) as http:
        for q in fetching_queries(listener.url):
            r = http.post("/sparql", data={"query": q}, headers={"Accept": "application/sparql-results+json"})
            assert r.status_code == 400, (q, r.status_code, r.text)
        # a URL in a dataset is a graph name: the embedded store reads it (empty), never fetches it
        q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
        for param in ("default-graph-uri", "named-graph-uri"):
            r = http.get("/sparql", params={"query": q, param: listener.url})
            assert r.status_code == 200 and r.json()["results"]["bindings"] == [], param
        for q in [f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}",
                  f"SELECT * FROM NAMED <{listener.url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"]:
            r = http.get("/sparql", params={"query": q})
            assert r.status_code == 200 and r.json()["results"]["bindings"] == [], q
        upd_headers = {"Content-Type": "application/sparql-update", **(headers or {})}
        for upd in [f"LOAD <{listener.url}>", f"LOAD SILENT <{listener.url}> INTO GRAPH <urn:g>",
                    f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"]:
            r = http.post("/sparql", content=upd, headers={"Content-Type": "application/sparql-query"})
            assert r.status_code in (400, 403)
            r = http.post("/sparql/update", content=upd, headers=upd_headers)
            assert r.status_code in (400, 401, 404, 405), (upd, r.status_code)
        assert listener.seen == [], listener.seen


def test_never_fetches_a_url(server: UvicornServer) -> None:
    assert_never_fetches(server.url, {"Authorization": f"Bearer {TOKEN}"})


def test_service_inside_a_string_or_iri_is_fine(http: httpx.Client) -> None:
    q = "SELECT ?x WHERE { BIND('SERVICE <http://x/> { }' AS ?x) FILTER(?x != <http://example.org/SERVICE>) }"
    r = http.get("/sparql", params={"query": q}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and "SERVICE" in r.text
