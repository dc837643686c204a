"""Table-driven import of structured sources (records of models, tools, datasets, organisations).

A source is a list of records (plain dicts, from YAML, CSV, JSON, ...) plus one :class:`SourceMapping`
table saying which field holds the name, the kind, the organisations, the dependencies and which
literal fields become which typed RDF properties. :func:`build_quads` turns records and a table into
quads in one named graph (the source's), resolving names to the same IRIs the article extractor uses:

1. names of records in the same source are folded by :func:`name_key` (case, punctuation, spacing),
   so two records named ``GPT-4o`` and ``GPT 4o`` are one entity, while ``GPT-4`` and ``GPT-4o`` stay two;
2. a name the entity registry knows (with a compatible type) takes the registry's IRI,
   ``entity_iri(slugify(entry.label))``, exactly as the extractor does, so article facts land on it;
3. dependency names that match no record also try a looser key (a trailing ``model``/``dataset`` word,
   ``v2`` = ``2``, ``2.0`` = ``2``), accepted only when it points at exactly one entity of a compatible kind;
4. anything else becomes a new entity, typed from the registry or from its name where possible, and
   is reported as unresolved.

>>> split_organizations("ByteDance and University of Maryland, College Park")
['ByteDance', 'University of Maryland, College Park']
>>> split_organizations("Runway AI, Inc.")
['Runway AI, Inc.']
>>> classify_organization("Tsinghua University"), classify_organization("Zhipu AI")
('Organization', 'Company')
>>> loose_key("Stable Video Diffusion Model"), loose_key("Clotho v2.0"), loose_key("GPT-4o")
(('stablevideodiffusion', 'Model'), ('clotho2', None), ('gpt4o', None))
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from pyoxigraph import Literal, NamedNode, Quad

from aikg.ontology import AIKG, ENTITY_BASE, NS, entity_iri

from ..extract.registry import Registry, RegistryEntry, name_key, slugify

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

SOURCE_BASE = "https://w3id.org/aikg/source/"
#: In ``SourceMapping.types``: records of this kind are organisations (classified Company/Organization).
ORG = "@org"
ORG_CLASSES = frozenset({"Company", "Organization"})
ASSET_CLASSES = frozenset({"Model", "Tool", "Dataset"})

RDF, RDFS, XSD, SKOS, OWL = NS["rdf"], NS["rdfs"], NS["xsd"], NS["skos"], NS["owl"]
SCHEMA, DCTERMS, PROV = NS["schema"], NS["dcterms"], NS["prov"]

PLACEHOLDERS = frozenset(
    {"", "unknown", "none", "n/a", "na", "null", "nil", "tbd", "?", "-", "--", "unspecified", "not applicable", "[]"}
)


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


# ---------------------------------------------------------------------------------------------- summary
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


# ---------------------------------------------------------------------------------------------- value helpers
def scalar(value: Any) -> Any:
    """Unwrap the ``{value: ..., explanation: ...}`` objects many curated sources use."""
    while isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value


def is_placeholder(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().strip(".").strip().lower() in PLACEHOLDERS
    if isinstance(value, list | dict):
        return not value
    return False


def _as_list(value: Any) -> list[Any]:
    value = scalar(value)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [scalar(v) for v in value]
    if isinstance(value, str) and ";" in value:  # CSV cells list names separated by semicolons
        return [v.strip() for v in value.split(";")]
    return [value]


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    return re.sub(r"\s+", " ", text.encode("utf-8", "replace").decode("utf-8")).strip()


_MONTH = r"(0[1-9]|1[0-2])"


def parse_date(value: Any) -> tuple[str, str] | None:
    """(lexical form, XSD datatype) of a date, a year-month or a year; None if it does not parse.

    >>> parse_date("2023-03-14"), parse_date("2023-03"), parse_date(2022), parse_date("March 2023")
    (('2023-03-14', 'http://www.w3.org/2001/XMLSchema#date'), ('2023-03', 'http://www.w3.org/2001/XMLSchema#gYearMonth'), ('2022', 'http://www.w3.org/2001/XMLSchema#gYear'), None)
    """
    if isinstance(value, datetime):
        return value.date().isoformat(), XSD.date
    if isinstance(value, date):
        return value.isoformat(), XSD.date
    text = str(value).strip()
    if re.fullmatch(r"(19|20)\d\d", text):
        return text, XSD.gYear
    if re.fullmatch(rf"\d{{4}}-{_MONTH}", text):
        return text, XSD.gYearMonth
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?", text)
    if m:
        try:
            return date.fromisoformat(m.group(1)).isoformat(), XSD.date
        except ValueError:
            return None
    return None


_PARAMS = re.compile(r"(\d+(?:\.\d+)?)\s*([KMBT])\b(?:\s*parameters|\s*params)?", re.I)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def parse_parameters(value: Any) -> str | None:
    """A parameter count ("7B parameters (dense)" → "7000000000") or None."""
    text = str(value)
    if "param" not in text.lower():
        return None
    m = _PARAMS.search(text)
    if not m:
        return None
    n = float(m.group(1)) * _SCALE[m.group(2).upper()]
    return f"{n:.0f}" if n > 0 else None


_URL = re.compile(r"https?://[^\s<>\"{}|\\^`]+")


# ---------------------------------------------------------------------------------------------- names
_LEGAL = re.compile(r"^(inc|ltd|llc|corp|co|gmbh|pbc|plc|ag|s\.?a|sas|limited|corporation)\.?$", re.I)
_CAMPUS = re.compile(
    r"(University of (?:Maryland|California|Wisconsin|Illinois|Texas|Massachusetts|Michigan|Colorado|"
    r"North Carolina|Minnesota|Missouri|Nebraska|Tennessee|Hawaii)), ([A-Z][\w-]+(?: [A-Z][\w-]+)?)"
)
_CONNECTOR = re.compile(r"\b(of|for|in|on|at|de|des|du)\b")


def split_organizations(value: Any) -> list[str]:
    """Organisation names from a field that may list several ("A, B and C", lists, {value: ...})."""
    out: list[str] = []
    for item in _as_list(value):
        if is_placeholder(item):
            continue
        text = _CAMPUS.sub(lambda m: f"{m.group(1)}\x01 {m.group(2)}", _clean(str(item)))
        # commas inside parentheses do not separate organisations
        text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", "\x01"), text)
        pieces: list[str] = []
        for chunk in re.split(r"[,;]| & ", text):
            chunk = chunk.strip().replace("\x01", ",")
            chunk = re.sub(r"^and\s+", "", chunk).strip()
            if not chunk:
                continue
            if pieces and _LEGAL.match(chunk):
                pieces[-1] += ", " + chunk
                continue
            # "A and B" separates two organisations unless the left side is a descriptive name
            # ("University of Science and Technology of China", "Center for AI in Medicine and Imaging")
            parts = re.split(r"\s+and\s+", chunk)
            acc = parts[0]
            for part in parts[1:]:
                if _CONNECTOR.search(acc) or not part[:1].isupper():
                    acc += " and " + part
                else:
                    pieces.append(acc)
                    acc = part
            pieces.append(acc)
        for p in pieces:
            p = p.strip()
            if p.endswith(".") and not _LEGAL.match(p.rsplit(" ", 1)[-1]):
                p = p.rstrip(".").strip()
            if p and not is_placeholder(p) and p not in out:
                out.append(p)
    return out


def _strip_legal(name: str) -> str:
    return re.sub(r",?\s+(Inc|Ltd|LLC|Corp|Co|GmbH|PBC|PLC|AG|S\.A|SAS)\.?$", "", name).strip()


_NONPROFIT = re.compile(
    r"universit|college|institut|academy|acad[ée]mie|school|laborator|\blab\b|foundation|non-?profit|"
    r"government|ministry|department|national|federal|council|society|association|consortium|observato|"
    r"\bcent(er|re)\b|\bteam\b|community|collective|project|initiative|\bpolytechnic|hospital|museum|library|"
    r"\b(mit|cmu|epfl|eth|inria|cnrs|mila|kaist|nyu|ucla|ucsd|uc berkeley|berkeley|stanford|harvard|yale|princeton|"
    r"columbia|tsinghua|peking|fudan|oxford|cambridge|caltech|lmsys|laion|eleutherai|eleuther ai|bigscience|"
    r"bigcode|ai2|allen ai|openassistant|open assistant|lerma|psl|nasa|noaa|cern|darpa|nih|nist|"
    r"cohere for ai|open x-embodiment|together computer research)\b",
    re.I,
)


def classify_organization(name: str, registry: Registry | None = None) -> str:
    """Company or Organization: the registry's type first, then name patterns (universities, institutes,
    labs, non-profits, governments, collaborations → Organization; everything else → Company)."""
    if registry is not None:
        entry = registry.lookup(name) or registry.lookup(_strip_legal(name))
        if entry is not None and entry.type in ORG_CLASSES:
            return entry.type
    return "Organization" if _NONPROFIT.search(name) else "Company"


_KIND_SUFFIX = re.compile(r"[\s_-]+(model|dataset|data set|data)$")
_KIND_OF_SUFFIX = {"model": "Model", "dataset": "Dataset", "data set": "Dataset", "data": "Dataset"}


def loose_key(name: str) -> tuple[str, str | None]:
    """A looser key for names that differ by a version-suffix spelling or a trailing kind word.

    ``v2`` = ``version 2`` = ``2`` and ``2.0`` = ``2``; a trailing ``model``/``dataset`` word is dropped
    and returned as the kind it implies. Version numbers themselves are kept: ``GPT-4`` ≠ ``GPT-4o`` ≠
    ``GPT-4.5``, ``Llama 2`` ≠ ``Llama 3``.
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower().strip()
    kind = None
    m = _KIND_SUFFIX.search(text)
    if m and m.start() > 0:
        kind = _KIND_OF_SUFFIX[m.group(1)]
        text = text[: m.start()]
    text = re.sub(r"(?:(?<=[\s_-])|^)v(?:ersion)?\s*(?=\d)", "", text)
    text = re.sub(r"(\d)(?:\.0)+\b(?!\.\d)", r"\1", text)
    return name_key(text), kind


