"""Concurrency: the dashboard keeps serving while a large `newslens ingest` runs beside it.

Four browser sessions reload the Articles page and the other pages in a loop while the CLI
ingests thousands of articles into the store the server reads. No session may see an exception,
a lock or busy message, or half an ingest: the Articles page counts either the articles from
before the ingest or all of them.

The sessions are driven from one thread that starts a session's next load as soon as its last
one is done, so the server runs up to four scripts at once. A small merge holds the store for
half a second, which page loads would meet only by luck; so the ingest is stopped (SIGSTOP) the
moment it takes the write lock and held there while every session reloads the Articles page.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import SeededRandom, wait_until
from tests.e2e.conftest import (
    PAGE_TIMEOUT_MS,
    SEED_FILE,
    AppServer,
    _served,
    news_rows,
    wait_for_app_run,
)

expect = pytest.importorskip("playwright.sync_api").expect

SESSIONS = 4
LARGE = 5_000
BEFORE = len(news_rows()) + 1  # the six reports and the seed
CLI = Path(sys.executable).with_name("newslens")
LOCKS = Path("/proc/locks")
#: What each session loads in turn (shifted per session, so they hit different pages at once).
ROUTE = ("articles", "overview", "articles", "network", "articles", "meetings", "articles",
         "entity", "articles", "data")
#: Searches that every article (or many entities) matches: each article has a word starting
#: with "t", so the full-text index and the scan it falls back to while it catches up after
#: the ingest agree. The page's cache keys hold the raw text while the query strips it, so
#: trailing spaces make each load a cache miss with the same answer: every load reads the
#: store instead of a count cached before the ingest.
SEARCHES = {"articles": "q=t", "entity": "efind=a"}
FORBIDDEN = re.compile(r"locked|busy|cannot be opened", re.IGNORECASE)
COUNT = re.compile(r"^([\d,]+) articles$")
#: The whole run: a guard against a hang, with room for a loaded machine (meeting extraction
#: costs about as much as entity extraction since the learned model).
BUDGET_S = 240
#: How long the caught merge holds the store (well under the readers' lock_timeout_s).
HOLD_S = 3.0

pytestmark = pytest.mark.skipif(not LOCKS.exists() or not CLI.exists(),
                                reason="needs Linux /proc/locks and the installed newslens CLI")


@dataclass
class Session:
    """One browser context, the page it is loading, and the article counts it saw."""

    page: object
    offset: int
    path: str = ""
    since: float = 0.0
    loads: list[tuple[float, float]] = field(default_factory=list)
    counts: list[int] = field(default_factory=list)

    def open(self, url: str, path: str | None = None) -> None:
        """Start loading ``path`` (or the next page of its route) without waiting for it."""
        self.path = path or ROUTE[(self.offset + len(self.loads)) % len(ROUTE)]
        self.since = time.monotonic()
        spaces = "+" * (SESSIONS * len(self.loads) + self.offset + 1)
        search = f"?{SEARCHES[self.path]}{spaces}" if self.path in SEARCHES else ""
        self.page.goto(f"{url}/{self.path}{search}", wait_until="commit")

    def done(self) -> bool:
        """The page's script has drawn its title and finished running (checked at once)."""
        page = self.page
        return (time.monotonic() - self.since > 0.2
                and _heading(page, self.path).is_visible()
                and page.locator("[data-testid='stApp'][data-test-script-state='notRunning']"
                                 ).count() == 1)


def _large_input(folder: Path, rng: SeededRandom) -> Path:
    """LARGE small articles in one JSONL file, all new to the store."""
    places = ["Jakarta", "Moscow", "Tehran", "Beijing", "Canberra", "Riyadh", "Ankara"]
    path = folder / "large.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(LARGE):
            a, b = rng.sample(places, 2)
            fh.write(json.dumps({
                "title": f"Wire story {i}", "date": f"2024-0{1 + i % 9}-1{i % 10}",
                "source": "Wire", "url": f"https://example.com/wire/{i}",
                "text": f"Wire story {i}. The foreign minister flew from {a} to {b} on Monday "
                        f"for talks. Officials said round {i} of the talks went well."}) + "\n")
    return path


