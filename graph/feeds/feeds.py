"""Feed formats: RSS, Atom, JSON Feed, sitemaps and OPML subscription lists, parsed safely.

RSS and Atom go through feedparser (given bytes only: it is never handed a URL or a path, so it never
fetches anything); sitemaps and OPML through defusedxml. A document declaring XML entities is refused
before any parser sees it (no "billion laughs"), gzip bodies (``sitemap.xml.gz``) are decompressed
within the size cap, and a malformed feed raises :class:`FeedError` naming what is wrong — unless the
lenient parser still found items, which are kept with a warning.

>>> feed = parse_feed(b'''<rss version="2.0"><channel><title>AI news</title><ttl>30</ttl>
...   <item><title>GPT-5</title><link>https://news.example/gpt5?utm_source=rss</link>
...   <pubDate>Mon, 06 Jan 2025 10:00:00 GMT</pubDate></item></channel></rss>''', "https://news.example/feed")
>>> feed.kind, feed.title, feed.ttl, [(i.url, i.stamp) for i in feed.items]
('rss', 'AI news', 1800.0, [('https://news.example/gpt5', '2025-01-06T10:00:00Z')])
>>> [s.url for s in parse_opml(b'<opml><body><outline text="AI" xmlUrl="https://news.example/feed"/></body></opml>')]
['https://news.example/feed']
"""

from __future__ import annotations

import calendar
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from .canonical import canonical_url
from .fetch import TooLarge, decompress

__all__ = ["FeedError", "FeedItem", "Feed", "FeedSource", "parse_feed", "parse_opml", "read_opml"]

#: Most child sitemaps followed from one sitemap index, and most URLs read from one sitemap.
MAX_SITEMAPS = 50
MAX_ITEMS = 5000


class FeedError(ValueError):
    """A document that is not a feed aikg can read (the message says why)."""


@dataclass(frozen=True)
class FeedItem:
    """One entry of a feed: the page it links to (canonical), and a ``stamp`` that changes when the entry
    says the page changed (its updated or published time, or a sitemap's lastmod; None: unknown)."""

    url: str
    title: str | None = None
    stamp: str | None = None
    published: str | None = None
    id: str | None = None


@dataclass
class Feed:
    """A parsed feed: ``kind`` is rss, atom, json, sitemap or sitemapindex (whose ``sitemaps`` are its
    children); ``ttl``: seconds the feed asks readers to wait between polls, when it says."""

    kind: str
    title: str | None = None
    items: list[FeedItem] = field(default_factory=list)
    ttl: float | None = None
    sitemaps: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FeedSource:
    """A feed to follow: its URL, a title, and its own poll interval in seconds (None: the default)."""

    url: str
    title: str | None = None
    interval: float | None = None


def _iso(t: Any) -> str | None:
    if not t:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(calendar.timegm(t)))
    except (TypeError, ValueError, OverflowError):
        return None


def _check_xml(data: bytes) -> None:
    if re.search(rb"<!ENTITY", data[:200_000], re.I):
        raise FeedError("the document declares XML entities (refused: entity expansion is a known attack)")


def _unzip(data: bytes, limit: int) -> bytes:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return decompress(data, "gzip", limit)
    except TooLarge as exc:
        raise FeedError(f"too large: {exc}") from exc
    except ValueError as exc:
        raise FeedError(str(exc)) from exc


def parse_feed(data: bytes, url: str, content_type: str = "", max_bytes: int = 50_000_000) -> Feed:
    """Parse an RSS, Atom, JSON Feed or sitemap document fetched from ``url`` (links resolved against it)."""
    data = _unzip(data, max_bytes)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if not head:
        raise FeedError("empty document")
    if head in (b"{", b"[") or "json" in content_type.lower():
        return _json_feed(data, url)
    _check_xml(data)
    root = re.search(rb"<(?![?!])([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)", data[:20_000])
    if root and root.group(2) in (b"urlset", b"sitemapindex"):
        return _sitemap(data, url)
    return _feedparser(data, url, content_type)


