"""Articles from their contents: plain text (:func:`article_from_text`), JSON records
(:func:`article_from_record`) and HTML pages (:func:`article_from_html`). Each raises ValueError naming what
is missing; the readers of :mod:`aikg.graph.articles.files` turn that into a ReadError.

>>> article_from_text("OpenAI released GPT-4o. It is fast.").title
'OpenAI released GPT-4o.'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..dates import parse_date
from .cleaning import clean_plain, first_sentence
from .records import Article, article_id

__all__ = [
    "DATE_KEYS",
    "PUBLISHER_KEYS",
    "TEXT_KEYS",
    "article_from_html",
    "article_from_record",
    "article_from_text",
    "pick",
]

# ----------------------------------------------------------------------------- records
TEXT_KEYS = ("text", "body", "content", "articleBody", "article")
DATE_KEYS = ("date", "published", "published_at", "publishedAt", "datePublished", "pubDate")
PUBLISHER_KEYS = ("publisher", "source", "site", "sitename")


def pick(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def _as_name(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = ", ".join(str(_as_name(v)) for v in value if _as_name(v))
    value = " ".join(str(value).split())
    return value or None


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    date_value: Any = None,
    author: Any = None,
    publisher: Any = None,
    source: str = "",
    warnings: Iterable[str] = (),
) -> Article:
    """An Article from a body of plain text: boilerplate stripped, metadata completed from the page."""
    body, meta = clean_plain(text)
    if not body.strip():
        raise ValueError("no article text (empty after removing page boilerplate)")
    d = parse_date(date_value) or meta.get("date")
    title = " ".join(str(title).split()) if title else None
    return Article(
        id=article_id(url, body),
        text=body,
        title=title or first_sentence(body),
        url=str(url).strip() if url else None,
        date=d,
        author=_as_name(author) or meta.get("author"),
        publisher=_as_name(publisher) or meta.get("publisher"),
        source=source,
        warnings=tuple(warnings),
    )


def article_from_record(record: Any, source: str = "", warnings: Iterable[str] = ()) -> Article:
    """An Article from a JSON object with title, text|body|content, url, date, author, publisher|source."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    text = pick(record, TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("record has no text (expected a non-empty 'text', 'body' or 'content' field)")
    url = record.get("url") or record.get("link")
    return article_from_text(
        text,
        title=record.get("title") or record.get("headline"),
        url=str(url) if url else None,
        date_value=pick(record, DATE_KEYS),
        author=record.get("author") or record.get("byline"),
        publisher=pick(record, PUBLISHER_KEYS),
        source=source,
        warnings=warnings,
    )



def article_from_html(
    html: str | bytes,
    *,
    source: str = "",
    url: str | None = None,
    title: str | None = None,
    date_value: Any = None,
    warnings: Iterable[str] = (),
) -> Article:
    """An Article from an HTML page: its main text and metadata (trafilatura; nothing in the page is run).
    ``url`` (the page's canonical address) wins over what the page says; ``title`` and ``date_value`` fill
    in what the page does not say. ValueError when the page holds no article text, or when trafilatura
    cannot be imported (a broken installation: this page fails, the other inputs go on)."""
    try:
        import trafilatura
    except ImportError as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(f"cannot read HTML pages: {reason} (part of trafilatura is missing; reinstall aikg)") from exc

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise ValueError("no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    body = get("text") or ""
    if not body.strip():
        raise ValueError("no article text found in the HTML page")
    return article_from_text(
        body,
        title=get("title") or title,
        url=url or get("url"),
        date_value=get("date") or date_value,
        author=get("author"),
        publisher=get("sitename"),
        source=source,
        warnings=warnings,
    )
