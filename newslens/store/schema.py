"""Versioned schema: each migration moves the store up one version, in the caller's transaction."""

from __future__ import annotations

import duckdb

#: Every ordered pair of entities named in the same article, over the mentions ``m`` that
#: ``{where}`` selects: the articles they share, the sentences they share (and the articles
#: holding those), and ``other``'s mentions in the shared articles. The table of these rows
#: (``entity_pairs``) is written by migration 10 and kept up by store/derived.py.
PAIR_ROWS = """
    WITH per_article AS (
        SELECT m.article_id, m.entity_id, count(*) AS n FROM mentions m WHERE {where}
        GROUP BY ALL),
    per_sentence AS (
        SELECT DISTINCT m.article_id, m.sentence, m.entity_id FROM mentions m WHERE {where}),
    by_article AS (
        SELECT a.entity_id, b.entity_id AS other, count(*) AS articles, sum(b.n) AS mentions
        FROM per_article a JOIN per_article b USING (article_id)
        WHERE a.entity_id <> b.entity_id GROUP BY ALL),
    by_sentence AS (
        SELECT a.entity_id, b.entity_id AS other, count(*) AS sentences,
               count(DISTINCT a.article_id) AS sentence_articles
        FROM per_sentence a JOIN per_sentence b USING (article_id, sentence)
        WHERE a.entity_id <> b.entity_id GROUP BY ALL)
    SELECT r.entity_id, r.other, r.articles::INTEGER AS articles,
           coalesce(s.sentences, 0)::INTEGER AS sentences,
           coalesce(s.sentence_articles, 0)::INTEGER AS sentence_articles,
           r.mentions::INTEGER AS mentions
    FROM by_article r LEFT JOIN by_sentence s USING (entity_id, other)"""