@pytest.fixture(scope="module")
def busy_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app over a store of BEFORE articles, with the large input waiting beside it."""
    from newslens.ingest import ingest

    workdir = tmp_path_factory.mktemp("concurrent-app")
    folder = workdir / "articles"
    folder.mkdir()
    (folder / "news.jsonl").write_text(
        "".join(json.dumps(row) + "\n" for row in news_rows()), encoding="utf-8")
    shutil.copy(SEED_FILE, folder / SEED_FILE.name)
    db = workdir / "newslens.duckdb"
    assert ingest([folder], db, workers=1).added == BEFORE
    _large_input(workdir, SeededRandom(__name__))
    yield from _served(db, workdir)


def _start_ingest(server: AppServer) -> subprocess.Popen:
    source = server.db.parent / "large.jsonl"
    env = {**os.environ, "NEWSLENS_DB": str(server.db), "TMPDIR": str(server.db.parent)}
    with (server.db.parent / "ingest.log").open("wb") as log:
        return subprocess.Popen([str(CLI), "ingest", str(source), "--db", str(server.db), "-q",
                                 "--workers", "1"], env=env, stdout=log,
                                stderr=subprocess.STDOUT)


def _heading(page, path: str):
    return page.get_by_test_id("stHeading").filter(has_text=path.title()).first


def _check(session: Session) -> None:
    """The load finished with no exception and no lock message; note its article count."""
    page, path = session.page, session.path
    expect(_heading(page, path)).to_be_visible()
    wait_for_app_run(page, initial_wait_ms=0)
    session.loads.append((session.since, time.monotonic()))
    where = f"session {session.offset} load {len(session.loads)} (/{path})"
    assert page.get_by_test_id("stException").count() == 0, where
    shown = page.get_by_test_id("stApp").inner_text()
    assert not FORBIDDEN.search(shown), f"{where}: {FORBIDDEN.search(shown)[0]!r} in {shown}"
    if path == "articles":
        caption = page.get_by_test_id("stCaptionContainer").filter(has_text=COUNT).first
        expect(caption).to_be_visible()
        session.counts.append(int(COUNT.match(caption.inner_text().strip())[1].replace(",", "")))


def _all_load(server: AppServer, sessions: list[Session], path: str) -> None:
    """Every session loads ``path`` at once; wait for and check each."""
    for session in sessions:
        session.open(server.url, path)
    for session in sessions:
        _check(session)


class MergeWatch(threading.Thread):
    """Notes when the ingest holds the store's write lock (its merge), from /proc/locks."""

    def __init__(self, pid: int, db: Path) -> None:
        super().__init__(daemon=True)
        self.pid, self.inode = str(pid), f":{db.stat().st_ino}"
        self.held: list[float] = []

    def run(self) -> None:
        while Path(f"/proc/{self.pid}").exists():  # until the ingest is reaped
            if any(self._holds(line.split()) for line in LOCKS.read_text().splitlines()):
                self.held.append(time.monotonic())
            time.sleep(0.01)  # the sampling period of a monitor, not a wait

    def _holds(self, fields: list[str]) -> bool:
        return len(fields) > 5 and fields[4] == self.pid and fields[5].endswith(self.inode)

    def overlapping(self, loads: list[tuple[float, float]]) -> int:
        """How many of ``loads`` (start, end) were in flight while the merge ran."""
        first, last = self.held[0], self.held[-1]
        return sum(1 for start, end in loads if start < last and end > first)


