"""No request value becomes SPARQL text, and no query makes the server fetch a URL.

Every protocol parameter (``query``, ``default-graph-uri``, ``named-graph-uri``, ``Accept``, ``format``) gets
hostile values by GET, form POST and direct POST, while a local HTTP listener records what reaches it: it must
see **zero** requests. The same runs against a remote store that *is* the listener, so anything forwarded would
show up there. Query forms are an allow-list from the engine's own parse; a remote store's error bodies never
come back to the client."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from aikg.api.app import create_app
from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.sparql import SparqlError, inspect_query

from .conftest import UvicornServer
from .test_api_fixtures import load_sample

pytestmark = pytest.mark.timeout(120)


class Listener:
    """A loopback HTTP server that records every request (and answers a valid empty SPARQL result, or
    ``status`` with a body that echoes what it was sent, as Virtuoso's errors do)."""

    def __init__(self, status: int = 200) -> None:
        self.seen: list[str] = []
        seen = self.seen

        class Handler(BaseHTTPRequestHandler):
            def _record(self) -> None:
                n = int(self.headers.get("content-length") or 0)
                body = self.rfile.read(n) if n else b""
                seen.append(f"{self.command} {self.path} {body[:200]!r}")
                self.send_response(status)
                if status == 200:
                    self.send_header("Content-Type", "application/sparql-results+json")
                    self.end_headers()
                    ask = b"ASK" in body.replace(b"PREFIX", b"")
                    self.wfile.write(b'{"head":{},"boolean":false}' if ask else b'{"head":{"vars":["x"]},"results":{"bindings":[]}}')
                else:
                    self.send_header("Content-Type", "text/plain")
                    self.end_headers()
                    self.wfile.write(b"Virtuoso 37000 Error SP030: SPARQL compiler, line 1: syntax error in: " + body)

            do_GET = do_POST = _record

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.url = self.base + "/sparql"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UvicornServer]:
    folder = Path(tmp_path_factory.mktemp("inject")) / "store"
    settings = Settings(store=str(folder))
    kg = KnowledgeGraph.open(str(folder), settings)
    load_sample(kg)
    with UvicornServer(create_app(settings, kg)) as srv:
        yield srv
    kg.close()


def dataset_injections(base: str) -> list[str]:
    """Dataset IRIs that close the IRI and open a SERVICE call to the listener (finding 1 of issue 13)."""
    return [
        f"http://a> {{ SERVICE <{base}/x> {{ ?s ?p ?o }} }} }} #",
        f"http://a> {{ }} }} ; LOAD <{base}/load> #",
        f"http://a>{{SERVICE<{base}/y>{{?s ?p ?o}}}}}}#",
        f"{base}/plain",  # a real URL: selects an (empty) local graph, never fetched
        "http://a b",
        "not an iri",
        "http://a\\u003E { SERVICE <http://127.0.0.1:1/> {} } }",
    ]


def hostile_queries(base: str) -> list[str]:
    # the SERVICE spellings (imported here: that module imports this one)
    from .test_sparql_protocol import fetching_queries

    return fetching_queries(base + "/q0") + [
        f"ASK {{ SERVICE SILENT <{base}/q2> {{ }} }}",
        f"CONSTRUCT WHERE {{ SERVICE <{base}/q3> {{ ?s ?p ?o }} }}",
        f"DESCRIBE ?s WHERE {{ SERVICE <{base}/q4> {{ ?s ?p ?o }} }}",
        f"BASE <{base}/>\nSELECT * WHERE {{ SERVICE <q9> {{ ?s ?p ?o }} }}",
        f"LOAD <{base}/q10>",
        f"define input:grab-all \"yes\" SELECT * FROM <{base}/q11> WHERE {{ ?s ?p ?o }}",
        f"SELECT * WHERE {{ ?s ?p ?o }} ; LOAD <{base}/q12>",
    ]


def foreign_from(base: str) -> list[str]:
    """Datasets naming URLs: an embedded store reads them as (empty) local graphs; a remote store refuses them."""
    return [
        f"SELECT * FROM <{base}/q7> WHERE {{ ?s ?p ?o }}",
        f"SELECT * FROM NAMED <{base}/q8> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        f"BASE <{base}/> SELECT * FROM <q7b> WHERE {{ ?s ?p ?o }}",
    ]


def _requests(http: httpx.Client, query: str, extra: dict[str, str], accept: str) -> list[httpx.Response]:
    h = {"Accept": accept}
    return [
        http.get("/sparql", params={"query": query, **extra}, headers=h),
        http.post("/sparql", data={"query": query, **extra}, headers=h),
        http.post("/sparql", params=extra, content=query.encode(), headers={**h, "Content-Type": "application/sparql-query"}),
    ]


ACCEPTS = ["application/sparql-results+json", "text/csv, */*;q=0.1", "x/y; q=\"> } SERVICE <http://127.0.0.1:1/> {\"",
           "application/sparql-results+json;q=nan", "text/csv;q=1e999, */*;q=-1", ";;;,,,"]


