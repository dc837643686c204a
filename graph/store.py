"""The store: one interface, three backends (embedded on-disk Oxigraph, in-memory, remote SPARQL server).

Every backend speaks pyoxigraph terms and result objects, so callers never care which one they have.
Writes that concern one article (or one imported source) go through :meth:`Store.replace_graphs`, a
single SPARQL Update request: it is one transaction, so either the whole replacement happens or nothing
does.

>>> from pyoxigraph import NamedNode, Quad, Literal
>>> s = open_store("memory")
>>> g = "https://w3id.org/aikg/article/x"
>>> s.replace_graphs([g], [Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("v"), NamedNode(g))])
>>> [str(r["o"]) for r in s.select("SELECT ?o WHERE { ?s ?p ?o }")]
['"v"']
>>> s.replace_graphs([g], [])  # replacing with nothing removes the graph
>>> len(s)
0
"""

from __future__ import annotations

import io
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Protocol

import httpx
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Store as OxStore,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from aikg.ontology import PREFIXES

__all__ = [
    "Store",
    "StoreError",
    "OxigraphStore",
    "RemoteStore",
    "open_store",
    "quads_to_insert_data",
    "render_term",
    "bind",
    "serialize_result",
    "RDF_FORMATS",
    "query_kind",
    "replace_update",
    "with_prefixes",
]

Term = NamedNode | BlankNode | Literal | Triple
QueryResult = QuerySolutions | QueryBoolean | QueryTriples

#: File formats that load/export understand, by name.
RDF_FORMATS: dict[str, RdfFormat] = {
    "trig": RdfFormat.TRIG,
    "nquads": RdfFormat.N_QUADS,
    "turtle": RdfFormat.TURTLE,
    "ntriples": RdfFormat.N_TRIPLES,
    "jsonld": RdfFormat.JSON_LD,
    "rdfxml": RdfFormat.RDF_XML,
}


class StoreError(RuntimeError):
    """The store could not do what was asked (bad query, server down, locked folder, ...)."""


def render_term(term: Term) -> str:
    """A term in SPARQL/N-Triples syntax, escaped: safe to put into a query."""
    return str(term)


def bind(query: str, **params: Term | str | int | float | None) -> str:
    """Fill ``$name`` placeholders in a query with escaped terms (plain values become literals).

    This is the only way user input enters a query: values are serialised as RDF terms, never pasted.

    >>> bind('SELECT ?s WHERE { ?s rdfs:label $name }', name='x" } DROP ALL {')
    'SELECT ?s WHERE { ?s rdfs:label "x\\\\" } DROP ALL {" }'
    """
    import re

    def term_for(value: Any) -> str:
        if isinstance(value, NamedNode | BlankNode | Literal | Triple):
            return render_term(value)
        if isinstance(value, bool):
            return render_term(Literal(str(value).lower(), datatype=NamedNode(PREFIXES["xsd"] + "boolean")))
        if isinstance(value, int):
            return render_term(Literal(str(value), datatype=NamedNode(PREFIXES["xsd"] + "integer")))
        if isinstance(value, float):
            return render_term(Literal(repr(value), datatype=NamedNode(PREFIXES["xsd"] + "double")))
        return render_term(Literal(str(value)))

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name in params and params[name] is not None:
            return term_for(params[name])
        return m.group(0)

    return re.sub(r"\$([A-Za-z_][A-Za-z0-9_]*)", sub, query)


def quads_to_insert_data(quads: Iterable[Quad]) -> str:
    """An ``INSERT DATA`` body (without the keyword) grouping quads by graph."""
    by_graph: dict[str, list[str]] = defaultdict(list)
    for q in quads:
        g = "" if isinstance(q.graph_name, DefaultGraph) else str(q.graph_name)
        by_graph[g].append(f"{q.subject} {q.predicate} {q.object} .")
    parts = []
    for g, triples in by_graph.items():
        body = "\n".join(triples)
        parts.append(f"GRAPH {g} {{\n{body}\n}}" if g else body)
    return "{\n" + "\n".join(parts) + "\n}"


def replace_update(graphs: Sequence[str], quads: Sequence[Quad]) -> str:
    drops = "".join(f"DROP SILENT GRAPH <{g}> ;\n" for g in graphs)
    if not quads:
        return drops.rstrip(" ;\n") or ""
    return drops + "INSERT DATA " + quads_to_insert_data(quads)


