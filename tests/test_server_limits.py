"""Every resource of a real ``aikg serve`` is bounded (issue 13's probes, on loopback, bounded in time).

A 120,000-triple on-disk store, served by the ``aikg serve`` command itself (uvicorn with
``api.server.BoundedHttpProtocol``, SPARQL worker processes). Each probe must end in a clear 4xx/5xx for the
offender while a monitor thread finds ``/health`` answering in < 100 ms throughout; at the end the server's
memory is back near its baseline and it still answers."""

from __future__ import annotations

import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.sparql import TRUNCATED_HEADER

from .aikg_process import aikg_serve
from .test_sparql_limits import bulk_quads

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

MEMORY_MB = 400
RESULT_BYTES = 1_000_000
HEADER_TIMEOUT = 1.5
BODY_TIMEOUT = 2.0
MAX_CONNECTIONS = 400
LOOKUP = "SELECT ?o WHERE { <https://w3id.org/aikg/id/e7> ?p ?o }"


@dataclass
class Server:
    url: str
    port: int
    proc: subprocess.Popen[bytes]
    health: list[float] = field(default_factory=list)

    def rss_mb(self) -> float:
        return float(psutil.Process(self.proc.pid).memory_info().rss) / 2**20

    def workers(self) -> list[psutil.Process]:
        return psutil.Process(self.proc.pid).children(recursive=True)

    def total_rss_mb(self) -> float:
        """The server's memory: the API process and its SPARQL workers."""
        total = self.rss_mb()
        for w in self.workers():
            try:
                total += w.memory_info().rss / 2**20
            except psutil.NoSuchProcess:
                pass
        return total

    def back_to(self, base: float, slack: float = 60.0) -> None:
        """Memory returns to ``base`` (within ``slack`` MB) once the offender is gone (waits up to 10 s)."""
        deadline = time.monotonic() + 10
        while (now := self.total_rss_mb()) > base + slack and time.monotonic() < deadline:
            time.sleep(0.2)
        assert now <= base + slack, f"server memory {base:.0f} MB before, {now:.0f} MB after"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = Path(tmp_path_factory.mktemp("limits")) / "store"
    kg = KnowledgeGraph.open(str(folder), Settings(store=str(folder)))
    kg.store.bulk_add(bulk_quads())
    kg.close()
    env = {"AIKG_STORE": str(folder), "AIKG_QUERY_MEMORY_MB": str(MEMORY_MB), "AIKG_QUERY_TIMEOUT": "20",
           "AIKG_MAX_RESULT_BYTES": str(RESULT_BYTES), "AIKG_HEADER_TIMEOUT": str(HEADER_TIMEOUT),
           "AIKG_BODY_TIMEOUT": str(BODY_TIMEOUT), "AIKG_MAX_CONNECTIONS": str(MAX_CONNECTIONS),
           "AIKG_MAX_CONCURRENT_QUERIES": "2", "AIKG_LOG_LEVEL": "warning", "AIKG_RESPONSE_CACHE_MB": "0"}
    with aikg_serve(env) as (url, proc):
        yield Server(url, int(url.rsplit(":", 1)[1]), proc)


class HealthMonitor:
    """Polls /health every 50 ms on its own connection while a probe runs and checks the answer times."""

    def __init__(self, url: str) -> None:
        self.url, self.times, self.failures = url, [], []  # type: ignore[var-annotated]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        with httpx.Client(base_url=self.url, timeout=5) as http:
            while not self._stop.is_set():
                t = time.perf_counter()
                try:
                    ok = http.get("/health").status_code == 200
                except httpx.HTTPError as exc:
                    ok = False
                    self.failures.append(repr(exc))
                self.times.append(time.perf_counter() - t)
                if not ok:
                    self.failures.append("status")
                time.sleep(0.05)

    def __enter__(self) -> HealthMonitor:
        self._thread.start()
        while not self.times and self._thread.is_alive():  # the first answer (connection set up) is in
            time.sleep(0.01)
        return self

    def __exit__(self, *exc: object) -> None:
        n = len(self.times)
        while len(self.times) < n + 2 and self._thread.is_alive():  # and some after the probe
            time.sleep(0.01)
        self._stop.set()
        self._thread.join(10)
        assert self.times and not self.failures, self.failures[:3]
        # < 100 ms throughout; a shared 2-core machine may delay the polling thread itself now and then, so one
        # poll in twenty may be slower, never more than 250 ms (a stalled event loop is seconds, every poll)
        slow = sorted(t for t in self.times if t >= 0.1)
        assert len(slow) <= max(1, len(self.times) // 20) and (not slow or slow[-1] < 0.25), (
            f"/health took {', '.join(f'{t * 1000:.0f}' for t in slow[-5:])} ms in {len(slow)} of {len(self.times)} polls")


def _read_response(sock: socket.socket, timeout: float = 10) -> bytes:
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
    except (ConnectionResetError, TimeoutError, OSError):
        pass
    return data


def _huge_header(port: int, total: int) -> bytes:
    """Send one header of up to ``total`` bytes (stopping when the server closes) and return its answer."""
    s = socket.create_connection(("127.0.0.1", port))
    try:
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ")
        chunk = b"a" * 65536
        sent = 0
        try:
            while sent < total:
                s.sendall(chunk)
                sent += len(chunk)
        except OSError:
            pass  # the server closed the connection: what it answered is still readable
        return _read_response(s)
    finally:
        s.close()