_DATASET_WORDS = re.compile(
    r"\b(data ?sets?|data|corpus|corpora|crawl|commoncrawl|wikipedia|books?|bookscorpus|pubmed|arxiv|github|"
    r"reddit|stackexchange|imagenet|coco|captions?|collection|bench|benchmark|qa|mcqa|instruct|instructions|"
    r"conversations|dialogues?|sound ?effects?|effects|songs?|genome|proteins?|uniref\d*|mgnify|jft[\w-]*|"
    r"\w*qa|\w*bench|\w*\d+[mk]|\w*captions?|yfcc\w*|webvid\w*|kinetics[\w-]*|audioset|audiocaps|mc4|oscar|opus|sharegpt\w*|redpajama|pile|stack|"
    r"mmlu|tox21|qm9|zinc\w*|pcqm\w*|pcba\w*|objaverse|flickr|shutterstock|kaggle|laion[\w-]*|c4|"
    r"openwebtext|webtext\w*|glaive|lima|oasst\d*|narratives|msr-vtt|visual genome|freesound|magnatagtune|"
    r"\w*caps|archive|survey|sounds?|\w*sight|skypile|interact|\w*-it|ava|babel|clue)\b",
    re.I,
)
_TOOL_WORDS = re.compile(r"\b(api|library|framework|platform|app|pytorch|jax|keras|transformers|leaderboard|search|mecab)\b", re.I)
_MODEL_WORDS = re.compile(
    r"(\b\d+(\.\d+)?b\b|\bgpt|bert\b|t5\b|\balign\b|\bvit\b|vit-|llama|mistral|mixtral|gemma|clip\b|\bcoca\b|resnet|"
    r"efficientnet|r-cnn|vqgan|ddpm|\bbeats\b|\bast\b|dreamfusion|hyena|dolphin|phi-\d|coder|\bmodel\b|"
    r"diffusion|encoder|decoder|network|transformer|adapter|\blm\b|-lm\b|lm-|llm|qwen|deepseek|palm|pali|"
    r"titan|\bclaude|gemini|internvl|llava|mae|palmyra|stablelm|starcoder|openchat|hermes|orca|retriever)",
    re.I,
)


