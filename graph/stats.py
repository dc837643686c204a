"""The counts of a graph, each defined once. ``aikg stats``, ``GET /api/stats``, the explorer's home page,
``aikg ingest``'s report and ``aikg validate`` all take their figures from here, under these names:

``quads``
    statements in the store: each triple counted once per named graph that holds it (an entity's type and
    label stated in the entity graph and again by an imported source count twice), the store's own
    bookkeeping included. ``len(store)``.
``change_log_quads``
    the part of ``quads`` that is the change log (``graph/changes.py``: what each write added or removed,
    written with it).
``type_tally_quads``
    the part of ``quads`` that is the typed-evidence tally (``graph/type_votes.py``: how many articles give
    each entity each type, kept for the type arbitration).
``triples``
    distinct triples of the union of all graphs (what SPARQL's default graph and SHACL see). Reading it
    means scanning the store (seconds on a million quads), so only ``aikg validate`` reports it.
``quads written``
    what an ingest wrote, article by article, including the entity descriptions each article carries;
    descriptions already stored are not stored twice, so this can exceed what the store gained; the
    change log's entries for the articles and the type tally's counts of them are not counted here.
``facts``
    distinct relations between entities (subject, predicate, object), however many sources state them.
``fact_mentions``
    statements of those relations, one per graph (article or imported source) that states one: a fact
    two articles report is one fact and two mentions.
``entities``
    distinct entities by class; ``articles``: article graphs; ``quotes``: distinct quotes.

>>> from aikg.graph import KnowledgeGraph
>>> kg = KnowledgeGraph.open("memory")
>>> _ = kg.ingest_records([{"title": "A", "text": "OpenAI released GPT-4 in March."},
...                        {"title": "B", "text": "GPT-4 was released by OpenAI, the company said."}])
>>> s = count(kg.store)
>>> s.articles, s.facts["builds"], s.fact_mentions["builds"], s.quads == len(kg.store)
(2, 1, 2, True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from aikg.ontology import AIKG, ENTITY_TYPES, PREDICATES

from .changes import CHANGES_GRAPH
from .type_votes import VOTES_GRAPH

if TYPE_CHECKING:  # pragma: no cover
    from .store import OxigraphStore, RemoteStore

__all__ = ["Stats", "count", "count_quads", "DEFINITIONS"]

_AIKG = str(AIKG)
_PRED_VALUES = " ".join(f"aikg:{p}" for p in PREDICATES)
_TYPE_VALUES = " ".join(f"aikg:{t}" for t in ENTITY_TYPES)

#: One line per figure, as the CLI and the README state them.
DEFINITIONS = {
    "quads": "quads in the store (a triple counted once per named graph that holds it)",
    "change_log_quads": "quads of the change log (what each write added or removed)",
    "type_tally_quads": "quads of the type tally (how many articles give each entity each type)",
    "triples": "distinct triples (the union of all graphs: what SPARQL and SHACL see)",
    "quads_written": "quads written (entity descriptions included; ones already stored are not stored twice)",
    "facts": "distinct facts (subject, relation, object), however many sources state them",
    "fact_mentions": "fact mentions (one per article or source graph stating a fact)",
}


@dataclass
class Stats:
    """Counts of the whole graph (see the module docstring for what each one counts); the response of
    ``GET /api/stats`` (the descriptions end up in its OpenAPI schema)."""

    quads: Annotated[int, Field(description="Quads in the store: a triple counted once per named graph that holds it.")]
    articles: Annotated[int, Field(description="Article graphs.")]
    quotes: Annotated[int, Field(description="Distinct quotes.")]
    change_log_quads: Annotated[int, Field(description="The part of `quads` that is the change log (what each write "
                                                       "added or removed).")] = 0
    entities: Annotated[dict[str, int], Field(description="Distinct entities by class.")] = field(default_factory=dict)
    entities_total: int = 0
    facts: Annotated[dict[str, int], Field(description="Distinct facts (subject, relation, object) by relation, however "
                                                       "many sources state them.")] = field(default_factory=dict)
    facts_total: int = 0
    fact_mentions: Annotated[dict[str, int], Field(description="Fact mentions by relation: one per article or source "
                                                               "graph stating a fact.")] = field(default_factory=dict)
    fact_mentions_total: int = 0
    last_ingest: Annotated[str | None, Field(description="When the newest article or source graph was written "
                                                         "(xsd:dateTime).")] = None
    type_tally_quads: Annotated[int, Field(description="The part of `quads` that is the typed-evidence tally (how many "
                                                       "articles give each entity each type).")] = 0

    def text(self) -> str:
        """The labelled lines ``aikg stats`` prints.

        >>> print(Stats(10, 1, 0, 4, {"Company": 2}, 2, {"builds": 1}, 1, {"builds": 2}, 2).text())
        articles: 1
        quotes: 0
        entities: 2 (Company 2)
        distinct facts: 1 (builds 1)
        fact mentions: 2 (builds 2)
        quads in the store: 10 (a triple counted once per named graph that holds it; 4 of them the change log, 0 the type tally)
        last ingest: none
        """

        def by_key(d: dict[str, int]) -> str:
            return ", ".join(f"{k} {v}" for k, v in d.items()) or "none"

        return "\n".join([
            f"articles: {self.articles}",
            f"quotes: {self.quotes}",
            f"entities: {self.entities_total} ({by_key(self.entities)})",
            f"distinct facts: {self.facts_total} ({by_key(self.facts)})",
            f"fact mentions: {self.fact_mentions_total} ({by_key(self.fact_mentions)})",
            f"quads in the store: {self.quads} (a triple counted once per named graph that holds it; "
            f"{self.change_log_quads} of them the change log, {self.type_tally_quads} the type tally)",
            f"last ingest: {self.last_ingest or 'none'}",
        ])


def count_quads(store: OxigraphStore | RemoteStore) -> int:
    """Quads in the store: the one definition of the store's size."""
    return len(store)


