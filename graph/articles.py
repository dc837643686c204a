"""Readers: files, folders and records become ``Article`` objects.

A source is a ``.txt``/``.md`` file (optional ``---`` front matter), an ``.html``/``.htm`` page, a
``.json`` object, ``.jsonl`` lines, or a folder of those. Readers never raise for bad input: they yield
a ``ReadError`` naming the input (and line) and go on with the rest.

>>> art = article_from_record({"title": "T", "text": "OpenAI released GPT-4o.", "date": "May 13, 2024"})
>>> art.title, art.date.isoformat(), len(art.id)
('T', '2024-05-13', 16)
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from .dates import find_date, parse_date

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
]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")
DEFAULT_MAX_BYTES = 5_000_000


@dataclass(frozen=True)
class Article:
    """One news article: clean body text plus metadata. ``id`` is stable: from the url, else the text."""

    id: str
    text: str
    title: str
    url: str | None = None
    date: date | None = None
    author: str | None = None
    publisher: str | None = None
    source: str = ""
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class ReadError:
    """An input that could not become an article, and why."""

    source: str
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line else self.source
        return f"{where}: {self.reason}"


def normalise_text(text: str) -> str:
    """Text folded for identity: NFKC, lower case, whitespace collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def article_id(url: str | None, text: str) -> str:
    """16 hex digits: the same url, or the same normalised text when there is no url, gives the same id."""
    key = ("url:" + url.strip()) if url and url.strip() else ("text:" + normalise_text(text))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# ----------------------------------------------------------------------------- boilerplate of plain pages
_BOILER_LINE = re.compile(
    r"^(share( this( article| story)?)?|tags?:?|original sources?|related (articles|stories|posts|reading)|"
    r"more stories|more from .*|read more.*|advertisement|sponsored( content)?|sign up.*|subscribe.*|"
    r"follow us.*|comments?|print|email|\d+ (articles|comments|min read)|this week's edition|"
    r"see also|recommended.*|trending.*|newsletter.*|you may also like.*|about the author|"
    r"(share on )?(twitter|facebook|linkedin|x|reddit|whatsapp)|copy link)\s*[:→>»]*.*$",
    re.I,
)
_TRAILER_START = re.compile(
    r"^(tags?|original sources?|about the author|related (articles|stories)|more stories|more from\b)", re.I
)
_MORE_FROM = re.compile(r"more from\s+(?P<pub>[^→>»\n|]+?)\s*(?:[→>»|]|$)", re.I)
_BIO_NAME = re.compile(r"^(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s+(?:is|was|has|began|covers|writes|joined|reports|spent|\(|,)")
_BY_LINE = re.compile(r"^by\s+(?P<name>[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+){0,3})\s*$", re.I)


def _split_trailer(lines: list[str]) -> tuple[list[str], list[str]]:
    """Body lines and the page trailer (tags, author bio, related articles) after the story."""
    for i, line in enumerate(lines):
        if i > 0 and _TRAILER_START.match(line.strip()):
            # only a trailer when what follows is page furniture, not more story
            return lines[:i], lines[i:]
    return lines, []


