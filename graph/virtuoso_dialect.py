"""Virtuoso's SPARQL dialect as text: update texts it accepts, queries rewritten for it, answers made standard.

The store (:class:`aikg.graph.virtuoso.VirtuosoStore`) sends what this module writes; why each piece is
needed is told in :mod:`aikg.graph.virtuoso`. Pure functions over text and quads, no requests.

>>> rewrite_constant_graphs("SELECT * WHERE { GRAPH <urn:g> { ?s ?p ?o } }")
'SELECT * WHERE { GRAPH ?__aikg_g0 { ?s ?p ?o } FILTER(?__aikg_g0 = <urn:g>) }'
>>> close_json(b'{"head": {"vars": ["s"]}, "results": { "bindings": [\\n{"s": {"type": "literal", "value": "a"}},\\n{"s"')
b'{"head": {"vars": ["s"]}, "results": { "bindings": [\\n{"s": {"type": "literal", "value": "a"}} ] } }'
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

__all__ = [
    "DEFAULT_GRAPH",
    "HIDDEN_VAR",
    "LONG_LITERAL",
    "MAX_LITERAL",
    "PIECE_CHARS",
    "TSV",
    "close_json",
    "fix_json",
    "has_bnode",
    "literal_len",
    "needs_template",
    "rewrite_constant_graphs",
    "template_insert",
]

#: Where triples that belong to the default graph are kept (Virtuoso has no separate default graph).
DEFAULT_GRAPH = "urn:x-aikg:default-graph"
#: Literals longer than this (characters) are sent as a CONCAT of pieces.
LONG_LITERAL = 20_000
#: Longest literal Virtuoso can hold (its string limit is 10 MB of 4-byte characters).
MAX_LITERAL = 2_000_000
#: Characters per piece of a long literal's CONCAT.
PIECE_CHARS = 8_000


def literal_len(term: Any) -> int:
    return len(term.value) if isinstance(term, Literal) else 0


def has_bnode(q: Quad) -> bool:
    return isinstance(q.subject, BlankNode) or isinstance(q.object, BlankNode)


def needs_template(q: Quad) -> bool:
    return has_bnode(q) or literal_len(q.object) > LONG_LITERAL



def template_insert(quads: Sequence[Quad]) -> str:
    """``INSERT {…} WHERE {…}`` for quads with blank nodes or very long literals."""
    binds: list[str] = []
    by_graph: dict[str, list[str]] = {}
    for q in quads:
        obj = str(q.object)
        if literal_len(q.object) > LONG_LITERAL:
            lit = q.object
            assert isinstance(lit, Literal)
            var = f"?long{len(binds)}"
            pieces = ", ".join(str(Literal(lit.value[i : i + PIECE_CHARS])) for i in range(0, len(lit.value), PIECE_CHARS))
            expr = f"CONCAT({pieces})"
            if lit.language:
                expr = f"STRLANG({expr}, {json.dumps(lit.language)})"
            elif lit.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
                expr = f"STRDT({expr}, <{lit.datatype.value}>)"
            binds.append(f"BIND({expr} AS {var})")
            obj = var
        g = str(q.graph_name) if isinstance(q.graph_name, NamedNode) else f"<{DEFAULT_GRAPH}>"
        by_graph.setdefault(g, []).append(f"{q.subject} {q.predicate} {obj} .")
    body = "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items())
    return f"INSERT {{\n{body}\n}} WHERE {{ {' '.join(binds)} }}"


HIDDEN_VAR = "__aikg_g"
_TOKEN = re.compile(
    r'''(?P<str>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')'''
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<iri><[^<>\"{}|^`\\\s]*>)"
    r"|(?P<graph>(?<![?$\w])GRAPH\b)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]+)",
    re.I,
)


def rewrite_constant_graphs(sparql: str) -> str:
    """``GRAPH <g> { P }`` → ``GRAPH ?__aikg_gN { P } FILTER(?__aikg_gN = <g>)``.

    Virtuoso returns no rows for a constant ``GRAPH`` pattern as soon as a query carries a graph
    exclusion pragma (COUNT and ASK still work); with a variable and a filter it is right. The
    helper variables are removed from the results again. Unbalanced text is returned unchanged.
    """
    if not re.search(r"(?i)\bGRAPH\b", sparql):
        return sparql
    tokens = [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(sparql)]
    tokens = [t for t in tokens if t[0] not in ("str", "comment")]
    edits: list[tuple[int, int, str]] = []
    n = 0
    for i, (kind, _start, end) in enumerate(tokens):
        if kind != "graph" or i + 2 >= len(tokens):
            continue
        name, brace = tokens[i + 1], tokens[i + 2]
        if name[0] not in ("iri", "pname") or brace[0] != "open":
            continue
        if sparql[end : name[1]].strip() or sparql[name[2] : brace[1]].strip():
            continue
        depth, close = 0, None
        for kind2, s2, _e2 in tokens[i + 2 :]:
            if kind2 == "open":
                depth += 1
            elif kind2 == "close":
                depth -= 1
                if depth == 0:
                    close = s2
                    break
        if close is None:
            return sparql
        var = f"?{HIDDEN_VAR}{n}"
        n += 1
        edits.append((name[1], name[2], var))
        edits.append((close + 1, close + 1, f" FILTER({var} = {sparql[name[1]:name[2]]})"))
    for start, end, text in sorted(edits, reverse=True):
        sparql = sparql[:start] + text + sparql[end:]
    return sparql


TSV = "text/tab-separated-values"


def close_json(body: bytes) -> bytes:
    """Virtuoso's JSON results cut after a row line (a row cap while streaming): closed again."""
    try:
        json.loads(body)
        return body
    except ValueError:
        pass
    lines = body.rstrip().split(b"\n")
    while lines and not lines[-1].rstrip().endswith((b"}", b"},", b"[")):
        lines.pop()
    if lines:
        lines[-1] = lines[-1].rstrip().rstrip(b",")
    return b"\n".join(lines) + b" ] } }"


def fix_json(body: bytes) -> bytes:
    """Virtuoso's JSON results made standard: blank nodes written ``nodeID://b123`` become ``b123``;
    the helper variables of :func:`rewrite_constant_graphs` are taken out."""
    if b"nodeID://" not in body and HIDDEN_VAR.encode() not in body:
        return body
    data = json.loads(body)
    head = data.get("head", {})
    if "vars" in head:
        head["vars"] = [v for v in head["vars"] if not v.startswith(HIDDEN_VAR)]
    for row in data.get("results", {}).get("bindings", []):
        for var in [v for v in row if v.startswith(HIDDEN_VAR)]:
            del row[var]
        for value in row.values():
            if value.get("type") == "bnode" and value.get("value", "").startswith("nodeID://"):
                value["value"] = value["value"][len("nodeID://") :]
    return json.dumps(data).encode("utf-8")
