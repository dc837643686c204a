"""The store: one interface, three backends (embedded on-disk Oxigraph, in-memory, remote SPARQL server).

Every backend speaks pyoxigraph terms and result objects, so callers never care which one they have.
Writes that concern one article (or one imported source) go through :meth:`Store.replace_graphs`, a
single SPARQL Update request: it is one transaction, so either the whole replacement happens or nothing
does.

>>> from pyoxigraph import NamedNode, Quad, Literal
>>> s = open_store("memory")
>>> g = "https://w3id.org/aikg/article/x"
>>> s.replace_graphs([g], [Quad(NamedNode("http://e/a"), NamedNode("http://e/p"), Literal("v"), NamedNode(g))])
>>> [str(r["o"]) for r in s.select("SELECT ?o WHERE { ?s ?p ?o }")]
['"v"']
>>> s.replace_graphs([g], [])  # replacing with nothing removes the graph
>>> len(s)
0
"""

from __future__ import annotations

from .base import RDF_FORMATS, QueryHelpers, QueryResult, Store, StoreError, Term, serialize_result
from .oxigraph import OxigraphStore
from .remote import RemoteStore
from .text import bind, quads_to_insert_data, query_kind, render_term, replace_update, with_prefixes

__all__ = [
    "Store",
    "StoreError",
    "OxigraphStore",
    "RemoteStore",
    "open_store",
    "quads_to_insert_data",
    "render_term",
    "bind",
    "serialize_result",
    "RDF_FORMATS",
    "query_kind",
    "replace_update",
    "with_prefixes",
    "QueryHelpers",
    "QueryResult",
    "Term",
]


def open_store(
    spec: str,
    *,
    update_url: str | None = None,
    user: str | None = None,
    password: str | None = None,
) -> OxigraphStore | RemoteStore:
    """The store a spec names: a folder path, ``memory``, or an http(s) SPARQL endpoint URL."""
    if spec == "memory":
        return OxigraphStore(None)
    if spec.startswith(("http://", "https://")):
        spec, user, password = _split_userinfo(spec, user, password)
        from ..virtuoso import VirtuosoStore, is_virtuoso

        if is_virtuoso(spec, update_url):
            return VirtuosoStore(spec, update_url, user=user, password=password)
        auth = (user, password) if user and password else None
        return RemoteStore(spec, update_url, auth=auth)
    return OxigraphStore(spec)


def _split_userinfo(url: str, user: str | None, password: str | None) -> tuple[str, str | None, str | None]:
    """``http://user:password@host/…`` → the URL without credentials, and the credentials (URL-decoded)."""
    from urllib.parse import unquote, urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.username is None:
        return url, user, password
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, user or unquote(parts.username), password or unquote(parts.password or "") or None
