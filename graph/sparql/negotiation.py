"""Content negotiation for the SPARQL endpoint: the media type an answer is written in.

``?format=`` (or ``output``/``results``) names win; otherwise the Accept header, parsed and matched by
werkzeug's :class:`~werkzeug.datastructures.MIMEAccept` (quality values, wildcards, the more specific range
first, ties to the server's order). A media range's parameters other than ``q`` do not restrict the match.

>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None)
'application/sparql-results+xml'
>>> negotiate("CONSTRUCT", "text/*", None), negotiate("SELECT", "image/png", None)
('text/turtle', None)
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from werkzeug.datastructures import MIMEAccept
from werkzeug.http import parse_accept_header

__all__ = ["RESULT_MEDIA_TYPES", "GRAPH_MEDIA_TYPES", "negotiate", "best_media_type"]

RESULT_MEDIA_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_MEDIA_TYPES = ("text/turtle", "application/n-triples", "application/n-quads", "application/ld+json", "application/rdf+xml")
_RESULT_ALIASES = {
    "application/json": "application/sparql-results+json",
    "text/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "text/tsv": "text/tab-separated-values",
}
_GRAPH_ALIASES = {
    "application/x-turtle": "text/turtle",
    "application/turtle": "text/turtle",
    "text/n3": "text/turtle",
    "text/rdf+n3": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json": "application/ld+json",
    "application/x-json+ld": "application/ld+json",
    "application/xml": "application/rdf+xml",
    "text/xml": "application/rdf+xml",
}
_FORMAT_NAMES_RESULTS = {
    "json": "application/sparql-results+json",
    "srj": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "srx": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
_FORMAT_NAMES_GRAPHS = {
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "n3": "text/turtle",
    "nt": "application/n-triples",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "nq": "application/n-quads",
    "nquads": "application/n-quads",
    "n-quads": "application/n-quads",
    "jsonld": "application/ld+json",
    "json-ld": "application/ld+json",
    "json": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "rdf+xml": "application/rdf+xml",
    "rdf": "application/rdf+xml",
    "xml": "application/rdf+xml",
}


_BROWSER = ("text/html", "application/xhtml+xml")


def _accept(accept: str | None) -> MIMEAccept:
    """The parsed Accept header, ``*/*`` when there is none, without media-type parameters."""
    parsed = parse_accept_header(accept or "*/*", MIMEAccept)
    return MIMEAccept([(value.split(";", 1)[0].strip(), q) for value, q in parsed])


def best_media_type(accept: str | None, offers: Sequence[str]) -> str | None:
    """The offer the Accept header prefers (the first of equally good ones), None when it accepts none.

    >>> best_media_type("text/turtle;q=0.5, application/ld+json;q=0.9", ["text/turtle", "application/ld+json"])
    'application/ld+json'
    >>> best_media_type("text/html,application/xhtml+xml,*/*;q=0.8", ["text/turtle", "text/html"])
    'text/html'
    """
    return _accept(accept).best_match(offers)


def negotiate(kind: str, accept: str | None, formats: list[str] | str | None = None) -> str | None:
    """The media type to answer a ``kind`` query with, from ``?format=`` values or the Accept header.

    An alias (``application/json``, ``text/xml``, ...) stands for the media type it names. A browser whose first
    preference is HTML gets the default format. ``None`` when nothing acceptable can be produced (406).
    """
    graph = kind in ("CONSTRUCT", "DESCRIBE")
    supported = GRAPH_MEDIA_TYPES if graph else RESULT_MEDIA_TYPES
    aliases = _GRAPH_ALIASES if graph else _RESULT_ALIASES
    names = _FORMAT_NAMES_GRAPHS if graph else _FORMAT_NAMES_RESULTS
    if isinstance(formats, str):
        formats = [formats]
    for f in formats or []:
        f = f.strip().lower()
        if f in names:
            return names[f]
        mt = aliases.get(f, f)
        if mt in supported:
            return mt
    return _by_accept(graph, accept)


@functools.lru_cache(maxsize=256)
def _by_accept(graph: bool, accept: str | None) -> str | None:
    """:func:`negotiate` by the Accept header (clients send the same few headers: the answers are kept)."""
    supported = GRAPH_MEDIA_TYPES if graph else RESULT_MEDIA_TYPES
    aliases = _GRAPH_ALIASES if graph else _RESULT_ALIASES
    parsed = _accept(accept)
    top = max((q for _, q in parsed), default=0)
    if top > 0 and max(parsed[b] for b in _BROWSER) >= top and any(v.lower() in _BROWSER for v, _ in parsed):
        return supported[0]  # a browser following a link: the default format
    best = parsed.best_match([*supported, *aliases])
    return aliases.get(best, best) if best else None
