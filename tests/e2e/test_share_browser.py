"""Share links in a real browser: a link (long or saved) reopens the same filters and rows in a
fresh browser, and global filters survive page switches.

"The same rows" is checked byte for byte through the table's CSV download in both browsers.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

SEARCH_LABEL = "Search titles and text"


def sidebar(page):
    return page.get_by_test_id("stSidebar")


def caption(page, text: str):
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(f"^{text}$"))


def choose(page, label: str, option: str, app_run, pick) -> None:
    """Pick ``option`` in the sidebar multiselect labelled ``label``."""
    box = sidebar(page).get_by_test_id("stMultiSelect").filter(has_text=label)
    pick(page, box.locator("input"), option).click()
    page.keyboard.press("Escape")
    app_run(page)


def share_links(page) -> list[str]:
    """The links shown in the sidebar's "Share this view" box."""
    expander = sidebar(page).get_by_test_id("stExpander").filter(has_text="Share this view")
    if not expander.get_by_test_id("stCode").first.is_visible():
        expander.get_by_text("Share this view").click()
    expect(expander.get_by_test_id("stCode").first).to_be_visible()
    return [text.strip() for text in expander.get_by_test_id("stCode").all_inner_texts()]


def csv_of_table(page) -> bytes:
    button = page.get_by_test_id("stDownloadButton").filter(has_text="CSV").first
    with page.expect_download() as download:
        button.click()
    return Path(download.value.path()).read_bytes()


def fresh_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    return context, context.new_page()


@pytest.fixture
def filtered(page, news_app, open_app, app_run, pick):
    """The Articles page with a search and a source chosen by hand, as an analyst would."""
    open_app(page, news_app.url + "/articles")
    search = page.get_by_label(SEARCH_LABEL)
    search.fill("talks")
    search.press("Enter")
    app_run(page)
    choose(page, "Sources", "Morning Post", app_run, pick)
    expect(caption(page, "2 articles")).to_be_visible()
    return page


def _assert_same_view(page, rows: bytes) -> None:
    expect(caption(page, "2 articles")).to_be_visible()
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("talks")
    expect(sidebar(page).get_by_test_id("stMultiSelect").filter(has_text="Sources")
           ).to_contain_text("Morning Post")
    assert csv_of_table(page) == rows


def test_a_share_link_reopens_the_same_filters_and_rows(browser, filtered, open_app):
    link = share_links(filtered)[0]
    assert "source=Morning+Post" in link and "q=talks" in link and "/articles" in link
    rows = csv_of_table(filtered)
    assert rows.count(b"\n") == 3  # header and the two Morning Post reports
    context, other = fresh_page(browser)
    try:
        open_app(other, link)
        _assert_same_view(other, rows)
    finally:
        context.close()


def test_a_saved_short_link_reopens_the_same_view(browser, filtered, open_app, app_run):
    share_links(filtered)
    sidebar(filtered).get_by_role("button", name="Make a short link").click()
    app_run(filtered)
    expect(sidebar(filtered).get_by_test_id("stCode")).to_have_count(2)
    short = share_links(filtered)[1]
    assert re.search(r"\?view=[0-9a-f]{10}$", short), short
    rows = csv_of_table(filtered)
    context, other = fresh_page(browser)
    try:
        open_app(other, short)
        _assert_same_view(other, rows)
    finally:
        context.close()


def test_global_filters_survive_a_page_switch(filtered, app_run):
    sidebar(filtered).get_by_role("link", name="Overview").click()
    app_run(filtered)
    assert "source=Morning+Post" in filtered.url
    sidebar(filtered).get_by_role("link", name="Articles").click()
    app_run(filtered)
    expect(sidebar(filtered).get_by_test_id("stMultiSelect").filter(has_text="Sources")
           ).to_contain_text("Morning Post")
    assert "source=Morning+Post" in filtered.url


def test_an_unknown_value_in_a_link_is_ignored_with_a_notice(page, news_app, open_app):
    open_app(page, news_app.url + "/articles?source=Nowhere+Times&source=Daily+Bugle&bogus=1")
    notice = sidebar(page).get_by_test_id("stAlert").filter(has_text="were ignored")
    expect(notice).to_contain_text("'Nowhere Times' is not a valid value for 'source'")
    expect(notice).to_contain_text("unknown parameter 'bogus'")
    expect(caption(page, "2 articles")).to_be_visible()
