"""The registry of known entities: bundled data plus an optional user file (AIKG_ENTITIES).

It helps recognise, type and link names; it never adds a fact the text does not state.

>>> slugify("Llama 3.1 405B"), slugify("Character.AI"), name_key("GPT 4") == name_key("gpt-4")
('llama-3.1-405b', 'character.ai', True)
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = ["RegistryEntry", "Registry", "slugify", "name_key", "load_registry"]


def slugify(name: str) -> str:
    """A readable, IRI-safe slug: lower case ASCII letters, digits and dots, joined by hyphens."""
    ascii_ = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    ascii_ = ascii_.replace("&", " and ").replace("+", " plus ")
    parts = re.findall(r"[a-z0-9]+(?:\.[a-z0-9]+)*", ascii_)
    slug = "-".join(parts)[:80].strip("-")
    return slug or "x" + format(abs(hash(name)) % 10**8, "08d")


def name_key(name: str) -> str:
    """A key under which names that differ only by case, punctuation or spacing collide."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii").lower()
    folded = folded.replace("&", "and").replace("+", "plus")
    return re.sub(r"[^a-z0-9]", "", folded)


@dataclass
class RegistryEntry:
    label: str
    type: str
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    broader: str | None = None
    org: str | None = None
    ambiguous: bool = False

    @property
    def slug(self) -> str:
        return slugify(self.label)


class Registry:
    """Known entities, looked up by any of their names (case, spacing and punctuation folded)."""

    def __init__(self, entries: list[RegistryEntry]) -> None:
        self.entries: list[RegistryEntry] = []
        self._by_key: dict[str, RegistryEntry] = {}
        self._slugs: dict[str, RegistryEntry] | None = None
        for e in entries:
            self.add(e)

    def add(self, entry: RegistryEntry) -> None:
        self._slugs = None
        old = self._by_key.get(name_key(entry.label))
        if old is not None and old in self.entries:
            self.entries.remove(old)
        self.entries.append(entry)
        for name in (entry.label, *entry.aliases):
            k = name_key(name)
            if k:
                self._by_key[k] = entry

    def by_slug(self, slug: str) -> RegistryEntry | None:
        """The entry whose label slugifies to ``slug``, or None."""
        if self._slugs is None:
            self._slugs = {e.slug: e for e in self.entries}
        return self._slugs.get(slug)

    def lookup(self, name: str) -> RegistryEntry | None:
        """The entry with this name or alias, or None."""
        return self._by_key.get(name_key(name))

    def names(self) -> list[tuple[str, RegistryEntry]]:
        """Every (surface name, entry) pair."""
        return [(n, e) for e in self.entries for n in (e.label, *e.aliases)]

    def __len__(self) -> int:
        return len(self.entries)


def _entries_from_json(data: object, source: str) -> list[RegistryEntry]:
    if not isinstance(data, list):
        raise ValueError(f"{source}: expected a JSON array of entities")
    out = []
    for i, item in enumerate(data):
        if not isinstance(item, dict) or not item.get("label") or not item.get("type"):
            raise ValueError(f"{source}: entry {i} needs at least 'label' and 'type'")
        out.append(
            RegistryEntry(
                label=str(item["label"]),
                type=str(item["type"]),
                aliases=[str(a) for a in item.get("aliases", [])],
                wikidata=item.get("wikidata"),
                broader=item.get("broader"),
                org=item.get("org"),
                ambiguous=bool(item.get("ambiguous", False)),
            )
        )
    return out


@lru_cache(maxsize=8)
def load_registry(user_file: str | None = None) -> Registry:
    """The bundled registry, extended (and overridden by label) by a user JSON file of the same shape."""
    text = resources.files(__package__).joinpath("data/registry.json").read_text(encoding="utf-8")
    entries = _entries_from_json(json.loads(text), "bundled registry")
    reg = Registry(entries)
    if user_file:
        path = Path(user_file)
        for e in _entries_from_json(json.loads(path.read_text(encoding="utf-8")), str(path)):
            reg.add(e)
    return reg
