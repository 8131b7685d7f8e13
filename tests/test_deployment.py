"""A dashboard published to colleagues: read-only mode hides every control that writes, and the
production config keeps XSRF protection, an upload limit and tracebacks hidden.

Streamlit refuses an upload over ``server.maxUploadSize`` in the browser, before any Python
runs, with its own "File must be 200.0MB or smaller" and no hook to reword it; so the Data
page's uploader states the limit up front and where larger datasets go instead.
"""

from __future__ import annotations

import shutil
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit import config as st_config
from streamlit.testing.v1 import AppTest

from newslens.ingest import ingest
from tests.conftest import ROOT, SEED

APP = str(ROOT / "app.py")
CONFIG = ROOT / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([SEED], db, workers=1)
    return db


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch, seeded: Path, tmp_path: Path):
    """``open_app(read_only, page=None, **params)``: the app on a copy of the seeded store."""
    def start(read_only: bool, page: str | None = None, **params: str) -> AppTest:
        db = tmp_path / "copy.duckdb"
        shutil.copy(seeded, db)
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        monkeypatch.setenv("NEWSLENS_READ_ONLY", "1" if read_only else "0")
        at = AppTest.from_file(APP, default_timeout=60).run()
        for key, value in params.items():
            at.query_params[key] = value
        if page:
            at.switch_page(f"app_pages/{page}.py").run()
        assert not at.exception
        return at
    return start


def keys_of_buttons(at: AppTest, prefix: str) -> list[str]:
    return [b.key for b in at.button if b.key and b.key.startswith(prefix)]


# --- read-only mode ----------------------------------------------------------------------------


@pytest.mark.parametrize("read_only", [False, True])
def test_read_only_hides_the_short_link_button(open_app, read_only):
    at = open_app(read_only)
    assert bool(keys_of_buttons(at, "save-view")) is not read_only
    assert at.sidebar.code, "the long share link is shown either way"


@pytest.mark.parametrize("read_only", [False, True])
def test_read_only_hides_the_upload(open_app, read_only):
    at = open_app(read_only, page="data")
    assert bool(at.get("file_uploader")) is not read_only
    assert any("read-only" in i.value for i in at.info) is read_only
    assert at.dataframe, "the ingest log is shown either way"


@pytest.mark.parametrize("read_only", [False, True])
def test_read_only_hides_merge_and_rename(open_app, read_only):
    at = open_app(read_only, page="entity", eid="Vladimir Putin")
    assert at.subheader[0].value == "Vladimir Putin"
    shown = keys_of_buttons(at, "ent_rename_") + keys_of_buttons(at, "ent_merge_")
    assert bool(shown) is not read_only


# --- the uploader states its limit --------------------------------------------------------------


@pytest.fixture
def upload_limit_mb() -> Iterator[int]:
    """A distinctive ``server.maxUploadSize`` for the test, restored afterwards."""
    before = st_config.get_option("server.maxUploadSize")
    st_config.set_option("server.maxUploadSize", 37)
    try:
        yield 37
    finally:
        st_config.set_option("server.maxUploadSize", before)


def test_the_uploader_states_the_configured_size_limit(open_app, upload_limit_mb):
    at = open_app(read_only=False, page="data")
    help_text = at.file_uploader(key="data_uploads").help
    assert f"at most {upload_limit_mb} MB per file" in help_text
    assert "newslens ingest" in help_text


# --- production config --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def production() -> dict:
    with CONFIG.open("rb") as fh:
        return tomllib.load(fh)


def test_every_configured_option_is_one_streamlit_knows(production):
    # a misspelt key is silently ignored, which would leave e.g. tracebacks on
    for section, options in production.items():
        for name in options:
            st_config.get_option(f"{section}.{name}")


def test_xsrf_protection_stays_on(production):
    assert production["server"]["enableXsrfProtection"] is True
    assert production["server"].get("enableCORS", True) is True


def test_uploads_have_a_size_limit(production):
    limit = production["server"]["maxUploadSize"]
    assert isinstance(limit, int) and 0 < limit <= 1024


def test_tracebacks_are_never_shown_to_users(production):
    assert production["client"]["showErrorDetails"] == "none"


def test_tables_export_only_through_the_safe_writers(production):
    assert production["client"]["disableDataExport"] is True
