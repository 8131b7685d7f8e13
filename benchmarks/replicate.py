"""Build a large store for query benchmarks by replicating a real ingested store in SQL.

Ingesting a million articles takes most of an hour on a 2-core machine; the dashboard's query
latency does not depend on how the rows got there. So the real corpora are ingested once (with
extraction) into a base store, and copy ``c`` of every row is added with: a new article id, the
date moved back ``3 * c`` days, a distinct outlet per copy (40 outlets), a distinct URL and text
hash, and discovered (non-dictionary) entities renamed per copy (25 variants) so the entity
vocabulary grows with the corpus as it would with real news. Meetings, their participants and
sources follow their articles; co-occurrence and the tables derived from mentions are recomputed
by the library's own SQL, as an ingest would. Copies are written one after the other, in the
order an ingest would write them, so the store size is not flattered by identical texts lying
side by side. This is a load generator only: correctness is measured on the real articles.

    python benchmarks/replicate.py BASE.duckdb OUT.duckdb --copies 330
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from newslens.store.connection import sql_path, writing  # noqa: E402
from newslens.store.derived import rebuild  # noqa: E402

VARIANTS = 25
OUTLETS = 40

MACROS = f"""
CREATE OR REPLACE TEMP MACRO aid(id, c) AS
    CASE WHEN c = 0 THEN id ELSE substr(md5(id || '#' || c::VARCHAR), 1, 16) END;
CREATE OR REPLACE TEMP MACRO eid(id, origin, c) AS
    CASE WHEN origin = 'discovered' AND c % {VARIANTS} <> 0
         THEN id || '~' || (c % {VARIANTS})::VARCHAR ELSE id END;
CREATE OR REPLACE TEMP MACRO mid(id, c) AS
    CASE WHEN c = 0 THEN id ELSE substr(md5(id || '@' || c::VARCHAR), 1, 16) END;
CREATE OR REPLACE TEMP MACRO shifted(day, c) AS day - (3 * c)::INTEGER;
"""


def replicate(base: Path, out: Path, copies: int) -> None:
    """Write ``copies`` copies of every row of ``base`` into a new store at ``out``."""
    for path in (out, out.with_name(out.name + ".wal")):
        path.unlink(missing_ok=True)
    with writing(out) as con:
        con.execute(f"ATTACH '{sql_path(base)}' AS b (READ_ONLY)")
        con.execute(MACROS)
        con.execute("CREATE TEMP TABLE copies (c INTEGER)")
        con.execute("CREATE TEMP TABLE origin_of AS SELECT entity_id, origin FROM b.entities")
        for copy in range(copies):  # one copy at a time: rows lie in the order an ingest writes
            con.execute("DELETE FROM copies")
            con.execute("INSERT INTO copies VALUES (?)", [copy])
            _articles(con)
            _entities(con)
            _mentions(con)
            _meetings(con)
        con.execute("INSERT INTO ingests SELECT * FROM b.ingests")
    # derived tables in a transaction of their own: re-sorting entity_articles in the one that
    # also attached the base and wrote every copy left it unsorted (DuckDB 2.0), and an unsorted
    # entity_articles made every "articles naming X" read scan the whole table
    with writing(out) as con:
        rebuild(con)
    with writing(out) as con:
        con.execute("CHECKPOINT")


def _articles(con) -> None:
    con.execute(f"""
        INSERT INTO articles
        SELECT aid(a.article_id, c), CASE WHEN a.url IS NULL THEN NULL
                                          ELSE a.url || '#copy' || c::VARCHAR END,
               CASE WHEN a.url_key IS NULL THEN NULL ELSE a.url_key || '#' || c::VARCHAR END,
               CASE WHEN c = 0 THEN a.source
                    ELSE coalesce(a.source, 'outlet') || ' ' || (c % {OUTLETS})::VARCHAR END,
               a.title, shifted(a.published, c),
               a.published_at - to_days((3 * c)::INTEGER), a.published_precision, a.language,
               a.text, a.raw_text, a.related_titles, a.author, a.dateline,
               md5(a.text_hash || c::VARCHAR), a.chars, a.ingest_id
        FROM b.articles a, copies""")
    con.execute("""
        INSERT INTO origins SELECT aid(o.article_id, c), o.origin || '#' || c::VARCHAR,
                                   o.ingest_id
        FROM b.origins o, copies""")


def _entities(con) -> None:
    con.execute(f"""
        INSERT INTO entities
        SELECT DISTINCT ON (1) eid(e.entity_id, e.origin, c),
               CASE WHEN e.origin = 'discovered' AND c % {VARIANTS} <> 0
                    THEN e.name || ' ' || chr(65 + (c % {VARIANTS})::INTEGER) ELSE e.name END,
               e.type, e.country, e.aliases, e.origin
        FROM b.entities e, copies
        ON CONFLICT DO NOTHING""")


def _mentions(con) -> None:
    con.execute("""
        INSERT INTO mentions
        SELECT aid(m.article_id, c), eid(m.entity_id, o.origin, c), m.surface, m.start,
               m."end", m.sentence, m.paragraph, m.how, m.ingest_id,
               shifted(a.published, c) AS published
        FROM b.mentions m JOIN origin_of o USING (entity_id) CROSS JOIN copies
        JOIN b.articles a ON a.article_id = m.article_id
        ORDER BY published NULLS LAST, 1, m.start""")


def _meetings(con) -> None:
    con.execute("""
        INSERT INTO meetings
        SELECT mid(g.meeting_id, c), shifted(g.date, c), g.date_precision,
               g.location_id, g.kind, g.agreement, g.planned, g.confidence
        FROM b.meetings g, copies""")
    con.execute("""
        INSERT INTO meeting_participants
        SELECT mid(p.meeting_id, c), eid(p.entity_id, o.origin, c)
        FROM b.meeting_participants p JOIN origin_of o USING (entity_id), copies""")
    con.execute("""
        INSERT INTO meeting_sources
        SELECT mid(s.meeting_id, c), aid(s.article_id, c), s.start, s."end", s.evidence
        FROM b.meeting_sources s, copies""")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("base", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--copies", type=int, required=True)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    replicate(args.base, args.out, args.copies)
    print(f"{args.out}: {args.copies} copies in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
