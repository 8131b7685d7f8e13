"""Every page in a real browser: it renders without an exception, its exports download real
files, and untrusted text holding classic XSS payloads (tests/data/xss_payloads.txt) in titles,
sources, bodies and entity names stays text on every page and in the exported HTML chart.

Each page's screenshot goes to the test's tmp folder (the README's pictures of the demo corpus
come from ``make screenshots``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest

from tests.e2e.conftest import REPO_ROOT, AppServer, _served

expect = pytest.importorskip("playwright.sync_api").expect

PAGES = ["overview", "meetings", "network", "articles", "entity", "data"]
PAYLOADS = (REPO_ROOT / "tests" / "data" / "xss_payloads.txt").read_text(
    encoding="utf-8").splitlines()
HOSTILE_ENTITY = "<img src=x onerror=alert(2)>"
#: Elements that only exist in the page if a payload was parsed as HTML or autolinked (the
#: app's own links to the Articles page carry a title in their query string: not a payload's).
INJECTED = ("img[src=x], iframe[src^='javascript'], svg[onload], body[onload], "
            "details[ontoggle], input[onfocus], marquee, object[data^='javascript'], "
            "embed[src^='javascript'], b[onmouseover], source[onerror], "
            "a[href*='evil.example']:not([data-testid='stPageLink-NavLink'])")


def _title(page, name: str):
    return page.get_by_test_id("stHeading").filter(has_text=name.title()).first


def _wait_page(page, name: str, app_run) -> None:
    """The page's title is up, the script has finished, and no element is still a skeleton."""
    expect(_title(page, name)).to_be_visible()
    app_run(page)
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0)


def _no_exception(page, server: AppServer) -> None:
    boxes = page.get_by_test_id("stException")
    assert boxes.count() == 0, [*boxes.all_inner_texts(), server.log_tail()]


@pytest.mark.parametrize("name", PAGES)
def test_every_page_shows_the_seed_without_an_error(page, news_app, open_app, app_run, name,
                                                     tmp_path):
    open_app(page, f"{news_app.url}/{name}")
    _wait_page(page, name, app_run)
    page.wait_for_timeout(1500)  # charts draw a moment after the script ends
    _no_exception(page, news_app)
    shot = tmp_path / f"{name}.png"
    page.set_viewport_size({"width": 1400, "height": 2000})  # the main area scrolls inside
    page.wait_for_timeout(1000)
    page.screenshot(path=str(shot))


def test_the_chart_library_loads_while_a_page_without_charts_is_read(page, news_app, open_app,
                                                                    app_run):
    """The Data page draws no chart, yet the browser fetches the chart module in the background,
    so the first chart page of the session does not wait for it; no script error on the way."""
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    with page.expect_response(lambda r: "/static/js/PlotlyChart." in r.url and r.ok):
        open_app(page, f"{news_app.url}/data")
    _wait_page(page, "data", app_run)
    expect(page.get_by_test_id("stPlotlyChart")).to_have_count(0)
    assert errors == []


def _download(page, label: str, busy: bool = False) -> bytes:
    """Click a download button; with ``busy``, the button must show it is working (spinner,
    disabled) while the file is made, as a chart image takes seconds of Chromium."""
    button = page.get_by_test_id("stDownloadButton").filter(has_text=label).first
    with page.expect_download(timeout=60_000) as download:
        button.click()
        if busy:
            expect(button.get_by_role("button")).to_be_disabled(timeout=3_000)
    return Path(download.value.path()).read_bytes()


def test_a_chart_downloads_as_png_and_svg_and_a_table_as_csv(page, news_app, open_app, app_run):
    open_app(page, f"{news_app.url}/meetings")
    _wait_page(page, "meetings", app_run)
    png = _download(page, "PNG", busy=True)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    svg = _download(page, "SVG")
    assert b"<svg" in svg[:500]
    csv = _download(page, "CSV").decode("utf-8-sig")
    header, *rows = csv.strip().splitlines()
    assert "Participants" in header and len(rows) >= 6, csv


# --- untrusted text ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xss_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """A store whose titles, sources, bodies and one entity's name are XSS payloads."""
    workdir = tmp_path_factory.mktemp("xss-app")
    entities = workdir / "entities.yaml"
    entities.write_text(json.dumps([{"name": HOSTILE_ENTITY, "type": "PERSON", "country": "RU",
                                     "aliases": ["Zorblat Quux"]}]), encoding="utf-8")
    rows = [{"title": payload, "source": payload, "date": f"2024-02-{i % 27 + 1:02d}",
             "url": f"https://example.com/x/{i}",
             "text": f"Moscow - Zorblat Quux met Vladimir Putin in Moscow on Monday.\n\n"
                     f"{payload}\n\nZorblat Quux said the talks were useful. Item {i}."}
            for i, payload in enumerate(PAYLOADS)]
    data = workdir / "xss.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = workdir / "newslens.duckdb"
    env = dict(os.environ, NEWSLENS_ENTITIES_FILE=str(entities), NEWSLENS_DB=str(db))
    subprocess.run([sys.executable, "-c", "from newslens.cli import app; app()", "ingest",
                    str(data), "--workers", "1", "-q"], cwd=REPO_ROOT, env=env, check=True,
                   capture_output=True)
    yield from _served(db, workdir)


@pytest.mark.parametrize("name", PAGES)
def test_payloads_stay_text_on_every_page(page, dialogs, xss_app, open_app, app_run, name):
    # the Articles page opens its reader on the article whose title and body are an <img
    # onerror> payload (a link names it by its title, as the other pages' links do)
    suffix = {"entity": "?eid=" + quote(HOSTILE_ENTITY),
              "articles": "?article=" + quote(PAYLOADS[1])}
    open_app(page, f"{xss_app.url}/{name}{suffix.get(name, '')}")
    _wait_page(page, name, app_run)
    if name == "articles":
        expect(page.get_by_role("combobox", name="Read an article")).to_have_value(PAYLOADS[1])
    page.wait_for_timeout(1500)
    _no_exception(page, xss_app)
    assert dialogs == [], f"{name}: the page opened JS dialogs: {dialogs}"
    expect(page.locator(INJECTED)).to_have_count(0)
    expect(page.locator("script", has_text="alert(")).to_have_count(0)


def test_exported_html_chart_keeps_payloads_as_data(page, dialogs, xss_app, open_app, app_run):
    # the hostile name is also an article's source, so the stop list would leave it out
    open_app(page, f"{xss_app.url}/network?net_stop=false")
    _wait_page(page, "network", app_run)
    html = _download(page, "HTML").decode("utf-8")
    assert HOSTILE_ENTITY not in html
    assert "onerror=alert(2)" in html.replace("\\u003c", "<").replace("\\u003e", ">")
    page.set_content(html)
    page.wait_for_timeout(1500)
    assert dialogs == [], f"the exported chart opened JS dialogs: {dialogs}"
    expect(page.locator(INJECTED)).to_have_count(0)
