"""Queries against a remote SPARQL 1.1 server (``AIKG_STORE=http(s)://…``) under the endpoint's caps."""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

import httpx
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from aikg.ontology import PREFIXES

from .checks import SparqlError
from .executors import QueryJob, QueryTimeout, failed
from .worker import RESULT_FORMATS, QueryFailed, convert_tsv_capped, serialize_triples

if TYPE_CHECKING:
    from ..store import RemoteStore

__all__ = ["RemoteExecutor"]

log = logging.getLogger("aikg.sparql")


class RemoteExecutor:
    """A remote SPARQL 1.1 server through the protocol, with a client-side deadline and row and byte caps.

    SELECT results are fetched as TSV (one row a line, so the caps cut the stream without parsing it),
    graphs as N-Triples, then re-serialised in the negotiated format. The connection is dropped at the
    deadline; stopping the work is the remote server's own timeout's job. The remote server's error bodies
    are logged, never passed on: they may quote the query as the store rewrote it.
    """

    def __init__(self, store: RemoteStore, max_rows: int, size: int, max_bytes: int | None = None) -> None:
        self.store, self.max_rows, self.max_bytes = store, max_rows, max_bytes
        self._client = httpx.AsyncClient(
            auth=store.auth,
            timeout=None,
            limits=httpx.Limits(max_connections=size + 2, max_keepalive_connections=size + 2),
        )

    async def start(self) -> None:
        return None

    def invalidate(self) -> None:
        return None

    async def _fetch(self, job: QueryJob) -> tuple[bytes, str, str]:
        kind = job.kind
        accept = {"SELECT": "text/tab-separated-values", "ASK": "application/sparql-results+json"}.get(
            kind, "application/n-triples"
        )
        # the store decides how a query is sent (Virtuoso: form-encoded, system graphs excluded)
        req = self._client.build_request(
            **self.store.query_request(job.sparql, accept, job.default_graphs or [], job.named_graphs or [])
        )
        resp = await self._client.send(req, stream=True)
        try:
            if resp.status_code >= 400:
                text = (await resp.aread()).decode("utf-8", "replace")[:2000]
                log.warning("the SPARQL server answered %s: %s", resp.status_code, text.strip())
                if resp.status_code < 500:
                    raise SparqlError(400, "query failed", f"the SPARQL server refused the query (HTTP {resp.status_code})")
                raise SparqlError(502, "store failed", f"the SPARQL server failed (HTTP {resp.status_code})")
            if kind not in ("SELECT", "CONSTRUCT", "DESCRIBE"):
                got = resp.headers.get("content-type", accept).split(";")[0]
                return self.store.normalize_answer(await resp.aread(), got), got, ""
            limit = self.max_rows + (1 if kind == "SELECT" else 0)  # the TSV header line
            chunks: list[bytes] = []
            lines = size = 0
            cut = ""
            async for chunk in resp.aiter_bytes():
                lines += chunk.count(b"\n")
                size += len(chunk)
                chunks.append(chunk)
                if lines > limit:
                    cut = "rows"
                    break
                if self.max_bytes is not None and size > self.max_bytes:
                    cut = "bytes"
                    break
            data = b"".join(chunks)
            if cut == "rows":
                data = b"\n".join(data.split(b"\n")[:limit]) + b"\n"
            elif cut == "bytes":
                data = data[: data.rfind(b"\n", 0, (self.max_bytes or 0) + 1) + 1]
            return self.store.normalize_answer(data, accept), accept, cut
        finally:
            await resp.aclose()

    async def run(self, job: QueryJob, timeout: float) -> tuple[bytes, str, str]:
        kind, media_type = job.kind, job.media_type
        try:
            data, got, cut = await asyncio.wait_for(self._fetch(job), timeout)
        except TimeoutError:
            raise QueryTimeout() from None
        except httpx.TransportError as exc:
            raise SparqlError(502, "store unavailable", f"the SPARQL server did not answer: {type(exc).__name__}") from exc
        if data.rstrip().endswith(b"The SPARQL operation has been cancelled"):
            raise QueryTimeout()
        try:
            if kind == "SELECT":
                body, shrunk = convert_tsv_capped(data, media_type, self.max_bytes)
                return body, media_type, "bytes" if shrunk else cut
            if kind in ("CONSTRUCT", "DESCRIBE"):
                triples = list(parse(data, format=RdfFormat.N_TRIPLES))
                return serialize_triples(triples, media_type, PREFIXES), media_type, cut
            res = parse_query_results(data, format=QueryResultsFormat.from_media_type(got) or QueryResultsFormat.JSON)
            out = res.serialize(format=RESULT_FORMATS[media_type])
            return (out if isinstance(out, bytes) else b""), media_type, ""
        except QueryFailed as exc:
            raise failed(exc) from exc
        except (SyntaxError, ValueError) as exc:
            log.warning("unreadable answer from the SPARQL server: %s", exc)
            raise SparqlError(502, "store failed", "unreadable answer from the SPARQL server") from exc

    async def close(self) -> None:
        await self._client.aclose()


