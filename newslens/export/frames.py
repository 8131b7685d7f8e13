"""A table shown in the dashboard as CSV, XLSX or JSON bytes, safe to open in a spreadsheet.

Pages export what they show (at most a page of rows or an aggregate), so an in-memory frame is
the right input here; whole-table exports go through ``newslens export``, which streams.
"""

from __future__ import annotations

import io
import json
from typing import Any

import pandas as pd

from newslens.export.safe import safe_cell


def _cell(value: Any) -> Any:
    """One cell as a spreadsheet should get it: lists as JSON text, dates as ISO, no formulas."""
    if isinstance(value, list | tuple | dict):
        value = json.dumps(list(value) if isinstance(value, tuple) else value,
                           ensure_ascii=False, default=str)
    elif hasattr(value, "tolist") and not isinstance(value, str):
        value = json.dumps(value.tolist(), ensure_ascii=False, default=str)
    elif hasattr(value, "isoformat"):
        value = value.isoformat()
    return safe_cell(value)


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every cell neutralised and column names neutralised too."""
    safe = frame.map(_cell) if not frame.empty else frame.copy()
    safe.columns = [safe_cell(str(c)) for c in frame.columns]
    return safe


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a BOM so spreadsheet programs read non-English text right."""
    return spreadsheet_safe(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "newslens") -> bytes:
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        spreadsheet_safe(frame).to_excel(writer, index=False, sheet_name=sheet[:31])
    return buffer.getvalue()


def json_bytes(frame: pd.DataFrame) -> bytes:
    """Records as a JSON array (dates as ISO text), for tools rather than spreadsheets."""
    return frame.to_json(orient="records", date_format="iso", force_ascii=False,
                         indent=1).encode("utf-8")
