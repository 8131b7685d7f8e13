"""When a sentence says something happened, resolved against the article's publication date.

"Selasa (16/02)" -> the day in brackets; "pada hari Senin" -> the most recent Monday on or
before publication (or after it with "depan"/"next"); "kemarin" -> the day before; "hari ini" ->
the publication day; "pekan lalu" -> the week before (precision week is kept as day of that
week's Monday, precision "week"); "bulan Januari 2015" -> 2015-01 (month); a full date -> that
day ("28-29 Desember 1954" -> its first day); "pada tahun 1993" -> 1993 (year). Nothing -> the
publication date with precision "reported".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from newslens.clean.dates import parse_date
from newslens.knowledge.lexicon import MeetingLexicon, merged

_BRACKET = re.compile(r"\((\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?\)")
_RANGE_END = re.compile(r"(?<=\d)\s*[-–]\s*\d{1,2}(?=\s)")  # "28-29 Desember": from the 28th


@dataclass(frozen=True)
class EventDate:
    day: date
    precision: str  # day | week | month | year | reported

    def iso(self) -> str:
        if self.precision == "month":
            return f"{self.day:%Y-%m}"
        if self.precision == "year":
            return f"{self.day:%Y}"
        return self.day.isoformat()


def resolve(sentence: str, published: date | None, words: MeetingLexicon) -> EventDate | None:
    """The date a sentence gives its event, most specific cue first."""
    lowered = sentence.lower()
    found = _bracketed(sentence, published) or _written(sentence)
    if found:
        return found
    if published is None:
        return None
    return (_month_day(sentence, published) or _days_ago(lowered, published)
            or _weekday(lowered, published, words) or _relative(lowered, published, words)
            or _year(lowered, published, words) or EventDate(published, "reported"))


_DAYS_AGO = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|ten|dua|tiga|empat|lima|"
                       r"enam|tujuh|sepuluh)\s+(?:days|hari)\s+(?:ago|earlier|lalu|yang lalu)\b")
_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
            "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7, "sepuluh": 10}
_HALF_YEAR = 183


def _month_day(sentence: str, published: date) -> EventDate | None:
    """A day and month without a year ("on February 4", "pada 14 April"): the year that puts
    it nearest the publication date (news writes the year only when it is not that one)."""
    months = merged().months
    names = "|".join(sorted(months, key=len, reverse=True))
    pattern = rf"\b(?:({names})\.?\s+(\d{{1,2}})\b(?!\s*,?\s*\d{{4}})|(\d{{1,2}})\s+({names})\b" \
              rf"(?!\.?,?\s*\d{{4}}))"
    for match in re.finditer(pattern, sentence, re.IGNORECASE):
        month = months[(match.group(1) or match.group(4)).lower()]
        day = int(match.group(2) or match.group(3))
        for year in (published.year, published.year - 1, published.year + 1):
            try:
                when = date(year, month, day)
            except ValueError:
                break
            if abs((when - published).days) <= _HALF_YEAR:
                return EventDate(when, "day")
    return None


def _days_ago(lowered: str, published: date) -> EventDate | None:
    """ "10 days ago", "tiga hari lalu"."""
    match = _DAYS_AGO.search(lowered)
    if match is None:
        return None
    count = _NUMBERS.get(match.group(1)) or int(match.group(1))
    return EventDate(published - timedelta(days=count), "day")


def undated_past(sentence: str, words: MeetingLexicon) -> bool:
    """Whether the sentence puts its event in the past without a day ("beberapa waktu lalu"),
    so a date written in the sentences around it is not the event's."""
    lowered = sentence.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words.vague_past)


def _bracketed(sentence: str, published: date | None) -> EventDate | None:
    match = _BRACKET.search(sentence)
    if not match:
        return None
    day, month, year = int(match.group(1)), int(match.group(2)), match.group(3)
    if year:
        full_year = int(year) + (2000 if len(year) == 2 else 0)
    elif published is not None:
        full_year = published.year
    else:
        return None
    try:
        return EventDate(date(full_year, month, day), "day")
    except ValueError:
        return None


def _written(sentence: str) -> EventDate | None:
    """A written date inside the sentence: "16 Februari 2016" or "bulan Januari 2015"."""
    months = "|".join(sorted(merged().months, key=len, reverse=True))
    pattern = rf"(?:\b\d{{1,2}}\s+)?\b(?:{months})\b\.?(?:\s+\d{{1,2}})?,?\s+\d{{4}}"
    for match in re.finditer(pattern, _RANGE_END.sub("", sentence), re.IGNORECASE):
        parsed = parse_date(match.group(0))
        if parsed:
            precision = "day" if parsed.precision in ("day", "time") else parsed.precision
            return EventDate(parsed.day, precision)
    return None


def _weekday(lowered: str, published: date, words: MeetingLexicon) -> EventDate | None:
    for name, number in words.weekdays.items():
        match = re.search(rf"\b{re.escape(name)}\b", lowered)
        if not match:
            continue
        following = re.findall(r"\w+", lowered[match.end():match.end() + 12])
        if following and following[0] in words.next_words:
            return EventDate(published + timedelta(days=(number - published.weekday()) % 7 or 7),
                             "day")
        return EventDate(published - timedelta(days=(published.weekday() - number) % 7), "day")
    return None


def _relative(lowered: str, published: date, words: MeetingLexicon) -> EventDate | None:
    if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words.yesterday):
        return EventDate(published - timedelta(days=1), "day")
    if any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words.today):
        return EventDate(published, "day")
    if any(w in lowered for w in words.last_week):
        monday = published - timedelta(days=published.weekday() + 7)
        return EventDate(monday, "week")
    return None


def _year(lowered: str, published: date, words: MeetingLexicon) -> EventDate | None:
    """A bare year before publication ("in 1993", "pada tahun 2015"); the current year says no
    more than the publication date does."""
    cue = "|".join(re.escape(w) for w in sorted(words.year_words, key=len, reverse=True))
    if not cue:
        return None
    for match in re.finditer(rf"\b(?:{cue})\s+(?:(?:early|late|mid|awal|akhir)\s+)?"
                             rf"(1[89]\d\d|20\d\d)\b", lowered):
        year = int(match.group(1))
        if year < published.year:
            return EventDate(date(year, 1, 1), "year")
    return None
