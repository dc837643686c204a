"""Mapping to RDF: the only module that knows how articles and extractions become quads.

Facts and quotes go into the article's own named graph (the article IRI); entity descriptions
(type, label, aliases, sameAs, family) go into the entity graph. The article graph also records the type
its text gives each entity (``aikg:typedAs``): the evidence ``graph.entity_types`` weighs when articles
disagree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import UTC, datetime

from pyoxigraph import Literal, NamedNode, Quad

from aikg.ontology import AIKG, ENTITY_GRAPH, NS, article_iri, entity_iri

from .articles import Article
from .extract.model import Entity, Extraction
from .extract.registry import slugify

__all__ = ["article_quads", "entity_quads", "entity_node", "EntityGraph"]

RDF, RDFS, XSD, SKOS, OWL = NS["rdf"], NS["rdfs"], NS["xsd"], NS["skos"], NS["owl"]
SCHEMA, DCTERMS, PROV = NS["schema"], NS["dcterms"], NS["prov"]
EntityGraph = NamedNode(ENTITY_GRAPH)

_N: dict[str, NamedNode] = {}


def _n(iri: str) -> NamedNode:
    node = _N.get(iri)
    if node is None:
        node = _N[iri] = NamedNode(iri)
    return node


def _lit(value: str) -> Literal:
    return Literal(value)


def _typed(value: object, dt: str) -> Literal:
    return Literal(str(value), datatype=_n(dt))


def _clean(value: str) -> str:
    """Literal text without characters RDF syntaxes cannot carry (lone surrogates, NUL)."""
    return value.encode("utf-8", "replace").decode("utf-8").replace("\x00", "")


def entity_node(ent: Entity, art: str | None = None) -> NamedNode:
    """The IRI of an entity: global, or inside its article for local (anonymous) entities."""
    if ent.local and art:
        return _n(f"{art}#{ent.key}")
    return _n(entity_iri(ent.key))


def entity_quads(ent: Entity, graph: NamedNode = EntityGraph, art: str | None = None) -> Iterator[Quad]:
    """An entity's description: type, label, aliases, Wikidata sameAs, family."""
    node = entity_node(ent, art)
    yield Quad(node, _n(RDF.type), _n(AIKG.term(ent.type)), graph)
    yield Quad(node, _n(RDFS.label), _lit(_clean(ent.label)), graph)
    for alias in sorted(ent.aliases):
        if alias != ent.label:
            yield Quad(node, _n(SKOS.altLabel), _lit(_clean(alias)), graph)
    if ent.wikidata:
        yield Quad(node, _n(OWL.sameAs), _n("http://www.wikidata.org/entity/" + ent.wikidata), graph)
    if ent.broader:
        yield Quad(node, _n(SKOS.broader), _n(entity_iri(ent.broader)), graph)


def _add_families(ex: Extraction) -> None:
    """Make sure every model family named by skos:broader is itself described (type and label).

    Families come from the registry; a family it does not know is dropped rather than left untyped.
    """
    from .extract.registry import load_registry

    pending = [e for e in ex.entities.values() if e.broader and e.broader not in ex.entities]
    while pending:
        ent = pending.pop()
        assert ent.broader is not None
        entry = load_registry().by_slug(ent.broader)
        if entry is None:
            ent.broader = None
            continue
        fam = Entity(ent.broader, entry.label, entry.type, wikidata=entry.wikidata,
                     broader=slugify(entry.broader) if entry.broader else None)
        ex.entities[fam.key] = fam
        if fam.broader and fam.broader not in ex.entities:
            pending.append(fam)


