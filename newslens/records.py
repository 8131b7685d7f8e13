"""The records that flow through ingest: raw rows from readers, problems, clean articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Origin:
    """Where a record came from: a file (or archive member) and, for tables, a row number."""

    file: str
    row: int | None = None

    def __str__(self) -> str:
        return self.file if self.row is None else f"{self.file}#row={self.row}"


@dataclass
class RawRecord:
    """One article as read, with canonical field names (title, text, date, url, ...)."""

    origin: Origin
    fields: dict[str, str | None]


@dataclass(frozen=True)
class ReadIssue:
    """Something that could not be read: reported to the user, never silently dropped."""

    origin: Origin
    reason: str
    severity: str = "error"

    def __str__(self) -> str:
        return f"{self.origin}: {self.reason}"


@dataclass
class Article:
    """A cleaned article ready for the store."""

    article_id: str
    text: str
    text_hash: str
    origin: Origin
    title: str | None = None
    url: str | None = None
    url_key: str | None = None
    source: str | None = None
    published: date | None = None
    published_at: datetime | None = None
    published_precision: str | None = None
    language: str | None = None
    raw_text: str | None = None
    related_titles: list[str] = field(default_factory=list)
    author: str | None = None
    dateline: str | None = None
