"""The Overview page's figures under the sidebar's filters: counts, date coverage, articles over
time by source or language, and the most mentioned entities of each type.

Every figure is aggregated in the store; only counts and a few dozen rows come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from newslens.filters import Filters
from newslens.queries.meetings import MeetingQuery, count_meetings
from newslens.store.connection import reading, scalar

SPLITS = ("source", "language")
TOP_GROUPS = 8
# day, week, month or year: the finest grain that keeps the chart under ~120 bars
_GRAINS = ((120, "day"), (7 * 120, "week"), (31 * 120, "month"))


@dataclass(frozen=True)
class Counts:
    """What the filters keep, and the dates those articles cover."""

    articles: int
    sources: int
    languages: int
    entities: int
    meetings: int
    first: date | None
    last: date | None
    undated: int


def stored_articles(db: Path | str) -> int:
    """All articles in the store, whatever the filters: zero means nothing is loaded yet."""
    with reading(db) as con:
        return scalar(con, "SELECT count(*) FROM articles")


def counts(db: Path | str, filters: Filters) -> Counts:
    where, params = filters.article_where("a")
    with reading(db) as con:
        row = con.execute(
            f"SELECT count(*), count(DISTINCT source), count(DISTINCT language), "
            f"min(published), max(published), count(*) FILTER (WHERE published IS NULL) "
            f"FROM articles a WHERE {where}", params).fetchall()[0]
        entities = scalar(con, "SELECT count(*) FROM entity_stats") if filters == Filters() \
            else scalar(con, f"SELECT count(DISTINCT entity_id) FROM entity_articles WHERE "
                             f"NOT starts_with(entity_id, '@') AND article_id IN "
                             f"(SELECT a.article_id FROM articles a WHERE {where})", params)
    articles, sources, languages, first, last, undated = row
    return Counts(articles, sources, languages, entities,
                  count_meetings(db, MeetingQuery(filters=filters)), first, last, undated)


def period_grain(first: date | None, last: date | None) -> str:
    """The finest of day, week, month or year that keeps a time chart readable."""
    days = (last - first).days if first and last else 0
    return next((grain for limit, grain in _GRAINS if days <= limit), "year")


def articles_over_time(db: Path | str, filters: Filters,
                       split: str = "source") -> tuple[str, pd.DataFrame]:
    """Dated articles per period and per source or language; beyond the largest
    ``TOP_GROUPS`` groups, the rest count as "other"."""
    if split not in SPLITS:
        raise ValueError(f"cannot split articles by {split!r}; choose one of {', '.join(SPLITS)}")
    where, params = filters.article_where("a")
    with reading(db) as con:
        con.execute(f"CREATE TEMP TABLE dated AS SELECT a.published, "
                    f"coalesce(a.{split}, 'unknown') AS grp FROM articles a "
                    f"WHERE {where} AND a.published IS NOT NULL", params)
        first, last = con.execute("SELECT min(published), max(published) FROM dated"
                                  ).fetchall()[0]
        grain = period_grain(first, last)
        frame = con.execute("""
            WITH top AS (SELECT grp FROM dated GROUP BY grp ORDER BY count(*) DESC, grp
                         LIMIT $top)
            SELECT date_trunc($grain, published)::DATE AS period,
                   CASE WHEN grp IN (SELECT grp FROM top) THEN grp ELSE 'other' END AS grp,
                   count(*) AS articles
            FROM dated GROUP BY 1, 2 ORDER BY 1, 2""", {"grain": grain, "top": TOP_GROUPS}).df()
    return grain, frame.rename(columns={"grp": split})


def top_entities(db: Path | str, filters: Filters, per_type: int = 10) -> pd.DataFrame:
    """The entities of each type named in the most kept articles, with their mentions."""
    where, params = filters.article_where("a")
    named = """named AS (SELECT entity_id, articles, mentions FROM entity_stats)"""
    if filters != Filters():
        # rank by articles from entity_articles (one row per entity and article, half the
        # size of mentions); count mentions only for the entities that made the ranking
        named = f"""kept AS (SELECT a.article_id FROM articles a WHERE {where}),
            counted AS (SELECT entity_id, count(*) AS articles FROM entity_articles
                        WHERE article_id IN (SELECT article_id FROM kept)
                          AND NOT starts_with(entity_id, '@') GROUP BY 1),
            ranked AS (SELECT c.entity_id, c.articles FROM counted c JOIN entities e
                       USING (entity_id)
                       QUALIFY row_number() OVER (PARTITION BY e.type
                                                  ORDER BY c.articles DESC, e.name) <= ?),
            named AS (SELECT r.entity_id, r.articles, count(*) AS mentions
                      FROM ranked r JOIN mentions m USING (entity_id)
                      WHERE m.entity_id IN (SELECT entity_id FROM ranked)
                        AND m.article_id IN (SELECT article_id FROM kept)
                      GROUP BY 1, 2)"""
        params = [*params, per_type]
    else:
        params = []
    with reading(db) as con:
        return con.execute(f"""
            WITH {named}
            SELECT e.type, e.entity_id, e.name, n.articles, n.mentions
            FROM named n JOIN entities e USING (entity_id)
            QUALIFY row_number() OVER (PARTITION BY e.type
                                       ORDER BY n.articles DESC, n.mentions DESC, e.name) <= ?
            ORDER BY e.type, n.articles DESC, n.mentions DESC, e.name""",
            [*params, per_type]).df()
