"""The ingest merge: staged Parquet batches go into the store in one short transaction."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from newslens.records import ReadIssue
from newslens.store.connection import scalar, sql_path, writing

ARTICLE_COLUMNS = ("article_id", "url", "url_key", "source", "title", "published",
                   "published_at", "published_precision", "language", "text", "raw_text",
                   "related_titles", "author", "dateline", "text_hash", "chars")


def merge_stage(db: Path, stage: Path, paths: list[str], started: datetime,
                issues: list[ReadIssue], counts: dict[str, int]) -> tuple[int, int]:
    """Merge staged articles and origins; return (ingest_id, articles added)."""
    with writing(db) as con:
        ingest_id = scalar(con, "SELECT coalesce(max(ingest_id), 0) + 1 FROM ingests")
        added = 0
        if any(stage.glob("articles-*.parquet")):
            added = _merge_articles(con, stage, ingest_id)
        _insert_issues(con, ingest_id, issues)
        con.execute("INSERT INTO ingests VALUES (?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?)",
                    [ingest_id, started, paths, counts["files"], counts["records"], added,
                     counts["articles"] - added, counts["skipped"]])
    return ingest_id, added


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
    """New articles' mentions (through the user's merges), their entities, and co-occurrence."""
    con.execute(f"""
        INSERT INTO entities
        SELECT DISTINCT ON (entity_id) * FROM read_parquet('{sql_path(stage / "entities-*")}')
        ON CONFLICT DO NOTHING""")
    con.execute(f"""
        INSERT INTO mentions
        SELECT m.article_id, coalesce(o.target_id, m.entity_id), m.surface, m.start, m."end",
               m.sentence, m.paragraph, m.how, ?
        FROM read_parquet('{sql_path(stage / "mentions-*")}') m
        JOIN resolved r ON r.staged_id = m.article_id AND r.existing_id IS NULL
        LEFT JOIN entity_overrides o ON o.entity_id = m.entity_id AND o.target_id IS NOT NULL
    """, [ingest_id])
    add_cooccurrence(con, "ingest_id = ?", [ingest_id])


def _merge_meetings(con: duckdb.DuckDBPyConnection, stage: Path) -> None:
    """New articles' meetings; a meeting already known gains the new article as a source."""
    sources = f"read_parquet('{sql_path(stage / 'sources-*')}')"
    new_sources = f"""(SELECT s.* FROM {sources} s JOIN resolved r
                       ON r.staged_id = s.article_id AND r.existing_id IS NULL)"""
    con.execute(f"""
        INSERT INTO meetings
        SELECT DISTINCT ON (meeting_id) m.* FROM read_parquet('{sql_path(stage / "meetings-*")}') m
        WHERE m.meeting_id IN (SELECT meeting_id FROM {new_sources})
        ON CONFLICT DO NOTHING""")
    con.execute(f"""
        INSERT INTO meeting_participants
        SELECT DISTINCT p.meeting_id, coalesce(o.target_id, p.entity_id)
        FROM read_parquet('{sql_path(stage / "participants-*")}') p
        LEFT JOIN entity_overrides o ON o.entity_id = p.entity_id AND o.target_id IS NOT NULL
        WHERE p.meeting_id IN (SELECT meeting_id FROM {new_sources})
        ON CONFLICT DO NOTHING""")
    con.execute(f"INSERT INTO meeting_sources SELECT * FROM {new_sources} ON CONFLICT DO NOTHING")


def add_cooccurrence(con: duckdb.DuckDBPyConnection, where: str, params: list) -> None:
    """Add the pairs of the mentions selected by ``where`` to the precomputed co-occurrence."""
    for scope, unit in (("article", "article_id"), ("sentence", "article_id, sentence")):
        con.execute(f"""
            INSERT INTO cooccurrence
            WITH units AS (SELECT DISTINCT {unit}, entity_id FROM mentions WHERE {where})
            SELECT '{scope}', a.entity_id, b.entity_id, count(*), count(DISTINCT a.article_id)
            FROM units a JOIN units b USING ({unit})
            WHERE a.entity_id < b.entity_id
            GROUP BY a.entity_id, b.entity_id
            ON CONFLICT DO UPDATE SET count = cooccurrence.count + excluded.count,
                                      articles = cooccurrence.articles + excluded.articles
        """, params)
