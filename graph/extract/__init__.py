"""Extraction: an Article becomes an Extraction (entities, mentions, facts, quotes).

This minimal version finds registry names only; the full pipeline replaces it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..articles import Article
from .model import Entity, Extraction, Fact, Mention, Quote
from .registry import Registry, load_registry, slugify

__all__ = ["extract", "EXTRACTOR_VERSION", "Entity", "Extraction", "Fact", "Mention", "Quote", "Registry"]

EXTRACTOR_VERSION = "aikg-rules/0.1"


@lru_cache(maxsize=4)
def _name_pattern(reg: Registry) -> re.Pattern[str]:
    names = sorted({n for n, _ in reg.names() if len(n) > 1}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def extract(article: Article, registry: Registry | None = None) -> Extraction:
    """Entities named in the article (registry names only, in this minimal version)."""
    reg = registry or load_registry()
    out = Extraction(article_id=article.id)
    if not len(reg):
        return out
    for m in _name_pattern(reg).finditer(article.text):
        entry = reg.lookup(m.group(1))
        if entry is None:
            continue
        key = entry.slug
        if key not in out.entities:
            out.entities[key] = Entity(key, entry.label, entry.type, wikidata=entry.wikidata)
        out.entities[key].aliases.add(m.group(1)) if m.group(1) != entry.label else None
        out.mentions.append(Mention(m.start(), m.end(), m.group(1), key))
    return out


del slugify
