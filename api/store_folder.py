"""What aikg keeps in an embedded store's folder besides the database: the address record of the server that
holds it, and the write token ``aikg serve --enable-writes`` generates.

An on-disk store is opened read-write by one process at a time (RocksDB's lock). So ``aikg serve`` writes
``aikg-server.json`` into the folder once it answers (its URL, process id, an instance id and a key), and
removes it when it stops; the ``aikg`` command on the same folder finds it with :func:`find_server` and
talks to that server instead of opening the store. A record is *stale* when its process is gone or the
server at its URL does not report the record's instance id (a killed server leaves its record behind; its
process id may since belong to another program): :func:`find_server` ignores such a record.

For reads the command asks the server for a snapshot (:func:`make_snapshot`: a RocksDB checkpoint, hard
links beside the store, made in ~0.1 s) and opens that read-only; it deletes the snapshot when done, and
the server deletes any left behind after ``SNAPSHOT_MAX_AGE``.

Both files are created with mode 0600: whoever may read them may read the database files beside them anyway.

>>> import tempfile
>>> folder = Path(tempfile.mkdtemp())
>>> rec = ServerRecord.new("http://127.0.0.1:8000", str(folder))
>>> write_record(folder, rec); read_record(folder) == rec
True
>>> find_server(folder, timeout=0.2) is None   # this process answers no /health on that port: stale
True
>>> token = write_token(folder); token == write_token(folder) and len(token) >= 32
True
>>> import shutil; shutil.rmtree(folder)
"""

from __future__ import annotations

import json
import os
import secrets
import time
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["RECORD_NAME", "TOKEN_NAME", "ServerRecord", "write_record", "read_record", "remove_record",
           "find_server", "answers", "publish", "connect_url", "write_token", "read_token", "store_folder", "is_loopback", "make_snapshot",
           "SNAPSHOT_MAX_AGE"]

RECORD_NAME = "aikg-server.json"
TOKEN_NAME = "write-token"
#: Seconds after which a server deletes a read snapshot (one the command that asked for it did not delete).
SNAPSHOT_MAX_AGE = 6 * 3600


@dataclass(frozen=True)
class ServerRecord:
    """A running server's address. ``instance`` is what its ``/health`` reports; ``key`` lets a process that
    can read the folder ask it for a read snapshot (``POST /api/snapshots``)."""

    url: str
    pid: int
    instance: str
    key: str
    store: str
    started: str

    @classmethod
    def new(cls, url: str, store: str) -> ServerRecord:
        return cls(url.rstrip("/"), os.getpid(), uuid.uuid4().hex, secrets.token_urlsafe(24), store,
                   datetime.now(UTC).replace(microsecond=0).isoformat())


def store_folder(spec: str) -> Path | None:
    """The folder of an embedded on-disk store spec; None for ``memory`` and SPARQL endpoint URLs."""
    if spec == "memory" or spec.startswith(("http://", "https://")):
        return None
    return Path(spec)


def is_loopback(host: str) -> bool:
    """True for addresses only this machine reaches (127.0.0.0/8, ::1, localhost)."""
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


def write_record(folder: Path, record: ServerRecord) -> None:
    _write_private(folder / RECORD_NAME, json.dumps(asdict(record), indent=2) + "\n")


def read_record(folder: Path) -> ServerRecord | None:
    """The record in ``folder``, or None when there is none (or it is unreadable)."""
    try:
        data = json.loads((folder / RECORD_NAME).read_text(encoding="utf-8"))
        return ServerRecord(str(data["url"]), int(data["pid"]), str(data["instance"]), str(data["key"]),
                            str(data["store"]), str(data["started"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remove_record(folder: Path, record: ServerRecord) -> None:
    """Remove the record if it is still ``record`` (a newer server's record stays)."""
    if read_record(folder) == record:
        try:
            (folder / RECORD_NAME).unlink()
        except FileNotFoundError:
            pass


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: alive
        return True
    return True


def answers(record: ServerRecord, timeout: float) -> bool:
    """True when the server at ``record.url`` reports ``record.instance`` within ``timeout`` seconds."""
    import httpx

    deadline = time.monotonic() + timeout
    while True:
        try:
            r = httpx.get(record.url + "/health", timeout=max(0.1, min(5.0, deadline - time.monotonic())))
            return r.status_code == 200 and r.json().get("instance") == record.instance
        except httpx.ConnectError:  # nothing listens there (a record is written only once its server answers)
            return False
        except (httpx.HTTPError, ValueError):
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)


def find_server(folder: Path, timeout: float = 10.0) -> ServerRecord | None:
    """The live server holding the store in ``folder``, or None (no record, or a stale one).

    A record whose process is alive gets ``timeout`` seconds to answer (a busy server, or one reopening
    its store, answers late).
    """
    record = read_record(folder)
    if record is None or not _process_alive(record.pid):
        return None
    return record if answers(record, timeout) else None


def read_token(folder: Path) -> str | None:
    try:
        return (folder / TOKEN_NAME).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None


def write_token(folder: Path) -> str:
    """The write token kept in ``folder``, made (random, 256 bits) the first time."""
    token = read_token(folder)
    if token is None:
        token = secrets.token_urlsafe(32)
        _write_private(folder / TOKEN_NAME, token + "\n")
    return token


def make_snapshot(store: Any, max_age: float = SNAPSHOT_MAX_AGE) -> Path:
    """A read-only copy of the on-disk ``store`` (an ``OxigraphStore``) for another process, beside it in
    ``.<name>.readers/``; snapshots there older than ``max_age`` seconds are deleted first."""
    import shutil

    location = Path(store.location)
    root = location.parent / f".{location.name}.readers"
    root.mkdir(exist_ok=True)
    now = time.time()
    for old in root.iterdir():
        try:
            if now - old.stat().st_mtime > max_age:
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            pass
    target = root / uuid.uuid4().hex
    store.raw.backup(str(target))
    return target


def connect_url(host: str, port: int) -> str:
    """The URL a process on this machine reaches a server bound to ``host``:``port`` at.

    >>> connect_url("0.0.0.0", 8000), connect_url("::", 8000), connect_url("127.0.0.1", 9)
    ('http://127.0.0.1:8000', 'http://[::1]:8000', 'http://127.0.0.1:9')
    """
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


async def publish(folder: Path, record: ServerRecord, timeout: float = 120.0) -> bool:
    """Write ``record`` once the server answers at its URL with its instance id (a server whose port was
    taken never does: its record is never written). Runs inside that server's event loop."""
    import asyncio

    import httpx

    deadline = time.monotonic() + timeout
    async with httpx.AsyncClient(timeout=2.0) as client:
        while time.monotonic() < deadline:
            try:
                r = await client.get(record.url + "/health")
                if r.status_code == 200 and r.json().get("instance") == record.instance:
                    await asyncio.to_thread(write_record, folder, record)
                    return True
            except (httpx.HTTPError, ValueError):
                pass
            await asyncio.sleep(0.05)
    return False
