"""A local news site for the feed tests: two "sites" (``127.0.0.1:PORT`` and ``localhost:PORT``) served by
one threaded HTTP server on a free loopback port, with pages and feeds the tests write and change.

Each route answers with a list of :class:`Reply` objects in turn (the last one repeats); a reply with an
ETag answers 304 to a matching ``If-None-Match``. Every request is logged with its headers.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from xml.sax.saxutils import escape as esc

from .conftest import free_port


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    delay: float = 0.0
    trickle: float = 0.0  # seconds between 1 KB pieces of the body


@dataclass
class Hit:
    site: str
    path: str
    status: int
    headers: dict[str, str]


class FeedSite:
    """The server. ``a`` and ``b`` are the two sites' base URLs."""

    def __init__(self) -> None:
        self.port = free_port()
        self.routes: dict[tuple[str, str], list[Reply]] = {}
        self.served: dict[tuple[str, str], int] = {}
        self.log: list[Hit] = []
        self.arrived = threading.Event()  # set when a request for ``watch_path`` arrives
        self.watch_path: str | None = None
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802
                site.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def a(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def b(self) -> str:
        return f"http://localhost:{self.port}"

    def __enter__(self) -> FeedSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, site: str, path: str, *replies: Reply) -> None:
        with self._lock:
            self.routes[(site, path)] = list(replies)
            self.served[(site, path)] = 0

    def hits(self, site: str, path: str, status: int | None = None) -> list[Hit]:
        return [h for h in self.log if h.site == site and h.path == path and (status is None or h.status == status)]

    def handle(self, req: BaseHTTPRequestHandler) -> None:
        host = req.headers.get("Host", "")
        site = "b" if host.startswith("localhost") else "a"
        with self._lock:
            replies = self.routes.get((site, req.path))
            n = self.served.get((site, req.path), 0)
            self.served[(site, req.path)] = n + 1
        reply = replies[min(n, len(replies) - 1)] if replies else Reply(404, b"not found")
        status = reply.status
        if reply.etag and req.headers.get("If-None-Match") == reply.etag and status == 200:
            status = 304
        with self._lock:
            self.log.append(Hit(site, req.path, status, {k.lower(): v for k, v in req.headers.items()}))
        if self.watch_path == req.path:
            self.arrived.set()
        if reply.delay:
            time.sleep(reply.delay)
        body = b"" if status == 304 else reply.body
        try:
            req.send_response(status)
            for k, v in reply.headers.items():
                req.send_header(k, v)
            if reply.etag:
                req.send_header("ETag", reply.etag)
            if "Content-Length" not in reply.headers:
                req.send_header("Content-Length", str(len(body)))
            req.end_headers()
            for piece in _pieces(body, 1024 if reply.trickle else len(body) or 1):
                req.wfile.write(piece)
                req.wfile.flush()
                if reply.trickle:
                    time.sleep(reply.trickle)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _pieces(data: bytes, size: int) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i : i + size]


# ----------------------------------------------------------------------------- content
def html_page(title: str, body: str, canonical: str | None = None, boilerplate: str = "") -> bytes:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n"))
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{title}</title>{link}"
            f"<script>document.write('never run')</script></head><body><nav>Home | World | Tech</nav>"
            f"<article><h1>{title}</h1>{paras}</article><aside>{boilerplate}</aside>"
            f"<footer>Copyright the site</footer></body></html>").encode()


def rss(title: str, items: list[tuple[str, str, str]], ttl: int | None = None) -> bytes:
    """RSS 2.0 from (title, link, pubDate RFC 822) items."""
    entries = "".join(f"<item><title>{esc(t)}</title><link>{esc(link)}</link><guid>{esc(link)}</guid><pubDate>{d}</pubDate></item>"
                      for t, link, d in items)
    ttl_el = f"<ttl>{ttl}</ttl>" if ttl else ""
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{title}</title>'
            f"<link>http://example.invalid/</link><description>test</description>{ttl_el}{entries}</channel></rss>").encode()


def atom(title: str, items: list[tuple[str, str, str]]) -> bytes:
    """Atom from (title, link, updated ISO) items."""
    entries = "".join(f'<entry><title>{esc(t)}</title><link href="{esc(link)}"/><id>{esc(link)}</id><updated>{u}</updated></entry>'
                      for t, link, u in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>'
            f"<id>urn:test</id><updated>2025-01-01T00:00:00Z</updated>{entries}</feed>").encode()


def gz(data: bytes) -> bytes:
    return gzip.compress(data)


OPENAI = ("OpenAI released GPT-4o on Monday, a model that reasons across audio, vision and text in real time. "
          "Sam Altman, chief executive of OpenAI, said the model would be free for every user of ChatGPT.\n\n"
          "Microsoft, which has invested billions of dollars in OpenAI, said its Copilot assistant will run on "
          "GPT-4o within weeks. Analysts expect Google and Anthropic to answer with new models of their own before "
          "the end of the year, as the race between the largest laboratories grows more intense.")
ANTHROPIC = ("Anthropic released Claude 3.5 Sonnet on Thursday. Dario Amodei, chief executive of Anthropic, said "
             "the model is faster than its predecessor and cheaper to run.\n\nAmazon, which has invested in "
             "Anthropic, said Claude 3.5 Sonnet is available on its cloud platform from today, and that several "
             "large customers are already testing it in their own products and services.")
META_V1 = ("Meta released Llama 3 on Tuesday. Mark Zuckerberg, chief executive of Meta, said the model is open for "
           "researchers and companies alike.\n\nYann LeCun, chief AI scientist at Meta, said the model was trained on "
           "more data than any model the company had released before, and that a larger version is still in training.")
META_V2 = ("Meta released Llama 3 on Tuesday. Mark Zuckerberg, chief executive of Meta, said the model is open for "
           "researchers and companies alike.\n\nCorrection: an earlier version of this story misattributed a remark "
           "on the training data. Meta has partnered with Microsoft to offer Llama 3 on the Azure cloud.")
MISTRAL = ("Mistral AI released Mistral Large on Monday. Arthur Mensch, chief executive of Mistral AI, said the "
           "company will keep publishing open models.\n\nMicrosoft has invested in Mistral AI and will offer "
           "Mistral Large to customers of its Azure cloud, the two companies said in a joint statement.")
