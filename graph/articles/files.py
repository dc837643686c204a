"""Readers: files and folders become Articles (or ReadErrors naming the input and line, never exceptions).

A source is a ``.txt``/``.md`` file (optional ``---`` front matter), an ``.html``/``.htm`` page, a ``.json``
object or list, ``.jsonl`` lines (read line by line, any size), or a folder of those, read recursively in a
stable order. Bytes are decoded as UTF-8 (BOMs honoured, cp1252/latin-1 with a warning); binary files are
refused.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from .cleaning import front_matter, markdown_to_text
from .parse import DATE_KEYS, PUBLISHER_KEYS, article_from_html, article_from_record, article_from_text, pick
from .records import DEFAULT_MAX_BYTES, Article, ReadError

__all__ = ["SUPPORTED_SUFFIXES", "read_path", "read_paths"]

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".json", ".jsonl", ".ndjson")


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
        meta, body, fm_warnings = front_matter(text)
        title = meta.get("title")
        if suffix in (".md", ".markdown"):
            body, h1 = markdown_to_text(body)
            title = title or h1
        yield article_from_text(
            body,
            title=title,
            url=meta.get("url") or meta.get("link"),
            date_value=pick(meta, DATE_KEYS),
            author=meta.get("author"),
            publisher=pick(meta, PUBLISHER_KEYS),
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