def test_query_memory_is_capped(server: Server) -> None:
    q = "SELECT ?o ?z WHERE { ?s ?p ?o . ?x ?y ?z } ORDER BY ?o ?z LIMIT 5"
    base = server.total_rss_mb()
    peak = 0.0
    with HealthMonitor(server.url), httpx.Client(base_url=server.url, timeout=60) as http:
        t = time.monotonic()
        done: list[httpx.Response] = []
        th = threading.Thread(target=lambda: done.append(http.get("/sparql", params={"query": q})))
        th.start()
        while th.is_alive():
            for w in server.workers():
                try:
                    peak = max(peak, w.memory_info().rss / 2**20)
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.02)
        r = done[0]
        elapsed = time.monotonic() - t
    assert r.status_code == 503 and r.json()["error"] == "out of memory", r.text
    assert "AIKG_QUERY_MEMORY_MB" in r.json()["detail"]
    assert elapsed < 15 and peak < MEMORY_MB + 50, (elapsed, peak)
    with httpx.Client(base_url=server.url, timeout=30) as http:  # the worker was replaced
        deadline = time.monotonic() + 10
        while (r := http.get("/sparql", params={"query": LOOKUP})).status_code != 200 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2
    server.back_to(base)


def test_result_bytes_are_capped(server: Server) -> None:
    base = server.total_rss_mb()
    big = "x" * 50_000
    q = f'SELECT (REPLACE(?l, "", "{big}") AS ?x) WHERE {{ ?e rdfs:label ?l }} LIMIT 20'
    with HealthMonitor(server.url), httpx.Client(base_url=server.url, timeout=60) as http:
        for accept in ("application/sparql-results+json", "text/csv", "application/sparql-results+xml"):
            r = http.post("/sparql", data={"query": q}, headers={"Accept": accept})
            assert r.status_code == 200, r.text[:300]
            assert len(r.content) <= RESULT_BYTES and r.headers[TRUNCATED_HEADER] == f"true; max-bytes={RESULT_BYTES}"
        c = "CONSTRUCT { ?e <urn:big> ?x } WHERE { ?e rdfs:label ?l BIND(REPLACE(?l, '', '" + big + "') AS ?x) } LIMIT 20"
        r = http.post("/sparql", data={"query": c}, headers={"Accept": "application/n-triples"})
        assert r.status_code == 200 and 0 < len(r.content) <= RESULT_BYTES and TRUNCATED_HEADER in r.headers
    server.back_to(base)


def test_request_headers_are_capped(server: Server) -> None:
    base = server.rss_mb()
    with HealthMonitor(server.url):
        answer = _huge_header(server.port, 128 * 2**20)
        assert answer.startswith(b"HTTP/1.1 431"), answer[:200]
        assert b'"error": "request headers too large"' in answer
        threads = [threading.Thread(target=_huge_header, args=(server.port, 256 * 2**20)) for _ in range(4)]
        t = time.monotonic()
        for th in threads:
            th.start()
        for th in threads:
            th.join(30)
        assert time.monotonic() - t < 10
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(200)) + b"\r\n")
        answer = _read_response(s)
        s.close()
        assert answer.startswith(b"HTTP/1.1 431") and b"too many request headers" in answer, answer[:200]
    assert server.rss_mb() < base + 30, (base, server.rss_mb())


def test_idle_and_slow_connections_are_closed(server: Server) -> None:
    base = server.total_rss_mb()
    socks: list[socket.socket] = []
    with HealthMonitor(server.url):
        t0 = time.monotonic()
        for i in range(300):  # idle, and half of them with unfinished headers
            s = socket.create_connection(("127.0.0.1", server.port))
            if i % 2:
                s.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            socks.append(s)
        slow = socket.create_connection(("127.0.0.1", server.port))  # slowloris: a byte every 0.2 s
        slow.sendall(b"GET /health HTTP/1.1\r\n")
        slow.settimeout(0.2)
        got = b""
        while time.monotonic() - t0 < HEADER_TIMEOUT + 5:
            try:
                slow.sendall(b"X")
                got += slow.recv(4096)
                if got:
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        got += _read_response(slow, 2)
        assert got.startswith(b"HTTP/1.1 408"), got[:200]
        assert time.monotonic() - t0 < HEADER_TIMEOUT + 3
        # every idle one was closed by the server, within the header timeout (plus scheduling slack)
        for s in socks:
            answer = _read_response(s, HEADER_TIMEOUT + 5)
            assert answer == b"" or answer.startswith(b"HTTP/1.1 408"), answer[:100]
        assert time.monotonic() - t0 < HEADER_TIMEOUT + 8
        # a slow body: the connection is dropped after the body timeout
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1000\r\n\r\nASK")
        t = time.monotonic()
        _read_response(s, BODY_TIMEOUT + 5)
        assert time.monotonic() - t < BODY_TIMEOUT + 3
    for s in socks:
        s.close()
    # past AIKG_MAX_CONNECTIONS a new connection gets 503 at once (and is closed)
    extra = [socket.create_connection(("127.0.0.1", server.port)) for _ in range(MAX_CONNECTIONS + 20)]
    try:
        refused = 0
        for s in extra[-20:]:
            answer = _read_response(s, 2)
            refused += answer.startswith(b"HTTP/1.1 503")
        assert refused >= 15, refused
    finally:
        for s in extra:
            s.close()
    time.sleep(0.5)
    assert httpx.get(server.url + "/health").status_code == 200
    server.back_to(base)
