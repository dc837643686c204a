"""The W3C SPARQL 1.1 query tests (tests/w3c/sparql11), run directly on pyoxigraph and through aikg's /sparql.

One dataset per test, loaded the same way for both runs: ``qt:data`` files in the default graph, ``qt:graphData``
files and the files a query names in FROM / FROM NAMED as named graphs. A file is named ``BASE_URL/<file>``,
and queries resolve relative IRIs against ``BASE_URL/sparql`` (the endpoint's own address, aikg's base IRI;
the server runs with ``AIKG_BASE_URL=BASE_URL``), so ``FROM <data.ttl>`` and ``GRAPH <ng-01.ttl>`` name the
loaded graphs in both runs.

Through aikg, a test whose dataset has named graphs is asked with the protocol's ``default-graph-uri`` /
``named-graph-uri`` (its default-graph files loaded into a named graph of their own): aikg's default graph is
otherwise the union of all graphs, which is not the test's dataset. Results are compared as multisets of
solutions with blank nodes matched by a bijection; graphs by isomorphism; CSV as text rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent / "w3c" / "sparql11"
FOLDERS = ("aggregates", "bind", "bindings", "cast", "construct", "exists", "functions", "grouping", "negation",
           "project-expression", "property-path", "subquery", "syntax-query", "csv-tsv-res", "json-res")
BASE_URL = "http://w3c.test"
BASE_IRI = BASE_URL + "/sparql"
DEFAULT_GRAPH = BASE_URL + "/.default-graph"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
_MANIFEST_QUERY = """
PREFIX mf: <http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#>
PREFIX qt: <http://www.w3.org/2001/sw/DataAccess/tests/test-query#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?t ?type ?name ?action ?query ?result
       (GROUP_CONCAT(DISTINCT STR(?d); separator=" ") AS ?data) (GROUP_CONCAT(DISTINCT STR(?g); separator=" ") AS ?graphs)
WHERE {
  ?m mf:entries/rdf:rest*/rdf:first ?t . ?t a ?type ; mf:name ?name .
  OPTIONAL { ?t mf:action ?action . OPTIONAL { ?action qt:query ?query } OPTIONAL { ?action qt:data ?d }
             OPTIONAL { ?action qt:graphData ?g } }
  OPTIONAL { ?t mf:result ?result }
} GROUP BY ?t ?type ?name ?action ?query ?result
"""


@dataclass
class W3CTest:
    """One test of the manifests: ``kind`` is eval, csv, positive or negative."""

    id: str
    name: str
    kind: str
    folder: Path
    query: str
    result: Path | None = None
    data: list[Path] = field(default_factory=list)
    graph_data: list[Path] = field(default_factory=list)

    def file_iri(self, path: Path) -> str:
        return f"{BASE_URL}/{path.name}"

    def from_files(self) -> list[Path]:
        """The test's files a FROM / FROM NAMED of the query names."""
        from aikg.graph.sparql import SparqlError, inspect_query

        try:
            info = inspect_query(self.query, base_iri=BASE_IRI)
        except SparqlError:
            return []
        names = {g.rsplit("/", 1)[-1] for g in info.from_graphs + info.from_named if g.startswith(BASE_URL + "/")}
        return [self.folder / n for n in sorted(names) if (self.folder / n).exists()]

    def quads(self, default_graph: ox.NamedNode | ox.DefaultGraph) -> list[ox.Quad]:
        out: list[ox.Quad] = []
        for f, g in [(f, default_graph) for f in self.data] + [(f, ox.NamedNode(self.file_iri(f)))
                                                               for f in self.graph_data + self.from_files()]:
            for q in ox.parse(path=str(f), format=_rdf_format(f), base_iri=self.file_iri(f), without_named_graphs=True):
                out.append(ox.Quad(q.subject, q.predicate, q.object, g))
        return out


def _rdf_format(path: Path) -> ox.RdfFormat:
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip("."))
    if fmt is None:
        raise ValueError(f"unknown RDF format: {path}")
    return fmt


