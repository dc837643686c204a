"""Synthetic but realistic AI-industry news: a corpus generator, and a 1,000,000-triple store from it.

Entities come from the Ecosystem Graphs assets (models, datasets and applications with their
organisations and dependencies; read from ``../shared/data/ecosystem-graphs`` at run time, never
copied) and from aikg's bundled registry (companies, organisations, people). Each article strings
together facts told in varied sentence shapes for every relation (builds, develops, uses,
trainedOn, basedOn, leads, worksFor, investsIn, partnersWith, acquires, competesWith), quotes
(curly and straight, before and after the speaker), pronoun references and noise paragraphs (market
colour, boilerplate). Everything is deterministic for a seed.

    python -m bench.corpus N OUT.jsonl [--seed S]
    python -m bench.corpus --store DIR [--triples 1000000]

``generate(n, seed)`` yields records (title, text, url, date, author, publisher);
``write_jsonl(path, n, seed)`` writes them; ``build_store(path, triples)`` fills an on-disk store
with about ``triples`` triples: articles mapped through aikg's own pipeline (read → extract → RDF),
then cloned under new article IRIs (articles are named graphs, 50k+ of them), bulk-loaded.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ECOSYSTEM = Path(os.environ.get("AIKG_SHARED", ROOT.parent / "shared")) / "data" / "ecosystem-graphs"
REGISTRY = ROOT / "graph" / "extract" / "data" / "registry.json"

__all__ = ["Pools", "pools", "generate", "write_jsonl", "build_store", "article_count_for"]


@dataclass
class Pools:
    """Names to draw from, by kind, plus which organisation made which asset."""

    companies: list[str] = field(default_factory=list)
    orgs: list[str] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    models: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    maker: dict[str, str] = field(default_factory=dict)  # asset -> organisation
    deps: dict[str, list[str]] = field(default_factory=dict)  # asset -> assets it depends on


@lru_cache(maxsize=1)
def pools() -> Pools:
    """Entity pools from the registry and (when present) the Ecosystem Graphs assets."""
    p = Pools()
    for e in json.loads(REGISTRY.read_text(encoding="utf-8")):
        if e.get("ambiguous"):
            continue
        kind = {"Company": p.companies, "Organization": p.orgs, "Person": p.people, "Model": p.models,
                "Tool": p.tools, "Dataset": p.datasets}.get(e["type"])
        if kind is not None:
            kind.append(e["label"])
        if e.get("org") and e["type"] in ("Model", "Tool", "Dataset"):
            p.maker[e["label"]] = e["org"]
    assets = ECOSYSTEM / "assets"
    if assets.is_dir():
        import yaml

        for f in sorted(assets.glob("*.yaml")):
            try:
                docs = yaml.safe_load(f.read_text(encoding="utf-8")) or []
            except yaml.YAMLError:
                continue
            for a in docs if isinstance(docs, list) else []:
                if not isinstance(a, dict) or not isinstance(a.get("name"), str):
                    continue
                name = " ".join(a["name"].split())
                if len(name) > 40 or not name[:1].isalnum():
                    continue
                kind = {"model": p.models, "dataset": p.datasets, "application": p.tools}.get(str(a.get("type")))
                if kind is None:
                    continue
                kind.append(name)
                org = a.get("organization")
                if isinstance(org, str) and org.strip() and len(org) < 40:
                    org = org.split(",")[0].strip()
                    p.maker.setdefault(name, org)
                    if org not in p.companies and org not in p.orgs:
                        p.companies.append(org)
                deps = a.get("dependencies")
                if isinstance(deps, list):
                    p.deps[name] = [d for d in deps if isinstance(d, str) and len(d) < 40]
    for lst in (p.companies, p.orgs, p.people, p.models, p.tools, p.datasets):
        lst[:] = sorted(set(lst))
    return p


ROLES = ["CEO", "chief executive", "co-founder", "chief technology officer", "head of research",
         "president", "chief scientist", "vice president of AI", "founder"]
STAFF_ROLES = ["a research scientist", "an engineer", "a senior researcher", "a product manager",
               "the head of policy", "a principal engineer"]
PUBLISHERS = ["The Analyst", "AI Wire", "Model Watch", "Tech Ledger", "Compute Daily", "The Inference",
              "Frontier Brief", "Signal & Noise"]
AUTHORS = ["Marcus Hale", "Priya Raman", "Jonas Weber", "Ana Costa", "Lena Park", "Tom Okafor",
           "Sofia Marin", "Daniel Ruiz"]
AMOUNTS = ["$50 million", "$120 million", "$1.3 billion", "$300 million", "€40 million", "$2 billion", "$15 million"]

# one list of sentence shapes per relation; {s} subject, {o} object, {r} role, {m} amount
TEMPLATES: dict[str, list[str]] = {
    "builds": [
        "{s} released {o} on {day}.", "{s} has trained {o}, its most capable model so far.",
        "{o}, built by {s}, is now available to developers.", "The {o} model was developed by {s}.",
        "{s} unveiled {o} at its annual developer conference.", "Researchers at {s} introduced {o} this week.",
    ],
    "develops": [
        "{s} launched {o} for enterprise customers.", "{o}, a product made by {s}, gained new features.",
        "{s} makes {o}, which competes for the same customers.", "{s} rolled out {o} to all users on {day}.",
    ],
    "uses": [
        "{s} is powered by {o}.", "{s} runs on {o} for most requests.", "{s} integrates {o} in its assistant.",
        "Under the hood, {s} relies on {o}.", "{s} switched to {o} earlier this year.",
        "{s} uses {o} to draft answers.",
    ],
    "trainedOn": [
        "{s} was trained on {o}.", "The training data of {s} includes {o}.", "{s} learned from {o} and web text.",
    ],
    "basedOn": [
        "{s} is a fine-tuned version of {o}.", "{s} builds on {o}.", "{s} was distilled from {o}.",
        "{s} extends {o} with longer context.",
    ],
    "leads": [
        "{s}, the {r} of {o}, announced the news.", "{o} {r} {s} said the company would expand.",
        "{s} leads {o}.", "{o} is run by {s}, its {r}.", "{s} was named {r} of {o}.",
    ],
    "worksFor": [
        "{s}, {r} at {o}, described the results.", "{s} works for {o} as {r}.",
        "{s} joined {o} last year.", "According to {s}, who is {r} at {o}, demand is rising.",
    ],
    "investsIn": [
        "{s} invested {m} in {o}.", "{o} raised {m} in a round led by {s}.", "{s} backs {o} with {m}.",
        "{s} is putting {m} into {o}.",
    ],
    "partnersWith": [
        "{s} and {o} announced a partnership.", "{s} partnered with {o} to sell models to banks.",
        "{s} signed a multi-year deal with {o}.", "{s} teamed up with {o} on chips.",
    ],
    "acquires": [
        "{s} acquired {o} for {m}.", "{s} agreed to buy {o}.", "{o} was bought by {s} in March.",
        "{s} completed its acquisition of {o}.",
    ],
    "competesWith": [
        "{s} competes with {o}.", "{s} is a rival to {o}.", "{s} takes on {o} in the chatbot market.",
        "Analysts see {s} as the main challenger to {o}.",
    ],
}
PRONOUN_FOLLOWUPS = [
    "The company said it would publish more details soon.", "It did not disclose the terms.",
    "Its shares rose 3% in early trading.", "The firm declined to comment further.",
]
NOISE = [
    "Markets were mixed on the day, with chip stocks leading gains while software lagged.",
    "Analysts have long debated how quickly generative AI will pay off for enterprises.",
    "The announcement comes amid a wave of spending on data centres and power contracts.",
    "Regulators in Europe and the United States are still drafting rules for frontier models.",
    "Benchmarks remain a contested way to compare systems, critics say.",
    "Adoption has been fastest among customer-support and coding teams.",
    "Share this article", "Advertisement", "Sign up for our weekly newsletter",
]
QUOTES = [
    "This is the most capable system we have ever shipped",
    "We think open models will win in the long run",
    "Customers told us they wanted lower latency and lower prices",
    "Nobody has figured out how to make these systems fully reliable yet",
    "The partnership lets us move much faster than we could alone",
    "We are going to keep investing heavily in compute",
    "It is at least as good as an intern",
]
OPENERS = ["{s} made headlines again this week.", "Another busy week in artificial intelligence.",
           "The race among model makers shows no sign of slowing.", "{s} is back in the spotlight."]


def _pick(rnd: random.Random, xs: list[str], fallback: str) -> str:
    return rnd.choice(xs) if xs else fallback


def _fact(rnd: random.Random, p: Pools, pred: str) -> tuple[str, str, str]:
    """A (subject, object, sentence) for ``pred``, grounded in the pools where possible."""
    comp = lambda: _pick(rnd, p.companies, "Acme AI")  # noqa: E731
    model = lambda: _pick(rnd, p.models, "Atlas-1")  # noqa: E731
    if pred == "builds":
        o = model()
        s = p.maker.get(o) or comp()
    elif pred == "develops":
        o = _pick(rnd, p.tools, "Copilot")
        s = p.maker.get(o) or comp()
    elif pred == "uses":
        s = _pick(rnd, p.tools, "Copilot") if rnd.random() < 0.6 else comp()
        deps = [d for d in p.deps.get(s, []) if d in p.maker]
        o = rnd.choice(deps) if deps and rnd.random() < 0.5 else model()
    elif pred == "trainedOn":
        s, o = model(), _pick(rnd, p.datasets, "Common Crawl")
    elif pred == "basedOn":
        s, o = model(), model()
    elif pred in ("leads", "worksFor"):
        s, o = _pick(rnd, p.people, "Jane Doe"), comp()
    else:
        s, o = comp(), comp()
    if s == o:
        o = comp() if pred not in ("basedOn",) else model()
    template = rnd.choice(TEMPLATES[pred])
    role = rnd.choice(ROLES if pred == "leads" else STAFF_ROLES)
    day = rnd.choice(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"])
    sentence = template.format(s=s, o=o, r=role, m=rnd.choice(AMOUNTS), day=day)
    return s, o, sentence[0].upper() + sentence[1:]


def _quote(rnd: random.Random, p: Pools, about: str) -> str:
    speaker = _pick(rnd, p.people, "Jane Doe")
    text = rnd.choice(QUOTES)
    shape = rnd.randrange(4)
    if shape == 0:
        return f"“{text},” said {speaker}, speaking about {about}."
    if shape == 1:
        return f'{speaker} said: "{text}."'
    if shape == 2:
        return f"“{text},” {speaker} told reporters."
    return f"According to {speaker}, “{text.lower()}” when it comes to {about}."


def make_article(i: int, seed: int = 0) -> dict[str, Any]:
    """Article number ``i`` of the corpus for ``seed``: a JSON-like record."""
    rnd = random.Random(f"{seed}:{i}")
    p = pools()
    preds = list(TEMPLATES)
    n_facts = rnd.randint(3, 9)
    paragraphs: list[str] = []
    facts = [_fact(rnd, p, rnd.choice(preds)) for _ in range(n_facts)]
    lead = facts[0][0]
    paragraphs.append(rnd.choice(OPENERS).format(s=lead) + " " + facts[0][2])
    para: list[str] = []
    for s, _o, sentence in facts[1:]:
        para.append(sentence)
        if rnd.random() < 0.3:
            para.append(rnd.choice(PRONOUN_FOLLOWUPS))
        if rnd.random() < 0.35:
            para.append(_quote(rnd, p, s))
        if len(para) >= rnd.randint(2, 4):
            paragraphs.append(" ".join(para))
            para = []
        if rnd.random() < 0.3:
            paragraphs.append(rnd.choice(NOISE))
    if para:
        paragraphs.append(" ".join(para))
    if rnd.random() < 0.5:
        paragraphs.append(" ".join(rnd.sample(NOISE[:6], 2)))
    day = date(2023, 1, 1) + timedelta(days=rnd.randrange(700))
    title_s, title_o, _ = facts[0]
    return {
        "title": f"{title_s} and {title_o}: {rnd.choice(['what changed', 'the details', 'a closer look', 'why it matters'])}",
        "text": "\n\n".join(paragraphs),
        "url": f"https://news.example/{seed}/{day.isoformat()}/{i}",
        "date": day.isoformat(),
        "author": rnd.choice(AUTHORS),
        "publisher": rnd.choice(PUBLISHERS),
    }


def generate(n: int, seed: int = 0, start: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` article records, deterministic for ``seed``."""
    for i in range(start, start + n):
        yield make_article(i, seed)


