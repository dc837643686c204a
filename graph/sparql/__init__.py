"""The SPARQL endpoint's engine: checks, content negotiation, limits, and isolated execution.

The HTTP route (``api/routes/sparql.py``) only translates HTTP; everything a query goes through is here, one
module per job:

* :mod:`.checks` — the allow-list parse, SERVICE/LOAD refused, FROM graphs, bounded lookups;
* :mod:`.negotiation` — the answer's media type (``?format=`` or Accept);
* :mod:`.service` — :class:`SparqlService`: size, checks, negotiation, concurrency slots, time limit, caps;
* :mod:`.executors` — :class:`QueryJob`, the executor protocol, queries in this process;
* :mod:`.pool` — :class:`WorkerPool`: killable worker processes over read-only snapshots (on-disk stores);
* :mod:`.remote` — :class:`RemoteExecutor`: a SPARQL server through the protocol;
* :mod:`.worker` — running one query with row and byte caps (in-process, or as the worker script).

>>> inspect_query("SELECT * WHERE { ?s ?p ?o }").kind
'SELECT'
>>> negotiate("SELECT", "text/csv;q=0.5, application/sparql-results+xml", None)
'application/sparql-results+xml'
"""

from __future__ import annotations

from .checks import (
    LOCAL_GRAPH_PREFIXES,
    QUERY_FORMS,
    UPDATE_FORMS,
    QueryInfo,
    SparqlError,
    bounded_lookup,
    inspect_query,
    parse_query,
)
from .executors import Executor, InProcessExecutor, QueryJob, QueryTimeout
from .negotiation import GRAPH_MEDIA_TYPES, RESULT_MEDIA_TYPES, best_media_type, negotiate
from .pool import WORKER_NICE, WorkerPool
from .remote import RemoteExecutor
from .service import QUEUE_WAIT, TRUNCATED_HEADER, VOLATILE, SparqlResult, SparqlService, endpoint_base

__all__ = [
    "SparqlError",
    "SparqlResult",
    "QueryInfo",
    "QueryJob",
    "parse_query",
    "SparqlService",
    "endpoint_base",
    "inspect_query",
    "bounded_lookup",
    "negotiate",
    "best_media_type",
    "RESULT_MEDIA_TYPES",
    "GRAPH_MEDIA_TYPES",
    "TRUNCATED_HEADER",
    "VOLATILE",
    "QUEUE_WAIT",
    "QUERY_FORMS",
    "UPDATE_FORMS",
    "LOCAL_GRAPH_PREFIXES",
    "WORKER_NICE",
    "Executor",
    "InProcessExecutor",
    "QueryTimeout",
    "RemoteExecutor",
    "WorkerPool",
]
