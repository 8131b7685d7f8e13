"""What can be wrong with a store, each kind said once: its message, its next step, its exit code.

DuckDB, the OS and Python report the same fault in many words (a CSV opened as a database, a
truncated file, a lock, a full disk); ``classify`` turns any of them into one ``StoreError``
of a kind, so the CLI and every page say the same thing and never show a traceback.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import TypeVar

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

#: How the OS and DuckDB say a write was refused, shared with the files an export writes
DISK_FULL_ERRNOS = (errno.ENOSPC, errno.EDQUOT)
READ_ONLY_ERRNOS = (errno.EACCES, errno.EPERM, errno.EROFS)
DISK_FULL_WORDS = ("no space left", "disk quota", "disk full")
READ_ONLY_WORDS = ("permission denied", "read-only file system", "operation not permitted")

# words of DuckDB's and the OS's messages, lower-cased, in the order they are tried
_SIGNS: tuple[tuple[FaultKind, tuple[str, ...]], ...] = (
    # DuckDB spills to a temp folder beside the store up to 90% of the free disk, then says so
    (FaultKind.DISK_FULL, (*DISK_FULL_WORDS, "failed to offload data block")),
    (FaultKind.READ_ONLY, READ_ONLY_WORDS),
    (FaultKind.LOCKED, ("could not set lock", "conflicting lock", "different configuration")),
    (FaultKind.CORRUPT, ("not a valid duckdb database", "could not read enough bytes",
                         "corrupt database", "checksum", "serialization error")),
    (FaultKind.NOT_UTF8, ("cannot encode str as utf-8",)),  # a query parameter, said by DuckDB
)
_ERRNOS = {**dict.fromkeys(DISK_FULL_ERRNOS, FaultKind.DISK_FULL),
           **dict.fromkeys(READ_ONLY_ERRNOS, FaultKind.READ_ONLY)}
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


Kind = TypeVar("Kind", bound=Enum)


def kind_of(exc: BaseException, errnos: Mapping[int, Kind],
            signs: Sequence[tuple[Kind, tuple[str, ...]]]) -> Kind | None:
    """The kind an error is: by an OSError's errno, else by the words of its message (DuckDB
    reports the OS's errors as text)."""
    kind = errnos.get(exc.errno) if isinstance(exc, OSError) and exc.errno else None
    message = str(exc).lower()
    return kind or next((k for k, words in signs if any(w in message for w in words)), None)


def classify(exc: BaseException, path: Path | str) -> StoreError | None:
    """The store fault ``exc`` is, with its message and next step; None if it is not one."""
    if isinstance(exc, StoreError):
        return exc
    if isinstance(exc, UnicodeEncodeError) and isinstance(exc.object, str):
        return fault(FaultKind.NOT_UTF8, f"'{exc.object}' holds a byte that is not UTF-8")
    kind = kind_of(exc, _ERRNOS, _SIGNS)
    if kind is None:
        return None
    # an OSError names its own file: the store's folder, its write-ahead log
    return fault(kind, _DETAILS[kind].format(path=getattr(exc, "filename", None) or path))
