"""``aikg watch`` and ``aikg ingest URL`` as real processes against the local fixture site: several poll
cycles, a kill -9 in the middle of one, and nothing lost or duplicated afterwards."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.articles import article_id
from aikg.graph.feeds.state import CrawlState

from .feedsite import FeedSite, Reply
from .test_feeds_crawl import FAST, assert_clean_history, build_site, built_site, edit_meta

AIKG = str(Path(sys.executable).parent / "aikg")


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIKG_")}
    env.update({f"AIKG_{k.upper()}": str(v) for k, v in FAST.items()})
    return env


def _run(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AIKG, *args, "--store", str(store)], capture_output=True, text=True, timeout=120, env=_env())


@pytest.fixture()
def site() -> Iterator[FeedSite]:
    yield from built_site()


def test_watch_cycles_survive_kill_9(site: FeedSite, tmp_path: Path) -> None:
    a, b = site.a, site.b
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
                    f'<outline text="A" xmlUrl="{a}/feed.xml"/><outline text="B" xmlUrl="{b}/rss.xml"/></body></opml>')
    store = tmp_path / "store"

    # cycle 1: the second article hangs; the watcher is killed -9 while waiting for it
    site.route("a", "/news/anthropic", Reply(200, b"never finished", delay=60))
    site.watch_path = "/news/anthropic"
    proc = subprocess.Popen([AIKG, "watch", "--opml", str(opml), "--interval", "0", "--store", str(store)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        assert site.arrived.wait(60), "the watcher never reached the second article"
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert len(site.hits("a", "/news/openai", 200)) == 1  # the first article was done before the kill

    # cycle 2, after the restart: the rest arrives; the first article is not fetched again
    build_site(site)
    second = _run("watch", "--opml", str(opml), "--once", "--interval", "0", store=store)
    assert second.returncode == 1, second.stderr  # a page failed: reported, and the exit code says so
    assert "/news/mistral: HTTP 500" in second.stderr and "/news/busy: HTTP 429" in second.stderr
    assert "2 new" in second.stdout and "1 syndicated copies" in second.stdout, second.stdout

    # cycle 3: both feeds answer 304; the failed page is retried and ingested
    third = _run("watch", "--opml", str(opml), "--once", "--interval", "0", store=store)
    assert third.returncode == 0, third.stderr
    assert "(2 not modified, 0 failed)" in third.stdout and "1 new" in third.stdout, third.stdout

    # cycle 4: an article edited after publication replaces its earlier version
    edit_meta(site)
    fourth = _run("watch", "--opml", str(opml), "--once", "--interval", "0", store=store)
    assert fourth.returncode == 0 and "1 replaced" in fourth.stdout, fourth.stdout + fourth.stderr

    assert site.hits("a", "/private/secret") == []  # robots.txt
    assert [h.status for h in site.hits("a", "/feed.xml")] == [200, 200, 304, 200]
    assert len(site.hits("a", "/news/openai", 200)) == 1 and len(site.hits("a", "/news/meta", 200)) == 2
    assert len(site.hits("b", "/copy/gpt-4o", 200)) == 1 and len(site.hits("a", "/news/busy")) == 1
    with KnowledgeGraph.open(str(store), Settings(store=str(store))) as kg:
        assert kg.stats().articles == 4  # OpenAI (with its copy), Anthropic, Meta, Mistral
        ids = {str(r["i"].value) for r in kg.select("SELECT ?i WHERE { ?a a aikg:Article ; dcterms:identifier ?i }")}
        assert ids == {article_id(f"{a}/news/{n}", "") for n in ("openai", "anthropic", "meta", "mistral")}
        assert CrawlState(kg.store).copies_of(article_id(f"{a}/news/openai", "")) == [f"{b}/copy/gpt-4o"]
        assert_clean_history(kg)  # nothing added twice: the restart duplicated nothing


def test_ingest_urls_from_the_command_line(site: FeedSite, tmp_path: Path) -> None:
    store = tmp_path / "store"
    proc = _run("ingest", f"{site.a}/news/openai?utm_source=x", f"{site.b}/copy/gpt-4o", f"{site.a}/private/secret", store=store)
    assert proc.returncode == 1
    assert "articles read: 2, new: 1" in proc.stdout and "failed: 1" in proc.stdout
    assert "syndicated copy" in proc.stderr and "robots.txt" in proc.stderr
    bad = _run("watch", "--feed", "not-a-url", "--once", store=store)
    assert bad.returncode == 2 and "not-a-url: not an http(s) URL" in bad.stderr


def test_watch_stops_cleanly_on_sigterm(site: FeedSite, tmp_path: Path) -> None:
    site.watch_path = "/rss.xml"
    proc = subprocess.Popen([AIKG, "watch", "--feed", f"{site.b}/rss.xml", "--interval", "3600", "--store", str(tmp_path / "s")],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
    try:
        assert site.arrived.wait(60)
        deadline = time.monotonic() + 30
        while not site.hits("b", "/copy/gpt-4o") and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # the cycle ends; the watcher sleeps until the feed is due in an hour
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "feeds polled: 1" in out and "1 new" in out
