"""One definition of each count (graph/stats.py): ``aikg ingest``, ``aikg stats``, ``aikg validate``,
``GET /api/stats`` and the explorer's home page give the same figures for one dataset, and each figure is
what its definition says, counted here independently from the exported N-Quads."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import httpx
from pyoxigraph import NamedNode, RdfFormat, parse

from aikg.api.app import create_app
from aikg.graph import Settings
from aikg.graph.changes import CHANGES_GRAPH
from aikg.graph.type_votes import VOTES_GRAPH
from aikg.ontology import AIKG, ENTITY_TYPES, PREDICATES

from .conftest import ECOSYSTEM, EXAMPLES, SEED, UvicornServer

AIKG_CLI = str(Path(sys.executable).parent / "aikg")
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def aikg(*args: str, store: Path) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([AIKG_CLI, *args, "--store", str(store)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"aikg {' '.join(args)}: {proc.stderr}"
    return proc


def figure(pattern: str, text: str) -> int:
    m = re.search(pattern, text)
    assert m, f"{pattern!r} not in {text!r}"
    return int(m.group(1))


def independent_counts(nquads: bytes) -> dict[str, object]:
    """The figures of graph/stats.py, computed from the quads themselves."""
    quads = list(parse(nquads, format=RdfFormat.N_QUADS))
    preds = {str(AIKG) + p: p for p in PREDICATES}
    types = {str(AIKG) + t: t for t in ENTITY_TYPES}
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    facts = {(s, p, o) for s, p, o in triples if p.value in preds}
    entities = {(s, o.value) for s, p, o in triples if p == RDF_TYPE and o.value in types}
    return {
        "quads": len(quads),
        "change_log_quads": sum(1 for q in quads if q.graph_name == NamedNode(CHANGES_GRAPH)),
        "type_tally_quads": sum(1 for q in quads if q.graph_name == NamedNode(VOTES_GRAPH)),
        "triples": len(triples),
        "facts": dict(Counter(preds[p.value] for _, p, _ in facts)),
        "fact_mentions": dict(Counter(preds[q.predicate.value] for q in quads if q.predicate.value in preds)),
        "entities": dict(Counter(types[t] for _, t in entities)),
        "articles": len({q.graph_name for q in quads
                         if q.predicate == RDF_TYPE and q.object.value == str(AIKG) + "Article" and q.subject == q.graph_name}),
        "quotes": len({s for s, p, o in triples if p == RDF_TYPE and o.value == str(AIKG) + "Quote"}),
    }


def test_one_article_writes_what_the_store_gains(tmp_path: Path) -> None:
    """Into an empty store nothing written is already there: the store holds the quads written, the change
    log's record of them and the type tally's count of them."""
    out = aikg("ingest", str(SEED), store=tmp_path / "s").stdout
    stats = json.loads(aikg("stats", "--json", store=tmp_path / "s").stdout)
    assert stats["change_log_quads"] > 0 and stats["type_tally_quads"] > 0
    bookkeeping = stats["change_log_quads"] + stats["type_tally_quads"]
    assert figure(r"quads written: (\d+)", out) + bookkeeping == figure(r"quads in the store: (\d+)", out) == stats["quads"]


def test_ingest_stats_validate_api_and_explorer_agree(tmp_path: Path) -> None:
    store = tmp_path / "store"
    ingested = aikg("ingest", str(EXAMPLES), store=store).stdout
    after_ingest = json.loads(aikg("stats", "--json", store=store).stdout)
    assert figure(r"quads in the store: (\d+)", ingested) == after_ingest["quads"]
    # entity descriptions repeated by several articles are written again, stored once
    assert figure(r"quads written: (\d+)", ingested) > (after_ingest["quads"] - after_ingest["change_log_quads"]
                                                        - after_ingest["type_tally_quads"])

    aikg("import-ecosystem", str(ECOSYSTEM), store=store)  # a second kind of source in the same dataset
    stats = json.loads(aikg("stats", "--json", store=store).stdout)
    text = aikg("stats", store=store).stdout
    validated = aikg("validate", store=store).stdout
    expected = independent_counts(subprocess.run([AIKG_CLI, "export", "--format", "nquads", "--store", str(store)],
                                                 capture_output=True, timeout=300, check=True).stdout)

    # every figure is what its definition says ...
    for key in ("quads", "change_log_quads", "type_tally_quads", "facts", "fact_mentions", "entities", "articles", "quotes"):
        assert stats[key] == expected[key], key
    assert stats["facts_total"] == sum(stats["facts"].values()) < stats["fact_mentions_total"]
    assert stats["articles"] == 8
    # ... and every report that shows it shows the same number, labelled
    assert figure(r"quads in the store: (\d+)", text) == stats["quads"]
    assert figure(r"distinct facts: (\d+)", text) == stats["facts_total"]
    assert figure(r"fact mentions: (\d+)", text) == stats["fact_mentions_total"]
    assert f"builds {stats['facts']['builds']}" in text.split("distinct facts:")[1].splitlines()[0]
    assert figure(r"valid: (\d+) distinct triples", validated) == expected["triples"]
    assert figure(r"union of (\d+) quads in the store", validated) == stats["quads"]

    with UvicornServer(create_app(Settings(store=str(store)))) as server:
        api = httpx.get(server.url + "/api/stats", timeout=30).json()
        home = httpx.get(server.url + "/", timeout=30).text
    assert api == stats
    lead = re.sub(r"<[^>]+>", "", re.search(r'<p class="lead">(.*?)</p>', home, re.S).group(1))  # type: ignore[union-attr]
    assert f"{stats['entities_total']:,} entities, {stats['facts_total']:,} distinct facts" in lead
    assert f"{stats['quotes']:,} quotes from {stats['articles']:,} articles" in lead
