"""The mentions of the articles a set of filters keeps, gathered once per query.

A query that needs the subset several times (units, pairs, sentences shared) reads it once
into a temporary table; the kept articles' date span narrows the read to the row groups of
mentions (stored in date order) that can hold them.
"""

from __future__ import annotations

import duckdb

from newslens.filters import Filters


def create_scoped(con: duckdb.DuckDBPyConnection, filters: Filters,
                  limit: int | None = None) -> None:
    """Temporary tables ``kept`` (the filtered articles; the newest ``limit`` of them when
    given, with ``matched`` the number before that limit) and ``scoped`` (each entity once per
    sentence of those articles, with ``n`` its mentions there)."""
    _create_kept(con, filters, limit)
    dates, bounds = _date_span(con)
    con.execute(f"CREATE TEMP TABLE scoped AS SELECT article_id, sentence, entity_id, "
                f"count(*) AS n FROM mentions WHERE {dates} "
                f"AND article_id IN (SELECT article_id FROM kept) GROUP BY ALL", bounds)


def _create_kept(con: duckdb.DuckDBPyConnection, filters: Filters, limit: int | None) -> None:
    """``kept``: article, date and ``matched`` (how many articles the filters keep in all).
    One entity's articles are listed in ``entity_articles`` and counted in ``entity_stats``:
    counting them over a window would hold all of them (400,000 for a country at 1M)."""
    newest, bound = "", []
    if limit is not None:
        newest, bound = "ORDER BY published DESC NULLS LAST, article_id LIMIT ?", [limit]
    if (entity := filters.single_entity) is not None:
        kept = ("SELECT article_id, published, (SELECT articles FROM entity_stats "
                "WHERE entity_id = ?) AS matched FROM entity_articles WHERE entity_id = ?")
        params = [entity, entity]
    else:
        where, params = filters.article_where("a")
        kept = (f"SELECT a.article_id, a.published, count(*) OVER () AS matched "
                f"FROM articles a WHERE {where}")
    con.execute(f"CREATE TEMP TABLE kept AS {kept} {newest}", [*params, *bound])


def _date_span(con: duckdb.DuckDBPyConnection) -> tuple[str, list]:
    """The kept articles' dates as a condition on mentions, which are stored in date order:
    it lets the scan skip every row group outside the span (none when an article is undated)."""
    low, high, undated = con.execute(
        "SELECT min(published), max(published), count(*) FILTER (WHERE published IS NULL) "
        "FROM kept").fetchall()[0]
    if undated or low is None:
        return "TRUE", []
    return "published BETWEEN ? AND ?", [low, high]
