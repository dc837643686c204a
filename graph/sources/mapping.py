"""Table-driven import of structured sources: records and a :class:`SourceMapping` table in, quads out.

:func:`build_quads` turns records and a table into quads in one named graph (the source's), resolving names
to the same IRIs the article extractor uses (:mod:`aikg.graph.sources.resolver` says how);
:func:`write_source` replaces the source's graph with them in one transaction. The table
(:mod:`~aikg.graph.sources.table`), the summary (:mod:`~aikg.graph.sources.summary`), the value and name
helpers (:mod:`~aikg.graph.sources.values`, :mod:`~aikg.graph.sources.names`) live beside this module and
stay importable from here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from aikg.ontology import AIKG, ENTITY_BASE, NS

from ..extract.registry import Registry, name_key
from .names import classify_organization, guess_type, loose_key, split_organizations
from .resolver import ResolvedEntity, Resolver
from .summary import ImportSummary, Unresolved
from .table import ORG, ORG_CLASSES, SOURCE_BASE, Field, SourceError, SourceMapping, SourceRecord, source_iri
from .values import URL_PATTERN, as_list, clean_text, is_placeholder, parse_date, parse_parameters, scalar

__all__ = [
    "ORG",
    "SOURCE_BASE",
    "Field",
    "SourceMapping",
    "SourceRecord",
    "SourceError",
    "Unresolved",
    "ImportSummary",
    "build_quads",
    "guess_type",
    "parse_parameters",
    "source_quads",
    "write_source",
    "scalar",
    "is_placeholder",
    "split_organizations",
    "classify_organization",
    "loose_key",
    "parse_date",
    "source_iri",
]

RDF, RDFS, XSD, SKOS, OWL = NS["rdf"], NS["rdfs"], NS["xsd"], NS["skos"], NS["owl"]
SCHEMA, DCTERMS, PROV = NS["schema"], NS["dcterms"], NS["prov"]


# ---------------------------------------------------------------------------------------------- mapping
def _n(iri: str) -> NamedNode:
    return NamedNode(iri)


def _literal(fm: Field, raw: Any, where: str, warnings: list[str]) -> list[Literal]:
    """The literals of one field value (possibly none), warning about values that do not convert."""
    value = scalar(raw)
    if is_placeholder(value):
        return []
    if fm.kind == "date":
        parsed = parse_date(value)
        if parsed is None:
            warnings.append(f"{where}: {fm.key} {str(value)[:60]!r} is not a date; left out")
            return []
        return [Literal(parsed[0], datatype=_n(parsed[1]))]
    if fm.kind == "uri":
        urls = URL_PATTERN.findall(str(value))
        if not urls:
            warnings.append(f"{where}: {fm.key} {str(value)[:60]!r} is not an http(s) URL; left out")
        return [Literal(u.rstrip(".,;)"), datatype=_n(XSD.anyURI)) for u in urls[: 1 if not fm.multi else None]]
    if fm.kind == "token":
        token = clean_text(str(value)).lower()
        if fm.allowed and token not in fm.allowed:
            warnings.append(f"{where}: {fm.key} {token[:40]!r} is not one of {sorted(fm.allowed)}; left out")
            return []
        return [Literal(token)]
    if fm.kind == "parameters":
        count = parse_parameters(value)
        return [Literal(count, datatype=_n(XSD.decimal))] if count else []
    text = clean_text(str(value))
    return [Literal(text)] if text else []


def _record_class(rec: SourceRecord, mapping: SourceMapping) -> str | None:
    if mapping.type_field is None:
        return mapping.default_type
    raw = scalar(rec.data.get(mapping.type_field))
    if is_placeholder(raw):
        return mapping.default_type
    return mapping.types.get(str(raw).strip().lower())


def build_quads(
    records: Sequence[SourceRecord],
    mapping: SourceMapping,
    registry: Registry,
    summary: ImportSummary | None = None,
) -> tuple[list[Quad], ImportSummary]:
    """Map records to quads in the source's graph; never raises on a bad record (it is warned about)."""
    t0 = time.perf_counter()
    summary = summary or ImportSummary(mapping.title, mapping.graph)
    warnings = summary.warnings
    g = _n(mapping.graph)
    res = Resolver(registry)

    # pass 1: every record becomes (or folds into) an entity, so dependencies can find all of them
    kept: list[tuple[SourceRecord, str, ResolvedEntity]] = []
    for rec in records:
        summary.assets_read += 1
        raw_type = scalar(rec.data.get(mapping.type_field)) if mapping.type_field else None
        name = scalar(rec.data.get(mapping.name_field))
        label = str(raw_type).strip().lower() if raw_type is not None and not is_placeholder(raw_type) else "(no type)"
        summary.records_by_type[label] += 1
        if is_placeholder(name) or not isinstance(name, str | int | float):
            warnings.append(f"{rec.where}: entry has no {mapping.name_field}; skipped")
            continue
        name = clean_text(str(name))
        cls = _record_class(rec, mapping)
        if cls is None:
            warnings.append(f"{rec.where} ({name}): unknown {mapping.type_field} {raw_type!r}; skipped")
            continue
        ent, folded = res.record(name, cls)
        if folded:
            summary.merged_duplicates += 1
            warnings.append(f"{rec.where}: {name!r} folds into the entity of an earlier record ({ent.label!r})")
        kept.append((rec, cls, ent))
        summary.entity_iris.setdefault(name_key(name), ent.iri)

    quads: list[Quad] = []
    add = quads.append
    relations: set[tuple[str, str, str]] = set()

    def relate(s: ResolvedEntity, pred: str, o: ResolvedEntity) -> None:
        if (s.iri, pred, o.iri) not in relations:
            relations.add((s.iri, pred, o.iri))
            summary.relations[pred] += 1
            add(Quad(_n(s.iri), _n(AIKG.term(pred)), _n(o.iri), g))

    # pass 2: organisations of every record (so that a dependency naming an organisation finds it)
    if mapping.org_field:
        for rec, cls, ent in kept:
            if cls in ORG_CLASSES or cls == ORG:
                continue
            pred = mapping.org_predicates.get(cls)
            for org_name in split_organizations(rec.data.get(mapping.org_field)):
                org = res.organization(org_name)
                if pred:
                    relate(org, pred, ent)

    # pass 3: dependencies, aliases and literal fields
    done_single: set[tuple[str, str]] = set()
    for rec, cls, ent in kept:
        where = f"{rec.where} ({ent.names[0] if ent.names else ent.label})"
        if mapping.dep_field:
            for dep in as_list(rec.data.get(mapping.dep_field)):
                if is_placeholder(dep):
                    summary.placeholders += 1
                    continue
                if not isinstance(dep, str | int | float):
                    warnings.append(f"{where}: dependency {str(dep)[:60]!r} is not a name; left out")
                    continue
                dep_name = clean_text(str(dep))
                target, is_asset = res.dependency(dep_name, cls)
                if not is_asset:
                    u = summary.unresolved.get(dep_name)
                    if u is None:
                        u = summary.unresolved[dep_name] = Unresolved(dep_name, target.iri, target.type, target.registry)
                    u.dependents.append(ent.label)
                if target is ent:
                    warnings.append(f"{where}: depends on itself ({dep_name!r}); left out")
                    continue
                pred = mapping.dep_predicates.get((cls, target.type or ""), mapping.fallback_dep)
                relate(ent, pred, target)
        # aliases and literal fields
        if mapping.alias_field:
            for alias in as_list(rec.data.get(mapping.alias_field)):
                if not is_placeholder(alias):
                    ent.names.append(clean_text(str(alias)))
        for fm in mapping.fields:
            if fm.classes and cls not in fm.classes:
                continue
            if not fm.multi and (ent.iri, fm.predicate) in done_single:
                continue
            lits = _literal(fm, rec.data.get(fm.key), where, warnings)
            if lits:
                done_single.add((ent.iri, fm.predicate))
                for lit in lits:
                    add(Quad(_n(ent.iri), _n(fm.predicate), lit, g))

    # entity descriptions: every entity this source names gets a type and a label in the source graph
    for ent in res.entities.values():
        node = _n(ent.iri)
        add(Quad(node, _n(RDF.type), _n(AIKG.term(ent.type) if ent.type else PROV.Entity), g))
        add(Quad(node, _n(RDFS.label), Literal(ent.label), g))
        for alias in sorted(set(ent.names) - {ent.label}):
            add(Quad(node, _n(SKOS.altLabel), Literal(alias), g))
        if ent.wikidata:
            add(Quad(node, _n(OWL.sameAs), _n("http://www.wikidata.org/entity/" + ent.wikidata), g))
        summary.entities_by_type[ent.type or "untyped"] += 1
        summary.merged_registry += ent.registry
    summary.quads = len(quads)
    summary.timings["map"] = time.perf_counter() - t0
    return quads, summary


