"""Rows shown in the dashboard as CSV, XLSX or JSON bytes that a spreadsheet reads right.

Rows arrive as an iterable whose first item is the column names, so a table streamed from the
store (every filtered row, in the table's order) and a small frame on screen go through the
same writers. Headers carry the presentation labels; dates are real dates (XLSX date cells,
ISO text in CSV) so spreadsheets can filter them; missing values are empty cells; every text
cell passes ``safe_cell``, and in XLSX ``fit_xlsx`` (a cell holds 32,767 characters).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from newslens.export.safe import fit_xlsx, safe_cell
from newslens.presentation import DATE_COLUMNS, as_date, is_missing, labels

_DAY_FORMAT, _TIME_FORMAT = "yyyy-mm-dd", "yyyy-mm-dd hh:mm"


def frame_rows(frame: pd.DataFrame) -> Iterator[Sequence]:
    """The column names, then the frame's rows, as the writers take them."""
    yield list(frame.columns)
    yield from frame.itertuples(index=False, name=None)


def _typed(name: str, value: Any) -> Any:
    """A value in plain Python types: None for missing, a date for a date-only column."""
    if hasattr(value, "tolist") and not isinstance(value, str):
        value = value.tolist()  # numpy scalars and arrays
    if isinstance(value, list | tuple | dict):
        return list(value) if isinstance(value, tuple) else value
    if is_missing(value):
        return None
    if name in DATE_COLUMNS:
        return as_date(value)
    return value.to_pydatetime() if isinstance(value, pd.Timestamp) else value


def _records(rows: Iterable[Sequence]) -> tuple[list[str], Iterator[list]]:
    """Column names, and each row's values typed by ``_typed``."""
    iterator = iter(rows)
    names = [str(n) for n in next(iterator)]
    return names, ([_typed(n, v) for n, v in zip(names, row, strict=True)] for row in iterator)


def _flat(value: Any) -> Any:
    """A list as JSON text, for one spreadsheet cell."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """UTF-8 CSV with a BOM so spreadsheet programs read non-English text right."""
    names, records = _records(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(h) for h in labels(names)])
    for record in records:
        writer.writerow([safe_cell(v.isoformat() if isinstance(v, date) else _flat(v))
                         for v in record])
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    """Every XLSX cell, headers too: a date cell, or a value made safe and fitted."""
    value = _flat(value)
    if isinstance(value, date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = _TIME_FORMAT if isinstance(value, datetime) else _DAY_FORMAT
        return cell
    if isinstance(value, str):
        return fit_xlsx(safe_cell(value))  # control characters already made XML-safe
    return value


def xlsx_bytes(rows: Iterable[Sequence], sheet_name: str = "newslens") -> bytes:
    """A workbook written row by row (openpyxl's write-only mode keeps memory flat)."""
    names, records = _records(rows)
    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_name[:31])
    sheet.append([_xlsx_cell(sheet, h) for h in labels(names)])
    for record in records:
        sheet.append([_xlsx_cell(sheet, v) for v in record])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def json_bytes(rows: Iterable[Sequence]) -> bytes:
    """Records as a JSON array under the columns' own names, dates as ISO text: for tools."""
    names, records = _records(rows)
    items = (json.dumps(dict(zip(names, record, strict=True)), ensure_ascii=False,
                        default=lambda v: v.isoformat() if isinstance(v, date) else str(v))
             for record in records)
    return ("[\n" + ",\n".join(items) + "\n]").encode("utf-8")
