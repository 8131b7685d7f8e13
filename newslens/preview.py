"""Uploaded files before and as they go in: what ingest would read from each (its first records
and the column mapping), and the ingest of the uploads themselves.

An upload's name comes from the user's browser. It is shown back to them and named in the
report, but never used as a path: the bytes are saved under a sanitised name in a fresh
temporary folder, and the store and the report name them by their original names.
"""

from __future__ import annotations

import functools
import itertools
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from newslens import columns
from newslens.clean.encoding import UndecodableError
from newslens.ingest import IngestReport, ingest
from newslens.readers import TABLE_READERS, Row, read_source
from newslens.readers.rows import as_text
from newslens.records import ReadIssue, relabel
from newslens.sources import Source, SourceTooLarge, iter_sources

PREVIEW_ROWS = 5
PREVIEW_SOURCES = 10
_CELL_CHARS = 200
_NAME_CHARS = 100
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
# what the readers raise on a bad file; read_source turns the same into issues
_READ_FAILURES = (SourceTooLarge, UndecodableError, OSError, ValueError, RecursionError,
                  MemoryError)


@dataclass(frozen=True)
class Upload:
    """An uploaded file: the name the browser gave (untrusted) and its bytes."""

    name: str
    data: bytes


@dataclass
class SourcePreview:
    """The first records of one source (a file or zip member) and how its columns map."""

    name: str
    columns: list[str] = field(default_factory=list)
    rows: list[dict[str, str | None]] = field(default_factory=list)
    mapping: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def tabular(self) -> bool:
        return bool(self.columns)

    def mapping_rows(self) -> list[dict[str, str | None]]:
        """One row per article field: the column feeding it and its first value."""
        first = self.rows[0] if self.rows else {}
        return [{"field": f, "column": (column := self.mapping.get(f)),
                 "first value": first.get(column) if column else None} for f in columns.FIELDS]


def safe_name(name: str) -> str:
    """A file name safe to create in a folder of our own; the suffix is kept for the readers."""
    base = re.split(r"[\\/]", name)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = suffix, ""
    stem = _UNSAFE.sub("_", stem).strip("._")[:_NAME_CHARS] or "upload"
    suffix = _UNSAFE.sub("_", suffix)[:10].lower()
    return f"{stem}.{suffix}" if suffix else stem


@contextmanager
def saved(uploads: Sequence[Upload]) -> Iterator[dict[Path, str]]:
    """Write the uploads to a fresh temporary folder; yield {saved path: original name}."""
    with tempfile.TemporaryDirectory(prefix="newslens-upload-") as folder:
        names: dict[Path, str] = {}
        for number, upload in enumerate(uploads, start=1):
            # one sub-folder per upload: two files of the same name do not collide
            path = Path(folder) / str(number) / safe_name(upload.name)
            path.parent.mkdir()
            path.write_bytes(upload.data)
            names[path] = upload.name
        yield names


def preview(upload: Upload, mapping: Mapping[str, str] | None = None,
            limit: int = PREVIEW_ROWS) -> list[SourcePreview]:
    """What ingest would read from an upload: per source, its first records and column mapping."""
    shown: list[SourcePreview] = []
    with saved([upload]) as names:
        for item in itertools.islice(iter_sources(list(names)), PREVIEW_SOURCES):
            if isinstance(item, ReadIssue):
                shown.append(SourcePreview(relabel(item.origin.file, names),
                                           problems=[item.reason]))
            else:
                shown.append(_preview_source(item, mapping or {}, limit,
                                             relabel(item.name, names)))
    return shown


def _preview_source(source: Source, mapping: Mapping[str, str], limit: int,
                    name: str) -> SourcePreview:
    if source.suffix in TABLE_READERS:
        return _preview_table(source, mapping, limit, name)
    shown = SourcePreview(name)
    for item in read_source(source, {}):
        if isinstance(item, ReadIssue):
            shown.problems.append(item.reason)
        else:
            shown.rows.append(_cells(item.fields))
            shown.mapping = {f: f for f, v in item.fields.items() if v is not None}
    return shown


