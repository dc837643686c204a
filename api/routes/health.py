"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from aikg.graph import KnowledgeGraph, StoreError

from . import get_kg

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers")
async def health(request: Request) -> dict[str, str]:
    """``{"status": "ok"}``; a server started by ``aikg serve`` adds its ``instance`` id (the one in the
    store folder's server record, so the aikg command can tell that record from a stale one)."""
    instance = getattr(request.app.state, "instance", None)
    return {"status": "ok", "instance": instance} if instance else {"status": "ok"}


@router.get("/ready", summary="Readiness: the read model is built and the store answers a query")
def ready(request: Request, kg: KnowledgeGraph = Depends(get_kg)) -> JSONResponse:
    warm = getattr(request.app.state, "warm", None)
    if warm is not None and not warm.is_set():
        return JSONResponse({"error": "starting", "detail": "building the read model"}, status_code=503,
                            headers={"Retry-After": "1"})
    try:
        kg.store.ask("ASK { }")
    except StoreError as exc:
        return JSONResponse({"error": "store unavailable", "detail": str(exc)}, status_code=503)
    return JSONResponse({"status": "ready", "store": kg.store.location})
