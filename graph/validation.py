"""Validation of the stored graph, reported readably: the SHACL shapes (pyshacl) and one type per entity
(``graph.entity_types.type_conflicts``: an entity holding two of the disjoint entity classes)."""

from __future__ import annotations

from dataclasses import dataclass, field

import rdflib
from rdflib.namespace import RDFS, SH

from aikg.ontology import load_shapes

from .entity_types import TypeConflict, type_conflicts
from .store import OxigraphStore, RemoteStore

__all__ = ["Violation", "ValidationReport", "validate_graph", "validate_store"]


@dataclass(frozen=True)
class Violation:
    focus: str
    label: str
    path: str
    message: str
    severity: str

    def __str__(self) -> str:
        name = f"{self.label} <{self.focus}>" if self.label else f"<{self.focus}>"
        return f"{self.severity}: {name} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    """What SHACL found. ``conforms`` is True when no shape is violated and no entity holds two types
    (``conflicts``). ``triples``: the distinct triples validated (the union of all graphs); ``quads``: the
    store's size when a store was validated (``aikg.graph.stats.count_quads``, as ``aikg stats`` shows it).

    >>> print(ValidationReport(True, 1649, quads=1653).text())
    valid: 1649 distinct triples (the union of 1653 quads in the store) conform to the aikg shapes; 0 type conflicts
    """

    conforms: bool
    triples: int
    violations: list[Violation] = field(default_factory=list)
    conflicts: list[TypeConflict] = field(default_factory=list)
    quads: int | None = None

    def text(self) -> str:
        what = f"{self.triples} distinct triples" + (f" (the union of {self.quads} quads in the store)" if self.quads is not None else "")
        if self.conforms:
            return f"valid: {what} conform to the aikg shapes; 0 type conflicts"
        lines = []
        if self.violations:
            lines.append(f"{len(self.violations)} violation(s) in {what}:")
            lines += [f"  - {v}" for v in self.violations]
        if self.conflicts:
            lines.append(f"{len(self.conflicts)} type conflict(s) (an entity has one type per store):")
            lines += [f"  - {c}" for c in self.conflicts]
        return "\n".join(lines)


def _short(g: rdflib.Graph, node: object) -> str:
    if node is None:
        return ""
    try:
        return g.namespace_manager.normalizeUri(node)  # type: ignore[arg-type]
    except Exception:
        return str(node)


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    """Validate an rdflib graph (the union of all graphs) against the bundled shapes."""
    from pyshacl import validate

    # inplace: the graph is ours (a copy of the store), so pyshacl need not clone it first
    conforms, results, _ = validate(data, shacl_graph=load_shapes(), inference="none", advanced=True, allow_warnings=True,
                                   inplace=True)
    report = ValidationReport(bool(conforms), len(data))
    assert isinstance(results, rdflib.Graph)
    for r in results.subjects(rdflib.RDF.type, SH.ValidationResult):
        focus = results.value(r, SH.focusNode)
        label = data.value(focus, RDFS.label) if focus is not None else None
        path = results.value(r, SH.resultPath)
        report.violations.append(
            Violation(
                focus=str(focus),
                label=str(label or ""),
                path=_short(results, path) if path is not None else "",
                message=str(results.value(r, SH.resultMessage) or "constraint violated"),
                severity=str(results.value(r, SH.resultSeverity) or "").rsplit("#", 1)[-1],
            )
        )
    report.violations.sort(key=lambda v: (v.label, v.focus, v.path))
    return report


def validate_store(store: OxigraphStore | RemoteStore) -> ValidationReport:
    """Validate the union of every graph in the store."""
    import io

    from pyoxigraph import RdfFormat

    from .stats import count_quads

    quads = count_quads(store)
    buf = io.BytesIO()
    store.dump(buf, RdfFormat.N_TRIPLES)
    g = rdflib.Graph()
    g.parse(data=buf.getvalue().decode("utf-8"), format="nt")
    for p, iri in __import__("aikg.ontology", fromlist=["PREFIXES"]).PREFIXES.items():
        g.bind(p, iri)
    report = validate_graph(g)
    report.conflicts = type_conflicts(store)
    report.conforms = report.conforms and not report.conflicts
    report.quads = quads
    return report
