"""The ontology and shapes: every term documented, shapes parse, examples conform."""

from __future__ import annotations

import rdflib
from rdflib.namespace import OWL, RDF, RDFS

from aikg.ontology import AIKG, ENTITY_TYPES, PREDICATES, SYMMETRIC, load_ontology, load_shapes


def test_every_term_has_label_and_comment() -> None:
    g = load_ontology()
    terms = [s for s in g.subjects(RDF.type, None) if str(s).startswith(str(AIKG))]
    assert len(terms) > 25
    for t in terms:
        assert g.value(t, RDFS.label) is not None, t
        assert g.value(t, RDFS.comment) is not None, t
    assert any(True for _ in g.objects(None, OWL.versionInfo))


def test_design_terms_exist() -> None:
    g = load_ontology()
    for cls in (*ENTITY_TYPES, "Quote", "Article"):
        assert (rdflib.URIRef(AIKG.term(cls)), RDF.type, OWL.Class) in g, cls
    for p in PREDICATES:
        assert (rdflib.URIRef(AIKG.term(p)), RDF.type, OWL.ObjectProperty) in g, p
    for p in SYMMETRIC:
        assert (rdflib.URIRef(AIKG.term(p)), RDF.type, OWL.SymmetricProperty) in g
    schema = rdflib.Namespace("https://schema.org/")
    assert (rdflib.URIRef(AIKG.Person), RDFS.subClassOf, schema.Person) in g
    assert (rdflib.URIRef(AIKG.Quote), RDFS.subClassOf, schema.Quotation) in g
    for sub in ("uses", "trainedOn", "basedOn"):
        assert (rdflib.URIRef(AIKG.term(sub)), RDFS.subPropertyOf, rdflib.URIRef(AIKG.dependsOn)) in g


def test_shapes_cover_every_class() -> None:
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    g = load_shapes()
    targets = {str(o) for o in g.objects(None, sh.targetClass)}
    for cls in (*ENTITY_TYPES, "Quote", "Article"):
        assert AIKG.term(cls) in targets, cls


def test_statement_offsets_outside_the_article_violate() -> None:
    from aikg.graph.validation import validate_graph

    data = rdflib.Graph().parse(
        data="""
        @prefix aikg: <https://w3id.org/aikg/ontology#> . @prefix schema: <https://schema.org/> .
        @prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> . @prefix dcterms: <http://purl.org/dc/terms/> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <urn:a> a aikg:Article ; dcterms:title "t" ; dcterms:date "2024-01-01"^^xsd:date ; schema:articleBody "short" .
        <urn:s> a rdf:Statement ; rdf:subject <urn:x> ; rdf:predicate aikg:uses ; rdf:object <urn:y> ;
            aikg:article <urn:a> ; aikg:charStart 2 ; aikg:charEnd 50 ; aikg:confidence 0.9 .
        """,
        format="turtle",
    )
    report = validate_graph(data)
    assert not report.conforms
    assert any("inside the article body" in v.message for v in report.violations)
    data.remove((rdflib.URIRef("urn:s"), rdflib.URIRef(AIKG.charEnd), None))
    data.add((rdflib.URIRef("urn:s"), rdflib.URIRef(AIKG.charEnd), rdflib.Literal(4)))
    assert validate_graph(data).conforms
