"""Excel workbooks: every sheet whose first row is a header is a table of articles."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from newslens.records import Origin, ReadIssue
from newslens.sources import Source


def read(source: Source) -> Iterator[tuple[int, dict] | ReadIssue]:
    try:
        book = load_workbook(io.BytesIO(source.read_bytes()), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        yield ReadIssue(source.origin, f"not a readable .xlsx workbook ({exc})")
        return
    try:
        number = 0
        for sheet in book.worksheets:
            rows = sheet.iter_rows(values_only=True)
            header = next(rows, None)
            if not header:
                continue
            names = [str(h).strip() if h is not None else f"column{i + 1}"
                     for i, h in enumerate(header)]
            for values in rows:
                number += 1
                if any(v is not None for v in values):
                    yield number, dict(zip(names, values, strict=False))
        if number == 0:
            yield ReadIssue(Origin(source.name), "workbook has no data rows")
    finally:
        book.close()
