"""Shared fixtures: paths, stores of every backend, a real Oxigraph server, a real uvicorn server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLES = ROOT / "examples" / "articles"
DEV_SET = ROOT / "tests" / "dev-set"
#: The seed article (bundled with the examples) and its gold facts (a test fixture).
SEED = EXAMPLES / "000_9e85cf88fd8a87e8.txt"
SEED_GOLD = FIXTURES / "seed" / "000_9e85cf88fd8a87e8.gold.json"
#: A small Ecosystem Graphs copy written for the tests, in the upstream layout (assets/*.yaml).
ECOSYSTEM = FIXTURES / "ecosystem-graphs"

# ../shared: data that exists only beside the repository's CI (real published articles, the real Ecosystem
# Graphs copy). Only the tests named in the README's "Tests" section read it: they skip when it is absent,
# and fail instead under CI (CI=true), which always has it.
SHARED = Path(os.environ.get("AIKG_SHARED", ROOT.parent / "shared"))
DEV_ARTICLES = SHARED / "dev-articles"
SHARED_ECOSYSTEM = SHARED / "data" / "ecosystem-graphs"

#: Two articles that type one unknown name differently ('a robotics startup': Company; 'its chatbot': Tool); one
#: vote each, so settling the type sets the other article's fact aside, whatever the rest of a corpus holds.
PLANTED_DISAGREEMENT = ("Zentrix, a robotics startup, announced a partnership with Snorkel AI.",
                        "Northwind launched its Zentrix chatbot.")


def under_ci() -> bool:
    """True when CI=true (or 1, yes): nothing may skip there."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def require(ok: bool, reason: str) -> None:
    """Skip the calling test when ``ok`` is false, or fail it under CI (where every test must run)."""
    if ok:
        return
    if under_ci():
        pytest.fail(f"{reason} -- under CI=true this is a failure, not a skip")
    pytest.skip(reason)


def require_shared(path: Path) -> Path:
    """``path`` inside ../shared, skipping (failing under CI) when it is absent."""
    require(path.exists(), f"{path} is absent (../shared exists only beside the CI checkout)")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1.0)
            return
        except httpx.TransportError:
            time.sleep(0.05)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


def oxigraph_binary() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the oxigraph server binary is missing: pip install oxigraph (it is in .[dev])")
    return found


