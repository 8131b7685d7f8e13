"""The file an export is written to, named by the user: each way the OS refuses one (no such
folder, a folder, read-only, disk full) said once, with its next step and the CLI's exit status.

An output's faults are told apart from the store's where the output is written, so the store's
classifier never takes a full or read-only output folder for the store's own.
"""

from __future__ import annotations

import errno
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from enum import Enum
from pathlib import Path
from typing import IO

import duckdb

from newslens.records import printable
from newslens.store.faults import (
    DISK_FULL_ERRNOS,
    DISK_FULL_WORDS,
    READ_ONLY_ERRNOS,
    READ_ONLY_WORDS,
    kind_of,
)

STDOUT = "standard output"


class OutputFault(Enum):
    """Why an output cannot be written, the next step, and the exit status (sysexits.h)."""

    NO_FOLDER = ("its folder does not exist (or is a file)",
                 "create the folder, or pass another path to -o", 73)
    FOLDER = ("it is a folder", "pass a file name, e.g. -o FOLDER/export.csv", 73)
    READ_ONLY = ("it or its folder is read-only", "make them writable, or pass another path "
                 "to -o", 77)
    DISK_FULL = ("the disk is full", "free some disk space and run it again", 74)
    OTHER = ("the system refused it", "pass another path to -o", 73)

    def __init__(self, reason: str, next_step: str, exit_code: int) -> None:
        self.reason = reason
        self.next_step = next_step
        self.exit_code = exit_code


class OutputError(Exception):
    """The output cannot be written; the message says why and what to do."""

    def __init__(self, kind: OutputFault, path: str, said: str = "") -> None:
        self.kind = kind
        reason = f"{kind.reason}: {said}" if said else kind.reason
        super().__init__(printable(f"{path} cannot be written: {reason}; {kind.next_step}"))


_ERRNOS = {errno.ENOENT: OutputFault.NO_FOLDER, errno.ENOTDIR: OutputFault.NO_FOLDER,
           errno.EISDIR: OutputFault.FOLDER,
           **dict.fromkeys(DISK_FULL_ERRNOS, OutputFault.DISK_FULL),
           **dict.fromkeys(READ_ONLY_ERRNOS, OutputFault.READ_ONLY)}
# DuckDB's words; "file exists" is how its COPY refuses a folder
_SIGNS = ((OutputFault.NO_FOLDER, ("no such file or directory", "not a directory")),
          (OutputFault.FOLDER, ("is a directory", "file exists")),
          (OutputFault.DISK_FULL, DISK_FULL_WORDS), (OutputFault.READ_ONLY, READ_ONLY_WORDS))


@contextmanager
def output_faults(output: Path | None) -> Iterator[None]:
    """An OSError inside, or DuckDB's error naming ``output``, becomes its ``OutputError``."""
    name = STDOUT if output is None else str(output)
    try:
        yield
    except OSError as exc:
        kind = kind_of(exc, _ERRNOS, _SIGNS)
        raise OutputError(kind or OutputFault.OTHER, name, "" if kind else exc.strerror or ""
                          ) from exc
    except duckdb.Error as exc:
        if output is None or not _names(exc, output):
            raise  # the store's, not the output's
        kind = kind_of(exc, _ERRNOS, _SIGNS)
        raise OutputError(kind or OutputFault.OTHER, name, "" if kind else str(exc)[:200]
                          ) from exc


def _names(exc: duckdb.Error, output: Path) -> bool:
    """Whether DuckDB's message is about ``output``: it quotes the paths it names."""
    return re.search(rf'"{re.escape(str(output))}\\?"', str(exc)) is not None


@contextmanager
def text_output(output: Path | None) -> Iterator[IO[str]]:
    """The output opened for text (stdout when None, left open); an export that fails removes
    its incomplete file, so half an export is never taken for all of it."""
    with output_faults(output):
        if output is None:
            yield sys.stdout
            return
        fh = output.open("w", encoding="utf-8", newline="")
        try:
            yield fh
            fh.close()
        except BaseException:
            _discard(fh, output)
            raise


def _discard(fh: IO[str], output: Path) -> None:
    """Close and remove an incomplete output; a device or a pipe (/dev/full) stays."""
    with suppress(OSError):  # the buffer it cannot flush is what failed already
        fh.close()
    if output.is_file() and not output.is_symlink():
        output.unlink()
