"""User journeys through the Data page: upload a file, ingest it, and find its article.

The server here has a store of its own (module scoped), so the uploads never change what the
Articles journeys against ``seed_app`` see. Fixtures for the browser and waits live in
conftest.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import AppServer, _served

expect = pytest.importorskip("playwright.sync_api").expect

UPLOAD_LABEL = "Upload articles"
READER_LABEL = "Read an article"
BODY = ("The foreign minister met his counterpart in Jakarta to discuss trade and security. "
        "Officials said the {word} meeting went well and talks continue next month.")
XSS_TITLE = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="module")
def upload_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a fresh store (seeded on first run) that these tests upload into."""
    workdir = tmp_path_factory.mktemp("upload-app")
    yield from _served(workdir / "newslens.duckdb", workdir)


def article_csv(title: str, word: str) -> bytes:
    """One article as CSV, written by hand so the title stays byte-exact."""
    return (f"title,text,date,source\n{title},\"{BODY.format(word=word)}\",2021-03-04,"
            "Upload Tribune\n").encode()


def upload_and_ingest(page, files, app_run) -> None:
    """Put files in the uploader, wait for their preview, press Ingest, wait for the report."""
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files)
    app_run(page)
    expect(page.get_by_role("combobox", name="title")).to_have_value("automatic (title)")
    page.get_by_role("button", name="Ingest").click()
    app_run(page)
    expect(page.get_by_test_id("stHeading").filter(has_text="Ingest report")).to_be_visible()


def find_in_articles(page, server, word: str, open_app) -> None:
    """Search the Articles page for the uploaded article's word; exactly one must match."""
    open_app(page, f"{server.url}/articles?q={word}")
    expect(page.get_by_test_id("stCaptionContainer").filter(
        has_text=re.compile(r"^1 article$"))).to_be_visible()


def table_cell(page, text: str):
    return page.get_by_test_id("stDataFrame").locator("td", has_text=text)


def assert_no_exception(page, server) -> None:
    exceptions = page.get_by_test_id("stException")
    if exceptions.count():
        pytest.fail("the app showed an exception:\n" + "\n---\n".join(
            exceptions.all_inner_texts()) + "\n--- server log tail ---\n" + server.log_tail())


def test_uploaded_csv_is_ingested_and_found_in_the_articles(page, upload_app, open_app,
                                                            app_run, tmp_path: Path):
    title = "Harbour Talks Resume"
    upload = tmp_path / "harbour.csv"
    upload.write_bytes(article_csv(title, "zebrafinch"))
    open_app(page, upload_app.url + "/data")
    expect(page.get_by_test_id("stHeading").filter(has_text="Loaded datasets")).to_be_visible()

    upload_and_ingest(page, upload, app_run)

    expect(page.get_by_text("Added 1 new article (0 already in the store).")) \
        .to_be_visible()
    expect(page.get_by_text(re.compile(r"1 article read"))).to_be_visible()
    assert_no_exception(page, upload_app)
    page.get_by_role("link", name="Read the 1 new article on the Articles page").click()
    app_run(page)
    expect(page).to_have_url(re.compile(r"/articles"))
    find_in_articles(page, upload_app, "zebrafinch", open_app)
    # the grid paints on a canvas; its accessible table (inside the canvas) holds the cells
    expect(table_cell(page, title)).to_be_attached()
    expect(page.get_by_role("combobox", name=READER_LABEL)).to_have_value(title)
    expect(page.get_by_test_id("stHeading").filter(has_text=title)).to_be_visible()
    assert_no_exception(page, upload_app)


def test_hostile_title_and_file_name_are_shown_as_text(page, dialogs, upload_app, open_app,
                                                       app_run):
    file_name = "<img src=x onerror=alert(2)>.csv"
    open_app(page, upload_app.url + "/data")

    upload_and_ingest(page, {"name": file_name, "mimeType": "text/csv",
                             "buffer": article_csv(XSS_TITLE, "quokkahost")}, app_run)

    expect(page.get_by_text("Added 1 new article", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stHeading").filter(has_text=file_name)).to_have_text(file_name)
    find_in_articles(page, upload_app, "quokkahost", open_app)
    expect(page.get_by_role("combobox", name=READER_LABEL)).to_have_value(XSS_TITLE)
    shown = page.get_by_test_id("stHeading").filter(has_text="onerror=alert(1)")
    expect(shown).to_have_text(XSS_TITLE)
    page.wait_for_timeout(500)  # a broken <img onerror> would fire as soon as it is inserted
    assert dialogs == [], f"the page opened JS dialogs: {dialogs}"
    expect(page.locator("img[src=x]")).to_have_count(0, timeout=2000)
    assert_no_exception(page, upload_app)


def test_an_upload_of_many_chunks_leaves_the_server_log_quiet(page, upload_app, open_app,
                                                              app_run, tmp_path: Path):
    # 600 rows are three chunks: cleaning runs in worker processes, which must not re-run the
    # page outside a session (each st call there logs "missing ScriptRunContext")
    rows = "".join(f"Report {n},\"{BODY.format(word=f'batch{n}')}\",2021-03-04,Batch Wire\n"
                   for n in range(600))
    upload = tmp_path / "batch.csv"
    upload.write_text("title,text,date,source\n" + rows)
    open_app(page, upload_app.url + "/data")
    upload_and_ingest(page, upload, app_run)
    expect(page.get_by_text("Added 600 new articles", exact=False)).to_be_visible()
    assert_no_exception(page, upload_app)
    assert "ScriptRunContext" not in upload_app.log_tail(500_000)
