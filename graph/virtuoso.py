"""OpenLink Virtuoso as the remote store: its SPARQL dialect handled here, so callers never see it (the texts it
sends and the answers it repairs are written by :mod:`aikg.graph.virtuoso_dialect`).

``open_store`` picks this backend when the update URL ends in ``/sparql-auth`` or the server at a
``…/sparql`` URL answers with ``Server: Virtuoso``. What differs from a plain SPARQL 1.1 server, and
what this class does about it (each seen on Virtuoso 7.2 and covered by the store test-suite):

- Queries POSTed as ``application/sparql-query`` hang: queries and updates are sent form-encoded.
- Updates go to ``/sparql-auth`` with HTTP **Digest** authentication (Basic is refused).
- There is no separate default graph: the default graph is the union of *every* graph, including
  ~5.6k triples of system graphs (``virtrdf#``, ``owl#``, ``ldp#``, the server's DAV and endpoint
  descriptions). Every query is prefixed with ``define input:default-graph-exclude`` /
  ``input:named-graph-exclude`` pragmas for those graphs, so aikg sees only its own graphs.
  Triples meant for the default graph are kept in the named graph :data:`DEFAULT_GRAPH`.
- A multi-operation update is **not** one transaction: when one operation fails, the earlier ones
  stay. :meth:`VirtuosoStore.replace_graphs` therefore snapshots what it is about to change and
  restores it when a request fails, so a failed write leaves the store exactly as before.
- ``INSERT DATA`` is limited in size (the parser runs out of stack near 5,000 triples; the generated
  SQL may not exceed 10,000 lines): writes are cut into requests of whole graphs, at most
  :attr:`VirtuosoStore.triples_per_request` triples each, and sent with ``define sql:big-data-const 1``
  (constants passed as data: about 15x faster).
- Blank nodes are refused in ``INSERT DATA``: quads with blank nodes go in ``INSERT {…} WHERE {}``.
- Literals are parsed in quadratic time and a 5 MB literal crashed the server: literals longer than
  :data:`LONG_LITERAL` characters are sent as ``CONCAT`` of short pieces; longer than
  :data:`MAX_LITERAL` (Virtuoso's string limit) they are refused with a clear error.
- Blank nodes come back as ``nodeID://b123`` (not a valid blank node label): rewritten to ``b123``.
- Results are cut at ``ResultSetMaxRows`` (10,000 by default) without notice: whole-store reads
  (dump, named graphs) are paged. A query stopped by ``MaxQueryExecutionTime`` answers 200 with a
  partial result and ``X-SQL-State: S1TAT``: that becomes a :class:`StoreError`.
- Typed literals are stored as values: ``"0.90"^^xsd:decimal`` comes back as ``"0.9"``,
  ``…T10:00:00+00:00`` as ``…T10:00:00Z``; equal values, other spellings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any
from urllib.parse import urlsplit

import httpx
from pyoxigraph import BlankNode, DefaultGraph, NamedNode, Quad, QueryResultsFormat, parse_query_results

from .store import (
    RemoteStore,
    StoreError,
    quads_to_insert_data,
    query_kind,
    serialize_result,
    text as store_text,
    with_prefixes,
)
from .virtuoso_dialect import (
    DEFAULT_GRAPH,
    LONG_LITERAL,
    MAX_LITERAL,
    TSV,
    close_json,
    fix_json,
    has_bnode,
    literal_len,
    needs_template,
    rewrite_constant_graphs,
    template_insert,
)

__all__ = ["VirtuosoStore", "is_virtuoso", "rewrite_constant_graphs", "SYSTEM_GRAPHS", "DEFAULT_GRAPH", "LONG_LITERAL", "MAX_LITERAL"]

#: Graphs a fresh Virtuoso 7 holds for itself (plus ``http://HOST/sparql`` and ``http://HOST/DAV/``).
SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/2002/07/owl#",
    "http://www.w3.org/ns/ldp#",
    "http://www.openlinksw.com/schemas/RDF_Mapper_Ontology/1.0/",
    "http://www.openlinksw.com/schemas/oplweb#",
    "virtrdf-label",
)
_REPLACE_UPDATE = store_text.replace_update


def is_virtuoso(query_url: str, update_url: str | None = None, timeout: float = 3.0) -> bool:
    """Whether the endpoint is Virtuoso: by its update URL, else by the ``Server`` header of ``…/sparql``."""
    if update_url and update_url.rstrip("/").endswith("/sparql-auth"):
        return True
    path = urlsplit(query_url).path.rstrip("/")
    if path.endswith("/sparql-auth"):
        return True
    if not path.endswith("/sparql"):
        return False
    try:
        resp = httpx.get(query_url, params={"query": "ASK {}"}, timeout=timeout)
    except httpx.HTTPError:
        return False
    return "virtuoso" in resp.headers.get("server", "").lower()



class VirtuosoStore(RemoteStore):
    """OpenLink Virtuoso 7 over the SPARQL protocol (see the module text for what it works around)."""

    #: Most triples written by one update request (Virtuoso's parser and SQL-size limits).
    triples_per_request = 1_500
    #: Most graphs one update request drops and refills (longer requests cannot be compiled).
    graphs_per_request = 100
    #: Rows asked for per page when reading the whole store (at most ResultSetMaxRows).
    page_size = 10_000

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: float = 120.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        if query_url.rstrip("/").endswith("/sparql-auth"):
            query_url = query_url.rstrip("/")[: -len("-auth")]
        if update_url is None:
            update_url = query_url.rstrip("/") + "-auth" if user and password else query_url
        auth = httpx.DigestAuth(user, password) if user and password else None
        super().__init__(query_url, update_url, auth=auth, timeout=timeout, retries=retries, backoff=backoff)
        host = urlsplit(query_url).netloc
        hosts = {host, "localhost:8890", host.replace("127.0.0.1", "localhost")}
        system = set(SYSTEM_GRAPHS)
        for h in hosts:
            system |= {f"http://{h}/sparql", f"http://{h}/DAV/", f"http://{h}/DAV"}
        self.system_graphs = sorted(system)
        self._defines = "".join(
            f"define input:default-graph-exclude <{g}> define input:named-graph-exclude <{g}> " for g in self.system_graphs
        )

    # ------------------------------------------------------------------ requests
    def _raw_query(self, sparql: str, accept: str) -> httpx.Response:
        text = self._defines + with_prefixes(rewrite_constant_graphs(sparql))
        resp = self._post(self.query_url, data={"query": text}, headers={"Accept": accept})
        if resp.headers.get("x-sql-state") == "S1TAT":
            raise StoreError("query timed out on the SPARQL server (Virtuoso returned a partial result)")
        return resp

    def query_request(
        self, sparql: str, accept: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> dict[str, Any]:
        """Form-encoded, with the system-graph pragmas and constant GRAPH patterns rewritten."""
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        text = self._defines + with_prefixes(rewrite_constant_graphs(sparql))
        return {
            "method": "POST",
            "url": self.query_url,
            "params": params,
            "data": {"query": text},
            # Virtuoso's TSV quotes IRIs as strings and drops language tags: SELECTs come as JSON instead
            "headers": {"Accept": "application/sparql-results+json" if accept == TSV else accept},
        }

    def normalize_answer(self, data: bytes, media_type: str) -> bytes:
        """JSON answers fixed (blank nodes, helper variables); asked-for TSV made from Virtuoso's JSON."""
        if media_type == TSV and data.lstrip().startswith(b"{"):
            fixed = fix_json(close_json(data))
            res = parse_query_results(fixed, format=QueryResultsFormat.JSON)
            out = res.serialize(format=QueryResultsFormat.TSV)
            return out if isinstance(out, bytes) else b""
        if "json" in media_type:
            return fix_json(data)
        return data

    def query(self, sparql: str, *, default_union: bool = True) -> Any:
        kind = query_kind(sparql)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return super().query(sparql, default_union=default_union)
        resp = self._raw_query(sparql, "application/sparql-results+json")
        return parse_query_results(fix_json(resp.content), format=QueryResultsFormat.JSON)

    def query_serialized(self, sparql: str, media_type: str) -> tuple[bytes, str]:
        if query_kind(sparql) in ("SELECT", "ASK"):  # through JSON: standard terms, helpers removed
            return serialize_result(self.query(sparql), media_type), media_type
        resp = self._raw_query(sparql, media_type)
        return resp.content, resp.headers.get("content-type", media_type).split(";")[0]

    def update(self, sparql: str) -> None:
        text = "define sql:big-data-const 1 " + with_prefixes(sparql)
        self._post(self.update_url, data={"update": text})

    # ------------------------------------------------------------------ writing
    def _map_default(self, q: Quad) -> Quad:
        if isinstance(q.graph_name, DefaultGraph):
            return Quad(q.subject, q.predicate, q.object, NamedNode(DEFAULT_GRAPH))
        return q

    def _requests(self, graphs: Sequence[str], quads: Sequence[Quad], restoring: bool = False) -> list[str]:
        """Update texts that drop ``graphs`` and insert ``quads``, each within Virtuoso's limits.

        Quads of other graphs (the entity graph) come first, then whole article graphs: a graph is never
        split across requests unless it alone is too big.
        """
        for q in quads:
            n = literal_len(q.object)
            if n > MAX_LITERAL:
                raise StoreError(f"a literal of {n:,} characters is longer than Virtuoso can store ({MAX_LITERAL:,})")
        dropping = set(graphs)
        by_graph: dict[str, list[Quad]] = {}
        others: list[Quad] = []
        for q in quads:
            g = q.graph_name.value if isinstance(q.graph_name, NamedNode) else ""
            (by_graph.setdefault(g, []) if g in dropping else others).append(q)
        texts: list[str] = []
        for chunk in _chunks(others, self.triples_per_request):
            texts.extend(self._insert_texts([], chunk, restoring))
        pending_graphs: list[str] = []
        pending: list[Quad] = []
        for g in graphs:
            gq = by_graph.get(g, [])
            if pending_graphs and (
                len(pending) + len(gq) > self.triples_per_request or len(pending_graphs) >= self.graphs_per_request
            ):
                texts.extend(self._insert_texts(pending_graphs, pending, restoring))
                pending_graphs, pending = [], []
            pending_graphs.append(g)
            pending.extend(gq)
            if len(pending) > self.triples_per_request:  # one graph alone is too big
                head, *rest = list(_chunks(pending, self.triples_per_request))
                texts.extend(self._insert_texts(pending_graphs, head, restoring))
                for chunk in rest:
                    texts.extend(self._insert_texts([], chunk, restoring))
                pending_graphs, pending = [], []
        if pending_graphs or pending:
            texts.extend(self._insert_texts(pending_graphs, pending, restoring))
        return [t for t in texts if t]

    def _insert_texts(self, graphs: Sequence[str], quads: Sequence[Quad], restoring: bool = False) -> list[str]:
        plain = [q for q in quads if not needs_template(q)]
        special = [q for q in quads if needs_template(q)]
        # looked up at call time (tests replace it to make writes fail), except when undoing a failure
        build = _REPLACE_UPDATE if restoring else store_text.replace_update
        text = build(graphs, plain)
        if special:
            text = (text + " ;\n" if text else "") + template_insert(special)
        return [text] if text else []

    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None:
        """Drop ``graphs`` and insert ``quads``: all or nothing (undone by hand when a request fails)."""
        quads = [self._map_default(q) for q in quads]
        texts = self._requests(graphs, quads)
        if not texts:
            return
        before = self._graph_contents(graphs)
        added = self._new_quads([q for q in quads if not _graph_in(q, graphs)])
        try:
            for text in texts:
                self.update(text)
        except StoreError:
            self._restore(graphs, before, added)
            raise

    def insert_graphs(self, quads: Sequence[Quad]) -> None:
        """Insert the quads of new graphs (plus entity descriptions), each graph within one request."""
        from aikg.ontology import ENTITY_GRAPH

        from .changes import CHANGES_GRAPH

        shared = {ENTITY_GRAPH, CHANGES_GRAPH}  # graphs every write adds to: never dropped
        graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, NamedNode)} - shared)
        self.replace_graphs(graphs, quads)

    def _restore(self, graphs: Sequence[str], before: list[Quad], added: list[Quad]) -> None:
        """Put ``graphs`` back as they were and take out quads a failed write added elsewhere."""
        for chunk in _chunks(list(graphs), self.graphs_per_request):
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in chunk))
        for text in self._requests([], before, restoring=True):
            self.update(text)
        plain = [q for q in added if not needs_template(q)]
        for chunk in _chunks(plain, self.triples_per_request):
            self.update("DELETE DATA " + quads_to_insert_data(chunk))

    def _graph_contents(self, graphs: Sequence[str]) -> list[Quad]:
        out: list[Quad] = []
        for chunk in _chunks(list(graphs), 100):
            values = " ".join(f"<{g}>" for g in chunk)
            out.extend(self._paged_quads(f"VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }}"))
        return out

    def _new_quads(self, quads: list[Quad]) -> list[Quad]:
        """Those of ``quads`` (outside the replaced graphs) that the store does not hold yet."""
        if not quads:
            return []
        by_graph: dict[str, list[Quad]] = {}
        for q in quads:
            by_graph.setdefault(str(q.graph_name), []).append(q)
        existing: set[tuple[str, str, str, str]] = set()
        for g, gq in by_graph.items():
            subjects = sorted({str(q.subject) for q in gq if not isinstance(q.subject, BlankNode)})
            for chunk in _chunks(subjects, 200):
                rows = self.select(f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {' '.join(chunk)} }} GRAPH {g} {{ ?s ?p ?o }} }}")
                existing |= {(str(r["s"]), str(r["p"]), str(r["o"]), g) for r in rows}
        return [q for q in quads if (str(q.subject), str(q.predicate), str(q.object), str(q.graph_name)) not in existing]

    def add(self, quads: Iterable[Quad]) -> None:
        batch: list[Quad] = []
        special: list[Quad] = []
        for q in quads:
            q = self._map_default(q)
            if has_bnode(q):
                special.append(q)  # kept in one request: blank node labels are scoped to a request
                continue
            batch.append(q)
            if len(batch) >= self.triples_per_request:
                for text in self._insert_texts([], batch):
                    self.update(text)
                batch = []
        for text in self._insert_texts([], batch):
            self.update(text)
        if special:
            self.update(template_insert(special))

    bulk_add = add

    # ------------------------------------------------------------------ reading the whole store
    def _paged_quads(self, pattern: str) -> Iterator[Quad]:
        """Every ``?g ?s ?p ?o`` solution of ``pattern``, page by page (results are capped per request)."""
        offset = 0
        while True:
            rows = self.select(
                f"SELECT ?g ?s ?p ?o WHERE {{ {pattern} }} ORDER BY ?g ?s ?p ?o LIMIT {self.page_size} OFFSET {offset}"
            )
            for r in rows:
                g = r["g"]
                graph = DefaultGraph() if isinstance(g, NamedNode) and g.value == DEFAULT_GRAPH else g
                yield Quad(r["s"], r["p"], r["o"], graph)  # type: ignore[arg-type]
            if len(rows) < self.page_size:
                return
            offset += self.page_size

    def _all_quads(self) -> Iterator[Quad]:  # RemoteStore.dump writes them
        return self._paged_quads("GRAPH ?g { ?s ?p ?o }")

    def named_graphs(self) -> list[str]:
        out: list[str] = []
        offset = 0
        while True:
            rows = self.select(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g LIMIT {self.page_size} OFFSET {offset}"
            )
            out.extend(r["g"].value for r in rows if isinstance(r["g"], NamedNode))
            if len(rows) < self.page_size:
                break
            offset += self.page_size
        return [g for g in out if g != DEFAULT_GRAPH]

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0  # type: ignore[union-attr]

    def clear(self) -> None:
        """Drop every graph aikg sees (the system graphs stay)."""
        for chunk in _chunks(self.named_graphs() + [DEFAULT_GRAPH], self.graphs_per_request):
            self.update(" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in chunk))


def _graph_in(q: Quad, graphs: Sequence[str]) -> bool:
    return isinstance(q.graph_name, NamedNode) and q.graph_name.value in graphs


def _chunks(items: Sequence[Any], size: int) -> Iterator[list[Any]]:
    for i in range(0, len(items), size):
        yield list(items[i : i + size])
