"""A cache of whole GET responses in front of the application, valid while the graph is unchanged.

Repeated reads (a dashboard's SPARQL query, a popular entity, an article page) are answered from memory
without routing, validation, serialisation or a SPARQL worker. An entry is the exact status, headers and
body the application produced for (path, query string, Accept, gzip or not) at one graph version
(``KnowledgeGraph.version``); every write bumps the version and drops the whole cache, so an answer is
never older than the last write through this process. Replayed responses carry ``X-Cache: hit``.

Not cached: other methods than GET (and HEAD answered from a GET entry), conditional requests (the routes
answer those with 304 themselves), paths outside ``PREFIXES``, statuses other than 200, bodies over
``MAX_ENTRY`` bytes, responses marked ``Cache-Control: no-store`` (the SPARQL endpoint marks queries
that use NOW(), RAND(), UUID(), STRUUID() or BNODE()), HTML pages whose Content-Security-Policy carries
a per-response script nonce (a replayed nonce would be a known one), and graphs on a remote store (other programs may
write there without this process knowing).

Size: at most ``AIKG_RESPONSE_CACHE_MB`` megabytes of bodies (default 64; 0 turns the cache off); the
least recently used entries go first.

>>> cache = ResponseCache(app=None, max_bytes=1000)
>>> cache.cacheable_path("/api/entities/openai"), cache.cacheable_path("/health")
(True, False)
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from aikg.graph.store import RemoteStore

__all__ = ["ResponseCache", "PREFIXES", "MAX_ENTRY"]

#: Paths whose GET responses depend only on the graph, the URL and the Accept/Accept-Encoding headers.
PREFIXES: tuple[str, ...] = ("/api/", "/sparql", "/id/", "/article/", "/context.jsonld")
#: Largest body kept (bytes); bigger responses pass through uncached.
MAX_ENTRY = 2_000_000

_Key = tuple[str, bytes, bytes, bool]
_SKIP_HEADERS = {b"x-request-id", b"date", b"server"}


class _Entry:
    __slots__ = ("status", "headers", "body")

    def __init__(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        self.status, self.headers, self.body = status, headers, body


class ResponseCache:
    """Pure ASGI middleware: replay GET responses for an unchanged graph (see the module docstring).

    Thread-safe; the graph is read from ``scope["app"].state.kg`` (its ``version`` and ``store``).
    """

    def __init__(self, app: Any, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self._entries: OrderedDict[_Key, _Entry] = OrderedDict()
        self._bytes = 0
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def cacheable_path(path: str) -> bool:
        return path.startswith(PREFIXES)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if (self.max_bytes <= 0 or scope["type"] != "http" or scope["method"] not in ("GET", "HEAD")
                or not self.cacheable_path(scope["path"])):
            await self.app(scope, receive, send)
            return
        kg = getattr(getattr(scope.get("app"), "state", None), "kg", None)
        if kg is None or isinstance(kg.store, RemoteStore):
            await self.app(scope, receive, send)
            return
        accept, gzip_ok = b"", False
        for name, value in scope["headers"]:
            if name in (b"if-none-match", b"if-modified-since"):
                await self.app(scope, receive, send)
                return
            if name == b"accept":
                accept = value
            elif name == b"accept-encoding":
                gzip_ok = b"gzip" in value
        key: _Key = (scope["path"], scope["query_string"], accept, gzip_ok)
        version = kg.version
        entry = self._get(key, version)
        if entry is not None:
            self.hits += 1
            await send({"type": "http.response.start", "status": entry.status,
                        "headers": [*entry.headers, (b"x-cache", b"hit")]})
            await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else entry.body})
            return
        self.misses += 1
        if scope["method"] == "HEAD":
            await self.app(scope, receive, send)
            return
        await self._fill(scope, receive, send, key, version)

    async def _fill(self, scope: Any, receive: Any, send: Any, key: _Key, version: int) -> None:
        """Run the application, passing every message on at once and keeping a copy if cacheable."""
        start: dict[str, Any] = {}
        parts: list[bytes] = []
        size = 0
        keep = True

        async def tee(message: Any) -> None:
            nonlocal size, keep
            if message["type"] == "http.response.start":
                start.update(message)
                keep = message["status"] == 200 and not any(
                    (n == b"cache-control" and b"no-store" in v) or (n == b"content-security-policy" and b"nonce-" in v)
                    for n, v in message.get("headers", ()))
            elif message["type"] == "http.response.body" and keep:
                body = message.get("body", b"")
                size += len(body)
                if size > MAX_ENTRY:
                    keep = False
                    parts.clear()
                else:
                    parts.append(body)
                    if not message.get("more_body", False):
                        headers = [(n, v) for n, v in start.get("headers", ()) if n.lower() not in _SKIP_HEADERS]
                        self._put(key, version, _Entry(start["status"], headers, b"".join(parts)))
            await send(message)

        await self.app(scope, receive, tee)

    def _get(self, key: _Key, version: int) -> _Entry | None:
        with self._lock:
            if version != self._version:
                self._entries.clear()
                self._bytes = 0
                self._version = version
                return None
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def _put(self, key: _Key, version: int, entry: _Entry) -> None:
        with self._lock:
            if version != self._version:  # a write happened while this response was being made
                return
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._entries[key] = entry
            self._bytes += len(entry.body)
            while self._bytes > self.max_bytes and self._entries:
                _, dropped = self._entries.popitem(last=False)
                self._bytes -= len(dropped.body)
