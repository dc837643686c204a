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
    max_concurrent_queries: int = Field(4, description="SPARQL queries run at once; more wait, then get 503.")
    response_cache_mb: int = Field(
        64, description="Memory for whole GET responses (REST, SPARQL, linked data) replayed while the graph "
        "is unchanged (megabytes; 0: off). Dropped on every write; never used with a remote store.")
    store_reopen_writes: int = Field(
        100, description="A server reopens its embedded on-disk store after this many writes (when no request "
        "runs), releasing memory RocksDB keeps per write; 0: never.")
    cors_origins: str = Field("", description="Comma-separated origins allowed by CORS (`*` for any).")
    viz_max_nodes: int = Field(2_000, description="Most nodes drawn in one explorer graph.")
    host: str = Field("127.0.0.1", description="Address `aikg serve` binds to.")
    port: int = Field(8000, description="Port `aikg serve` listens on.")
    log_level: str = Field("info", description="Log level of the server (debug, info, warning, error).")
