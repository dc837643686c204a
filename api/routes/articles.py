"""REST: articles (list, detail) and the write routes (ingest one article, delete one)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import orjson
from fastapi import APIRouter, FastAPI, HTTPException, Path, Query, Request
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aikg.graph import NotFound
from aikg.graph.extract_pool import ExtractionFailed
from aikg.graph.read.models import ArticleDetail, IngestResult
from aikg.graph.writes import IngestError

from ..conventions import ConditionalRoute, JSONBytes, error, not_found, page_body, require_write_token
from ..models import AUTH_ERRORS, ArticleIn, ArticlePage, Deleted, Error

router = APIRouter(prefix="/api/articles", tags=["articles"], route_class=ConditionalRoute)
ArticleId = Annotated[str, Path(description="Article id: the last part of its IRI (16 hex digits for ingested articles).")]
_AUTH_ERRORS: dict[int | str, dict[str, object]] = {
    **AUTH_ERRORS,
    403: {"model": Error, "description": "Writes are disabled (no AIKG_WRITE_TOKEN on the server), or a url-only record names a host outside AIKG_FETCH_ALLOW_HOSTS."},
}


@router.get("", response_model=ArticlePage, summary="Articles, newest first")
def list_articles(
    request: Request,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    publisher: Annotated[str | None, Query(max_length=200, description="Publisher name (case-insensitive).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    page = request.app.state.kg.articles(since, until, publisher, limit, offset)
    return JSONBytes(page_body(request, page))


@router.get("/{article_id}", response_model=ArticleDetail, responses={404: {"model": Error}}, summary="One article with its facts and quotes")
def get_article(request: Request, article_id: ArticleId) -> Response:
    """The article's metadata and text, the entities it mentions, every fact read from it (with the
    evidence sentence, its character offsets and the confidence) and its quotes."""
    try:
        return JSONBytes(request.app.state.kg.article(article_id))
    except NotFound as exc:
        raise not_found(exc) from None


def _too_large(limit: int) -> HTTPException:
    return error(413, "payload too large", f"the article is larger than AIKG_MAX_ARTICLE_BYTES ({limit:,} bytes)")


async def _read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit + 64_000:
        raise _too_large(limit)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit + 64_000:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


_UPLOAD_SCHEMA = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary", "description": "A .txt, .md, .html, .json or .jsonl file."}},
    "required": ["file"],
}


@router.post(
    "",
    response_model=IngestResult,
    status_code=201,
    summary="Ingest one article (token required)",
    responses={200: {"model": IngestResult, "description": "The article was already there and has been replaced."},
               **_AUTH_ERRORS, 413: {"model": Error}, 422: {"model": Error}},
    openapi_extra={"requestBody": {"required": True, "content": {
        "application/json": {"schema": ArticleIn.model_json_schema()},
        "multipart/form-data": {"schema": _UPLOAD_SCHEMA},
    }}},
)
async def post_article(request: Request) -> Response:
    """Ingest one article, sent as a JSON record (the fields of a `.jsonl` line: `text`, `title`, `url`,
    `date`, `author`, `publisher`) or uploaded as a file (`multipart/form-data`, field `file`). It is
    stored in one transaction (the same url or text again replaces it). A record with only a `url` has the
    page fetched and ingested, when its host is in `AIKG_FETCH_ALLOW_HOSTS` (403 otherwise: by default the
    server fetches nothing a request names). Returns what was extracted:
    entities, facts with evidence, quotes. 201 when new, 200 when it replaced an earlier copy."""
    require_write_token(request)
    kg = request.app.state.kg
    limit = kg.settings.max_article_bytes
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    try:
        if ctype == "multipart/form-data":
            form = await request.form(max_files=1, max_fields=10, max_part_size=limit + 1)
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise error(422, "invalid request", "multipart body needs a file in the field 'file'")
            data = await upload.read()
            if len(data) > limit:
                raise _too_large(limit)
            result = await run_in_threadpool(kg.ingest_file, upload.filename or "upload.txt", data)
        elif ctype in ("application/json", "") or ctype.endswith("+json"):
            raw = await _read_body(request, limit)
            try:
                record = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise error(422, "invalid request", f"malformed JSON: {exc}") from None
            if not isinstance(record, dict):
                raise error(422, "invalid request", f"expected a JSON object, got {type(record).__name__}")
            try:
                ArticleIn.model_validate(record)
            except ValidationError as exc:
                problems = [f"{'.'.join(str(p) for p in e['loc']) or 'record'}: {e['msg']}" for e in exc.errors()]
                raise error(422, "invalid request", "; ".join(problems)) from None
            text = next((record.get(k) for k in ("text", "body", "content", "articleBody", "article") if record.get(k)), None)
            if isinstance(text, str) and len(text.encode("utf-8", "replace")) > limit:
                raise _too_large(limit)
            if text is None and isinstance(record.get("url"), str):  # only a url: fetch the page (allow-list)
                result = await run_in_threadpool(kg.ingest_url, record["url"])
            else:
                result = await run_in_threadpool(kg.ingest_record, record)
        else:
            raise error(415, "unsupported media type", "send application/json or multipart/form-data")
    except ExtractionFailed as exc:
        raise error(503, "unavailable", str(exc)) from None
    except IngestError as exc:
        msg = str(exc)
        if "AIKG_FETCH_ALLOW_HOSTS" in msg:
            raise error(403, "forbidden", msg) from None
        if "too large" in msg:
            raise error(413, "payload too large", msg) from None
        raise error(422, "invalid article", msg) from None
    except HTTPException:
        raise
    except ValueError as exc:  # multipart parser limits
        raise error(422, "invalid request", str(exc)) from None
    return JSONBytes(result, status_code=200 if result.replaced else 201)


@router.delete("/{article_id}", response_model=Deleted, summary="Delete one article (token required)",
               responses={**_AUTH_ERRORS, 404: {"model": Error}})
def delete_article(request: Request, article_id: ArticleId) -> Response:
    """Remove the article's graph: its metadata, quotes and every fact that only it supported (facts that
    other articles also state stay, with those articles as their sources)."""
    require_write_token(request)
    if not request.app.state.kg.delete_article(article_id):
        raise error(404, "not found", {"message": f"no article {article_id!r}"})
    return JSONBytes({"id": article_id, "deleted": True})


def register(app: FastAPI) -> None:
    app.include_router(router)
