"""The data an extraction produces: entities, mentions, facts and quotes (plain dataclasses).

Offsets are character offsets into ``Article.text`` (Python string indices, i.e. Unicode code points).
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Entity", "Mention", "Fact", "Quote", "Extraction"]


@dataclass
class Entity:
    """A canonical entity. ``key`` is its slug; ``local`` entities (anonymous speakers) live in one article."""

    key: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
    broader: str | None = None
    local: bool = False
    job_title: str | None = None
    affiliation: str | None = None
    maker: str | None = None  # a known product's maker (registry label): links 'the ChatGPT maker' to a name
    # the article gives (never a fact by itself)


@dataclass(frozen=True)
class Mention:
    """A stretch of text that names an entity (or refers to it: a pronoun, 'the company')."""

    start: int
    end: int
    text: str
    entity: str
    kind: str = "name"  # name | alias | pronoun | nominal


@dataclass(frozen=True)
class Fact:
    """``subject predicate object``, read from the sentence at ``start:end``."""

    subject: str
    predicate: str
    object: str
    start: int
    end: int
    confidence: float
    extractor: str
    role: str | None = None
    amount: str | None = None
    amount_usd: float | None = None


@dataclass(frozen=True)
class Quote:
    """A verbatim quotation at ``start:end`` (the text inside the quotation marks)."""

    text: str
    start: int
    end: int
    speaker: str
    about: tuple[str, ...] = ()
    confidence: float = 0.9
    extractor: str = "quotes"


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article_id: str
    entities: dict[str, Entity] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)

    def label(self, key: str) -> str:
        ent = self.entities.get(key)
        return ent.label if ent else key

    def triples(self) -> list[tuple[str, str, str]]:
        """Facts as (subject label, predicate, object label), for reading and scoring."""
        return [(self.label(f.subject), f.predicate, self.label(f.object)) for f in self.facts]
