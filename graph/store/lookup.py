"""Reads by bound subject or graph whose cost is what they return, on every backend.

A SPARQL query that binds many subjects (or graphs) with ``VALUES`` is at the mercy of the engine's plan:
Oxigraph sometimes evaluates the pattern over the whole store first and joins afterwards, so a read of a
batch's graphs grew with the store (docs/scaling.md). :func:`lookup` reads the embedded store through its
indexes, one pattern per key and predicate (:meth:`OxigraphStore.quads`); a remote store gets one query
per chunk of keys, as before.

>>> from pyoxigraph import Literal, NamedNode, Quad
>>> from aikg.graph.store import open_store
>>> s = open_store("memory")
>>> g, p = "https://w3id.org/aikg/article/x", NamedNode("http://e/p")
>>> s.replace_graphs([g], [Quad(NamedNode("http://e/a"), p, Literal("v"), NamedNode(g))])
>>> [str(q.object) for q in lookup(s, [g], "graph", [p])]
['"v"']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pyoxigraph import NamedNode, Quad

from .oxigraph import OxigraphStore
from .remote import RemoteStore
from .text import render_term

__all__ = ["lookup"]

#: Keys per query on a remote store (under servers' request-size limits).
_CHUNK = 400


def lookup(
    store: OxigraphStore | RemoteStore, keys: Iterable[str], by: str,
    predicates: Sequence[NamedNode] | None = None, graph: str | None = None,
) -> list[Quad]:
    """Every quad (in named graphs) whose subject (``by="subject"``) or graph (``by="graph"``) is one of
    ``keys`` (IRIs), with one of ``predicates`` (None: any), in ``graph`` (None: any; only with subjects)."""
    keys = sorted(set(keys))
    g = NamedNode(graph) if graph else None
    preds: Sequence[NamedNode | None] = predicates or [None]
    if isinstance(store, OxigraphStore):
        out: list[Quad] = []
        for k in keys:
            node = NamedNode(k)
            for p in preds:
                out += store.quads(node, p, None, g) if by == "subject" else store.quads(None, p, None, node)
        return [q for q in out if isinstance(q.graph_name, NamedNode)]
    out = []
    key, where = ("s", f"GRAPH {render_term(g) if g else '?g'} {{ ?s ?p ?o }}") if by == "subject" else ("g", "GRAPH ?g { ?s ?p ?o }")
    p_values = f"VALUES ?p {{ {' '.join(render_term(p) for p in predicates)} }} " if predicates else ""
    for i in range(0, len(keys), _CHUNK):
        values = " ".join(render_term(NamedNode(k)) for k in keys[i : i + _CHUNK])
        q = f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?{key} {{ {values} }} {p_values}{where} }}"
        for row in store.select(q):
            out.append(Quad(row["s"], row["p"], row["o"], g or row["g"]))  # type: ignore[arg-type]
    return out
