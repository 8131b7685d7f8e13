"""The Data page's ingest runs in a worker thread, not in the script thread serving the request.

The script thread only polls the worker for its progress; a user who leaves the page stops the
polling, not the ingest, which finishes (or fails) as one transaction either way.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import streamlit as st

from components.text import plain
from newslens.ingest import IngestReport
from newslens.presentation import progress_line
from newslens.preview import Upload, ingest_uploads

# one ingest at a time per server: the store takes one writer anyway
_WORKER = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslens-ingest")
_POLL_S = 0.25


def ingest_in_worker(uploads: Sequence[Upload], db: Path,
                     mappings: Sequence[Mapping[str, str]]) -> IngestReport:
    """Ingest the uploads in the worker, showing the articles read and the rate; its errors
    are raised here."""
    bar = st.progress(0.0, text="Reading the uploads…")
    seen = [(0, 1)]  # (articles read, expected): swapped whole by the worker, read here

    def note(read: int, expected: int) -> None:
        seen[0] = (read, expected)

    started = time.monotonic()
    future = _WORKER.submit(ingest_uploads, uploads, db, mappings, on_progress=note)
    while True:
        try:
            report = future.result(timeout=_POLL_S)
        except TimeoutError:
            read, expected = seen[0]
            bar.progress(min(1.0, read / max(1, expected)),
                         text=plain(progress_line(read, expected, time.monotonic() - started)))
            continue
        bar.progress(1.0, text=plain("Done: " + progress_line(
            report.articles, report.articles, time.monotonic() - started)))
        return report
