"""Short-lived connections that wait out DuckDB's single-writer file lock.

DuckDB lets one process hold a file for writing and then no other process may open it, not even
read-only. So the dashboard opens a read-only connection per query and closes it at once, and
ingest holds the write lock only for its final merge; both retry while the other is in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from newslens import settings
from newslens.store import pool
from newslens.store.schema import SCHEMA_VERSION, migrate, version


class StoreError(Exception):
    """The store cannot be used right now; the message says what to do."""


class StoreMissing(StoreError):
    """No store (of this schema) exists at the path yet."""


class StoreBusy(StoreError):
    """Another process kept the store locked for longer than lock_timeout_s."""


class StoreUnreadable(StoreError):
    """The file is not a DuckDB store newslens can open."""


def _is_lock_error(exc: duckdb.Error) -> bool:
    """Another process holds the file, or this process has it open in the other mode."""
    message = str(exc).lower()
    return "lock" in message or "different configuration" in message


def _config(read_only: bool) -> dict[str, str | bool]:
    config: dict[str, str | bool] = {"memory_limit": str(settings.get("memory_limit"))}
    if not read_only:
        # lets a large merge stream to disk within the memory limit
        config["preserve_insertion_order"] = False
    return config


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + float(settings.get("lock_timeout_s"))
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=_config(read_only))
        except duckdb.Error as exc:
            if not _is_lock_error(exc):
                raise StoreUnreadable(f"{path} cannot be opened as a newslens store: "
                                      f"{str(exc)[:200]}") from exc
            if time.monotonic() > deadline:
                raise StoreBusy(f"{path} is locked by another process; try again") from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


@contextmanager
def reading(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, pooled for a moment and let go as soon as a writer waits."""
    path = Path(path).resolve()
    if not path.exists():
        raise StoreMissing(f"no store at {path}; run 'newslens ingest PATH' first")
    if pool.writer_waiting(path):
        con = _open_current(path)
        try:
            yield con
        finally:
            con.close()
        return
    with pool.borrowed(path, _open_current) as con:
        yield con


def _open_current(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a store of this schema version."""
    con = _open(path, read_only=True)
    found = version(con)
    if found != SCHEMA_VERSION:
        con.close()
        raise StoreMissing(f"store at {path} has schema {found}, expected {SCHEMA_VERSION}; "
                           "run 'newslens ingest' to migrate it")
    return con


@contextmanager
def writing(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection inside one transaction: all of it commits, or none of it."""
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    with pool.announced_writer(path):
        con = _open(path, read_only=False)
    try:
        con.execute("BEGIN TRANSACTION")
        try:
            migrate(con)
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")
    finally:
        con.close()


def upgrade(path: Path | str) -> None:
    """Bring an existing store written by an older newslens to this schema (a no-op if current)."""
    path = Path(path)
    if not path.exists():
        return
    con = _open(path, read_only=True)
    try:
        current = version(con)
    finally:
        con.close()
    if current < SCHEMA_VERSION:
        with writing(path):
            pass


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    """First value of a query's first row (fully fetched, as DuckDB 2 wants before other work)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0][0] if rows else None


def sql_path(path: Path) -> str:
    """A path as the inside of a SQL string literal (DuckDB takes no parameters for file names)."""
    return str(path).replace("'", "''")
