"""The aikg vocabulary: namespaces, term constants and the bundled OWL ontology and SHACL shapes.

>>> AIKG.builds
'https://w3id.org/aikg/ontology#builds'
>>> entity_iri("gpt-4")
'https://w3id.org/aikg/id/gpt-4'
"""

from __future__ import annotations

from importlib import resources
from typing import Any

__all__ = [
    "AIKG",
    "ARTICLE_BASE",
    "ENTITY_BASE",
    "ENTITY_GRAPH",
    "ENTITY_TYPES",
    "PREDICATES",
    "PREFIXES",
    "SYMMETRIC",
    "SIGNATURES",
    "NS",
    "admits",
    "article_iri",
    "is_article_graph",
    "entity_iri",
    "load_ontology",
    "load_shapes",
    "ontology_text",
    "shapes_text",
    "sparql_prefixes",
]


class _Namespace:
    """A namespace whose attributes are the IRIs of its terms (plain strings)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self._base + name

    def term(self, name: str) -> str:
        return self._base + name

    def __str__(self) -> str:
        return self._base

    def __repr__(self) -> str:
        return f"Namespace({self._base!r})"


AIKG = _Namespace("https://w3id.org/aikg/ontology#")

#: The prefixes every query knows without declaring them.
PREFIXES: dict[str, str] = {
    "aikg": str(AIKG),
    "schema": "https://schema.org/",
    "dcterms": "http://purl.org/dc/terms/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
}

NS = {k: _Namespace(v) for k, v in PREFIXES.items()}

ENTITY_BASE = "https://w3id.org/aikg/id/"
ARTICLE_BASE = "https://w3id.org/aikg/article/"
#: The named graph holding entity descriptions (type, label, aliases, sameAs).
ENTITY_GRAPH = "https://w3id.org/aikg/graph/entities"

#: Entity classes by their local name.
ENTITY_TYPES = ("Company", "Organization", "Model", "Tool", "Dataset", "Person")

#: Relations between entities, by local name.
PREDICATES = (
    "builds",
    "develops",
    "creates",
    "uses",
    "trainedOn",
    "basedOn",
    "dependsOn",
    "leads",
    "worksFor",
    "investsIn",
    "partnersWith",
    "acquires",
    "competesWith",
)
SYMMETRIC = frozenset({"partnersWith", "competesWith"})

_ORG = frozenset({"Company", "Organization"})
_ASSET = frozenset({"Model", "Tool"})
#: The entity types each relation admits, as (subject types, object types) -- the SHACL shapes' reading.
#: ``competesWith`` also needs both sides of one kind (organisations, or models and tools): see ``admits``.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "builds": (_ORG, frozenset({"Model"})),
    "develops": (_ORG, frozenset({"Tool"})),
    "creates": (_ORG, frozenset({"Dataset"})),
    "uses": (_ORG | _ASSET, _ASSET),
    "trainedOn": (frozenset({"Model"}), frozenset({"Dataset"})),
    "basedOn": (frozenset({"Model"}), frozenset({"Model"})),
    "leads": (frozenset({"Person"}), _ORG),
    "worksFor": (frozenset({"Person"}), _ORG),
    "investsIn": (_ORG, _ORG),
    "partnersWith": (_ORG, _ORG),
    "acquires": (_ORG, _ORG),
    "competesWith": (_ORG | _ASSET, _ORG | _ASSET),
}


def admits(predicate: str, subject_type: str, object_type: str) -> bool:
    """Whether ``subject predicate object`` fits the ontology for entities of these types (local names).
    Predicates without a signature (``dependsOn``, ``mentions`` ...) admit anything.

    >>> admits("builds", "Company", "Model"), admits("builds", "Company", "Tool"), admits("uses", "Tool", "Tool")
    (True, False, True)
    >>> admits("competesWith", "Company", "Model"), admits("competesWith", "Model", "Tool")
    (False, True)
    """
    sig = SIGNATURES.get(predicate)
    if sig is None:
        return True
    if subject_type not in sig[0] or object_type not in sig[1]:
        return False
    return predicate != "competesWith" or (subject_type in _ORG) == (object_type in _ORG)


def entity_iri(slug: str) -> str:
    """The IRI of the entity with this slug."""
    return ENTITY_BASE + slug


def article_iri(article_id: str) -> str:
    """The IRI of an article, which is also the name of the graph holding its facts."""
    return ARTICLE_BASE + article_id


def is_article_graph(iri: str) -> bool:
    """Whether ``iri`` names an article graph (not an entity local to an article, ``<article>#<key>``).

    >>> is_article_graph(article_iri("abc")), is_article_graph(article_iri("abc") + "#a-spokesperson")
    (True, False)
    """
    return iri.startswith(ARTICLE_BASE) and "#" not in iri


def sparql_prefixes() -> str:
    """PREFIX declarations for every standard prefix, to put in front of a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def ontology_text() -> str:
    """The OWL ontology as Turtle text."""
    return resources.files(__package__).joinpath("aikg.ttl").read_text(encoding="utf-8")


def shapes_text() -> str:
    """The SHACL shapes as Turtle text."""
    return resources.files(__package__).joinpath("shapes.ttl").read_text(encoding="utf-8")


def load_ontology() -> Any:
    """The ontology as an rdflib Graph."""
    import rdflib

    return rdflib.Graph().parse(data=ontology_text(), format="turtle")


def load_shapes() -> Any:
    """The SHACL shapes as an rdflib Graph."""
    import rdflib

    return rdflib.Graph().parse(data=shapes_text(), format="turtle")
