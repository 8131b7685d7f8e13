"""How values read to an analyst: column labels, the one word for a missing value, plurals,
dates at their precision, and the help text behind each ``?``.

Every page, chart hover and export goes through here, so a column, a missing place or a
month-precision date reads the same wherever it appears.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import pandas as pd

#: The one word for a value the data does not give (never ``nan``, ``None`` or ``NaT``).
MISSING = "unknown"
UNTITLED = "(untitled)"

PRECISION_HELP = (
    "How exactly the date is known. day: that day (time: to the minute); week: the week "
    "(shown as its Monday); month: the month (shown as its first day); year: the year (shown "
    "as 1 January); reported: the sentence gives no date, so the article's publication date "
    "stands in.")
KIND_HELP = (
    "meeting: met in person; phone: a telephone or video call; visit: one side travelled to "
    "the other; summit: a gathering of several leaders. Read from the contact words of the "
    "sentence that reports it.")
WEIGHT_HELP = (
    "count: how often the pair appears together. PMI (pointwise mutual information): how much "
    "more often than their own frequencies predict, so rare pairs stand out. Jaccard: the "
    "units naming both over the units naming either (0 to 1). Association measures keep hubs "
    "such as a country named everywhere from dominating.")
COMMUNITY_HELP = (
    "Louvain community: a group of entities named with each other more often than with the "
    "rest of the network; each is named after its best-connected members.")

#: How a date of each precision is known, in a phrase for hover labels.
PRECISION_NOTES: dict[str, str] = {
    "time": "known to the minute", "day": "known to the day", "week": "known to the week",
    "month": "known to the month", "year": "known to the year",
    "reported": "as reported: the article's date, the sentence gives none",
}

#: Column name -> the label an analyst reads in tables, exports and column choosers.
LABELS: dict[str, str] = {
    "article_id": "Article id", "published": "Published", "published_precision": "Date known to",
    "source": "Source", "language": "Language", "title": "Title", "url": "Link",
    "read_also": "Read-also links", "meeting_id": "Meeting id", "date": "Date",
    "date_precision": "Date known to", "kind": "Kind", "location": "Place", "place": "Place",
    "location_id": "Place id", "participants": "Participants", "sources": "Reporting articles",
    "agreement": "Agreement", "planned": "Planned", "evidence": "Evidence",
    "confidence": "Confidence", "lane": "Row", "country": "Country", "meetings": "Meetings",
    "kinds": "Kinds", "first": "First", "last": "Last", "latitude": "Latitude",
    "longitude": "Longitude", "exact": "Exact place", "entity_id": "Entity id", "name": "Name",
    "type": "Type", "sentences": "Sentences together", "articles": "Articles",
    "mentions": "Mentions", "community": "Community", "degree": "Partners",
    "betweenness": "Betweenness", "together": "Together", "ingest_id": "Ingest",
    "started_at": "Started", "finished_at": "Finished", "paths": "Paths",
    "files_read": "Files read", "records_read": "Records read",
    "articles_added": "Articles added", "duplicates": "Duplicates", "skipped": "Skipped",
    "file": "File", "row_number": "Row", "row": "Row", "severity": "Severity",
    "reason": "Reason", "field": "Article field", "column": "Column",
    "first value": "First value",
}

#: Column name -> what the ``?`` beside its header says.
HELP: dict[str, str] = {
    "published_precision": PRECISION_HELP, "date_precision": PRECISION_HELP,
    "kind": KIND_HELP, "community": COMMUNITY_HELP,
    "read_also": "Titles the original page links to as related reading",
    "sources": "Articles within the filters that report the meeting",
    "agreement": "The report says the sides agreed on or signed something",
    "planned": "Announced for later, not yet held",
    "confidence": "How sure the meeting extractor was, from 0 to 1",
    "degree": "Entities it is linked to in this network",
    "betweenness": "How often it lies on the shortest path between two others (0 to 1): "
                   "a broker between groups",
    "evidence": "The sentence that reports the meeting (the first, when several do)",
}

#: Date-only columns and the column holding each one's precision (None: always a day).
DATE_COLUMNS: dict[str, str | None] = {
    "published": "published_precision", "date": "date_precision", "first": None,
    "last": None, "period": None,
}
_IRREGULAR = {"entity": "entities", "country": "countries", "community": "communities"}


def label(column: str) -> str:
    """The human label of a column; an unlisted one loses its underscores."""
    return LABELS.get(column) or column.replace("_", " ").capitalize()


def labels(columns: Iterable[str]) -> list[str]:
    return [label(str(c)) for c in columns]


def is_missing(value: Any) -> bool:
    """None, NaN and NaT: what pandas and DuckDB hand over for "not given"."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def text(value: Any) -> str:
    """A value as text, with the one word for missing."""
    return MISSING if is_missing(value) else str(value)


