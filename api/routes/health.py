"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse

from aikg.graph import KnowledgeGraph, StoreError

from . import get_kg

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers")
async def health() -> dict[str, str]:
    return {"status": "ok"}


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