def _local(iri: str) -> Path:
    return Path(iri.removeprefix("file://"))


def load_tests() -> list[W3CTest]:
    """Every query-evaluation, result-format and syntax test of the vendored manifests."""
    tests = []
    for folder in FOLDERS:
        manifest = ROOT / folder / "manifest.ttl"
        store = ox.Store()
        store.load(path=str(manifest), format=ox.RdfFormat.TURTLE, base_iri=manifest.as_uri())
        res = store.query(_MANIFEST_QUERY)
        assert isinstance(res, ox.QuerySolutions)
        for row in res:
            type_ = row["type"].value.rsplit("#", 1)[-1]  # type: ignore[union-attr]
            kind = {"QueryEvaluationTest": "eval", "CSVResultFormatTest": "csv", "PositiveSyntaxTest11": "positive",
                    "NegativeSyntaxTest11": "negative"}.get(type_)
            if kind is None:
                continue
            query_node = row["query"] if kind in ("eval", "csv") else row["action"]
            qpath = _local(query_node.value)  # type: ignore[union-attr]
            result = _local(row["result"].value) if row["result"] is not None else None  # type: ignore[union-attr]
            data = [_local(d) for d in (row["data"].value if row["data"] else "").split()]  # type: ignore[union-attr]
            graphs = [_local(g) for g in (row["graphs"].value if row["graphs"] else "").split()]  # type: ignore[union-attr]
            tests.append(W3CTest(f"{folder}/{row['t'].value.rsplit('#', 1)[-1]}", row["name"].value, kind,  # type: ignore[union-attr]
                                 ROOT / folder, qpath.read_text(encoding="utf-8"), result, data, graphs))
    return sorted(tests, key=lambda t: t.id)


# ------------------------------------------------------------------------------------------- comparison
Row = dict[str, Any]


def _rows(res: ox.QuerySolutions) -> list[Row]:
    names = [v.value for v in res.variables]
    return [{n: sol[n] for n in names if sol[n] is not None} for sol in res]


_XSD = "http://www.w3.org/2001/XMLSchema#"
_FLOATS = {_XSD + "double", _XSD + "float"}
_DECIMALS = {_XSD + t for t in ("decimal", "integer", "int", "long", "short", "byte", "nonNegativeInteger",
                                 "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt")}


def _term(v: Any) -> str:
    """A term for comparison: blank nodes all alike (matched later), numbers by value within their datatype."""
    from decimal import Decimal, InvalidOperation

    if isinstance(v, ox.BlankNode):
        return "_:"
    dt = getattr(getattr(v, "datatype", None), "value", "")
    try:
        if dt in _FLOATS:
            return f"{float(v.value)!r}^^{dt}"
        if dt in _DECIMALS:
            return f"{Decimal(v.value).normalize()}^^{dt}"
    except (ValueError, InvalidOperation):
        pass
    return str(v)


def _key(row: Row) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((k, _term(v)) for k, v in row.items()))


def same_solutions(a: list[Row], b: list[Row]) -> bool:
    """Equal as multisets, blank nodes matched by one bijection across all rows."""
    if len(a) != len(b) or Counter(map(_key, a)) != Counter(map(_key, b)):
        return False
    if not any(isinstance(v, ox.BlankNode) for row in a for v in row.values()):
        return True

    def match(i: int, used: set[int], fwd: dict[str, str], back: dict[str, str]) -> bool:
        if i == len(a):
            return True
        for j, cand in enumerate(b):
            if j in used or _key(cand) != _key(a[i]) or cand.keys() != a[i].keys():
                continue
            f, bk, ok = dict(fwd), dict(back), True
            for k, v in a[i].items():
                w = cand[k]
                if isinstance(v, ox.BlankNode):
                    if f.setdefault(v.value, w.value) != w.value or bk.setdefault(w.value, v.value) != v.value:
                        ok = False
                        break
            if ok and match(i + 1, used | {j}, f, bk):
                return True
        return False

    return match(0, set(), {}, {})


