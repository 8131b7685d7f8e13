"""Download buttons for charts (PNG, SVG, HTML) and tables (CSV, XLSX, JSON).

Files are produced only when the analyst clicks (deferred ``data``), since a static image
costs seconds of headless Chromium. Names carry the page and the filters' dates.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from newslens.export.charts import html_bytes, image_bytes, static_export_problem
from newslens.export.frames import csv_bytes, json_bytes, xlsx_bytes
from newslens.export.safe import safe_filename

_TABLE_FORMATS: dict[str, tuple[Callable[[pd.DataFrame], bytes], str]] = {
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
    """One button per format for the rows of ``frame``, formula-safe for spreadsheets."""
    for column, fmt in zip(st.columns(len(formats)), formats, strict=True):
        build, mime = _TABLE_FORMATS[fmt]
        column.download_button(
            fmt.upper(), data=lambda build=build: build(frame),
            file_name=file_name(page, what, dates, fmt), mime=mime, on_click="ignore",
            key=f"dl-{page}-{what}-{fmt}", icon=":material/download:",
            help=f"Download these rows as {fmt.upper()}")
