"""The Overview page's figures under the sidebar's filters: counts, date coverage, articles over
time by source or language, and the most mentioned entities of each type.

Every figure is aggregated in the store; only counts and a few dozen rows come back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from newslens.filters import Filters
from newslens.periods import AUTO, choose_grain
from newslens.presentation import MISSING
from newslens.queries.meetings import MeetingQuery, count_meetings
from newslens.store.connection import reading, scalar

SPLITS = ("source", "language")
TOP_GROUPS = 8


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


def ingested_paths(db: Path | str) -> list[str]:
    """Every input path any ingest read: tells a store of the bundled demo from one with the
    analyst's own data."""
    with reading(db) as con:
        rows = con.execute("SELECT DISTINCT unnest(paths) FROM ingests ORDER BY 1").fetchall()
    return [row[0] for row in rows]


def counts(db: Path | str, filters: Filters) -> Counts:
    where, params = filters.article_where("a")
    with reading(db) as con:
        row = con.execute(
            f"SELECT count(*), count(DISTINCT source), count(DISTINCT language), "
            f"min(published), max(published), count(*) FILTER (WHERE published IS NULL) "
            f"FROM articles a WHERE {where}", params).fetchall()[0]
        entities = _entities_named(con, filters) if row[0] else 0
    articles, sources, languages, first, last, undated = row
    return Counts(articles, sources, languages, entities,
                  count_meetings(db, MeetingQuery(filters=filters)), first, last, undated)


def _entities_named(con: duckdb.DuckDBPyConnection, filters: Filters) -> int:
    """Distinct entities in the kept articles. For the whole store that is every entity; for
    the articles naming one entity, that entity and the others it shares an article with
    (``entity_pairs``) — the common click on a single actor, and the costliest to count
    directly."""
    if filters == Filters():
        return scalar(con, "SELECT count(*) FROM entity_stats")
    if (entity := filters.single_entity) is not None:
        return scalar(con, "SELECT count(*) + 1 FROM entity_pairs WHERE entity_id = ?",
                      [entity])
    rows, params = _per_entity_article(filters)
    return scalar(con, f"SELECT count(DISTINCT entity_id) FROM ({rows})", params)


def _per_entity_article(filters: Filters) -> tuple[str, list]:
    """(entity_id, article_id, mentions) for the kept articles, from the cheaper source: the
    mentions, stored in date order, when the filters bound the dates (a few row groups), else
    ``entity_articles`` (one row per entity and article, half the size of mentions)."""
    where, params = filters.article_where("a")
    kept = f"article_id IN (SELECT a.article_id FROM articles a WHERE {where})"
    if filters.start or filters.end:
        dates, bounds = filters.dates_where("m")
        return (f"SELECT entity_id, article_id, count(*) AS mentions FROM mentions m "
                f"WHERE {dates} AND {kept} GROUP BY ALL", [*bounds, *params])
    return (f"SELECT entity_id, article_id, mentions FROM entity_articles "
            f"WHERE NOT starts_with(entity_id, '@') AND {kept}", params)


def articles_over_time(db: Path | str, filters: Filters, split: str = "source",
                       grain: str = AUTO) -> tuple[str, pd.DataFrame]:
    """Dated articles per period (``grain``, or chosen from the span) and per source or
    language, counted in the store; beyond the largest ``TOP_GROUPS`` groups, the rest count
    as "other". Returns the grain drawn."""
    if split not in SPLITS:
        raise ValueError(f"cannot split articles by {split!r}; choose one of {', '.join(SPLITS)}")
    where, params = filters.article_where("a")
    with reading(db) as con:
        con.execute(f"CREATE TEMP TABLE dated AS SELECT a.published, "
                    f"coalesce(a.{split}, ?) AS grp FROM articles a "
                    f"WHERE {where} AND a.published IS NOT NULL", [MISSING, *params])
        first, last = con.execute("SELECT min(published), max(published) FROM dated"
                                  ).fetchall()[0]
        grain = choose_grain(grain, first, last)
        frame = con.execute("""
            WITH top AS (SELECT grp FROM dated GROUP BY grp ORDER BY count(*) DESC, grp
                         LIMIT $top)
            SELECT date_trunc($grain, published)::DATE AS period,
                   CASE WHEN grp IN (SELECT grp FROM top) THEN grp ELSE 'other' END AS grp,
                   count(*) AS articles
            FROM dated GROUP BY 1, 2 ORDER BY 1, 2""", {"grain": grain, "top": TOP_GROUPS}).df()
    return grain, frame.rename(columns={"grp": split})


#: ``listed``: entities at or above their type's ``per_type``-th article count, out of
#: ``counted``; the final ranking (``_RANKED``) reads only these few, and names only them.
_SHORTLIST = """
    floor AS (SELECT type, list_min(max(articles, $n)) AS least FROM counted GROUP BY type),
    listed AS (SELECT c.* FROM counted c
               JOIN floor f ON f.type = c.type AND c.articles >= f.least)"""

_RANKED = """
    SELECT e.type, e.entity_id, e.name, s.articles, s.mentions
    FROM listed s JOIN entities e USING (entity_id)
    QUALIFY row_number() OVER (PARTITION BY e.type
                               ORDER BY s.articles DESC, s.mentions DESC, e.name) <= $n
    ORDER BY e.type, s.articles DESC, s.mentions DESC, e.name"""


def top_entities(db: Path | str, filters: Filters, per_type: int = 10) -> pd.DataFrame:
    """The entities of each type named in the most kept articles, with their mentions.

    Counts come from ``entity_stats`` for the whole store; around one entity, from its pairs
    (``entity_pairs``); otherwise per entity and kept article.
    """
    if (entity := filters.single_entity) is not None:
        return _top_around(db, entity, per_type)
    counted = "SELECT entity_id, type, articles, mentions FROM entity_stats"
    params: list = []
    if filters != Filters():
        rows, params = _per_entity_article(filters)
        counted = f"""
            SELECT c.entity_id, s.type, c.articles, c.mentions
            FROM (SELECT entity_id, count(*) AS articles, sum(mentions)::BIGINT AS mentions
                  FROM ({rows}) GROUP BY 1) c
            JOIN entity_stats s USING (entity_id)"""
    with reading(db) as con:
        # a view over the whole store's stats; the filtered counts are computed once
        kind = "TABLE" if filters != Filters() else "VIEW"
        con.execute(f"CREATE TEMP {kind} counted AS {counted}", params)
        return con.execute(f"WITH {_SHORTLIST} {_RANKED}",
                           {"n": per_type}).df()


def _top_around(db: Path | str, entity: str, per_type: int) -> pd.DataFrame:
    """Top entities of the articles naming ``entity``: each other one's shared articles and its
    mentions in them are stored in ``entity_pairs``; the entity's own are all of its own."""
    with reading(db) as con:
        return con.execute(f"""
            WITH counted AS (
                SELECT p.other AS entity_id, s.type, p.articles, p.mentions
                FROM entity_pairs p JOIN entity_stats s ON s.entity_id = p.other
                WHERE p.entity_id = $x
                UNION ALL
                SELECT entity_id, type, articles, mentions FROM entity_stats
                WHERE entity_id = $x),
            {_SHORTLIST}
            {_RANKED}""", {"x": entity, "n": per_type}).df()
