"""The tables derived from mentions stay equal to a count from scratch, whatever the history."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from newslens.ingest import ingest
from newslens.store import derived
from newslens.store import pairs as pair_table
from newslens.store.connection import reading, writing
from newslens.store.curation import merge_entities
from newslens.store.schema import MIGRATIONS
from tests.conftest import PEOPLE, SEED, write_reports

#: Every ordered pair, counted plainly from mentions: the oracle for ``entity_pairs``.
FRESH_PAIRS = """
    WITH units AS (SELECT article_id, sentence, entity_id, count(*) AS n FROM mentions
                   GROUP BY ALL),
    per_article AS (SELECT article_id, entity_id, sum(n) AS n FROM units GROUP BY ALL),
    articles AS (SELECT a.entity_id, b.entity_id AS other, count(*) AS shared, sum(b.n) AS n
                 FROM per_article a JOIN per_article b USING (article_id)
                 WHERE a.entity_id <> b.entity_id GROUP BY ALL),
    sentences AS (SELECT a.entity_id, b.entity_id AS other, count(*) AS shared,
                         count(DISTINCT article_id) AS holding
                  FROM units a JOIN units b USING (article_id, sentence)
                  WHERE a.entity_id <> b.entity_id GROUP BY ALL)
    SELECT r.entity_id, r.other, r.shared, coalesce(s.shared, 0), coalesce(s.holding, 0), r.n
    FROM articles r LEFT JOIN sentences s USING (entity_id, other) ORDER BY ALL"""


def _snapshot(db: Path) -> dict[str, list]:
    """The derived tables as stored, and as the migration's from-scratch SQL computes them."""
    fresh = MIGRATIONS[6].replace("CREATE TABLE entity_articles", "CREATE TEMP TABLE ea") \
        .replace("INSERT INTO entity_articles", "INSERT INTO ea") \
        .replace("CREATE TABLE entity_stats", "CREATE TEMP TABLE es") \
        .replace("INSERT INTO entity_stats", "INSERT INTO es") \
        .replace("DROP TABLE entity_articles;", "") \
        .replace("DROP TABLE entity_stats;", "").split("INSERT OR REPLACE")[0]
    with writing(db) as con:
        con.execute(fresh)
        return {
            "stored_pairs": con.execute("SELECT * FROM entity_articles ORDER BY ALL").fetchall(),
            "fresh_pairs": con.execute("SELECT * FROM ea ORDER BY ALL").fetchall(),
            "stored_stats": con.execute("SELECT * FROM entity_stats ORDER BY ALL").fetchall(),
            "fresh_stats": con.execute("SELECT * FROM es ORDER BY ALL").fetchall(),
            "units": con.execute("SELECT key, value FROM meta WHERE key LIKE 'units_%' "
                                 "ORDER BY 1").fetchall(),
            "fresh_units": con.execute(
                "SELECT count(DISTINCT (article_id, sentence))::VARCHAR, "
                "count(DISTINCT article_id)::VARCHAR FROM mentions").fetchall(),
            "stored_cooccurrence": con.execute(
                "SELECT * FROM entity_pairs ORDER BY ALL").fetchall(),
            "fresh_cooccurrence": con.execute(FRESH_PAIRS).fetchall(),
        }


def _assert_consistent(db: Path) -> None:
    snap = _snapshot(db)
    assert snap["stored_pairs"] == snap["fresh_pairs"]
    assert snap["stored_stats"] == snap["fresh_stats"]
    assert [v for _, v in snap["units"]][::-1] == list(snap["fresh_units"][0])
    assert snap["stored_cooccurrence"] == snap["fresh_cooccurrence"]


def test_derived_tables_match_a_count_from_scratch_after_several_ingests(db, inputs):
    ingest([SEED], db, workers=1)
    ingest([write_reports(inputs / "a.jsonl", 0, 30)], db, workers=1)
    ingest([write_reports(inputs / "b.jsonl", 20, 30)], db, workers=1)  # 10 duplicates
    _assert_consistent(db)
    with reading(db) as con:
        assert con.execute("SELECT count(*) FROM entity_articles WHERE entity_id = '@RU'"
                           ).fetchall()[0][0] >= 1


def test_derived_tables_follow_an_entity_merge(db, inputs):
    ingest([SEED, write_reports(inputs / "a.jsonl", 0, 20)], db, workers=1)
    merge_entities(db, "person:joko-widodo", "person:vladimir-putin")
    snap = _snapshot(db)
    assert snap["stored_stats"] == snap["fresh_stats"]
    assert {r for r in snap["stored_pairs"] if not r[0].startswith("@")} == \
        {r for r in snap["fresh_pairs"] if not r[0].startswith("@")}
    assert snap["stored_cooccurrence"] == snap["fresh_cooccurrence"]
    assert not [r for r in snap["stored_cooccurrence"] if "person:joko-widodo" in r[:2]]
    assert [r for r in snap["stored_cooccurrence"] if r[0] == "person:vladimir-putin"]


