"""The ingest merge: staged Parquet batches go into the store in one short transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from newslens.records import ReadIssue
from newslens.store.connection import scalar, sql_path, writing
from newslens.store.derived import add_derived, resort_due

ARTICLE_COLUMNS = ("article_id", "url", "url_key", "source", "title", "published",
                   "published_at", "published_precision", "language", "text", "raw_text",
                   "related_titles", "author", "dateline", "text_hash", "chars")


def merge_stage(db: Path, stage: Path, paths: list[str], started: datetime,
                issues: list[ReadIssue], counts: dict[str, int]) -> tuple[int, int, bool]:
    """Merge staged articles and origins; return (ingest_id, articles added, whether the
    tables read by entity are due a re-sort: ``derived.resort``, after this transaction)."""
    with writing(db) as con:
        ingest_id = scalar(con, "SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests")
        added = 0
        if any(stage.glob("articles-*.parquet")):
            added = _merge_articles(con, stage, ingest_id)
        _insert_issues(con, ingest_id, issues)
        con.execute("INSERT INTO ingests VALUES (?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?)",
                    [ingest_id, started, paths, counts["files"], counts["records"], added,
                     counts["articles"] - added, counts["skipped"]])
        due = resort_due(con)
    return ingest_id, added, due


def _insert_issues(con: duckdb.DuckDBPyConnection, ingest_id: int,
                   issues: list[ReadIssue]) -> None:
    table = pa.table({
        "ingest_id": pa.array([ingest_id] * len(issues), pa.int32()),
        "file": pa.array([i.origin.file for i in issues], pa.string()),
        "row_number": pa.array([i.origin.row for i in issues], pa.int32()),
        "reason": pa.array([i.reason for i in issues], pa.string()),
        "severity": pa.array([i.severity for i in issues], pa.string()),
    })
    con.register("new_issues", table)
    con.execute("INSERT INTO ingest_issues SELECT * FROM new_issues")
    con.unregister("new_issues")



def _merge_articles(con: duckdb.DuckDBPyConnection, stage: Path, ingest_id: int) -> int:
    # views, not tables: the staged text streams from Parquet instead of sitting in memory
    con.execute(f"CREATE TEMP VIEW staged AS SELECT * FROM "
                f"read_parquet('{sql_path(stage / 'articles-*.parquet')}')")
    con.execute(f"CREATE TEMP VIEW staged_origins AS SELECT * FROM "
                f"read_parquet('{sql_path(stage / 'origins-*.parquet')}')")
    # a staged article that matches a stored one by URL, else by text, becomes that article
    con.execute("""
        CREATE TEMP TABLE resolved AS
        SELECT s.article_id AS staged_id,
               coalesce(by_url.article_id, by_text.article_id) AS existing_id
        FROM staged s
        LEFT JOIN articles by_url ON s.url_key IS NOT NULL AND by_url.url_key = s.url_key
        LEFT JOIN articles by_text ON by_text.text_hash = s.text_hash
        QUALIFY row_number() OVER (PARTITION BY s.article_id) = 1
    """)
    before = scalar(con, "SELECT count(*) FROM articles")
    columns = ", ".join(ARTICLE_COLUMNS)
    con.execute(f"""
        INSERT INTO articles ({columns}, ingest_id)
        SELECT {", ".join("s." + c for c in ARTICLE_COLUMNS)}, ?
        FROM staged s JOIN resolved r ON r.staged_id = s.article_id
        WHERE r.existing_id IS NULL
        ON CONFLICT DO NOTHING
    """, [ingest_id])
    con.execute("""
        INSERT INTO origins
        SELECT DISTINCT coalesce(r.existing_id, o.article_id), o.origin, ?
        FROM staged_origins o JOIN resolved r ON r.staged_id = o.article_id
        ON CONFLICT DO NOTHING
    """, [ingest_id])
    _merge_entities(con, stage, ingest_id)
    _merge_meetings(con, stage)
    con.execute("DROP VIEW staged")
    con.execute("DROP VIEW staged_origins")
    con.execute("DROP TABLE resolved")
    return scalar(con, "SELECT count(*) FROM articles") - before


def _merge_entities(con: duckdb.DuckDBPyConnection, stage: Path, ingest_id: int) -> None:
    """New articles' mentions (through the user's merges), their entities, and the tables derived
    from them (co-occurrence among them, store/derived.py)."""
    con.execute(f"""
        INSERT INTO entities
        SELECT DISTINCT ON (entity_id) * FROM read_parquet('{sql_path(stage / "entities-*")}')
        ON CONFLICT DO NOTHING""")
    con.execute(f"""
        CREATE TEMP TABLE new_mentions AS
        SELECT m.article_id, coalesce(o.target_id, m.entity_id) AS entity_id, m.surface,
               m.start, m."end", m.sentence, m.paragraph, m.how, ?::INTEGER AS ingest_id,
               a.published
        FROM read_parquet('{sql_path(stage / "mentions-*")}') m
        JOIN resolved r ON r.staged_id = m.article_id AND r.existing_id IS NULL
        JOIN articles a ON a.article_id = m.article_id
        LEFT JOIN entity_overrides o ON o.entity_id = m.entity_id AND o.target_id IS NOT NULL
    """, [ingest_id])
    con.execute("INSERT INTO mentions SELECT * FROM new_mentions "
                "ORDER BY published NULLS LAST, article_id, start")
    # the derived tables are counted from the temp copy: within this transaction DuckDB 2.0
    # answered some reads of the mentions just inserted (over 120,000 rows) with no rows at all,
    # and an ingest of 10,000 articles left entity_articles, entity_stats and pairs empty
    add_derived(con, "TRUE", [], mentions="new_mentions")
    con.execute("DROP TABLE new_mentions")


def _merge_meetings(con: duckdb.DuckDBPyConnection, stage: Path) -> None:
    """New articles' meetings. A report of a meeting already known (the same participants and,
    at day precision, dates at most a day apart) adds its article as a source of that meeting,
    so one meeting reported by many outlets on adjacent days stays one meeting."""
    sources = f"read_parquet('{sql_path(stage / 'sources-*')}')"
    con.execute(f"""
        CREATE TEMP TABLE new_sources AS SELECT s.* FROM {sources} s JOIN resolved r
        ON r.staged_id = s.article_id AND r.existing_id IS NULL""")
    con.execute(f"""
        CREATE TEMP TABLE new_meetings AS
        SELECT DISTINCT ON (meeting_id) m.* FROM read_parquet('{sql_path(stage / "meetings-*")}') m
        WHERE m.meeting_id IN (SELECT meeting_id FROM new_sources)""")
    con.execute(f"""
        CREATE TEMP TABLE new_participants AS
        SELECT DISTINCT p.meeting_id, coalesce(o.target_id, p.entity_id) AS entity_id
        FROM read_parquet('{sql_path(stage / "participants-*")}') p
        LEFT JOIN entity_overrides o ON o.entity_id = p.entity_id AND o.target_id IS NOT NULL
        WHERE p.meeting_id IN (SELECT meeting_id FROM new_meetings)""")
    _map_reports_to_meetings(con)
    con.execute("""
        INSERT INTO meetings SELECT n.* FROM new_meetings n JOIN kept k USING (meeting_id)
        WHERE k.target_id = n.meeting_id ON CONFLICT DO NOTHING""")
    con.execute("""
        INSERT INTO meeting_participants SELECT p.* FROM new_participants p
        JOIN kept k USING (meeting_id) WHERE k.target_id = p.meeting_id ON CONFLICT DO NOTHING""")
    con.execute("""
        INSERT INTO meeting_sources
        SELECT k.target_id, s.article_id, s.start, s."end", s.evidence
        FROM new_sources s JOIN kept k USING (meeting_id) ON CONFLICT DO NOTHING""")
    for table in ("new_sources", "new_meetings", "new_participants", "kept"):
        con.execute(f"DROP TABLE {table}")


def _map_reports_to_meetings(con: duckdb.DuckDBPyConnection) -> None:
    """``kept``: each new meeting's target, the meeting its reports join. A stored meeting comes
    first, then the earliest new one; a chain of adjacent days follows to its first link."""
    con.execute("""
        CREATE TEMP TABLE kept AS
        WITH people AS (
            SELECT meeting_id, string_agg(entity_id, '|' ORDER BY entity_id) AS who
            FROM new_participants GROUP BY meeting_id),
        stored AS (
            SELECT m.meeting_id, m.date, m.planned, string_agg(p.entity_id, '|'
                   ORDER BY p.entity_id) AS who, 0 AS rank
            FROM meetings m JOIN meeting_participants p USING (meeting_id)
            WHERE m.date_precision = 'day'
              AND m.date BETWEEN (SELECT min(date) - 1 FROM new_meetings)
                             AND (SELECT max(date) + 1 FROM new_meetings)
            GROUP BY m.meeting_id, m.date, m.planned),
        fresh AS (
            SELECT n.meeting_id, n.date, n.planned, p.who, 1 AS rank
            FROM new_meetings n JOIN people p USING (meeting_id)
            WHERE n.date_precision = 'day'),
        candidates AS (
            SELECT *, row_number() OVER (ORDER BY rank, date, meeting_id) AS turn
            FROM (SELECT * FROM stored UNION ALL SELECT * FROM fresh))
        SELECT n.meeting_id, coalesce((
            SELECT c.meeting_id FROM candidates c
            WHERE c.who = f.who AND c.planned = f.planned AND abs(c.date - f.date) <= 1
              AND c.turn <= f.turn
            ORDER BY c.turn LIMIT 1), n.meeting_id) AS target_id
        FROM new_meetings n LEFT JOIN candidates f ON f.meeting_id = n.meeting_id AND f.rank = 1""")
    while scalar(con, """
            SELECT count(*) FROM kept k JOIN kept t ON t.meeting_id = k.target_id
            WHERE t.target_id <> t.meeting_id"""):
        con.execute("""
            UPDATE kept SET target_id = t.target_id FROM kept t
            WHERE kept.target_id = t.meeting_id AND t.target_id <> t.meeting_id""")

