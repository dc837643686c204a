"""The aikg command beside a running server: while ``make run`` (or ``aikg serve``) holds the embedded store,
``aikg stats``, ``query``, ``ingest``, ``viz``, ``load``, ``import-ecosystem``, ``validate`` from another
process work on the same store (api/store_folder.py, api/server_client.py), with the reports a local run
gives; a record a killed server left behind is recognised as stale. Real server processes throughout."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aikg.api.store_folder import RECORD_NAME, TOKEN_NAME, find_server, read_record

from .conftest import ECOSYSTEM, EXAMPLES, ROOT, SEED, free_port

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]

BIN = Path(sys.executable).parent
AIKG = str(BIN / "aikg")
NEW_ARTICLE = """---
title: Acme adopts Claude
url: https://news.example/acme-claude
date: 2025-02-03
---
The Helper app runs on Anthropic's Claude 3.5 Sonnet, said Jane Doe, chief executive of Acme Robotics.
"""


def env_without_token() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AIKG_WRITE_TOKEN", None)
    env.pop("AIKG_STORE", None)
    return env


def aikg(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The command in a process of its own ("another shell")."""
    proc = subprocess.run([AIKG, *args], capture_output=True, text=True, timeout=300, env=env_without_token())
    if check:
        assert proc.returncode == 0, f"aikg {' '.join(args)} exited {proc.returncode}: {proc.stderr}"
    return proc


def wait_for_server(store: Path, proc: subprocess.Popen[str], timeout: float = 300.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"the server exited: {proc.stdout.read() if proc.stdout else ''}")
        record = find_server(store, timeout=1.0)
        if record is not None:
            return record.url
        time.sleep(0.2)
    raise AssertionError("the server did not record its address")


def stop(proc: subprocess.Popen[str]) -> str:
    """SIGTERM the process group this test started (make and its aikg serve); its output."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    return proc.stdout.read() if proc.stdout else ""


def serve(store: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([AIKG, "serve", "--store", str(store), "--port", str(free_port()), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env_without_token(),
                            start_new_session=True)


@pytest.fixture()
def served(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen[str]]]:
    """``aikg serve --enable-writes`` on an empty on-disk store."""
    store = tmp_path / "store"
    proc = serve(store, "--enable-writes")
    try:
        yield store, wait_for_server(store, proc), proc
    finally:
        stop(proc)


def figures(report: str) -> str:
    """An ingest report without its timing."""
    return re.sub(r"; [\d.]+ s \(\d+ articles/s\)$", "", report.strip())


def test_make_run_then_the_cli_from_another_shell(tmp_path: Path) -> None:
    """The issue's case exactly: `make run` serving, `aikg stats/query/ingest FILE/viz` in another shell."""
    store, port = tmp_path / "store", free_port()
    env = {**env_without_token(), "AIKG_STORE": str(store)}
    make = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}", "HOST=127.0.0.1"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        url = wait_for_server(store, make)
        assert url == f"http://127.0.0.1:{port}"
        assert "articles: 8" in aikg("stats", "--store", str(store)).stdout
        rows = aikg("query", "SELECT ?m WHERE { ?o rdfs:label 'Meta' ; aikg:builds ?x . ?x rdfs:label ?m } ORDER BY ?m",
                    "--format", "csv", "--store", str(store)).stdout
        assert "Llama" in rows
        article = tmp_path / "acme.md"
        article.write_text(NEW_ARTICLE, encoding="utf-8")
        ingested = aikg("ingest", str(article), "--store", str(store)).stdout
        assert "articles read: 1, new: 1, replaced: 0, failed: 0" in ingested
        stats = aikg("--store", str(store), "stats").stdout  # --store before the command works too
        assert "articles: 9" in stats
        api = httpx.get(url + "/api/stats", timeout=30).json()
        assert api["articles"] == 9 and f"quads in the store: {api['quads']}" in ingested
        page = tmp_path / "graph.html"
        assert "wrote" in aikg("viz", "Acme Robotics", "-o", str(page), "--store", str(store)).stdout
        assert "Claude 3.5 Sonnet" in page.read_text(encoding="utf-8")
    finally:
        output = stop(make)
    assert "writes enabled: send Authorization: Bearer" in output and str(store / TOKEN_NAME) in output
    assert not (store / RECORD_NAME).exists()  # the server withdrew its record when it stopped


