"""Tables as an analyst reads them: sort, direction, page size, columns and page chosen above
the table and bound to the URL (a share link reopens the same rows); cells shown through the
presentation layer, each header with its label and its ``?``.
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import streamlit as st

from components.text import plain
from newslens.presentation import HELP, display_frame, label
from newslens.queries.table_view import PAGE_SIZES, TableSpec, TableView

ORDERS = ("descending", "ascending")
_LINK = r"^https?://"
#: Content-hash ids: they join exports and links but mean nothing to read.
_HIDDEN = frozenset({"article_id", "meeting_id", "entity_id", "location_id"})


def table_view(spec: TableSpec, total: int, prefix: str = "", page_size: int = 50,
               what: str = "rows") -> TableView:
    """The controls of a paged table (keys ``{prefix}sort``, ``order``, ``size``, ``cols``,
    ``page``) and the view they choose; sorting and paging run in the store."""
    sort_col, order_col, size_col, columns_col = st.columns([2, 2, 1, 4])
    sort = sort_col.selectbox("Sort by", spec.sortable, format_func=label,
                              index=spec.sortable.index(spec.default_sort),
                              key=f"{prefix}sort", bind="query-params",
                              help=plain(f"Sorts all {what} that match, not only this page"))
    order = order_col.radio("Order", ORDERS, horizontal=True, key=f"{prefix}order",
                            bind="query-params", help="Missing values come last either way")
    size = size_col.selectbox("Rows a page", PAGE_SIZES, index=PAGE_SIZES.index(page_size),
                              key=f"{prefix}size", bind="query-params")
    columns = columns_col.multiselect("Columns", list(spec.columns), default=list(spec.columns),
                                      format_func=label, key=f"{prefix}cols",
                                      bind="query-params",
                                      help="Shown and downloaded; none chosen shows them all")
    pages = max(1, math.ceil(total / int(size)))
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1,
                           step=1, key=f"{prefix}page", bind="query-params")
    return TableView(sort=sort, descending=order != "ascending", page=int(page),
                     page_size=int(size), columns=tuple(columns))


def column_config(frame: pd.DataFrame, **overrides: Any) -> dict[str, Any]:
    """Each column's label and help; ids hidden, links only for http(s)."""
    config: dict[str, Any] = {}
    for column in frame.columns:
        name = str(column)
        if name in _HIDDEN:
            config[name] = None
        elif name == "url":
            config[name] = st.column_config.LinkColumn(label(name), validate=_LINK)
        else:
            config[name] = st.column_config.Column(label(name), help=HELP.get(name))
    return config | overrides


def show_table(rows: pd.DataFrame | list[dict], **kwargs: Any) -> Any:
    """``st.dataframe`` of the rows as presented: labels, help, dates at their precision and
    the one word for missing values; ``column_config`` entries in ``kwargs`` override."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame(rows)
    overrides = kwargs.pop("column_config", {})
    return st.dataframe(display_frame(frame), hide_index=True, width="stretch",
                        column_config=column_config(frame, **overrides), **kwargs)
