"""User journeys through the Articles page, in a real browser against ``streamlit run app.py``.

Fixtures (servers, browser, waits) live in conftest.py. Every check uses Playwright's
auto-retrying ``expect`` on something the user sees, so a check only passes once the app has
actually rendered it; checks that something is *absent* run after a positive one has passed.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

expect = pytest.importorskip("playwright.sync_api").expect

SEED_TITLE = "Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"
SEED_READ_ALSO = "Putin Rapat Mendadak dengan Menhan Iran"
SEARCH_LABEL = "Search titles and text"
READER_LABEL = "Read an article"


def caption(page, text: str):
    return page.get_by_test_id("stCaptionContainer").filter(has_text=re.compile(f"^{text}$"))


def heading(page, text: str):
    return page.get_by_test_id("stHeading").filter(has_text=text)


def query_params(page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query, keep_blank_values=True)


def assert_no_exception(page, server) -> None:
    """No exception box on the page; on failure, show it and the server log (the app's
    .streamlit/config.toml redacts error details in the browser)."""
    exceptions = page.get_by_test_id("stException")
    if exceptions.count():
        pytest.fail("the app showed an exception:\n" + "\n---\n".join(
            exceptions.all_inner_texts()) + "\n--- server log tail ---\n" + server.log_tail())


# --- 1. first run -------------------------------------------------------------------------


def test_first_run_ingests_the_bundled_seed_and_shows_it(page, seed_app, open_app):
    open_app(page, seed_app.url + "/articles")

    expect(heading(page, "Articles").first).to_be_visible()
    expect(caption(page, "1 article")).to_be_visible()
    # The reader picks the only article: its title, metadata, body and read-also list.
    expect(page.get_by_role("combobox", name=READER_LABEL)).to_have_value(SEED_TITLE)
    expect(heading(page, SEED_TITLE)).to_be_visible()
    expect(page.get_by_text(re.compile(r"ArrahmahNews · 2016-02-18"))).to_be_visible()
    # The body is a paragraph of the reader; the table's snippet cell holds the same words
    # once the grid has drawn its accessible cells, so look for the paragraph only.
    expect(page.get_by_role("paragraph").filter(
        has_text="Menteri Pertahanan Iran Brigadir Jenderal Hossein Dehqan")).to_be_visible()
    expect(page.get_by_text("Read-also links in the original")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text=SEED_READ_ALSO)).to_be_visible()
    assert_no_exception(page, seed_app)
    assert seed_app.db.exists(), "the first run should have created the store"


# --- 2. share links -----------------------------------------------------------------------


def test_share_link_prefills_the_search(page, seed_app, open_app):
    open_app(page, seed_app.url + "/articles?q=Putin")

    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("Putin")
    expect(caption(page, "1 article")).to_be_visible()
    expect(heading(page, SEED_TITLE)).to_be_visible()
    assert query_params(page).get("q") == ["Putin"]


def test_share_link_with_no_match_shows_zero_articles(page, seed_app, open_app):
    open_app(page, seed_app.url + "/articles?q=zzzznotthere")

    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("zzzznotthere")
    expect(caption(page, "0 articles")).to_be_visible()
    expect(page.get_by_role("combobox", name=READER_LABEL)).to_have_count(0)
    assert_no_exception(page, seed_app)


def test_typing_a_search_updates_the_share_link(page, seed_app, open_app, app_run):
    open_app(page, seed_app.url + "/articles")
    expect(caption(page, "1 article")).to_be_visible()
    box = page.get_by_label(SEARCH_LABEL)

    box.fill("zzzznotthere")
    box.press("Enter")
    app_run(page)
    expect(caption(page, "0 articles")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=zzzznotthere(&|$)"))

    box.fill("Dehqan")
    box.press("Enter")
    app_run(page)
    expect(caption(page, "1 article")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]q=Dehqan(&|$)"))

    # The URL is the share link: opening it afresh restores the same search.
    shared = page.url
    open_app(page, shared)
    expect(page.get_by_label(SEARCH_LABEL)).to_have_value("Dehqan")
    expect(caption(page, "1 article")).to_be_visible()


# --- 3. hostile text ----------------------------------------------------------------------


def test_hostile_title_is_shown_as_text_never_run(page, dialogs, hostile_app, hostile_title,
                                                 open_app, app_run, pick):
    open_app(page, hostile_app.url + "/articles")
    expect(caption(page, "3 articles")).to_be_visible()

    reader = page.get_by_role("combobox", name=READER_LABEL)
    option = pick(page, reader, hostile_title)  # the option label itself is literal text
    option.click()
    app_run(page)

    # show_article() has rendered once the metadata caption of the hostile article is up.
    expect(page.get_by_text("Hostile Source · 2020-01-02", exact=False)).to_be_visible()
    # A broken <img onerror> fires as soon as it is inserted; give it a moment anyway.
    page.wait_for_timeout(500)
    assert dialogs == [], f"the page opened JS dialogs: {dialogs}"
    expect(page.locator("img[src=x]")).to_have_count(0, timeout=2000)
    expect(page.locator("script", has_text="alert(")).to_have_count(0, timeout=2000)
    expect(page.locator("b", has_text="bold")).to_have_count(0, timeout=2000)

    # ...and the payload is there for the reader to see, character for character.
    expect(reader).to_have_value(hostile_title)
    title = heading(page, "onerror=alert(1)")
    expect(title).to_be_visible()
    expect(title).to_have_text(hostile_title)
    expect(page.get_by_text("Second paragraph <b>bold</b>.", exact=True)).to_be_visible()
    assert_no_exception(page, hostile_app)


# --- 4. malformed query params ------------------------------------------------------------


MALFORMED = [
    # (query string, search box value expected, "N articles" expected; None: any)
    pytest.param("page=abc&q=%3Cscript%3E", "<script>", "0", id="page-abc-q-script"),
    pytest.param("page=abc", "", "1", id="page-abc"),
    pytest.param("page=0", "", "1", id="page-zero"),
    pytest.param("page=-7", "", "1", id="page-negative"),
    pytest.param("page=1.5", "", "1", id="page-fraction"),
    pytest.param("page=99999999999999999999999", "", "1", id="page-huge"),
    pytest.param("page=&q=", "", "1", id="both-empty"),
    pytest.param("q=%E2%80%AE%00%FF", None, None, id="q-control-and-bad-utf8"),
    pytest.param("q=Putin&q=zzzznotthere&page=1&page=2", None, None, id="repeated-params"),
]


@pytest.mark.parametrize(("query", "search", "count"), MALFORMED)
def test_malformed_query_params_do_not_crash(page, dialogs, seed_app, open_app,
                                             query, search, count):
    open_app(page, f"{seed_app.url}/articles?{query}")

    expect(heading(page, "Articles").first).to_be_visible()
    # Wait for whichever comes first: the article count, or an exception box.
    counted = caption(page, rf"{count or '[0-9,]+'} articles?")
    expect(counted.or_(page.get_by_test_id("stException")).first).to_be_visible()
    assert_no_exception(page, seed_app)
    expect(counted).to_be_visible()
    if search is not None:
        expect(page.get_by_label(SEARCH_LABEL)).to_have_value(search)
    assert dialogs == [], f"the page opened JS dialogs: {dialogs}"
