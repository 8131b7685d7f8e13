"""AppTest for the Articles page: first-run seed, search from the URL, bad state, hostile text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.ingest import ingest
from tests.conftest import ROOT, SEED, article_text

APP = str(ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>[click](javascript:alert(2)) **bold**"


@pytest.fixture
def app_with(monkeypatch):
    def start(db: Path, **params: str) -> AppTest:
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        for key, value in params.items():
            at.query_params[key] = value
        return at.switch_page("pages/articles.py").run()
    return start


def test_first_run_ingests_the_bundled_seed(app_with, db):
    at = app_with(db)
    assert not at.exception
    assert db.exists()
    assert at.title[0].value == "Articles"
    assert "1 articles" in [c.value for c in at.caption]
    assert at.dataframe[0].value.loc[0, "title"] == "Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"
    assert "Rusia\\-Iran Tingkatkan Kerjasama Basmi Teroris" in at.subheader[0].value


def test_search_comes_from_the_share_link(app_with, db):
    at = app_with(db, q="zzznothing")
    assert at.text_input(key="q").value == "zzznothing"
    assert "0 articles" in [c.value for c in at.caption]


def test_search_typed_in_the_box(app_with, db):
    at = app_with(db)
    at.text_input(key="q").input("Shoigu").run()
    assert "1 articles" in [c.value for c in at.caption]


def test_malformed_page_parameter_does_not_crash(app_with, db):
    at = app_with(db, page="abc")
    assert not at.exception
    assert at.title[0].value == "Articles"


def test_unreadable_store_shows_a_message(app_with, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a database" * 100)
    at = app_with(broken)
    assert not at.exception
    assert "cannot be opened as a newslens store" in at.info[0].value


def test_hostile_title_is_shown_as_text(app_with, db, inputs):
    (inputs / "x.jsonl").write_text(json.dumps({"title": HOSTILE, "text": article_text(1)}))
    ingest([inputs], db, workers=1)
    at = app_with(db)
    shown = at.subheader[0].value
    assert "\\<img src=x onerror=alert\\(1\\)\\>" in shown
    assert "\\[click\\]\\(javascript" in shown
    assert "\\*\\*bold\\*\\*" in shown
