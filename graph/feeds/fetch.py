"""A polite HTTP client for news pages and feeds: what aikg's crawler does on the wire.

Manners, each in force for every request (docs/feeds.md):

- a clear ``User-Agent`` (``AIKG_USER_AGENT``), and robots.txt obeyed: fetched once per site and kept
  for an hour; a path it disallows for aikg is never fetched; a robots.txt that answers 5xx or cannot
  be reached counts as "disallow everything" until it is asked again (RFC 9309), a 4xx as "no rules";
  a ``Crawl-delay`` lengthens the pause between requests to that site;
- at most one request per host every ``AIKG_FETCH_DELAY`` seconds (over the whole client);
- conditional GET: the ETag / Last-Modified of the last fetch go out as ``If-None-Match`` /
  ``If-Modified-Since``, and a 304 costs no body;
- retries with exponential backoff on connection errors, timeouts, 429 and 5xx, honouring
  ``Retry-After`` (seconds or a date); a wait longer than ``AIKG_FETCH_MAX_WAIT`` is not waited out:
  the result says when to come back (``retry_after``) and the caller tries again in a later cycle;
- redirects followed by hand (at most 5), each hop checked again (scheme, allow-list, robots.txt);
- a size cap (``AIKG_FETCH_MAX_BYTES``, counted after decompression, enforced while reading: an
  oversized ``Content-Length`` is refused before the body is read) and a time cap for the whole
  response (``AIKG_FETCH_TIMEOUT``; a server that trickles bytes is cut off);
- safe decompression: only gzip and deflate are asked for, and decompressed in bounded steps, so a
  small compressed bomb stops at the size cap instead of filling memory. Nothing fetched is executed.

Errors never raise: a :class:`FetchResult` says what happened (``error`` is None on success or 304).

>>> policy = FetchPolicy(allow_hosts=frozenset({"news.example", ".example.org"}))
>>> policy.host_allowed("https://news.example/a"), policy.host_allowed("https://a.example.org/b")
(True, True)
>>> policy.host_allowed("http://127.0.0.1:8000/admin"), policy.host_allowed("file:///etc/passwd")
(False, False)
>>> parse_retry_after("120"), parse_retry_after("soon")
(120.0, None)
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx

__all__ = [
    "FetchPolicy",
    "FetchResult",
    "Fetcher",
    "TooLarge",
    "FetchStats",
    "decompress",
    "parse_retry_after",
    "policy_from_settings",
]

_RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
#: robots.txt is read up to this size (RFC 9309 asks for at least 500 KiB).
ROBOTS_MAX_BYTES = 512 * 1024
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    """The crawler's limits (``policy_from_settings`` reads them from ``AIKG_*`` settings).

    ``allow_hosts``: None lets any host be fetched (URLs an operator gave: the command line, an OPML
    file); a set limits fetching to those hosts (``news.example``) and their subdomains (``.example.org``)
    — the server fetches URLs that arrive in requests only under such a set, and with an empty one never.
    """

    user_agent: str = "aikg/0.1 (knowledge-graph news reader; +https://w3id.org/aikg)"
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    delay: float = 1.0
    retries: int = 3
    backoff: float = 1.0
    max_wait: float = 60.0
    max_redirects: int = 5
    robots_ttl: float = 3600.0
    allow_hosts: frozenset[str] | None = None

    def host_allowed(self, url: str) -> bool:
        """Whether ``url`` is http(s) with a host, and that host is allowed."""
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("http", "https") or not host:
            return False
        if self.allow_hosts is None:
            return True
        return any(host == h or (h.startswith(".") and host.endswith(h)) for h in self.allow_hosts)

    @property
    def robots_agent(self) -> str:
        """The product token robots.txt groups are matched against (``aikg``)."""
        return self.user_agent.split("/", 1)[0].split()[0]


def policy_from_settings(settings: Any, from_request: bool = False) -> FetchPolicy:
    """The policy of ``settings``; ``from_request``: for URLs that arrived in a request (allow-list applies)."""
    hosts = None
    if from_request:
        hosts = frozenset(h.strip().lower() for h in settings.fetch_allow_hosts.split(",") if h.strip())
    return FetchPolicy(
        user_agent=settings.user_agent, timeout=settings.fetch_timeout, max_bytes=settings.fetch_max_bytes,
        delay=settings.fetch_delay, retries=settings.fetch_retries, backoff=settings.fetch_backoff,
        max_wait=settings.fetch_max_wait, allow_hosts=hosts,
    )


@dataclass
class FetchResult:
    """What one fetch came to. ``status``: the final HTTP status (0: no answer). ``error``: why it
    failed (None when ``status`` is 200 or 304). ``retry_after``: seconds the server asked to wait,
    when that was longer than the client waits. ``disallowed``: robots.txt or the allow-list said no."""

    url: str
    final_url: str
    status: int = 0
    body: bytes = b""
    content_type: str = ""
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    retry_after: float | None = None
    disallowed: bool = False
    attempts: int = 0

    @property
    def ok(self) -> bool:
        return self.error is None and self.status == 200

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class TooLarge(ValueError):
    """A body grew past the size cap."""


def decompress(data: bytes, encoding: str, limit: int) -> bytes:
    """``data`` decoded from ``encoding`` (gzip, x-gzip, deflate or identity), never more than ``limit``
    bytes of output: :class:`TooLarge` beyond (checked in steps, so a bomb never fills memory).

    >>> import gzip
    >>> decompress(gzip.compress(b"abc"), "gzip", 10)
    b'abc'
    >>> decompress(gzip.compress(b"0" * 10_000_000), "gzip", 1000)
    Traceback (most recent call last):
    ...
    aikg.graph.feeds.fetch.TooLarge: more than 1,000 bytes after decompression
    """
    dec = _Decoder(encoding, limit)
    return dec.feed(data) + dec.flush()


class _Decoder:
    """Incremental, bounded decoding of one Content-Encoding."""

    def __init__(self, encoding: str, limit: int) -> None:
        enc = encoding.strip().lower()
        self.limit = limit
        self.size = 0
        self.encoding = enc
        if enc in ("", "identity"):
            self.z: Any = None
        elif enc in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.z = zlib.decompressobj()
            self._raw_fallback = True
        else:
            raise ValueError(f"unsupported Content-Encoding {encoding!r}")
        self._first = True

    def _count(self, out: bytes) -> bytes:
        self.size += len(out)
        if self.size > self.limit:
            raise TooLarge(f"more than {self.limit:,} bytes after decompression")
        return out

    def feed(self, data: bytes) -> bytes:
        if self.z is None:
            return self._count(data)
        if self._first and self.encoding == "deflate":
            self._first = False
            try:  # "deflate" is zlib-wrapped by the standard, raw by some servers
                probe = zlib.decompressobj()
                probe.decompress(data[:64], 1)
            except zlib.error:
                self.z = zlib.decompressobj(-zlib.MAX_WBITS)
        parts = []
        try:
            buf = data
            while buf:
                out = self.z.decompress(buf, max(1, self.limit - self.size + 1))
                parts.append(self._count(out))
                buf = self.z.unconsumed_tail
                if not out and buf:  # pragma: no cover - zlib always makes progress with input left
                    break
        except zlib.error as exc:
            raise ValueError(f"corrupt {self.encoding} data: {exc}") from exc
        return b"".join(parts)

    def flush(self) -> bytes:
        if self.z is None:
            return b""
        try:
            return self._count(self.z.flush())
        except zlib.error as exc:  # pragma: no cover
            raise ValueError(f"corrupt {self.encoding} data: {exc}") from exc


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or an HTTP date); None if unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return max(0.0, when - (time.time() if now is None else now))


@dataclass
class _Robots:
    expires: float
    parser: Any = None  # protego.Protego, or None: no rules
    disallow_all: bool = False
    why: str = ""


@dataclass
class FetchStats:
    """Requests made, by what came back (for status pages and tests)."""

    requests: int = 0
    by_status: dict[int, int] = field(default_factory=dict)


class Fetcher:
    """The polite client (see the module docstring). Thread-safe; one per crawler, so the per-host
    pause holds over everything it fetches. ``sleep`` and ``clock`` can be replaced (tests)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._client = httpx.Client(
            follow_redirects=False,
            transport=transport,
            headers={"User-Agent": self.policy.user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(self.policy.timeout),
        )
        self._sleep = sleep
        self._clock = clock
        self._lock = threading.Lock()
        self._next_slot: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self.stats = FetchStats()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------------ manners
    @staticmethod
    def _host(url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme}://{parts.netloc.lower()}"

    def _take_turn(self, url: str, extra_delay: float = 0.0) -> None:
        """Wait until this host may be asked again, and book the next turn."""
        host = self._host(url)
        with self._lock:
            now = self._clock()
            start = max(now, self._next_slot.get(host, 0.0))
            self._next_slot[host] = start + max(self.policy.delay, extra_delay)
        if start > now:
            self._sleep(start - now)

    def robots_allows(self, url: str) -> tuple[bool, str]:
        """Whether robots.txt of the site lets aikg fetch ``url`` (fetching and caching robots.txt)."""
        site = self._host(url)
        rules = self._robots.get(site)
        if rules is None or rules.expires < self._clock():
            rules = self._load_robots(site)
            self._robots[site] = rules
        if rules.disallow_all:
            return False, rules.why
        if rules.parser is None:
            return True, ""
        if rules.parser.can_fetch(url, self.policy.robots_agent):
            return True, ""
        return False, "disallowed by robots.txt"

    def _crawl_delay(self, url: str) -> float:
        rules = self._robots.get(self._host(url))
        if rules is None or rules.parser is None:
            return 0.0
        delay = rules.parser.crawl_delay(self.policy.robots_agent)
        return min(float(delay), 60.0) if delay else 0.0

    def _load_robots(self, site: str) -> _Robots:
        from protego import Protego

        res = self._get(site + "/robots.txt", max_bytes=ROBOTS_MAX_BYTES, check_robots=False)
        now = self._clock()
        if res.ok:
            text = res.body.decode("utf-8", errors="replace")
            return _Robots(now + self.policy.robots_ttl, Protego.parse(text))
        if 400 <= res.status < 500:
            return _Robots(now + self.policy.robots_ttl)  # no robots.txt: no rules
        # 5xx or unreachable: the site is off limits until robots.txt can be read (asked again soon)
        return _Robots(now + min(self.policy.robots_ttl, 300.0), disallow_all=True,
                       why=f"robots.txt unavailable ({res.error}): the site is not crawled until it answers")

    # ------------------------------------------------------------------ fetching
    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            accept: str | None = None) -> FetchResult:
        """Fetch ``url`` politely (conditional when validators are given). Never raises."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        if accept:
            headers["Accept"] = accept
        return self._get(url, headers=headers)

    def _get(self, url: str, *, headers: dict[str, str] | None = None, max_bytes: int | None = None,
             check_robots: bool = True) -> FetchResult:
        result = FetchResult(url, url)
        limit = max_bytes or self.policy.max_bytes
        current = url
        redirects = 0
        attempt = 0
        while True:
            if not self.policy.host_allowed(current):
                result.disallowed = True
                result.error = (f"{current}: not fetched: only http(s) URLs of allowed hosts (AIKG_FETCH_ALLOW_HOSTS)"
                                if self.policy.allow_hosts is not None else f"{current}: not an http(s) URL")
                return result
            if check_robots:
                allowed, why = self.robots_allows(current)
                if not allowed:
                    result.disallowed, result.error = True, f"{current}: {why}"
                    return result
            attempt += 1
            result.attempts = attempt
            self._take_turn(current, self._crawl_delay(current))
            wait: float | None
            try:
                status, resp_headers, body = self._request(current, headers or {}, limit)
            except TooLarge as exc:
                result.status, result.error = 200, f"{current}: too large: {exc}"
                return result
            except (httpx.HTTPError, ValueError) as exc:
                result.status, result.error = 0, f"{current}: {_describe(exc, self.policy.timeout)}"
                wait = None
            else:
                self.stats.requests += 1
                self.stats.by_status[status] = self.stats.by_status.get(status, 0) + 1
                result.status = status
                if status in _REDIRECTS and resp_headers.get("location"):
                    redirects += 1
                    if redirects > self.policy.max_redirects:
                        result.error = f"{url}: more than {self.policy.max_redirects} redirects"
                        return result
                    current = urljoin(current, resp_headers["location"])
                    result.final_url = current
                    attempt -= 1  # a redirect is not a failed attempt
                    continue
                if status in (200, 304):
                    result.final_url = current
                    result.body = body
                    result.content_type = resp_headers.get("content-type", "")
                    result.etag = resp_headers.get("etag")
                    result.last_modified = resp_headers.get("last-modified")
                    result.error = None
                    return result
                result.error = f"{current}: HTTP {status}"
                if status not in _RETRY_STATUS:
                    return result
                wait = parse_retry_after(resp_headers.get("retry-after"))
                if wait is not None and wait > self.policy.max_wait:
                    result.retry_after = wait
                    result.error += f" (asked to retry after {wait:.0f} s)"
                    return result
            if attempt > self.policy.retries:
                result.error = (result.error or "") + f" (gave up after {attempt} attempts)"
                return result
            backoff = self.policy.backoff * (2 ** (attempt - 1))
            self._sleep(min(max(wait or 0.0, backoff), self.policy.max_wait))

    def _request(self, url: str, headers: dict[str, str], limit: int) -> tuple[int, httpx.Headers, bytes]:
        """One request: the status, headers and (for 200) the body, read within the size and time caps."""
        deadline = self._clock() + self.policy.timeout
        with self._client.stream("GET", url, headers=headers) as resp:
            if resp.status_code != 200:
                return resp.status_code, resp.headers, b""
            length = resp.headers.get("content-length", "")
            encodings = [e for e in resp.headers.get("content-encoding", "").split(",") if e.strip()]
            if length.isdigit() and not encodings and int(length) > limit:
                raise TooLarge(f"Content-Length {int(length):,} is over the limit of {limit:,} bytes")
            if len(encodings) > 1:
                raise ValueError(f"more than one Content-Encoding ({', '.join(encodings)})")
            decoder = _Decoder(encodings[0] if encodings else "", limit)
            raw_seen = 0
            parts = []
            for chunk in resp.iter_raw(_CHUNK):
                raw_seen += len(chunk)
                if raw_seen > limit:
                    raise TooLarge(f"more than {limit:,} bytes")
                parts.append(decoder.feed(chunk))
                if self._clock() > deadline:
                    raise httpx.ReadTimeout(f"the response took longer than {self.policy.timeout:g} s")
            parts.append(decoder.flush())
            return resp.status_code, resp.headers, b"".join(parts)


def _describe(exc: Exception, timeout: float) -> str:
    if isinstance(exc, httpx.TimeoutException):
        return f"timed out (limit {timeout:g} s)"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect: {exc}"
    return f"{exc.__class__.__name__}: {exc}"
