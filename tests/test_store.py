"""The store: idempotent ingest, one transaction, versioned schema, readers during a write."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, count_articles
from newslens.store import pool, writes
from newslens.store.connection import StoreMissing, StoreUnreadable, reading, writing
from newslens.store.schema import SCHEMA_VERSION, version
from tests.conftest import ROOT, SEED, article_text, wait_until


def _jsonl(path: Path, n: int, start: int = 0) -> Path:
    path.write_text("".join(json.dumps({"title": f"T{i}", "text": article_text(i),
                                        "url": f"https://example.com/a/{i}",
                                        "date": "2024-05-06"}) + "\n"
                            for i in range(start, start + n)), encoding="utf-8")
    return path


def _table_counts(db: Path) -> dict[str, int]:
    with reading(db) as con:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                for t in ("articles", "origins", "ingest_issues")}


def test_reingesting_the_same_input_adds_nothing(db, inputs):
    path = _jsonl(inputs / "a.jsonl", 20)
    first = ingest([path, SEED], db, workers=1)
    before = _table_counts(db)
    again = ingest([path, SEED], db, workers=1)
    assert (first.added, again.added, again.duplicates) == (21, 0, 21)
    assert _table_counts(db) == before


def test_failed_merge_leaves_the_store_exactly_as_before(db, inputs, monkeypatch):
    ingest([SEED], db, workers=1)
    before = _table_counts(db)

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    # the articles are inserted, then the issue log write fails: all must roll back
    monkeypatch.setattr(writes, "_insert_issues", explode)
    with pytest.raises(RuntimeError, match="disk on fire"):
        ingest([_jsonl(inputs / "a.jsonl", 30)], db, workers=1)
    monkeypatch.undo()
    assert _table_counts(db) == before
    assert ingest([inputs / "a.jsonl"], db, workers=1).added == 30


def test_schema_is_versioned(db):
    ingest([SEED], db, workers=1)
    with reading(db) as con:
        assert version(con) == SCHEMA_VERSION


def test_reading_a_missing_store_says_what_to_do(db):
    with pytest.raises(StoreMissing, match="newslens ingest"), reading(db):
        pass


def test_a_store_from_a_newer_newslens_is_refused(db):
    ingest([SEED], db, workers=1)
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(StoreUnreadable, match=r"schema 999.*upgrade newslens"), reading(db):
        pass


def test_two_workers_give_the_same_store_as_one(tmp_path, inputs):
    _jsonl(inputs / "a.jsonl", 600)
    _jsonl(inputs / "b.jsonl", 300, start=400)  # 200 duplicates across files
    stores = {}
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        report = ingest([inputs], db, workers=workers)
        assert (report.added, report.duplicates) == (700, 200)
        with reading(db) as con:
            stores[workers] = con.execute(
                "SELECT article_id, title, text, url, published FROM articles ORDER BY 1"
            ).fetchall(), con.execute("SELECT * FROM origins ORDER BY 1, 2").fetchall()
    assert stores[1] == stores[2]


def test_readers_keep_working_while_an_ingest_runs(db, inputs):
    """Readers see the store before or after an ingest, never half of it, and never fail."""
    ingest([SEED], db, workers=1)
    for i in range(4):
        _jsonl(inputs / f"part{i}.jsonl", 2000, start=i * 2000)
    writer = subprocess.Popen(
        [sys.executable, "-c", "import sys; from newslens.ingest import ingest; "
         "ingest([sys.argv[1]], sys.argv[2], workers=1)", str(inputs), str(db)],
        cwd=ROOT)
    seen = set()
    while writer.poll() is None:
        seen.add(count_articles(db, ArticleQuery()))
        time.sleep(0.01)  # paces the reads, which are what is tested; not a wait
    assert writer.returncode == 0
    seen.add(count_articles(db, ArticleQuery()))
    assert seen <= {1, 8001}
    assert seen == {1, 8001}  # read during the ingest, and after it


def test_reads_share_one_pooled_connection_that_closes_when_idle(db, monkeypatch):
    ingest([SEED], db, workers=1)
    monkeypatch.setattr(pool, "IDLE_S", 0.3)
    with reading(db) as first:
        first_db = first.execute("SELECT current_database()").fetchall()
    with reading(db) as second:
        assert second.execute("SELECT current_database()").fetchall() == first_db
    assert db.resolve() in pool._entries
    # the same bound the test always set (1 s for IDLE_S 0.3), but done as soon as it closes
    wait_until(lambda: db.resolve() not in pool._entries, timeout=1.0, interval=0.02,
               message="the idle pooled connection to close")


def test_a_writer_in_this_process_gets_the_store_from_pooled_readers(db):
    ingest([SEED], db, workers=1)
    with reading(db):
        pass  # leaves a pooled read-only connection behind
    with writing(db) as con:  # would fail ("different configuration") if the pool held on
        con.execute("INSERT INTO saved_views VALUES ('0123456789', 'x', '{}', now())")
    assert count_articles(db, ArticleQuery()) == 1
