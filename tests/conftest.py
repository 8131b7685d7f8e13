"""Shared fixtures: a fresh store per test, the bundled seed, and the optional real corpora."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "demo" / "seed" / "000_540a5464acc97eb1.txt"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(autouse=True)
def _never_the_real_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may write data/newslens.duckdb: the default store points into the test's tmp.
    A first run bootstraps from the seed alone; tests of the demo corpus name it."""
    monkeypatch.setenv("NEWSLENS_DB", str(tmp_path / "default" / "newslens.duckdb"))
    monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
    monkeypatch.delenv("NEWSLENS_CONFIG", raising=False)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """Path of a store that does not exist yet."""
    return tmp_path / "store" / "test.duckdb"


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """An empty folder for the input files a test writes."""
    folder = tmp_path / "inputs"
    folder.mkdir()
    return folder


@pytest.fixture(scope="session")
def corpora() -> Path:
    if not CORPORA.is_dir():
        pytest.skip(f"real corpora not present at {CORPORA} (CI has them)")
    return CORPORA


def article_text(n: int, topic: str = "talks") -> str:
    """A distinct, prose-like article body for fixtures."""
    return (f"Article {n} about {topic}. The foreign minister met his counterpart in Jakarta "
            f"to discuss trade and security. Officials said the meeting number {n} went well, "
            f"and both sides agreed to continue the dialogue next month.")


PEOPLE = ["Vladimir Putin", "Joko Widodo", "Xi Jinping", "Narendra Modi", "Emmanuel Macron"]


def write_reports(path: Path, start: int, n: int) -> Path:
    """A JSONL of ``n`` short dated reports where two of five leaders meet and a third is
    named elsewhere: enough overlap for rankings and co-occurrence to mean something."""
    rows = [{"title": f"Report {i}", "date": f"2024-0{i % 9 + 1}-1{i % 9}",
             "url": f"https://example.com/r/{i}",
             "text": f"Jakarta - {PEOPLE[i % 5]} met {PEOPLE[(i + 2) % 5]} in Jakarta on "
                     f"Monday. Item {i}. {PEOPLE[(i + 3) % 5]} was not there."}
            for i in range(start, start + n)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory) -> Path:
    """A store holding the ingested seed, built once for the session: copy it, don't write."""
    from newslens.ingest import ingest

    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([SEED], db, workers=1)
    return db


@pytest.fixture
def seeded(seed_store, tmp_path) -> Path:
    """This test's own copy of the seed store (``db`` stays free for an empty store)."""
    return Path(shutil.copy(seed_store, tmp_path / "seeded.duckdb"))


def open_app_page(monkeypatch: pytest.MonkeyPatch, db: Path, page: str, **params: str):
    """AppTest of app.py on the store ``db``, switched to ``page`` as a link would open it:
    ``g_`` parameters are the sidebar's, set before the first run; the others are the page's."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("NEWSLENS_DB", str(db))
    monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for key, value in params.items():
        if key.startswith("g_"):
            at.query_params[key[2:]] = value
    at.run()
    for key, value in params.items():
        if not key.startswith("g_"):
            at.query_params[key] = value
    return at.switch_page(page).run()
