"""Articles as records: the :class:`Article` and :class:`ReadError` dataclasses, the id rule, and the JSON form
the CLI sends a server (:func:`article_as_dict` / :func:`article_from_dict`).

>>> article_id("https://example.com/a", "anything") == article_id(" https://example.com/a ", "other text")
True
>>> normalise_text("  OpenAI\\u00a0Released ") == "openai released"
True
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .cleaning import first_sentence

__all__ = [
    "DEFAULT_MAX_BYTES",
    "Article",
    "ReadError",
    "article_as_dict",
    "article_from_dict",
    "article_id",
    "articles_from_dicts",
    "normalise_text",
]

DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Article:
    """One news article: clean body text plus metadata. ``id`` is stable: from the url, else the text."""

    id: str
    text: str
    title: str
    url: str | None = None
    date: date | None = None
    author: str | None = None
    publisher: str | None = None
    source: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ReadError:
    """An input that could not become an article, and why."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


def normalise_text(text: str) -> str:
    """Text folded for identity: NFKC, lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def article_id(url: str | None, text: str) -> str:
    """16 hex digits: the same url, or the same normalised text when there is no url, gives the same id."""
    key = ("url:" + url.strip()) if url and url.strip() else ("text:" + normalise_text(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- articles as data
def article_as_dict(article: Article) -> dict[str, Any]:
    """An Article as JSON-ready data (what the CLI sends a server holding the store); see :func:`article_from_dict`.

    >>> from aikg.graph.articles import article_from_record
    >>> a = article_from_record({"title": "T", "text": "OpenAI released GPT-4o.", "date": "2024-05-13"}, source="a.json")
    >>> article_from_dict(article_as_dict(a)) == a
    True
    """
    return {
        "title": article.title, "text": article.text, "url": article.url,
        "date": article.date.isoformat() if article.date else None, "author": article.author,
        "publisher": article.publisher, "source": article.source, "warnings": list(article.warnings),
    }


def article_from_dict(data: Any) -> Article:
    """The Article :func:`article_as_dict` made, as the readers made it: the body is taken as it is (already
    clean) and the id follows the readers' rule (url, else text). ValueError names a malformed field."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    strings = {}
    for key in ("title", "text", "url", "date", "author", "publisher", "source"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field {key!r} must be a string")
        strings[key] = value or None
    text, title = strings["text"], strings["title"]
    if not text or not text.strip():
        raise ValueError("no article text")
    warnings = data.get("warnings") or []
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError("field 'warnings' must be a list of strings")
    day = None
    if strings["date"]:
        try:
            day = date.fromisoformat(strings["date"])
        except ValueError:
            raise ValueError(f"field 'date' is not a YYYY-MM-DD date: {strings['date']!r}") from None
    return Article(
        id=article_id(strings["url"], text), text=text, title=title or first_sentence(text), url=strings["url"],
        date=day, author=strings["author"], publisher=strings["publisher"], source=strings["source"] or "",
        warnings=tuple(warnings),
    )


def articles_from_dicts(items: Iterable[Any], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ReadError]:
    """:func:`article_from_dict` for each item; a malformed or too large one becomes a ReadError naming it.

    >>> [type(x).__name__ for x in articles_from_dicts([{"text": "OpenAI released GPT-4o."}, {"text": 3}])]
    ['Article', 'ReadError']
    """
    for i, data in enumerate(items):
        where = data.get("source") if isinstance(data, dict) and isinstance(data.get("source"), str) else None
        where = where or f"article {i + 1}"
        text = data.get("text") if isinstance(data, dict) else None
        if isinstance(text, str) and len(text.encode("utf-8", "replace")) > max_bytes:
            yield ReadError(where, f"too large (the limit AIKG_MAX_ARTICLE_BYTES is {max_bytes:,} bytes)")
            continue
        try:
            yield article_from_dict(data)
        except ValueError as exc:
            yield ReadError(where, str(exc))