def _feedparser(data: bytes, url: str, content_type: str) -> Feed:
    import feedparser

    headers = {"content-location": url, "content-type": content_type or "application/xml"}
    d = feedparser.parse(data, response_headers=headers, resolve_relative_uris=True, sanitize_html=True)
    version = d.get("version") or ""
    if not d.entries and (d.get("bozo") or not version):
        problem = d.get("bozo_exception")
        raise FeedError(f"not a readable feed: {problem or 'no RSS, Atom or JSON Feed found'}")
    feed = Feed("atom" if version.startswith("atom") else "rss", title=d.feed.get("title") or None)
    if d.get("bozo") and d.entries:
        feed.warnings.append(f"malformed feed, read leniently: {d.get('bozo_exception')}")
    ttl = d.feed.get("ttl")
    if ttl and str(ttl).strip().isdigit():
        feed.ttl = float(ttl) * 60
    for e in d.entries[:MAX_ITEMS]:
        link = e.get("link") or ""
        if not link:
            links = [x.get("href") for x in e.get("links", []) if x.get("href")]
            link = links[0] if links else ""
        if not link:
            feed.warnings.append(f"an item without a link was skipped: {e.get('title') or e.get('id') or '?'}")
            continue
        updated = _iso(e.get("updated_parsed")) if "updated" in e else None  # no fallback warning
        published = _iso(e.get("published_parsed")) if "published" in e else None
        feed.items.append(FeedItem(canonical_url(urljoin(url, link)), e.get("title") or None,
                                   updated or published, published, e.get("id") or None))
    return feed


def _json_feed(data: bytes, url: str) -> Feed:
    try:
        doc = json.loads(data.decode("utf-8", errors="replace"))
    except (json.JSONDecodeError, RecursionError) as exc:
        raise FeedError(f"malformed JSON Feed: {exc}") from exc
    if not isinstance(doc, dict) or "jsonfeed.org" not in str(doc.get("version", "")) or not isinstance(doc.get("items"), list):
        raise FeedError("not a JSON Feed (expected an object with a jsonfeed.org version and items)")
    feed = Feed("json", title=str(doc.get("title") or "") or None)
    for it in doc["items"][:MAX_ITEMS]:
        if not isinstance(it, dict):
            continue
        link = it.get("url") or it.get("external_url")
        if not isinstance(link, str) or not link:
            feed.warnings.append(f"an item without a url was skipped: {it.get('id', '?')}")
            continue
        published = _json_date(it.get("date_published"))
        feed.items.append(FeedItem(canonical_url(urljoin(url, link)), it.get("title") or None,
                                   _json_date(it.get("date_modified")) or published, published, str(it.get("id") or "") or None))
    return feed


def _json_date(value: Any) -> str | None:
    from datetime import UTC, datetime

    if not isinstance(value, str) or not value:
        return None
    try:
        d = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=UTC)
    return d.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _xml_root(data: bytes, what: str) -> Any:
    from xml.etree.ElementTree import ParseError

    import defusedxml.ElementTree as DET
    from defusedxml import DefusedXmlException

    try:
        return DET.fromstring(data)
    except DefusedXmlException as exc:
        raise FeedError(f"unsafe {what} refused: {exc}") from exc
    except ParseError as exc:
        raise FeedError(f"malformed {what}: {exc}") from exc


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _sitemap(data: bytes, url: str) -> Feed:
    root = _xml_root(data, "sitemap")
    kind = _local(root.tag)
    feed = Feed(kind)
    for child in root:
        if _local(child.tag) not in ("url", "sitemap"):
            continue
        fields = {_local(c.tag): (c.text or "").strip() for c in child}
        loc = fields.get("loc")
        if not loc:
            continue
        target = urljoin(url, loc)
        if kind == "sitemapindex":
            if len(feed.sitemaps) < MAX_SITEMAPS:
                feed.sitemaps.append(target)
        elif len(feed.items) < MAX_ITEMS:
            stamp = _json_date(fields.get("lastmod")) if fields.get("lastmod") else None
            feed.items.append(FeedItem(canonical_url(target), stamp=stamp, published=stamp))
    return feed


def parse_opml(data: bytes | str) -> list[FeedSource]:
    """The feeds an OPML subscription list names (``outline`` elements with an ``xmlUrl``, at any depth;
    an optional ``interval`` attribute, in seconds, sets that feed's own poll interval)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    _check_xml(raw)
    root = _xml_root(raw, "OPML file")
    out: dict[str, FeedSource] = {}
    for el in root.iter():
        if _local(el.tag) != "outline" or not el.get("xmlUrl"):
            continue
        link = el.get("xmlUrl", "").strip()
        interval = el.get("interval")
        try:
            seconds = float(interval) if interval else None
        except ValueError as exc:
            raise FeedError(f"outline {link}: interval {interval!r} is not a number of seconds") from exc
        out.setdefault(link, FeedSource(link, el.get("title") or el.get("text") or None, seconds))
    return list(out.values())


def read_opml(path: str) -> list[FeedSource]:
    """The feeds of an OPML file; :class:`FeedError` (naming the file) when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return parse_opml(fh.read())
    except OSError as exc:
        raise FeedError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except FeedError as exc:
        raise FeedError(f"{path}: {exc}") from exc
