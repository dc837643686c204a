"""Benchmark: memory of the embedded store (pyoxigraph 0.5 over RocksDB) under steady writes.

The soak showed the API process growing under a steady stream of posts and deletes. This measures the
store alone, in a child process per variant: 2,000 article graphs bulk-loaded, then ``cycles`` steady
writes (bulk-load a new article graph of 100 quads, drop the oldest one), RSS sampled every 250
cycles (after ``malloc_trim``). Variants: no maintenance, ``Store.flush()`` every 250 writes, and closing
and reopening the store every 250 writes (what ``AIKG_STORE_REOPEN_WRITES`` does in a server).

    python -m bench.store_memory [--cycles 1500]

Measured here: about 50 KB per write cycle kept by the open database; flushing every 250 writes keeps
about 9 KB per cycle (in aikg's own ingest loop, with its SPARQL updates, flushing did not help); closing
it gives everything back.

The allocator comparison (:func:`allocators`) runs the server's policy (reopen) under each C allocator setting:
glibc with ``malloc_trim`` before each sample (what ``graph/memory.py`` does in the server), glibc as it comes,
``MALLOC_ARENA_MAX=2``, that plus a fixed ``trim_threshold`` tunable, and jemalloc (``LD_PRELOAD``, Debian's
``libjemalloc2``, with and without a 1 s decay) — none of the others calls ``malloc_trim``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from typing import Any

__all__ = ["VARIANTS", "ALLOCATORS", "measure", "run", "allocators"]

VARIANTS = ("none", "flush", "reopen")
JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
#: Allocator settings compared: name -> (environment of the child, whether it calls malloc_trim before sampling).
ALLOCATORS: dict[str, tuple[dict[str, str], bool]] = {
    "glibc + malloc_trim (aikg today)": ({}, True),
    "glibc, no trim": ({}, False),
    "MALLOC_ARENA_MAX=2": ({"MALLOC_ARENA_MAX": "2"}, False),
    "MALLOC_ARENA_MAX=2 + trim_threshold 128 KB": ({"GLIBC_TUNABLES": "glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=131072"}, False),
    "jemalloc": ({"LD_PRELOAD": JEMALLOC}, False),
    "jemalloc, 1 s decay": ({"LD_PRELOAD": JEMALLOC, "MALLOC_CONF": "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0"}, False),
}

_CHILD = r"""
import ctypes, gc, json, shutil, sys, tempfile
import pyoxigraph as ox
variant, cycles, every, trim = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4] == "1"
path = tempfile.mkdtemp(prefix="aikg-store-memory-")
libc = ctypes.CDLL("libc.so.6")
def rss():
    if trim:
        libc.malloc_trim(0)
    else:
        import time; time.sleep(1.5)  # an allocator that returns memory on a timer gets the time to do it
    return int(open("/proc/self/statm").read().split()[1]) * 4096 / 2**20
def quads(i):
    g = ox.NamedNode(f"https://w3id.org/aikg/article/a{i}")
    return [ox.Quad(ox.NamedNode(f"https://w3id.org/aikg/id/e{(i * 7 + k) % 3000}"),
                    ox.NamedNode(f"https://w3id.org/aikg/ontology#p{k % 12}"),
                    ox.Literal(f"evidence sentence {i} {k} " * 3), g) for k in range(100)]
s = ox.Store(path)
for i in range(2000):
    s.bulk_extend(quads(i))
samples = [(0, rss())]
for n in range(1, cycles + 1):
    i = 2000 + n
    s.bulk_extend(quads(i))
    s.update(f"DROP SILENT GRAPH <https://w3id.org/aikg/article/a{i - 2000}>")
    if n % every == 0:
        if variant == "flush":
            s.flush()
        elif variant == "reopen":
            del s
            gc.collect()
            s = ox.Store(path)
        samples.append((n, rss()))
print(json.dumps({"variant": variant, "samples": samples, "quads": len(s)}))
del s
shutil.rmtree(path, ignore_errors=True)
"""


def measure(variant: str, cycles: int = 1500, every: int = 250, allocator: str = "glibc + malloc_trim (aikg today)") -> dict[str, Any]:
    """One variant in a fresh child process: RSS (MB) after the preload and every ``every`` cycles."""
    env, trim = ALLOCATORS[allocator]
    out = subprocess.run([sys.executable, "-c", _CHILD, variant, str(cycles), str(every), "1" if trim else "0"],
                         capture_output=True, text=True, timeout=1200, check=True, env={**os.environ, **env}).stdout
    res: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return res


def _row(res: dict[str, Any], cycles: int) -> dict[str, Any]:
    (_, first), (_, last) = res["samples"][0], res["samples"][-1]
    return {"write cycles": cycles, "RSS after preload": f"{first:.0f} MB", "RSS at the end": f"{last:.0f} MB",
            "growth": f"{(last / first - 1) * 100:+.0f} %", "KB per cycle": round((last - first) * 1024 / cycles, 1),
            "samples (MB)": " ".join(f"{m:.0f}" for _, m in res["samples"])}


def run(cycles: int = 1500, every: int = 250) -> list[dict[str, Any]]:
    """One row per variant: RSS after the preload, at the end, growth, and KB kept per write cycle."""
    return [{"variant": v, **_row(measure(v, cycles, every), cycles)} for v in VARIANTS]


def allocators(cycles: int = 1500, every: int = 250, variant: str = "reopen") -> list[dict[str, Any]]:
    """One row per allocator setting (``ALLOCATORS``; jemalloc only where Debian's libjemalloc2 is installed)."""
    return [{"allocator": name, "variant": variant, **_row(measure(variant, cycles, every, name), cycles)}
            for name, (env, _trim) in ALLOCATORS.items() if "LD_PRELOAD" not in env or os.path.exists(env["LD_PRELOAD"])]


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cycles", type=int, default=1500)
    a = ap.parse_args()
    from bench.sparql import table

    print(table(run(a.cycles)))
    print(table(allocators(a.cycles)))
    print(table(allocators(a.cycles, variant="none")))