def _trailer_metadata(trailer: list[str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    joined = "\n".join(trailer)
    m = _MORE_FROM.search(joined)
    if m:
        meta["publisher"] = m.group("pub").strip()
    for i, line in enumerate(trailer):
        if line.strip().lower() == "about the author":
            for bio in trailer[i + 1 :]:
                if bio.strip():
                    mm = _BIO_NAME.match(bio.strip())
                    if mm:
                        meta["author"] = mm.group("name")
                    break
    d = find_date(joined)
    if d:
        meta["date"] = d
    return meta


def _clean_plain(text: str) -> tuple[str, dict[str, Any]]:
    """Strip page boilerplate from plain text; return the body and metadata found in the furniture."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    body, trailer = _split_trailer(lines)
    meta = _trailer_metadata(trailer)
    kept: list[str] = []
    for line in body:
        s = line.strip()
        if s and len(s) < 60 and _BOILER_LINE.match(s):
            continue
        if s and not kept and _BY_LINE.match(s):
            meta.setdefault("author", _BY_LINE.match(s).group("name"))  # type: ignore[union-attr]
            continue
        kept.append(line.rstrip())
    out = "\n".join(kept).strip()
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out, meta


def _first_sentence(text: str, limit: int = 300) -> str:
    para = text.strip().split("\n", 1)[0]
    m = re.match(r"(.+?[.!?])(?:\s|$)", para)
    sentence = m.group(1) if m else para
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


# ----------------------------------------------------------------------------- markdown and front matter
_FRONT = re.compile(r"\A\ufeff?---\s*\n(?P<fm>.*?)\n---\s*\n", re.S)


def _front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    m = _FRONT.match(text)
    if not m:
        return {}, text, []
    try:
        data = yaml.safe_load(m.group("fm"))
        if not isinstance(data, dict):
            raise ValueError("not a mapping")
    except Exception as exc:  # malformed front matter: read it line by line
        data = {}
        for line in m.group("fm").splitlines():
            if ":" in line:
                k, v = line.split(":", 1)
                data[k.strip()] = v.strip().strip("'\"")
        return data, text[m.end() :], [f"front matter is not valid YAML ({exc.__class__.__name__}); read as key: value lines"]
    return data, text[m.end() :], []


def _markdown_to_text(md: str) -> tuple[str, str | None]:
    title = None
    out = []
    for line in md.split("\n"):
        h = re.match(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if h:
            if title is None and len(h.group(1)) == 1:
                title = h.group(2).strip()
                continue
            line = h.group(2)
        line = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
        line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
        line = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?!\w)", r"\1", line)
        line = re.sub(r"`([^`]+)`", r"\1", line)
        line = re.sub(r"^\s*>\s?", "", line)
        line = re.sub(r"^\s*[-*+]\s+", "", line)
        out.append(line)
    return "\n".join(out), title


# ----------------------------------------------------------------------------- records
_TEXT_KEYS = ("text", "body", "content", "articleBody", "article")
_DATE_KEYS = ("date", "published", "published_at", "publishedAt", "datePublished", "pubDate")
_PUB_KEYS = ("publisher", "source", "site", "sitename")


def _pick(record: dict[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def _as_name(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, list):
        value = ", ".join(str(_as_name(v)) for v in value if _as_name(v))
    value = " ".join(str(value).split())
    return value or None


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    url: str | None = None,
    date_value: Any = None,
    author: Any = None,
    publisher: Any = None,
    source: str = "",
    warnings: Iterable[str] = (),
) -> Article:
    """An Article from a body of plain text: boilerplate stripped, metadata completed from the page."""
    body, meta = _clean_plain(text)
    if not body.strip():
        raise ValueError("no article text (empty after removing page boilerplate)")
    d = parse_date(date_value) or meta.get("date")
    title = " ".join(str(title).split()) if title else None
    return Article(
        id=article_id(url, body),
        text=body,
        title=title or _first_sentence(body),
        url=str(url).strip() if url else None,
        date=d,
        author=_as_name(author) or meta.get("author"),
        publisher=_as_name(publisher) or meta.get("publisher"),
        source=source,
        warnings=tuple(warnings),
    )


def article_from_record(record: Any, source: str = "", warnings: Iterable[str] = ()) -> Article:
    """An Article from a JSON object with title, text|body|content, url, date, author, publisher|source."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    text = _pick(record, _TEXT_KEYS)
    if not isinstance(text, str) or not text.strip():
        raise ValueError("record has no text (expected a non-empty 'text', 'body' or 'content' field)")
    url = record.get("url") or record.get("link")
    return article_from_text(
        text,
        title=record.get("title") or record.get("headline"),
        url=str(url) if url else None,
        date_value=_pick(record, _DATE_KEYS),
        author=record.get("author") or record.get("byline"),
        publisher=_pick(record, _PUB_KEYS),
        source=source,
        warnings=warnings,
    )


# ----------------------------------------------------------------------------- articles as data
def article_as_dict(article: Article) -> dict[str, Any]:
    """An Article as JSON-ready data (what the CLI sends a server holding the store); see :func:`article_from_dict`.

    >>> a = article_from_record({"title": "T", "text": "OpenAI released GPT-4o.", "date": "2024-05-13"}, source="a.json")
    >>> article_from_dict(article_as_dict(a)) == a
    True
    """
    return {
        "title": article.title, "text": article.text, "url": article.url,
        "date": article.date.isoformat() if article.date else None, "author": article.author,
        "publisher": article.publisher, "source": article.source, "warnings": list(article.warnings),
    }


def article_from_dict(data: Any) -> Article:
    """The Article :func:`article_as_dict` made, as the readers made it: the body is taken as it is (already
    clean) and the id follows the readers' rule (url, else text). ValueError names a malformed field."""
    if not isinstance(data, dict):
        raise ValueError(f"expected a JSON object, got {type(data).__name__}")
    strings = {}
    for key in ("title", "text", "url", "date", "author", "publisher", "source"):
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"field {key!r} must be a string")
        strings[key] = value or None
    text, title = strings["text"], strings["title"]
    if not text or not text.strip():
        raise ValueError("no article text")
    warnings = data.get("warnings") or []
    if not isinstance(warnings, list) or not all(isinstance(w, str) for w in warnings):
        raise ValueError("field 'warnings' must be a list of strings")
    day = None
    if strings["date"]:
        try:
            day = date.fromisoformat(strings["date"])
        except ValueError:
            raise ValueError(f"field 'date' is not a YYYY-MM-DD date: {strings['date']!r}") from None
    return Article(
        id=article_id(strings["url"], text), text=text, title=title or _first_sentence(text), url=strings["url"],
        date=day, author=strings["author"], publisher=strings["publisher"], source=strings["source"] or "",
        warnings=tuple(warnings),
    )


def articles_from_dicts(items: Iterable[Any], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ReadError]:
    """:func:`article_from_dict` for each item; a malformed or too large one becomes a ReadError naming it.

    >>> [type(x).__name__ for x in articles_from_dicts([{"text": "OpenAI released GPT-4o."}, {"text": 3}])]
    ['Article', 'ReadError']
    """
    for i, data in enumerate(items):
        where = data.get("source") if isinstance(data, dict) and isinstance(data.get("source"), str) else None
        where = where or f"article {i + 1}"
        text = data.get("text") if isinstance(data, dict) else None
        if isinstance(text, str) and len(text.encode("utf-8", "replace")) > max_bytes:
            yield ReadError(where, f"too large (the limit AIKG_MAX_ARTICLE_BYTES is {max_bytes:,} bytes)")
            continue
        try:
            yield article_from_dict(data)
        except ValueError as exc:
            yield ReadError(where, str(exc))


# ----------------------------------------------------------------------------- bytes → text
def _decode(data: bytes) -> tuple[str, list[str]]:
    if not data.strip():
        raise ValueError("empty file")
    head = data[:8192]
    if b"\x00" in head and not (data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff")):
        raise ValueError("binary file (contains NUL bytes), not text")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc, errors="replace"), []
    try:
        text = data.decode("utf-8")
        warnings: list[str] = []
    except UnicodeDecodeError as exc:
        try:
            text = data.decode("cp1252")
            enc = "cp1252"
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            enc = "latin-1"
        warnings = [f"not valid UTF-8 (byte {exc.start}); decoded as {enc}"]
    controls = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:8192]) // 20):
        raise ValueError("binary file (mostly control characters), not text")
    return text, warnings