def source_quads(mapping: SourceMapping, meta: Mapping[str, Any], now: datetime | None = None) -> list[Quad]:
    """The description of the source itself: title, version, origin, import time."""
    g = _n(mapping.graph)
    s = g
    out = [
        Quad(s, _n(RDF.type), _n(AIKG.Source), g),
        Quad(s, _n(DCTERMS.title), Literal(mapping.title), g),
        Quad(s, _n(RDFS.label), Literal(mapping.title), g),
    ]
    when = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    out.append(Quad(s, _n(PROV.generatedAtTime), Literal(when, datatype=_n(XSD.dateTime)), g))
    if meta.get("version"):
        out.append(Quad(s, _n(SCHEMA.version), Literal(str(meta["version"])), g))
    if meta.get("date"):
        parsed = parse_date(meta["date"])
        if parsed:
            out.append(Quad(s, _n(DCTERMS.date), Literal(parsed[0], datatype=_n(parsed[1])), g))
    if meta.get("origin"):
        out.append(Quad(s, _n(DCTERMS.source), _n(str(meta["origin"])), g))
    if meta.get("creator"):
        out.append(Quad(s, _n(DCTERMS.creator), Literal(str(meta["creator"])), g))
    if meta.get("citation"):
        out.append(Quad(s, _n(DCTERMS.bibliographicCitation), Literal(str(meta["citation"])), g))
    if meta.get("location"):
        out.append(Quad(s, _n(PROV.atLocation), Literal(str(meta["location"])), g))
    return out


