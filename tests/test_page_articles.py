"""AppTest for the Articles page: first-run seed, search from the URL, bad state, hostile text."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.ingest import ingest
from tests.conftest import ROOT, SEED, article_text
from tests.hostile import markdown_problems, markdown_text

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


def test_the_search_says_how_it_is_answered(app_with, db, inputs, monkeypatch):
    """Through the index: the text is searched by default and the help says how words match;
    when the index holds more matches than it hands to the filters, the count says so."""
    from newslens import fulltext
    from tests.conftest import write_reports

    ingest([write_reports(inputs / "r.jsonl", 0, 12)], db, workers=1)
    monkeypatch.setattr(fulltext, "MAX_MATCHES", 5)
    at = app_with(db, q="Jakarta")
    box = at.checkbox(key="qtext")
    assert box.value and "full-text index" in box.help
    assert "5 articles — 12 articles hold these words; the newest 5 of them were checked " \
           "against the filters" in [markdown_text(c.value) for c in at.caption]


def test_without_the_index_the_search_reads_the_texts(app_with, db, inputs):
    from newslens import fulltext
    from tests.conftest import write_reports

    ingest([write_reports(inputs / "r.jsonl", 0, 12)], db, workers=1)
    shutil.rmtree(fulltext.index_folder(db))
    fulltext.index_folder(db).write_text("in the way", encoding="utf-8")  # cannot be rebuilt
    at = app_with(db, q="akart")  # any part of a word matches in a scan
    assert "not ready" in at.checkbox(key="qtext").help
    assert "12 articles" in [c.value for c in at.caption]


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
    heading = at.subheader[0].value
    assert markdown_problems(heading) == []
    assert markdown_text(heading) == HOSTILE


def test_the_dashboard_builds_a_missing_index_in_the_background(app_with, db, inputs):
    import threading

    from newslens import fulltext
    from tests.conftest import write_reports

    ingest([write_reports(inputs / "r.jsonl", 0, 3)], db, workers=1)
    shutil.rmtree(fulltext.index_folder(db))
    at = app_with(db)
    assert not at.exception
    for thread in threading.enumerate():
        if thread.name == "newslens-index":
            thread.join(timeout=60)
    assert fulltext.is_current(db)
