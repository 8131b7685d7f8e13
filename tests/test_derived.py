"""The tables derived from mentions stay equal to a count from scratch, whatever the history."""

from __future__ import annotations

from pathlib import Path

import pytest

from newslens.ingest import ingest
from newslens.store import derived
from newslens.store.connection import reading, writing
from newslens.store.curation import merge_entities
from newslens.store.schema import MIGRATIONS
from tests.conftest import SEED, write_reports


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
        }


def _assert_consistent(db: Path) -> None:
    snap = _snapshot(db)
    assert snap["stored_pairs"] == snap["fresh_pairs"]
    assert snap["stored_stats"] == snap["fresh_stats"]
    assert [v for _, v in snap["units"]][::-1] == list(snap["fresh_units"][0])


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


def test_entity_articles_is_resorted_once_enough_rows_were_appended(db, inputs, monkeypatch):
    monkeypatch.setattr(derived, "_UNSORTED_MIN", 0)
    ingest([SEED], db, workers=1)
    ingest([write_reports(inputs / "a.jsonl", 0, 40)], db, workers=1)
    with reading(db) as con:
        rows = con.execute("SELECT entity_id FROM entity_articles").fetchall()
        marked = con.execute("SELECT value FROM meta WHERE key = 'entity_articles_sorted'"
                             ).fetchall()[0][0]
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert int(marked) == len(rows)


@pytest.mark.parametrize("code", ["RU", "ru"])
def test_country_keys_are_upper_case(code):
    assert derived.country_key(code) == "@RU"
