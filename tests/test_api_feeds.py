"""The server with a feed watcher (``aikg serve --watch``): status at /api/feeds and /feeds, the change feed
following what the watcher stored; URLs in requests fetched only from allowed hosts."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from aikg.api.app import create_app
from aikg.graph import Settings

from .conftest import UvicornServer
from .feedsite import FeedSite
from .test_feeds_crawl import FAST, built_site

TOKEN = "t0ken"


@pytest.fixture()
def site() -> Iterator[FeedSite]:
    yield from built_site()


def test_serve_watch(site: FeedSite, tmp_path: Path) -> None:
    opml = tmp_path / "feeds.opml"
    opml.write_text(f'<opml version="2.0"><body><outline text="Site A" xmlUrl="{site.a}/feed.xml"/>'
                    f'<outline xmlUrl="{site.b}/rss.xml"/></body></opml>')
    settings = Settings(store=str(tmp_path / "store"), write_token=TOKEN, watch=str(opml), **{**FAST, "feed_interval": 3600})
    with UvicornServer(create_app(settings)) as server:
        deadline = time.monotonic() + 60
        feed_a = f"{site.a}/feed.xml"
        while time.monotonic() < deadline:  # the first cycle, then the retry of the page that failed in it
            status = httpx.get(server.url + "/api/feeds").json()
            feeds = {f["url"]: f for f in status["feeds"]}
            if feeds.get(feed_a, {}).get("pages", {}).get("ingested") == 4:
                break
            time.sleep(0.1)
        assert status["watching"] and status["cycles"] >= 2, status
        assert feeds[feed_a]["followed"] and feeds[feed_a]["pages"] == {"ingested": 4, "failed": 1, "disallowed": 1}
        assert feeds[f"{site.b}/rss.xml"]["pages"] == {"copy": 1} and feeds[feed_a]["title"] == "Site A"
        assert httpx.get(server.url + "/api/feeds").headers["cache-control"] == "no-store"
        page = httpx.get(server.url + "/feeds")
        main = page.text.split("<main", 1)[1]
        assert page.status_code == 200 and "Site A" in main and "failed 1" in main, main
        changes = httpx.get(server.url + "/api/changes", params={"limit": 1000}).json()
        sources = {i["source"]["url"] for i in changes["items"]}
        assert f"{site.a}/news/openai" in sources and all(i["op"] == "added" for i in changes["items"])
        # a URL in a request: refused without an allow-list, nothing fetched
        before = len(site.log)
        r = httpx.post(server.url + "/api/articles", json={"url": f"{site.a}/news/anthropic"},
                       headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
        assert r.status_code == 403 and "AIKG_FETCH_ALLOW_HOSTS" in r.json()["detail"] and len(site.log) == before


def test_url_in_a_request_with_an_allow_list(site: FeedSite, tmp_path: Path) -> None:
    settings = Settings(store="memory", write_token=TOKEN, fetch_allow_hosts="127.0.0.1", **FAST)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with UvicornServer(create_app(settings)) as server:
        r = httpx.post(server.url + "/api/articles", json={"url": f"{site.a}/news/openai?utm_source=x"}, headers=auth, timeout=30)
        assert r.status_code == 201, r.text
        body = r.json()
        assert body["article"]["url"] == f"{site.a}/news/openai" and any(f["predicate"] == "builds" for f in body["facts"])
        r = httpx.post(server.url + "/api/articles", json={"url": f"{site.b}/copy/gpt-4o"}, headers=auth, timeout=30)
        assert r.status_code == 403 and site.hits("b", "/copy/gpt-4o") == []  # localhost is not on the list
        r = httpx.post(server.url + "/api/articles", json={"url": f"{site.a}/private/secret"}, headers=auth, timeout=30)
        assert r.status_code == 422 and "robots.txt" in r.json()["detail"]
        assert httpx.post(server.url + "/api/articles", json={"url": f"{site.a}/news/anthropic"}, timeout=30).status_code == 401
