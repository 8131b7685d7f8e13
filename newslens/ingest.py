"""The ingest pipeline: read -> clean -> stage as Parquet -> merge into the store at once ->
bring the full-text index up to date.

All the slow work happens before the store is opened; the write lock is held only for the merge,
which is one transaction, so a failed or killed ingest leaves the store exactly as it was. The
index follows the store afterwards and can always be rebuilt from it (newslens/fulltext.py).
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from newslens import fulltext
from newslens.clean.dates import numeric_order
from newslens.knowledge import dictionary
from newslens.parallel import Chunk, Cleaned, clean_in_parallel
from newslens.readers import read_source
from newslens.records import Origin, RawRecord, ReadIssue, printable, relabel
from newslens.sources import Source, iter_sources
from newslens.staging import Stager
from newslens.store import derived, pool
from newslens.store.connection import check
from newslens.store.writes import merge_stage

_ORDER_SAMPLE = 200
_CHUNK = 250

@dataclass
class IngestReport:
    """What an ingest did: the figures and every issue, for the CLI and the Data page."""

    ingest_id: int | None = None
    files: int = 0
    records: int = 0
    articles: int = 0
    added: int = 0
    skipped: int = 0
    issues: list[ReadIssue] = field(default_factory=list)

    @property
    def duplicates(self) -> int:
        return self.articles - self.added

    @property
    def nothing_read(self) -> bool:
        return self.articles == 0 and bool(self.issues)


def ingest(paths: Iterable[Path | str], db: Path | str, mapping: Mapping[str, str] | None = None,
           on_progress: Callable[[int], None] | None = None,
           workers: int | None = None, dask: str | None = None,
           labels: Mapping[Path, str] | None = None) -> IngestReport:
    """Ingest every readable article under ``paths`` into the store at ``db``.

    Cleaning and extraction run in ``workers`` processes (default: all cores), or on the Dask
    cluster at ``dask`` ("local" starts one); reading, staging and the merge stay here.
    ``labels`` names inputs saved under temporary paths (dashboard uploads) in the store.
    """
    check(db)
    started = datetime.now()
    path_list = [Path(p) for p in paths]
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="newslens-stage-") as folder:
        stager = Stager(Path(folder), dictionary.load())
        chunks = _record_chunks(path_list, mapping or {}, report, labels or {})
        for cleaned in _cleaned(chunks, workers, dask):
            for article, issues, found in cleaned:
                report.issues.extend(issues)
                if article is not None:
                    stager.add(article, found)
                    report.articles += 1
            if on_progress:
                on_progress(report.articles)
        stager.flush()
        report.issues = [_named(i, labels or {}) for i in report.issues]
        report.skipped = sum(1 for i in report.issues if i.severity == "error")
        counts = {"files": report.files, "records": report.records,
                  "articles": report.articles, "skipped": report.skipped}
        names = [printable(relabel(str(p), labels or {})) for p in path_list]
        report.ingest_id, report.added, resort_due = merge_stage(
            Path(db), Path(folder), names, started, report.issues, counts)
    if resort_due:
        derived.resort(db)
    fulltext.catch_up(db)
    pool.close_idle(Path(db).resolve())  # the index's reads leave no connection open behind
    return report


def _cleaned(chunks: Iterator[Chunk], workers: int | None,
             dask: str | None) -> Iterator[Cleaned]:
    if dask:
        from newslens.distributed import clean_on_dask  # Dask is optional
        return clean_on_dask(chunks, dask, workers)
    return clean_in_parallel(chunks, workers or os.cpu_count() or 1)


def _named(issue: ReadIssue, labels: Mapping[Path, str]) -> ReadIssue:
    if not labels:
        return issue
    return replace(issue, origin=Origin(relabel(issue.origin.file, labels), issue.origin.row))


def _record_chunks(paths: list[Path], mapping: Mapping[str, str], report: IngestReport,
                   labels: Mapping[Path, str]) -> Iterator[Chunk]:
    """Raw records of every source, in order, in chunks sized for a worker process."""
    chunk: Chunk = []
    for item in iter_sources(paths):
        if isinstance(item, ReadIssue):
            report.issues.append(item)
            continue
        report.files += 1
        for record, day_first in _source_records(item, mapping, report):
            if labels:
                record.origin = Origin(relabel(record.origin.file, labels), record.origin.row)
            chunk.append((record, day_first))
            if len(chunk) >= _CHUNK:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def _source_records(source: Source, mapping: Mapping[str, str],
                    report: IngestReport) -> Iterator[tuple[RawRecord, bool]]:
    """A source's records, each with the day/month order settled from a sample of its dates."""
    items = read_source(source, mapping)
    head = list(itertools.islice(items, _ORDER_SAMPLE))
    day_first = numeric_order([i.fields.get("date") or "" for i in head
                               if isinstance(i, RawRecord)])
    for item in itertools.chain(head, items):
        if isinstance(item, ReadIssue):
            report.issues.append(item)
        else:
            report.records += 1
            yield item, day_first
