"""Read connections kept open for a moment, so a page's ten queries pay one open, not ten.

Opening a DuckDB file costs tens of milliseconds, more than most dashboard queries. But DuckDB
lets no process write while another holds the file open, even read-only; so a pooled connection
is closed once idle for ``IDLE_S``, and at once when a writer has announced that it is waiting
(a flag file beside the store, so writers in other processes are heard too). An ingest then
waits at most one query plus ``IDLE_S``.
"""

from __future__ import annotations

import atexit
import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

IDLE_S = 1.0
_SWEEP_S = 0.2
_YIELD_S = 0.02


@dataclass
class _Entry:
    con: duckdb.DuckDBPyConnection
    users: int = 0
    last_used: float = field(default_factory=time.monotonic)


_lock = threading.Condition()
_entries: dict[Path, _Entry] = {}
_sweeper: threading.Thread | None = None


def writer_flag(path: Path) -> Path:
    return path.with_name(path.name + ".writer-waiting")


def writer_waiting(path: Path) -> bool:
    return writer_flag(path).exists()


def yield_to_writer(path: Path, wait_s: float) -> None:
    """Let a waiting writer take the file first: a reader that opened at once would hold it
    again for a moment, and readers polling every few milliseconds could starve the writer."""
    deadline = time.monotonic() + wait_s
    while writer_waiting(path) and time.monotonic() < deadline:
        time.sleep(_YIELD_S)


@contextlib.contextmanager
def announced_writer(path: Path) -> Iterator[None]:
    """Tell every reader of ``path`` (in any process) to let go, for the time of a write."""
    flag = writer_flag(path)
    try:
        flag.touch()
        raised = True
    except OSError:
        raised = False  # a read-only folder: readers will still let go when idle
    try:
        close_idle(path, wait_s=5.0)
        yield
    finally:
        if raised:
            flag.unlink(missing_ok=True)


@contextlib.contextmanager
def borrowed(path: Path, opener: Callable[[Path], duckdb.DuckDBPyConnection]
             ) -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor on the pooled connection to ``path``, opened with ``opener`` when needed."""
    with _lock:
        entry = _entries.get(path)
        if entry is None:
            entry = _Entry(opener(path))
            _entries[path] = entry
            _start_sweeper()
        entry.users += 1
    cursor = entry.con.cursor()
    try:
        yield cursor
    finally:
        cursor.close()
        with _lock:
            entry.users -= 1
            entry.last_used = time.monotonic()
            if entry.users == 0 and writer_waiting(path):
                _close(path)
            _lock.notify_all()


def close_idle(path: Path, wait_s: float = 0.0) -> None:
    """Close the pooled connection to ``path`` once nobody uses it (waiting up to ``wait_s``)."""
    deadline = time.monotonic() + wait_s
    with _lock:
        while path in _entries and _entries[path].users and time.monotonic() < deadline:
            _lock.wait(timeout=max(0.0, deadline - time.monotonic()))
        if path in _entries and not _entries[path].users:
            _close(path)


def _close(path: Path) -> None:
    """Close under the lock."""
    entry = _entries.pop(path)
    with contextlib.suppress(duckdb.Error):
        entry.con.close()


@atexit.register
def _close_all() -> None:
    """Close what is still pooled when the process ends, so DuckDB shuts down cleanly."""
    with _lock:
        for path in list(_entries):
            _close(path)


def _start_sweeper() -> None:
    global _sweeper
    if _sweeper is None or not _sweeper.is_alive():
        _sweeper = threading.Thread(target=_sweep, name="newslens-pool", daemon=True)
        _sweeper.start()


def _sweep() -> None:
    """Close connections idle for IDLE_S, or idle while a writer waits."""
    global _sweeper
    while True:
        time.sleep(_SWEEP_S)
        with _lock:
            now = time.monotonic()
            for path, entry in list(_entries.items()):
                if not entry.users and (now - entry.last_used > IDLE_S
                                        or writer_waiting(path)):
                    _close(path)
            if not _entries:
                _sweeper = None
                return
