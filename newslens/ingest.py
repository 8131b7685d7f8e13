"""The ingest pipeline: read -> clean -> stage as Parquet -> merge into the store at once.

All the slow work happens before the store is opened; the write lock is held only for the merge,
which is one transaction, so a failed or killed ingest leaves the store exactly as it was.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newslens import settings
from newslens.clean.dates import numeric_order
from newslens.parallel import Chunk, clean_in_parallel
from newslens.readers import read_source
from newslens.records import Article, RawRecord, ReadIssue
from newslens.sources import Source, iter_sources
from newslens.store.writes import ARTICLE_COLUMNS, merge_stage

_ORDER_SAMPLE = 200
_CHUNK = 250

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("url_key", pa.string()),
    ("source", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("published_at", pa.timestamp("us")), ("published_precision", pa.string()),
    ("language", pa.string()), ("text", pa.string()), ("raw_text", pa.string()),
    ("related_titles", pa.list_(pa.string())), ("author", pa.string()),
    ("dateline", pa.string()), ("text_hash", pa.string()), ("chars", pa.int32()),
])
ORIGIN_SCHEMA = pa.schema([("article_id", pa.string()), ("origin", pa.string())])


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


class _Stager:
    """Collects articles (deduplicated within the ingest) and writes them in Parquet batches."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.by_url: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.articles: list[Article] = []
        self.origins: list[tuple[str, str]] = []
        self.batches = 0

    def add(self, article: Article) -> None:
        known = (article.url_key and self.by_url.get(article.url_key)) or \
            self.by_text.get(article.text_hash)
        if known is None:
            self.articles.append(article)
            known = article.article_id
        if article.url_key:
            self.by_url.setdefault(article.url_key, known)
        self.by_text.setdefault(article.text_hash, known)
        self.origins.append((known, str(article.origin)))
        if len(self.articles) >= int(settings.get("batch_size")):
            self.flush()

    def flush(self) -> None:
        if not self.origins:
            return
        rows = [_article_row(a) for a in self.articles]
        pq.write_table(pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA),
                       self.folder / f"articles-{self.batches:05d}.parquet")
        origins = [{"article_id": a, "origin": o} for a, o in self.origins]
        pq.write_table(pa.Table.from_pylist(origins, schema=ORIGIN_SCHEMA),
                       self.folder / f"origins-{self.batches:05d}.parquet")
        self.articles, self.origins = [], []
        self.batches += 1


def _article_row(article: Article) -> dict:
    row = {column: getattr(article, column, None) for column in ARTICLE_COLUMNS}
    row["chars"] = len(article.text)
    return row


def ingest(paths: Iterable[Path | str], db: Path | str, mapping: Mapping[str, str] | None = None,
           on_progress: Callable[[int], None] | None = None,
           workers: int | None = None) -> IngestReport:
    """Ingest every readable article under ``paths`` into the store at ``db``.

    Cleaning runs in ``workers`` processes (default: all cores); reading and the merge stay here.
    """
    started = datetime.now()
    path_list = [Path(p) for p in paths]
    report = IngestReport()
    with tempfile.TemporaryDirectory(prefix="newslens-stage-") as folder:
        stager = _Stager(Path(folder))
        chunks = _record_chunks(path_list, mapping or {}, report)
        for cleaned in clean_in_parallel(chunks, workers or os.cpu_count() or 1):
            for article, issues in cleaned:
                report.issues.extend(issues)
                if article is not None:
                    stager.add(article)
                    report.articles += 1
            if on_progress:
                on_progress(report.articles)
        stager.flush()
        report.skipped = sum(1 for i in report.issues if i.severity == "error")
        counts = {"files": report.files, "records": report.records,
                  "articles": report.articles, "skipped": report.skipped}
        report.ingest_id, report.added = merge_stage(
            Path(db), Path(folder), [str(p) for p in path_list], started, report.issues, counts)
    return report


def _record_chunks(paths: list[Path], mapping: Mapping[str, str],
                   report: IngestReport) -> Iterator[Chunk]:
    """Raw records of every source, in order, in chunks sized for a worker process."""
    chunk: Chunk = []
    for item in iter_sources(paths):
        if isinstance(item, ReadIssue):
            report.issues.append(item)
            continue
        report.files += 1
        for record, day_first in _source_records(item, mapping, report):
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
