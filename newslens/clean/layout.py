"""Recognise the parts of a saved page that sit around the body: title, date line, dateline."""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslens.clean.dates import ParsedDate, parse_date

_TITLE_MAX = 200
_DATE_LINE_MAX = 60
# "MOSKOW, ARRAHMAHNEWS.COM –", "JAKARTA -", "WASHINGTON (AP) —", "Jakarta, CNN Indonesia --",
# "BUFFALO, N.Y. (AP) _" (wire copy writes the dash as an underscore)
_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z .'-]{1,40}?|[A-Z][a-z]+(?: [A-Z][a-z]+)?(?=,))\s*"
    r"(?:,\s*(?P<outlet>[A-Za-z][\w.&' -]{1,40}?)\s*)?"
    r"(?:\((?P<agency>[^\W\d_][\w .'&-]{1,29})\)\s*)?"
    r"(?:–|—|--|-|_)\s+"
)


@dataclass(frozen=True)
class Dateline:
    place: str
    outlet: str | None  # what follows the place: the agency in brackets, else the words after
    # a comma ("N.Y." as often as "CNN Indonesia"; clean/outlets.py decides what is an outlet)


@dataclass(frozen=True)
class PageParts:
    title: str | None
    published: ParsedDate | None
    body: str


def split_page(text: str, has_title: bool, has_date: bool) -> PageParts:
    """Take a leading title line and a date line off the body when the record lacks them."""
    lines = text.split("\n")
    title = None
    if not has_title and len(lines) > 2 and 0 < len(lines[0].strip()) <= _TITLE_MAX:
        title = lines.pop(0).strip()
    published = None
    if not has_date:
        published, lines = _take_date_line(lines)
    return PageParts(title, published, "\n".join(lines).strip())


def _take_date_line(lines: list[str]) -> tuple[ParsedDate | None, list[str]]:
    seen = 0
    for index, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > 3:
            break
        if len(line.strip()) <= _DATE_LINE_MAX and (parsed := parse_date(line)):
            return parsed, lines[:index] + lines[index + 1:]
    return None, lines


def find_dateline(body: str) -> Dateline | None:
    """The place (and outlet) that open the first paragraph, as written."""
    match = _DATELINE.match(body.lstrip()[:120])
    if not match:
        return None
    outlet = match.group("agency") or match.group("outlet")
    return Dateline(match.group("place").strip(), outlet.strip() if outlet else None)
