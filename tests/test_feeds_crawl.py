"""The crawler over a local fixture site, in process: feeds polled in cycles into one graph."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Iterator

import pytest

from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.articles import article_id
from aikg.graph.feeds.feeds import FeedSource
from aikg.graph.feeds.state import parse_time

from .feedsite import ANTHROPIC, META_V1, META_V2, MISTRAL, OPENAI, FeedSite, Reply, gz, html_page, rss

FAST = {"fetch_delay": 0.0, "fetch_backoff": 0.01, "fetch_retries": 0, "fetch_timeout": 2.0, "feed_interval": 0.0,
        "ingest_workers": 1, "fetch_max_attempts": 3}
DAY1, DAY2 = "Mon, 06 Jan 2025 10:00:00 GMT", "Tue, 07 Jan 2025 10:00:00 GMT"


def build_site(site: FeedSite) -> None:
    """Two sites: ``a`` with its feed (one flaky page, one page behind robots.txt, one rate limited), ``b``
    with a syndicated copy of a's OpenAI story."""
    a, b = site.a, site.b
    site.route("a", "/robots.txt", Reply(200, b"User-agent: *\nDisallow: /private/\n"))
    site.route("b", "/robots.txt", Reply(404))
    html = {"Content-Type": "text/html; charset=utf-8"}
    site.route("a", "/news/openai", Reply(200, html_page("OpenAI launches GPT-4o", OPENAI, canonical=f"{a}/news/openai"), html, etag='"o1"'))
    site.route("a", "/news/anthropic", Reply(200, html_page("Claude 3.5 Sonnet", ANTHROPIC), html, etag='"c1"'))
    site.route("a", "/news/meta", Reply(200, html_page("Meta releases Llama 3", META_V1), html, etag='"m1"'))
    site.route("a", "/news/mistral", Reply(500), Reply(200, html_page("Mistral Large", MISTRAL), html))
    site.route("a", "/news/busy", Reply(429, headers={"Retry-After": "3600"}))
    site.route("a", "/private/secret", Reply(200, html_page("Secret", OPENAI), html))
    items = [("OpenAI", f"{a}/news/openai?utm_source=rss&utm_medium=feed", DAY1), ("Anthropic", f"{a}/news/anthropic", DAY1),
             ("Meta", f"{a}/news/meta", DAY1), ("Mistral", f"{a}/news/mistral", DAY1), ("Busy", f"{a}/news/busy", DAY1),
             ("Secret", f"{a}/private/secret", DAY1)]
    site.route("a", "/feed.xml", Reply(200, rss("Site A", items), {"Content-Type": "application/rss+xml"}, etag='"fa1"'))
    copy = html_page("GPT-4o is here (from our partners)", OPENAI, boilerplate="Syndicated from Site A. Share this story.")
    site.route("b", "/copy/gpt-4o", Reply(200, copy, html, etag='"b1"'))
    site.route("b", "/rss.xml", Reply(200, rss("Site B", [("GPT-4o", f"{b}/copy/gpt-4o", DAY1)]), {"Content-Type": "application/rss+xml"}, etag='"fb1"'))


def edit_meta(site: FeedSite) -> None:
    """The Meta article is corrected after publication: a new page and a newer feed entry."""
    a = site.a
    site.route("a", "/news/meta", Reply(200, html_page("Meta releases Llama 3", META_V2), {"Content-Type": "text/html"}, etag='"m2"'))
    items = [("OpenAI", f"{a}/news/openai?utm_source=rss&utm_medium=feed", DAY1), ("Anthropic", f"{a}/news/anthropic", DAY1),
             ("Meta (corrected)", f"{a}/news/meta", DAY2), ("Mistral", f"{a}/news/mistral", DAY1), ("Busy", f"{a}/news/busy", DAY1),
             ("Secret", f"{a}/private/secret", DAY1)]
    site.route("a", "/feed.xml", Reply(200, rss("Site A", items), {"Content-Type": "application/rss+xml"}, etag='"fa2"'))


