"""Any SPARQL 1.1 server as the store: the protocol for queries and updates, retries and a circuit breaker."""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

import httpx
from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    Quad,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    Triple,
    parse,
    parse_query_results,
    serialize,
)

from . import text
from .base import QueryHelpers, QueryResult, StoreError, Term
from .text import bind, quads_to_insert_data, query_kind, with_prefixes

__all__ = ["RemoteStore"]


class RemoteStore(QueryHelpers):
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
        upd = text.replace_update(graphs, quads)  # looked up at the call: one seam for tests
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


def _check_truncated(body: bytes) -> None:
    if body.rstrip().endswith(b"The SPARQL operation has been cancelled"):
        raise StoreError("query timed out on the SPARQL server")
