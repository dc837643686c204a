"""The crawler: fetch pages and poll feeds into the graph, politely, remembering everything in the store.

``Crawler.ingest_url`` turns one URL into a stored article: fetched (conditionally when known), its main
text and metadata extracted, identified by its canonical URL (so an edited page replaces its earlier
version, in one transaction), and checked against the stories already stored: a syndicated copy is
recorded as one more source of that story, not as a second article. ``Crawler.poll`` is one poll cycle:
every feed that is due (each on its own interval) is fetched, its new or updated entries ingested, and
pages that failed earlier are retried once their backoff has passed; one failing feed or page is
reported and the rest go on. ``Crawler.run`` polls until told to stop.

All store work happens under ``kg.write_lock``; fetching does not hold it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..articles import Article, article_from_html, article_from_text, normalise_text
from ..ingest import IngestReport
from .canonical import canonical_url, page_canonical
from .feeds import Feed, FeedError, FeedItem, FeedSource, parse_feed
from .fetch import Fetcher, FetchPolicy, FetchResult, policy_from_settings
from .reports import CycleReport, ItemOutcome, Progress
from .state import CrawlState, FeedRecord, PageRecord, iso_now, parse_time
from .syndication import MIN_SIMILARITY, StoryIndex, long_enough, similarity, sketch

if TYPE_CHECKING:
    from .. import KnowledgeGraph

__all__ = ["ItemOutcome", "CycleReport", "Crawler", "Watching", "feed_status", "is_url", "watch_sources"]

FEED_ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
               "text/xml;q=0.9, application/json;q=0.8, */*;q=0.5")
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5"
#: Longest a failed page or feed waits before it is tried again (seconds).
MAX_BACKOFF = 86_400.0


def is_url(value: str) -> bool:
    """Whether a command-line argument is a web address rather than a path.

    >>> is_url("https://news.example/a"), is_url("examples/articles")
    (True, False)
    """
    return value.startswith(("http://", "https://"))


class Crawler:
    """Fetches into ``kg`` (see the module docstring). ``sources``: the feeds to follow; ``interval``: the
    default poll interval in seconds (``AIKG_FEED_INTERVAL``); ``from_request``: the URLs come from
    requests, so the allow-list ``AIKG_FETCH_ALLOW_HOSTS`` applies."""

    def __init__(
        self,
        kg: KnowledgeGraph,
        sources: Iterable[FeedSource] = (),
        *,
        interval: float | None = None,
        from_request: bool = False,
        policy: FetchPolicy | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.kg = kg
        self.settings = kg.settings
        self.sources = {s.url: s for s in sources}
        self.interval = self.settings.feed_interval if interval is None else interval
        self.fetcher = Fetcher(policy or policy_from_settings(self.settings, from_request))
        self.state = CrawlState(kg.store)
        self.clock = clock
        self.cycles = 0
        self.last: CycleReport | None = None
        self._index: StoryIndex | None = None

    def close(self) -> None:
        self.fetcher.close()

    # ------------------------------------------------------------------ one page
    def ingest_url(self, url: str, feed: str | None = None, item: FeedItem | None = None) -> ItemOutcome:
        """Fetch one page and store it (see the module docstring); never raises."""
        key = canonical_url(url)
        with self.kg.write_lock:
            rec = self.state.page(key) or PageRecord(key)
        rec.feed = feed or rec.feed
        known = rec.article is not None or rec.copy_of is not None
        res = self.fetcher.get(key if key.startswith("http") else url, etag=rec.etag if known else None,
                               last_modified=rec.last_modified if known else None, accept=PAGE_ACCEPT)
        rec.checked_at = iso_now()
        stamp = item.stamp if item else rec.stamp
        if res.disallowed:
            return self._finish(rec, "disallowed", res.error or "", stamp=stamp)
        if res.not_modified:
            return self._finish(rec, "unchanged", "304 Not Modified", stamp=stamp, article=rec.article or rec.copy_of)
        rec.stamp = stamp  # the entry's version being dealt with (a failure is retried by its status)
        if not res.ok:
            return self._failed(rec, res.error or f"HTTP {res.status}", res.retry_after)
        try:
            article = self._article(res, item)
        except ValueError as exc:
            return self._failed(rec, f"{key}: {exc}", None)
        rec.etag, rec.last_modified, rec.canonical = res.etag, res.last_modified, article.url
        digest = hashlib.sha256(normalise_text(article.title + "\n" + article.text).encode()).hexdigest()[:32]
        with self.kg.write_lock:
            if rec.article == article.id and digest == rec.digest and self.kg.has_article(article.id):
                return self._finish(rec, "unchanged", "same text", stamp=stamp, article=article.id)
            hashes = sketch(article.text)
            story = self._copy_of(article, hashes)
            if story is not None:
                rec.article, rec.sketch, rec.digest, rec.copy_of = None, None, None, story
                return self._finish(rec, "copy", f"a syndicated copy of article {story}", stamp=stamp, article=story)
            report = self.kg.ingest_articles([article], keep_results=True)
            if report.failed or not report.results:
                return self._failed(rec, "; ".join(report.errors) or f"{key}: could not be stored", None)
            replaced = report.results[0].replaced
            rec.article, rec.copy_of = article.id, None
            rec.sketch, rec.digest = " ".join(f"{h:016x}" for h in hashes), digest
            self._stories().add(article.id, hashes)
            outcome = self._finish(rec, "replaced" if replaced else "ingested", article.title, stamp=stamp, article=article.id)
            outcome.result = report.results[0]
            return outcome

    def _article(self, res: FetchResult, item: FeedItem | None) -> Article:
        ctype = res.content_type.split(";")[0].strip().lower()
        title = item.title if item else None
        date = item.published if item else None
        canonical = page_canonical(res.body, res.final_url) if "html" in ctype or not ctype else canonical_url(res.final_url)
        if ctype in ("text/html", "application/xhtml+xml", ""):
            return article_from_html(res.body, source=res.url, url=canonical, title=title, date_value=date)
        if ctype == "text/plain":
            charset = res.content_type.partition("charset=")[2].strip() or "utf-8"
            try:
                text = res.body.decode(charset, errors="replace")
            except LookupError:
                text = res.body.decode("utf-8", errors="replace")
            return article_from_text(text, title=title, url=canonical, date_value=date, source=res.url)
        raise ValueError(f"not an article page (Content-Type {ctype})")

    def _finish(self, rec: PageRecord, status: str, detail: str, *, stamp: str | None, article: str | None = None) -> ItemOutcome:
        rec.status, rec.stamp, rec.attempts, rec.next_check = status, stamp, 0, None
        rec.error = detail if status == "disallowed" else None
        with self.kg.write_lock:
            self.state.save(rec)
        return ItemOutcome(rec.url, status, detail, article)

    def _failed(self, rec: PageRecord, error: str, retry_after: float | None) -> ItemOutcome:
        rec.attempts += 1
        gave_up = rec.attempts >= self.settings.fetch_max_attempts
        rec.status = "gave-up" if gave_up else "failed"
        rec.error = error
        wait = max(retry_after or 0.0, self.settings.fetch_backoff * 2 ** rec.attempts)
        rec.next_check = None if gave_up else iso_now(min(wait, MAX_BACKOFF))
        with self.kg.write_lock:
            self.state.save(rec)
        return ItemOutcome(rec.url, rec.status, error)

    def _stories(self) -> StoryIndex:
        if self._index is None:
            index = StoryIndex()
            for art, hashes in self.state.stories():
                index.add(art, hashes)
            self._index = index
        return self._index

    def _copy_of(self, article: Article, hashes: list[int]) -> str | None:
        """The stored story ``article`` is a syndicated copy of, if any."""
        if not long_enough(article.text):
            return None
        for story in self._stories().near(hashes):
            if story == article.id:
                continue
            rows = self.kg.select("SELECT ?b WHERE { GRAPH $g { $g schema:articleBody ?b } }", g=_article_node(story))
            if not rows:
                self._stories().discard(story)  # deleted since
                continue
            if similarity(str(rows[0]["b"].value), article.text) >= MIN_SIMILARITY:
                return story
        return None

    # ------------------------------------------------------------------ URLs given directly
    def ingest_urls(self, urls: Sequence[str], progress: Progress | None = None) -> IngestReport:
        """Fetch and store each URL (``aikg ingest URL…``, ``POST /api/articles`` with a url): an
        :class:`IngestReport`, with a syndicated copy reported as a warning naming its story."""
        report = IngestReport()
        start = time.perf_counter()
        if progress:
            progress(len(urls), 0)
        for url in urls:
            o = self.ingest_url(url)
            report.read += o.status not in ("failed", "gave-up", "disallowed")
            if o.result is not None:
                report.results.append(o.result)
                report.triples += o.result.triples
            if o.status == "ingested":
                report.new += 1
            elif o.status in ("replaced", "unchanged"):
                report.replaced += o.status == "replaced"
                if o.status == "unchanged":
                    report.warnings.append(f"{url}: unchanged since it was last fetched")
            elif o.status == "copy":
                report.warnings.append(f"{url}: {o.detail}; counted as one more source of that story")
            else:
                report.failed += 1
                report.errors.append(o.detail if o.detail.startswith(("http", url)) else f"{url}: {o.detail}")
            if progress:
                progress(0, 1)
        report.seconds = time.perf_counter() - start
        return report

    # ------------------------------------------------------------------ feeds
    def _due(self, rec: FeedRecord | None, now: float) -> bool:
        return rec is None or parse_time(rec.next_check) <= now

    def poll(self, force: bool = False, progress: Progress | None = None) -> CycleReport:
        """One poll cycle over the feeds that are due (all of them with ``force``), then the retries."""
        report = CycleReport()
        start = time.perf_counter()
        handled: set[str] = set()
        for src in self.sources.values():
            with self.kg.write_lock:
                rec = self.state.feed(src.url)
            if force or self._due(rec, self.clock()):
                self._poll_feed(src, rec or FeedRecord(src.url, title=src.title), report, handled, progress)
        now = self.clock()
        with self.kg.write_lock:
            retries = [p for p in self.state.pages("failed") if p.url not in handled and parse_time(p.next_check) <= now]
        if progress and retries:
            progress(len(retries), 0)
        for page in retries:
            self._record(report, self.ingest_url(page.url, page.feed), progress)
        report.seconds = time.perf_counter() - start
        self.cycles += 1
        self.last = report
        return report

    def _record(self, report: CycleReport, outcome: ItemOutcome, progress: Progress | None) -> None:
        report.outcomes.append(outcome)
        if outcome.status in ("failed", "gave-up"):
            report.errors.append(outcome.detail if outcome.detail.startswith("http") else f"{outcome.url}: {outcome.detail}")
        if progress:
            progress(0, 1)

    def _poll_feed(self, src: FeedSource, rec: FeedRecord, report: CycleReport, handled: set[str],
                   progress: Progress | None) -> None:
        report.feeds += 1
        interval = src.interval if src.interval is not None else self.interval
        res = self.fetcher.get(src.url, etag=rec.etag, last_modified=rec.last_modified, accept=FEED_ACCEPT)
        rec.checked_at = iso_now()
        if res.not_modified:
            report.feeds_not_modified += 1
            self._save_feed(rec, "not-modified", None, interval)
            return
        feed: Feed | None = None
        error = res.error
        if res.ok:
            try:
                feed = parse_feed(res.body, res.final_url, res.content_type, self.settings.fetch_max_bytes)
            except FeedError as exc:
                error = f"{src.url}: {exc}"
        if feed is None:
            report.feeds_failed += 1
            report.errors.append(error or f"{src.url}: HTTP {res.status}")
            rec.failures += 1
            wait = max(res.retry_after or 0.0, min(interval, self.settings.fetch_backoff * 2 ** rec.failures))
            self._save_feed(rec, "disallowed" if res.disallowed else "failed", error, wait)
            return
        items = list(feed.items)
        for child in feed.sitemaps:  # a sitemap index: its sitemaps, one level down
            sub = self.fetcher.get(child, accept="application/xml")
            try:
                if not sub.ok:
                    raise FeedError(sub.error or f"HTTP {sub.status}")
                items += parse_feed(sub.body, sub.final_url, sub.content_type, self.settings.fetch_max_bytes).items
            except FeedError as exc:
                report.errors.append(f"{child}: {exc}")
        report.warnings += [f"{src.url}: {w}" for w in feed.warnings]
        if progress:
            progress(len(items), 0)
        for item in items:
            if item.url in handled:
                if progress:
                    progress(0, 1)
                continue
            handled.add(item.url)
            with self.kg.write_lock:
                page = self.state.page(item.url)
            if page is not None and not self._needs_work(page, item):
                if progress:
                    progress(0, 1)
                continue
            self._record(report, self.ingest_url(item.url, src.url, item), progress)
        if feed.ttl and src.interval is None:
            interval = max(interval, feed.ttl)
        rec.etag, rec.last_modified, rec.failures = res.etag, res.last_modified, 0
        rec.title, rec.kind, rec.items = feed.title or src.title or rec.title, feed.kind, len(items)
        self._save_feed(rec, "ok", None, interval)  # last: validators only once every item is dealt with

    def _needs_work(self, page: PageRecord, item: FeedItem) -> bool:
        if page.status == "failed":
            return parse_time(page.next_check) <= self.clock()
        return page.stamp != item.stamp

    def _save_feed(self, rec: FeedRecord, status: str, error: str | None, wait: float) -> None:
        rec.status, rec.error, rec.interval = status, error, wait if status in ("ok", "not-modified") else rec.interval
        rec.next_check = iso_now(wait)
        with self.kg.write_lock:
            self.state.save(rec)

    def next_due(self) -> float:
        """Seconds until a feed or a failed page is due (0: now)."""
        now = self.clock()
        with self.kg.write_lock:
            times = [parse_time(r.next_check) if r else 0.0 for r in (self.state.feed(u) for u in self.sources)]
            times += [parse_time(p.next_check) for p in self.state.pages("failed")]
        return max(0.0, min(times) - now) if times else self.interval

    def run(self, stop: threading.Event, on_cycle: Callable[[CycleReport], None] | None = None,
            progress: Progress | None = None) -> None:
        """Poll until ``stop`` is set: a cycle, then a sleep until the next feed or retry is due."""
        while not stop.is_set():
            report = self.poll(progress=progress)
            if on_cycle:
                on_cycle(report)
            stop.wait(min(max(self.next_due(), 0.05), self.interval or 0.05))

    # ------------------------------------------------------------------ status
    def status(self) -> list[dict[str, Any]]:
        """Every feed's record (followed now or before), with its pages counted by status."""
        return feed_status(self.state, self.sources)