class OxigraphServer:
    """A real Oxigraph SPARQL server on a free loopback port, union default graph on."""

    def __init__(self, location: Path, timeout_s: int | None = None) -> None:
        self.port = free_port()
        self.location = location
        args = [oxigraph_binary(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"]
        if timeout_s:
            args += ["--timeout-s", str(timeout_s)]
        self.args = args
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/query"

    def start(self) -> OxigraphServer:
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_http(f"http://127.0.0.1:{self.port}/")
        return self

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture()
def oxigraph_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    server = OxigraphServer(tmp_path / "oxigraph").start()
    yield server
    server.stop()


@pytest.fixture(params=["memory", "disk", "remote", "virtuoso"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store spec for each backend: in memory, embedded on disk, a real remote SPARQL server, Virtuoso."""
    if request.param == "memory":
        yield "memory"
    elif request.param == "disk":
        yield str(tmp_path / "store")
    elif request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso_store_spec")
    else:
        server = OxigraphServer(tmp_path / "remote").start()
        try:
            yield server.query_url
        finally:
            server.stop()


class UvicornServer:
    """The app served by a real uvicorn in a background thread."""

    def __init__(self, app: object) -> None:
        import uvicorn

        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))  # type: ignore[arg-type]
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> UvicornServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(15)


# ----------------------------------------------------------------------------- OpenLink Virtuoso
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def virtuoso_binary() -> str | None:
    """``virtuoso-t`` when installed (Debian's virtuoso-opensource), else None."""
    return shutil.which("virtuoso-t")


def require_virtuoso() -> str:
    """The binary; skips the test when Virtuoso is not installed, fails instead under CI (CI=true)."""
    exe = virtuoso_binary()
    if exe and VIRTUOSO_INI.exists():
        return exe
    require(False, "Virtuoso is not installed (Debian package virtuoso-opensource; scripts/system-deps.sh installs it)")
    raise AssertionError("unreachable")


class VirtuosoServer:
    """A real Virtuoso 7 on free loopback ports, from a copy of the Debian virtuoso.ini in ``folder``.

    ``spec`` is the store spec aikg opens (``http://dba:dba@127.0.0.1:PORT/sparql``: Digest auth for
    updates on /sparql-auth). The dba password of a fresh database is ``dba``.
    """

    user = "dba"
    password = "dba"

    def __init__(self, folder: Path, exe: str = "virtuoso-t") -> None:
        self.folder = folder
        self.exe = exe
        self.sql_port = free_port()
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        folder.mkdir(parents=True, exist_ok=True)
        self.ini = folder / "virtuoso.ini"
        self.ini.write_text(self._config(VIRTUOSO_INI.read_text(encoding="utf-8", errors="replace")), encoding="utf-8")

    def _config(self, text: str) -> str:
        import re

        out, section = [], ""
        files = {"DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"}
        for line in text.splitlines():
            m = re.match(r"\s*\[(.+?)\]", line)
            if m:
                section = m.group(1)
                out.append(line)
                continue
            k = re.match(r"\s*([A-Za-z_0-9]+)\s*=", line)
            key = k.group(1) if k and not line.lstrip().startswith(";") else ""
            if section in ("Database", "TempDatabase") and key in files:
                name = line.split("=", 1)[1].split(";")[0].strip().rsplit("/", 1)[-1]
                line = f"{key} = {self.folder / name}"
            elif section == "Parameters" and key == "ServerPort":
                line = f"ServerPort = 127.0.0.1:{self.sql_port}"
            elif section == "HTTPServer" and key == "ServerPort":
                line = f"ServerPort = 127.0.0.1:{self.port}"
            elif section == "Parameters" and key == "DirsAllowed":
                line = f"DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, {self.folder}"
            elif section == "Parameters" and key in ("NumberOfBuffers", "MaxDirtyBuffers"):
                line = f"{key} = {10000 if key == 'NumberOfBuffers' else 6000}"
            out.append(line)
        return "\n".join(out) + "\n"

    @property
    def query_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/sparql-auth"

    @property
    def spec(self) -> str:
        return f"http://{self.user}:{self.password}@127.0.0.1:{self.port}/sparql"

    def start(self, timeout: float = 90.0) -> VirtuosoServer:
        log = open(self.folder / "stdout.log", "ab")
        self.proc = subprocess.Popen(
            [self.exe, "+configfile", str(self.ini), "+foreground"], cwd=self.folder, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                r = httpx.get(self.query_url, params={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=2)
                if r.status_code == 200 and b"true" in r.content:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Virtuoso did not come up in {timeout} s: {self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return (self.folder / "stdout.log").read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def clear(self) -> None:
        """Drop every graph aikg can see (system graphs stay)."""
        from aikg.graph.store import open_store
        from aikg.graph.virtuoso import VirtuosoStore

        store = open_store(self.spec)
        assert isinstance(store, VirtuosoStore)
        try:
            store.clear()
        finally:
            store.close()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso for the whole session (it takes ~10 s to create a database); tests clear it."""
    exe = require_virtuoso()
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), exe).start()
    yield server
    server.stop()


@pytest.fixture()
def virtuoso_store_spec(virtuoso_server: VirtuosoServer) -> Iterator[str]:
    """The store spec of an empty Virtuoso (``http://dba:dba@127.0.0.1:PORT/sparql``), cleared after the test."""
    virtuoso_server.clear()
    yield virtuoso_server.spec
    virtuoso_server.clear()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server_store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store spec of each server-class triple store, empty: Oxigraph server and Virtuoso.

    For tests of the SPARQL endpoint (or anything) that should run against a real remote store.
    """
    if request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso_store_spec")
        return
    server = OxigraphServer(tmp_path / "oxigraph-server").start()
    try:
        yield server.query_url
    finally:
        server.stop()


# ----------------------------------------------------------------------------- headless Chromium
CHROMIUM = "/usr/bin/chromium"


def require_browser() -> str:
    """Debian's Chromium (with the playwright package to drive it); skip when missing, fail under CI."""
    try:
        import playwright.sync_api  # noqa: F401

        have_playwright = True
    except ImportError:
        have_playwright = False
    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    require(have_playwright and bool(path), "needs the playwright package and Debian's chromium (make test installs both)")
    return str(path)
