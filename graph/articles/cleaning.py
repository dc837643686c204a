"""Raw article text made clean: page boilerplate and trailers stripped (with the author, publisher and date
they name), markdown markup removed, YAML front matter split off.

>>> body, meta = clean_plain("By Ada Lovelace\\nOpenAI released GPT-4o.\\nShare this article")
>>> body, meta["author"]
('OpenAI released GPT-4o.', 'Ada Lovelace')
>>> markdown_to_text("# Title\\nSome **bold** [link](http://x)")
('Some bold link', 'Title')
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from ..dates import find_date

__all__ = ["clean_plain", "first_sentence", "front_matter", "markdown_to_text"]

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


def clean_plain(text: str) -> tuple[str, dict[str, Any]]:
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


def first_sentence(text: str, limit: int = 300) -> str:
    para = text.strip().split("\n", 1)[0]
    m = re.match(r"(.+?[.!?])(?:\s|$)", para)
    sentence = m.group(1) if m else para
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence


# ----------------------------------------------------------------------------- markdown and front matter
_FRONT = re.compile(r"\A\ufeff?---\s*\n(?P<fm>.*?)\n---\s*\n", re.S)


def front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
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


def markdown_to_text(md: str) -> tuple[str, str | None]:
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