def same_graph(a: bytes, b: bytes) -> bool:
    from rdflib import Graph
    from rdflib.compare import isomorphic

    return isomorphic(Graph().parse(data=a, format="nt"), Graph().parse(data=b, format="nt"))


def _ntriples(triples: Any) -> bytes:
    buf = io.BytesIO()
    from pyoxigraph import serialize

    serialize(list(triples), buf, ox.RdfFormat.N_TRIPLES)
    return buf.getvalue()


def _csv_rows(text: str) -> tuple[list[str], Counter[tuple[tuple[str, str], ...]]]:
    """The header's variables (as a set: their order is free) and the rows by variable, blank nodes alike."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return [], Counter()
    head = rows[0]
    return sorted(head), Counter(tuple(sorted((h, "_:" if c.startswith("_:") else c) for h, c in zip(head, r, strict=False)))
                                 for r in rows[1:])


@dataclass
class Expected:
    kind: str  # "rows", "boolean", "graph", "csv"
    value: Any


def expected(test: W3CTest) -> Expected:
    assert test.result is not None
    suffix = test.result.suffix.lstrip(".")
    if test.kind == "csv":
        return Expected("csv", _csv_rows(test.result.read_text(encoding="utf-8")))
    rf = {"srx": ox.QueryResultsFormat.XML, "srj": ox.QueryResultsFormat.JSON, "tsv": ox.QueryResultsFormat.TSV}.get(suffix)
    if rf is not None:
        res = ox.parse_query_results(path=str(test.result), format=rf)
        if isinstance(res, ox.QueryBoolean):
            return Expected("boolean", bool(res))
        return Expected("rows", _rows(res))
    triples = [q.triple for q in ox.parse(path=str(test.result), format=_rdf_format(test.result), base_iri=test.file_iri(test.result))]
    return Expected("graph", _ntriples(triples))


def judge(exp: Expected, got: Expected) -> bool:
    if exp.kind != got.kind:
        return False
    if exp.kind == "rows":
        return same_solutions(exp.value, got.value)
    if exp.kind == "graph":
        return same_graph(exp.value, got.value)
    return bool(exp.value == got.value)


# ------------------------------------------------------------------------------------------- the two runs
@dataclass
class Outcome:
    passed: bool
    status: int = 200  # HTTP status through aikg (200 for the direct run)
    detail: str = ""


def run_direct(test: W3CTest) -> Outcome:
    """The test on a fresh in-memory pyoxigraph store, the standard way (the store's default graph)."""
    store = ox.Store()
    try:
        store.extend(test.quads(ox.DefaultGraph()))
        res = store.query(test.query, base_iri=BASE_IRI)
        if test.kind in ("positive", "negative"):
            if isinstance(res, ox.QuerySolutions):
                list(res)
            return Outcome(test.kind == "positive")
        if test.kind == "csv":
            assert isinstance(res, ox.QuerySolutions)
            out = res.serialize(format=ox.QueryResultsFormat.CSV)
            got = Expected("csv", _csv_rows((out or b"").decode("utf-8")))
        elif isinstance(res, ox.QueryBoolean):
            got = Expected("boolean", bool(res))
        elif isinstance(res, ox.QuerySolutions):
            got = Expected("rows", _rows(res))
        else:
            got = Expected("graph", _ntriples(res))
        return Outcome(judge(expected(test), got))
    except SyntaxError as exc:
        return Outcome(test.kind == "negative", detail=str(exc))
    except (RuntimeError, ValueError, OSError) as exc:
        return Outcome(False, detail=f"{type(exc).__name__}: {exc}")


def load_through_update(http: httpx.Client, token: str, quads: list[ox.Quad]) -> None:
    from aikg.graph.store import quads_to_insert_data

    update = "DROP ALL" + (" ;\nINSERT DATA " + quads_to_insert_data(quads) if quads else "")
    r = http.post("/sparql/update", content=update.encode("utf-8"),
                  headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})
    r.raise_for_status()


