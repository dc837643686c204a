"""aikg.graph.memory: the malloc tuning a long-running server applies (glibc; a no-op elsewhere)."""

from __future__ import annotations

import platform

from aikg.graph import memory


def test_arenas_are_capped_and_free_memory_is_returned_on_glibc() -> None:
    glibc = platform.libc_ver()[0] == "glibc"
    assert memory.limit_arenas(2) is glibc
    blocks = [bytearray(64 * 1024) for _ in range(2000)]  # ~128 MB, then freed: trim has pages to give back
    del blocks
    assert memory.trim() in ((True, False) if glibc else (False,))
