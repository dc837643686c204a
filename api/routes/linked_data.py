"""Linked data: entity and article IRIs dereference here, by content negotiation.

``GET /id/{slug}`` and ``GET /article/{id}`` answer ``text/html`` (the explorer's page), ``text/turtle``,
``application/ld+json`` (compacted against the context published at ``/context.jsonld``) and
``application/n-triples``, by the Accept header (or ``?format=html|ttl|jsonld|nt``). With
``AIKG_BASE_URL`` set to the public address and the w3id.org redirects of docs/api.md in place,
``https://w3id.org/aikg/id/<slug>`` and ``https://w3id.org/aikg/article/<id>`` resolve to these routes.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal as Choice

import orjson
from fastapi import APIRouter, FastAPI, Path, Query, Request
from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, serialize
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from aikg.graph import NotFound
from aikg.graph.sparql import best_media_type
from aikg.ontology import PREDICATES, PREFIXES

from ..conventions import ConditionalRoute, error, not_found
from . import pages

router = APIRouter(tags=["linked data"], route_class=ConditionalRoute)

XSD = PREFIXES["xsd"]
_RDF_TYPE = PREFIXES["rdf"] + "type"

#: media type → (format key, serialiser)
MEDIA_TYPES = {
    "text/turtle": "ttl",
    "application/x-turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/n-triples": "nt",
    "text/plain": "nt",
    "text/html": "html",
    "application/xhtml+xml": "html",
}
#: The media types in the order that wins ties (``*/*`` and ``text/*``: Turtle; ``application/*``: JSON-LD), aliases last.
_OFFERS = ["text/turtle", "application/ld+json", "application/n-triples", "text/html",
           *(m for m in MEDIA_TYPES if m not in ("text/turtle", "application/ld+json", "application/n-triples", "text/html"))]
_CONTENT_TYPES = {
    "ttl": "text/turtle; charset=utf-8",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
    "html": "text/html; charset=utf-8",
}
_FORMAT_ALIASES = {"ttl": "ttl", "turtle": "ttl", "jsonld": "jsonld", "json-ld": "jsonld", "json": "jsonld",
                   "nt": "nt", "ntriples": "nt", "n-triples": "nt", "html": "html"}


def _context_terms() -> dict[str, Any]:
    """The JSON-LD context: the standard prefixes plus short names for the vocabulary aikg uses."""
    ctx: dict[str, Any] = {"@version": 1.1}
    ctx.update(PREFIXES)
    iri = "@id"
    terms: dict[str, Any] = {
        "label": "rdfs:label",
        "altLabel": "skos:altLabel",
        "sameAs": {"@id": "owl:sameAs", "@type": iri},
        "broader": {"@id": "skos:broader", "@type": iri},
        "jobTitle": "schema:jobTitle",
        "title": "dcterms:title",
        "identifier": "dcterms:identifier",
        "date": {"@id": "dcterms:date", "@type": "xsd:date"},
        "creator": "dcterms:creator",
        "publisher": "dcterms:publisher",
        "url": {"@id": "schema:url", "@type": "xsd:anyURI"},
        "articleBody": "schema:articleBody",
        "generatedAtTime": {"@id": "prov:generatedAtTime", "@type": "xsd:dateTime"},
        "mentions": {"@id": "aikg:mentions", "@type": iri},
        "says": {"@id": "aikg:says", "@type": iri},
        "about": {"@id": "aikg:about", "@type": iri},
        "source": {"@id": "aikg:source", "@type": iri},
        "article": {"@id": "aikg:article", "@type": iri},
        "text": "schema:text",
        "evidence": "aikg:evidence",
        "extractor": "aikg:extractor",
        "roleName": "schema:roleName",
        "amount": "aikg:amount",
        "amountUSD": {"@id": "aikg:amountUSD", "@type": "xsd:decimal"},
        "charStart": {"@id": "aikg:charStart", "@type": "xsd:integer"},
        "charEnd": {"@id": "aikg:charEnd", "@type": "xsd:integer"},
        "confidence": {"@id": "aikg:confidence", "@type": "xsd:decimal"},
        "subject": {"@id": "rdf:subject", "@type": iri},
        "predicate": {"@id": "rdf:predicate", "@type": iri},
        "object": {"@id": "rdf:object", "@type": iri},
    }
    for p in PREDICATES:
        terms[p] = {"@id": f"aikg:{p}", "@type": iri}
    ctx.update(terms)
    return ctx


CONTEXT: dict[str, Any] = {"@context": _context_terms()}


def _expand(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES else curie


# predicate IRI → (term, coercion): coercion "@id", a datatype IRI, or None (plain string)
_BY_PREDICATE: dict[str, tuple[str, str | None]] = {}
for _term, _defn in CONTEXT["@context"].items():
    if _term.startswith("@") or _term in PREFIXES:
        continue
    if isinstance(_defn, str):
        _BY_PREDICATE[_expand(_defn)] = (_term, None)
    else:
        _t = _defn.get("@type")
        _BY_PREDICATE[_expand(_defn["@id"])] = (_term, _t if _t == "@id" else _expand(_t))


def _compact_iri(iri: str) -> str:
    for prefix, base in PREFIXES.items():
        if iri.startswith(base) and len(iri) > len(base) and all(c.isalnum() or c in "_-." for c in iri[len(base):]):
            return f"{prefix}:{iri[len(base):]}"
    return iri


def _node_id(term: Any) -> str:
    return f"_:{term.value}" if isinstance(term, BlankNode) else str(term.value)


def to_jsonld(triples: list[Any], context_url: str) -> dict[str, Any]:
    """Triples as compacted JSON-LD: one node object per subject, under the published @context."""
    nodes: dict[str, dict[str, Any]] = {}
    for t in triples:
        s, p, o = t.subject, t.predicate.value, t.object
        node = nodes.setdefault(_node_id(s), {"@id": _node_id(s)})
        if p == _RDF_TYPE and isinstance(o, NamedNode):
            node.setdefault("@type", []).append(_compact_iri(o.value))
            continue
        term, coercion = _BY_PREDICATE.get(p, (None, None))
        value: Any
        if isinstance(o, NamedNode | BlankNode):
            if term and coercion == "@id":
                key, value = term, _node_id(o) if isinstance(o, BlankNode) else o.value
            else:
                key, value = term if term and coercion is None and False else _compact_iri(p), {"@id": _node_id(o)}
        else:
            assert isinstance(o, Literal)
            dt = o.datatype.value if o.datatype is not None else XSD + "string"
            if o.language:
                key, value = _compact_iri(p), {"@value": o.value, "@language": o.language}
            elif term and coercion is None and dt == XSD + "string":
                key, value = term, o.value
            elif term and coercion == dt:
                key, value = term, o.value
            elif dt == XSD + "string":
                key, value = _compact_iri(p), o.value
            else:
                key, value = _compact_iri(p), {"@value": o.value, "@type": _compact_iri(dt)}
        node.setdefault(key, []).append(value)
    graph = []
    for node in nodes.values():
        graph.append({k: (v[0] if isinstance(v, list) and len(v) == 1 else v) for k, v in node.items()})
    return {"@context": context_url, "@graph": graph}


def choose_format(request: Request, fmt: str | None) -> str:
    """The representation to send: ``?format=`` first, else the best match of the Accept header."""
    if fmt:
        chosen = _FORMAT_ALIASES.get(fmt.lower())
        if chosen is None:
            raise error(422, "invalid request", f"unknown format {fmt!r}; use html, ttl, jsonld or nt")
        return chosen
    accept = request.headers.get("accept", "").strip()
    if not accept:
        return "ttl"
    best = best_media_type(accept, _OFFERS)
    if best is None:
        raise error(406, "not acceptable", "available: text/html, text/turtle, application/ld+json, application/n-triples")
    return MEDIA_TYPES[best]


def _rdf_response(request: Request, triples: list[Any], fmt: str) -> Response:
    if fmt == "jsonld":
        base = str(request.app.state.settings.base_url).rstrip("/")
        body = orjson.dumps(to_jsonld(triples, f"{base}/context.jsonld"))
    elif fmt == "nt":
        body = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    else:
        body = serialize(triples, format=RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    return Response(body, media_type=_CONTENT_TYPES[fmt], headers={"Vary": "Accept"})


FormatName = Choice["html", "ttl", "turtle", "jsonld", "json-ld", "json", "nt", "ntriples", "n-triples"]
Fmt = Annotated[FormatName | None, Query(alias="format", description="html, ttl, jsonld or nt (overrides Accept).")]
_RDF_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/turtle": {}, "application/ld+json": {}, "application/n-triples": {}, "text/html": {}},
          "description": "The resource in the negotiated format."},
    404: {"description": "Unknown resource."},
    406: {"description": "No acceptable format."},
}


@router.get("/id/{slug}", summary="An entity as linked data (HTML, Turtle, JSON-LD, N-Triples)",
            response_class=Response, responses=_RDF_RESPONSES)
async def entity_resource(request: Request, slug: Annotated[str, Path(description="Entity slug.")], fmt: Fmt = None) -> Response:
    """The description of the entity `https://w3id.org/aikg/id/{slug}`: its type, labels, sameAs links,
    and its relations both ways."""
    chosen = choose_format(request, fmt)
    if chosen == "html":  # the explorer's page, which also answers an unknown slug with suggestions
        return await pages.entity_page(request, slug)
    try:
        triples = await run_in_threadpool(request.app.state.kg.entity_triples, slug)
    except NotFound as exc:
        raise not_found(exc) from None
    return _rdf_response(request, triples, chosen)


@router.get("/article/{article_id}", summary="An article's graph as linked data (HTML, Turtle, JSON-LD, N-Triples)",
            response_class=Response, responses=_RDF_RESPONSES)
async def article_resource(request: Request, article_id: Annotated[str, Path(description="Article id.")], fmt: Fmt = None) -> Response:
    """The named graph `https://w3id.org/aikg/article/{id}`: the article's metadata, facts with their
    provenance statements, and quotes."""
    chosen = choose_format(request, fmt)
    if chosen == "html":
        return await pages.article_page(request, article_id)
    try:
        triples = await run_in_threadpool(request.app.state.kg.article_triples, article_id)
    except NotFound as exc:
        raise not_found(exc) from None
    return _rdf_response(request, triples, chosen)


@router.get("/context.jsonld", summary="The JSON-LD @context of aikg's JSON-LD", response_class=Response,
            responses={200: {"content": {"application/ld+json": {}}, "description": "The context document."}})
async def context() -> Response:
    return Response(orjson.dumps(CONTEXT), media_type="application/ld+json", headers={"Cache-Control": "public, max-age=3600"})


def register(app: FastAPI) -> None:
    app.include_router(router)