MIGRATIONS: tuple[str, ...] = (
    # 1: articles, their origins, and the log of ingests with every issue met
    """
    CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR);
    CREATE TABLE articles (
        article_id VARCHAR PRIMARY KEY,
        url VARCHAR, url_key VARCHAR, source VARCHAR, title VARCHAR,
        published DATE, published_at TIMESTAMP, published_precision VARCHAR,
        language VARCHAR, text VARCHAR NOT NULL, raw_text VARCHAR,
        related_titles VARCHAR[], author VARCHAR, dateline VARCHAR,
        text_hash VARCHAR NOT NULL, chars INTEGER, ingest_id INTEGER
    );
    CREATE TABLE origins (
        article_id VARCHAR NOT NULL, origin VARCHAR NOT NULL, ingest_id INTEGER,
        PRIMARY KEY (article_id, origin)
    );
    CREATE TABLE ingests (
        ingest_id INTEGER PRIMARY KEY, started_at TIMESTAMP, finished_at TIMESTAMP,
        paths VARCHAR[], files_read INTEGER, records_read INTEGER,
        articles_added INTEGER, duplicates INTEGER, skipped INTEGER
    );
    CREATE TABLE ingest_issues (
        ingest_id INTEGER, file VARCHAR, row_number INTEGER, reason VARCHAR, severity VARCHAR
    );
    """,
    # 2: entities, their mentions in articles, co-occurrence precomputed, the user's merges
    """
    CREATE TABLE entities (
        entity_id VARCHAR PRIMARY KEY, name VARCHAR NOT NULL, type VARCHAR NOT NULL,
        country VARCHAR, aliases VARCHAR[], origin VARCHAR
    );
    CREATE TABLE mentions (
        article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, surface VARCHAR,
        start INTEGER, "end" INTEGER, sentence INTEGER, paragraph INTEGER, how VARCHAR,
        ingest_id INTEGER
    );
    CREATE TABLE cooccurrence (
        scope VARCHAR NOT NULL, entity_a VARCHAR NOT NULL, entity_b VARCHAR NOT NULL,
        count INTEGER, articles INTEGER, PRIMARY KEY (scope, entity_a, entity_b)
    );
    CREATE TABLE entity_overrides (
        entity_id VARCHAR PRIMARY KEY, target_id VARCHAR, new_name VARCHAR, created_at TIMESTAMP
    );
    """,
    # 3: meetings, who took part, and every article (sentence) that reports each
    """
    CREATE TABLE meetings (
        meeting_id VARCHAR PRIMARY KEY, date DATE, date_precision VARCHAR, location_id VARCHAR,
        kind VARCHAR, agreement BOOLEAN, planned BOOLEAN, confidence DOUBLE
    );
    CREATE TABLE meeting_participants (
        meeting_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL,
        PRIMARY KEY (meeting_id, entity_id)
    );
    CREATE TABLE meeting_sources (
        meeting_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, start INTEGER, "end" INTEGER,
        evidence VARCHAR, PRIMARY KEY (meeting_id, article_id, start)
    );
    """,
    # 4: dashboard views saved behind a short share link (?view=<id>)
    """
    CREATE TABLE saved_views (
        view_id VARCHAR PRIMARY KEY, page VARCHAR, params VARCHAR NOT NULL,
        created_at TIMESTAMP
    );
    """,
    # 5: storage that scales: article text compressed with zstd (DuckDB leaves long strings
    # uncompressed otherwise), and co-occurrence without a primary key, whose index cost eight
    # times the table itself; pairs are upserted by a join instead (writes.add_cooccurrence)
    """
    CREATE TABLE articles_v5 (
        article_id VARCHAR PRIMARY KEY,
        url VARCHAR, url_key VARCHAR, source VARCHAR, title VARCHAR,
        published DATE, published_at TIMESTAMP, published_precision VARCHAR,
        language VARCHAR, text VARCHAR NOT NULL USING COMPRESSION zstd,
        raw_text VARCHAR USING COMPRESSION zstd,
        related_titles VARCHAR[], author VARCHAR, dateline VARCHAR,
        text_hash VARCHAR NOT NULL, chars INTEGER, ingest_id INTEGER
    );
    INSERT INTO articles_v5 SELECT * FROM articles ORDER BY published, article_id;
    DROP TABLE articles;
    ALTER TABLE articles_v5 RENAME TO articles;
    CREATE TABLE cooccurrence_v5 (
        scope VARCHAR NOT NULL, entity_a VARCHAR NOT NULL, entity_b VARCHAR NOT NULL,
        count INTEGER, articles INTEGER
    );
    INSERT INTO cooccurrence_v5 SELECT * FROM cooccurrence;
    DROP TABLE cooccurrence;
    ALTER TABLE cooccurrence_v5 RENAME TO cooccurrence;
    """,
    # 6: tables derived from mentions for fast filters and rankings (store/derived.py)
    """
    CREATE TABLE entity_articles (
        entity_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, published DATE
    );
    INSERT INTO entity_articles
    SELECT * FROM (
        SELECT DISTINCT m.entity_id, m.article_id, a.published
        FROM mentions m JOIN articles a USING (article_id)
        UNION
        SELECT DISTINCT '@' || e.country, m.article_id, a.published
        FROM mentions m JOIN entities e USING (entity_id) JOIN articles a USING (article_id)
        WHERE e.country IS NOT NULL)
    ORDER BY entity_id, published DESC;
    CREATE TABLE entity_stats (
        entity_id VARCHAR NOT NULL, mentions BIGINT, sentences BIGINT, articles BIGINT
    );
    INSERT INTO entity_stats
    SELECT entity_id, count(*), count(DISTINCT (article_id, sentence)),
           count(DISTINCT article_id)
    FROM mentions GROUP BY 1;
    INSERT OR REPLACE INTO meta
    SELECT 'entity_articles_sorted', count(*)::VARCHAR FROM entity_articles;
    INSERT OR REPLACE INTO meta
    SELECT 'units_sentence', count(DISTINCT (article_id, sentence))::VARCHAR FROM mentions;
    INSERT OR REPLACE INTO meta
    SELECT 'units_article', count(DISTINCT article_id)::VARCHAR FROM mentions;
    """,
    # 7: the derived tables answer rankings on their own: entity_articles counts the entity's
    # mentions in the article (mention timelines and filtered rankings skip the mentions table),
    # entity_stats carries the entity's type (top entities per type skip the entities table)
    """
    DROP TABLE entity_articles;
    CREATE TABLE entity_articles (
        entity_id VARCHAR NOT NULL, article_id VARCHAR NOT NULL, published DATE,
        mentions INTEGER
    );
    INSERT INTO entity_articles
    SELECT * FROM (
        SELECT m.entity_id, m.article_id, a.published, count(*)::INTEGER
        FROM mentions m JOIN articles a USING (article_id) GROUP BY ALL
        UNION ALL
        SELECT '@' || e.country, m.article_id, a.published, count(*)::INTEGER
        FROM mentions m JOIN entities e USING (entity_id) JOIN articles a USING (article_id)
        WHERE e.country IS NOT NULL GROUP BY ALL)
    ORDER BY entity_id, published DESC;
    DROP TABLE entity_stats;
    CREATE TABLE entity_stats (
        entity_id VARCHAR NOT NULL, type VARCHAR, mentions BIGINT, sentences BIGINT,
        articles BIGINT
    );
    INSERT INTO entity_stats
    SELECT m.entity_id, any_value(e.type), count(*), count(DISTINCT (m.article_id, m.sentence)),
           count(DISTINCT m.article_id)
    FROM mentions m LEFT JOIN entities e USING (entity_id) GROUP BY m.entity_id;
    INSERT OR REPLACE INTO meta
    SELECT 'entity_articles_sorted', count(*)::VARCHAR FROM entity_articles;
    """,
    # 8: mentions carry their article's date and are stored in date order (each ingest appends
    # its own in date order), so the mentions of a date range, or of the newest articles, are
    # read from a few row groups rather than from the whole table
    """
    CREATE TABLE mentions_v8 (
        article_id VARCHAR NOT NULL, entity_id VARCHAR NOT NULL, surface VARCHAR,
        start INTEGER, "end" INTEGER, sentence INTEGER, paragraph INTEGER, how VARCHAR,
        ingest_id INTEGER, published DATE
    );
    INSERT INTO mentions_v8
    SELECT m.*, a.published FROM mentions m LEFT JOIN articles a USING (article_id)
    ORDER BY a.published NULLS LAST, m.article_id, m.start;
    DROP TABLE mentions;
    ALTER TABLE mentions_v8 RENAME TO mentions;
    """,
    # 9: an identity of the store's own, so the full-text index beside the file can tell that
    # it was built from this store (one deleted and re-created at the path gets another)
    """
    INSERT OR REPLACE INTO meta SELECT 'store_id', uuid()::VARCHAR;
    """,
    # 10: co-occurrence stored once from each side, sorted by entity (``entity_pairs``), so the
    # pairs around one entity read a few row groups instead of the whole table; the old
    # ``cooccurrence`` (one row per pair and scope) becomes a view over it
    f"""
    CREATE TABLE entity_pairs (
        entity_id VARCHAR NOT NULL, other VARCHAR NOT NULL, articles INTEGER,
        sentences INTEGER, sentence_articles INTEGER, mentions INTEGER
    );
    INSERT INTO entity_pairs SELECT * FROM ({PAIR_ROWS.format(where="TRUE")})
    ORDER BY entity_id, articles DESC;
    INSERT OR REPLACE INTO meta SELECT 'entity_pairs_sorted', count(*)::VARCHAR FROM entity_pairs;
    DROP TABLE cooccurrence;
    CREATE VIEW cooccurrence AS
    SELECT 'article' AS scope, entity_id AS entity_a, other AS entity_b, articles AS count,
           articles
    FROM entity_pairs WHERE entity_id < other
    UNION ALL
    SELECT 'sentence', entity_id, other, sentences, sentence_articles
    FROM entity_pairs WHERE entity_id < other AND sentences > 0;
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The store was written by a newer newslens than this one."""


def version(con: duckdb.DuckDBPyConnection) -> int:
    """Schema version of an open store; 0 for an empty file."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'meta'").fetchall()
    if not exists[0][0]:
        return 0
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the migrations the store lacks; the caller holds the transaction."""
    current = version(con)
    if current > SCHEMA_VERSION:
        raise SchemaTooNew(f"store has schema {current}, this newslens knows {SCHEMA_VERSION}; "
                           "upgrade newslens")
    for statement in MIGRATIONS[current:]:
        con.execute(statement)
    if current < SCHEMA_VERSION:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                    [str(SCHEMA_VERSION)])
