"""A real ``aikg serve`` process on a free loopback port, for tests that need the command itself (its uvicorn
settings, its worker processes) rather than the app in a thread."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from .conftest import free_port, wait_http

AIKG = str(Path(sys.executable).parent / "aikg")


def start(env: dict[str, str], port: int | None = None) -> tuple[str, subprocess.Popen[bytes]]:
    """Start ``aikg serve`` with ``AIKG_*`` settings from ``env`` and wait for /health: (base URL, process)."""
    port = port or free_port()
    proc = subprocess.Popen([AIKG, "serve", "--host", "127.0.0.1", "--port", str(port)], env={**os.environ, **env},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_http(url + "/health", 60)
    except RuntimeError:
        stop(proc)
        raise
    return url, proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(20)
    proc.kill()  # a no-op once it has exited
    proc.wait()


@contextlib.contextmanager
def aikg_serve(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    url, proc = start(env)
    try:
        yield url, proc
    finally:
        stop(proc)
