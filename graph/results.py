"""Rendering query results for people (a text table) and programs (SPARQL JSON, CSV, TSV)."""

from __future__ import annotations

from typing import Any

from pyoxigraph import (
    Literal,
    NamedNode,
    QueryBoolean,
    QueryResultsFormat,
    QuerySolutions,
    RdfFormat,
    serialize,
)

from aikg.ontology import PREFIXES

__all__ = ["render_result", "term_text"]


def term_text(term: Any) -> str:
    """A term as people read it: prefixed IRIs, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, NamedNode):
        for p, iri in PREFIXES.items():
            if term.value.startswith(iri):
                return f"{p}:{term.value[len(iri):]}"
        return term.value
    if isinstance(term, Literal):
        return term.value
    return str(term)


def _table(res: QuerySolutions) -> str:
    names = [v.value for v in res.variables]
    rows = [[term_text(sol[n]).replace("\n", " ") for n in names] for sol in res]
    widths = [min(60, max([len(n)] + [len(r[i]) for r in rows])) for i, n in enumerate(names)]

    def line(cells: list[str]) -> str:
        return " | ".join((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()

    out = [line(names), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


_FORMATS = {"json": QueryResultsFormat.JSON, "csv": QueryResultsFormat.CSV, "tsv": QueryResultsFormat.TSV}


def render_result(res: Any, fmt: str = "table") -> str:
    """A query result as text: ``table`` for people, ``json``/``csv``/``tsv`` for programs."""
    if isinstance(res, QueryBoolean):
        if fmt == "table":
            return ("yes" if bool(res) else "no") + "\n"
        return (res.serialize(format=_FORMATS[fmt]) or b"").decode("utf-8")
    if isinstance(res, QuerySolutions):
        if fmt == "table":
            return _table(res)
        data = res.serialize(format=_FORMATS[fmt])
        return data.decode("utf-8") if isinstance(data, bytes) else ""
    # CONSTRUCT / DESCRIBE: Turtle
    return serialize(list(res), format=RdfFormat.TURTLE, prefixes=PREFIXES).decode("utf-8")  # type: ignore[union-attr]