def watch_sources(feeds: Sequence[str] = (), opml: str | None = None) -> list[FeedSource]:
    """The feeds to follow: URLs given one by one plus those of an OPML file. FeedError (naming the input)
    for a URL that is not http(s) or an OPML file that cannot be read."""
    from .feeds import read_opml

    out = [FeedSource(f) for f in feeds]
    for f in feeds:
        if not is_url(f):
            raise FeedError(f"{f}: not an http(s) URL")
    if opml:
        out += read_opml(opml)
    if not out:
        raise FeedError("no feeds to follow: give --feed URL or --opml FILE")
    return out


class Watching:
    """A crawler polling in a background thread (``aikg serve --watch``): ``start``, ``stop``, ``status``.
    A cycle that raises is logged and the next one goes on."""

    def __init__(self, kg: KnowledgeGraph, sources: Iterable[FeedSource], interval: float | None = None) -> None:
        self.crawler = Crawler(kg, sources, interval=interval)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="aikg-watch", daemon=True)
        self.error: str | None = None

    def _loop(self) -> None:
        import logging

        log = logging.getLogger("aikg.watch")
        while not self._stop.is_set():
            try:
                self.crawler.run(self._stop, on_cycle=lambda r: log.info("watch: %s", r.summary()))
            except Exception as exc:  # the poller must survive; the status says what went wrong
                self.error = f"{exc.__class__.__name__}: {exc}"
                log.exception("watch cycle failed")
                self._stop.wait(max(self.crawler.interval, 1.0))

    def start(self) -> Watching:
        self._thread.start()
        return self

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._thread.join(timeout)
        self.crawler.close()

    def status(self) -> dict[str, Any]:
        last = self.crawler.last
        return {"watching": self._thread.is_alive(), "cycles": self.crawler.cycles, "error": self.error,
                "last_cycle": last.summary() if last else None, "last_errors": last.errors[-20:] if last else [],
                "feeds": self.crawler.status()}


def feed_status(state: CrawlState, sources: dict[str, FeedSource] | None = None) -> list[dict[str, Any]]:
    """The feeds in ``state`` (and ``sources`` not polled yet) with their pages counted by status."""
    counts = state.counts()
    records = {r.url: r for r in state.feeds()}
    for url, src in (sources or {}).items():
        records.setdefault(url, FeedRecord(url, title=src.title))
    out = []
    for url in sorted(records):
        r = records[url]
        out.append({
            "url": r.url, "title": r.title, "kind": r.kind, "status": r.status, "error": r.error,
            "checked_at": r.checked_at, "next_check": r.next_check, "interval": r.interval, "items": r.items,
            "failures": r.failures, "followed": url in (sources or {}), "pages": counts.get(url, {}),
        })
    return out


def _article_node(article_id: str) -> Any:
    from pyoxigraph import NamedNode

    from aikg.ontology import article_iri

    return NamedNode(article_iri(article_id))