def guess_type(name: str) -> str | None:
    """A class for a name nothing else knows, from its wording; None when it does not say."""
    if _TOOL_WORDS.search(name):
        return "Tool"
    if _DATASET_WORDS.search(name):
        return "Dataset"
    if _MODEL_WORDS.search(name):
        return "Model"
    return None


# ---------------------------------------------------------------------------------------------- resolution
@dataclass
class _Entity:
    iri: str
    label: str
    type: str | None
    names: list[str] = field(default_factory=list)
    wikidata: str | None = None
    registry: bool = False
    asset: bool = False  # described by a record of the source (not only named by one)


class _Resolver:
    """Name → entity, shared by records, organisations and dependencies of one import."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.entities: dict[str, _Entity] = {}
        self.assets: dict[str, _Entity] = {}  # name_key → record entity
        self.orgs: dict[str, _Entity] = {}  # name_key (legal suffix dropped) → organisation entity
        self.others: dict[str, _Entity] = {}  # name_key → unresolved dependency entity
        self.loose: dict[str, list[_Entity]] = {}
        self._reserved = _reserved_slugs(registry)

    def _registry_entry(self, name: str, classes: frozenset[str] | None) -> RegistryEntry | None:
        for candidate in (name, _strip_legal(name)):
            entry = self.registry.lookup(candidate)
            if entry is not None and entry.type != "Person" and (classes is None or entry.type in classes):
                return entry
        return None

    def _create(self, name: str, cls: str | None, classes: frozenset[str] | None) -> _Entity:
        entry = self._registry_entry(name, classes)
        if entry is not None:
            iri = entity_iri(slugify(entry.label))
            ent = self.entities.get(iri)
            if ent is None:
                ent = _Entity(iri, entry.label, entry.type, wikidata=entry.wikidata, registry=True)
                self.entities[iri] = ent
            ent.names.append(name)
            return ent
        slug = slugify(name)
        n = 1
        while (entity_iri(slug) in self.entities or self._reserved.get(slug, cls) != cls) and n < 100:
            n += 1
            slug = slugify(f"{name} {(cls or 'entity').lower()}" + (f" {n - 1}" if n > 2 else ""))
        ent = _Entity(entity_iri(slug), name, cls, names=[name])
        self.entities[ent.iri] = ent
        return ent

    def record(self, name: str, cls: str) -> tuple[_Entity, bool]:
        """The entity of a record; True when it folds into an earlier record's entity."""
        if cls in ORG_CLASSES or cls == ORG:
            before = len(self.orgs)
            ent = self.organization(name)
            ent.asset = True
            return ent, len(self.orgs) == before
        key = name_key(name)
        earlier = self.assets.get(key)
        if earlier is not None and earlier.type == cls:
            earlier.names.append(name)
            return earlier, True
        ent = self._create(name, cls, frozenset({cls}))
        folded = ent.asset
        ent.asset = True
        self.assets.setdefault(key, ent)
        lk, _ = loose_key(name)
        if ent not in self.loose.setdefault(lk, []):
            self.loose[lk].append(ent)
        return ent, folded

    def organization(self, name: str) -> _Entity:
        key = name_key(_strip_legal(name)) or name_key(name)
        ent = self.orgs.get(key)
        if ent is None:
            cls = classify_organization(name, self.registry)
            ent = self._create(name, cls, ORG_CLASSES)
            self.orgs[key] = ent
        else:
            ent.names.append(name)
        return ent

    def dependency(self, name: str, context: str | None = None) -> tuple[_Entity, bool]:
        """The entity a dependency names; True when it is a record of the source.

        An organisation named as a dependency of a model or dataset stands for its data ("GitHub",
        "arXiv", "Reddit"): it becomes a Dataset of that name, apart from the organisation itself.
        """
        key = name_key(name)
        ent = self.assets.get(key)
        if ent is not None:
            return ent, True
        lk, kind = loose_key(name)
        hits = [e for e in self.loose.get(lk, []) if kind is None or e.type == kind]
        if len(hits) == 1:
            hits[0].names.append(name)
            return hits[0], True
        as_data = context in ("Model", "Dataset")
        ent = self.others.get(key) or self.orgs.get(key)
        if ent is None:
            entry = self._registry_entry(name, None)
            cls = entry.type if entry is not None else (kind or guess_type(name))
            if not (cls in ORG_CLASSES and as_data):
                ent = self.others[key] = self._create(name, cls, None if entry else frozenset({cls or ""}))
                return ent, False
        elif ent.type not in ORG_CLASSES or not as_data:
            ent.names.append(name)
            return ent, False
        data = self.others.get("data:" + key)
        if data is None:
            data = self.others["data:" + key] = self._create(name, "Dataset", frozenset({"Dataset"}))
        else:
            data.names.append(name)
        return data, False
        if ent is None:
            entry = self._registry_entry(name, None)
            cls = entry.type if entry is not None else (kind or guess_type(name))
            if cls in ORG_CLASSES and as_data:
                entry, cls, key = None, "Dataset", "data:" + key
            ent = self._create(name, cls, None if entry else frozenset({cls or ""}))
            self.others[key] = ent
        else:
            ent.names.append(name)
        return ent, False


