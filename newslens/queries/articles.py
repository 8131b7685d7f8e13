"""The article list: filtered, searched and paged in the store, never loaded whole."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from newslens.store.connection import reading, scalar

PAGE_SIZE_MAX = 500


@dataclass(frozen=True)
class ArticleQuery:
    """What the analyst asked for: a text search, a date range, sources and languages."""

    search: str = ""
    start: date | None = None
    end: date | None = None
    sources: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()

    def where(self) -> tuple[str, list]:
        """SQL condition and its bound parameters."""
        clauses, params = ["TRUE"], []
        if self.search.strip():
            clauses.append("(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')")
            pattern = "%" + _escape_like(self.search.strip()) + "%"
            params += [pattern, pattern]
        if self.start:
            clauses.append("a.published >= ?")
            params.append(self.start)
        if self.end:
            clauses.append("a.published <= ?")
            params.append(self.end)
        for column, values in (("source", self.sources), ("language", self.languages)):
            if values:
                clauses.append(f"a.{column} IN ({', '.join('?' * len(values))})")
                params += list(values)
        return " AND ".join(clauses), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count_articles(db: Path | str, query: ArticleQuery) -> int:
    where, params = query.where()
    with reading(db) as con:
        return scalar(con, f"SELECT count(*) FROM articles a WHERE {where}", params)


def list_articles(db: Path | str, query: ArticleQuery, page: int = 1,
                  page_size: int = 50) -> pd.DataFrame:
    """One page of articles, newest first, without their full text."""
    page_size = max(1, min(page_size, PAGE_SIZE_MAX))
    where, params = query.where()
    with reading(db) as con:
        return con.execute(
            f"SELECT a.article_id, a.published, a.published_precision, a.source, a.language, "
            f"a.title, a.url, len(a.related_titles) AS read_also FROM articles a WHERE {where} "
            f"ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ? OFFSET ?",
            [*params, page_size, (max(page, 1) - 1) * page_size]).df()


def get_article(db: Path | str, article_id: str) -> dict | None:
    """One article with its text, read-also titles and origins."""
    with reading(db) as con:
        result = con.execute(
            "SELECT a.*, (SELECT list(origin ORDER BY origin) FROM origins o "
            "WHERE o.article_id = a.article_id) AS origins FROM articles a "
            "WHERE a.article_id = ?", [article_id])
        names = [d[0] for d in result.description]
        rows = result.fetchall()
    return dict(zip(names, rows[0], strict=True)) if rows else None


def distinct_values(db: Path | str, column: str) -> list[str]:
    """Values present for a filterable column (sources or languages)."""
    if column not in ("source", "language"):
        raise ValueError(f"not a filterable column: {column}")
    with reading(db) as con:
        rows = con.execute(f"SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL "
                           f"ORDER BY 1").fetchall()
    return [r[0] for r in rows]