def test_writes_through_the_server_report_what_a_local_run_reports(
    tmp_path: Path, served: tuple[Path, str, subprocess.Popen[str]]
) -> None:
    store, url, _ = served
    local = tmp_path / "local"
    for args in ([str(EXAMPLES)], [str(SEED), str(tmp_path / "missing.txt")]):
        there = aikg("ingest", *args, "--store", str(store), check=False)
        here = aikg("ingest", *args, "--store", str(local), check=False)
        assert there.returncode == here.returncode
        assert figures(there.stdout) == figures(here.stdout)
        assert there.stderr == here.stderr  # the same failures, named the same way
    imported = json.loads(aikg("import-ecosystem", str(ECOSYSTEM), "--json", "--store", str(store)).stdout)
    reference = json.loads(aikg("import-ecosystem", str(ECOSYSTEM), "--json", "--store", str(local)).stdout)
    for d in (imported, reference):
        d.pop("seconds"), d.pop("timings")
    assert imported == reference
    extra = tmp_path / "extra.trig"
    extra.write_text("@prefix aikg: <https://w3id.org/aikg/ontology#> .\n"
                     "<https://w3id.org/aikg/graph/extra> { <https://w3id.org/aikg/id/meta> aikg:partnersWith "
                     "<https://w3id.org/aikg/id/openai> . }\n", encoding="utf-8")
    assert aikg("load", str(extra), "--store", str(store)).stdout == "loaded 1 file(s): 1 quads added\n"
    assert aikg("load", str(extra), "--store", str(local)).stdout == "loaded 1 file(s): 1 quads added\n"
    assert aikg("validate", "--store", str(store)).stdout == aikg("validate", "--store", str(local)).stdout
    there_stats = httpx.get(url + "/api/stats", timeout=30).json()
    here_stats = json.loads(aikg("stats", "--json", "--store", str(local)).stdout)
    there_stats.pop("last_ingest"), here_stats.pop("last_ingest")  # the two stores were written at different times
    assert there_stats == here_stats
    assert not list(store.parent.glob(f".{store.name}.readers/*"))  # read snapshots are deleted after use
    # a web page goes to the server (POST /api/articles with its url); one it refuses is a failure with the
    # server's reason, and the other inputs are stored
    mixed = aikg("ingest", str(SEED), "https://news.example/story", "--store", str(store), check=False)
    assert mixed.returncode == 1 and "articles read: 1, new: 0, replaced: 1, failed: 1" in mixed.stdout
    assert mixed.stderr.startswith("failed: https://news.example/story: ") and len(mixed.stderr.splitlines()) == 1
    # following feeds needs the store itself
    watch = aikg("watch", "--feed", "https://news.example/rss", "--once", "--store", str(store), check=False)
    assert watch.returncode == 2 and "aikg serve --watch" in watch.stderr


def test_a_server_without_writes_says_so(tmp_path: Path) -> None:
    store = tmp_path / "store"
    aikg("ingest", str(SEED), "--store", str(store))
    proc = serve(store)
    try:
        url = wait_for_server(store, proc)
        refused = aikg("ingest", str(SEED), "--store", str(store), check=False)
        assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
        assert url in refused.stderr and "--enable-writes" in refused.stderr
        assert "articles: 1" in aikg("stats", "--store", str(store)).stdout  # reads still work
        second = aikg("serve", "--store", str(store), "--port", str(free_port()), check=False)
        assert second.returncode == 2 and "already serves" in second.stderr
    finally:
        stop(proc)


def test_a_killed_servers_record_is_stale(tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = serve(store)
    wait_for_server(store, proc)
    record = read_record(store)
    assert record is not None
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert read_record(store) == record  # left behind
    assert find_server(store, timeout=1.0) is None
    done = aikg("ingest", str(SEED), "--store", str(store))
    assert "new: 1" in done.stdout and "stale server record" in done.stderr
    assert read_record(store) is None
