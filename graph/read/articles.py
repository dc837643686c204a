"""Articles: the list (newest first, by date range and publisher), one article with its facts and
quotes, and its RDF triples.

The list is read from the read model (every article by date: a page reads only its rows); the counts of
the articles on the page are one query each over those graphs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pyoxigraph import NamedNode

from aikg.ontology import PREFIXES

from ..store import bind
from .cache import cached
from .index import entity_refs
from .model import read_model
from .models import ArticleCounts, ArticleDetail, ArticleRef, ArticleSummary, Fact, PageData, Quote
from .terms import NotFound, article_id_of, article_node, as_int, local, v, values

if TYPE_CHECKING:  # pragma: no cover
    from aikg.graph import KnowledgeGraph

__all__ = ["articles", "article_detail", "article_triples", "article_counts"]


def article_counts(kg: KnowledgeGraph, iris: Sequence[str]) -> dict[str, ArticleCounts]:
    counts = {i: ArticleCounts() for i in iris}
    if not iris:
        return counts
    vals = values("g", iris)
    for attr, pattern in (
        ("facts", "?x a rdf:Statement"),
        ("quotes", "?x a aikg:Quote"),
        ("entities", "?g aikg:mentions ?x"),
    ):
        for row in kg.select(f"SELECT ?g (COUNT(DISTINCT ?x) AS ?n) WHERE {{ GRAPH ?g {{ {vals} {pattern} }} }} GROUP BY ?g"):
            c = counts.get(v(row, "g"))
            if c is not None:
                setattr(c, attr, as_int(v(row, "n")) or 0)
    return counts



def articles(
    kg: KnowledgeGraph,
    since: date | None = None,
    until: date | None = None,
    publisher: str | None = None,
    limit: int = 20,
    offset: int = 0,
) -> PageData[ArticleSummary]:
    """Articles, newest first; ``publisher`` matches case-insensitively."""

    def compute() -> PageData[ArticleSummary]:
        m = read_model(kg)
        with m.lock:
            pool = m.articles_between(since.isoformat() if since else None, until.isoformat() if until else None)
            if publisher is not None:
                pub = publisher.casefold()
                pool = [(d, g) for d, g in pool if ((meta := m.meta(g)) and meta.publisher or "").casefold() == pub]
            total = len(pool)
            page = [(g, m.meta(g)) for _d, g in m.newest(pool, limit, start=offset)]
        counts = article_counts(kg, [g for g, _meta in page])
        items = [
            ArticleSummary(
                id=(meta.id if meta else None) or article_id_of(g), iri=g, title=meta.title if meta else None,
                url=meta.url if meta else None, date=meta.date if meta else None, author=meta.author if meta else None,
                publisher=meta.publisher if meta else None, ingested=meta.ingested if meta else None, counts=counts[g],
            )
            for g, meta in page
        ]
        return PageData(items, total, limit, offset)

    return cached(kg, ("articles", since, until, publisher, limit, offset), compute)


def article_detail(kg: KnowledgeGraph, article_id: str) -> ArticleDetail:
    """An article with its text, the entities it mentions, its facts (with evidence) and its quotes."""

    def compute() -> ArticleDetail:
        g = article_node(article_id)
        if g is None:
            raise NotFound("article", article_id)
        rows = kg.select("SELECT ?s ?p ?o WHERE { GRAPH $g { ?s ?p ?o } }", g=g)
        if not rows:
            raise NotFound("article", article_id)
        giri = g.value
        props: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        for r in rows:
            props[v(r, "s")][v(r, "p")].append(r["o"])
        if PREFIXES["aikg"] + "Article" not in [t.value for t in props[giri].get(PREFIXES["rdf"] + "type", [])]:
            raise NotFound("article", article_id)

        def one(subject: str, prefix: str, local: str) -> Any:
            vals = props.get(subject, {}).get(PREFIXES[prefix] + local)
            return vals[0].value if vals else None

        def num(subject: str, prefix: str, local: str, kind: Callable[[str], Any]) -> Any:
            v = one(subject, prefix, local)
            try:
                return kind(v) if v is not None else None
            except ValueError:
                return None

        mentioned = [t.value for t in props[giri].get(PREFIXES["aikg"] + "mentions", []) if isinstance(t, NamedNode)]
        rdf_type = PREFIXES["rdf"] + "type"
        statements = [s for s, p in props.items() if any(t.value == PREFIXES["rdf"] + "Statement" for t in p.get(rdf_type, []))]
        quote_iris = [s for s, p in props.items() if any(t.value == PREFIXES["aikg"] + "Quote" for t in p.get(rdf_type, []))]
        speakers = {o.value: s for s, p in props.items() for o in p.get(PREFIXES["aikg"] + "says", [])}
        involved = set(mentioned) | set(speakers.values())
        for st in statements:
            involved.add(one(st, "rdf", "subject"))
            involved.add(one(st, "rdf", "object"))
        for qi in quote_iris:
            involved |= {t.value for t in props[qi].get(PREFIXES["aikg"] + "about", [])}
        involved.discard(None)
        refs = entity_refs(kg, involved)
        facts = []
        for st in statements:
            s_iri, p_iri, o_iri = one(st, "rdf", "subject"), one(st, "rdf", "predicate"), one(st, "rdf", "object")
            if not (s_iri and p_iri and o_iri):
                continue
            facts.append(
                Fact(
                    subject=refs[s_iri],
                    predicate=local(p_iri),
                    object=refs[o_iri],
                    evidence=one(st, "aikg", "evidence"),
                    char_start=num(st, "aikg", "charStart", int),
                    char_end=num(st, "aikg", "charEnd", int),
                    confidence=num(st, "aikg", "confidence", float),
                    extractor=one(st, "aikg", "extractor"),
                    role=one(st, "schema", "roleName"),
                    amount=one(st, "aikg", "amount"),
                )
            )
        facts.sort(key=lambda f: (f.char_start or 0, f.predicate, f.subject.label))
        ref = ArticleRef(article_id, giri, one(giri, "dcterms", "title"), one(giri, "schema", "url"), one(giri, "dcterms", "date"))
        qs = []
        for qi in quote_iris:
            qs.append(
                Quote(
                    iri=qi,
                    text=one(qi, "schema", "text") or "",
                    speaker=refs.get(speakers.get(qi, "")),
                    about=[refs[t.value] for t in props[qi].get(PREFIXES["aikg"] + "about", []) if t.value in refs],
                    article=ref,
                    date=ref.date,
                    confidence=num(qi, "aikg", "confidence", float),
                    char_start=num(qi, "aikg", "charStart", int),
                    char_end=num(qi, "aikg", "charEnd", int),
                )
            )
        qs.sort(key=lambda q: (q.char_start or 0, q.iri))
        return ArticleDetail(
            id=one(giri, "dcterms", "identifier") or article_id,
            iri=giri,
            title=ref.title,
            url=ref.url,
            date=ref.date,
            author=one(giri, "dcterms", "creator"),
            publisher=one(giri, "dcterms", "publisher"),
            ingested=one(giri, "prov", "generatedAtTime"),
            counts=ArticleCounts(len(statements), len(quote_iris), len(mentioned)),
            text=one(giri, "schema", "articleBody"),
            entities=sorted((refs[m] for m in mentioned), key=lambda r: r.label.lower()),
            facts=facts,
            quotes=qs,
        )

    return cached(kg, ("article", article_id), compute)



def article_triples(kg: KnowledgeGraph, article_id: str) -> list[Any]:
    """The triples of an article's named graph (its metadata, facts, provenance and quotes)."""
    g = article_node(article_id)
    if g is None:
        raise NotFound("article", article_id)

    def compute() -> list[Any]:
        triples = sorted(set(kg.query(bind("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH $g { ?s ?p ?o } }", g=g))), key=str)
        if not triples:
            raise NotFound("article", article_id)
        return triples

    return cached(kg, ("article-triples", article_id), compute)
