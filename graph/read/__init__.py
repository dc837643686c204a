"""The read model: every read the API, the CLI and the explorer pages make, one module per resource.

- :mod:`.model` — the in-memory, incrementally maintained lists behind the pages (relations by
  predicate with counts, mentions, quotes and articles by date); :mod:`.index` — entity names, search;
- :mod:`.entities`, :mod:`.articles`, :mod:`.quotes`, :mod:`.neighbourhood` — the pages;
- :mod:`.models` — the dataclasses they return (also the HTTP API's response models);
- :mod:`.cache` — the versioned caches; :mod:`.terms` — shared helpers.

Functions take a :class:`~aikg.graph.KnowledgeGraph` (which also offers them as methods). User input
enters SPARQL only through :func:`aikg.graph.store.bind`; lists of IRIs put into ``VALUES`` come from
the store itself and are serialised as terms.
"""

from __future__ import annotations

from .articles import article_detail, article_triples, articles
from .cache import cached, changed_at, peek
from .entities import decode_cursor, encode_cursor, entity_detail, entity_relations, entity_triples
from .index import entity_ref, resolve_entity, search_entities, suggest_entities
from .model import read_model
from .models import (
    ArticleCounts,
    ArticleDetail,
    ArticleRef,
    ArticleSummary,
    EntityCounts,
    EntityDetail,
    EntityRef,
    EntitySummary,
    Fact,
    GraphData,
    GraphEdge,
    GraphNode,
    IngestResult,
    PageData,
    Path,
    PathsData,
    PathStep,
    Quote,
    Relation,
    RelationGroup,
    Source,
    Stats,
)
from .neighbourhood import graph_data, paths
from .quotes import quotes
from .terms import NotFound, article_id_of, node_id, public_slug, slug_of

__all__ = [
    "NotFound", "article_id_of", "slug_of", "public_slug", "node_id",
    "EntityRef", "EntityCounts", "EntitySummary", "Source", "Relation", "RelationGroup", "ArticleRef", "Quote",
    "ArticleCounts", "ArticleSummary", "Fact", "ArticleDetail", "EntityDetail", "PageData", "Stats", "GraphNode",
    "GraphEdge", "GraphData", "PathStep", "Path", "PathsData", "IngestResult",
    "search_entities", "entity_detail", "entity_relations", "entity_ref", "resolve_entity", "suggest_entities",
    "quotes", "articles", "article_detail", "graph_data", "paths", "entity_triples", "article_triples",
    "encode_cursor", "decode_cursor", "read_model", "cached", "peek", "changed_at",
]
