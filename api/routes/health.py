"""Liveness and readiness."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from aikg.graph import KnowledgeGraph, StoreError

from . import get_kg

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers")
async def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/ready", summary="Readiness: the store answers a query")
def ready(kg: KnowledgeGraph = Depends(get_kg)) -> JSONResponse:
    try:
        kg.store.ask("ASK { }")
    except StoreError as exc:
        return JSONResponse({"error": "store unavailable", "detail": str(exc)}, status_code=503)
    return JSONResponse({"status": "ready", "store": kg.store.location})
