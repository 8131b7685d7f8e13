"""The exportable tables, one query each, and the writers for every format."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import duckdb

from newslens.export.output import output_faults, text_output
from newslens.export.safe import safe_cell
from newslens.store.connection import reading, sql_path

FORMATS = ("csv", "jsonl", "parquet")

# published is rendered at its precision: "2016", "2016-02", "2016-02-18" or with the time
_PUBLISHED_ISO = """
    CASE a.published_precision
        WHEN 'year' THEN strftime(a.published, '%Y')
        WHEN 'month' THEN strftime(a.published, '%Y-%m')
        WHEN 'time' THEN strftime(a.published_at, '%Y-%m-%dT%H:%M')
        ELSE strftime(a.published, '%Y-%m-%d') END"""

QUERIES: dict[str, str] = {
    "articles": f"""
        SELECT a.article_id, a.url, a.source, a.title, {_PUBLISHED_ISO} AS published,
               a.published_precision, a.language, a.text, a.related_titles,
               (SELECT list(o.origin ORDER BY o.origin) FROM origins o
                WHERE o.article_id = a.article_id) AS origins,
               a.author, a.dateline
        FROM articles a ORDER BY a.published NULLS LAST, a.article_id""",
    "entities": """
        SELECT e.entity_id, e.name, e.type, e.country, e.aliases, e.origin,
               count(DISTINCT m.article_id) AS article_count, count(m.article_id) AS mention_count
        FROM entities e LEFT JOIN mentions m USING (entity_id)
        WHERE e.entity_id NOT IN (SELECT entity_id FROM entity_overrides
                                  WHERE target_id IS NOT NULL)
        GROUP BY ALL ORDER BY article_count DESC, e.entity_id""",
    "mentions": """
        SELECT m.article_id, m.entity_id, e.name, e.type, m.surface, m.start, m."end",
               m.sentence, m.paragraph, m.how
        FROM mentions m JOIN entities e USING (entity_id)
        ORDER BY m.article_id, m.start""",
    "cooccurrence": """
        SELECT c.scope, c.entity_a, a.name AS name_a, c.entity_b, b.name AS name_b, c.count,
               c.articles
        FROM cooccurrence c JOIN entities a ON a.entity_id = c.entity_a
        JOIN entities b ON b.entity_id = c.entity_b
        ORDER BY c.scope, c.count DESC, c.entity_a, c.entity_b""",
    "meetings": """
        SELECT m.meeting_id,
               CASE m.date_precision WHEN 'month' THEN strftime(m.date, '%Y-%m')
                    WHEN 'year' THEN strftime(m.date, '%Y')
                    ELSE strftime(m.date, '%Y-%m-%d') END AS date,
               m.date_precision, loc.name AS location, loc.country AS location_country,
               (SELECT list(e.name ORDER BY e.name) FROM meeting_participants p
                JOIN entities e USING (entity_id) WHERE p.meeting_id = m.meeting_id)
                   AS participants,
               m.kind, m.agreement, m.planned,
               (SELECT list(DISTINCT s.article_id) FROM meeting_sources s
                WHERE s.meeting_id = m.meeting_id) AS article_ids,
               (SELECT list(s.evidence ORDER BY s.article_id, s.start) FROM meeting_sources s
                WHERE s.meeting_id = m.meeting_id) AS evidence,
               m.confidence
        FROM meetings m LEFT JOIN entities loc ON loc.entity_id = m.location_id
        ORDER BY m.date NULLS LAST, m.meeting_id""",
    "ingests": "SELECT * FROM ingests ORDER BY ingest_id",
    "issues": "SELECT * FROM ingest_issues ORDER BY ingest_id, file, row_number",
}


class ExportError(ValueError):
    """An export that cannot be made as asked."""


def export(db: Path | str, table: str, fmt: str, output: Path | None) -> int:
    """Write ``table`` in ``fmt`` to ``output`` (stdout when None); return the row count.
    An output the OS refuses raises ``OutputError``; a store fault, ``StoreError``."""
    if table not in QUERIES:
        raise ExportError(f"unknown table '{table}'; tables: {', '.join(QUERIES)}")
    if fmt not in FORMATS:
        raise ExportError(f"unknown format '{fmt}'; formats: {', '.join(FORMATS)}")
    if fmt == "parquet":
        if output is None:
            raise ExportError("parquet is binary: pass -o FILE")
        with reading(db) as con, output_faults(output):
            return _copy_parquet(con, QUERIES[table], output)
    with reading(db) as con:
        names, batches = _rows(con, QUERIES[table])
        with text_output(output) as fh:
            return (_write_csv(fh, names, batches) if fmt == "csv"
                    else _write_jsonl(fh, names, batches))


def _copy_parquet(con: duckdb.DuckDBPyConnection, query: str, output: Path) -> int:
    con.execute(f"COPY ({query}) TO '{sql_path(output)}' (FORMAT parquet)")
    return con.execute(f"SELECT count(*) FROM ({query})").fetchall()[0][0]


def _rows(con: duckdb.DuckDBPyConnection, query: str) -> tuple[list[str], Iterator[list]]:
    """Column names, and the rows in batches so a large table never sits in memory."""
    result = con.execute(query)

    def batches() -> Iterator[list]:
        while rows := result.fetchmany(2048):
            yield rows

    return [d[0] for d in result.description], batches()


def _json_value(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


#: Characters JSON leaves raw that line-oriented readers (str.splitlines, older JavaScript) take
#: for a line's end; JSON only holds them inside strings, where an escape is the same text.
_LINE_ENDS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def _write_jsonl(fh: IO[str], names: list[str], batches: Iterator[list]) -> int:
    count = 0
    for rows in batches:
        for row in rows:
            record = {n: _json_value(v) for n, v in zip(names, row, strict=True)}
            fh.write(json.dumps(record, ensure_ascii=False).translate(_LINE_ENDS) + "\n")
            count += 1
    return count


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    return safe_cell(_json_value(value))


def _write_csv(fh: IO[str], names: list[str], batches: Iterator[list]) -> int:
    writer = csv.writer(fh)
    writer.writerow(names)
    count = 0
    for rows in batches:
        writer.writerows([_csv_value(v) for v in row] for row in rows)
        count += len(rows)
    return count
