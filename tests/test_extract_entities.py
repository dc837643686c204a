"""Entity recognition: registry names, unknown names typed by context, lists, products named after their maker."""

from __future__ import annotations

import pytest

from aikg.graph.articles import article_from_record
from aikg.graph.extract import extract
from aikg.graph.extract.entities import tokenize


def _ents(text: str) -> dict[str, str]:
    ex = extract(article_from_record({"title": "t", "text": text}))
    return {e.label: e.type for e in ex.entities.values() if not e.local}


@pytest.mark.parametrize(
    ("text", "name", "typ"),
    [
        # appositions that say what an unknown one-word name is
        ("Lumora also bought Tagwise, a four-person data-labelling outfit from Montreal, last year.", "Tagwise", "Company"),
        ("Earlier this year it bought Deci, another Israeli startup that makes models run faster.", "Deci", "Company"),
        ("NVentures, Nvidia's venture capital arm, also took part in the round.", "NVentures", "Company"),
        # comma-joined lists beside a typed member
        ("The round drew investors including Quillbridge, Harwick and Lightspeed Venture Partners.", "Quillbridge", "Company"),
        ("The round drew investors including Quillbridge, Harwick and Lightspeed Venture Partners.", "Harwick", "Company"),
        ("XetHub was founded in 2021 by Yucheng Low, Ajit Banerjee and Rajat Arya.", "Ajit Banerjee", "Person"),
        # products named after their maker, typed by the noun after them
        ("Subscribers to its Perplexity Pro subscription can pick the model they want.", "Perplexity Pro", "Tool"),
        ("Microsoft made the model available on its Azure AI Foundry platform within days.", "Azure AI Foundry", "Tool"),
        # people known only from the words around them
        ("\"Prices will fall,\" said Tomas Lindqvist, a research fellow at the Oxford Internet Institute.",
         "Tomas Lindqvist", "Person"),
        ("The board hired Victor Hale as chief scientist in March.", "Victor Hale", "Person"),
    ],
)
def test_typed_from_context(text: str, name: str, typ: str) -> None:
    assert _ents(text).get(name) == typ, _ents(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("An engineer at a Beijing AI startup said talent was scarce.", "Beijing AI"),
        ("In Paris, Mistral and Meta both announced new models.", "Paris"),
        ("Besides Google, Harwick said the market was crowded.", "Harwick"),
    ],
)
def test_not_a_name(text: str, name: str) -> None:
    assert name not in _ents(text)


def test_registry_names_fold_case_spacing_and_hyphens() -> None:
    ents = _ents("OpenAI compared GPT4 with gpt-4o, and Meta Platforms shipped Llama 3.1 405B.")
    assert ents.get("GPT-4") == "Model" and ents.get("GPT-4o") == "Model"
    assert ents.get("Meta") == "Company"
    assert "meta" not in _ents("the meta question is open")


def test_tokens_keep_offsets_and_split_common_hyphen_suffixes() -> None:
    text = "Nvidia-backed Acme’s GPT-4o (v2.1) and x_y."
    toks = tokenize(text)
    assert [t.text for t in toks] == ["Nvidia", "Acme", "s", "GPT-4o", "v2.1", "and", "x_y"]
    assert all(text[t.start : t.end] == t.text for t in toks)
