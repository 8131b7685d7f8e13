"""The records that flow through ingest: raw rows from readers, problems, clean articles."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """Text that encodes as UTF-8: lone surrogates (a file name of non-UTF-8 bytes, or JSON's
    "\\ud800") become U+FFFD, since the store and any UTF-8 output would refuse them."""
    return _LONE_SURROGATE.sub("\ufffd", text)


@dataclass(frozen=True)
class Origin:
    """Where a record came from: a file (or archive member) and, for tables, a row number."""

    file: str
    row: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "file", printable(self.file))

    def __str__(self) -> str:
        return self.file if self.row is None else f"{self.file}#row={self.row}"


def relabel(file: str, names: Mapping[Path, str]) -> str:
    """Name a file saved under a temporary path (or a member inside it) by its original name."""
    for path, name in names.items():
        if file == str(path) or file.startswith(f"{path}!"):
            return name + file[len(str(path)):]
    return file


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

    def __post_init__(self) -> None:
        object.__setattr__(self, "reason", printable(self.reason))

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
