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
SHARED = Path(os.environ.get("AIKG_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "seed" / "000_9e85cf88fd8a87e8.txt"
SEED_GOLD = SHARED / "seed" / "000_9e85cf88fd8a87e8.gold.json"
DEV_ARTICLES = SHARED / "dev-articles"
ECOSYSTEM = SHARED / "data" / "ecosystem-graphs"
EXAMPLES = ROOT / "examples" / "articles"
DEV_SET = ROOT / "tests" / "dev-set"


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


@pytest.fixture(params=["memory", "disk", "remote"])
def store_spec(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A store spec for each backend: in memory, embedded on disk, a real remote SPARQL server."""
    if request.param == "memory":
        yield "memory"
    elif request.param == "disk":
        yield str(tmp_path / "store")
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
