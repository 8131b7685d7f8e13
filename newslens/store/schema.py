"""Versioned schema: each migration moves the store up one version, in the caller's transaction.

A migration is SQL, or a function of the connection when the work must be done in steps."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from newslens.store.pairs import migrate_to_pairs

MIGRATIONS: tuple[str | Callable[[duckdb.DuckDBPyConnection], None], ...] = (
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
    # ``cooccurrence`` (one row per pair and scope) becomes a view over it. Counted from the
    # mentions in slices (store/pairs.py): in one statement it outgrows the writer's memory.
    migrate_to_pairs,
)
SCHEMA_VERSION = len(MIGRATIONS)


def version(con: duckdb.DuckDBPyConnection) -> int:
    """Schema version of an open store; 0 for an empty file."""
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'meta'").fetchall()
    if not exists[0][0]:
        return 0
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows else 0


def migrate(con: duckdb.DuckDBPyConnection) -> None:
    """Apply the migrations the store lacks; the caller holds the transaction (and has refused
    a store of a newer schema: connection._check_tables)."""
    current = version(con)
    for step in MIGRATIONS[current:]:
        if callable(step):
            step(con)
        else:
            con.execute(step)
    if current < SCHEMA_VERSION:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)",
                    [str(SCHEMA_VERSION)])
