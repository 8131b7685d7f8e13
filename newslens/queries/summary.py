"""What the store holds: counts, coverage and the ingest log (for `newslens info` and pages)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

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
    """Every ingest, newest first."""
    with reading(db) as con:
        return con.execute("SELECT ingest_id, started_at, finished_at, paths, files_read, "
                           "records_read, articles_added, duplicates, skipped FROM ingests "
                           "ORDER BY ingest_id DESC").df()


def ingest_issues(db: Path | str, ingest_id: int, limit: int = 1000) -> pd.DataFrame:
    """The issues one ingest met, errors first."""
    with reading(db) as con:
        return con.execute("SELECT file, row_number, severity, reason FROM ingest_issues "
                           "WHERE ingest_id = ? ORDER BY severity, file, row_number LIMIT ?",
                           [ingest_id, limit]).df()
