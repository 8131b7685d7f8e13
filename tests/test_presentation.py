"""The presentation layer: labels, the one missing word, plurals, dates at their precision,
and the frame every table shows; and the spreadsheet writers that use it."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from newslens.export.sheets import csv_bytes, frame_rows, json_bytes, xlsx_bytes
from newslens.presentation import (
    DATE_COLUMNS,
    HELP,
    LABELS,
    MISSING,
    day,
    display_frame,
    label,
    plural,
    precision_note,
    progress_line,
    shown_name,
    shown_name_sql,
    text,
)
from newslens.queries.articles import ARTICLE_TABLE
from newslens.queries.meetings import MEETING_TABLE
from newslens.queries.table_view import TableView


@pytest.mark.parametrize("spec", [ARTICLE_TABLE, MEETING_TABLE], ids=["articles", "meetings"])
def test_every_table_column_has_a_label_of_its_own(spec):
    assert set(spec.columns) <= set(LABELS)
    shown = [label(c) for c in spec.columns]
    assert len(set(shown)) == len(shown)  # a share link names columns by label
    assert not any("_" in name for name in shown)


def test_an_unlisted_column_still_reads_as_words():
    assert label("files_read_twice") == "Files read twice"


@pytest.mark.parametrize("column", ["date_precision", "published_precision", "kind",
                                    "community"])
def test_terms_an_analyst_cannot_guess_have_help(column):
    assert HELP[column]


def test_the_precision_help_names_every_precision():
    for word in ("day", "week", "month", "year", "reported"):
        assert f"{word}:" in HELP["date_precision"]


@pytest.mark.parametrize("value", [None, float("nan"), pd.NaT, pd.NA])
def test_missing_values_read_one_word(value):
    assert text(value) == MISSING
    assert day(value) == MISSING
    assert precision_note(value) == MISSING


@pytest.mark.parametrize(("count", "noun", "expected"), [
    (1, "article", "1 article"), (0, "article", "0 articles"), (2, "meeting", "2 meetings"),
    (1_000, "entity", "1,000 entities"), (1, "country", "1 country"),
    (3, "country", "3 countries"),
])
def test_plurals(count, noun, expected):
    assert plural(count, noun) == expected


@pytest.mark.parametrize(("precision", "expected"), [
    ("day", "2016-02-18"), ("time", "2016-02-18"), ("week", "2016-02-18"),
    ("month", "2016-02"), ("year", "2016"), ("reported", "2016-02-18"), (None, "2016-02-18"),
])
def test_dates_read_at_their_precision_never_at_midnight(precision, expected):
    assert day(pd.Timestamp("2016-02-18 00:00:00"), precision) == expected
    assert day(datetime.date(2016, 2, 18), precision) == expected


def test_a_shown_frame_has_no_nan_none_or_midnight():
    frame = pd.DataFrame({
        "date": pd.to_datetime(["2016-02-18", "2015-01-01", None]),
        "date_precision": ["day", "month", None], "place": ["Tehran", None, float("nan")],
        "sources": [1.0, float("nan"), 3.0], "planned": [True, False, None],
    })
    shown = display_frame(frame)
    assert list(shown["date"]) == ["2016-02-18", "2015-01", MISSING]
    assert list(shown["place"]) == ["Tehran", MISSING, MISSING]
    assert list(shown["planned"]) == ["yes", "no", MISSING]
    assert list(shown["sources"])[1] == MISSING
    assert list(frame.columns) == list(shown.columns)
    assert frame["place"].isna().sum() == 2  # the frame itself is left alone


def test_a_date_column_knows_its_precision_column():
    assert DATE_COLUMNS["published"] == "published_precision"
    assert DATE_COLUMNS["date"] == "date_precision"


# --- the writers --------------------------------------------------------------------------


FRAME = pd.DataFrame({
    "meeting_id": ["m1", "m2"], "date": pd.to_datetime(["2016-02-18", None]),
    "date_precision": ["day", None], "participants": ["=HYPERLINK(\"x\")", None],
    "sources": [2, 1], "article_ids": [["a", "b"], []],
})


def test_csv_has_labels_iso_dates_empty_gaps_and_no_formulas():
    table = list(csv.reader(io.StringIO(csv_bytes(frame_rows(FRAME)).decode("utf-8-sig"))))
    assert table[0] == ["Meeting id", "Date", "Date known to", "Participants",
                        "Reporting articles", "Article ids"]
    assert table[1] == ["m1", "2016-02-18", "day", "'=HYPERLINK(\"x\")", "2", '["a", "b"]']
    assert table[2] == ["m2", "", "", "", "1", "[]"]


def test_xlsx_has_date_cells_and_no_formulas():
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame_rows(FRAME)))).active
    assert sheet["B1"].value == "Date"
    assert sheet["B2"].is_date and sheet["B2"].value == datetime.datetime(2016, 2, 18)
    assert sheet["B2"].number_format == "yyyy-mm-dd"
    assert sheet["B3"].value is None
    assert sheet["D2"].value == "'=HYPERLINK(\"x\")" and sheet["D2"].data_type == "s"


def test_json_keeps_the_column_names_and_lists_for_tools():
    records = json.loads(json_bytes(frame_rows(FRAME)))
    assert records[0] == {"meeting_id": "m1", "date": "2016-02-18", "date_precision": "day",
                          "participants": "=HYPERLINK(\"x\")", "sources": 2,
                          "article_ids": ["a", "b"]}
    assert records[1]["date"] is None


# --- the view as SQL ------------------------------------------------------------------------


def test_an_unknown_sort_column_falls_back_to_the_default_and_never_reaches_sql():
    view = TableView(sort="title; DROP TABLE articles", descending=False)
    assert view.order_by(ARTICLE_TABLE) == ("ORDER BY a.published ASC NULLS LAST, "
                                           "a.article_id")
    assert "DROP" not in view.select(ARTICLE_TABLE)


def test_chosen_columns_keep_the_tables_order_and_the_key():
    view = TableView(columns=("url", "title", "bogus"))
    assert view.shown(ARTICLE_TABLE) == ["title", "url"]
    assert view.select(ARTICLE_TABLE) == ('a.article_id AS article_id, a.title AS "title", '
                                          'a.url AS "url"')


@pytest.mark.parametrize(("page", "size", "window"), [
    (1, 50, [50, 0]), (3, 20, [20, 40]), (0, 20, [20, 0]), (-4, 10_000, [500, 0]),
])
def test_the_window_is_clamped(page, size, window):
    assert TableView(page=page, page_size=size).window() == window


@pytest.mark.parametrize(("file", "shown"), [
    ("/srv/news/private/wire.csv", "wire.csv"),
    ("/srv/news/batch.zip!2024/jan.csv", "batch.zip!2024/jan.csv"),
    ("C:\\data\\wire.csv", "wire.csv"),
    ("upload.csv", "upload.csv"),
])
def test_inputs_are_shown_without_the_servers_folders(file, shown):
    import duckdb

    assert shown_name(file) == shown
    assert duckdb.execute(f"SELECT {shown_name_sql('?')}", [file]).fetchone()[0] == shown


def test_the_progress_line_counts_and_gives_a_rate_once_it_means_something():
    assert progress_line(0, 500, 0.2) == "0 articles read of about 500"
    assert progress_line(1200, 5000, 3.0) == "1,200 articles read of about 5,000 · 400 articles/s"
    assert progress_line(1, 1, 0.5) == "1 article read"
