"""The read layer as one module, for callers written before it was split (the API and the CLI call the
``KnowledgeGraph`` facade; new code imports from :mod:`aikg.graph.read`): every name re-exported, and
the store statistics.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([{"title": "T", "text": "OpenAI released GPT-4 in March. Mark Zuckerberg spoke."}])
>>> [e.slug for e in search_entities(kg, "gpt4").items][:1]
['gpt-4']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .read import *  # noqa: F403
from .read import __all__ as _read_all
from .read.cache import cached
from .read.changes import change_atom, change_page
from .read.model import read_model
from .read.models import Stats
from .read.terms import (
    PRED_VALUES as _PRED_VALUES,
    TYPE_VALUES as _TYPE_VALUES,
    as_int,
    local as _local,
    v as _v,
)
from .writes import IngestError, delete_article, ingest_file, ingest_record, ingest_url

if TYPE_CHECKING:  # pragma: no cover
    from . import KnowledgeGraph

__all__ = [*_read_all, "IngestError", "ingest_record", "ingest_file", "ingest_url", "delete_article", "change_page",
           "change_atom", "stats"]


def _int(row: dict[str, object], name: str) -> int | None:
    return as_int(_v(row, name))


class _Catalog:
    def __init__(self, kg: KnowledgeGraph) -> None:
        m = read_model(kg)
        with m.lock:
            self.dates = {g: d or None for d, g in m.articles}


def _catalog(kg: KnowledgeGraph) -> _Catalog:
    return _Catalog(kg)


def stats(kg: KnowledgeGraph) -> Stats:
    """Counts by entity type and predicate, articles, quotes, triples, and the time of the last ingest."""

    def compute() -> Stats:
        def count(q: str) -> dict[str, int]:
            return {_local(_v(r, "k")): _int(r, "n") or 0 for r in kg.select(q)}

        ents = count(f"SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?k {{ {_TYPE_VALUES} }} ?e a ?k }} GROUP BY ?k")
        facts = count(f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?k ?o WHERE {{ VALUES ?k {{ {_PRED_VALUES} }} ?s ?k ?o }} }} GROUP BY ?k")
        quotes_n = kg.select("SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a aikg:Quote }")
        last = kg.select("SELECT (MAX(?t) AS ?last) WHERE { GRAPH ?g { ?g prov:generatedAtTime ?t } }")
        return Stats(
            triples=len(kg.store),
            articles=len(_catalog(kg).dates),
            quotes=(_int(quotes_n[0], "n") or 0) if quotes_n else 0,
            entities=dict(sorted(ents.items())),
            entities_total=sum(ents.values()),
            facts=dict(sorted(facts.items())),
            facts_total=sum(facts.values()),
            last_ingest=_v(last[0], "last") if last else None,
        )

    return cached(kg, ("stats",), compute)
