"""Shared step of the tabular readers: map each row's columns to article fields."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import Any

from newslens import columns
from newslens.records import Origin, RawRecord, ReadIssue
from newslens.sources import Source


def rows_to_records(source: Source, rows: Iterable[tuple[int, dict] | ReadIssue],
                    explicit: Mapping[str, str]) -> Iterator[RawRecord | ReadIssue]:
    """Resolve columns once per distinct header and yield one RawRecord per row."""
    resolved: dict[tuple, dict[str, str] | columns.ColumnError] = {}
    seen = False
    for item in rows:
        seen = True
        if isinstance(item, ReadIssue):
            yield item
            continue
        number, row = item
        key = tuple(row)
        if key not in resolved:
            try:
                resolved[key] = columns.resolve(row, explicit)
            except columns.ColumnError as exc:
                resolved[key] = exc
                yield ReadIssue(Origin(source.name, number), str(exc))
        mapping = resolved[key]
        if isinstance(mapping, columns.ColumnError):
            continue
        fields = {field: as_text(row.get(column)) for field, column in mapping.items()}
        yield RawRecord(Origin(source.name, number), fields)
    if not seen:  # a header alone, or "[]": say so rather than read nothing in silence
        yield ReadIssue(source.origin, "no data rows (only a header, or an empty list)")


def as_text(value: Any) -> str | None:
    """Render a cell as text: dates in ISO form, empty cells as None."""
    if value is None:
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):  # Parquet binary columns: text, not "b'...'"
        value = value.decode("utf-8", errors="replace")
    if isinstance(value, float) and value != value:  # NaN from spreadsheets
        return None
    text = str(value)
    return text if text.strip() else None