def _read_html(text: str, source: str, warnings: list[str]) -> Article:
    return article_from_html(text, source=source, warnings=warnings)


def article_from_html(
    html: str | bytes,
    *,
    source: str = "",
    url: str | None = None,
    title: str | None = None,
    date_value: Any = None,
    warnings: Iterable[str] = (),
) -> Article:
    """An Article from an HTML page: its main text and metadata (trafilatura; nothing in the page is run).
    ``url`` (the page's canonical address) wins over what the page says; ``title`` and ``date_value`` fill
    in what the page does not say. ValueError when the page holds no article text, or when trafilatura
    cannot be imported (a broken installation: this page fails, the other inputs go on)."""
    try:
        import trafilatura
    except ImportError as exc:
        reason = " ".join(str(exc).split())
        raise ValueError(f"cannot read HTML pages: {reason} (part of trafilatura is missing; reinstall aikg)") from exc

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if doc is None:
        raise ValueError("no article text found in the HTML page")
    get = doc.get if isinstance(doc, dict) else lambda k: getattr(doc, k, None)
    body = get("text") or ""
    if not body.strip():
        raise ValueError("no article text found in the HTML page")
    return article_from_text(
        body,
        title=get("title") or title,
        url=url or get("url"),
        date_value=get("date") or date_value,
        author=get("author"),
        publisher=get("sitename"),
        source=source,
        warnings=warnings,
    )