class MergeHold(threading.Thread):
    """Catches the ingest as it takes the store's write lock for its merge (seen in /proc/locks)
    and stops it there: the merge then holds the store for as long as the test says, instead
    of the half second a small merge takes, so page loads are sure to meet it."""

    def __init__(self, pid: int, db: Path) -> None:
        super().__init__(daemon=True)
        self.pid, self.inode = pid, f":{db.stat().st_ino}"
        self.caught = threading.Event()

    def run(self) -> None:
        # a fine poll, so the merge is caught as it starts; the test's budget bounds the wait
        state = wait_until(self._state, timeout=BUDGET_S, interval=0.005,
                           message="the ingest's merge to take the write lock")
        if state == "locked":
            os.kill(self.pid, signal.SIGSTOP)
            self.caught.set()

    def _state(self) -> str | None:
        """Whether the ingest holds the store ("locked"), ended first ("gone"), or neither."""
        if any(self._holds(line.split()) for line in LOCKS.read_text().splitlines()):
            return "locked"
        return None if Path(f"/proc/{self.pid}").exists() else "gone"

    def _holds(self, fields: list[str]) -> bool:
        return len(fields) > 5 and fields[4] == str(self.pid) and fields[5].endswith(self.inode)

    def release(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGCONT)


def _keep_loading(server: AppServer, sessions: list[Session], ingest: subprocess.Popen,
                  hold: MergeHold, deadline: float) -> float:
    """Until the ingest ends, each session starts its next page as soon as one is done. When
    the merge is caught, every session reloads the Articles page and the merge is held for
    HOLD_S while they load; returns when it was let go."""
    for session in sessions:
        session.open(server.url)
    released = 0.0
    while ingest.poll() is None:
        assert time.monotonic() < deadline, "the ingest outlasted the time budget"
        if hold.caught.is_set() and not released:
            for session in sessions:
                session.open(server.url, "articles")
            time.sleep(HOLD_S)  # deliberate: the held merge is what the loads must meet
            hold.release()
            released = time.monotonic()
        for session in sessions:
            if session.done():
                _check(session)
                session.open(server.url)
        time.sleep(0.05)  # the tick of this loop, which drives four sessions; not a wait
    for session in sessions:
        _check(session)
    return released


def test_sessions_keep_serving_whole_answers_during_a_large_ingest(browser, busy_app):
    started = time.monotonic()
    contexts = [browser.new_context(viewport={"width": 1200, "height": 900})
                for _ in range(SESSIONS)]
    hold = None
    try:
        sessions = []
        for offset, context in enumerate(contexts):
            context.set_default_timeout(PAGE_TIMEOUT_MS)
            sessions.append(Session(context.new_page(), offset))
        _all_load(busy_app, sessions, "articles")
        ingest = _start_ingest(busy_app)
        hold = MergeHold(ingest.pid, busy_app.db)
        hold.start()
        released = _keep_loading(busy_app, sessions, ingest, hold, started + BUDGET_S)
        _all_load(busy_app, sessions, "articles")
    finally:
        if hold:
            hold.release()
        for context in contexts:
            context.close()
    log = (busy_app.db.parent / "ingest.log").read_text(errors="replace")
    assert ingest.returncode == 0, f"the ingest failed:\n{log}\n{busy_app.log_tail()}"
    assert released, "the ingest's merge was never caught holding the store"
    after = BEFORE + LARGE
    seen = {count for s in sessions for count in s.counts}
    assert seen <= {BEFORE, after}, f"a reader saw half an ingest: {sorted(seen)}"
    assert all(s.counts[0] == BEFORE and s.counts[-1] == after for s in sessions)
    loads = [load for s in sessions for load in s.loads]
    waited = sum(1 for start, end in loads if start < released - HOLD_S / 2 < end)
    assert waited, "no page load was in flight while the merge held the store"
    print(f"\n{SESSIONS} sessions, {len(loads)} page loads, {waited} of them in flight while "
          f"the merge of {LARGE:,} articles held the store for {HOLD_S} s; "
          f"{time.monotonic() - started:.1f} s")
