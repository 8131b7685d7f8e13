"""What the store holds: counts, coverage and the ingest log (for `newslens info` and pages)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newslens.presentation import shown_name_sql
from newslens.store.connection import reading, scalar
from newslens.store.schema import version


@dataclass(frozen=True)
class StoreSummary:
    path: str
    schema_version: int
    size_bytes: int
    articles: int
    origins: int
    sources: int
    languages: dict[str, int]
    first_published: str | None
    last_published: str | None
    undated: int
    ingests: int


def summarise(db: Path | str) -> StoreSummary:
    """Counts and coverage of the store at ``db``."""
    with reading(db) as con:
        first, last = con.execute("SELECT min(published)::VARCHAR, max(published)::VARCHAR "
                                  "FROM articles").fetchall()[0]
        languages = dict(con.execute("SELECT coalesce(language, '?'), count(*) FROM articles "
                                     "GROUP BY 1 ORDER BY 2 DESC").fetchall())
        return StoreSummary(
            path=str(db), schema_version=version(con), size_bytes=Path(db).stat().st_size,
            articles=scalar(con, "SELECT count(*) FROM articles"),
            origins=scalar(con, "SELECT count(*) FROM origins"),
            sources=scalar(con, "SELECT count(DISTINCT source) FROM articles"),
            languages=languages, first_published=first, last_published=last,
            undated=scalar(con, "SELECT count(*) FROM articles WHERE published IS NULL"),
            ingests=scalar(con, "SELECT count(*) FROM ingests"),
        )


def ingest_log(db: Path | str) -> pd.DataFrame:
    """Every ingest, newest first; inputs by file name (the server's folders are its own)."""
    with reading(db) as con:
        return con.execute(
            "SELECT ingest_id, started_at, finished_at, "
            f"list_transform(paths, lambda p: {shown_name_sql('p')}) AS paths, files_read, "
            "records_read, articles_added, duplicates, skipped FROM ingests "
            "ORDER BY ingest_id DESC").df()


def ingest_issues(db: Path | str, ingest_id: int, limit: int = 1000) -> pd.DataFrame:
    """The issues one ingest met, one row per severity and reason (errors first) with how many
    times it came up and where first: forty rows with one bad URL scheme read as one line."""
    with reading(db) as con:
        return con.execute(
            "SELECT count(*) AS times, severity, reason, "
            f"{shown_name_sql('first(file ORDER BY file, row_number)')} AS first_file, "
            "first(row_number ORDER BY file, row_number) AS first_row FROM ingest_issues "
            "WHERE ingest_id = ? GROUP BY severity, reason "
            "ORDER BY severity, times DESC, reason LIMIT ?", [ingest_id, limit]).df()
