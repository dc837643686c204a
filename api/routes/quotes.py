"""REST: quotes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.responses import Response

from ..conventions import ConditionalRoute, JSONBytes, page_body
from ..models import QuotePage

router = APIRouter(prefix="/api/quotes", tags=["quotes"], route_class=ConditionalRoute)


@router.get("", response_model=QuotePage, summary="Quotes, newest first")
def list_quotes(
    request: Request,
    about: Annotated[str | None, Query(max_length=200, description="Entity slug or name the quote is about.")] = None,
    speaker: Annotated[str | None, Query(max_length=200, description="Entity slug or name of who said it.")] = None,
    since: Annotated[date | None, Query(description="Published on or after (YYYY-MM-DD).")] = None,
    until: Annotated[date | None, Query(description="Published on or before (YYYY-MM-DD).")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> Response:
    """Quotes with their speaker, the entities they are about and their article. An `about` or `speaker`
    that names no entity matches nothing."""
    page = request.app.state.kg.quotes(about, speaker, since, until, limit, offset)
    return JSONBytes(page_body(request, page))


def register(app: FastAPI) -> None:
    app.include_router(router)
