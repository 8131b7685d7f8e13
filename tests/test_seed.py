"""The bundled seed article ingests to exactly one clean article."""

from __future__ import annotations

import json

import pytest

from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, get_article, list_articles
from tests.conftest import DATA, SEED, SHARED

EXPECTED = json.loads((DATA / "seed_expected.json").read_text(encoding="utf-8"))


@pytest.fixture
def seed_article(db):
    report = ingest([SEED], db, workers=1)
    assert (report.articles, report.added, report.skipped) == (1, 1, 0)
    rows = list_articles(db, ArticleQuery())
    return get_article(db, rows.loc[0, "article_id"])


@pytest.mark.parametrize("field", ["title", "language", "source", "dateline",
                                   "published_precision", "related_titles"])
def test_seed_fields(seed_article, field):
    assert seed_article[field] == EXPECTED[field]


def test_seed_published_day(seed_article):
    assert seed_article["published"].isoformat() == EXPECTED["published"]


def test_seed_body_has_no_chrome(seed_article):
    text = seed_article["text"]
    for chrome in EXPECTED["absent_from_text"]:
        assert chrome not in text
    assert text.startswith(EXPECTED["text_starts_with"])
    assert text.endswith(EXPECTED["text_ends_with"])


def test_seed_keeps_raw_text(seed_article):
    assert seed_article["raw_text"] == SEED.read_text(encoding="utf-8")


def test_seed_matches_shared_gold(seed_article):
    gold_path = SHARED / "seeds" / "seed_gold.json"
    if not gold_path.exists():
        pytest.skip(f"{gold_path} not present")
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    assert seed_article["title"] == gold["article"]["title"]
    assert seed_article["published"].isoformat() == gold["article"]["published"]
    assert seed_article["source"] == gold["article"]["source"]
    assert seed_article["language"] == gold["article"]["language"]
    assert seed_article["related_titles"] == gold["related_titles"]
    for chrome in gold["boilerplate"]:
        assert chrome not in seed_article["text"]
