"""How ``aikg serve`` runs the app: uvicorn with connection-level limits of our own.

uvicorn (with httptools) bounds neither the size nor the number of request headers, nor how long a client may
take to send them: one 128 MB header took 27 s of CPU to parse and stalled every other request, and idle or
half-sent connections stayed open for ever. :class:`BoundedHttpProtocol` is uvicorn's httptools protocol with:

* ``AIKG_MAX_HEADER_BYTES`` — request line plus headers larger than this: **431** and the connection closed,
  checked as the bytes arrive (before the parser has to hold them);
* ``AIKG_MAX_HEADERS`` — more header fields than this: **431**;
* ``AIKG_HEADER_TIMEOUT`` — a connection must deliver a request's complete headers within this many seconds
  of opening (or of its first byte, for the next request on a kept-alive connection): else **408** and
  closed — a slowloris client holds a connection no longer than that;
* ``AIKG_BODY_TIMEOUT`` — the body must then arrive within this many seconds: else the connection is closed
  (the route sees the client gone);
* ``AIKG_MAX_CONNECTIONS`` — open connections beyond this get **503** and are closed at once;
* idle kept-alive connections are closed after ``AIKG_KEEP_ALIVE_TIMEOUT`` seconds (uvicorn's own timer).

It also sends a response's status line and headers together with its first body bytes (:class:`HeadWithBody`):
uvicorn writes them with one ``send`` each, two loopback packets and two wake-ups of the client per response;
the first write took 31 % of the server's time for a SPARQL lookup (py-spy).

Error bodies are the API's JSON ``{"error", "detail"}``.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from aikg.graph import Settings

__all__ = ["BoundedHttpProtocol", "HeadWithBody", "server_config", "serve"]

_REASONS = {408: b"Request Timeout", 431: b"Request Header Fields Too Large", 503: b"Service Unavailable"}


class BoundedHttpProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with header size/count limits, header and body deadlines and a cap on
    open connections (the limits come from ``config.aikg_settings``, see :func:`server_config`)."""

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        s: Settings = getattr(config, "aikg_settings", None) or Settings(store="memory")
        self._max_head, self._max_headers = s.max_header_bytes, s.max_headers
        self._header_timeout, self._body_timeout = s.header_timeout, s.body_timeout
        self._max_connections = s.max_connections
        self._in_head = True
        self._raw_head = 0  # bytes received since the request began, while its headers are incomplete
        self._head_size = 0  # the request line and header fields parsed so far
        self._header_count = 0
        self._refusal: tuple[int, str, str] | None = None
        self._timer: asyncio.TimerHandle | None = None

    # -------------------------------------------------------------- connection
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self._max_connections:
            self._refuse(503, "too many connections", f"the server holds {self._max_connections} connections at most")
            return
        self._arm(self._header_timeout, self._head_timeout)

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._refusal is not None or self.transport.is_closing():
            return
        if self._in_head:
            self._raw_head += len(data)
        super().data_received(data)
        if self._refusal is None and self._in_head and self._raw_head > self._max_head:
            self._refusal = self._too_large()
        if self._refusal is not None and not self.transport.is_closing():
            self._refuse(*self._refusal)

    # -------------------------------------------------------------- parser callbacks
    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._in_head, self._head_size, self._header_count = True, 0, 0
        if self._timer is None:  # the next request on a kept-alive connection: its own header deadline
            self._arm(self._header_timeout, self._head_timeout)

    def on_url(self, url: bytes) -> None:
        self._head_size += len(url)
        if self._head_size > self._max_head:
            self._refusal = self._too_large()
            return
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._head_size += len(name) + len(value) + 4
        if self._header_count > self._max_headers:
            self._refusal = (431, "too many request headers", f"a request may carry {self._max_headers} header fields")
        elif self._head_size > self._max_head:
            self._refusal = self._too_large()
        if self._refusal is None:
            super().on_header(name, value)

    def on_headers_complete(self) -> None:
        if self._refusal is not None:
            return  # the app never sees this request
        self._in_head, self._raw_head = False, 0
        self._arm(self._body_timeout, self._body_late)
        super().on_headers_complete()
        cycle = getattr(self, "cycle", None)
        if cycle is not None and not isinstance(cycle.transport, HeadWithBody):  # its task has not run yet
            cycle.transport = HeadWithBody(cycle.transport)

    def on_response_complete(self) -> None:
        cycle = getattr(self, "cycle", None)
        if cycle is not None and isinstance(cycle.transport, HeadWithBody):
            cycle.transport.flush()  # a response without body bytes (HEAD): its head goes now
        super().on_response_complete()

    def on_body(self, body: bytes) -> None:
        if self._refusal is None:
            super().on_body(body)

    def on_message_complete(self) -> None:
        if self._refusal is not None:
            return
        self._disarm()
        super().on_message_complete()

    # -------------------------------------------------------------- helpers
    def _too_large(self) -> tuple[int, str, str]:
        return 431, "request headers too large", f"the request line and headers may take {self._max_head} bytes"

    def _arm(self, seconds: float, callback: Any) -> None:
        self._disarm()
        self._timer = self.loop.call_later(seconds, callback)

    def _disarm(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _head_timeout(self) -> None:
        self._timer = None
        if self._in_head and not self.transport.is_closing():
            self._refuse(408, "request timeout", f"the request headers did not arrive within {self._header_timeout:g} s")

    def _body_late(self) -> None:
        self._timer = None
        if not self.transport.is_closing():
            self.transport.close()  # the route sees the client gone

    def _refuse(self, status: int, error: str, detail: str) -> None:
        self._disarm()
        body = json.dumps({"error": error, "detail": detail}).encode()
        head = b"HTTP/1.1 %d %s\r\ncontent-type: application/json\r\ncontent-length: %d\r\nconnection: close\r\n\r\n" % (
            status, _REASONS[status], len(body))
        self.transport.write(head + body)
        self.transport.close()


class HeadWithBody:
    """The transport as one response cycle sees it: the response head (its first write, unless it is a
    ``100 Continue``) is held back and written together with the next write; :meth:`flush` (at the end of a
    response) and :meth:`close` write a head still held. Everything else goes to the real transport.

    >>> class T:
    ...     def __init__(self): self.sent = []
    ...     def write(self, data): self.sent.append(data)
    >>> t = T(); w = HeadWithBody(t)
    >>> w.write(b"HTTP/1.1 200 OK\\r\\n\\r\\n"); t.sent
    []
    >>> w.write(b"body"); w.write(b"more"); t.sent
    [b'HTTP/1.1 200 OK\\r\\n\\r\\nbody', b'more']
    """

    __slots__ = ("_transport", "_head", "_first")

    def __init__(self, transport: Any) -> None:
        self._transport = transport
        self._head: bytes | None = None
        self._first = True

    def write(self, data: bytes) -> None:
        if self._first and not data.startswith(b"HTTP/1.1 100 "):
            self._first = False
            self._head = data
            return
        if self._head is not None:
            data, self._head = self._head + data, None
        self._transport.write(data)

    def flush(self) -> None:
        if self._head is not None:
            head, self._head = self._head, None
            self._transport.write(head)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._transport, name)


def server_config(app: Any, settings: Settings, host: str, port: int, **kwargs: Any) -> uvicorn.Config:
    """The uvicorn configuration ``aikg serve`` uses: :class:`BoundedHttpProtocol` and the keep-alive timeout."""
    config = uvicorn.Config(app, host=host, port=port, http=BoundedHttpProtocol,
                            timeout_keep_alive=max(1, int(settings.keep_alive_timeout)), **kwargs)
    config.aikg_settings = settings  # type: ignore[attr-defined]
    return config


def serve(app: Any, settings: Settings, host: str, port: int, **kwargs: Any) -> None:
    """Run ``app`` until interrupted (what ``aikg serve`` does)."""
    uvicorn.Server(server_config(app, settings, host, port, **kwargs)).run()
