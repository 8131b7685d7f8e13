"""CSV and TSV: delimiter sniffed, rows with a broken quote reported and skipped, not swallowed."""

from __future__ import annotations

import csv
import io
import sys
from collections.abc import Iterator

from newslens.clean.encoding import decode
from newslens.records import Origin, ReadIssue
from newslens.sources import Source

csv.field_size_limit(sys.maxsize)
_DELIMITERS = ",;\t|"


class _Lines:
    """Line iterator that can take lines back, so a bad multi-line row can be re-read."""

    def __init__(self, text: str) -> None:
        self._lines = iter(io.StringIO(text, newline=""))
        self._pushed: list[str] = []
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._pushed.pop() if self._pushed else next(self._lines)
        self.taken.append(line)
        return line

    def give_back(self, lines: list[str]) -> None:
        self._pushed.extend(reversed(lines))


def sniff_delimiter(sample: str, suffix: str) -> str:
    if suffix == ".tsv":
        return "\t"
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        return ","


def read(source: Source) -> Iterator[tuple[int, dict] | ReadIssue]:
    """Yield (row number, {column: value}); row 1 is the first data row after the header."""
    text = decode(source.read_bytes())
    if not text.strip():
        yield ReadIssue(source.origin, "file is empty")
        return
    lines = _Lines(text)
    reader = csv.reader(lines, delimiter=sniff_delimiter(text[:65536], source.suffix))
    header = [h.strip() for h in next(reader)]
    yield from _rows(source, reader, lines, header)


def _rows(source: Source, reader: Iterator[list[str]], lines: _Lines,
          header: list[str]) -> Iterator[tuple[int, dict] | ReadIssue]:
    number = 0
    while True:
        lines.taken = []
        problem: str | None
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            cells, problem = [], str(exc)
        else:
            problem = None
        number += 1
        if not any(c.strip() for c in cells) and problem is None:
            continue
        if len(cells) == len(header) and problem is None:
            yield number, dict(zip(header, cells, strict=True))
            continue
        yield ReadIssue(Origin(source.name, number), problem or
                        f"row has {len(cells)} fields, header has {len(header)} (broken quoting?)")
        lines.give_back(lines.taken[1:])
