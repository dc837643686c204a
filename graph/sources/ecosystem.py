"""Stanford CRFM's Ecosystem Graphs (github.com/stanford-crfm/ecosystem-graphs) as one mapping table.

Reads the upstream layout (``assets/*.yaml``, one YAML list of assets per organisation file) from any
folder — a checkout of the upstream repository or a copy of it — and imports every asset into the named
graph ``https://w3id.org/aikg/source/ecosystem-graphs`` in one transaction (a re-import replaces it).

>>> ECOSYSTEM_MAPPING.types["application"], ECOSYSTEM_MAPPING.graph
('Tool', 'https://w3id.org/aikg/source/ecosystem-graphs')
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import yaml

from aikg.ontology import AIKG, NS

from ..extract.registry import Registry, load_registry
from .mapping import Field, ImportSummary, SourceError, SourceMapping, SourceRecord, write_source

__all__ = [
    "ECOSYSTEM_MAPPING", "ECOSYSTEM_GRAPH", "read_assets", "source_metadata", "sent_metadata", "import_ecosystem", "bench_import",
]

SCHEMA, DCTERMS = NS["schema"], NS["dcterms"]
MODEL_LIKE = frozenset({"Model"})

#: The whole mapping of Ecosystem Graphs to the ontology: one table.
ECOSYSTEM_MAPPING = SourceMapping(
    source_id="ecosystem-graphs",
    title="Ecosystem Graphs",
    types={"model": "Model", "application": "Tool", "dataset": "Dataset"},
    type_field="type",
    name_field="name",
    org_field="organization",  # → aikg:builds (models), aikg:develops (applications), aikg:creates (datasets)
    dep_field="dependencies",  # → aikg:basedOn, aikg:trainedOn, aikg:uses, else aikg:dependsOn
    fields=(
        Field("created_date", DCTERMS.created, "date"),
        Field("description", DCTERMS.description),
        Field("url", SCHEMA.url, "uri", multi=True),
        Field("license", SCHEMA.license),
        Field("access", AIKG.access, "token", allowed=frozenset({"open", "limited", "closed"})),
        Field("size", SCHEMA.size),
        Field("size", AIKG.parameters, "parameters", classes=MODEL_LIKE),
        Field("modality", AIKG.modality, "token"),
    ),
)
ECOSYSTEM_GRAPH = ECOSYSTEM_MAPPING.graph
UPSTREAM = "https://github.com/stanford-crfm/ecosystem-graphs"
CITATION = (
    "Bommasani, Soylu, Liao, Creel, Liang: Ecosystem Graphs: The Social Footprint of Foundation Models. "
    "arXiv:2303.15772"
)

try:  # libyaml's loader is several times faster when present
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


def _assets_dir(path: str | Path) -> Path:
    folder = Path(path)
    if not folder.is_dir():
        raise SourceError(f"{folder}: not a folder")
    if (folder / "assets").is_dir():
        return folder / "assets"
    if any(folder.glob("*.yaml")):
        return folder  # the assets folder itself
    raise SourceError(f"{folder}: no assets/*.yaml here (expected a copy of the Ecosystem Graphs repository)")


def read_assets(path: str | Path, warnings: list[str] | None = None) -> tuple[list[SourceRecord], int]:
    """Every asset of every ``assets/*.yaml`` file, and how many files were read.

    A file that does not parse, or an entry that is not a mapping, is warned about and skipped.
    """
    assets = _assets_dir(path)
    files = sorted([*assets.glob("*.yaml"), *assets.glob("*.yml")])
    if not files:
        raise SourceError(f"{assets}: no .yaml files")
    warnings = warnings if warnings is not None else []
    records: list[SourceRecord] = []
    for f in files:
        try:
            docs = [d for d in yaml.load_all(f.read_text(encoding="utf-8"), Loader=_Loader) if d is not None]
        except (yaml.YAMLError, UnicodeDecodeError, OSError) as exc:
            warnings.append(f"{f.name}: cannot be read: {str(exc).splitlines()[0]}")
            continue
        for doc in docs:
            if not isinstance(doc, list):
                warnings.append(f"{f.name}: expected a list of assets; skipped")
                continue
            for i, item in enumerate(doc):
                if isinstance(item, dict):
                    records.append(SourceRecord(item, f"{f.name}#{i + 1}"))
                else:
                    warnings.append(f"{f.name}#{i + 1}: not a mapping; skipped")
    return records, len(files)


def _git_head(root: Path) -> str | None:
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text(encoding="utf-8").strip()
        if not head.startswith("ref:"):
            return head or None
        ref = head.split(":", 1)[1].strip()
        if (git / ref).is_file():
            return (git / ref).read_text(encoding="utf-8").strip()
        for line in (git / "packed-refs").read_text(encoding="utf-8").splitlines():
            if line.endswith(" " + ref):
                return line.split(" ", 1)[0]
    except OSError:
        return None
    return None


def source_metadata(path: str | Path) -> dict[str, Any]:
    """Version (commit) and date of a copy: from its git HEAD, else from a SOURCE.md that names them."""
    root = Path(path)
    if root.name == "assets" and not (root / "assets").is_dir():
        root = root.parent
    meta: dict[str, Any] = {"origin": UPSTREAM, "creator": "Stanford CRFM", "citation": CITATION, "location": str(root)}
    commit = _git_head(root)
    if commit:
        meta["version"] = commit
    source_md = root / "SOURCE.md"
    if source_md.is_file():
        text = source_md.read_text(encoding="utf-8", errors="replace")
        m = re.search(r"commit\s+([0-9a-f]{7,40})(?:\s*\((\d{4}-\d{2}-\d{2})\))?", text)
        if m:
            meta.setdefault("version", m.group(1))
            if m.group(2) and meta["version"] == m.group(1):
                meta["date"] = m.group(2)
    return meta


def sent_metadata(fields: Any) -> dict[str, Any]:
    """The metadata of a copy whose files were sent elsewhere (``aikg import-ecosystem`` beside a server):
    its ``version`` (a commit), ``date`` and ``location`` as :func:`source_metadata` read them, checked;
    anything else is dropped.

    >>> sent_metadata({"version": "576655a", "date": "2025-01-24", "location": "/data/eg", "origin": "http://x"})["origin"]
    'https://github.com/stanford-crfm/ecosystem-graphs'
    >>> sent_metadata({"version": "not a commit"}).get("version") is None
    True
    """
    meta: dict[str, Any] = {"origin": UPSTREAM, "creator": "Stanford CRFM", "citation": CITATION}
    if not isinstance(fields, dict):
        return meta
    version, day, location = fields.get("version"), fields.get("date"), fields.get("location")
    if isinstance(version, str) and re.fullmatch(r"[0-9a-f]{7,40}", version):
        meta["version"] = version
    if isinstance(day, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        meta["date"] = day
    if isinstance(location, str) and 0 < len(location) <= 1000:
        meta["location"] = location
    return meta


def import_ecosystem(
    store: Any, path: str | Path, registry: Registry | None = None, metadata: dict[str, Any] | None = None
) -> ImportSummary:
    """Import the Ecosystem Graphs copy at ``path`` into ``store`` (one transaction, replacing earlier imports).

    ``metadata``: the copy's :func:`source_metadata` when ``path`` holds only its assets (a server importing
    files the CLI sent); by default it is read from ``path``. Raises :class:`SourceError` only when the
    folder is unusable; bad entries become warnings.
    """
    t0 = time.perf_counter()
    summary = ImportSummary(ECOSYSTEM_MAPPING.title, ECOSYSTEM_GRAPH)
    records, summary.files = read_assets(path, summary.warnings)
    t1 = time.perf_counter()
    summary.timings["read"] = t1 - t0
    meta = source_metadata(path) if metadata is None else metadata
    write_source(store, records, ECOSYSTEM_MAPPING, registry or load_registry(), meta, summary)
    summary.seconds = time.perf_counter() - t0
    return summary


def bench_import(path: str | Path, store: str = "memory", repeat: int = 1) -> dict[str, Any]:
    """Time a whole import (read, map, write) into a fresh store; the benchmark calls this.

    Returns seconds (best of ``repeat``), the phase timings of that run, and the main counts.
    """
    from ..store import open_store

    best: ImportSummary | None = None
    for _ in range(max(1, repeat)):
        st = open_store(store)
        try:
            summary = import_ecosystem(st, path)
        finally:
            st.close()
        if best is None or summary.seconds < best.seconds:
            best = summary
    assert best is not None
    return {
        "seconds": round(best.seconds, 3),
        "timings": {k: round(v, 3) for k, v in best.timings.items()},
        "assets": best.assets_read,
        "entities": best.entities,
        "relations": sum(best.relations.values()),
        "unresolved": len(best.unresolved),
        "quads": best.quads,
        "warnings": len(best.warnings),
    }
