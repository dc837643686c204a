"""aikg.graph.feeds: news from the web — a polite fetcher, feed parsers, canonical URLs, crawl state
kept in the store, syndicated copies recognised, and the watcher that ties them together (docs/feeds.md).
"""

__all__: list[str] = []
