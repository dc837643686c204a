"""The polite fetcher, the feed parsers and canonical URLs, against a local fixture site (no network)."""

from __future__ import annotations

import gzip
from collections.abc import Iterator

import pytest

from aikg.graph.feeds.canonical import canonical_url, page_canonical
from aikg.graph.feeds.feeds import FeedError, parse_feed, parse_opml
from aikg.graph.feeds.fetch import Fetcher, FetchPolicy, decompress

from .feedsite import FeedSite, Reply, atom, html_page, rss


@pytest.fixture()
def site() -> Iterator[FeedSite]:
    with FeedSite() as s:
        s.route("a", "/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
        s.route("b", "/robots.txt", Reply(404))
        yield s


def _fetcher(**kw: object) -> tuple[Fetcher, list[float]]:
    waits: list[float] = []
    policy = FetchPolicy(**{"delay": 0.0, "backoff": 0.5, "timeout": 1.0, "max_wait": 5.0, **kw})  # type: ignore[arg-type]
    return Fetcher(policy, sleep=waits.append), waits


def test_user_agent_and_conditional_get(site: FeedSite) -> None:
    site.route("a", "/page", Reply(200, b"<p>hi</p>", {"Content-Type": "text/html", "Last-Modified": "Mon, 06 Jan 2025 10:00:00 GMT"}, etag='"v1"'))
    f, _ = _fetcher()
    first = f.get(site.a + "/page")
    assert first.ok and first.body == b"<p>hi</p>" and first.etag == '"v1"'
    again = f.get(site.a + "/page", etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.error is None and again.body == b""
    hit = site.hits("a", "/page")[-1]
    assert hit.status == 304 and hit.headers["if-none-match"] == '"v1"'
    assert hit.headers["if-modified-since"] == "Mon, 06 Jan 2025 10:00:00 GMT"
    assert hit.headers["user-agent"].startswith("aikg/")
    assert "br" not in hit.headers["accept-encoding"]  # only what is decompressed safely


def test_robots_disallow_is_never_fetched_and_robots_read_once(site: FeedSite) -> None:
    site.route("a", "/private/x", Reply(200, b"secret"))
    site.route("a", "/public", Reply(200, b"ok"))
    f, _ = _fetcher()
    res = f.get(site.a + "/private/x")
    assert res.disallowed and "robots.txt" in (res.error or "")
    assert f.get(site.a + "/public").ok and f.get(site.a + "/public").ok
    assert site.hits("a", "/private/x") == []
    assert len(site.hits("a", "/robots.txt")) == 1
    # robots.txt missing (404): no rules
    site.route("b", "/anything", Reply(200, b"fine"))
    assert f.get(site.b + "/anything").ok


def test_robots_unreachable_means_disallow_all(site: FeedSite) -> None:
    site.route("b", "/robots.txt", Reply(503))
    site.route("b", "/page", Reply(200, b"x"))
    f, _ = _fetcher(retries=0)
    res = f.get(site.b + "/page")
    assert res.disallowed and "robots.txt unavailable" in (res.error or "")
    assert site.hits("b", "/page") == []


def test_retries_with_backoff_and_retry_after(site: FeedSite) -> None:
    site.route("a", "/flaky", Reply(500), Reply(503), Reply(200, b"ok"))
    f, waits = _fetcher()
    res = f.get(site.a + "/flaky")
    assert res.ok and res.attempts == 3 and waits == [0.5, 1.0]
    site.route("a", "/busy", Reply(429, headers={"Retry-After": "3"}), Reply(200, b"ok"))
    f, waits = _fetcher()
    assert f.get(site.a + "/busy").ok and waits == [3.0]  # Retry-After, not the shorter backoff
    # asked to wait longer than the client waits: not waited out, reported with the time to come back
    site.route("a", "/later", Reply(429, headers={"Retry-After": "3600"}))
    f, waits = _fetcher()
    res = f.get(site.a + "/later")
    assert not res.ok and res.retry_after == 3600 and waits == [] and len(site.hits("a", "/later")) == 1
    # a 404 is not retried
    f, waits = _fetcher()
    assert f.get(site.a + "/missing").status == 404 and waits == [] and len(site.hits("a", "/missing")) == 1


def test_gives_up_after_the_retries(site: FeedSite) -> None:
    site.route("a", "/down", Reply(500))
    f, waits = _fetcher(retries=2)
    res = f.get(site.a + "/down")
    assert not res.ok and "HTTP 500" in (res.error or "") and "gave up after 3 attempts" in (res.error or "")
    assert len(site.hits("a", "/down")) == 3 and waits == [0.5, 1.0]


def test_time_cap_covers_a_trickling_body(site: FeedSite) -> None:
    site.route("a", "/slow", Reply(200, b"x" * 20_000, trickle=0.05))
    site.route("a", "/stall", Reply(200, b"late", delay=1.0))
    f, _ = _fetcher(timeout=0.3, retries=0)
    res = f.get(site.a + "/slow")
    assert not res.ok and "timed out" in (res.error or "")
    res = f.get(site.a + "/stall")
    assert not res.ok and "timed out" in (res.error or "")


def test_size_cap_before_and_while_reading_and_against_bombs(site: FeedSite) -> None:
    site.route("a", "/big", Reply(200, b"x" * 5000))
    site.route("a", "/liar", Reply(200, b"x" * 5000, {"Content-Length": "100"}))
    bomb = gzip.compress(b"0" * 50_000_000)
    site.route("a", "/bomb", Reply(200, bomb, {"Content-Encoding": "gzip"}))
    f, _ = _fetcher(max_bytes=1000)
    big = f.get(site.a + "/big")
    assert "too large" in (big.error or "") and "Content-Length 5,000" in (big.error or "")
    assert "too large" in (f.get(site.a + "/bomb").error or "")
    small = gzip.compress(b"<p>fine</p>")
    site.route("a", "/gz", Reply(200, small, {"Content-Encoding": "gzip"}))
    assert f.get(site.a + "/gz").body == b"<p>fine</p>"
    with pytest.raises(ValueError, match="after decompression"):
        decompress(bomb, "gzip", 10_000)


def test_redirects_followed_and_checked(site: FeedSite) -> None:
    site.route("a", "/old", Reply(301, headers={"Location": "/new"}))
    site.route("a", "/new", Reply(302, headers={"Location": "/newest"}))
    site.route("a", "/newest", Reply(200, b"here"))
    site.route("a", "/to-private", Reply(301, headers={"Location": "/private/x"}))
    site.route("a", "/loop", Reply(302, headers={"Location": "/loop"}))
    site.route("a", "/to-file", Reply(302, headers={"Location": "file:///etc/passwd"}))
    f, _ = _fetcher()
    res = f.get(site.a + "/old")
    assert res.ok and res.final_url == site.a + "/newest" and res.body == b"here"
    assert f.get(site.a + "/to-private").disallowed and site.hits("a", "/private/x") == []
    assert "redirects" in (f.get(site.a + "/loop").error or "")
    assert f.get(site.a + "/to-file").disallowed


def test_allow_list_for_urls_from_requests(site: FeedSite) -> None:
    site.route("a", "/p", Reply(200, b"x"))
    site.route("a", "/off-list", Reply(302, headers={"Location": site.b + "/p"}))
    site.route("b", "/p", Reply(200, b"y"))
    none, _ = _fetcher(allow_hosts=frozenset())
    res = none.get(site.a + "/p")
    assert res.disallowed and "AIKG_FETCH_ALLOW_HOSTS" in (res.error or "") and site.hits("a", "/p") == []
    only_a, _ = _fetcher(allow_hosts=frozenset({"127.0.0.1"}))
    assert only_a.get(site.a + "/p").ok
    assert only_a.get(site.a + "/off-list").disallowed and site.hits("b", "/p") == []  # a redirect off the list


def test_per_host_rate_limit(site: FeedSite) -> None:
    site.route("a", "/r", Reply(200, b"x"))
    site.route("b", "/r", Reply(200, b"x"))
    clock = [100.0]
    waits: list[float] = []
    f = Fetcher(FetchPolicy(delay=2.0), sleep=waits.append, clock=lambda: clock[0])
    f.get(site.a + "/r")  # robots.txt, then the page: one turn each
    f.get(site.a + "/r")
    f.get(site.b + "/r")  # another host: no wait for a's turns
    assert waits == [2.0, 4.0, 2.0]


# ----------------------------------------------------------------------------- parsing
def test_feed_formats() -> None:
    r = parse_feed(rss("R", [("One", "/a?utm_source=rss", "Mon, 06 Jan 2025 10:00:00 GMT")], ttl=60), "http://s.example/feed")
    assert r.kind == "rss" and r.ttl == 3600 and r.items[0].url == "http://s.example/a" and r.items[0].stamp == "2025-01-06T10:00:00Z"
    a = parse_feed(atom("A", [("Two", "http://s.example/b", "2025-02-01T12:00:00Z")]), "http://s.example/atom")
    assert a.kind == "atom" and a.items[0].stamp == "2025-02-01T12:00:00Z" and a.items[0].title == "Two"
    j = parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "url": "/c",'
                   b' "date_published": "2025-03-01T00:00:00+01:00"}, {"id": "2"}]}', "http://s.example/feed.json")
    assert j.kind == "json" and j.items[0].url == "http://s.example/c" and j.items[0].stamp == "2025-02-28T23:00:00Z"
    assert "without a url" in j.warnings[0]
    sm = parse_feed(gzip.compress(b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://s.example/d</loc>'
                                  b"<lastmod>2025-04-01</lastmod></url></urlset>"), "http://s.example/sitemap.xml.gz")
    assert sm.kind == "urlset" and sm.items[0].url == "http://s.example/d" and sm.items[0].stamp == "2025-04-01T00:00:00Z"
    idx = parse_feed(b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>/s1.xml</loc></sitemap>'
                     b"</sitemapindex>", "http://s.example/sitemap.xml")
    assert idx.kind == "sitemapindex" and idx.sitemaps == ["http://s.example/s1.xml"]


def test_malformed_and_hostile_feeds() -> None:
    with pytest.raises(FeedError, match="not a readable feed"):
        parse_feed(b"<html><body>not a feed</body>", "http://s.example/x")
    with pytest.raises(FeedError, match="entities"):
        parse_feed(b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><rss><channel>'
                   b"<item><title>&b;</title><link>http://s.example/a</link></item></channel></rss>", "http://s.example/x")
    with pytest.raises(FeedError, match="malformed JSON Feed"):
        parse_feed(b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "http://s.example/x")
    with pytest.raises(FeedError, match="malformed sitemap"):
        parse_feed(b"<urlset><url><loc>http://s.example/a</loc></urlset>", "http://s.example/x")
    lenient = parse_feed(b'<rss version="2.0"><channel><item><title>A</title><link>http://s.example/a</link></item>'
                         b"<item><title>B & C</title><link>http://s.example/b</link></item></channel>", "http://s.example/x")
    assert [i.url for i in lenient.items] == ["http://s.example/a", "http://s.example/b"] and lenient.warnings


def test_opml() -> None:
    feeds = parse_opml(b'<?xml version="1.0"?><opml version="2.0"><body><outline text="AI"><outline text="One" type="rss" '
                       b'xmlUrl="http://s.example/1" interval="60"/><outline text="Two" xmlUrl="http://s.example/2"/>'
                       b"</outline></body></opml>")
    assert [(f.url, f.title, f.interval) for f in feeds] == [("http://s.example/1", "One", 60.0), ("http://s.example/2", "Two", None)]
    with pytest.raises(FeedError, match="malformed OPML"):
        parse_opml(b"<opml><body>")


def test_canonical_urls() -> None:
    assert canonical_url("https://News.Example/a/?utm_campaign=x&gclid=1&page=2#top") == "https://news.example/a/?page=2"
    page = html_page("T", "text", canonical="https://news.example/story?utm_source=amp")
    assert page_canonical(page, "https://news.example/amp/story") == "https://news.example/story"
    elsewhere = html_page("T", "text", canonical="https://other.example/original")
    assert page_canonical(elsewhere, "https://news.example/copy?fbclid=1") == "https://news.example/copy"
