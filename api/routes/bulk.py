"""Bulk writes and read snapshots: what the ``aikg`` command sends a server that holds its store.

While ``aikg serve`` holds an embedded store, ``aikg ingest``, ``aikg load`` and ``aikg import-ecosystem``
on the same folder read their input locally and send it here (the server's write path, token required),
and print the report these routes return; read commands ask ``POST /api/snapshots`` for a read-only copy
(see ``api/store_folder.py``). Any HTTP client with the token may use the write routes too.
"""

from __future__ import annotations

import hmac
import json
import re
import tempfile
from pathlib import Path
from typing import Any

import orjson
from fastapi import APIRouter, FastAPI, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from aikg.graph import RDF_FORMATS, StoreError
from aikg.graph.articles import articles_from_dicts
from aikg.graph.sources.ecosystem import sent_metadata
from aikg.graph.sources.mapping import SourceError
from aikg.graph.store import OxigraphStore

from ..conventions import JSONBytes, error, require_write_token
from ..models import AUTH_ERRORS, Error, ImportReport, IngestBatch, IngestReport, Loaded, Snapshot

router = APIRouter(prefix="/api", tags=["bulk"])

#: Most articles in one ``POST /api/ingest``.
MAX_BATCH = 256
#: Largest RDF body ``POST /api/load`` takes (bytes; streamed to a temporary file).
MAX_LOAD_BYTES = 2 * 1024**3
#: Most files, and largest file, in one ``POST /api/import/ecosystem``.
MAX_ASSET_FILES, MAX_ASSET_BYTES = 5_000, 32 * 1024**2
_ASSET_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,200}\.ya?ml")


async def _body(request: Request, limit: int) -> bytes:
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise error(413, "payload too large", f"the body is larger than {limit:,} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post("/ingest", response_model=IngestReport, summary="Ingest a batch of articles (token required)",
             responses={**AUTH_ERRORS, 413: {"model": Error}, 422: {"model": Error}},
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": IngestBatch.model_json_schema()}}}})
async def ingest(request: Request) -> Response:
    """Ingest up to 256 articles as the readers made them (`aikg ingest` beside a running server sends
    its files this way). A bad article is reported in `errors` and the others are stored; the report is
    the one `aikg ingest` prints."""
    require_write_token(request)
    kg = request.app.state.kg
    raw = await _body(request, 4 * kg.settings.max_article_bytes + 1_000_000)
    try:
        body = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise error(422, "invalid request", f"malformed JSON: {exc}") from None
    articles = body.get("articles") if isinstance(body, dict) else None
    if not isinstance(articles, list):
        raise error(422, "invalid request", "expected {\"articles\": [...]}")
    if len(articles) > MAX_BATCH:
        raise error(413, "payload too large", f"at most {MAX_BATCH} articles per request")
    items = list(articles_from_dicts(articles, kg.settings.max_article_bytes))
    report = await run_in_threadpool(kg.ingest_articles, items, False, bool(body.get("count_store")))
    return JSONBytes(report.as_dict())


@router.post("/load", response_model=Loaded, summary="Load an RDF file (token required)",
             responses={**AUTH_ERRORS, 413: {"model": Error}, 422: {"model": Error}})
async def load(
    request: Request,
    format: str = Query(description="trig, nquads, turtle, ntriples, jsonld or rdfxml.", max_length=20),
) -> Response:
    """Load the RDF document in the body into the store (`aikg load` beside a running server sends its files
    this way); answers the quads added."""
    require_write_token(request)
    if format not in RDF_FORMATS:
        raise error(422, "invalid request", f"format is one of {', '.join(sorted(RDF_FORMATS))}")
    kg = request.app.state.kg
    with tempfile.NamedTemporaryFile(suffix="." + format) as tmp:
        size = 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > MAX_LOAD_BYTES:
                raise error(413, "payload too large", f"the body is larger than {MAX_LOAD_BYTES:,} bytes")
            tmp.write(chunk)
        tmp.flush()
        try:
            added = await run_in_threadpool(kg.load, [tmp.name], format)
        except StoreError as exc:
            raise error(422, "invalid RDF", str(exc).replace(tmp.name, "the body")) from None
    return JSONBytes({"quads_added": added})


@router.post("/import/ecosystem", response_model=ImportReport, summary="Import Ecosystem Graphs files (token required)",
             responses={**AUTH_ERRORS, 413: {"model": Error}, 422: {"model": Error}})
async def import_ecosystem(request: Request) -> Response:
    """Import an Ecosystem Graphs copy sent as `multipart/form-data`: its `assets/*.yaml` files in the field
    `assets` (one part per file), and optionally a JSON object `metadata` with the copy's `version`
    (commit), `date` and `location`. Replaces an earlier import; answers the import summary."""
    require_write_token(request)
    try:
        form = await request.form(max_files=MAX_ASSET_FILES, max_fields=10, max_part_size=MAX_ASSET_BYTES)
    except (ValueError, HTTPException) as exc:  # not multipart, or over the parser's limits
        raise error(422, "invalid request", getattr(exc, "detail", None) or str(exc)) from None
    files = [f for f in form.getlist("assets") if isinstance(f, UploadFile)]
    if not files:
        raise error(422, "invalid request", "send the assets/*.yaml files in the multipart field 'assets'")
    try:
        meta: Any = json.loads(str(form.get("metadata") or "{}"))
    except ValueError:
        raise error(422, "invalid request", "metadata is not a JSON object") from None
    kg = request.app.state.kg
    with tempfile.TemporaryDirectory() as tmp:
        assets = Path(tmp) / "assets"
        assets.mkdir()
        for f in files:
            name = f.filename or ""
            if not _ASSET_NAME.fullmatch(name):  # a plain file name: no folders, nothing hidden
                raise error(422, "invalid request", f"not a .yaml asset file name: {f.filename!r}")
            (assets / name).write_bytes(await f.read())
        try:
            summary = await run_in_threadpool(kg.import_ecosystem, tmp, sent_metadata(meta))
        except SourceError as exc:
            raise error(422, "invalid source", str(exc).replace(tmp, "the files sent")) from None
    return JSONBytes(summary.as_dict())


@router.post("/snapshots", response_model=Snapshot, summary="A read snapshot for the aikg command on this machine",
             responses={403: {"model": Error}, 409: {"model": Error}})
def snapshot(request: Request) -> Response:
    """A read-only copy of the embedded store (a RocksDB checkpoint beside it) for the `aikg` command on the
    server's own machine: it must send the key `aikg serve` wrote into the store folder
    (`X-AIKG-Store-Key`), and deletes the copy when done. 409 for a store that is not on disk."""
    key = getattr(request.app.state, "store_key", None)
    given = request.headers.get("x-aikg-store-key", "")
    if not key or not hmac.compare_digest(given.encode("utf-8", "replace"), key.encode("utf-8")):
        raise error(403, "forbidden", "snapshots are for the aikg command, with the key in the store folder")
    kg = request.app.state.kg
    if not isinstance(kg.store, OxigraphStore) or kg.store.location == "memory":
        raise error(409, "conflict", "the store is not an embedded on-disk store")
    from ..store_folder import make_snapshot

    return JSONBytes({"path": str(make_snapshot(kg.store))})


def register(app: FastAPI) -> None:
    app.include_router(router)
