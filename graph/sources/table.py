"""The table that says how one structured source maps to the ontology, and the records it reads.

A source is a list of records (plain dicts, from YAML, CSV, JSON, ...) plus one :class:`SourceMapping`
table saying which field holds the name, the kind, the organisations, the dependencies and which literal
fields (:class:`Field`) become which typed RDF properties; :mod:`aikg.graph.sources.mapping` applies it.

>>> source_iri("ecosystem-graphs")
'https://w3id.org/aikg/source/ecosystem-graphs'
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "ASSET_CLASSES",
    "ORG",
    "ORG_CLASSES",
    "SOURCE_BASE",
    "Field",
    "SourceError",
    "SourceMapping",
    "SourceRecord",
    "source_iri",
]

SOURCE_BASE = "https://w3id.org/aikg/source/"
#: In ``SourceMapping.types``: records of this kind are organisations (classified Company/Organization).
ORG = "@org"
ORG_CLASSES = frozenset({"Company", "Organization"})
ASSET_CLASSES = frozenset({"Model", "Tool", "Dataset"})


class SourceError(ValueError):
    """The source as a whole is unusable (no such folder, no records)."""


def source_iri(source_id: str) -> str:
    """The IRI of an imported source, which is also the name of the graph holding its facts."""
    return SOURCE_BASE + source_id


# ---------------------------------------------------------------------------------------------- the table
@dataclass(frozen=True)
class Field:
    """One literal field: record key → predicate IRI, converted by ``kind``.

    kinds: ``text`` (xsd:string), ``token`` (lower-cased, checked against ``allowed``), ``uri``
    (xsd:anyURI, http(s) only), ``date`` (xsd:date, or xsd:gYearMonth / xsd:gYear for partial dates),
    ``parameters`` (a parameter count such as "7B parameters" → xsd:decimal). ``multi`` keeps every
    value when several records fold into one entity; otherwise the first value wins.
    """

    key: str
    predicate: str
    kind: str = "text"
    multi: bool = False
    allowed: frozenset[str] = frozenset()
    classes: frozenset[str] = frozenset()  # only for entities of these classes (empty: all)


@dataclass(frozen=True)
class SourceMapping:
    """How the records of one structured source map to the ontology."""

    source_id: str
    title: str
    types: Mapping[str, str]  # value of ``type_field`` → aikg class local name (or ORG)
    type_field: str | None = "type"
    default_type: str | None = None  # for sources with one kind of record and no type column
    name_field: str = "name"
    org_field: str | None = "organization"
    org_predicates: Mapping[str, str] = field(
        default_factory=lambda: {"Model": "builds", "Tool": "develops", "Dataset": "creates"}
    )
    dep_field: str | None = "dependencies"
    dep_predicates: Mapping[tuple[str, str], str] = field(
        default_factory=lambda: {("Model", "Model"): "basedOn", ("Model", "Dataset"): "trainedOn", ("Tool", "Model"): "uses"}
    )
    fallback_dep: str = "dependsOn"
    alias_field: str | None = None
    fields: tuple[Field, ...] = ()

    @property
    def graph(self) -> str:
        return source_iri(self.source_id)


@dataclass
class SourceRecord:
    """One record of a source and where it came from (for warnings)."""

    data: Mapping[str, Any]
    where: str