@pytest.mark.parametrize("param", ["default-graph-uri", "named-graph-uri"])
def test_dataset_parameters_never_become_query_text(server: UvicornServer, param: str) -> None:
    with Listener() as listener, httpx.Client(base_url=server.url, timeout=30) as http:
        for value in dataset_injections(listener.base):
            for r in _requests(http, "ASK {}", {param: value}, "application/sparql-results+json"):
                assert r.status_code in (200, 400), (value, r.status_code, r.text)
                assert set(r.json()) == ({"error", "detail"} if r.status_code == 400 else {"head", "boolean"}), r.text
                if r.status_code == 400:
                    assert "IRI" in r.json()["detail"], r.text
        assert listener.seen == [], listener.seen
    # a valid graph IRI of the store still selects that graph
    with httpx.Client(base_url=server.url, timeout=30) as http:
        q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
        r = http.get("/sparql", params={"query": q, "default-graph-uri": "https://w3id.org/aikg/graph/none"},
                     headers={"Accept": "text/csv"})
        assert r.status_code == 200 and r.text.split() == ["n", "0"], r.text


def test_hostile_queries_and_headers_never_fetch(server: UvicornServer) -> None:
    with Listener() as listener, httpx.Client(base_url=server.url, timeout=30) as http:
        for q in hostile_queries(listener.base):
            for accept in ACCEPTS[:2]:
                for r in _requests(http, q, {}, accept):
                    assert r.status_code in (400, 403), (q, r.status_code, r.text)
                    assert set(r.json()) == {"error", "detail"}
        for q in foreign_from(listener.base):
            for r in _requests(http, q, {}, "application/sparql-results+json"):
                assert r.status_code == 200 and r.json()["results"]["bindings"] == [], (q, r.text)
        for accept in ACCEPTS:
            for r in _requests(http, "SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"format": accept}, accept):
                assert r.status_code in (200, 406), (accept, r.status_code, r.text)
        r = http.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "\u00ff\u00fe; q=\"\\".encode("latin-1")})
        assert r.status_code in (200, 406), r.text
        assert listener.seen == [], listener.seen


def test_query_forms_are_an_allow_list_from_a_real_parse() -> None:
    for q in ["SELECT * WHERE { ?s ?p ?o }", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }", "DESCRIBE <urn:x>",
              "PREFIX ex: <urn:ex:> BASE <http://b/> select * { ?s ex:p ?o }", "# c\n  ask{}"]:
        assert inspect_query(q).kind in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    refused = ['define input:grab-all "yes" SELECT * WHERE { ?s ?p ?o }', "SPARQL SELECT * WHERE { ?s ?p ?o }",
               "INSERT DATA { <urn:a> <urn:b> <urn:c> }", "SELECT * WHERE { ?s ?p ?o } garbage", "CLEAR ALL",
               "JSON { \"a\": ?a } WHERE { ?a ?b ?c }", "SELECT * WHERE { ?s ?p ?o } ; SELECT * { }", ""]
    for q in refused:
        with pytest.raises(SparqlError) as err:
            inspect_query(q)
        assert err.value.status in (400, 403), q
        assert err.value.detail, q


@pytest.fixture()
def remote_listener_server(request: pytest.FixtureRequest) -> Iterator[tuple[Listener, UvicornServer]]:
    status = getattr(request, "param", 200)
    with Listener(status) as listener:
        settings = Settings(store=listener.base + "/sparql")
        kg = KnowledgeGraph.open(settings.store, settings)
        with UvicornServer(create_app(settings, kg)) as srv:
            yield listener, srv
        kg.close()


def test_remote_store_is_sent_only_allowed_queries(remote_listener_server: tuple[Listener, UvicornServer]) -> None:
    listener, srv = remote_listener_server
    with httpx.Client(base_url=srv.url, timeout=30) as http:
        before = len(listener.seen)
        for q in hostile_queries("http://127.0.0.1:1"):
            for r in _requests(http, q, {}, "application/sparql-results+json"):
                assert r.status_code in (400, 403), (q, r.status_code, r.text)
        for value in dataset_injections("http://127.0.0.1:1")[:3]:
            r = http.get("/sparql", params={"query": "ASK {}", "default-graph-uri": value})
            assert r.status_code == 400, r.text
        for q in foreign_from("http://127.0.0.1:1"):
            r = http.get("/sparql", params={"query": q})
            assert r.status_code == 400 and "not a graph of this store" in r.text, r.text
        # what reached the store: only its graph checks, each naming the graph as one IRI term
        checks = listener.seen[before:]
        assert all("ASK" in c and "GRAPH" in c and "SERVICE" not in c for c in checks), checks
        assert len(checks) == 3
        before = len(listener.seen)
        r = http.get("/sparql", params={"query": "SELECT ?x WHERE { ?x ?p ?o }"})
        assert r.status_code == 200 and len(listener.seen) == before + 1


@pytest.mark.parametrize("remote_listener_server", [500, 400], indirect=True)
def test_remote_errors_never_echo_the_query(remote_listener_server: tuple[Listener, UvicornServer]) -> None:
    _, srv = remote_listener_server
    secret = "aikg_marker_variable_ZX81"
    with httpx.Client(base_url=srv.url, timeout=30) as http:
        r = http.get("/sparql", params={"query": f"SELECT ?{secret} WHERE {{ ?{secret} ?p ?o }}"})
    assert r.status_code in (400, 502), r.text
    assert secret not in r.text and "PREFIX" not in r.text, r.text
