"""What every store backend shares: the interface, its error, the term and result types, result serialisation."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Protocol

from pyoxigraph import (
    BlankNode,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    QueryTriples,
    RdfFormat,
    Triple,
    serialize,
)

__all__ = ["Store", "StoreError", "Term", "QueryResult", "RDF_FORMATS", "serialize_result", "QueryHelpers"]

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


class QueryHelpers:
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
