"""AppTest for the Meetings page: the seed's five meetings, empty and unmatched states, bad
link parameters, hostile names and evidence."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from components.time_controls import box_dates
from components.timeline import busiest_lanes, clicked_meeting
from newslens.filters import EARLIEST, LATEST
from newslens.store.connection import writing
from newslens.store.curation import rename_entity
from tests.conftest import ROOT, SEED
from tests.hostile import markdown_problems, markdown_text

APP = str(ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>[click](javascript:alert(2)) **bold**"


@pytest.fixture
def meetings_page(monkeypatch):
    def start(db: Path, sidebar: dict[str, str] | None = None, **params: str) -> AppTest:
        """The app run once with the sidebar's link parameters, then the page with its own."""
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in (sidebar or {}).items():
            at.query_params[key] = value
        at.run()
        for key, value in params.items():
            at.query_params[key] = value
        return at.switch_page("app_pages/meetings.py").run()
    return start


def timeline(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_the_seed_shows_its_five_meetings(meetings_page, seeded):
    at = meetings_page(seeded)
    assert not at.exception
    assert at.title[0].value == "Meetings"
    assert "Meetings 1–5 of 5" in [c.value for c in at.caption]
    marks = {m for trace in timeline(at)["data"] for m in trace["customdata"]}
    assert len(marks) == 5
    assert len(at.dataframe[0].value) == 5
    assert len(at.selectbox(key="m_meeting").options) == 5


def test_rows_per_country(meetings_page, seeded):
    at = meetings_page(seeded)
    at.radio(key="m_by").set_value("country").run()
    lanes = {lane for trace in timeline(at)["data"] for lane in trace["y"]}
    assert lanes == {"Iran", "Russia"}


def test_a_chosen_meeting_shows_its_evidence_and_articles(meetings_page, seeded):
    at = meetings_page(seeded)
    at.selectbox(key="m_meeting").set_value("a0b08151db308725").run()
    assert not at.exception
    evidence = [m.value for m in at.markdown if m.value.startswith("> ")]
    assert len(evidence) == 2 and "Shoigu" in evidence[0]
    why = [c.value for c in at.caption if c.value.startswith("Found by")]
    assert len(why) == 2 and "pembicaraan" in why[0] and "confidence" in why[0]
    links = at.get("page_link")
    assert any("Rusia\\-Iran Tingkatkan" in link.proto.label for link in links)


def test_page_filters_from_the_link(meetings_page, seeded):
    at = meetings_page(seeded, m_kind="visit")
    assert at.multiselect(key="m_kind").value == ["visit"]
    assert "Meetings 1–2 of 2" in [c.value for c in at.caption]


def test_global_filters_narrow_meetings_too(meetings_page, seeded):
    at = meetings_page(seeded, sidebar={"country": "Iran"})
    assert "Meetings 1–5 of 5" in [c.value for c in at.caption]
    at = meetings_page(seeded, sidebar={"country": "Syria"})
    assert not at.exception
    assert "No meeting matches these filters" in at.info[0].value


def test_filters_that_match_nothing_say_so(meetings_page, seeded):
    at = meetings_page(seeded, m_min="50")
    assert not at.exception
    assert "No meeting matches these filters" in at.info[0].value
    assert not at.get("plotly_chart")


def test_an_empty_store_says_how_to_load_data(meetings_page, db):
    with writing(db):
        pass
    at = meetings_page(db)
    assert not at.exception
    assert "holds no articles yet" in at.info[0].value
    assert at.get("page_link")


@pytest.mark.parametrize("params", [
    {"m_min": "abc"}, {"m_from": "2016-13-45"}, {"m_by": "sideways"}, {"m_page": "-3"},
    {"m_meeting": "no such meeting"}, {"m_planned": "maybe"}, {"m_actor": "Nobody At All"},
])
def test_malformed_page_parameters_do_not_crash(meetings_page, seeded, params):
    at = meetings_page(seeded, **params)
    assert not at.exception
    assert "Meetings 1–5 of 5" in [c.value for c in at.caption]


def test_hostile_names_and_evidence_are_escaped(meetings_page, seeded):
    rename_entity(seeded, "person:vladimir-putin", HOSTILE)
    with writing(seeded) as con:
        con.execute("UPDATE meeting_sources SET evidence = ? WHERE meeting_id = ?",
                    [HOSTILE, "08b1d390c57c2fb6"])
    at = meetings_page(seeded)
    assert not at.exception
    spec = timeline(at)
    hover = " ".join(h for trace in spec["data"] for h in trace["hovertext"])
    assert "&lt;img src=x onerror=alert(1)&gt;" in hover
    assert "<img" not in hover
    table = at.dataframe[0].value
    assert HOSTILE in set(table["evidence"])  # a cell of data, drawn as text
    at.selectbox(key="m_meeting").set_value("08b1d390c57c2fb6").run()
    quoted = [m.value.removeprefix("> ") for m in at.markdown if m.value.startswith("> ")]
    assert [markdown_problems(q) for q in quoted] == [[]] * len(quoted)
    assert HOSTILE in [markdown_text(q) for q in quoted]


@pytest.mark.parametrize(("selection", "meeting"), [
    ({"points": [{"customdata": "m1"}]}, "m1"),
    ({"points": [{"customdata": ["m2"]}]}, "m2"),
    ({"points": [{"x": 1}]}, None),
    ({}, None),
])
def test_a_click_on_the_timeline_picks_its_meeting(selection, meeting):
    assert clicked_meeting(selection) == meeting


def test_only_the_busiest_lanes_are_drawn():
    # lane L0 has 3 meetings, L1 2, the rest 1 each: with room for two, L0 and L1 stay
    rows = pd.DataFrame({
        "meeting_id": ["a", "b", "c", "a", "b", "d", "e", "f"],
        "lane": ["L0", "L0", "L0", "L1", "L1", "L2", "L3", "L4"]})
    kept, hidden = busiest_lanes(rows, limit=2)
    assert set(kept["lane"]) == {"L0", "L1"} and len(kept) == 5
    assert hidden == 3
    same, none = busiest_lanes(rows, limit=5)
    assert none == 0 and same is rows


def test_the_table_sorts_and_downloads_every_meeting(meetings_page, seeded, downloads):
    import csv
    import io

    at = meetings_page(seeded, m_sort="Date", m_order="ascending", m_cols=["Date", "Kind"])
    assert not at.exception
    dates = list(at.dataframe[0].value["date"])
    assert dates == sorted(dates) and len(dates) == 5
    table = list(csv.reader(io.StringIO(downloads[
        "newslens-meetings-table-all-dates.csv"]().decode("utf-8-sig"))))
    assert table[0] == ["Meeting id", "Date", "Kind"]
    # a month-precision date is its first day in a file, a real date spreadsheets can filter
    assert all(row[1].startswith(day) for row, day in zip(table[1:], dates, strict=True))


def test_a_meeting_without_place_reads_unknown_never_nan(meetings_page, seeded):
    with writing(seeded) as con:
        con.execute("UPDATE meetings SET location_id = NULL")
    at = meetings_page(seeded)
    hovers = " ".join(t for trace in timeline(at)["data"] for t in trace["hovertext"])
    labels = " ".join(at.selectbox(key="m_meeting").options)
    cells = {str(v) for v in at.dataframe[0].value.to_numpy().ravel()}
    assert "place: unknown" in hovers and "· unknown" in labels and "unknown" in cells
    assert not re.search(r"\b(nan|None|NaT)\b", hovers + labels)
    assert not cells & {"nan", "None", "NaT"}
    assert "(known to the" in hovers and "article(s)" not in hovers


def test_the_timeline_rings_the_chosen_meeting(meetings_page, seeded):
    at = meetings_page(seeded, m_meeting="a0b08151db308725")
    at.selectbox(key="m_meeting").set_value("a0b08151db308725").run()
    ring = [t for t in timeline(at)["data"] if t["name"] == "Chosen meeting"]
    assert len(ring) == 1 and ring[0]["marker"]["symbol"] == "circle-open"
    assert set(ring[0]["y"]) == {"Hossein Dehghan", "Sergei Shoigu"}


def test_a_meeting_decades_away_does_not_crush_the_rest(meetings_page, seeded):
    with writing(seeded) as con:
        con.execute("UPDATE meetings SET date = DATE '1970-01-01' WHERE meeting_id = ?",
                    ["08b1d390c57c2fb6"])
    at = meetings_page(seeded)
    assert not at.exception
    first, _ = (pd.Timestamp(v) for v in timeline(at)["layout"]["xaxis"]["range"])
    assert first > pd.Timestamp("2014-01-01")  # fitted to the meetings of 2015 and 2016
    assert any("1 meeting dated far from the rest is in the table" in c.value
               for c in at.caption)
    at.toggle(key="m_all_dates").set_value(True).run()
    first, _ = (pd.Timestamp(v) for v in timeline(at)["layout"]["xaxis"]["range"])
    assert first < pd.Timestamp("1970-01-01")


def test_a_box_dragged_across_a_time_chart_gives_its_days():
    box = {"points": [{"x": "2024-03-04"}],
           "box": [{"x": ["2024-05-02 13:20:11.5", "2024-03-01 02:00"], "y": [0, 3]}]}
    assert box_dates(box) == (date(2024, 3, 1), date(2024, 5, 2))
    assert box_dates({"box": [{"x": [1.7e12, 1.6e12]}]}) == (date(2020, 9, 13),
                                                             date(2023, 11, 14))
    assert box_dates({"box": [{"x": ["not a date", "2024-01-01"]}]}) is None
    assert box_dates({"box": [{"x": ["0001-01-01", "9999-01-01"]}]}) == (EARLIEST, LATEST)
    assert box_dates({"points": [{"x": "2024-03-04"}]}) is None