def _preview_table(source: Source, mapping: Mapping[str, str], limit: int,
                   name: str) -> SourcePreview:
    shown = SourcePreview(name)
    first: dict | None = None
    for item in itertools.islice(_table_rows(source), limit):
        if isinstance(item, ReadIssue):
            shown.problems.append(f"row {item.origin.row}: {item.reason}"
                                  if item.origin.row else item.reason)
            continue
        first = first if first is not None else item[1]
        shown.rows.append(_cells(item[1]))
    if first is not None:
        shown.columns = [str(c) for c in first]
        try:
            shown.mapping = columns.resolve(first, mapping)
        except columns.ColumnError as exc:
            shown.problems.append(_in_page_terms(str(exc)))
    return shown


def _table_rows(source: Source) -> Iterator[Row]:
    """A table's raw rows; a file the reader cannot read becomes one issue, as in read_source."""
    try:
        yield from TABLE_READERS[source.suffix](source)
    except _READ_FAILURES as exc:
        yield ReadIssue(source.origin, f"could not be read: {exc}"[:500])


def _cells(row: Mapping) -> dict[str, str | None]:
    """A row as short display text, column names as strings."""
    return {str(k): (None if (t := as_text(v)) is None else t[:_CELL_CHARS])
            for k, v in row.items()}


def expected_records(paths: list[Path]) -> int:
    """How many records ingest will meet: table rows, plus one per page; for the progress bar."""
    return sum(
        sum(1 for row in _table_rows(item) if not isinstance(row, ReadIssue))
        if item.suffix in TABLE_READERS else 1
        for item in iter_sources(paths) if isinstance(item, Source))


def ingest_uploads(uploads: Sequence[Upload], db: Path | str,
                   mappings: Sequence[Mapping[str, str]] | None = None,
                   on_progress: Callable[[int, int], None] | None = None,
                   workers: int | None = None) -> IngestReport:
    """Ingest the uploads, one ingest per distinct column mapping; issues name the uploads.

    ``mappings`` holds one explicit mapping per upload (empty: recognise the columns);
    ``on_progress`` gets the articles read so far and the number expected (an estimate from
    the uploads' records; it may be passed).
    """
    mappings = list(mappings or [{}] * len(uploads))
    reports: list[IngestReport] = []
    with saved(uploads) as names:
        paths = list(names)
        total = max(1, expected_records(paths))
        for mapping, group in _grouped(paths, mappings):
            done = sum(r.articles for r in reports)
            progress = None if on_progress is None else functools.partial(
                _scaled, on_progress, done, total)
            reports.append(ingest(group, db, mapping, on_progress=progress, workers=workers,
                                  labels=names))
        return _merged(reports)


def _grouped(paths: list[Path], mappings: list[Mapping[str, str]]
             ) -> list[tuple[dict[str, str], list[Path]]]:
    groups: dict[tuple, list[Path]] = {}
    for path, mapping in zip(paths, mappings, strict=True):
        groups.setdefault(tuple(sorted(mapping.items())), []).append(path)
    return [(dict(key), group) for key, group in groups.items()]


def _scaled(on_progress: Callable[[int, int], None], done: int, total: int, articles: int) -> None:
    on_progress(done + articles, total)


def _merged(reports: list[IngestReport]) -> IngestReport:
    """One report for the whole upload (the id is the last ingest's); issues name the uploads."""
    merged = IngestReport(ingest_id=reports[-1].ingest_id if reports else None)
    for report in reports:
        merged.files += report.files
        merged.records += report.records
        merged.articles += report.articles
        merged.added += report.added
        merged.skipped += report.skipped
        merged.issues += [ReadIssue(i.origin, _in_page_terms(i.reason), i.severity)
                          for i in report.issues]
    return merged


def _in_page_terms(reason: str) -> str:
    """The CLI's next step ("pass --map text=COLUMN"), said the way the Data page offers it."""
    return re.sub(r"pass --map (\w+)=COLUMN", r"choose the \1 column in the preview", reason)
