"""Shared data and servers of the API tests: a small graph written through the real RDF mapping
(graph/rdf.py), independent of what the extractors find, served by a real uvicorn over the embedded
on-disk store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from aikg.api.app import create_app
from aikg.graph import KnowledgeGraph, Settings
from aikg.graph.articles import Article, article_id
from aikg.graph.extract.model import Entity, Extraction, Fact, Mention, Quote
from aikg.graph.rdf import article_quads

from .conftest import UvicornServer

TOKEN = "s3cret-token"

ENTITIES = {
    "meta": Entity("meta", "Meta", "Company", {"Meta Platforms", "Facebook"}, "Q380"),
    "openai": Entity("openai", "OpenAI", "Company", {"Open AI"}, "Q21708200"),
    "gpt-4": Entity("gpt-4", "GPT-4", "Model", {"GPT4"}, "Q116759429"),
    "llama": Entity("llama", "Llama", "Model", {"LLaMA"}),
    "metamate": Entity("metamate", "Metamate", "Tool"),
    "mark-zuckerberg": Entity("mark-zuckerberg", "Mark Zuckerberg", "Person", job_title="CEO"),
    "microsoft": Entity("microsoft", "Microsoft", "Company"),
    "sam-altman": Entity("sam-altman", "Sam Altman", "Person"),
    "anthropic": Entity("anthropic", "Anthropic", "Company"),
    "claude": Entity("claude", "Claude", "Model"),
    "dario-amodei": Entity("dario-amodei", "Dario Amodei", "Person"),
    "spokesperson": Entity("spokesperson", "a spokesperson", "Person", local=True),
}


def _article(text: str, title: str, url: str | None, d: date | None, publisher: str | None) -> Article:
    return Article(article_id(url, text), text, title, url, d, "Jane Doe", publisher)


def _extraction(art: Article, facts: list[tuple[str, str, str, str]], quotes: list[tuple[str, str, list[str]]]) -> Extraction:
    ex = Extraction(art.id)
    keys = {k for f in facts for k in (f[0], f[2])} | {q[1] for q in quotes} | {a for q in quotes for a in q[2]}
    for k in keys:
        ex.entities[k] = ENTITIES[k]
        pos = art.text.find(ENTITIES[k].label)
        if pos >= 0:
            ex.mentions.append(Mention(pos, pos + len(ENTITIES[k].label), ENTITIES[k].label, k))
    for s, p, o, sentence in facts:
        start = art.text.index(sentence)
        ex.facts.append(Fact(s, p, o, start, start + len(sentence), 0.9, "test"))
    for text, speaker, about in quotes:
        start = art.text.index(text)
        ex.quotes.append(Quote(text, start, start + len(text), speaker, tuple(about)))
    return ex


S1 = "Meta uses OpenAI's GPT-4 in Metamate, its internal coding assistant."
S2 = "Meta builds Llama."
Q1 = "Llama is the future of {open} models, \"truly\" SELECT * WHERE"
A1_TEXT = f'{S1} {S2} Mark Zuckerberg said: "{Q1}."'
S3 = "OpenAI builds GPT-4."
S4 = "Microsoft invested in OpenAI and partners with it."
Q2 = "GPT-4 is the most capable model we have shipped"
A2_TEXT = f'{S3} {S4} "{Q2}," Sam Altman said.'
S5 = "Anthropic builds Claude."
S6 = "Dario Amodei leads Anthropic."
Q3 = "Claude is careful"
A3_TEXT = f'{S5} {S6} "{Q3}," a spokesperson said.'


def sample_articles() -> list[tuple[Article, Extraction]]:
    a1 = _article(A1_TEXT, "Meta's Metamate runs on GPT-4", "https://example.com/metamate", date(2024, 3, 1), "TechEU")
    a2 = _article(A2_TEXT, "OpenAI and Microsoft", "https://example.com/openai", date(2024, 5, 10), "Verdict")
    a3 = _article(A3_TEXT, "Anthropic's Claude", None, None, "TechEU")
    return [
        (a1, _extraction(a1, [("meta", "develops", "metamate", S1), ("metamate", "uses", "gpt-4", S1),
                              ("openai", "builds", "gpt-4", S1), ("meta", "builds", "llama", S2)],
                         [(Q1, "mark-zuckerberg", ["llama", "meta"])])),
        (a2, _extraction(a2, [("openai", "builds", "gpt-4", S3), ("microsoft", "investsIn", "openai", S4),
                              ("microsoft", "partnersWith", "openai", S4)],
                         [(Q2, "sam-altman", ["gpt-4"])])),
        (a3, _extraction(a3, [("anthropic", "builds", "claude", S5), ("dario-amodei", "leads", "anthropic", S6)],
                         [(Q3, "spokesperson", ["claude"])])),
    ]


def load_sample(kg: KnowledgeGraph) -> list[Article]:
    arts = []
    for art, ex in sample_articles():
        kg.store.replace_graphs([f"https://w3id.org/aikg/article/{art.id}"], article_quads(art, ex))
        arts.append(art)
    kg.changed()
    return arts


class Served:
    def __init__(self, server: UvicornServer, kg: KnowledgeGraph, articles: list[Article]) -> None:
        self.server = server
        self.kg = kg
        self.articles = articles
        self.url = server.url
        self.client = httpx.Client(base_url=server.url, timeout=30)

    def get(self, path: str, **kw: Any) -> httpx.Response:
        return self.client.get(path, **kw)


def serve(store: Path, **settings: Any) -> Iterator[Served]:
    s = Settings(store=str(store), write_token=TOKEN, cors_origins="https://viewer.example", **settings)
    kg = KnowledgeGraph.open(str(store), s)
    arts = load_sample(kg)
    app = create_app(s, kg)
    with UvicornServer(app) as server:
        served = Served(server, kg, arts)
        yield served
        served.client.close()
    kg.close()


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A read-only server over the sample graph (module scope: do not write through it)."""
    yield from serve(tmp_path_factory.mktemp("api") / "store")


@pytest.fixture()
def api_rw(tmp_path: Path) -> Iterator[Served]:
    """A fresh server over the sample graph, for tests that write."""
    yield from serve(tmp_path / "store", max_article_bytes=20_000)
