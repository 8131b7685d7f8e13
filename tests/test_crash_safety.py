"""Crash safety: `newslens ingest` killed with SIGKILL at random points of a large ingest leaves
the store exactly as it was before that ingest, and the next ingest completes.

The merge phase is found from outside, without touching the ingest: it holds the store's write
lock (a POSIX lock, listed in /proc/locks with the ingest's pid) only while it merges. DuckDB
writes its WAL when the merge commits, so a kill after the WAL appears may land after the commit
is durable: such a kill must leave the store before or wholly after the ingest, never between.

The kill points (and the input's wording) come from the suite's seed: a failure names it, and
``NEWSLENS_TEST_SEED=<n> pytest tests/test_crash_safety.py`` replays it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from newslens.ingest import ingest
from tests.conftest import SEED, SeededRandom, article_text, wait_until

ARTICLES = 5_000
READ_KILLS = 3
MERGE_KILLS = 2
CLI = Path(sys.executable).with_name("newslens")
LOCKS = Path("/proc/locks")

pytestmark = pytest.mark.skipif(not LOCKS.exists() or not CLI.exists(),
                                reason="needs Linux /proc/locks and the installed newslens CLI")


@dataclass
class Kill:
    phase: str  # startup | read/clean | merge | commit
    after_s: float


def _large_input(folder: Path, rng: SeededRandom) -> Path:
    places = ["Jakarta", "Moscow", "Tehran", "Beijing", "Canberra", "Riyadh", "Ankara"]
    path = folder / "large.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for i in range(ARTICLES):
            a, b = rng.sample(places, 2)
            fh.write(json.dumps({
                "title": f"Story {i}", "date": f"2024-0{1 + i % 9}-1{i % 10}",
                "url": f"https://example.com/news/{i}",
                "text": f"Story number {i}. The foreign minister flew from {a} to {b} on Monday "
                        f"for talks. Officials said talks number {i} went well."}) + "\n")
    return path


def _state(db: Path) -> dict[str, object]:
    """Row counts of every table an ingest writes, and a checksum of the articles' ids and text."""
    with duckdb.connect(str(db), read_only=True) as con:
        state: dict[str, object] = {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "origins", "mentions", "cooccurrence", "meetings",
                          "ingests", "ingest_issues")}
        state["checksum"] = con.execute(
            "SELECT md5(string_agg(article_id || md5(text), ',' ORDER BY article_id)) "
            "FROM articles").fetchone()[0]
    return state


def _earlier_rows(db: Path, like: list[tuple] | None = None) -> list[tuple]:
    """(article_id, md5 of text) of every article, or of those in ``like``."""
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT article_id, md5(text) FROM articles ORDER BY 1").fetchall()
    return rows if like is None else [r for r in rows if r in set(like)]


def _holds_lock(pid: int, db: Path) -> bool:
    inode = f":{os.stat(db).st_ino}"
    for line in LOCKS.read_text().splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[4] == str(pid) and fields[5].endswith(inode):
            return True
    return False


def _start(source: Path, db: Path, tmp: Path) -> subprocess.Popen:
    # its own session: the kill takes the whole process group; TMPDIR keeps its staging in tmp
    env = {**os.environ, "TMPDIR": str(tmp), "NEWSLENS_DB": str(db)}
    return subprocess.Popen([str(CLI), "ingest", str(source), "--db", str(db), "-q", "-w", "1"],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)


def _kill(proc: subprocess.Popen, phase: str, started: float) -> Kill:
    assert proc.poll() is None, "the ingest finished before it could be killed"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)  # reaps it and closes its stderr pipe
    return Kill(phase, round(time.monotonic() - started, 2))