def _read_file(path: Path, max_bytes: int) -> Iterator[Article | ReadError]:
    src = str(path)
    if path.suffix.lower() in (".jsonl", ".ndjson"):  # a feed: the limit is per article, not per file
        yield from _read_jsonl_file(path, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield ReadError(src, f"file too large ({size:,} bytes; the limit AIKG_MAX_ARTICLE_BYTES is {max_bytes:,})")
            return
        text, warnings = _decode(path.read_bytes())
    except (OSError, ValueError) as exc:
        yield ReadError(src, str(exc) if isinstance(exc, ValueError) else f"cannot read: {exc.strerror or exc}")
        return
    suffix = path.suffix.lower()
    try:
        if suffix == ".json":
            try:
                data = json.loads(text)
            except RecursionError:
                yield ReadError(src, "malformed JSON: nested too deeply")
                return
            except json.JSONDecodeError as exc:
                yield ReadError(src, f"malformed JSON: {exc.msg}", exc.lineno)
                return
            records = data if isinstance(data, list) else [data]
            for i, rec in enumerate(records):
                try:
                    yield article_from_record(rec, f"{src}[{i}]" if isinstance(data, list) else src, warnings)
                except ValueError as exc:
                    yield ReadError(src, str(exc), None)
            return
        if suffix in (".html", ".htm"):
            yield _read_html(text, src, warnings)
            return
        meta, body, fm_warnings = _front_matter(text)
        title = meta.get("title")
        if suffix in (".md", ".markdown"):
            body, h1 = _markdown_to_text(body)
            title = title or h1
        yield article_from_text(
            body,
            title=title,
            url=meta.get("url") or meta.get("link"),
            date_value=_pick(meta, _DATE_KEYS),
            author=meta.get("author"),
            publisher=_pick(meta, _PUB_KEYS),
            source=src,
            warnings=[*warnings, *fm_warnings],
        )
    except ValueError as exc:
        yield ReadError(src, str(exc))


def _read_jsonl_file(path: Path, max_bytes: int) -> Iterator[Article | ReadError]:
    """A JSONL feed read line by line: any size of file, each line within ``max_bytes``."""
    src = str(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield ReadError(src, f"cannot read: {exc.strerror or exc}")
        return
    with fh:
        head = fh.read(8192)
        if not head.strip():
            yield ReadError(src, "empty file")
            return
        if b"\x00" in head:
            yield ReadError(src, "binary file (contains NUL bytes), not text")
            return
        fh.seek(0)
        for n, raw in enumerate(fh, start=1):
            if len(raw) > max_bytes:
                yield ReadError(src, f"line too large ({len(raw):,} bytes; the limit AIKG_MAX_ARTICLE_BYTES is {max_bytes:,})", n)
                continue
            if not raw.strip():
                continue
            try:
                line, warnings = _decode(raw)
            except ValueError as exc:
                yield ReadError(src, str(exc), n)
                continue
            yield from _read_jsonl(line, src, warnings, first_line=n)


def _read_jsonl(text: str, src: str, warnings: list[str], first_line: int = 1) -> Iterator[Article | ReadError]:
    for n, line in enumerate(text.splitlines(), start=first_line):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except RecursionError:
            yield ReadError(src, "malformed JSON line: nested too deeply", n)
            continue
        except json.JSONDecodeError as exc:
            yield ReadError(src, f"malformed JSON line: {exc.msg} (column {exc.colno})", n)
            continue
        try:
            yield article_from_record(rec, f"{src}:{n}", warnings)
        except ValueError as exc:
            yield ReadError(src, str(exc), n)


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ReadError]:
    """Articles (or errors) from one file or a folder, recursively, by extension, in a stable order."""
    p = Path(path)
    if not p.exists():
        yield ReadError(str(p), "no such file or folder")
        return
    if p.is_dir():
        files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        for f in files:
            if any(part.startswith(".") for part in f.relative_to(p).parts):
                continue
            yield from _read_file(f, max_bytes)
        return
    if p.suffix.lower() not in SUPPORTED_SUFFIXES:
        yield ReadError(str(p), f"unsupported file type {p.suffix or '(none)'}; expected one of {', '.join(SUPPORTED_SUFFIXES)}")
        return
    yield from _read_file(p, max_bytes)


def read_paths(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | ReadError]:
    """Articles (or errors) from several files and folders."""
    for p in paths:
        yield from read_path(p, max_bytes)
