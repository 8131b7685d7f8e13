"""Time charts and the Entity page in a real browser: dragging across a time chart sets the date
filters and the share link, a typed date applies on Enter, the meetings timeline rings the
chosen meeting, and a merge leaves no "link parameters ignored" warning."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from urllib.parse import parse_qs, urlparse

import pytest

from tests.e2e.conftest import SEED_FILE, AppServer, _served

expect = pytest.importorskip("playwright.sync_api").expect


def _params(page) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)


def _drag_across(page, chart, start: float, end: float) -> None:
    """Drag from ``start`` to ``end`` (fractions of the plot's width) at mid-height."""
    area = chart.locator(".nsewdrag").first
    expect(area).to_be_visible()
    box = area.bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * start, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * (start + end) / 2, y, steps=5)
    page.mouse.move(box["x"] + box["width"] * end, y, steps=5)
    page.mouse.up()


def test_dragging_across_the_overview_chart_sets_the_dates_and_the_link(page, news_app, open_app,
                                                                        app_run):
    open_app(page, news_app.url + "/?ov_grain=month")
    chart = page.get_by_test_id("stPlotlyChart").first
    _drag_across(page, chart, 0.3, 0.45)  # no bar there: nothing changes
    app_run(page)
    assert "from" not in _params(page)
    _drag_across(page, chart, 0.9, 0.999)  # the 2024 reports
    expect(page).to_have_url(re.compile(r"from=2\d{3}-\d\d-\d\d.*to=2\d{3}-\d\d-\d\d"))
    app_run(page)
    first, last = _params(page)["from"][0], _params(page)["to"][0]
    assert "2016-02-18" < first < last  # the seed's day is left out, the 2024 reports stay
    widen = page.get_by_role("button", name=re.compile("All dates"))
    widen.click()
    app_run(page)
    expect(page).not_to_have_url(re.compile("from="))


def test_a_typed_date_applies_on_escape_as_the_sidebar_says(page, news_app, open_app, app_run):
    open_app(page, news_app.url + "/")
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(re.compile("A typed date applies on Esc"))).to_be_visible()
    sidebar.get_by_role("spinbutton", name="year, From").click()
    page.keyboard.type("20240401")
    page.keyboard.press("Escape")
    app_run(page)
    expect(page).to_have_url(re.compile("from=2024-04-01"))
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("4")


def test_the_timeline_rings_the_chosen_meeting(page, news_app, open_app, app_run, pick):
    open_app(page, news_app.url + "/meetings")
    box = page.get_by_test_id("stSelectbox").filter(has_text="Meeting (or click")
    box.scroll_into_view_if_needed()
    pick(page, box.locator("input")).click()
    app_run(page)
    legend = page.get_by_test_id("stPlotlyChart").first.locator(".legendtext")
    expect(legend.filter(has_text="Chosen meeting")).to_be_visible()


@pytest.fixture(scope="module")
def merge_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over its own copy of the seed: the merge below writes to it."""
    workdir = tmp_path_factory.mktemp("merge-app")
    folder = workdir / "articles"
    folder.mkdir()
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    from newslens.ingest import ingest

    db = workdir / "newslens.duckdb"
    ingest([folder], db, workers=1)
    yield from _served(db, workdir)


def test_the_search_box_shows_what_was_typed(page, news_app, open_app, app_run):
    open_app(page, news_app.url + "/entity?eid=Iran")
    page.get_by_placeholder(re.compile("a name or an alias")).fill("Dehqan")
    page.keyboard.press("Enter")
    app_run(page)
    expect(page.get_by_test_id("stHeading").filter(has_text="Hossein Dehghan")).to_be_visible()
    assert _params(page)["efind"] == ["Dehqan"]


def test_a_merge_warns_of_no_ignored_link_parameter(page, merge_app, open_app, app_run, pick):
    # the sidebar's entity filter names the entity merged away: it follows the merge
    open_app(page, merge_app.url + "/entity?entity=Hossein+Dehghan")
    expect(page.get_by_test_id("stHeading").filter(has_text="Hossein Dehghan")).to_be_visible()
    page.get_by_text("Correct this entity").click()
    merge_into = page.get_by_test_id("stSelectbox").filter(has_text="Merge it into")
    pick(page, merge_into.locator("input"), "Vladimir Putin").click()
    app_run(page)
    page.get_by_text("Merge: its mentions").click()
    app_run(page)
    page.get_by_role("button", name="Merge", exact=True).click()
    app_run(page)
    expect(page.get_by_text(re.compile("Merged Hossein Dehghan into Vladimir Putin"))
           ).to_be_visible()
    expect(page.get_by_test_id("stHeading").filter(has_text="Vladimir Putin")).to_be_visible()
    assert _params(page)["entity"] == ["Vladimir Putin"]
    expect(page.get_by_text("were ignored")).to_have_count(0)
