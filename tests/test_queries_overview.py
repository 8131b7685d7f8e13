"""Overview queries: counts, coverage, articles over time and top entities, under the filters."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from newslens.filters import Filters
from newslens.ingest import ingest
from newslens.queries import overview
from newslens.queries.overview import (
    articles_over_time,
    counts,
    stored_articles,
    top_entities,
)
from newslens.store.connection import writing
from newslens.store.derived import rebuild
from tests.conftest import SEED
from tests.test_queries_meetings import build_store

MENTIONS = [  # article_id, entity_id, how many times
    ("a1", "person:alice", 3), ("a1", "country:id", 1),
    ("a2", "person:alice", 1), ("a2", "person:bob", 2), ("a3", "person:bob", 1),
]


@pytest.fixture
def small(db: Path) -> Path:
    build_store(db)
    with writing(db) as con:
        con.executemany("INSERT INTO mentions (article_id, entity_id, sentence) VALUES (?, ?, ?)",
                        [(a, e, n) for a, e, times in MENTIONS for n in range(times)])
        rebuild(con)
    return db


def test_the_seed_counts(db):
    ingest([SEED], db, workers=1)
    figures = counts(db, Filters())
    assert (figures.articles, figures.sources, figures.languages, figures.meetings) == (1, 1, 1, 5)
    assert figures.entities == 16
    assert figures.first == figures.last == date(2016, 2, 18)
    assert figures.undated == 0


def test_counts_and_coverage_under_the_filters(small):
    everything = counts(small, Filters())
    assert (everything.articles, everything.sources, everything.languages) == (3, 2, 2)
    assert (everything.first, everything.last, everything.undated) == (
        date(2020, 1, 10), date(2020, 1, 11), 1)
    assert everything.entities == 3
    assert everything.meetings == 4  # m3 is planned
    reuters = counts(small, Filters(sources=("Reuters",)))
    assert (reuters.articles, reuters.undated, reuters.meetings) == (2, 1, 4)


def test_filters_that_match_nothing_count_zero(small):
    figures = counts(small, Filters(languages=("fr",)))
    assert figures == overview.Counts(0, 0, 0, 0, 0, None, None, 0)
    assert articles_over_time(small, Filters(languages=("fr",)))[1].empty
    assert top_entities(small, Filters(languages=("fr",))).empty


def test_an_empty_store_holds_no_articles(db):
    with writing(db):
        pass
    assert stored_articles(db) == 0


def test_articles_over_time_by_language_leave_out_undated(small):
    grain, frame = articles_over_time(small, Filters(), "language")
    assert grain == "day"
    assert frame.to_dict("records") == [
        {"period": frame["period"][0], "language": "id", "articles": 1},
        {"period": frame["period"][1], "language": "en", "articles": 1}]
    assert [str(p)[:10] for p in frame["period"]] == ["2020-01-10", "2020-01-11"]


def test_beyond_the_largest_groups_the_rest_is_other(small, monkeypatch):
    monkeypatch.setattr(overview, "TOP_GROUPS", 1)
    _, frame = articles_over_time(small, Filters(), "source")
    # one dated article each: the tie goes to the first name
    assert frame["source"].tolist() == ["Antara", "other"]


def test_articles_cannot_be_split_by_anything_else(small):
    with pytest.raises(ValueError, match="source, language"):
        articles_over_time(small, Filters(), "title; DROP TABLE articles")


def test_top_entities_by_articles_then_mentions_per_type(small):
    top = top_entities(small, Filters())
    people = top[top["type"] == "PERSON"]
    assert people["name"].tolist() == ["Alice", "Bob"]  # 2 articles each; Alice 4 mentions
    assert people["mentions"].tolist() == [4, 3]
    assert top[top["type"] == "COUNTRY"]["name"].tolist() == ["Indonesia"]
    assert len(top_entities(small, Filters(), per_type=1)) == 2


def test_top_entities_follow_the_filters(small):
    top = top_entities(small, Filters(sources=("Antara",)))
    assert set(top["name"]) == {"Alice", "Indonesia"}


def test_top_entities_precomputed_and_counted_agree(tmp_path):
    from newslens.ingest import ingest
    from tests.conftest import SEED

    db = tmp_path / "seed.duckdb"
    ingest([SEED], db, workers=1)
    everything = Filters(start=date(1900, 1, 1), end=date(2100, 1, 1))
    precomputed = top_entities(db, Filters())
    counted = top_entities(db, everything)
    assert not precomputed.empty
    assert precomputed.to_dict("records") == counted.to_dict("records")
