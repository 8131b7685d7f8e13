"""Readers: one module per input format, each turning a Source into raw records or issues."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from newslens.clean.encoding import UndecodableError
from newslens.readers import (
    csv_table,
    html_page,
    json_table,
    parquet_table,
    text_page,
    timeml,
    xlsx_table,
)
from newslens.readers.rows import rows_to_records
from newslens.records import RawRecord, ReadIssue
from newslens.sources import Source, SourceTooLarge

Row = tuple[int, dict] | ReadIssue

TABLE_READERS: dict[str, Callable[[Source], Iterator[Row]]] = {
    ".csv": csv_table.read, ".tsv": csv_table.read, ".json": json_table.read_json,
    ".jsonl": json_table.read_jsonl, ".ndjson": json_table.read_jsonl,
    ".parquet": parquet_table.read, ".xlsx": xlsx_table.read,
}
_PAGES: dict[str, Callable[[Source], Iterator[RawRecord | ReadIssue]]] = {
    ".txt": text_page.read, ".md": text_page.read, ".html": html_page.read,
    ".htm": html_page.read, ".tml": timeml.read,
}


def read_source(source: Source, mapping: Mapping[str, str]) -> Iterator[RawRecord | ReadIssue]:
    """Read one source; any failure becomes an issue naming the file, never an exception."""
    try:
        if source.suffix in TABLE_READERS:
            yield from rows_to_records(source, TABLE_READERS[source.suffix](source), mapping)
        else:
            yield from _PAGES[source.suffix](source)
    except (SourceTooLarge, UndecodableError) as exc:
        yield ReadIssue(source.origin, str(exc))
    except (OSError, ValueError, RecursionError, MemoryError) as exc:
        yield ReadIssue(source.origin, f"could not be read: {type(exc).__name__}: {exc}"[:500])
