"""Tables derived from mentions so that pages stay fast at a million articles.

``entity_articles`` lists each (entity, article) once with the article's date, kept sorted by
entity so that "articles naming X" reads a few row groups instead of every mention; a country
appears there as ``@RU`` for every article that names Russia or anyone or anything Russian.
``entity_stats`` holds each entity's mentions, sentences and articles, and ``meta`` the number
of sentences and articles that name any entity (the N of PMI). ``entity_pairs`` holds every
co-occurring pair once from each side, sorted by entity, so "who appears with X" reads a few row
groups. All are updated at each merge from the new mentions only, and for the entities an
analyst merges.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from newslens.store import pairs
from newslens.store.connection import scalar, writing

_ENTITY_ORDER = "entity_id, published DESC"
#: Re-sort a sorted derived table when the rows appended since its last sort exceed this share.
RESORT_SHARE = 0.25
_UNSORTED_MIN = 50_000

#: (entity, article) rows with the article's date and the entity's mentions in it, for the
#: mentions selected by ``where``; a country's row counts the mentions of everything of it.
_ENTITY_ROWS = """
    SELECT m.entity_id, m.article_id, m.published, count(*)::INTEGER
    FROM {mentions} m WHERE {where} GROUP BY ALL"""
_COUNTRY_ROWS = """
    SELECT '@' || e.country, m.article_id, m.published, count(*)::INTEGER
    FROM {mentions} m JOIN entities e USING (entity_id)
    WHERE e.country IS NOT NULL AND {where} GROUP BY ALL"""

#: Each entity's type and counts over the mentions selected by ``where``.
_STATS = """
    SELECT m.entity_id, any_value(e.type) AS type, count(*) AS mentions,
           count(DISTINCT (m.article_id, m.sentence)) AS sentences,
           count(DISTINCT m.article_id) AS articles
    FROM {mentions} m LEFT JOIN entities e USING (entity_id) WHERE {where}
    GROUP BY m.entity_id"""


def country_key(code: str) -> str:
    """The entity_articles key of a country: every article naming it or anyone of it."""
    return "@" + code.upper()


def add_derived(con: duckdb.DuckDBPyConnection, where: str, params: list,
                mentions: str = "mentions") -> None:
    """Add the mentions selected by ``where`` (over ``mentions m``, or over the table named
    ``mentions`` holding new ones) to the derived tables."""
    _add_counts(con, where, params, mentions)
    _add_pairs(con, where, params, mentions)


def _add_counts(con: duckdb.DuckDBPyConnection, where: str, params: list,
                mentions: str) -> None:
    """Everything but the pairs: entity_articles, entity_stats and the units in meta."""
    rows = f"{_ENTITY_ROWS} UNION ALL {_COUNTRY_ROWS}".format(where=where, mentions=mentions)
    con.execute(f"INSERT INTO entity_articles {rows} ORDER BY {_ENTITY_ORDER}", params * 2)
    _add_stats(con, where, params, mentions)
    _add_units(con, where, params, mentions)


def _add_stats(con: duckdb.DuckDBPyConnection, where: str, params: list,
               mentions: str) -> None:
    con.execute(f"CREATE OR REPLACE TEMP TABLE new_stats AS "
                f"{_STATS.format(where=where, mentions=mentions)}", params)
    con.execute("""
        UPDATE entity_stats s SET mentions = s.mentions + n.mentions,
               sentences = s.sentences + n.sentences, articles = s.articles + n.articles
        FROM new_stats n WHERE s.entity_id = n.entity_id""")
    con.execute("INSERT INTO entity_stats BY NAME SELECT * FROM new_stats n WHERE NOT EXISTS "
                "(SELECT 1 FROM entity_stats s WHERE s.entity_id = n.entity_id)")
    con.execute("DROP TABLE new_stats")


def _add_units(con: duckdb.DuckDBPyConnection, where: str, params: list,
               mentions: str) -> None:
    """Sentences and articles naming any entity: new articles are disjoint from stored ones."""
    sentences, articles = con.execute(
        f"SELECT count(DISTINCT (m.article_id, m.sentence)), count(DISTINCT m.article_id) "
        f"FROM {mentions} m WHERE {where}", params).fetchall()[0]
    for key, added in (("units_sentence", sentences), ("units_article", articles)):
        con.execute("INSERT OR REPLACE INTO meta VALUES (?, (coalesce((SELECT value FROM meta "
                    "WHERE key = ?), '0')::BIGINT + ?)::VARCHAR)", [key, key, added])


def _add_pairs(con: duckdb.DuckDBPyConnection, where: str, params: list,
               mentions: str) -> None:
    """Add the pairs within the new articles: known pairs are summed through a join (the table
    has no key index, which at a million articles would outweigh the table), new ones appended."""
    con.execute("CREATE TEMP TABLE new_pairs AS SELECT * FROM entity_pairs LIMIT 0")
    pairs.count_into(con, "new_pairs", where, params, mentions)
    con.execute("""
        UPDATE entity_pairs p SET articles = p.articles + n.articles,
               sentences = p.sentences + n.sentences,
               sentence_articles = p.sentence_articles + n.sentence_articles,
               mentions = p.mentions + n.mentions
        FROM new_pairs n WHERE p.entity_id = n.entity_id AND p.other = n.other""")
    con.execute(f"INSERT INTO entity_pairs SELECT * FROM new_pairs n WHERE NOT EXISTS "
                f"(SELECT 1 FROM entity_pairs p WHERE p.entity_id = n.entity_id "
                f"AND p.other = n.other) ORDER BY {pairs.ORDER}")
    con.execute("DROP TABLE new_pairs")


#: The tables read by entity, and their order.
_SORTED = {"entity_articles": _ENTITY_ORDER, "entity_pairs": pairs.ORDER}


def resort_due(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether enough rows were appended to a table read by entity for ``resort`` to rewrite
    it; the merge asks, so that an ingest takes the write lock a second time only then."""
    return any(_unsorted_share_exceeded(con, table) for table in _SORTED)


