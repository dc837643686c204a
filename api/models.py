"""The response models of the REST API (they make /openapi.json and /docs exact).

The shapes are the read model's dataclasses (:mod:`aikg.graph.read.models`), one definition: routes
serialise them with orjson and declare them (or the page wrappers below) as their ``response_model``;
the schemathesis test checks that every response matches. Defined here: pages, the request body of
``POST /api/articles``, and the error shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from aikg.graph.read.models import ArticleSummary, EntitySummary, Quote, Relation

__all__ = ["ArticleIn", "EntityPage", "RelationPage", "QuotePage", "ArticlePage", "Deleted", "Error", "Predicate", "EntityType"]

Predicate = Literal[
    "builds", "develops", "creates", "uses", "trainedOn", "basedOn", "dependsOn", "leads", "worksFor",
    "investsIn", "partnersWith", "acquires", "competesWith",
]
EntityType = Literal["Company", "Organization", "Model", "Tool", "Dataset", "Person"]



class _Page(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None = Field(None, description="URL of the next page, null on the last.")


class EntityPage(_Page):
    items: list[EntitySummary]


class RelationPage(_Page):
    items: list[Relation]


class QuotePage(_Page):
    items: list[Quote]


class ArticlePage(_Page):
    items: list[ArticleSummary]


class ArticleIn(BaseModel):
    """An article as a JSON record (the fields of a .jsonl line)."""

    model_config = {"extra": "allow"}

    text: str = Field(description="The article body (also accepted as `body` or `content`).")
    title: str | None = None
    url: str | None = None
    date: str | None = None
    author: str | None = None
    publisher: str | None = None


class Deleted(BaseModel):
    id: str
    deleted: bool


class Error(BaseModel):
    error: str
    detail: object = None