def run_through(http: httpx.Client, token: str, test: W3CTest) -> Outcome:
    """The test through aikg's /sparql (data loaded with /sparql/update)."""
    named = bool(test.graph_data) and not test.from_files()
    load_through_update(http, token, test.quads(ox.NamedNode(DEFAULT_GRAPH) if named else ox.DefaultGraph()))
    params: dict[str, str | list[str]] = {"query": test.query}
    if named:
        params.update({"default-graph-uri": DEFAULT_GRAPH, "named-graph-uri": [test.file_iri(f) for f in test.graph_data]})
    accept = "text/csv" if test.kind == "csv" else "application/sparql-results+json, application/n-triples;q=0.9"
    r = http.post("/sparql", data=params, headers={"Accept": accept})
    if test.kind in ("positive", "negative"):
        return Outcome((r.status_code == 200) == (test.kind == "positive"), r.status_code, r.text[:300])
    if r.status_code != 200:
        return Outcome(False, r.status_code, r.text[:300])
    ctype = r.headers.get("content-type", "").split(";")[0]
    if test.kind == "csv":
        got = Expected("csv", _csv_rows(r.text))
    elif ctype == "application/n-triples":
        got = Expected("graph", r.content)
    else:
        res = ox.parse_query_results(r.content, format=ox.QueryResultsFormat.JSON)
        got = Expected("boolean", bool(res)) if isinstance(res, ox.QueryBoolean) else Expected("rows", _rows(res))
    return Outcome(judge(expected(test), got), r.status_code)


@dataclass
class Report:
    tests: list[W3CTest]
    direct: dict[str, Outcome]
    through: dict[str, Outcome]

    def ids(self, kind: str) -> list[str]:
        return [t.id for t in self.tests if t.kind == kind]

    def passed(self, run: dict[str, Outcome], kinds: tuple[str, ...]) -> int:
        return sum(run[t.id].passed for t in self.tests if t.kind in kinds)

    def regressions(self) -> list[str]:
        return [t.id for t in self.tests if self.direct[t.id].passed and not self.through[t.id].passed]

    def server_errors(self) -> list[str]:
        return [t.id for t in self.tests if self.through[t.id].status >= 500]

    def summary(self) -> str:
        ev = ("eval", "csv")
        n_eval = sum(t.kind in ev for t in self.tests)
        pos, neg = self.ids("positive"), self.ids("negative")
        return (f"W3C SPARQL 1.1 query tests: evaluation {self.passed(self.direct, ev)}/{n_eval} directly on pyoxigraph, "
                f"{self.passed(self.through, ev)}/{n_eval} through /sparql; syntax {self.passed(self.direct, ('positive', 'negative'))}"
                f"/{len(pos) + len(neg)} directly, {self.passed(self.through, ('positive', 'negative'))}/{len(pos) + len(neg)} "
                f"through /sparql; {len(self.regressions())} regressions, {len(self.server_errors())} server errors")


def run_all(http: httpx.Client, token: str, progress: Callable[[str], None] | None = None) -> Report:
    tests = load_tests()
    direct = {t.id: run_direct(t) for t in tests}
    # syntax tests first, on an empty store: no write (and so no new snapshot) between them
    load_through_update(http, token, [])
    order = sorted(tests, key=lambda t: t.kind not in ("positive", "negative"))
    through = {}
    for t in order:
        through[t.id] = run_through(http, token, t)
        if progress:
            progress(t.id)
    return Report(tests, direct, through)


def iter_failures(report: Report) -> Iterator[str]:
    for t in report.tests:
        d, a = report.direct[t.id], report.through[t.id]
        if not (d.passed and a.passed):
            yield f"{t.id}: direct {'pass' if d.passed else 'FAIL'} {d.detail[:120]} | aikg {a.status} {'pass' if a.passed else 'FAIL'} {a.detail[:160]}"
