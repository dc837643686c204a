"""What one import of a structured source read, created, merged and linked (:class:`ImportSummary`).

The summary travels as JSON from a server to the CLI (:meth:`ImportSummary.as_dict` /
:meth:`ImportSummary.from_dict`) and prints the same on both sides (:meth:`ImportSummary.text`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ImportSummary", "Unresolved"]


@dataclass
class Unresolved:
    """A dependency name that matches no record of the source."""

    name: str
    iri: str | None  # None for placeholders such as 'unknown'
    type: str | None  # the class it was given (registry or name pattern), None when unknown
    registry: bool
    dependents: list[str] = field(default_factory=list)


@dataclass
class ImportSummary:
    """What an import read, created, merged and linked, and what it could not resolve."""

    source: str
    graph: str
    version: str | None = None
    files: int = 0
    assets_read: int = 0
    records_by_type: Counter[str] = field(default_factory=Counter)
    entities_by_type: Counter[str] = field(default_factory=Counter)
    merged_duplicates: int = 0  # records folded into the entity of an earlier record
    merged_registry: int = 0  # entities given the registry's IRI (the one articles use)
    merged_existing: int = 0  # entities that were already in the graph (from articles or other sources)
    relations: Counter[str] = field(default_factory=Counter)
    unresolved: dict[str, Unresolved] = field(default_factory=dict)
    placeholders: int = 0
    warnings: list[str] = field(default_factory=list)
    quads: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    entity_iris: dict[str, str] = field(default_factory=dict, repr=False)  # name_key of every record name → IRI

    @property
    def entities(self) -> int:
        return sum(self.entities_by_type.values())

    @property
    def created(self) -> int:
        return self.entities - self.merged_existing

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "graph": self.graph,
            "version": self.version,
            "files": self.files,
            "assets_read": self.assets_read,
            "records_by_type": dict(self.records_by_type),
            "entities": self.entities,
            "entities_by_type": dict(self.entities_by_type),
            "created": self.created,
            "merged": {
                "duplicates": self.merged_duplicates,
                "registry": self.merged_registry,
                "existing": self.merged_existing,
            },
            "relations": dict(self.relations),
            "unresolved": {
                u.name: {"iri": u.iri, "type": u.type, "registry": u.registry, "dependents": u.dependents}
                for u in self.unresolved.values()
            },
            "placeholders": self.placeholders,
            "warnings": list(self.warnings),
            "quads": self.quads,
            "seconds": round(self.seconds, 3),
            "timings": {k: round(v, 3) for k, v in self.timings.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ImportSummary:
        """The summary :meth:`as_dict` gave (a server's answer to the CLI), so that it prints the same."""
        merged = data.get("merged") or {}
        out = cls(str(data["source"]), str(data["graph"]), data.get("version"), int(data.get("files", 0)),
                  int(data.get("assets_read", 0)), Counter(data.get("records_by_type") or {}),
                  Counter(data.get("entities_by_type") or {}), int(merged.get("duplicates", 0)),
                  int(merged.get("registry", 0)), int(merged.get("existing", 0)), Counter(data.get("relations") or {}))
        out.unresolved = {
            name: Unresolved(name, u.get("iri"), u.get("type"), bool(u.get("registry")), list(u.get("dependents") or []))
            for name, u in (data.get("unresolved") or {}).items()
        }
        out.placeholders = int(data.get("placeholders", 0))
        out.warnings = list(data.get("warnings") or [])
        out.quads = int(data.get("quads", 0))
        out.seconds = float(data.get("seconds", 0.0))
        out.timings = dict(data.get("timings") or {})
        return out

    def text(self, max_listed: int = 20) -> str:
        """A readable multi-line summary (the CLI prints it)."""
        typed = ", ".join(f"{k} {v}" for k, v in sorted(self.records_by_type.items()))
        ents = ", ".join(f"{k} {v}" for k, v in sorted(self.entities_by_type.items()))
        rels = ", ".join(f"{k} {v}" for k, v in sorted(self.relations.items()))
        lines = [
            f"{self.source}" + (f" ({self.version})" if self.version else "") + f" → graph <{self.graph}>",
            f"assets read: {self.assets_read} from {self.files} file(s) ({typed})",
            f"entities: {self.entities} ({ents}); created {self.created}, merged: {self.merged_duplicates} duplicate "
            f"record(s), {self.merged_registry} onto registry IRIs, {self.merged_existing} already in the graph",
            f"relations: {sum(self.relations.values())} ({rels})",
            f"unresolved dependencies: {len(self.unresolved)} name(s)"
            + (f", {self.placeholders} placeholder(s) skipped" if self.placeholders else ""),
        ]
        for u in sorted(self.unresolved.values(), key=lambda u: (-len(u.dependents), u.name.lower()))[:max_listed]:
            kind = u.type or "untyped"
            lines.append(f"  - {u.name} [{kind}{', registry' if u.registry else ''}] ← {', '.join(u.dependents[:3])}"
                         + (" …" if len(u.dependents) > 3 else ""))
        if len(self.unresolved) > max_listed:
            lines.append(f"  … and {len(self.unresolved) - max_listed} more")
        lines.append(f"warnings: {len(self.warnings)}")
        lines += [f"  - {w}" for w in self.warnings[:max_listed]]
        if len(self.warnings) > max_listed:
            lines.append(f"  … and {len(self.warnings) - max_listed} more")
        lines.append(f"quads: {self.quads}; {self.seconds:.2f} s")
        return "\n".join(lines)
