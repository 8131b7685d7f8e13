"""Parquet, read batch by batch so large files never sit in memory whole."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.parquet as pq

from newslens.records import ReadIssue
from newslens.sources import Source


def read(source: Source) -> Iterator[tuple[int, dict] | ReadIssue]:
    try:
        handle = source.path if source.member is None else io.BytesIO(source.read_bytes())
        parquet = pq.ParquetFile(handle)
    except (pa.ArrowException, OSError) as exc:
        yield ReadIssue(source.origin, f"not a readable Parquet file ({exc})")
        return
    number = 0
    for batch in parquet.iter_batches(batch_size=2048):
        for row in batch.to_pylist():
            number += 1
            yield number, row