@pytest.mark.parametrize("table", ["entity_articles", "entity_pairs"])
def test_sorted_tables_are_resorted_once_enough_rows_were_appended(db, inputs, monkeypatch,
                                                                    table):
    monkeypatch.setattr(derived, "_UNSORTED_MIN", 0)
    monkeypatch.setattr(derived, "RESORT_SHARE", 0)
    ingest([SEED], db, workers=1)
    ingest([write_reports(inputs / "a.jsonl", 0, 40)], db, workers=1)
    with reading(db) as con:
        rows = con.execute(f"SELECT entity_id FROM {table}").fetchall()
        marked = con.execute(f"SELECT value FROM meta WHERE key = '{table}_sorted'"
                             ).fetchall()[0][0]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert int(marked) == len(rows)


def test_migration_10_turns_mentions_into_pairs_from_both_sides():
    """Article a1: X and Y share sentence 0, X and Z sentence 1; a2: X with Y twice."""
    con = duckdb.connect()
    for statement in MIGRATIONS[:9]:
        con.execute(statement)
    con.execute("""INSERT INTO mentions (article_id, entity_id, sentence) VALUES
        ('a1', 'X', 0), ('a1', 'Y', 0), ('a1', 'X', 1), ('a1', 'Z', 1),
        ('a2', 'X', 0), ('a2', 'Y', 0), ('a2', 'Y', 0)""")
    MIGRATIONS[9](con)
    pairs = con.execute("SELECT * FROM entity_pairs ORDER BY entity_id, other").fetchall()
    # entity, other, shared articles, shared sentences, articles of those, other's mentions
    assert pairs == [("X", "Y", 2, 2, 2, 3), ("X", "Z", 1, 1, 1, 1), ("Y", "X", 2, 2, 2, 3),
                     ("Y", "Z", 1, 0, 0, 1), ("Z", "X", 1, 1, 1, 2), ("Z", "Y", 1, 0, 0, 1)]
    view = con.execute("SELECT * FROM cooccurrence ORDER BY ALL").fetchall()
    assert view == [("article", "X", "Y", 2, 2), ("article", "X", "Z", 1, 1),
                    ("article", "Y", "Z", 1, 1), ("sentence", "X", "Y", 2, 2),
                    ("sentence", "X", "Z", 1, 1)]


@pytest.mark.parametrize("code", ["RU", "ru"])
def test_country_keys_are_upper_case(code):
    assert derived.country_key(code) == "@RU"


def test_a_store_is_counted_in_ranges_of_entities_and_stays_sorted(db, inputs, monkeypatch):
    """Counting a whole store at once outgrows the writer's memory: it goes by entity ranges."""
    ingest([SEED, write_reports(inputs / "a.jsonl", 0, 30)], db, workers=1)
    monkeypatch.setattr(pair_table, "SLICE_JOIN_ROWS", 50)
    ranges: list = []
    monkeypatch.setattr(pair_table, "_entity_ranges", _recording(pair_table._entity_ranges,
                                                                 ranges))
    with writing(db) as con:
        derived.rebuild(con)
        stored = con.execute("SELECT entity_id FROM entity_pairs").fetchall()
    assert len(ranges[0]) > 5
    assert [r[0] for r in stored] == sorted(r[0] for r in stored)
    _assert_consistent(db)


def _recording(function, calls: list):
    def recorded(*args):
        calls.append(function(*args))
        return calls[-1]
    return recorded


def test_one_large_ingest_fills_the_derived_tables_in_entity_order(db, inputs):
    """Over 120,000 mentions in one ingest. Within the merge's transaction DuckDB 2.0 read the
    mentions just inserted as no rows at all (the derived tables came out empty), and rows it
    re-sorted there kept any order; both stay fixed here."""
    rows = [{"title": f"Report {i}", "date": f"2024-0{i % 9 + 1}-1{i % 9}",
             "text": " ".join(f"{PEOPLE[(i + k) % 5]} met {PEOPLE[(i + k + 2) % 5]} in "
                              f"Jakarta on Monday, item {i}-{k}." for k in range(12))}
            for i in range(5000)]
    path = inputs / "large.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ingest([path], db, workers=1)
    with reading(db) as con:
        assert con.execute("SELECT count(*) FROM mentions").fetchall()[0][0] > 130_000
        for table in ("entity_articles", "entity_pairs"):
            unordered = con.execute(
                f"SELECT count(*) FILTER (WHERE before > entity_id), count(*) FROM (SELECT "
                f"entity_id, lag(entity_id) OVER (ORDER BY rowid) AS before FROM {table})"
            ).fetchall()[0]
            assert unordered[0] == 0 and unordered[1] > 0, table
    _assert_consistent(db)