def _existing(store: Any, iris: Iterable[str], graph: str) -> int:
    """How many of these entities the store already holds in graphs other than ``graph``."""
    iris = list(iris)
    found = 0
    for i in range(0, len(iris), 500):
        values = " ".join(f"<{x}>" for x in iris[i : i + 500])
        rows = store.select(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?e {{ {values} }} "
            f"GRAPH ?g {{ ?e ?p ?o }} FILTER(?g != <{graph}>) }}"
        )
        found += int(rows[0]["n"].value) if rows else 0
    return found


def write_source(
    store: Any,
    records: Sequence[SourceRecord],
    mapping: SourceMapping,
    registry: Registry,
    meta: Mapping[str, Any] | None = None,
    summary: ImportSummary | None = None,
) -> ImportSummary:
    """Map the records and replace the source's graph with the result in one transaction."""
    t0 = time.perf_counter()
    summary = summary or ImportSummary(mapping.title, mapping.graph)
    summary.version = (meta or {}).get("version")
    quads, summary = build_quads(records, mapping, registry, summary)
    quads = list(dict.fromkeys(source_quads(mapping, meta or {}) + quads))
    summary.quads = len(quads)
    t1 = time.perf_counter()
    typed = {q.subject.value for q in quads if q.predicate.value == RDF.type and isinstance(q.subject, NamedNode)}
    summary.merged_existing = _existing(store, sorted(i for i in typed if i.startswith(ENTITY_BASE)), mapping.graph)
    t2 = time.perf_counter()
    store.replace_graphs([mapping.graph], quads)
    t3 = time.perf_counter()
    summary.timings.update({"lookup_existing": t2 - t1, "write": t3 - t2})
    summary.seconds += time.perf_counter() - t0
    return summary