def change_history(kg: KnowledgeGraph) -> dict[tuple[str, str, str, str], list[str]]:
    """Every fact or quote's ops, in order, by (source, subject, predicate, object)."""
    out: dict[tuple[str, str, str, str], list[str]] = defaultdict(list)
    since = 0
    while True:
        page = kg.changes(since, 50)
        for c in page.items:
            e = c.entry
            out[(e.source, e.subject, e.predicate, e.object)].append(c.op)
        if not page.more:
            return out
        since = page.next


def assert_clean_history(kg: KnowledgeGraph) -> None:
    """No fact added twice without a removal between (nothing duplicated), and the log matches the store."""
    for key, ops in change_history(kg).items():
        assert all(ops[i] != ops[i + 1] for i in range(len(ops) - 1)), (key, ops)
        assert ops[0] == "added", (key, ops)


def built_site() -> Iterator[FeedSite]:
    """The fixture site of :func:`build_site`, serving (the ``site`` fixture of the feed tests)."""
    with FeedSite() as s:
        build_site(s)
        yield s


@pytest.fixture()
def site() -> Iterator[FeedSite]:
    yield from built_site()


def test_poll_cycles(site: FeedSite) -> None:
    kg = KnowledgeGraph.open("memory", Settings(store="memory", **FAST))
    sources = [FeedSource(site.a + "/feed.xml"), FeedSource(site.b + "/rss.xml")]
    crawler = kg.crawler(sources)
    a = site.a
    openai_id = article_id(f"{a}/news/openai", "")

    first = crawler.poll()
    assert first.feeds == 2 and first.count("ingested") == 3 and first.count("copy") == 1
    assert first.count("failed") == 2 and first.count("disallowed") == 1
    assert any("/news/mistral" in e and "HTTP 500" in e for e in first.errors)
    assert site.hits("a", "/private/secret") == []  # robots.txt: never fetched
    assert kg.stats().articles == 3
    assert kg.has_article(openai_id)  # identified by its canonical URL, tracking parameters gone
    assert crawler.state.copies_of(openai_id) == [site.b + "/copy/gpt-4o"]
    busy = crawler.state.page(a + "/news/busy")
    assert busy is not None and busy.status == "failed" and parse_time(busy.next_check) > time.time() + 3000

    second = crawler.poll()  # feeds unchanged (304); the failed page is retried and now succeeds
    assert second.feeds_not_modified == 2 and second.count("ingested") == 1 and second.errors == []
    assert [h.status for h in site.hits("a", "/feed.xml")] == [200, 304]
    assert len(site.hits("a", "/news/busy")) == 1  # waits for its Retry-After, not retried yet
    assert kg.stats().articles == 4

    edit_meta(site)
    third = crawler.poll()
    assert third.count("replaced") == 1 and [o.url for o in third.outcomes] == [a + "/news/meta"]
    meta_id = article_id(f"{a}/news/meta", "")
    body = kg.select("SELECT ?b WHERE { ?a schema:articleBody ?b ; dcterms:identifier $id }", id=meta_id)
    assert "Correction" in str(body[0]["b"].value) and kg.stats().articles == 4
    # every page fetched with a body once (the edited one twice), never again
    for path, n in {"/news/openai": 1, "/news/anthropic": 1, "/news/meta": 2, "/news/mistral": 1}.items():
        assert len(site.hits("a", path, 200)) == n, path
    history = change_history(kg)
    meta_graph = f"https://w3id.org/aikg/article/{meta_id}"
    by_predicate = {p.rsplit("#", 1)[-1]: ops for (src, s, p, o), ops in history.items() if src == meta_graph}
    assert by_predicate["partnersWith"] == ["added"] and by_predicate["worksFor"] == ["added", "removed"]
    assert by_predicate["builds"] == ["added"]  # unchanged by the edit: not logged again
    assert_clean_history(kg)
    status = {f["url"]: f for f in crawler.status()}
    assert status[a + "/feed.xml"]["pages"] == {"ingested": 3, "replaced": 1, "disallowed": 1, "failed": 1}
    assert status[site.b + "/rss.xml"]["pages"] == {"copy": 1} and status[a + "/feed.xml"]["status"] == "ok"
    crawler.close()


