"""Download buttons for charts (PNG, SVG, HTML) and tables (CSV, XLSX, JSON).

Files are produced only when the analyst clicks (deferred ``data``), since a static image
costs seconds of headless Chromium and a whole filtered table is read from the store then.
Names carry the page and the filters' dates.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from components.text import plain
from newslens.export.charts import html_bytes, image_bytes, static_export_problem
from newslens.export.safe import safe_filename
from newslens.export.sheets import csv_bytes, frame_rows, json_bytes, xlsx_bytes
from newslens.presentation import plural
from newslens.queries.table_view import EXPORT_ROWS

Rows = Callable[[], Iterable[Sequence]]
_TABLE_FORMATS: dict[str, tuple[Callable[[Iterable[Sequence]], bytes], str]] = {
    "csv": (csv_bytes, "text/csv"),
    "xlsx": (xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "json": (json_bytes, "application/json"),
}


def file_name(page: str, what: str, dates: str, ext: str) -> str:
    return safe_filename(f"newslens-{page}-{what}-{dates}") + f".{ext}"


def chart_downloads(figure: go.Figure, page: str, what: str, dates: str) -> None:
    """PNG, SVG and HTML buttons for ``figure``; static ones explain why when they cannot work."""
    problem = static_export_problem()
    columns = st.columns(3)
    for column, fmt in zip(columns, ("png", "svg"), strict=False):
        column.download_button(
            f"{fmt.upper()}", data=lambda fmt=fmt: image_bytes(figure, fmt),
            file_name=file_name(page, what, dates, fmt), mime=f"image/{fmt}"
            if fmt == "png" else "image/svg+xml", disabled=problem is not None,
            help=problem or f"Download the chart as {fmt.upper()}", on_click="ignore",
            key=f"dl-{page}-{what}-{fmt}", icon=":material/download:")
    columns[2].download_button(
        "HTML", data=lambda: html_bytes(figure), file_name=file_name(page, what, dates, "html"),
        mime="text/html", help="Download the interactive chart", on_click="ignore",
        key=f"dl-{page}-{what}-html", icon=":material/download:")


def table_downloads(frame: pd.DataFrame, page: str, what: str, dates: str,
                    formats: tuple[str, ...] = ("csv", "xlsx")) -> None:
    """Buttons for a table shown whole (an aggregate or a short list): its rows as they are."""
    _buttons(lambda: frame_rows(frame), page, what, dates, formats,
             f"Download {plural(len(frame), 'row')}")


def result_downloads(rows: Rows, total: int, page: str, what: str, dates: str,
                     formats: tuple[str, ...] = ("csv", "xlsx")) -> None:
    """Buttons for a paged table: every filtered row in the table's order (up to the cap,
    which a caption states when the result is longer), read from the store on click."""
    kept = min(total, EXPORT_ROWS)
    if total > EXPORT_ROWS:
        st.caption(f"Downloads hold the first {EXPORT_ROWS:,} of the {total:,} rows, in the "
                   f"table's order; narrow the filters for the rest.")
    _buttons(rows, page, what, dates, formats,
             f"Download all {plural(kept, 'row')} (every page, the chosen columns)")


def _buttons(rows: Rows, page: str, what: str, dates: str, formats: tuple[str, ...],
             help_text: str) -> None:
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        build, mime = _TABLE_FORMATS[fmt]
        column.download_button(
            fmt.upper(), data=lambda build=build: build(rows()),
            file_name=file_name(page, what, dates, fmt), mime=mime, on_click="ignore",
            key=f"dl-{page}-{what}-{fmt}", icon=":material/download:",
            help=plain(f"{help_text} as {fmt.upper()}"))
