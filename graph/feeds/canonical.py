"""Canonical URLs: the one address an article is known by, whatever link led to it.

``canonical_url`` normalises a URL (scheme and host in lower case, default port, fragment and empty
query dropped, tracking parameters removed, remaining parameters sorted); ``page_canonical`` prefers
the page's own ``<link rel="canonical">`` when it points to the same site (a canonical link to another
site is how syndicated copies name their original: graph/feeds/syndication.py decides those).

>>> canonical_url("HTTPS://News.Example:443/ai/story?utm_source=rss&id=7&fbclid=x#comments")
'https://news.example/ai/story?id=7'
>>> canonical_url("http://news.example/a?b=2&a=1&ref=hn")
'http://news.example/a?a=1&b=2'
>>> page_canonical(b'<html><head><link rel="canonical" href="/story-1?utm_medium=x"></head></html>', "https://news.example/amp/story-1")
'https://news.example/story-1'
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

__all__ = ["TRACKING_PARAMETERS", "canonical_url", "is_tracking", "page_canonical", "same_site"]

#: Query parameters that only track the reader (removed); ``utm_*`` and friends are matched by prefix.
TRACKING_PARAMETERS = frozenset({
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "igshid", "mc_cid", "mc_eid",
    "ref", "ref_src", "ref_url", "referrer", "source", "cmpid", "cmp", "ncid", "ocid", "sr_share", "share",
    "smid", "partner", "taid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "spm", "vero_id", "wt.mc_id",
    "icid", "at_medium", "at_campaign", "ito", "guccounter", "guce_referrer", "guce_referrer_sig",
})
_TRACKING_PREFIXES = ("utm_", "pk_", "piwik_", "mtm_", "at_", "hsa_", "oly_")


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks the reader.

    >>> is_tracking("utm_campaign"), is_tracking("page")
    (True, False)
    """
    n = name.lower()
    return n in TRACKING_PARAMETERS or n.startswith(_TRACKING_PREFIXES)


def canonical_url(url: str) -> str:
    """The normalised form of an http(s) URL (other URLs come back stripped of whitespace only)."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    port = parts.port
    netloc = host if port in (None, 80 if scheme == "http" else 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path) or "/"
    query = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k))
    return urlunsplit((scheme, netloc, path, urlencode(query), ""))


def same_site(a: str, b: str) -> bool:
    """Whether two URLs are on the same site (host without a leading ``www.``).

    >>> same_site("https://www.news.example/a", "http://news.example/b"), same_site("https://a.example/", "https://b.example/")
    (True, False)
    """
    def site(u: str) -> str:
        host = (urlsplit(u).hostname or "").lower()
        return host[4:] if host.startswith("www.") else host

    return bool(site(a)) and site(a) == site(b)


def _canonical_link(html: bytes) -> str | None:
    import lxml.html

    try:
        doc = lxml.html.fromstring(html)
    except (ValueError, TypeError, lxml.etree.ParserError):
        return None
    for link in doc.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rel and href:
            return href
    return None


def page_canonical(html: bytes, fetched_url: str) -> str:
    """The canonical URL of a fetched page: its ``<link rel="canonical">`` when that is an http(s) URL on
    the same site, else the address it was fetched from; normalised either way."""
    link = _canonical_link(html) if html.strip() else None
    if link:
        target = urljoin(fetched_url, link)
        if urlsplit(target).scheme in ("http", "https") and same_site(target, fetched_url):
            return canonical_url(target)
    return canonical_url(fetched_url)