def test_ingest_urls_reports_each(site: FeedSite) -> None:
    kg = KnowledgeGraph.open("memory", Settings(store="memory", **FAST))
    a, b = site.a, site.b
    report = kg.ingest_urls([f"{a}/news/openai?fbclid=x", f"{b}/copy/gpt-4o", f"{a}/private/secret", f"{a}/nowhere"])
    assert (report.new, report.failed) == (1, 2)
    assert any("syndicated copy" in w for w in report.warnings)
    assert any("robots.txt" in e for e in report.errors) and any("/nowhere" in e and "404" in e for e in report.errors)
    again = kg.ingest_urls([f"{a}/news/openai"])  # known: a conditional GET, 304
    assert again.ok and site.hits("a", "/news/openai")[-1].status == 304
    # from a request: nothing is fetched without an allow-list
    before = len(site.log)
    refused = kg.ingest_urls([f"{a}/news/anthropic"], from_request=True)
    assert refused.failed == 1 and "AIKG_FETCH_ALLOW_HOSTS" in refused.errors[0] and len(site.log) == before


def test_other_formats_and_bad_feeds(site: FeedSite) -> None:
    """A JSON Feed and a gzipped sitemap behind a sitemap index are followed; a malformed feed, an oversized
    one and a missing one are each reported while the others go on."""
    a, b = site.a, site.b
    jf = (b'{"version": "https://jsonfeed.org/version/1.1", "title": "J", "items": [{"id": "1", "url": "/news/anthropic",'
          b' "date_published": "2025-01-06T10:00:00Z"}]}')
    site.route("a", "/feed.json", Reply(200, jf, {"Content-Type": "application/feed+json"}))
    site.route("b", "/sitemap.xml", Reply(200, b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>'
                                         b"<loc>/sitemap-1.xml.gz</loc></sitemap></sitemapindex>", {"Content-Type": "application/xml"}))
    site.route("b", "/sitemap-1.xml.gz", Reply(200, gz(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{a}/news/meta'
                                                    f"</loc><lastmod>2025-01-06</lastmod></url></urlset>".encode()), {"Content-Type": "application/gzip"}))
    site.route("a", "/broken.xml", Reply(200, b"<html><body>Oops, this is not a feed", {"Content-Type": "text/html"}))
    site.route("a", "/huge.xml", Reply(200, b"<rss>" + b" " * 300_000 + b"</rss>", {"Content-Type": "application/rss+xml"}))
    kg = KnowledgeGraph.open("memory", Settings(store="memory", **{**FAST, "fetch_max_bytes": 200_000}))
    crawler = kg.crawler([FeedSource(f"{a}/feed.json"), FeedSource(f"{b}/sitemap.xml"), FeedSource(f"{a}/broken.xml"),
                          FeedSource(f"{a}/huge.xml"), FeedSource(f"{a}/gone.xml")])
    report = crawler.poll()
    assert report.feeds == 5 and report.feeds_failed == 3 and report.count("ingested") == 2
    errors = "\n".join(report.errors)
    assert "broken.xml: not a readable feed" in errors and "huge.xml: too large" in errors and "gone.xml: HTTP 404" in errors
    status = {f["url"]: f for f in crawler.status()}
    assert status[f"{a}/broken.xml"]["status"] == "failed" and status[f"{a}/broken.xml"]["failures"] == 1
    assert status[f"{b}/sitemap.xml"]["kind"] == "sitemapindex" and status[f"{a}/feed.json"]["kind"] == "json"
    crawler.close()
