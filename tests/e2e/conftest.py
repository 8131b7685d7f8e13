"""End-to-end fixtures: a real ``streamlit run app.py`` server driven by headless Chromium.

Each server gets its own store under a pytest tmp dir (``NEWSLENS_DB``), so the suite never
touches ``data/newslens.duckdb``. Servers and the browser are session scoped and started
lazily: a test only pays for the server it asks for.

Waiting follows Streamlit's own e2e suite (e2e_playwright/conftest.py): poll
``/_stcore/health`` until it answers "ok", then in the page wait for the websocket to be
CONNECTED and the script state to be ``notRunning``. Tests then assert with Playwright's
auto-retrying ``expect`` on specific text, since some elements finish rendering a moment
after the script ends.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import wait_until

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
E2E_DIR = Path(__file__).resolve().parent
REPO_ROOT = E2E_DIR.parent.parent
SEED_FILE = REPO_ROOT / "data" / "demo" / "seed" / "000_540a5464acc97eb1.txt"

HEALTH_TIMEOUT_S = 60
#: Default for every Playwright wait and expect in these tests.
PAGE_TIMEOUT_MS = 20_000

HOSTILE_TITLE = "<img src=x onerror=alert(1)><script>alert(2)</script>"
NORMAL_TITLE = "Ordinary Weather Report"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test in this folder ``e2e``; skip them all when Chromium is not installed."""
    skip = pytest.mark.skip(reason=f"e2e tests need Debian chromium at {CHROMIUM}; not found")
    for item in items:
        if E2E_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if not CHROMIUM.exists():
                item.add_marker(skip)


# --- the server ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


@dataclass
class AppServer:
    """A running ``streamlit run app.py`` and the store it serves."""

    url: str
    db: Path
    log: Path
    process: subprocess.Popen = field(repr=False)

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return "(no server log)"


def _streamlit_executable() -> str:
    candidate = Path(sys.executable).with_name("streamlit")
    if candidate.exists():
        return str(candidate)
    venv = REPO_ROOT / ".venv" / "bin" / "streamlit"
    return str(venv) if venv.exists() else "streamlit"


def _start_server(db: Path, workdir: Path) -> AppServer:
    port = _free_port()
    log = workdir / f"streamlit-{port}.log"
    env = dict(os.environ)
    env.update({
        "NEWSLENS_DB": str(db),
        # a first run ingests the seed alone (the demo corpus has a test of its own)
        "NEWSLENS_BUNDLED_DATA": str(SEED_FILE.parent),
        # Keep a developer's newslens.toml in the repo root out of the test.
        "NEWSLENS_CONFIG": str(workdir / "no-such-config.toml"),
        "PYTHONUNBUFFERED": "1",
    })
    command = [
        _streamlit_executable(), "run", "app.py",
        "--server.headless", "true",
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--browser.gatherUsageStats", "false",
    ]
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out,
                                   stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = AppServer(url=f"http://127.0.0.1:{port}", db=db, log=log, process=process)

    def healthy() -> bool:
        if _healthy(port):
            return True
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode} before it was "
                               f"healthy:\n{server.log_tail()}")
        return False

    try:
        wait_until(healthy, timeout=HEALTH_TIMEOUT_S, interval=0.2, message="streamlit")
    except AssertionError:
        _stop_server(server)
        raise RuntimeError(f"streamlit was not healthy after {HEALTH_TIMEOUT_S}s:\n"
                           f"{server.log_tail()}") from None
    return server


def _stop_server(server: AppServer) -> None:
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


def _served(db: Path, workdir: Path) -> Iterator[AppServer]:
    server = _start_server(db, workdir)
    try:
        yield server
    finally:
        _stop_server(server)


@pytest.fixture(scope="session")
def seed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a store that does not exist yet: it ingests the bundled seed on first run."""
    workdir = tmp_path_factory.mktemp("seed-app")
    db = workdir / "newslens.duckdb"
    assert not db.exists()
    yield from _served(db, workdir)


@pytest.fixture(scope="session")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a pre-built store holding an article whose title is an XSS payload."""
    from newslens.ingest import ingest

    workdir = tmp_path_factory.mktemp("hostile-app")
    folder = workdir / "articles"
    folder.mkdir()
    # Written by hand so the payload stays byte-exact (no csv-module quoting decisions).
    (folder / "hostile.csv").write_text(
        "title,text,date,url,source\n"
        f'{HOSTILE_TITLE},"Hostile body paragraph.\n\nSecond paragraph <b>bold</b>.",'
        "2020-01-02,https://example.com/hostile,Hostile Source\n"
        f'{NORMAL_TITLE},"Sunny skies all week in the capital.",'
        "2020-01-03,https://example.com/weather,Daily Bugle\n",
        encoding="utf-8")
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    db = workdir / "newslens.duckdb"
    report = ingest([folder], db)
    assert report.articles == 3, f"expected 3 articles in the hostile store, got {report}"
    yield from _served(db, workdir)


