"""The article list: filtered, searched and paged in the store, never loaded whole."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from newslens import fulltext
from newslens.filters import Filters
from newslens.queries.table_view import (
    EXPORT_ROWS,
    FIRST_PAGE,
    TableSpec,
    TableView,
    streamed,
)
from newslens.store.connection import reading, scalar

ARTICLE_TABLE = TableSpec(
    columns={"published": "a.published", "published_precision": "a.published_precision",
             "source": "a.source", "language": "a.language", "title": "a.title",
             "url": "a.url", "read_also": "len(a.related_titles)"},
    sortable=("published", "source", "language", "title", "read_also"),
    default_sort="published", key="a.article_id")


@dataclass(frozen=True)
class ArticleQuery:
    """The global filters, plus what the Articles page adds: a text search and a meeting kind."""

    search: str = ""
    filters: Filters = field(default_factory=Filters)
    meeting_kind: str = ""
    #: search the text too, not just titles
    in_text: bool = True

    def where(self, db: Path | str) -> tuple[str, list]:
        """SQL condition and its bound parameters; a search goes through the full-text index
        when it holds the whole store, else it reads the titles (and texts)."""
        where, params = self.filters.article_where("a")
        clauses = [where]
        if self.search.strip():
            matches = fulltext.find(db, self.search, self.in_text)
            if matches is not None:
                clauses.append("a.article_id IN (SELECT unnest(?::VARCHAR[]))")
                params.append(matches.article_ids)
            else:
                clauses.append(self._scan_clause(params))
        if self.meeting_kind:
            clauses.append("EXISTS (SELECT 1 FROM meeting_sources s JOIN meetings g "
                           "USING (meeting_id) WHERE s.article_id = a.article_id AND g.kind = ?)")
            params.append(self.meeting_kind)
        return " AND ".join(clauses), params

    def _scan_clause(self, params: list) -> str:
        pattern = "%" + _escape_like(self.search.strip()) + "%"
        if self.in_text:
            params += [pattern, pattern]
            return "(a.title ILIKE ? ESCAPE '\\' OR a.text ILIKE ? ESCAPE '\\')"
        params.append(pattern)
        return "a.title ILIKE ? ESCAPE '\\'"


def index_ready(db: Path | str) -> bool:
    """Whether searches go through the full-text index (it holds every stored article)."""
    try:
        return fulltext.is_current(db)
    except (OSError, ValueError):
        return False


def search_reach(db: Path | str, search: str, in_text: bool) -> tuple[bool, int, int]:
    """How a search is answered: (through the index, articles matching it there, how many of
    them — the newest — go on to the filters)."""
    matches = fulltext.find(db, search, in_text) if search.strip() else None
    if matches is None:
        return False, 0, 0
    return True, matches.total, len(matches.article_ids)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def count_articles(db: Path | str, query: ArticleQuery) -> int:
    where, params = query.where(db)
    with reading(db) as con:
        return scalar(con, f"SELECT count(*) FROM articles a WHERE {where}", params)


def list_articles(db: Path | str, query: ArticleQuery,
                  view: TableView = FIRST_PAGE) -> pd.DataFrame:
    """One page of articles in the view's order over every match, every listed column, without
    their full text."""
    sql, params = _listing(db, query, view, every=True)
    with reading(db) as con:
        return con.execute(f"{sql} LIMIT ? OFFSET ?", [*params, *view.window()]).df()


def export_articles(db: Path | str, query: ArticleQuery, view: TableView,
                    limit: int = EXPORT_ROWS) -> Iterator[Sequence]:
    """Column names, then every matching article (up to ``limit``) in the view's order."""
    sql, params = _listing(db, query, view)
    return streamed(db, f"{sql} LIMIT ?", [*params, limit])


def _listing(db: Path | str, query: ArticleQuery, view: TableView,
             every: bool = False) -> tuple[str, list]:
    where, params = query.where(db)
    return (f"SELECT {view.select(ARTICLE_TABLE, every)} FROM articles a WHERE {where} "
            f"{view.order_by(ARTICLE_TABLE)}", params)


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


def article_mentions(db: Path | str, article_id: str) -> pd.DataFrame:
    """Where each entity is named in the article (offsets into its text), in reading order."""
    with reading(db) as con:
        return con.execute(
            "SELECT m.start, m.\"end\", m.surface, e.entity_id, e.name, e.type FROM mentions m "
            "JOIN entities e USING (entity_id) WHERE m.article_id = ? ORDER BY m.start",
            [article_id]).df()


def article_meetings(db: Path | str, article_id: str) -> pd.DataFrame:
    """The meetings this article reports, with their participants and evidence sentence."""
    with reading(db) as con:
        return con.execute("""
            SELECT g.date, g.date_precision, g.kind, l.name AS location,
                   (SELECT string_agg(e.name, ', ' ORDER BY e.name) FROM meeting_participants p
                    JOIN entities e USING (entity_id) WHERE p.meeting_id = g.meeting_id)
                       AS participants,
                   g.planned, g.agreement, s.evidence, g.meeting_id
            FROM meeting_sources s JOIN meetings g USING (meeting_id)
            LEFT JOIN entities l ON l.entity_id = g.location_id
            WHERE s.article_id = ? ORDER BY s.start""", [article_id]).df()


def meeting_kinds(db: Path | str) -> list[str]:
    with reading(db) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT kind FROM meetings WHERE kind IS NOT NULL ORDER BY 1").fetchall()]
