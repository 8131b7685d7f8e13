"""The full-text index: what it finds, that it follows the store through ingests, and that
whatever happens to it (never built, deleted, half-written, left from another store, broken)
searches stay right — through the scan — and the next catch-up repairs it without duplicates."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newslens import fulltext
from newslens.cli import app
from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, count_articles, list_articles
from newslens.queries.table_view import TableView
from newslens.store.faults import FaultKind
from tests.conftest import write_reports

ROWS = [
    {"title": "Dehqan meets Shoigu in Moscow", "date": "2016-02-16",
     "url": "https://example.com/a",
     "text": "Iran's defence minister Hossein Dehqan met Sergei Shoigu in Moskow on Tuesday."},
    {"title": "Trade talks", "date": "2016-02-17", "url": "https://example.com/b",
     "text": "Ministers from Indonesia and Malaysia discussed palm oil in Kuala Lumpur."},
    {"title": "Café diplomacy", "date": "2016-02-18", "url": "https://example.com/c",
     "text": "The Menteri Pertahanan spoke at the café summit in Jakarta on Monday."},
]


def _ingest_rows(db: Path, folder: Path, rows: list[dict], name: str = "a.jsonl") -> None:
    path = folder / name
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    ingest([path], db, workers=1)


@pytest.fixture
def small(db: Path, inputs: Path) -> Path:
    _ingest_rows(db, inputs, ROWS)
    return db


def _titles(db: Path, search: str, in_text: bool = True) -> set[str]:
    rows = list_articles(db, ArticleQuery(search=search, in_text=in_text))
    return set(rows["title"])


def _documents(db: Path) -> int:
    index = fulltext._created(db)
    index.reload()
    return index.searcher().num_docs


@pytest.mark.parametrize(("search", "found"), [
    ("shoigu", {"Dehqan meets Shoigu in Moscow"}),           # case ignored
    ("Dehq", {"Dehqan meets Shoigu in Moscow"}),              # the last word as a beginning
    ("Hossein Dehqan", {"Dehqan meets Shoigu in Moscow"}),    # words in order
    ("Dehqan Hossein", set()),                                 # ... not in another order
    ("cafe", {"Café diplomacy"}),                              # accents folded
    ("menteri pertahanan", {"Café diplomacy"}),
    ("palm oil", {"Trade talks"}),
    ("zzznothing", set()),
])
def test_the_index_finds_words_in_titles_and_texts(small, search, found):
    assert fulltext.is_current(small)
    assert fulltext.find(small, search) is not None  # answered by the index, not the scan
    assert _titles(small, search) == found


def test_titles_only_when_the_text_is_not_searched(small):
    assert _titles(small, "Moskow", in_text=False) == set()
    assert _titles(small, "Moscow", in_text=False) == {"Dehqan meets Shoigu in Moscow"}


@pytest.mark.parametrize("search", ['"', "title:x", "a AND OR NOT", "(((", "*", "[1 TO 2]",
                                    "\\", "🙂", "x" * 5000, "%_", "\x00", "ḍ̣̣qqz"])
def test_query_syntax_is_just_text(small, search):
    """Nothing typed is parsed as query syntax; no input raises."""
    assert count_articles(small, ArticleQuery(search=search)) == 0


def test_the_index_follows_each_ingest(small, inputs):
    _ingest_rows(small, inputs, [{"title": "Later", "date": "2016-03-01",
                                  "url": "https://example.com/d", "text": "Rogozin in Tehran."}],
                 "b.jsonl")
    assert fulltext.is_current(small)
    assert _titles(small, "rogozin") == {"Later"}
    assert _documents(small) == 4


def test_a_missing_index_falls_back_to_the_scan_then_is_rebuilt(small):
    shutil.rmtree(fulltext.index_folder(small))
    assert fulltext.find(small, "Shoigu") is None
    assert _titles(small, "Shoigu") == {"Dehqan meets Shoigu in Moscow"}  # scanned
    assert _titles(small, "oigu") == {"Dehqan meets Shoigu in Moscow"}    # scan: any part
    assert fulltext.catch_up(small) == 3
    assert fulltext.find(small, "Shoigu").total == 1
    assert _documents(small) == 3


def test_an_index_committed_but_not_marked_is_redone_without_duplicates(small, inputs):
    """A kill between the index's commit and its mark: the next catch-up deletes what the
    unmarked ingest added and adds it again."""
    before = fulltext.marker(small).read_text(encoding="utf-8")
    _ingest_rows(small, inputs, [{"title": "Later", "date": "2016-03-01",
                                  "url": "https://example.com/d", "text": "Rogozin in Tehran."}],
                 "b.jsonl")
    fulltext.marker(small).write_text(before, encoding="utf-8")  # as if the mark never moved
    assert not fulltext.is_current(small)
    assert fulltext.find(small, "Rogozin") is None
    assert fulltext.catch_up(small) == 1
    assert _documents(small) == 4
    assert fulltext.find(small, "Rogozin").total == 1


def test_an_index_left_by_another_store_at_the_same_path_is_not_used(small, inputs):
    small.unlink()  # the store is re-created; its old index stays behind
    write_reports(inputs / "r.jsonl", 0, 5)
    ingest([inputs / "r.jsonl"], small, workers=1)
    assert fulltext.is_current(small)
    assert _titles(small, "Shoigu") == set()  # the old store's article is gone from the index
    assert _documents(small) == 5


def test_a_broken_index_costs_speed_not_data(small, inputs, caplog):
    shutil.rmtree(fulltext.index_folder(small))
    fulltext.index_folder(small).write_text("not a folder", encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="newslens.fulltext"):
        _ingest_rows(small, inputs, [{"title": "Later", "date": "2016-03-01",
                                      "url": "https://example.com/d", "text": "Rogozin."}],
                     "b.jsonl")
    assert "full-text index" in caplog.text
    assert _titles(small, "Rogozin") == {"Later"}  # stored, and found by the scan
    with pytest.raises(fulltext.FullTextError, match="not updated"):
        fulltext.catch_up(small, strict=True)


def test_many_matches_are_capped_newest_first(db, inputs, monkeypatch):
    monkeypatch.setattr(fulltext, "MAX_MATCHES", 4)
    ingest([write_reports(inputs / "r.jsonl", 0, 10)], db, workers=1)
    matches = fulltext.find(db, "Jakarta")
    assert matches.total == 10 and len(matches.article_ids) == 4
    newest = list_articles(db, ArticleQuery(), TableView(page_size=10))
    assert set(matches.article_ids) == set(newest["article_id"][:4])


def test_the_cli_rebuilds_the_index(small):
    shutil.rmtree(fulltext.index_folder(small))
    result = CliRunner().invoke(app, ["index", "--db", str(small)])
    assert result.exit_code == 0, result.output
    assert "indexed 3 articles" in result.output
    assert fulltext.is_current(small)


def test_the_cli_says_why_it_could_not_index(tmp_path):
    result = CliRunner().invoke(app, ["index", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == FaultKind.MISSING.exit_code
    assert "no store at" in result.output
