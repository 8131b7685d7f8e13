"""Cleaning and extraction in worker processes: chunks of raw records in, articles with their
entity mentions and meetings out, in order. This module imports only those stages."""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from newslens import settings
from newslens.articles import build_article
from newslens.extract.entities import Extraction, extract_entities
from newslens.extract.meetings import Meeting, extract_meetings
from newslens.knowledge import dictionary
from newslens.records import Article, RawRecord, ReadIssue

Chunk = list[tuple[RawRecord, bool]]
Found = tuple[Extraction, list[Meeting]]
Processed = tuple[Article | None, list[ReadIssue], Found | None]
Cleaned = list[Processed]


def clean_chunk(chunk: Chunk) -> Cleaned:
    """Clean a chunk of records and extract their entities (runs in a worker process)."""
    max_chars = int(settings.get("max_text_chars"))
    return [_process(record, day_first, max_chars) for record, day_first in chunk]


def clean_in_parallel(chunks: Iterator[Chunk], workers: int) -> Iterator[Cleaned]:
    """Clean chunks in order; a process pool starts only once there is a second chunk."""
    first = next(chunks, None)
    if first is None:
        return
    yield clean_chunk(first)
    if workers <= 1:
        yield from map(clean_chunk, chunks)
        return
    # spawn, not fork: ingest may run inside the threaded dashboard server
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[Cleaned]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(clean_chunk, chunk))
            if len(pending) >= 2 * workers:  # bounded: memory stays flat on huge inputs
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


_FAILURES = (ValueError, TypeError, RecursionError, OverflowError, IndexError, KeyError)


def _process(record: RawRecord, day_first: bool, max_chars: int) -> Processed:
    """Clean and extract one record; a bug met on one odd record is reported, not fatal."""
    try:
        article, issues = build_article(record, day_first, max_chars)
    except _FAILURES as exc:
        return None, [_failure(record, "cleaned", exc)], None
    if article is None:
        return None, issues, None
    known = dictionary.load()
    try:
        found = extract_entities(article.text, article.language, article.published, known)
        met = extract_meetings(article.text, article.language, article.published,
                               article.dateline, found, known)
    except _FAILURES as exc:
        return article, [*issues, _failure(record, "searched for entities", exc)], None
    return article, issues, (found, met)


def _failure(record: RawRecord, stage: str, exc: Exception) -> ReadIssue:
    return ReadIssue(record.origin, f"could not be {stage}: {type(exc).__name__}: {exc}"[:300])
