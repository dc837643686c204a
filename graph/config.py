"""All configuration in one place: environment variables prefixed ``AIKG_`` (or a ``.env`` file).

Every field here is documented in the README's configuration table; a test fails when one is not.

>>> Settings(store="memory").store
'memory'
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """aikg settings, read from ``AIKG_*`` environment variables."""

    model_config = SettingsConfigDict(env_prefix="AIKG_", env_file=".env", extra="ignore")

    store: str = Field(
        "./data/store",
        description="Where the graph lives: a folder (embedded on-disk Oxigraph), `memory`, "
        "or the http(s) URL of a SPARQL 1.1 query endpoint.",
    )
    update_url: str | None = Field(
        None, description="SPARQL update endpoint of a remote store, when it differs from the query URL."
    )
    store_user: str | None = Field(None, description="User name for a remote store that needs one.")
    store_password: str | None = Field(None, description="Password for a remote store that needs one.")
    write_token: str | None = Field(
        None,
        description="Bearer token that write routes (POST/DELETE /api/articles, POST /sparql/update) "
        "require; without it those routes are disabled.",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000",
        description="The public address of the server, used in links and for linked-data IRIs.",
    )
    entities: str | None = Field(
        None, description="Path of a JSON file of extra registry entities, merged over the bundled registry."
    )
    ingest_workers: int = Field(
        0, description="Processes that extract articles in a large ingest, and in a server the processes that "
        "extract posted articles (0: one per CPU core; 1: none, extract in this process)."
    )
    max_article_bytes: int = Field(5_000_000, description="Largest article file or request body accepted (bytes).")
    max_query_bytes: int = Field(100_000, description="Largest SPARQL query accepted (bytes); larger gets 413.")
    query_timeout: float = Field(10.0, description="Time limit of one SPARQL query (seconds).")
    max_rows: int = Field(10_000, description="Most result rows a SPARQL query returns; the rest is cut.")
    max_result_bytes: int = Field(16_000_000, description="Largest SPARQL result body (bytes); whole rows past it are cut, like rows past `AIKG_MAX_ROWS` (0: no cap).")
    query_memory_mb: int = Field(
        1024, description="Address space of one SPARQL worker process (megabytes): a query that needs more is "
        "stopped with 503 and the worker replaced (0: no cap).")
    max_concurrent_queries: int = Field(4, description="SPARQL queries run at once; more wait, then get 503.")
    response_cache_mb: int = Field(
        64, description="Memory for whole GET responses (REST, SPARQL, linked data) replayed while the graph "
        "is unchanged (megabytes; 0: off). Dropped on every write; never used with a remote store.")
    store_reopen_writes: int = Field(
        100, description="A server reopens its embedded on-disk store after this many writes (when no request "
        "runs), releasing memory RocksDB keeps per write; 0: never.")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS (`*` for any).")
    change_log: bool = Field(
        True, description="Record every fact and quote a write adds or removes (`/api/changes`, docs/feeds.md).")
    fetch_allow_hosts: str = Field(
        "", description="Hosts the server may fetch URLs from when they arrive in a request (comma-separated; "
        "`.example.org` includes its subdomains). Empty: the server never fetches a URL from a request.")
    user_agent: str = Field(
        "aikg/0.1 (knowledge-graph news reader; +https://w3id.org/aikg)",
        description="User-Agent of every fetch; its first word (`aikg`) is what robots.txt rules are matched against.")
    fetch_timeout: float = Field(20.0, description="Most seconds one fetched page or feed may take, whole body included.")
    fetch_max_bytes: int = Field(5_000_000, description="Largest fetched page or feed, after decompression (bytes).")
    fetch_delay: float = Field(1.0, description="Least seconds between two requests to one host (robots.txt Crawl-delay can raise it).")
    fetch_retries: int = Field(3, description="Retries of a fetch that failed for a passing reason (timeout, 429, 5xx).")
    fetch_backoff: float = Field(1.0, description="First wait before a retry (seconds); doubles with each retry.")
    fetch_max_wait: float = Field(
        60.0, description="Longest wait (Retry-After or backoff) within one fetch; a longer Retry-After moves the "
        "retry to a later poll cycle.")
    fetch_max_attempts: int = Field(5, description="Poll cycles a failing page is tried in before it is given up.")
    feed_interval: float = Field(900.0, description="Seconds between two polls of a feed (a feed's OPML interval, or a longer ttl, wins).")
    watch: str | None = Field(None, description="An OPML file of feeds that `aikg serve` follows (`aikg serve --watch FILE`).")
    viz_max_nodes: int = Field(2_000, description="Most nodes drawn in one explorer graph.")
    max_header_bytes: int = Field(65_536, description="Largest request line plus headers `aikg serve` reads (bytes); larger gets 431 and the connection is closed.")
    max_headers: int = Field(100, description="Most header fields in one request; more gets 431.")
    header_timeout: float = Field(
        10.0, description="Seconds a client has to send a request's headers (from connecting, or from the first byte "
        "of the next request on a kept-alive connection); then 408 and the connection is closed.")
    keep_alive_timeout: float = Field(5.0, description="Seconds an idle kept-alive connection stays open.")
    body_timeout: float = Field(
        60.0, description="Seconds a client has to send a request's body once its headers are in; then the "
        "connection is closed.")
    max_connections: int = Field(1_000, description="Open connections `aikg serve` accepts; beyond it a new one gets 503 and is closed.")
    host: str = Field("127.0.0.1", description="Address `aikg serve` binds to.")
    port: int = Field(8000, description="Port `aikg serve` listens on.")
    log_level: str = Field("info", description="Log level of the server (debug, info, warning, error).")