def _by_key(store: OxigraphStore | RemoteStore, sparql: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for row in store.select(sparql):
        key, n = row.get("k"), row.get("n")
        if key is not None and n is not None:
            out[str(getattr(key, "value", key))[len(_AIKG) :]] = int(getattr(n, "value", 0))
    return dict(sorted(out.items()))


def _one(store: OxigraphStore | RemoteStore, sparql: str) -> Any:
    rows = store.select(sparql)
    term = rows[0].get("n") if rows else None
    return getattr(term, "value", None)


def count(store: OxigraphStore | RemoteStore) -> Stats:
    """Every figure of :class:`Stats`, read from ``store`` (no cache: ``KnowledgeGraph.stats`` caches it)."""
    entities = _by_key(store, f"SELECT ?k (COUNT(DISTINCT ?e) AS ?n) WHERE {{ VALUES ?k {{ {_TYPE_VALUES} }} ?e a ?k }} GROUP BY ?k")
    facts = _by_key(
        store,
        f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?k ?o WHERE {{ VALUES ?k {{ {_PRED_VALUES} }} ?s ?k ?o }} }} GROUP BY ?k",
    )
    mentions = _by_key(
        store, f"SELECT ?k (COUNT(*) AS ?n) WHERE {{ VALUES ?k {{ {_PRED_VALUES} }} GRAPH ?g {{ ?s ?k ?o }} }} GROUP BY ?k"
    )
    articles = _one(store, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g a aikg:Article } }")
    quotes = _one(store, "SELECT (COUNT(DISTINCT ?q) AS ?n) WHERE { ?q a aikg:Quote }")
    last = _one(store, "SELECT (MAX(?t) AS ?n) WHERE { GRAPH ?g { ?g prov:generatedAtTime ?t } }")
    log = _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{CHANGES_GRAPH}> {{ ?s ?p ?o }} }}")
    tally = _one(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{VOTES_GRAPH}> {{ ?s ?p ?o }} }}")
    return Stats(
        quads=count_quads(store),
        articles=int(articles or 0),
        quotes=int(quotes or 0),
        change_log_quads=int(log or 0),
        type_tally_quads=int(tally or 0),
        entities=entities,
        entities_total=sum(entities.values()),
        facts=facts,
        facts_total=sum(facts.values()),
        fact_mentions=mentions,
        fact_mentions_total=sum(mentions.values()),
        last_ingest=str(last) if last is not None else None,
    )
