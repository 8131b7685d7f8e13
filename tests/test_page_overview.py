"""AppTest for the Overview page: the seed's figures, empty and unmatched states, bad link
parameters, hostile entity names."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.store.connection import writing
from newslens.store.curation import rename_entity
from tests.conftest import ROOT, SEED
from tests.hostile import markdown_text

APP = str(ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>[click](javascript:alert(2)) **bold**"


@pytest.fixture
def overview(monkeypatch):
    def start(db: Path, **params: str) -> AppTest:
        """The app's default page, opened by a link with ``params``."""
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()
    return start


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_first_run_shows_the_seed(overview, db):
    at = overview(db)
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {"Articles": "1", "Sources": "1", "Languages": "1",
                           "Entities": "16", "Meetings": "5"}
    assert "Dated 2016-02-18 to 2016-02-18; 0 undated." in [markdown_text(c.value)
                                                             for c in at.caption]
    over_time, entities = charts(at)
    assert [t["name"] for t in over_time["data"]] == ["ArrahmahNews"]
    assert "Vladimir Putin" in {y for t in entities["data"] for y in t["y"]}
    assert len(at.dataframe[0].value) == 5  # the latest meetings


def test_articles_split_by_language(overview, seeded):
    at = overview(seeded, ov_split="language")
    assert at.radio(key="ov_split").value == "language"
    assert [t["name"] for t in charts(at)[0]["data"]] == ["id"]


def test_filters_that_match_nothing_say_so(overview, seeded):
    at = overview(seeded, **{"from": "2030-01-01"})
    assert not at.exception
    assert metrics(at)["Articles"] == "0"
    assert "No article matches these filters" in at.info[0].value
    assert not at.get("plotly_chart")


def test_an_empty_store_says_how_to_load_data(overview, db):
    with writing(db):
        pass
    at = overview(db)
    assert not at.exception
    assert "holds no articles yet" in at.info[0].value
    assert not at.metric


def test_a_malformed_split_falls_back(overview, seeded):
    at = overview(seeded, ov_split="title; DROP TABLE articles")
    assert not at.exception
    assert at.radio(key="ov_split").value == "source"


def test_hostile_entity_name_is_escaped(overview, seeded):
    rename_entity(seeded, "person:vladimir-putin", HOSTILE)
    at = overview(seeded)
    assert not at.exception
    labels = {y for t in charts(at)[1]["data"] for y in t["y"]}
    assert "&lt;img src=x onerror=alert(1)&gt;[click](javascript:alert(2)) **bold**" in labels
    assert not any("<img" in label for label in labels)
    assert any(HOSTILE in p for p in at.dataframe[0].value["participants"])
