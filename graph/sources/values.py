"""Values of source records: unwrapping, placeholders, text cleaning, dates, parameter counts and URLs.

>>> scalar({"value": "7B parameters", "explanation": "from the paper"})
'7B parameters'
>>> is_placeholder("N/A"), is_placeholder("GPT-4")
(True, False)
>>> as_list("a; b"), parse_parameters("7B parameters (dense)")
(['a', 'b'], '7000000000')
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

from aikg.ontology import NS

__all__ = [
    "PLACEHOLDERS",
    "URL_PATTERN",
    "as_list",
    "clean_text",
    "is_placeholder",
    "parse_date",
    "parse_parameters",
    "scalar",
]

XSD = NS["xsd"]

PLACEHOLDERS = frozenset(
    {"", "unknown", "none", "n/a", "na", "null", "nil", "tbd", "?", "-", "--", "unspecified", "not applicable", "[]"}
)


def scalar(value: Any) -> Any:
    """Unwrap the ``{value: ..., explanation: ...}`` objects many curated sources use."""
    while isinstance(value, dict) and "value" in value:
        value = value["value"]
    return value


def is_placeholder(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip().strip(".").strip().lower() in PLACEHOLDERS
    if isinstance(value, list | dict):
        return not value
    return False


def as_list(value: Any) -> list[Any]:
    value = scalar(value)
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [scalar(v) for v in value]
    if isinstance(value, str) and ";" in value:  # CSV cells list names separated by semicolons
        return [v.strip() for v in value.split(";")]
    return [value]


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\x00", "")
    return re.sub(r"\s+", " ", text.encode("utf-8", "replace").decode("utf-8")).strip()


_MONTH = r"(0[1-9]|1[0-2])"


def parse_date(value: Any) -> tuple[str, str] | None:
    """(lexical form, XSD datatype) of a date, a year-month or a year; None if it does not parse.

    >>> parse_date("2023-03-14"), parse_date("2023-03"), parse_date(2022), parse_date("March 2023")
    (('2023-03-14', 'http://www.w3.org/2001/XMLSchema#date'), ('2023-03', 'http://www.w3.org/2001/XMLSchema#gYearMonth'), ('2022', 'http://www.w3.org/2001/XMLSchema#gYear'), None)
    """
    if isinstance(value, datetime):
        return value.date().isoformat(), XSD.date
    if isinstance(value, date):
        return value.isoformat(), XSD.date
    text = str(value).strip()
    if re.fullmatch(r"(19|20)\d\d", text):
        return text, XSD.gYear
    if re.fullmatch(rf"\d{{4}}-{_MONTH}", text):
        return text, XSD.gYearMonth
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?", text)
    if m:
        try:
            return date.fromisoformat(m.group(1)).isoformat(), XSD.date
        except ValueError:
            return None
    return None


_PARAMS = re.compile(r"(\d+(?:\.\d+)?)\s*([KMBT])\b(?:\s*parameters|\s*params)?", re.I)
_SCALE = {"K": 1e3, "M": 1e6, "B": 1e9, "T": 1e12}


def parse_parameters(value: Any) -> str | None:
    """A parameter count ("7B parameters (dense)" → "7000000000") or None."""
    text = str(value)
    if "param" not in text.lower():
        return None
    m = _PARAMS.search(text)
    if not m:
        return None
    n = float(m.group(1)) * _SCALE[m.group(2).upper()]
    return f"{n:.0f}" if n > 0 else None


URL_PATTERN = re.compile(r"https?://[^\s<>\"{}|\\^`]+")

