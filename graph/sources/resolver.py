"""Resolving the names of one import to entity IRIs, the same IRIs the article extractor uses.

1. names of records in the same source are folded by :func:`name_key` (case, punctuation, spacing),
   so two records named ``GPT-4o`` and ``GPT 4o`` are one entity, while ``GPT-4`` and ``GPT-4o`` stay two;
2. a name the entity registry knows (with a compatible type) takes the registry's IRI,
   ``entity_iri(slugify(entry.label))``, exactly as the extractor does, so article facts land on it;
3. dependency names that match no record also try a looser key (a trailing ``model``/``dataset`` word,
   ``v2`` = ``2``, ``2.0`` = ``2``), accepted only when it points at exactly one entity of a compatible kind;
4. anything else becomes a new entity, typed from the registry or from its name where possible, and
   is reported as unresolved.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aikg.ontology import entity_iri

from ..extract.registry import Registry, RegistryEntry, name_key, slugify
from .names import classify_organization, guess_type, loose_key, strip_legal
from .table import ORG, ORG_CLASSES

__all__ = ["Resolver", "ResolvedEntity"]


@dataclass
class ResolvedEntity:
    """One entity an import names: its IRI, label, class and every name that resolved to it."""

    iri: str
    label: str
    type: str | None
    names: list[str] = field(default_factory=list)
    wikidata: str | None = None
    registry: bool = False
    asset: bool = False  # described by a record of the source (not only named by one)


class Resolver:
    """Name → entity, shared by records, organisations and dependencies of one import."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.entities: dict[str, ResolvedEntity] = {}
        self.assets: dict[str, ResolvedEntity] = {}  # name_key → record entity
        self.orgs: dict[str, ResolvedEntity] = {}  # name_key (legal suffix dropped) → organisation entity
        self.others: dict[str, ResolvedEntity] = {}  # name_key → unresolved dependency entity
        self.loose: dict[str, list[ResolvedEntity]] = {}
        self._reserved = _reserved_slugs(registry)

    def _registry_entry(self, name: str, classes: frozenset[str] | None) -> RegistryEntry | None:
        for candidate in (name, strip_legal(name)):
            entry = self.registry.lookup(candidate)
            if entry is not None and entry.type != "Person" and (classes is None or entry.type in classes):
                return entry
        return None

    def _create(self, name: str, cls: str | None, classes: frozenset[str] | None) -> ResolvedEntity:
        entry = self._registry_entry(name, classes)
        if entry is not None:
            iri = entity_iri(slugify(entry.label))
            ent = self.entities.get(iri)
            if ent is None:
                ent = ResolvedEntity(iri, entry.label, entry.type, wikidata=entry.wikidata, registry=True)
                self.entities[iri] = ent
            ent.names.append(name)
            return ent
        slug = slugify(name)
        n = 1
        while (entity_iri(slug) in self.entities or self._reserved.get(slug, cls) != cls) and n < 100:
            n += 1
            slug = slugify(f"{name} {(cls or 'entity').lower()}" + (f" {n - 1}" if n > 2 else ""))
        ent = ResolvedEntity(entity_iri(slug), name, cls, names=[name])
        self.entities[ent.iri] = ent
        return ent

    def record(self, name: str, cls: str) -> tuple[ResolvedEntity, bool]:
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

    def organization(self, name: str) -> ResolvedEntity:
        key = name_key(strip_legal(name)) or name_key(name)
        ent = self.orgs.get(key)
        if ent is None:
            cls = classify_organization(name, self.registry)
            ent = self._create(name, cls, ORG_CLASSES)
            self.orgs[key] = ent
        else:
            ent.names.append(name)
        return ent

    def dependency(self, name: str, context: str | None = None) -> tuple[ResolvedEntity, bool]:
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


_RESERVED: dict[int, tuple[Registry, dict[str, str]]] = {}


def _reserved_slugs(registry: Registry) -> dict[str, str]:
    """Slug → type of every registry entry: a new entity never takes a registry slug of another type."""
    cached = _RESERVED.get(id(registry))
    if cached is not None and cached[0] is registry:
        return cached[1]
    slugs = {slugify(e.label): e.type for e in registry.entries}
    _RESERVED[id(registry)] = (registry, slugs)
    return slugs