#: Sources, dates and people of the ``news_app`` store: enough spread for filters to bite.
NEWS_STORIES = [
    ("Daily Bugle", "2024-03-04", "Vladimir Putin", "Xi Jinping", "Beijing"),
    ("Daily Bugle", "2024-03-11", "Joko Widodo", "Narendra Modi", "New Delhi"),
    ("Morning Post", "2024-04-02", "Xi Jinping", "Joko Widodo", "Jakarta"),
    ("Morning Post", "2024-04-20", "Recep Tayyip Erdogan", "Vladimir Putin", "Ankara"),
    ("Evening Star", "2024-05-06", "Narendra Modi", "Xi Jinping", "Beijing"),
    ("Evening Star", "2024-05-15", "Joko Widodo", "Recep Tayyip Erdogan", "Jakarta"),
]


def news_rows() -> list[dict]:
    """Six English reports of meetings, one per row of NEWS_STORIES."""
    return [{"title": f"{guest} meets {host} in {city}", "source": source, "date": day,
             "url": f"https://example.com/news/{i}",
             "text": f"{city} - {host} met {guest} in {city} on Monday for talks on trade and "
                     f"security. {guest} said the talks were constructive."}
            for i, (source, day, host, guest, city) in enumerate(NEWS_STORIES)]


@pytest.fixture(scope="session")
def news_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a store of six reports from three sources (plus the seed)."""
    import json

    from newslens.ingest import ingest

    workdir = tmp_path_factory.mktemp("news-app")
    folder = workdir / "articles"
    folder.mkdir()
    (folder / "news.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in news_rows()), encoding="utf-8")
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    db = workdir / "newslens.duckdb"
    report = ingest([folder], db, workers=1)
    assert report.added == len(NEWS_STORIES) + 1, report
    yield from _served(db, workdir)


@pytest.fixture(scope="session")
def hostile_title() -> str:
    """The XSS payload stored as an article title in ``hostile_app``."""
    return HOSTILE_TITLE


# --- the browser --------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    sync_api.expect.set_options(timeout=PAGE_TIMEOUT_MS)
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh browser context and page per test."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(PAGE_TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def dialogs(page) -> list[str]:
    """Every JS dialog (alert, confirm, prompt) the page opens, recorded and dismissed.

    Request this fixture before navigating so no dialog can slip by unrecorded.
    """
    seen: list[str] = []

    def on_dialog(dialog) -> None:
        seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return seen


# --- waiting for the app ------------------------------------------------------------------


def wait_for_app_run(page, initial_wait_ms: int = 200) -> None:
    """Block until the Streamlit script has finished its current run.

    As in Streamlit's own e2e suite: give debounced widgets a moment, then wait for the
    websocket to be connected and for ``data-test-script-state`` to be ``notRunning``.
    """
    page.wait_for_timeout(initial_wait_ms)
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=PAGE_TIMEOUT_MS)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=PAGE_TIMEOUT_MS)


def _open_app(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    page.locator("[data-testid='stApp']").wait_for(state="attached", timeout=PAGE_TIMEOUT_MS)
    wait_for_app_run(page)


def pick_option(page, opener, name: str | None = None, attempts: int = 3):
    """Open a dropdown with ``opener`` and return its option ``name`` (or its first option).

    A dropdown opened while a rerun is repainting the page can close again at once (seen
    once in a few hundred suite runs); the click is repeated, then the wait fails as usual.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    options = page.get_by_role("option")
    option = options.first if name is None else page.get_by_role("option", name=name, exact=True)
    for _ in range(attempts - 1):
        wait_for_app_run(page, initial_wait_ms=0)
        opener.click()
        try:
            option.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS // attempts)
            return option
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    opener.click()
    option.wait_for(state="visible", timeout=PAGE_TIMEOUT_MS)
    return option


@pytest.fixture
def pick():
    """``pick(page, opener, name=None)``: open a dropdown, return its visible option."""
    return pick_option


@pytest.fixture
def app_run():
    """``app_run(page)``: wait for the script run an interaction just triggered to finish."""
    return wait_for_app_run


@pytest.fixture
def open_app():
    """``open_app(page, url)``: navigate, then wait until the app has finished running."""
    return _open_app