def _kill_at(source: Path, db: Path, tmp: Path, delay: float) -> Kill:
    """Kill ``delay`` seconds after the start; the phase is told by what the ingest holds."""
    stages = set(tmp.glob("newslens-stage-*"))  # killed runs leave theirs behind
    started = time.monotonic()
    proc = _start(source, db, tmp)
    time.sleep(delay)  # deliberate: the random kill point is what is tested, not a wait
    if _holds_lock(proc.pid, db):
        return _kill(proc, "merge", started)
    staging = bool(set(tmp.glob("newslens-stage-*")) - stages)
    return _kill(proc, "read/clean" if staging else "startup", started)


def _mark(wal: Path) -> tuple[int, int] | None:
    """Size and time of the WAL (a killed run may leave one): a change means a commit began."""
    try:
        info = wal.stat()
    except FileNotFoundError:
        return None
    return info.st_size, info.st_mtime_ns


def _kill_while_merging(source: Path, db: Path, tmp: Path, delay: float) -> Kill:
    """Wait for the write lock, then kill ``delay`` seconds into the merge (or at its commit)."""
    wal = db.with_name(db.name + ".wal")
    started = time.monotonic()
    proc = _start(source, db, tmp)

    def merging() -> bool:
        assert proc.poll() is None, proc.stderr.read().decode()
        return _holds_lock(proc.pid, db)

    # a fine poll: a small merge lasts about half a second
    wait_until(merging, timeout=120, interval=0.002, message="the ingest to start its merge")
    locked, mark = time.monotonic(), _mark(wal)
    # deliberate: the kill lands ``delay`` into the merge (the point tested), unless the
    # commit begins first
    while time.monotonic() - locked < delay:
        if _mark(wal) != mark:
            return _kill(proc, "commit", started)
        time.sleep(0.002)
    assert _holds_lock(proc.pid, db), "the merge ended before the kill"
    return _kill(proc, "merge", started)


def test_sigkill_at_random_points_leaves_the_store_as_before(tmp_path, capsys, rng):
    source = _large_input(tmp_path, rng)
    db = tmp_path / "store.duckdb"
    earlier = tmp_path / "earlier.jsonl"
    earlier.write_text(json.dumps({"title": "Earlier", "text": article_text(1)}) + "\n")
    ingest([SEED, earlier], db, workers=1)
    before = original = _state(db)
    earlier_rows = _earlier_rows(db)

    kills: list[Kill] = []
    for _ in range(MERGE_KILLS):
        kills.append(_kill_while_merging(source, db, tmp_path, rng.uniform(0.0, 0.2)))
        after = _state(db)
        if kills[-1].phase == "commit" and after != before:  # the commit was durable: all in
            assert after["articles"] == before["articles"] + ARTICLES, f"{kills[-1]}; {rng.replay}"
            before = after
        assert after == before, f"{kills[-1]}; {rng.replay}"
    reach_merge = min(k.after_s for k in kills)
    # well before the merge was reached: a loaded machine reads at another pace than the
    # runs that measured reach_merge, and a kill after the end tests nothing
    for _ in range(READ_KILLS):
        kills.append(_kill_at(source, db, tmp_path, rng.uniform(0.1, 0.6) * reach_merge))
        assert _state(db) == before, f"{kills[-1]}; {rng.replay}"
    assert any(k.phase == "merge" for k in kills), f"{kills}; {rng.replay}"

    done = subprocess.run([str(CLI), "ingest", str(source), "--db", str(db), "-q", "-w", "1"],
                          env={**os.environ, "TMPDIR": str(tmp_path)}, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, f"{done.stderr}\n{rng.replay}"
    assert _state(db)["articles"] == original["articles"] + ARTICLES, rng.replay
    assert _earlier_rows(db, earlier_rows) == earlier_rows, rng.replay
    with capsys.disabled():
        print(f"\ncrash safety: {len(kills)} kills made, {len(kills)} survived "
              f"({', '.join(f'{k.phase} at {k.after_s}s' for k in kills)}); "
              f"then the store took all {ARTICLES:,} articles (seed {rng.initial_seed})")
