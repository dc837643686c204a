"""Articles: files, folders and records become ``Article`` objects.

A source is a ``.txt``/``.md`` file (optional ``---`` front matter), an ``.html``/``.htm`` page, a
``.json`` object, ``.jsonl`` lines, or a folder of those. Readers never raise for bad input: they yield
a ``ReadError`` naming the input (and line) and go on with the rest.

One module per job: :mod:`~aikg.graph.articles.records` (the dataclasses, ids, the JSON form),
:mod:`~aikg.graph.articles.cleaning` (boilerplate, markdown, front matter), :mod:`~aikg.graph.articles.parse`
(text, records and HTML pages into Articles) and :mod:`~aikg.graph.articles.files` (the readers of files
and folders); everything public is importable from here.

>>> art = article_from_record({"title": "T", "text": "OpenAI released GPT-4o.", "date": "May 13, 2024"})
>>> art.title, art.date.isoformat(), len(art.id)
('T', '2024-05-13', 16)
"""

from __future__ import annotations

from .files import SUPPORTED_SUFFIXES, read_path, read_paths
from .parse import article_from_html, article_from_record, article_from_text
from .records import (
    DEFAULT_MAX_BYTES,
    Article,
    ReadError,
    article_as_dict,
    article_from_dict,
    article_id,
    articles_from_dicts,
    normalise_text,
)

__all__ = [
    "Article",
    "ReadError",
    "article_id",
    "SUPPORTED_SUFFIXES",
    "article_from_record",
    "article_from_html",
    "article_from_text",
    "article_as_dict",
    "article_from_dict",
    "articles_from_dicts",
    "read_paths",
    "read_path",
    "normalise_text",
    "DEFAULT_MAX_BYTES",
]
