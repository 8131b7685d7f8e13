"""Cleaning in worker processes: chunks of raw records in, cleaned articles out, in order.

This module imports only the cleaning stage, so a spawned worker starts without the readers.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from newslens import settings
from newslens.articles import build_article
from newslens.records import Article, RawRecord, ReadIssue

Chunk = list[tuple[RawRecord, bool]]
Cleaned = list[tuple[Article | None, list[ReadIssue]]]


def clean_chunk(chunk: Chunk) -> Cleaned:
    """Clean a chunk of records (runs in a worker process)."""
    max_chars = int(settings.get("max_text_chars"))
    return [_build_safely(record, day_first, max_chars) for record, day_first in chunk]


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


def _build_safely(record: RawRecord, day_first: bool,
                  max_chars: int) -> tuple[Article | None, list[ReadIssue]]:
    """Clean one record; a bug met on one odd record is reported, not fatal to the ingest."""
    try:
        return build_article(record, day_first, max_chars)
    except (ValueError, TypeError, RecursionError, OverflowError) as exc:
        return None, [ReadIssue(record.origin, f"could not be cleaned: {type(exc).__name__}: "
                                f"{exc}"[:300])]
