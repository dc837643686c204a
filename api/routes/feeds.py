"""Live news: the crawler's status (``/api/feeds``, the explorer's ``/feeds`` page) and the change feed
(``/api/changes`` as JSON, ``/api/changes.atom`` as Atom) that other services follow."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, Response

from ..conventions import JSONBytes
from ..models import ChangePage, FeedsStatus

router = APIRouter(tags=["changes and feeds"])
Since = Annotated[int | None, Query(ge=0, le=10**15, description="Cursor: changes after this one (0: from the start). "
                                    "Without it, JSON starts from the start and Atom shows the newest page.")]
Limit = Annotated[int, Query(ge=1, le=1000, description="Most changes in the page.")]
_NO_STORE = {"Cache-Control": "no-store"}


def _status(request: Request) -> dict[str, Any]:
    watcher = request.app.state.watcher
    if watcher is not None:
        return dict(watcher.status())
    return {"watching": False, "cycles": 0, "error": None, "last_cycle": None, "last_errors": [],
            "feeds": request.app.state.kg.feed_status()}


@router.get("/api/feeds", response_model=FeedsStatus, summary="The feeds followed, and how their last polls went")
async def feeds_status(request: Request) -> Response:
    """Every feed the crawler follows (or followed: its state is kept in the store), with its last poll, its
    outcome and error, when it is polled next, and its pages counted by status (ingested, replaced,
    unchanged, copy, failed, gave-up, disallowed)."""
    return JSONBytes(await run_in_threadpool(_status, request), headers=_NO_STORE)


@router.get("/api/changes", response_model=ChangePage, summary="Facts and quotes added or removed, after a cursor")
def changes(request: Request, since: Since = None, limit: Limit = 100) -> Response:
    """The change log, oldest first: every fact and quote a write added or removed, with its source
    article. Resume with `since=<next>`; the numbering survives restarts (the log is kept in the store)."""
    return JSONBytes(request.app.state.kg.change_page(since or 0, limit))


@router.get("/api/changes.atom", summary="The change log as an Atom feed",
            responses={200: {"content": {"application/atom+xml": {}}, "description": "An Atom feed."}})
def changes_atom(request: Request, since: Since = None, limit: Limit = 100) -> Response:
    """The same changes as an Atom feed (one entry per change; `rel="next"` links to the next page).
    Without `since`: the newest changes, for feed readers."""
    body = request.app.state.kg.change_atom(since, limit, str(request.url))
    return Response(body, media_type="application/atom+xml; charset=utf-8")


@router.get("/feeds", response_class=HTMLResponse, include_in_schema=False)
async def feeds_page(request: Request) -> HTMLResponse:
    from .pages import render_page

    return render_page(request, "feeds.html", status_info=await run_in_threadpool(_status, request))


def register(app: FastAPI) -> None:
    app.include_router(router)