def plural(count: int, noun: str) -> str:
    """'1 article', '2 articles', '1,000 entities'."""
    word = noun if count == 1 else _IRREGULAR.get(noun, noun + "s")
    return f"{count:,} {word}"


#: The server's folders before an input's file name (an archive's members stay: "a.zip!b.csv").
_FOLDERS = r"^[^!]*[/\\]"


def shown_name(file: str) -> str:
    """An input as users see it: its file name, never the server's folders it was read from."""
    return re.sub(_FOLDERS, "", file)


def shown_name_sql(column: str) -> str:
    """``shown_name`` as a DuckDB expression over ``column`` (the same pattern)."""
    return f"regexp_replace({column}, '{_FOLDERS}', '')"


def progress_line(read: int, expected: int, seconds: float) -> str:
    """'Ingesting… 1,200 of about 5,000 articles · 410 articles/s' (the rate once a second has
    passed: before that it says nothing true)."""
    of = f" of about {expected:,}" if expected > read else ""
    rate = f" · {read / seconds:,.0f} articles/s" if seconds >= 1 and read else ""
    return f"{plural(read, 'article')} read{of}{rate}"


def as_date(value: Any) -> date | None:
    """A date-only value as a ``date`` (pandas hands DuckDB's DATE over as midnight)."""
    if is_missing(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.date()
    return value if isinstance(value, date) else None


def day(value: Any, precision: Any = "day") -> str:
    """A date as text at its precision: '2016', '2016-02' or '2016-02-18'; never a time of
    midnight; the missing word when there is none."""
    found = as_date(value)
    if found is None:
        return MISSING
    if precision == "year":
        return f"{found:%Y}"
    if precision == "month":
        return f"{found:%Y-%m}"
    return found.isoformat()


def precision_note(precision: Any) -> str:
    """'known to the month', for a hover label; the missing word for no precision."""
    return PRECISION_NOTES.get(str(precision), MISSING) if not is_missing(precision) else MISSING


def display_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` to show: dates at their precision, the missing word for gaps.
    Column names stay (tables label them through their column configuration)."""
    shown = frame.copy()
    for column, precision in DATE_COLUMNS.items():
        if column in shown:
            levels = shown[precision] if precision in shown else ["day"] * len(shown)
            shown[column] = [day(v, p) for v, p in zip(shown[column], levels, strict=True)]
    for column in shown.columns:
        if _is_flag(shown[column]):
            shown[column] = [MISSING if is_missing(v) else ("yes" if v else "no")
                             for v in shown[column]]
        elif shown[column].isna().any():
            shown[column] = shown[column].astype(object).where(shown[column].notna(), MISSING)
    return shown


def _is_flag(values: pd.Series) -> bool:
    """A yes/no column (with or without gaps), shown as words rather than checkboxes."""
    present = values.dropna()
    return not present.empty and all(isinstance(v, bool) for v in present.map(_plain))


def _plain(value: Any) -> Any:
    return value.item() if hasattr(value, "item") else value
