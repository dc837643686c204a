"""Keep a long-running server's memory flat: fewer glibc malloc arenas, and freed memory given back.

A server that rebuilds caches after every write (and opens a new store snapshot in each SPARQL worker)
frees as much as it allocates, yet its RSS creeps up: glibc keeps one malloc arena per thread that
allocated (up to 8 per core) and holds on to freed pages inside them. ``limit_arenas`` caps the arenas
(as ``MALLOC_ARENA_MAX`` would, but from inside the process, before the threads start) and ``trim``
returns free pages at the top of every arena to the operating system (``malloc_trim``). Both do nothing
where the C library is not glibc.

>>> limit_arenas() in (True, False)
True
>>> trim() in (True, False)
True
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools

__all__ = ["limit_arenas", "trim"]

_M_ARENA_MAX = -8  # from glibc's malloc.h


@functools.cache
def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    if not name:
        return None
    try:
        libc = ctypes.CDLL(name)
        libc.mallopt  # noqa: B018 - glibc only
        libc.malloc_trim  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


def limit_arenas(n: int = 2) -> bool:
    """At most ``n`` malloc arenas for this process (call early: existing arenas stay). True if applied."""
    libc = _libc()
    return bool(libc is not None and libc.mallopt(_M_ARENA_MAX, n) == 1)


def trim() -> bool:
    """Give free heap memory back to the operating system. True if some was released."""
    libc = _libc()
    return bool(libc is not None and libc.malloc_trim(0) == 1)