def resort(db: Path | str) -> None:
    """Re-sort the tables read by entity once enough rows were appended since their last sort.

    Its own transaction, after the merge's: rewriting rows inserted earlier in the same
    transaction left them in any order (DuckDB 2.0), while the meta said sorted.
    """
    with writing(db) as con:
        for table, order in _SORTED.items():
            if _unsorted_share_exceeded(con, table):
                _rewrite_sorted(con, table, order)


def _unsorted_share_exceeded(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """More rows appended (or removed) since the last sort, counted in meta as
    ``<table>_sorted``, than the share allowed: lookups by entity rely on the order."""
    total = scalar(con, f"SELECT count(*) FROM {table}")
    sorted_rows = int(scalar(con, "SELECT value FROM meta WHERE key = ?", [f"{table}_sorted"])
                      or 0)
    return abs(total - sorted_rows) > max(_UNSORTED_MIN, RESORT_SHARE * total)


def _rewrite_sorted(con: duckdb.DuckDBPyConnection, table: str, order: str) -> None:
    con.execute(f"CREATE TEMP TABLE resorted AS SELECT * FROM {table}")
    con.execute(f"DELETE FROM {table}")
    # the ORDER BY belongs to the INSERT itself: a writer does not preserve insertion order
    # (store/connection.py), so rows copied from a sorted table would land in any order
    con.execute(f"INSERT INTO {table} SELECT * FROM resorted ORDER BY {order}")
    con.execute("DROP TABLE resorted")
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, (SELECT count(*)::VARCHAR FROM "
                f"{table}))", [f"{table}_sorted"])


def recount_entity(con: duckdb.DuckDBPyConnection, gone: str, entity: str) -> None:
    """After ``gone`` was merged into ``entity``: its rows become the entity's, counted again."""
    con.execute("DELETE FROM entity_articles WHERE entity_id IN (?, ?)", [gone, entity])
    con.execute(f"INSERT INTO entity_articles {_ENTITY_ROWS}".format(
        where="m.entity_id = ?", mentions="mentions"), [entity])
    con.execute("DELETE FROM entity_stats WHERE entity_id IN (?, ?)", [gone, entity])
    con.execute(f"INSERT INTO entity_stats BY NAME {_STATS}".format(
        where="m.entity_id = ?", mentions="mentions"), [entity])
    _recount_pairs(con, gone, entity)


def _recount_pairs(con: duckdb.DuckDBPyConnection, gone: str, entity: str) -> None:
    """Drop both entities' pairs, from either side, and count ``entity``'s again over the
    articles naming it: from its side, and mirrored (the other's row holds its mentions)."""
    con.execute("DELETE FROM entity_pairs WHERE entity_id IN ($gone, $entity) "
                "OR other IN ($gone, $entity)", {"gone": gone, "entity": entity})
    # its articles from mentions: its entity_articles rows were written in this transaction,
    # and rows just written there may read as none (see _merge_entities in store/writes.py)
    pairs.count_units(con, "m.article_id IN (SELECT article_id FROM mentions "
                           "WHERE entity_id = ?)", [entity])
    con.execute(f"CREATE TEMP TABLE new_pairs AS {pairs.rows_sql('a.entity_id = $entity')}",
                {"entity": entity})
    pairs.drop_units(con)
    con.execute(f"INSERT INTO entity_pairs SELECT {pairs.COLUMNS} FROM new_pairs "
                f"ORDER BY {pairs.ORDER}")
    con.execute("INSERT INTO entity_pairs SELECT other, entity_id, articles, sentences, "
                "sentence_articles, own FROM new_pairs ORDER BY other, articles DESC")
    con.execute("DROP TABLE new_pairs")


def rebuild(con: duckdb.DuckDBPyConnection) -> None:
    """Recompute every derived table from all mentions (stores written by hand, repairs),
    after giving each mention its article's date."""
    con.execute("UPDATE mentions m SET published = a.published FROM articles a "
                "WHERE a.article_id = m.article_id AND m.published IS DISTINCT FROM a.published")
    con.execute("DELETE FROM entity_articles")
    con.execute("DELETE FROM entity_stats")
    con.execute("DELETE FROM entity_pairs")
    con.execute("DELETE FROM meta WHERE key IN ('units_sentence', 'units_article', "
                "'entity_articles_sorted')")
    _add_counts(con, "TRUE", [], "mentions")  # written in entity order
    con.execute("INSERT OR REPLACE INTO meta VALUES ('entity_articles_sorted', "
                "(SELECT count(*)::VARCHAR FROM entity_articles))")
    pairs.fill(con)  # all pairs at once would outgrow the writer's memory
