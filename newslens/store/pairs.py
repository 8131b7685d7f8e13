"""Co-occurrence counted once from each side of a pair (``entity_pairs``, sorted by entity).

A row (entity, other) holds the articles the two share, the sentences they share (and the
articles holding those) and ``other``'s mentions in the shared articles: "who appears with X",
the top entities around X and the network without filters all read X's rows alone.

Pairs are counted over the mentions of some articles: the new ones at each merge (summed into
the table), or all of them when the table is built from scratch. A whole store's pairs outgrow
the writer's memory when counted at once (11 million rows at 100k articles), so they are
counted a range of entities at a time: each range's rows are final, and written in order.
"""

from __future__ import annotations

import duckdb

#: Rows the pair join may produce per slice; ~half become distinct pairs, which the aggregate
#: holds in memory — a few million stay well inside the writer's 1 GB.
SLICE_JOIN_ROWS = 4_000_000

TABLE = """
    CREATE TABLE entity_pairs (
        entity_id VARCHAR NOT NULL, other VARCHAR NOT NULL, articles INTEGER,
        sentences INTEGER, sentence_articles INTEGER, mentions INTEGER
    )"""

#: The pre-v10 table, one row per unordered pair and scope, as a view for exports and readers.
VIEW = """
    CREATE VIEW cooccurrence AS
    SELECT 'article' AS scope, entity_id AS entity_a, other AS entity_b, articles AS count,
           articles
    FROM entity_pairs WHERE entity_id < other
    UNION ALL
    SELECT 'sentence', entity_id, other, sentences, sentence_articles
    FROM entity_pairs WHERE entity_id < other AND sentences > 0"""

ORDER = "entity_id, articles DESC"

#: Each entity once per article (with its mentions) and once per sentence, over ``{where}``.
_UNITS = (
    "CREATE OR REPLACE TEMP TABLE article_units AS SELECT m.article_id, m.entity_id, "
    "count(*) AS n FROM {mentions} m WHERE {where} GROUP BY ALL",
    "CREATE OR REPLACE TEMP TABLE sentence_units AS SELECT DISTINCT m.article_id, m.sentence, "
    "m.entity_id FROM {mentions} m WHERE {where}",
)

#: The pair rows whose first entity ``{side}`` selects (over ``a.entity_id``), from the units.
_ROWS = """
    WITH by_article AS (
        SELECT a.entity_id, b.entity_id AS other, count(*) AS articles, sum(b.n) AS mentions,
               sum(a.n) AS own
        FROM article_units a JOIN article_units b USING (article_id)
        WHERE a.entity_id <> b.entity_id AND {side} GROUP BY ALL),
    by_sentence AS (
        SELECT a.entity_id, b.entity_id AS other, count(*) AS sentences,
               count(DISTINCT a.article_id) AS sentence_articles
        FROM sentence_units a JOIN sentence_units b USING (article_id, sentence)
        WHERE a.entity_id <> b.entity_id AND {side} GROUP BY ALL)
    SELECT r.entity_id, r.other, r.articles::INTEGER AS articles,
           coalesce(s.sentences, 0)::INTEGER AS sentences,
           coalesce(s.sentence_articles, 0)::INTEGER AS sentence_articles,
           r.mentions::INTEGER AS mentions, r.own::INTEGER AS own
    FROM by_article r LEFT JOIN by_sentence s USING (entity_id, other)"""

#: The stored columns of ``_ROWS``, whose ``own`` (the first entity's mentions in the shared
#: articles) is the ``mentions`` of the same pair seen from the other side.
COLUMNS = "entity_id, other, articles, sentences, sentence_articles, mentions"


def count_units(con: duckdb.DuckDBPyConnection, where: str, params: list,
                mentions: str = "mentions") -> None:
    """Temp tables of the units (articles, sentences) of the mentions ``where`` selects."""
    for statement in _UNITS:
        con.execute(statement.format(where=where, mentions=mentions), params)


def drop_units(con: duckdb.DuckDBPyConnection) -> None:
    """Temp tables outlive the statement on a pooled connection: drop them when done."""
    con.execute("DROP TABLE article_units")
    con.execute("DROP TABLE sentence_units")


def rows_sql(side: str) -> str:
    """SQL of the pair rows of the counted units whose first entity ``side`` selects."""
    return _ROWS.format(side=side)


def count_into(con: duckdb.DuckDBPyConnection, table: str, where: str, params: list,
               mentions: str = "mentions") -> None:
    """Count the pairs of the mentions ``where`` selects into ``table`` (entity_pairs' columns),
    one range of entities at a time, ranges in order and each written sorted."""
    count_units(con, where, params, mentions)
    for low, high in _entity_ranges(con):
        con.execute(f"INSERT INTO {table} SELECT {COLUMNS} FROM "
                    f"({rows_sql('a.entity_id BETWEEN $low AND $high')}) ORDER BY {ORDER}",
                    {"low": low, "high": high})
    drop_units(con)


def fill(con: duckdb.DuckDBPyConnection) -> None:
    """Count every pair of the store into the empty ``entity_pairs``, which ends up sorted, as
    meta then says."""
    count_into(con, "entity_pairs", "TRUE", [])
    con.execute("INSERT OR REPLACE INTO meta VALUES ('entity_pairs_sorted', "
                "(SELECT count(*)::VARCHAR FROM entity_pairs))")


def _entity_ranges(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """Consecutive ranges of entity ids, each the first entity of at most about
    ``SLICE_JOIN_ROWS`` rows of the pair join (an entity with k others in an article adds k)."""
    return con.execute("""
        WITH sizes AS (SELECT article_id, count(*) AS k FROM article_units GROUP BY 1),
        weight AS (SELECT entity_id, sum(k) AS joined FROM article_units JOIN sizes
                   USING (article_id) GROUP BY 1),
        running AS (SELECT entity_id, sum(joined) OVER (ORDER BY entity_id) AS upto
                    FROM weight)
        SELECT min(entity_id), max(entity_id) FROM running
        GROUP BY (upto - 1) // $rows ORDER BY 1""", {"rows": SLICE_JOIN_ROWS}).fetchall()


def migrate_to_pairs(con: duckdb.DuckDBPyConnection) -> None:
    """Schema 10: ``entity_pairs`` replaces the table ``cooccurrence``, which becomes a view."""
    con.execute(TABLE)
    fill(con)
    con.execute("DROP TABLE cooccurrence")
    con.execute(VIEW)
