"""Turn the paths a user gives into readable sources: files, folders (recursive) and zip members.

Zip members are read in memory, never extracted, and refused when their names try to escape
the archive or their compression ratio looks like a bomb. An archive is opened once and its
members read through that one handle: opening it per member re-read its directory each time,
and 10,000 members took minutes (time grew with the square of the count).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from newslens import settings
from newslens.records import Origin, ReadIssue

READABLE_SUFFIXES = frozenset(
    {".csv", ".tsv", ".json", ".jsonl", ".ndjson", ".parquet", ".xlsx", ".txt", ".md",
     ".html", ".htm", ".tml", ".zip"}
)


class SourceTooLarge(Exception):
    """A source is over the configured size limit."""


@dataclass(frozen=True)
class Source:
    """A named blob of bytes: a file on disk or a member of a zip archive."""

    name: str
    suffix: str
    path: Path
    member: str | None = None
    # the archive iter_sources holds open while it yields the members; closed once it moves on
    archive: zipfile.ZipFile | None = field(default=None, compare=False, repr=False)

    def read_bytes(self) -> bytes:
        """Read the whole source, enforcing the size limits before decompressing."""
        limit = int(settings.get("max_file_bytes"))
        if self.member is None:
            if self.path.stat().st_size > limit:
                raise SourceTooLarge(f"file is larger than max_file_bytes={limit:,}")
            return self.path.read_bytes()
        with self._archive() as archive:
            info = archive.getinfo(self.member)
            _check_member_size(info, limit)
            with archive.open(info) as fh:
                data = fh.read(limit + 1)
        if len(data) > limit:
            raise SourceTooLarge(f"member inflates past max_file_bytes={limit:,}")
        return data

    @property
    def origin(self) -> Origin:
        return Origin(self.name)

    def _archive(self) -> zipfile.ZipFile | nullcontext[zipfile.ZipFile]:
        """The open archive (not closed here), or the file opened again if it was closed."""
        if self.archive is not None and self.archive.fp is not None:
            return nullcontext(self.archive)
        return zipfile.ZipFile(self.path)


def _check_member_size(info: zipfile.ZipInfo, limit: int) -> None:
    ratio_limit = int(settings.get("max_zip_ratio"))
    if info.file_size > limit:
        raise SourceTooLarge(f"member declares {info.file_size:,} bytes, over max_file_bytes")
    if info.compress_size and info.file_size / info.compress_size > ratio_limit:
        raise SourceTooLarge(
            f"compression ratio {info.file_size / info.compress_size:.0f}:1 exceeds "
            f"max_zip_ratio={ratio_limit} (zip bomb?)"
        )


def iter_sources(paths: list[Path]) -> Iterator[Source | ReadIssue]:
    """Yield every readable source under the given paths, and an issue for each one refused."""
    for path in paths:
        if path.is_symlink() and not path.exists():
            yield _dangling(path)
        elif not path.exists():
            yield ReadIssue(Origin(str(path)), "no such file or folder")
        elif path.is_dir():
            yield from _walk_folder(path)
        else:
            yield from _file_sources(path, explicit=True)


_DOCUMENTATION = re.compile(r"(^|_)(README|LICEN[CS]E|CHANGELOG|COPYING)", re.IGNORECASE)


def _walk_folder(folder: Path) -> Iterator[Source | ReadIssue]:
    """Every file below ``folder``, except hidden ones and the dataset's own documentation."""
    for path in sorted(p for p in folder.rglob("*") if p.is_file() or p.is_symlink()):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        if not path.exists():
            yield _dangling(path)
            continue
        if not path.is_file():  # a link to a folder: rglob does not follow it, so neither do we
            continue
        if _DOCUMENTATION.search(path.stem):
            yield ReadIssue(Origin(str(path)), "documentation file, not an article; skipped "
                            "(name it explicitly to ingest it)", severity="info")
            continue
        yield from _file_sources(path, explicit=False)


def _dangling(path: Path) -> ReadIssue:
    return ReadIssue(Origin(str(path)), "symbolic link that points nowhere (missing target, or "
                     "a loop); skipped")


def _file_sources(path: Path, explicit: bool) -> Iterator[Source | ReadIssue]:
    suffix = path.suffix.lower()
    if suffix not in READABLE_SUFFIXES:
        if explicit:
            yield ReadIssue(Origin(str(path)), f"unsupported file type '{suffix or path.name}'; "
                            f"supported: {', '.join(sorted(READABLE_SUFFIXES))}")
        return
    if suffix == ".zip":
        yield from _zip_members(path)
    else:
        yield Source(str(path), suffix, path)


def _zip_members(path: Path) -> Iterator[Source | ReadIssue]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        yield ReadIssue(Origin(str(path)), f"not a readable zip archive ({exc})")
        return
    with archive:
        for info in archive.infolist():
            yield from _member(path, info, archive)


def _member(path: Path, info: zipfile.ZipInfo,
            archive: zipfile.ZipFile) -> Iterator[Source | ReadIssue]:
    name = f"{path}!{info.filename}"
    suffix = PurePosixPath(info.filename).suffix.lower()
    if _escapes_archive(info.filename):  # before the hidden-file test: "..\\x" starts with "."
        yield ReadIssue(Origin(name), "unsafe member path (absolute or '..'); skipped")
    elif info.is_dir() or PurePosixPath(info.filename).name.startswith("."):
        return
    elif suffix == ".zip":
        yield ReadIssue(Origin(name), "nested zip archives are not read; unpack it first")
    elif suffix in READABLE_SUFFIXES:
        yield Source(name, suffix, path, member=info.filename, archive=archive)


def _escapes_archive(member: str) -> bool:
    pure = PurePosixPath(member.replace("\\", "/"))
    if not pure.parts:
        return True
    return pure.is_absolute() or ".." in pure.parts or ":" in pure.parts[0]