_RESERVED: dict[int, tuple[Registry, dict[str, str]]] = {}


def _reserved_slugs(registry: Registry) -> dict[str, str]:
    """Slug → type of every registry entry: a new entity never takes a registry slug of another type."""
    cached = _RESERVED.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    slugs = {slugify(e.label): e.type for e in registry.entries}
    _RESERVED[id(registry)] = (registry, slugs)
    return slugs


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
        urls = _URL.findall(str(value))
        if not urls:
            warnings.append(f"{where}: {fm.key} {str(value)[:60]!r} is not an http(s) URL; left out")
        return [Literal(u.rstrip(".,;)"), datatype=_n(XSD.anyURI)) for u in urls[: 1 if not fm.multi else None]]
    if fm.kind == "token":
        token = _clean(str(value)).lower()
        if fm.allowed and token not in fm.allowed:
            warnings.append(f"{where}: {fm.key} {token[:40]!r} is not one of {sorted(fm.allowed)}; left out")
            return []
        return [Literal(token)]
    if fm.kind == "parameters":
        count = parse_parameters(value)
        return [Literal(count, datatype=_n(XSD.decimal))] if count else []
    text = _clean(str(value))
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
    res = _Resolver(registry)

    # pass 1: every record becomes (or folds into) an entity, so dependencies can find all of them
    kept: list[tuple[SourceRecord, str, _Entity]] = []
    for rec in records:
        summary.assets_read += 1
        raw_type = scalar(rec.data.get(mapping.type_field)) if mapping.type_field else None
        name = scalar(rec.data.get(mapping.name_field))
        label = str(raw_type).strip().lower() if raw_type is not None and not is_placeholder(raw_type) else "(no type)"
        summary.records_by_type[label] += 1
        if is_placeholder(name) or not isinstance(name, str | int | float):
            warnings.append(f"{rec.where}: entry has no {mapping.name_field}; skipped")
            continue
        name = _clean(str(name))
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

    def relate(s: _Entity, pred: str, o: _Entity) -> None:
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
            for dep in _as_list(rec.data.get(mapping.dep_field)):
                if is_placeholder(dep):
                    summary.placeholders += 1
                    continue
                if not isinstance(dep, str | int | float):
                    warnings.append(f"{where}: dependency {str(dep)[:60]!r} is not a name; left out")
                    continue
                dep_name = _clean(str(dep))
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
            for alias in _as_list(rec.data.get(mapping.alias_field)):
                if not is_placeholder(alias):
                    ent.names.append(_clean(str(alias)))
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
