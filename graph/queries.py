"""The read layer as one module, for callers written before it was split (the API and the CLI call the
``KnowledgeGraph`` facade; new code imports from :mod:`aikg.graph.read`): every name re-exported, and
the store statistics (``stats``, defined in :mod:`aikg.graph.stats`).

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
from .read.changes import change_atom, change_page
from .read.models import Stats
from .writes import IngestError, delete_article, ingest_file, ingest_record, ingest_url

if TYPE_CHECKING:  # pragma: no cover
    from . import KnowledgeGraph

__all__ = [*_read_all, "IngestError", "ingest_record", "ingest_file", "ingest_url", "delete_article", "change_page",
           "change_atom", "stats"]


def stats(kg: KnowledgeGraph) -> Stats:
    """The graph's counts: ``kg.stats()`` (each defined once, in ``aikg.graph.stats``)."""
    return kg.stats()
