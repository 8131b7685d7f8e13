"""What can be wrong with a store, each kind said once: its message, its next step, its exit code.

DuckDB, the OS and Python report the same fault in many words (a CSV opened as a database, a
truncated file, a lock, a full disk); ``classify`` turns any of them into one ``StoreError``
of a kind, so the CLI and every page say the same thing and never show a traceback.
"""

from __future__ import annotations

import errno
from enum import Enum
from pathlib import Path

from newslens.records import printable


class FaultKind(Enum):
    """A kind of store fault: the next step to take and the CLI's exit status (sysexits.h)."""

    MISSING = ("run 'newslens ingest PATH' to create it", 66)
    NOT_OURS = ("it was left unchanged; choose a new file name or an existing newslens store "
                "(--db, or the db setting)", 65)
    CORRUPT = ("restore it from a backup, or move it aside and ingest your files into a new "
               "store", 65)
    NEWER_SCHEMA = ("upgrade newslens (pip install -U newslens) to open it", 78)
    OLDER_SCHEMA = ("run 'newslens upgrade' to migrate it (any ingest does it too)", 78)
    LOCKED = ("another newslens (an ingest, or a dashboard saving) is writing it; wait for it "
              "to finish, then try again", 75)
    READ_ONLY = ("make the file and its folder writable, or choose another store path", 77)
    DISK_FULL = ("nothing was written and the store holds what it held before; free some disk "
                 "space and run it again", 74)
    NOT_UTF8 = ("give the text in UTF-8", 64)

    def __init__(self, next_step: str, exit_code: int) -> None:
        self.next_step = next_step
        self.exit_code = exit_code


class StoreError(Exception):
    """The store cannot be used; the message says what is wrong and what to do."""

    def __init__(self, kind: FaultKind, detail: str) -> None:
        self.kind = kind
        super().__init__(printable(f"{detail}; {kind.next_step}"))


class StoreMissing(StoreError):
    """No store exists at the path yet."""


class StoreBusy(StoreError):
    """Another process kept the store locked for longer than lock_timeout_s."""


class StoreUnreadable(StoreError):
    """The file is not a store this newslens can open (not ours, damaged, or another schema)."""


_CLASSES: dict[FaultKind, type[StoreError]] = {
    FaultKind.MISSING: StoreMissing, FaultKind.LOCKED: StoreBusy,
    FaultKind.NOT_OURS: StoreUnreadable, FaultKind.CORRUPT: StoreUnreadable,
    FaultKind.NEWER_SCHEMA: StoreUnreadable, FaultKind.OLDER_SCHEMA: StoreUnreadable,
}

# words of DuckDB's and the OS's messages, lower-cased, in the order they are tried
_SIGNS: tuple[tuple[FaultKind, tuple[str, ...]], ...] = (
    (FaultKind.DISK_FULL, ("no space left", "disk quota", "disk full")),
    (FaultKind.READ_ONLY, ("permission denied", "read-only file system",
                           "operation not permitted")),
    (FaultKind.LOCKED, ("could not set lock", "conflicting lock", "different configuration")),
    (FaultKind.CORRUPT, ("not a valid duckdb database", "could not read enough bytes",
                         "corrupt database", "checksum", "serialization error")),
    (FaultKind.NOT_UTF8, ("cannot encode str as utf-8",)),  # a query parameter, said by DuckDB
)
_ERRNOS = {errno.ENOSPC: FaultKind.DISK_FULL, errno.EDQUOT: FaultKind.DISK_FULL,
           errno.EACCES: FaultKind.READ_ONLY, errno.EPERM: FaultKind.READ_ONLY,
           errno.EROFS: FaultKind.READ_ONLY}
_DETAILS = {
    FaultKind.DISK_FULL: "the disk is full while writing {path}",
    FaultKind.READ_ONLY: "{path} cannot be written (read-only file or folder)",
    FaultKind.LOCKED: "{path} is locked by another process",
    FaultKind.CORRUPT: "{path} is damaged (truncated or corrupt)",
    FaultKind.NOT_UTF8: "a name or id given holds a byte that is not UTF-8",
}


def fault(kind: FaultKind, detail: str) -> StoreError:
    """The error of ``kind``: its own class where callers tell kinds apart by class."""
    return _CLASSES.get(kind, StoreError)(kind, detail)


def classify(exc: BaseException, path: Path | str) -> StoreError | None:
    """The store fault ``exc`` is, with its message and next step; None if it is not one."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, UnicodeEncodeError) and isinstance(exc.object, str):
        return fault(FaultKind.NOT_UTF8, f"'{exc.object}' holds a byte that is not UTF-8")
    kind = _ERRNOS.get(exc.errno) if isinstance(exc, OSError) else None
    message = str(exc).lower()
    kind = kind or next((k for k, signs in _SIGNS if any(s in message for s in signs)), None)
    if kind is None:
        return None
    # an OSError names its own file: an export's output, the store's folder
    return fault(kind, _DETAILS[kind].format(path=getattr(exc, "filename", None) or path))
