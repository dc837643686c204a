"""SPARQL text made from terms and quads: the one place where values become query text (always escaped)."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad, Triple

from aikg.ontology import PREFIXES

from .base import Term

__all__ = ["render_term", "bind", "quads_to_insert_data", "replace_update", "query_kind", "with_prefixes"]


def render_term(term: Term) -> str:
    """A term in SPARQL/N-Triples syntax, escaped: safe to put into a query."""
    return str(term)


def bind(query: str, **params: Term | str | int | float | None) -> str:
    """Fill ``$name`` placeholders in a query with escaped terms (plain values become literals).

    This is the only way user input enters a query: values are serialised as RDF terms, never pasted.

    >>> bind('SELECT ?s WHERE { ?s rdfs:label $name }', name='x" } DROP ALL {')
    'SELECT ?s WHERE { ?s rdfs:label "x\\\\" } DROP ALL {" }'
    """
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


def query_kind(sparql: str) -> str:
    stripped = re.sub(r"#[^\n]*", " ", sparql)
    stripped = re.sub(r"(?is)^\s*((PREFIX\s+\S*\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", stripped)
    m = re.match(r"\s*(\w+)", stripped)
    return m.group(1).upper() if m else ""


def with_prefixes(sparql: str) -> str:
    """Declare the standard prefixes a query uses without declaring them (remote servers don't know them)."""
    declared = {m.lower() for m in re.findall(r"(?i)PREFIX\s+([\w-]*):", sparql)}
    used = {p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w<]){re.escape(p)}:", sparql)}
    head = "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in sorted(used))
    return head + sparql
