"""Parsing the many ways news writes a date into a ``datetime.date``.

>>> parse_date("9 December 2024"), parse_date("Dec. 9, 2024"), parse_date("2024-12-09T10:00:00Z")
(datetime.date(2024, 12, 9), datetime.date(2024, 12, 9), datetime.date(2024, 12, 9))
>>> parse_date("Mon, 09 Dec 2024 10:00:00 +0000"), parse_date("Published Dec. 9, 2024 by Wire")
(datetime.date(2024, 12, 9), datetime.date(2024, 12, 9))
>>> parse_date("sometime soon") is None, parse_date("December 2024") is None
(True, True)
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil import parser as _parser

__all__ = ["parse_date", "find_date"]

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_PATTERNS = [
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d\d?)-(?P<day>\d\d?)(?![\d])"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<mnum>\d\d?)/(?P<day>\d\d?)\b"),
    re.compile(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<mnum>\d{1,2})/(?P<day>\d{1,2})/(?P<year>(?:19|20)\d\d)\b"),
]


def _build(m: re.Match[str]) -> date | None:
    parts = m.groupdict()
    try:
        month = int(parts["mnum"]) if parts.get("mnum") else _MONTHS[parts["month"].lower().rstrip(".")]
        return date(int(parts["year"]), month, int(parts["day"]))
    except (ValueError, KeyError):
        return None


def find_date(text: str) -> date | None:
    """The first date written anywhere in ``text``, or None."""
    best: tuple[int, date] | None = None
    for pattern in _PATTERNS:
        for m in pattern.finditer(text):
            d = _build(m)
            if d is not None and (best is None or m.start() < best[0]):
                best = (m.start(), d)
                break
    return best[1] if best else None


#: Two different defaults: a date that parses the same with both has a year, a month and a day of its own.
_DEFAULTS = (datetime(1901, 1, 1), datetime(1904, 2, 2))


def parse_date(value: object) -> date | None:
    """A date from a string in any common form (ISO 8601, '9 December 2024', 'Dec. 9, 2024', RFC 2822:
    ``dateutil``), or the first date written inside a longer string ('Published Dec. 9, 2024 by Wire'),
    or None. A string without a day ('December 2024') is not a date."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    if not text or len(text) > 200:
        return None
    try:
        first, second = (_parser.parse(text, default=d) for d in _DEFAULTS)
    except (ValueError, OverflowError):
        return find_date(text)
    return first.date() if first == second else find_date(text)
