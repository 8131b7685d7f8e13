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
        return at.switch_page("app_pages/articles.py").run()
    return start


def test_first_run_ingests_the_bundled_seed(app_with, db):
    at = app_with(db)
    assert not at.exception
    assert db.exists()
    assert at.title[0].value == "Articles"
    assert "1 article" in [c.value for c in at.caption]
    assert at.dataframe[0].value.loc[0, "title"] == "Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"
    assert "Rusia\\-Iran Tingkatkan Kerjasama Basmi Teroris" in at.subheader[0].value


def test_search_comes_from_the_share_link(app_with, db):
    at = app_with(db, q="zzznothing")
    assert at.text_input(key="q").value == "zzznothing"
    assert "0 articles" in [c.value for c in at.caption]


def test_search_typed_in_the_box(app_with, db):
    at = app_with(db)
    at.text_input(key="q").input("Shoigu").run()
    assert "1 article" in [c.value for c in at.caption]


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
    assert any("is not a newslens store" in w.value for w in at.warning)


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


# --- tables over the whole filtered result ------------------------------------------------------


@pytest.fixture
def many(db, inputs) -> Path:
    """70 articles over 2001–2024 (the oldest far from page one), with gaps: no source, no
    date, no link; one dated only to the month."""
    rows = [{"title": f"Story {n:02d}", "source": "Wire" if n % 3 else None,
             "date": f"{2001 + n % 24}-0{n % 9 + 1}-1{n % 9}" if n % 10 else None,
             "url": f"https://example.com/{n}" if n % 4 else None, "text": article_text(n)}
            for n in range(70)]
    rows.append({"title": "Month only", "date": "March 2010", "text": article_text(99)})
    (inputs / "many.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows),
                                       encoding="utf-8")
    ingest([inputs], db, workers=1)
    return db


def shown(at: AppTest):
    return at.dataframe[0].value


def test_ascending_starts_at_the_earliest_article_of_the_whole_store(app_with, many):
    at = app_with(many, sort="Published", order="ascending")
    assert not at.exception
    assert shown(at)["published"].iloc[0] == "2001-04-13"  # on page two, newest first
    assert shown(at)["title"].iloc[0] == "Story 48"
    newest = app_with(many)
    assert shown(newest)["published"].iloc[0] == "2024-06-15"  # Story 23


def test_sorting_by_title_and_paging_run_over_every_row(app_with, many):
    at = app_with(many, sort="Title", order="descending", size="20", page="4")
    assert at.number_input(key="page").label == "Page (of 4)"
    titles = list(shown(at)["title"])
    assert titles == [*(f"Story {n:02d}" for n in range(9, -1, -1)), "Month only"]


def test_sort_page_size_and_columns_come_back_from_the_link(app_with, many):
    at = app_with(many, sort="Source", order="ascending", size="100", cols=["Title", "Link"])
    assert at.selectbox(key="sort").value == "source"
    assert at.radio(key="order").value == "ascending"
    assert at.selectbox(key="size").value == 100
    assert at.multiselect(key="cols").value == ["title", "url"]
    assert at.query_params["cols"] == ["Title", "Link"]
    assert not at.warning  # every value was honoured


def test_no_nan_or_none_in_the_rendered_table(app_with, many):
    at = app_with(many, sort="Published", order="ascending", size="500")
    cells = {str(v) for v in shown(at).to_numpy().ravel()}
    assert not cells & {"nan", "None", "NaT", "<NA>"}
    assert "unknown" in cells  # no source, no date, no link
    assert "2010-03" in cells  # a month is shown as a month, not as its first midnight
    assert not any(c.endswith("00:00:00") for c in cells)


def test_the_csv_holds_every_filtered_row_in_the_tables_order(app_with, many, downloads):
    import csv
    import io

    at = app_with(many, sort="Published", order="ascending", cols=["Published", "Title"])
    assert at.caption and "71 articles" in [c.value for c in at.caption]
    table = list(csv.reader(io.StringIO(downloads[
        "newslens-articles-table-all-dates.csv"]().decode("utf-8-sig"))))
    assert table[0] == ["Article id", "Published", "Title"]
    assert len(table) == 1 + 71  # every article, not the 50 on screen
    assert table[1][1:] == ["2001-04-13", "Story 48"]
    assert table[-1][1] == ""  # undated last, an empty cell


def test_the_xlsx_holds_dates_as_dates(app_with, many, downloads):
    import datetime
    import io

    from openpyxl import load_workbook

    app_with(many, sort="Published", order="ascending")
    book = load_workbook(io.BytesIO(downloads["newslens-articles-table-all-dates.xlsx"]()))
    rows = list(book.active.iter_rows(values_only=True))
    header = rows[0]
    assert "Date known to" in header and "date_precision" not in header
    published = [r[header.index("Published")] for r in rows[1:]]
    assert len(published) == 71
    assert published[0] == datetime.datetime(2001, 4, 13)  # a date cell, not text
    assert book.active.cell(row=2, column=header.index("Published") + 1).is_date