def write_jsonl(path: str | Path, n: int, seed: int = 0, per_file: int | None = None) -> list[Path]:
    """Write ``n`` articles as JSONL (one file, or files of ``per_file`` lines next to ``path``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not per_file:
        with open(path, "w", encoding="utf-8") as fh:
            for rec in generate(n, seed):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        return [path]
    path.mkdir(parents=True, exist_ok=True)
    out = []
    for k, start in enumerate(range(0, n, per_file)):
        f = path / f"part-{k:04d}.jsonl"
        with open(f, "w", encoding="utf-8") as fh:
            for rec in generate(min(per_file, n - start), seed, start):
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        out.append(f)
    return out


def article_count_for(triples: int, per_article: float) -> int:
    return max(1, int(triples / per_article))


def _trim(art_iri: str, own: list[Any], keep_facts: int) -> list[Any]:
    """An article's quads with only its first ``keep_facts`` facts (each with its provenance statement)
    and no quotes: metadata and mentions stay, so the article is still complete and valid."""
    from pyoxigraph import NamedNode

    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    stmts: dict[str, list[Any]] = {}
    asserted: set[tuple[str, str, str]] = set()
    meta: list[Any] = []
    facts: list[Any] = []
    for q in own:
        s = q.subject.value if isinstance(q.subject, NamedNode) else ""
        if s.startswith(art_iri + "#f-"):
            stmts.setdefault(s, []).append(q)
        elif s.startswith(art_iri + "#q-") or q.predicate.value == "https://w3id.org/aikg/ontology#says":
            continue
        elif s == art_iri:
            meta.append(q)
        elif s.startswith(art_iri + "#"):
            meta.append(q)  # local entities
        else:
            facts.append(q)
    kept: list[Any] = []
    for _st, qs in list(stmts.items())[:keep_facts]:
        kept += qs
        parts = {q.predicate.value: str(q.object) for q in qs}
        asserted.add((parts.get(rdf + "subject", ""), parts.get(rdf + "predicate", ""), parts.get(rdf + "object", "")))
    kept += [q for q in facts if (str(q.subject), str(q.predicate), str(q.object)) in asserted
             or q.predicate.value == "https://schema.org/jobTitle"]
    return meta + kept


def build_store(
    path: str | Path, triples: int = 1_000_000, seed: int = 0, templates: int = 2_000, min_articles: int = 50_000
) -> dict[str, Any]:
    """An on-disk aikg store of about ``triples`` triples, bulk-loaded (pyoxigraph ``bulk_extend``).

    ``templates`` generated articles go through aikg's own pipeline (read → extract → RDF); their
    quads are then cloned under new article ids (and new url, title, date) until the store holds
    at least ``min_articles`` articles (clones keep their metadata, mentions and as many facts as fit
    the triple budget, like short news items)
    about ``triples`` triples: every article is a named graph shaped exactly like an ingested one.
    """
    from pyoxigraph import Literal, NamedNode, Quad, Store as OxStore

    from aikg.graph.articles import article_from_record
    from aikg.graph.extract import extract
    from aikg.graph.extract.registry import load_registry
    from aikg.graph.rdf import article_quads
    from aikg.ontology import ENTITY_GRAPH, article_iri

    t0 = time.perf_counter()
    reg = load_registry()
    mapped: list[tuple[str, list[Quad]]] = []
    entity_quads: set[Quad] = set()
    for rec in generate(templates, seed):
        art = article_from_record(rec)
        quads = article_quads(art, extract(art, reg))
        own = [q for q in quads if q.graph_name != NamedNode(ENTITY_GRAPH)]
        entity_quads.update(q for q in quads if q.graph_name == NamedNode(ENTITY_GRAPH))
        mapped.append((art.id, own))
    mapping_s = time.perf_counter() - t0
    per_article = sum(len(q) for _, q in mapped) / len(mapped)
    n_articles = max(len(mapped), int((triples - len(entity_quads)) / per_article), min_articles)
    clone_budget = (triples - len(entity_quads) - sum(len(q) for _, q in mapped)) / max(1, n_articles - len(mapped))
    if clone_budget < per_article:  # short clones: metadata, mentions and as many facts as fit
        trimmed = []
        for aid, own in mapped:
            base = _trim(article_iri(aid), own, 0)
            keep = max(0, int((clone_budget - len(base)) / 11))
            trimmed.append((aid, _trim(article_iri(aid), own, keep)))
        clones = trimmed
    else:
        clones = mapped
    ident = NamedNode("http://purl.org/dc/terms/identifier")
    url_p = NamedNode("https://schema.org/url")

    def quads() -> Iterator[Quad]:
        yield from entity_quads
        for k in range(n_articles):
            if k < len(mapped):
                yield from mapped[k][1]
                continue
            aid, own = clones[k % len(clones)]
            new_id = f"{aid[:8]}{k:08x}"
            old_iri, new_iri = article_iri(aid), article_iri(new_id)
            ren: dict[str, NamedNode] = {}

            def sub(t: Any, old_iri: str = old_iri, new_iri: str = new_iri, ren: dict[str, NamedNode] = ren) -> Any:
                if isinstance(t, NamedNode) and t.value.startswith(old_iri):
                    node = ren.get(t.value)
                    if node is None:
                        node = ren[t.value] = NamedNode(new_iri + t.value[len(old_iri):])
                    return node
                return t

            g = NamedNode(new_iri)
            for q in own:
                o = q.object
                if q.predicate == ident:
                    o = Literal(new_id)
                elif q.predicate == url_p and isinstance(o, Literal):
                    o = Literal(f"{o.value}?copy={k}", datatype=o.datatype)
                yield Quad(sub(q.subject), q.predicate, sub(o), g)

    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    store = OxStore(str(path))
    t1 = time.perf_counter()
    store.bulk_extend(quads())
    store.flush()
    load_s = time.perf_counter() - t1
    n = len(store)
    graphs = sum(1 for _ in store.named_graphs())
    del store
    return {"triples": n, "articles": n_articles, "graphs": graphs, "pipeline_articles": len(mapped),
            "mapping_s": round(mapping_s, 2), "load_s": round(load_s, 2), "triples_per_article": round(per_article, 1)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("n", nargs="?", type=int, default=2000)
    ap.add_argument("out", nargs="?", default="bench/data/corpus.jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--store", help="build a store of --triples triples in this folder instead")
    ap.add_argument("--triples", type=int, default=1_000_000)
    args = ap.parse_args(argv)
    if args.store:
        print(json.dumps(build_store(args.store, args.triples, args.seed)))
        return 0
    write_jsonl(args.out, args.n, args.seed)
    print(f"wrote {args.n} articles to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
