"""HTTP routes, one module per area. Each module exposes ``register(app)`` (or ``router``)."""

from __future__ import annotations

from fastapi import Request

from aikg.graph import KnowledgeGraph, Settings

__all__ = ["get_kg", "get_settings"]


def get_kg(request: Request) -> KnowledgeGraph:
    """The application's KnowledgeGraph (a FastAPI dependency)."""
    kg: KnowledgeGraph = request.app.state.kg
    return kg


def get_settings(request: Request) -> Settings:
    """The application's settings (a FastAPI dependency)."""
    settings: Settings = request.app.state.settings
    return settings
