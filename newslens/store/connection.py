"""Short-lived connections that wait out DuckDB's single-writer file lock.

DuckDB lets one process hold a file for writing and then no other process may open it, not even
read-only. So the dashboard opens a read-only connection per query and closes it at once, and
ingest holds the write lock only for its final merge; both retry while the other is in.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb

from newslens import settings
from newslens.store import pool
from newslens.store.faults import (
    FaultKind,
    StoreBusy,
    StoreError,
    StoreMissing,
    StoreUnreadable,
    classify,
    fault,
)
from newslens.store.schema import SCHEMA_VERSION, migrate, version

__all__ = ["StoreBusy", "StoreError", "StoreMissing", "StoreUnreadable", "check", "reading",
           "upgrade", "writing"]
# a DuckDB file says so in its first block (after an 8-byte checksum); other files, opened as
# a database, DuckDB reads as a table in memory and writes go nowhere (a CSV "added" articles)
_MAGIC = b"DUCK"
_MAGIC_AT = 8


#: DuckDB's settings as its connect() types them
Config = dict[str, str | bool | int | float | list[str]]


def _config(read_only: bool) -> Config:
    config: Config = {"memory_limit": str(settings.get("memory_limit"))}
    if not read_only:
        # lets a large merge stream to disk within the memory limit
        config["preserve_insertion_order"] = False
    return config


@contextmanager
def _classified(path: Path) -> Iterator[None]:
    """A store fault raised inside becomes its StoreError; any other error passes unchanged."""
    try:
        yield
    except (duckdb.Error, OSError, UnicodeError) as exc:
        known = classify(exc, path)
        if known is None:
            raise
        raise known from exc


def _open(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    """A connection to a DuckDB file of this product (or a new one), waiting out the lock."""
    with _classified(path):
        _check_file(path)
        con = _connect(path, read_only)
        try:
            _check_tables(con, path)
        except BaseException:
            con.close()
            raise
        return con


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + float(settings.get("lock_timeout_s"))
    delay = 0.02
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=_config(read_only))
        except duckdb.Error as exc:
            known = classify(exc, path) or fault(
                FaultKind.CORRUPT, f"{path} cannot be opened as a newslens store: "
                f"{str(exc)[:200]}")
            # "different configuration": this process holds the file in the other mode
            if known.kind is not FaultKind.LOCKED or time.monotonic() > deadline:
                raise known from exc
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def check(path: Path | str) -> None:
    """Refuse at once, before an ingest reads for minutes, a store path that cannot be one."""
    path = Path(path).resolve()
    with _classified(path):
        _check_file(path)


def _check_file(path: Path) -> None:
    """Refuse, before DuckDB sees it, a path that is not a DuckDB file (a new one is welcome)."""
    str(path).encode("utf-8")  # DuckDB takes file names in UTF-8 only (else: std::bad_cast)
    if not path.exists():
        return
    if not path.is_file():
        raise fault(FaultKind.NOT_OURS, f"{path} is a folder, not a newslens store")
    with path.open("rb") as fh:
        head = fh.read(_MAGIC_AT + len(_MAGIC))
    if not head:
        raise fault(FaultKind.NOT_OURS, f"{path} is an empty file, not a newslens store")
    if head[_MAGIC_AT:] != _MAGIC:
        raise fault(FaultKind.NOT_OURS, f"{path} is not a newslens store (not a DuckDB file)")


def _check_tables(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a DuckDB file of another program, or of a newer newslens."""
    found = version(con)
    if found > SCHEMA_VERSION:
        raise fault(FaultKind.NEWER_SCHEMA, f"{path} was written by a newer newslens (schema "
                    f"{found}; this one knows up to {SCHEMA_VERSION})")
    if found == 0 and scalar(con, "SELECT count(*) FROM information_schema.tables"):
        raise fault(FaultKind.NOT_OURS, f"{path} is a DuckDB database of another program "
                    "(its tables are not newslens's)")


@contextmanager
def reading(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection, pooled for a moment and let go as soon as a writer waits."""
    path = Path(path).resolve()
    if not path.exists():
        raise fault(FaultKind.MISSING, f"no store at {path}")
    with _classified(path):  # a damaged block is met only when a query reads it
        pool.yield_to_writer(path, float(settings.get("lock_timeout_s")))
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
    if found == SCHEMA_VERSION:
        return con
    con.close()
    if found == 0:
        raise fault(FaultKind.MISSING, f"{path} holds no newslens data yet")
    raise fault(FaultKind.OLDER_SCHEMA, f"{path} was written by an older newslens (schema "
                f"{found}; this one uses {SCHEMA_VERSION})")


@contextmanager
def writing(path: Path | str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A write connection inside one transaction: all of it commits, or none of it."""
    path = Path(path).resolve()
    with _classified(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        with pool.announced_writer(path):
            con = _open(path, read_only=False)
        try:
            con.execute("BEGIN TRANSACTION")
            try:
                migrate(con)
                yield con
            except BaseException:
                # after a failed write DuckDB may refuse even this ("database has been
                # invalidated"): the first error is the one that says what happened
                with suppress(duckdb.Error):
                    con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()


def upgrade(path: Path | str) -> None:
    """Bring an existing store written by an older newslens to this schema (a no-op if current)."""
    path = Path(path).resolve()
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
