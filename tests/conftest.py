"""Shared fixtures: a fresh store per test, the bundled seed, and the optional real corpora;
the suite's one random seed and its one poll-until-condition wait."""

from __future__ import annotations

import json
import os
import random
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "demo" / "seed" / "000_540a5464acc97eb1.txt"
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
DATA = Path(__file__).resolve().parent / "data"

#: Every random choice in the suite is drawn from this seed; set the variable to replay a run.
SEED_ENV = "NEWSLENS_TEST_SEED"
DEFAULT_SEED = 20261202

# Hypothesis draws its examples from a seed derived from each test, not from the clock, and
# keeps no example database: a run replays exactly. `--hypothesis-profile=default` explores.
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile("ci")

T = TypeVar("T")


def random_seed() -> int:
    """The suite's seed: ``$NEWSLENS_TEST_SEED`` if set, else DEFAULT_SEED."""
    raw = os.environ.get(SEED_ENV, "").strip()
    try:
        return int(raw) if raw else DEFAULT_SEED
    except ValueError:
        raise pytest.UsageError(f"{SEED_ENV} must be an integer, not {raw!r}") from None


def replay_hint(nodeid: str = "tests") -> str:
    """The command that replays ``nodeid`` with this run's random choices."""
    return f"replay: {SEED_ENV}={random_seed()} pytest {nodeid}"


class SeededRandom(random.Random):
    """``random.Random(random_seed())`` that knows its seed and how to replay its test."""

    def __init__(self, nodeid: str = "tests") -> None:
        self.initial_seed = random_seed()
        self.replay = replay_hint(nodeid)
        super().__init__(self.initial_seed)


def pytest_report_header() -> str:
    return f"newslens random seed: {random_seed()} (set {SEED_ENV} to replay another)"


@pytest.fixture
def rng(request: pytest.FixtureRequest) -> SeededRandom:
    """This test's random generator, seeded from ``random_seed()``; prints the seed."""
    generator = SeededRandom(request.node.nodeid)
    print(f"\nrandom seed {generator.initial_seed}; {generator.replay}")
    return generator


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """A failed test that drew from ``rng`` says in its report how to replay it."""
    report = yield
    if report.failed and "rng" in getattr(item, "fixturenames", ()):
        report.sections.append(("random seed", replay_hint(item.nodeid)))
    return report


def wait_until(condition: Callable[[], T], *, timeout: float, interval: float = 0.05,
               message: str | Callable[[], str] = "the condition") -> T:
    """Poll ``condition`` every ``interval`` seconds until it returns something truthy, and
    return that; fail (AssertionError) after ``timeout`` seconds. ``message`` (or a callable
    giving it, for details known only then) says what was awaited. A condition may raise to
    stop waiting early, e.g. when the process it waits on has died."""
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        if time.monotonic() >= deadline:
            what = message() if callable(message) else message
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(interval)


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


@pytest.fixture
def downloads(monkeypatch) -> dict[str, object]:
    """File name -> the callable a download button runs when clicked (Streamlit defers it)."""
    from streamlit.runtime.media_file_manager import MediaFileManager

    made: dict[str, object] = {}
    register = MediaFileManager.add_deferred

    def record(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return register(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", record)
    return made