def _stmt_id(*parts: object) -> str:
    return hashlib.sha1("|".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


def article_quads(article: Article, ex: Extraction, ingested: datetime | None = None) -> list[Quad]:
    """All quads for one article: its graph (metadata, facts, provenance, quotes) and entity descriptions."""
    art_iri = article_iri(article.id)
    g = _n(art_iri)
    a = g
    out: list[Quad] = []
    add = out.append
    add(Quad(a, _n(RDF.type), _n(AIKG.Article), g))
    add(Quad(a, _n(DCTERMS.identifier), _lit(article.id), g))
    add(Quad(a, _n(DCTERMS.title), _lit(_clean(article.title)), g))
    if article.date:
        add(Quad(a, _n(DCTERMS.date), _typed(article.date.isoformat(), XSD.date), g))
    if article.author:
        add(Quad(a, _n(DCTERMS.creator), _lit(_clean(article.author)), g))
    if article.publisher:
        add(Quad(a, _n(DCTERMS.publisher), _lit(_clean(article.publisher)), g))
    if article.url:
        add(Quad(a, _n(SCHEMA.url), _typed(_clean(article.url), XSD.anyURI), g))
    add(Quad(a, _n(SCHEMA.articleBody), _lit(_clean(article.text)), g))
    when = (ingested or datetime.now(UTC)).replace(microsecond=0).isoformat()
    add(Quad(a, _n(PROV.generatedAtTime), _typed(when, XSD.dateTime), g))

    _add_families(ex)
    nodes = {k: entity_node(e, art_iri) for k, e in ex.entities.items()}
    mentioned = {m.entity for m in ex.mentions} | {f.subject for f in ex.facts} | {f.object for f in ex.facts}
    mentioned |= {q.speaker for q in ex.quotes}
    for key in sorted(mentioned):
        ent = ex.entities.get(key)
        if ent is None:
            continue
        add(Quad(a, _n(AIKG.mentions), nodes[key], g))
        if ent.local:
            out.extend(entity_quads(ent, g, art_iri))
        else:
            out.extend(entity_quads(ent))
            # this article's reading of the type: the evidence graph.entity_types weighs across articles
            add(Quad(nodes[key], _n(AIKG.typedAs), _n(AIKG.term(ent.type)), g))
        if ent.job_title:
            add(Quad(nodes[key], _n(SCHEMA.jobTitle), _lit(_clean(ent.job_title)), g))
    families: set[str] = set()
    todo = [ex.entities[k].broader for k in mentioned if k in ex.entities]
    while todo:
        fam_key = todo.pop()
        if fam_key and fam_key not in mentioned and fam_key not in families and fam_key in ex.entities:
            families.add(fam_key)
            out.extend(entity_quads(ex.entities[fam_key]))  # described, not mentioned
            todo.append(ex.entities[fam_key].broader)

    seen: set[tuple[str, str, str]] = set()
    for f in ex.facts:
        if f.subject not in nodes or f.object not in nodes:
            continue
        s, p, o = nodes[f.subject], _n(AIKG.term(f.predicate)), nodes[f.object]
        if (f.subject, f.predicate, f.object) not in seen:
            add(Quad(s, p, o, g))
            seen.add((f.subject, f.predicate, f.object))
        st = _n(f"{art_iri}#f-{_stmt_id(f.subject, f.predicate, f.object, f.start, f.end)}")
        add(Quad(st, _n(RDF.type), _n(RDF.Statement), g))
        add(Quad(st, _n(RDF.subject), s, g))
        add(Quad(st, _n(RDF.predicate), p, g))
        add(Quad(st, _n(RDF.object), o, g))
        add(Quad(st, _n(AIKG.article), a, g))
        add(Quad(st, _n(AIKG.evidence), _lit(_clean(article.text[f.start : f.end])), g))
        add(Quad(st, _n(AIKG.charStart), _typed(f.start, XSD.integer), g))
        add(Quad(st, _n(AIKG.charEnd), _typed(f.end, XSD.integer), g))
        add(Quad(st, _n(AIKG.confidence), _typed(f"{f.confidence:.2f}", XSD.decimal), g))
        add(Quad(st, _n(AIKG.extractor), _lit(f.extractor), g))
        if f.role:
            add(Quad(st, _n(SCHEMA.roleName), _lit(_clean(f.role)), g))
        if f.amount:
            add(Quad(st, _n(AIKG.amount), _lit(_clean(f.amount)), g))
        if f.amount_usd is not None:
            add(Quad(st, _n(AIKG.amountUSD), _typed(f"{f.amount_usd:.0f}", XSD.decimal), g))

    for i, q in enumerate(ex.quotes):
        if q.speaker not in nodes:
            continue
        qn = _n(f"{art_iri}#q-{i + 1}")
        add(Quad(qn, _n(RDF.type), _n(AIKG.Quote), g))
        add(Quad(qn, _n(SCHEMA.text), _lit(_clean(q.text)), g))
        add(Quad(qn, _n(AIKG.source), a, g))
        add(Quad(qn, _n(AIKG.charStart), _typed(q.start, XSD.integer), g))
        add(Quad(qn, _n(AIKG.charEnd), _typed(q.end, XSD.integer), g))
        add(Quad(qn, _n(AIKG.confidence), _typed(f"{q.confidence:.2f}", XSD.decimal), g))
        add(Quad(nodes[q.speaker], _n(AIKG.says), qn, g))
        for about in q.about:
            if about in nodes:
                add(Quad(qn, _n(AIKG.about), nodes[about], g))
    return out
