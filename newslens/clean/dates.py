"""Publication dates in many languages and formats, with their precision.

Common shapes (ISO 8601, "18 Februari 2016", "Feb 18, 2016", "Selasa, 26 Mei 2026 19:35 WIB",
"10/21/2025 20:43") are parsed directly with month names from ``data/lang``; anything else goes
to dateparser, cached. Implausible dates (before 1800, or in the future) are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache, lru_cache

from dateparser.date import DateDataParser

from newslens.knowledge.lexicon import merged

PRECISIONS = ("time", "day", "month", "year")
_EARLIEST = date(1800, 1, 1)
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?"
                  r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$")
_TIME = r"(?:[,\s]+(?:pukul\s+|at\s+)?(\d{1,2})[:.](\d{2})(?::\d{2})?(?:\s*[A-Za-z]{1,5})?)?"
_WEEKDAY = r"(?:[^\W\d]+'?[^\W\d]*,?\s+)?"
_DAY_MONTH_YEAR = re.compile(r"^" + _WEEKDAY + r"(\d{1,2})\.?\s+([^\W\d]+)\.?,?\s+(\d{4})"
                             + _TIME + "$")
_MONTH_DAY_YEAR = re.compile(r"^(?:[^\W\d]+,?\s+)?([^\W\d]+)\.?\s+(\d{1,2}),?\s+(\d{4})"
                             + _TIME + "$")
_MONTH_YEAR = re.compile(r"^(?:bulan\s+)?([^\W\d]+)\.?\s+(\d{4})$", re.IGNORECASE)
_NUMERIC = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})" + _TIME + "$")


@dataclass(frozen=True)
class ParsedDate:
    day: date
    precision: str
    at: datetime | None = None

    def iso(self) -> str:
        """ISO text at this precision: '2016', '2016-02', '2016-02-18' or a full timestamp."""
        if self.precision == "year":
            return f"{self.day.year:04d}"
        if self.precision == "month":
            return f"{self.day.year:04d}-{self.day.month:02d}"
        if self.precision == "time" and self.at is not None:
            return self.at.isoformat(timespec="minutes")
        return self.day.isoformat()


def parse_date(text: str | None, day_first: bool = True) -> ParsedDate | None:
    """Parse a publication date; ``day_first`` settles 05/06/2016 (see ``numeric_order``)."""
    if not text:
        return None
    cleaned = re.sub(r"\s+", " ", text).strip().strip(",.;").strip()
    if not cleaned or len(cleaned) > 80:
        return None
    parsed = _fast(cleaned, day_first)
    if parsed is None and not _ISO.match(cleaned):  # ISO-shaped but invalid (2024-13-01): no
        parsed = _with_dateparser(cleaned, day_first)  # guessing it is year-day-month
    return parsed if parsed and _plausible(parsed.day) else None


def numeric_order(samples: list[str]) -> bool:
    """Decide day-first or month-first for a column from values like 10/21/2025."""
    for sample in samples:
        match = _NUMERIC.match(sample.strip())
        if match:
            first, second = int(match.group(1)), int(match.group(2))
            if first > 12 >= second:
                return True
            if second > 12 >= first:
                return False
    return True


def _plausible(day: date) -> bool:
    return _EARLIEST <= day <= date.today() + timedelta(days=2)


def _fast(text: str, day_first: bool) -> ParsedDate | None:
    for parse in (_iso, _day_month_year, _month_day_year, _month_year, _numeric):
        try:
            parsed = parse(text, day_first)
        except ValueError:  # e.g. 2016-02-30
            return None
        if parsed:
            return parsed
    return None


def _build(year: int, month: int, day: int, hour: str | None, minute: str | None) -> ParsedDate:
    if hour is None:
        return ParsedDate(date(year, month, day), "day")
    at = datetime(year, month, day, int(hour), int(minute or 0))
    return ParsedDate(at.date(), "time", at)


def _iso(text: str, _day_first: bool) -> ParsedDate | None:
    m = _ISO.match(text)
    if not m:
        return None
    year, month, day, hour, minute = m.group(1, 2, 3, 4, 5)
    if month is None:
        return ParsedDate(date(int(year), 1, 1), "year")
    if day is None:
        return ParsedDate(date(int(year), int(month), 1), "month")
    return _build(int(year), int(month), int(day), hour, minute)


def _month(name: str) -> int | None:
    return merged().months.get(name.lower())


def _day_month_year(text: str, _day_first: bool) -> ParsedDate | None:
    m = _DAY_MONTH_YEAR.match(text)
    if not m or not (month := _month(m.group(2))):
        return None
    return _build(int(m.group(3)), month, int(m.group(1)), m.group(4), m.group(5))


def _month_day_year(text: str, _day_first: bool) -> ParsedDate | None:
    m = _MONTH_DAY_YEAR.match(text)
    if not m or not (month := _month(m.group(1))):
        return None
    return _build(int(m.group(3)), month, int(m.group(2)), m.group(4), m.group(5))


def _month_year(text: str, _day_first: bool) -> ParsedDate | None:
    m = _MONTH_YEAR.match(text)
    if not m or not (month := _month(m.group(1))):
        return None
    return ParsedDate(date(int(m.group(2)), month, 1), "month")


def _numeric(text: str, day_first: bool) -> ParsedDate | None:
    m = _NUMERIC.match(text)
    if not m:
        return None
    first, second = int(m.group(1)), int(m.group(2))
    day, month = (first, second) if day_first else (second, first)
    return _build(int(m.group(3)), month, day, m.group(4), m.group(5))


@cache
def _parser(day_first: bool) -> DateDataParser:
    # no relative dates: "yesterday" or "2 hours ago" in a date column would resolve against
    # the clock at ingest, and stray text like "1e309" would become today
    return DateDataParser(settings={"DATE_ORDER": "DMY" if day_first else "MDY",
                                    "PREFER_DAY_OF_MONTH": "first",
                                    "RETURN_AS_TIMEZONE_AWARE": False,
                                    "PARSERS": ["timestamp", "custom-formats", "absolute-time"]})


@lru_cache(maxsize=65536)
def _with_dateparser(text: str, day_first: bool) -> ParsedDate | None:
    try:
        data = _parser(day_first).get_date_data(text)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    found = data.date_obj if data else None
    if found is None:
        return None
    precision = data.period if data.period in PRECISIONS else "day"
    if precision == "day" and (found.hour or found.minute):
        return ParsedDate(found.date(), "time", found.replace(tzinfo=None))
    day = found.date()
    if precision == "month":
        day = day.replace(day=1)
    elif precision == "year":
        day = day.replace(month=1, day=1)
    return ParsedDate(day, precision)
