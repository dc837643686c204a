"""Readers: every format, boilerplate, metadata, dates, and bad input that loses nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from aikg.graph.articles import Article, ReadError, article_from_record, read_path, read_paths
from aikg.graph.dates import parse_date

from .conftest import SEED


def _one(path: Path) -> Article:
    items = list(read_path(path))
    assert len(items) == 1, items
    assert isinstance(items[0], Article), items[0]
    return items[0]


def test_seed_metadata_and_boilerplate() -> None:
    art = _one(SEED)
    assert art.date == date(2024, 12, 9)
    assert art.author == "Marcus"
    assert art.publisher == "The Analyst"
    assert art.title.startswith("While publicly championing its own Llama AI, Meta is secretly boosting productivity")
    for junk in ("Share", "Tags", "Original Sources", "Related Articles", "More Stories", "fixed-income", "About the author"):
        assert junk not in art.text.split("\n")[0:1] + [ln.strip() for ln in art.text.split("\n") if ln.strip() == junk], junk
    assert "fixed-income" not in art.text and "patent filings" not in art.text
    assert art.text.rstrip().endswith("field of generative AI.")


@pytest.mark.parametrize(
    "text,expected",
    [
        ("9 December 2024", date(2024, 12, 9)),
        ("Dec. 9, 2024", date(2024, 12, 9)),
        ("December 9th, 2024", date(2024, 12, 9)),
        ("2024-12-09T10:00:00Z", date(2024, 12, 9)),
        ("2024-12-09", date(2024, 12, 9)),
        ("Published on 3 March 2023 at noon", date(2023, 3, 3)),
        ("not a date", None),
        ("2024-13-45", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


def test_front_matter_txt(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("---\ntitle: Big launch\nurl: https://news.test/a\ndate: Dec. 9, 2024\nauthor: Ann Lee\npublisher: Wire\n---\nOpenAI released GPT-4o.\n", encoding="utf-8")
    art = _one(p)
    assert (art.title, art.url, art.date, art.author, art.publisher) == ("Big launch", "https://news.test/a", date(2024, 12, 9), "Ann Lee", "Wire")
    assert art.text == "OpenAI released GPT-4o."


def test_markdown(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("# Mistral raises money\n\n**Mistral AI** said [today](https://x.test) it raised funds.\n\n- item one\n", encoding="utf-8")
    art = _one(p)
    assert art.title == "Mistral raises money"
    assert "Mistral AI said today it raised funds." in art.text
    assert "**" not in art.text and "](" not in art.text


def test_html_page(tmp_path: Path) -> None:
    p = tmp_path / "a.html"
    story = " ".join(["Nvidia and Microsoft announced a partnership on Tuesday to build AI supercomputers."] * 4)
    p.write_text(
        f"""<html><head><title>Nvidia partners with Microsoft</title>
        <meta property="article:published_time" content="2024-03-18T09:00:00Z"><meta name="author" content="Jo Park"></head>
        <body><nav><a href="/">Home</a><a href="/tech">Tech</a></nav><script>var tracking = 1;</script>
        <article><h1>Nvidia partners with Microsoft</h1><p>{story}</p><p>{story}</p></article>
        <aside><h3>Related articles</h3><ul><li>Other story</li></ul></aside><footer>Copyright</footer></body></html>""",
        encoding="utf-8",
    )
    art = _one(p)
    assert "partnership" in art.text
    assert "tracking" not in art.text and "Home" not in art.text and "Copyright" not in art.text
    assert art.title == "Nvidia partners with Microsoft"
    assert art.date == date(2024, 3, 18)


def test_jsonl_with_a_broken_line(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    p.write_text(
        json.dumps({"title": "A", "body": "Google invested $2 billion in Anthropic.", "published_at": "2023-10-30"}) + "\n"
        + "{not json\n"
        + json.dumps({"title": "C", "content": "Apple uses Gemini.", "source": "Wire"}) + "\n",
        encoding="utf-8",
    )
    items = list(read_path(p))
    assert [type(i).__name__ for i in items] == ["Article", "ReadError", "Article"]
    err = items[1]
    assert isinstance(err, ReadError) and err.line == 2 and "malformed JSON" in err.reason
    assert isinstance(items[0], Article) and items[0].date == date(2023, 10, 30)
    assert isinstance(items[2], Article) and items[2].publisher == "Wire"


def test_bad_inputs_are_reported_and_others_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02PNG\x00" * 100)
    (tmp_path / "latin.txt").write_bytes("Caf\xe9 owner said OpenAI\x92s model works.".encode("latin-1"))
    (tmp_path / "big.txt").write_text("x" * 2000, encoding="utf-8")
    (tmp_path / "good.txt").write_text("Meta released Llama 3.", encoding="utf-8")
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    items = list(read_paths([tmp_path, tmp_path / "missing.txt"], max_bytes=1000))
    errors = {Path(e.source).name: e.reason for e in items if isinstance(e, ReadError)}
    arts = {Path(a.source).name: a for a in items if isinstance(a, Article)}
    assert "empty file" in errors["empty.txt"]
    assert "binary" in errors["binary.txt"]
    assert "too large" in errors["big.txt"] and "AIKG_MAX_ARTICLE_BYTES" in errors["big.txt"]
    assert "malformed JSON" in errors["bad.json"]
    assert "JSON object" in errors["list.json"]
    assert "no such file" in errors["missing.txt"]
    assert set(arts) == {"good.txt", "latin.txt"}
    assert arts["latin.txt"].warnings and "UTF-8" in arts["latin.txt"].warnings[0]
    assert "Café" in arts["latin.txt"].text and "OpenAI’s" in arts["latin.txt"].text


def test_identity_from_url_else_text() -> None:
    a = article_from_record({"text": "Same  text.", "title": "x"})
    b = article_from_record({"text": "same text.", "title": "y"})
    c = article_from_record({"text": "Other text.", "url": "https://n.test/1"})
    d = article_from_record({"text": "Changed text.", "url": "https://n.test/1"})
    assert a.id == b.id
    assert c.id == d.id
    assert a.id != c.id


def test_record_without_text() -> None:
    with pytest.raises(ValueError, match="no text"):
        article_from_record({"title": "only a title"})


def test_examples_all_read() -> None:
    from .conftest import EXAMPLES

    items = list(read_path(EXAMPLES))
    assert items and all(isinstance(i, Article) for i in items), [str(i) for i in items if isinstance(i, ReadError)]
    assert len(items) >= 6


def test_jsonl_feed_limit_is_per_article(tmp_path: Path) -> None:
    p = tmp_path / "feed.jsonl"
    lines = [json.dumps({"title": f"t{i}", "text": f"Story number {i} about OpenAI. " * 5}) for i in range(40)]
    lines.insert(3, json.dumps({"title": "huge", "text": "x " * 1000}))
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert p.stat().st_size > 1500
    items = list(read_path(p, max_bytes=1500))
    errors = [i for i in items if isinstance(i, ReadError)]
    assert len([i for i in items if isinstance(i, Article)]) == 40
    assert len(errors) == 1 and errors[0].line == 4 and "line too large" in errors[0].reason
