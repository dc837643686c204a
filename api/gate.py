"""A gate in front of the routes that touch the store: lets maintenance run while no request does.

``RequestGate`` counts the requests in flight; ``await gate.exclusive(fn)`` closes the gate (new requests
wait at it, they are not refused), waits until the requests in flight have finished, runs ``fn`` in a
thread, and opens the gate again. If the requests in flight do not finish within ``drain_timeout``
seconds, ``fn`` is not run this time (``exclusive`` returns False) and the gate opens: maintenance never
holds requests back for longer than that plus the time ``fn`` takes.

The server uses it to reopen the embedded store now and then (``AIKG_STORE_REOPEN_WRITES``): RocksDB, as
pyoxigraph 0.5 drives it, keeps about 50 KB per write until the database is closed.

>>> import asyncio
>>> gate = RequestGate()
>>> asyncio.run(gate.exclusive(lambda: None)), gate.in_flight
(True, 0)
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

__all__ = ["RequestGate", "GateMiddleware"]


class RequestGate:
    """The state: requests in flight, and whether new ones may start."""

    def __init__(self) -> None:
        self.in_flight = 0
        self._open = asyncio.Event()
        self._open.set()
        self._idle = asyncio.Event()
        self._idle.set()

    async def enter(self) -> None:
        while not self._open.is_set():
            await self._open.wait()
        self.in_flight += 1
        self._idle.clear()

    def leave(self) -> None:
        self.in_flight -= 1
        if self.in_flight == 0:
            self._idle.set()

    async def exclusive(self, fn: Callable[[], Any], drain_timeout: float = 2.0) -> bool:
        """Run ``fn`` (in a thread) while no request is in flight; False if they did not drain in time."""
        self._open.clear()
        try:
            try:
                await asyncio.wait_for(self._idle.wait(), drain_timeout)
            except TimeoutError:
                return False
            await asyncio.to_thread(fn)
            return True
        finally:
            self._open.set()


class GateMiddleware:
    """Pure ASGI middleware passing every HTTP request through ``gate``."""

    def __init__(self, app: Any, gate: RequestGate) -> None:
        self.app = app
        self.gate = gate

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.gate.enter()
        try:
            await self.app(scope, receive, send)
        finally:
            self.gate.leave()