class Store(Protocol):
    """What every backend offers. Queries see the union of all graphs as their default graph."""

    location: str

    def query(self, sparql: str, *, default_union: bool = True) -> QueryResult: ...
    def query_serialized(self, sparql: str, media_type: str) -> tuple[bytes, str]: ...
    def update(self, sparql: str) -> None: ...
    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None: ...
    def insert_graphs(self, quads: Sequence[Quad]) -> None: ...
    def add(self, quads: Iterable[Quad]) -> None: ...
    def bulk_add(self, quads: Iterable[Quad]) -> None: ...
    def load(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None: ...
    def dump(self, out: IO[bytes], fmt: RdfFormat) -> None: ...
    def named_graphs(self) -> list[str]: ...
    def by_predicate(self, predicate: str) -> Iterator[tuple[Term, Term, Term]]: ...
    def select(self, sparql: str) -> list[dict[str, Term]]: ...
    def ask(self, sparql: str) -> bool: ...
    def close(self) -> None: ...
    def __len__(self) -> int: ...


class _Common:
    """Helpers shared by the backends, written only in terms of ``query``."""

    def select(self, sparql: str) -> list[dict[str, Term]]:
        """Rows of a SELECT query as dicts from variable name to term (unbound variables left out)."""
        res = self.query(sparql)  # type: ignore[attr-defined]
        if not isinstance(res, QuerySolutions):
            raise StoreError("expected a SELECT query")
        names = [v.value for v in res.variables]
        out = []
        for sol in res:
            row = {}
            for n in names:
                t = sol[n]
                if t is not None:
                    row[n] = t
            out.append(row)
        return out

    def ask(self, sparql: str) -> bool:
        res = self.query(sparql)  # type: ignore[attr-defined]
        if not isinstance(res, QueryBoolean):
            raise StoreError("expected an ASK query")
        return bool(res)


_RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/csv": QueryResultsFormat.CSV,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}


def serialize_result(res: QueryResult, media_type: str) -> bytes:
    """A query result in the given media type (results formats for SELECT/ASK, RDF for graphs)."""
    if isinstance(res, QueryTriples):
        fmt = RdfFormat.from_media_type(media_type)
        if fmt is None:
            raise StoreError(f"cannot write a graph as {media_type}")
        buf = io.BytesIO()
        serialize((t for t in res), buf, fmt)
        return buf.getvalue()
    rfmt = _RESULT_FORMATS.get(media_type)
    if rfmt is None:
        raise StoreError(f"cannot write query results as {media_type}")
    data = res.serialize(format=rfmt)
    return data if isinstance(data, bytes) else b""


def _open_rw(path: str) -> OxStore:
    """A read-write handle on the database at ``path`` (a seam the reopen test replaces)."""
    return OxStore(path)


class OxigraphStore(_Common):
    """Embedded Oxigraph: on disk when given a folder (one process holds it read-write), else in memory."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.location = str(path) if path else "memory"
        self.read_only = False  # True after a failed reopen (see ``reopen``)
        try:
            if path:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = OxStore(str(path))
            else:
                self._store = OxStore()
        except OSError as exc:
            raise StoreError(f"cannot open the store at {path}: {exc} (is another aikg process using it?)") from exc

    @property
    def raw(self) -> OxStore:
        """The underlying pyoxigraph store."""
        return self._store

    def query(self, sparql: str, *, default_union: bool = True) -> QueryResult:
        try:
            return self._store.query(sparql, use_default_graph_as_union=default_union, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise StoreError(f"malformed query: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"query failed: {exc}") from exc

    def query_serialized(self, sparql: str, media_type: str) -> tuple[bytes, str]:
        return serialize_result(self.query(sparql), media_type), media_type

    def update(self, sparql: str) -> None:
        try:
            self._store.update(sparql, prefixes=PREFIXES)
        except SyntaxError as exc:
            raise StoreError(f"malformed update: {exc}") from exc
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"update failed: {exc}") from exc

    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None:
        """Drop ``graphs`` and insert ``quads`` in one transaction (all or nothing)."""
        upd = replace_update(graphs, quads)
        if upd:
            self.update(upd)

    def add(self, quads: Iterable[Quad]) -> None:
        self._store.extend(quads)

    def insert_nquads(self, data: bytes) -> None:
        """Insert N-Quads text of graphs that do not exist yet, atomically (like :meth:`insert_graphs`)."""
        try:
            if self.location == "memory":
                self._store.load(data, format=RdfFormat.N_QUADS)
            else:
                self._store.bulk_load(data, format=RdfFormat.N_QUADS)
        except (OSError, RuntimeError, ValueError, SyntaxError) as exc:
            raise StoreError(f"insert failed: {exc}") from exc

    def insert_graphs(self, quads: Sequence[Quad]) -> None:
        """Insert the quads of graphs that do not exist yet, atomically.

        On disk this uses Oxigraph's bulk loader (SST files ingested in one step: several times faster
        than a transaction, and still all or nothing); in memory a plain transaction.
        """
        try:
            if self.location == "memory":
                self._store.extend(quads)
            else:
                self._store.bulk_extend(quads)
        except (OSError, RuntimeError, ValueError) as exc:
            raise StoreError(f"insert failed: {exc}") from exc

    def bulk_add(self, quads: Iterable[Quad]) -> None:
        self._store.bulk_extend(quads)

    def load(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        try:
            if fmt.supports_datasets:
                self._store.bulk_load(data, format=fmt)
            else:
                self._store.bulk_load(data, format=fmt, to_graph=DefaultGraph())
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot parse {fmt.name}: {exc}") from exc

    def dump(self, out: IO[bytes], fmt: RdfFormat) -> None:
        if fmt.supports_datasets:
            self._store.dump(out, format=fmt, prefixes=PREFIXES) if fmt != RdfFormat.N_QUADS else self._store.dump(out, format=fmt)
        else:  # a triple format: the union of all graphs
            triples = {Triple(q.subject, q.predicate, q.object) for q in self._store}
            serialize(triples, out, fmt, prefixes=PREFIXES) if fmt != RdfFormat.N_TRIPLES else serialize(triples, out, fmt)

    def named_graphs(self) -> list[str]:
        return [g.value for g in self._store.named_graphs() if isinstance(g, NamedNode)]

    def by_predicate(self, predicate: str) -> Iterator[tuple[Term, Term, Term]]:
        """(graph, subject, object) of every quad with ``predicate`` in a named graph: one index scan,
        no query (a whole-store join of seven patterns took 15 s where seven scans take about one)."""
        for q in self._store.quads_for_pattern(None, NamedNode(predicate), None, None):
            if isinstance(q.graph_name, NamedNode):
                yield q.graph_name, q.subject, q.object

    def flush(self) -> None:
        if self.location != "memory" and not self.read_only:
            self._store.flush()

    def reopen(self, wait: float = 10.0) -> None:
        """Close the on-disk database and open it again (nothing for an in-memory store).

        Releases the memory RocksDB accumulates under writes: pyoxigraph 0.5 keeps about 50 KB per bulk
        write until the database is closed (``bench/store_memory.py`` shows it). The caller makes sure
        nothing uses the store meanwhile (the server does it through ``api/gate.py``).

        All or nothing for the callers: RocksDB lets one handle per process write, so the old handle has
        to go before the new one opens; if the new one cannot be opened within ``wait`` seconds (a query
        result still read elsewhere keeps the old database open, the disk fails), the store opens the
        same database read-only instead, so every read keeps working, writes fail with
        :class:`StoreError` naming the cause, ``read_only`` is True, and :class:`StoreError` is raised;
        the next successful ``reopen`` makes it writable again. A process killed meanwhile loses
        nothing: everything was flushed before the old handle closed.
        """
        if self.location == "memory":
            return
        import gc
        import time

        if not self.read_only:
            self._store.flush()
        del self._store
        gc.collect()
        deadline = time.monotonic() + wait
        while True:
            try:
                self._store = _open_rw(self.location)
                self.read_only = False
                return
            except (OSError, RuntimeError) as exc:
                if time.monotonic() > deadline:
                    self._store = OxStore.read_only(self.location)
                    self.read_only = True
                    raise StoreError(f"cannot reopen the store at {self.location} for writing ({exc}); "
                                     "serving it read-only until the next reopen") from exc
                time.sleep(0.05)

    def close(self) -> None:
        if self.location != "memory" and not self.read_only:
            try:
                self._store.flush()
            except OSError:
                pass
        del self._store

    def __len__(self) -> int:
        return len(self._store)


class RemoteStore(_Common):
    """Any SPARQL 1.1 server: Protocol for queries and updates, nothing else assumed.

    The server must expose the union of its named graphs as the default graph (Oxigraph:
    ``--union-default-graph``; Fuseki: ``tdb2:unionDefaultGraph``; GraphDB and Virtuoso do by default).
    Failed requests are retried with backoff (``retries`` times) before :class:`StoreError` is raised.
    """

    def __init__(
        self,
        query_url: str,
        update_url: str | None = None,
        *,
        auth: httpx.Auth | tuple[str, str] | None = None,
        timeout: float = 60.0,
        retries: int = 3,
        backoff: float = 0.5,
    ) -> None:
        self.location = query_url
        self.query_url = query_url
        if update_url is None:
            update_url = query_url[: -len("/query")] + "/update" if query_url.endswith("/query") else query_url
        self.update_url = update_url
        self.retries = retries
        self.backoff = backoff
        self._client = httpx.Client(timeout=timeout, auth=auth)

    @property
    def auth(self) -> httpx.Auth | None:
        """The credentials requests to the server carry (for clients of the same server, such as the SPARQL endpoint's)."""
        return self._client.auth

    #: After the server was found unreachable (all retries spent), requests fail at once for this many
    #: seconds instead of retrying again (a circuit breaker: an ingest of thousands of articles against a
    #: dead server reports them failed in seconds, not hours); then the next request tries again.
    down_cooldown = 5.0

    def _post(self, url: str, **kwargs: Any) -> httpx.Response:
        down = getattr(self, "_down", None)
        if down is not None and time.monotonic() < down[0]:
            raise StoreError(f"SPARQL server at {url} unreachable: {down[1]} (not retried: it was down moments ago)")
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                resp = self._client.post(url, **kwargs)
                self._down = None
            except httpx.TransportError as exc:
                if attempt == self.retries:
                    self._down = (time.monotonic() + self.down_cooldown, str(exc))
                    raise StoreError(f"SPARQL server at {url} unreachable: {exc}") from exc
                time.sleep(delay)
                delay *= 2
                continue
            if resp.status_code >= 500 and attempt < self.retries:
                time.sleep(delay)
                delay *= 2
                continue
            if resp.status_code >= 400:
                raise StoreError(f"SPARQL server answered {resp.status_code}: {resp.text[:500]}")
            return resp
        raise StoreError("unreachable")  # pragma: no cover

    def query_request(
        self, sparql: str, accept: str, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = ()
    ) -> dict[str, Any]:
        """Keyword arguments of ``httpx.Client.build_request`` for a query over the SPARQL protocol.

        For callers that talk to the server themselves (the SPARQL endpoint streams the answer): the
        backend decides how a query is sent (a dialect may need another encoding or a rewritten text).
        """
        params = [("default-graph-uri", g) for g in default_graphs] + [("named-graph-uri", g) for g in named_graphs]
        return {
            "method": "POST",
            "url": self.query_url,
            "params": params,
            "content": with_prefixes(sparql).encode("utf-8"),
            "headers": {"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        }

    def normalize_answer(self, data: bytes, media_type: str) -> bytes:
        """The body of an answer to :meth:`query_request`, in standard form (a dialect may differ)."""
        return data

    def _raw_query(self, sparql: str, accept: str) -> httpx.Response:
        prefixed = with_prefixes(sparql)
        return self._post(
            self.query_url,
            content=prefixed.encode("utf-8"),
            headers={"Content-Type": "application/sparql-query; charset=utf-8", "Accept": accept},
        )

    def query(self, sparql: str, *, default_union: bool = True) -> QueryResult:
        kind = query_kind(sparql)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            resp = self._raw_query(sparql, "application/n-triples")
            return _TriplesResult(parse(resp.content, format=RdfFormat.N_TRIPLES))  # type: ignore[return-value]
        resp = self._raw_query(sparql, "application/sparql-results+json")
        _check_truncated(resp.content)
        return parse_query_results(resp.content, format=QueryResultsFormat.JSON)

    def query_serialized(self, sparql: str, media_type: str) -> tuple[bytes, str]:
        resp = self._raw_query(sparql, media_type)
        _check_truncated(resp.content)
        return resp.content, resp.headers.get("content-type", media_type).split(";")[0]

    def update(self, sparql: str) -> None:
        self._post(
            self.update_url,
            content=with_prefixes(sparql).encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )

    def replace_graphs(self, graphs: Sequence[str], quads: Sequence[Quad]) -> None:
        upd = replace_update(graphs, quads)
        if upd:
            self.update(upd)

    def insert_graphs(self, quads: Sequence[Quad]) -> None:
        """Insert the quads of graphs that do not exist yet, in one transaction."""
        self.replace_graphs([], quads)

    def add(self, quads: Iterable[Quad]) -> None:
        batch: list[Quad] = []
        for q in quads:
            batch.append(q)
            if len(batch) >= 5000:
                self.update("INSERT DATA " + quads_to_insert_data(batch))
                batch = []
        if batch:
            self.update("INSERT DATA " + quads_to_insert_data(batch))

    bulk_add = add

    def load(self, data: bytes | IO[bytes], fmt: RdfFormat) -> None:
        try:
            quads = parse(data, format=fmt) if fmt.supports_datasets else parse(data, format=fmt)
            self.add(q if isinstance(q, Quad) else Quad(q.subject, q.predicate, q.object) for q in quads)
        except (SyntaxError, ValueError) as exc:
            raise StoreError(f"cannot parse {fmt.name}: {exc}") from exc

    def _all_quads(self) -> Iterator[Quad]:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", default_union=False)
        assert isinstance(rows, QuerySolutions)
        for r in rows:
            g = r["g"]
            yield Quad(r["s"], r["p"], r["o"], g if g is not None else DefaultGraph())

    def dump(self, out: IO[bytes], fmt: RdfFormat) -> None:
        quads = list(self._all_quads())
        if fmt.supports_datasets:
            serialize(quads, out, fmt)
        else:
            serialize({Triple(q.subject, q.predicate, q.object) for q in quads}, out, fmt)

    def named_graphs(self) -> list[str]:
        return [str(r["g"].value) for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }")]  # type: ignore[union-attr]

    def by_predicate(self, predicate: str) -> Iterator[tuple[Term, Term, Term]]:
        """(graph, subject, object) of every quad with ``predicate`` in a named graph (one SELECT)."""
        for row in self.select(bind("SELECT ?g ?s ?o WHERE { GRAPH ?g { ?s $p ?o } }", p=NamedNode(predicate))):
            yield row["g"], row["s"], row["o"]

    def close(self) -> None:
        self._client.close()

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(rows[0]["n"].value) if rows else 0  # type: ignore[union-attr]


class _TriplesResult(list[Triple]):
    """CONSTRUCT results of a remote store: an iterable of triples, like pyoxigraph's QueryTriples."""

    def __init__(self, quads: Iterable[Any]) -> None:
        super().__init__(Triple(q.subject, q.predicate, q.object) for q in quads)


def query_kind(sparql: str) -> str:
    import re

    stripped = re.sub(r"#[^\n]*", " ", sparql)
    stripped = re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", stripped)
    m = re.match(r"\s*(\w+)", stripped)
    return m.group(1).upper() if m else ""


def with_prefixes(sparql: str) -> str:
    """Declare the standard prefixes a query uses without declaring them (remote servers don't know them)."""
    import re

    declared = {m.lower() for m in re.findall(r"(?i)PREFIX\s+([\w-]*):", sparql)}
    used = {p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w<]){re.escape(p)}:", sparql)}
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used))
    return head + sparql


def _check_truncated(body: bytes) -> None:
    if body.rstrip().endswith(b"The SPARQL operation has been cancelled"):
        raise StoreError("query timed out on the SPARQL server")


def open_store(
    spec: str,
    *,
    update_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> OxigraphStore | RemoteStore:
    """The store a spec names: a folder path, ``memory``, or an http(s) SPARQL endpoint URL."""
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith(("http://", "https://")):
        spec, user, password = _split_userinfo(spec, user, password)
        from .virtuoso import VirtuosoStore, is_virtuoso

        if is_virtuoso(spec, update_url):
            return VirtuosoStore(spec, update_url, user=user, password=password)
        auth = (user, password) if user and password else None
        return RemoteStore(spec, update_url, auth=auth)
    return OxigraphStore(spec)


def _split_userinfo(url: str, user: str | None, password: str | None) -> tuple[str, str | None, str | None]:
    """``http://user:password@host/…`` → the URL without credentials, and the credentials (URL-decoded)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.username is None:
        return url, user, password
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, user or unquote(parts.username), password or unquote(parts.password or "") or None
