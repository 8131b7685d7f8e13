"""Controls of the time charts: the period per bar, zooming by dragging across a chart (which
sets date filters, and so the share link), and a timeline fitted to where most marks are."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.state import set_bound
from components.text import plain
from newslens.filters import EARLIEST, LATEST
from newslens.periods import AUTO, GRAINS, MAX_PERIODS, DateFit, fit_dates
from newslens.presentation import plural

GRAIN_HELP = ("How long a period each bar counts. Auto: the finest of day, week, month or "
              "year that keeps the chart to about a hundred bars.")


def grain_control(where: DeltaGenerator, key: str) -> str:
    """Auto, day, week, month or year, bound to the URL."""
    return where.radio("Per", (AUTO, *GRAINS), horizontal=True, key=key, bind="query-params",
                    help=GRAIN_HELP)


def grain_note(requested: str, drawn: str) -> None:
    """Say which period was drawn when the analyst did not choose it, or could not have it."""
    if requested == AUTO:
        st.caption(plain(f"One bar per {drawn}, chosen from the span of the dates."))
    elif requested != drawn:
        st.caption(plain(f"One bar per {requested} would draw more than {MAX_PERIODS:,} bars: "
                         f"one per {drawn} instead."))


def _day(value: object) -> date:
    """A box edge as Plotly sends it: date-time text on a date axis, or milliseconds."""
    stamp = pd.Timestamp(value, unit="ms") if isinstance(value, int | float) else \
        pd.Timestamp(value)
    return stamp.date()


def box_dates(selection: Mapping) -> tuple[date, date] | None:
    """The first and last day of the first box dragged across a time chart, within the
    dates a filter accepts; None when no box was drawn or its edges are not dates."""
    for box in selection.get("box", []):
        edges = box.get("x") or []
        try:
            first, last = sorted(_day(edge) for edge in edges[:2])
        except (ValueError, TypeError):
            continue
        return max(first, EARLIEST), min(last, LATEST)
    return None


def _zoom_to_box(selection: Mapping, start_key: str, end_key: str) -> bool:
    """The box dragged across a chart becomes the dates of the two filters; False when the
    selection holds no box (a click on a mark, say). A box around no mark changes nothing:
    it would only empty the page."""
    picked = box_dates(selection) if selection.get("points") else None
    if picked:
        set_bound(start_key, picked[0])
        set_bound(end_key, picked[1])
    return picked is not None


def _on_select(chart_key: str, dates: tuple[str, str],
               pick: Callable[[Mapping], None] | None) -> None:
    selection = st.session_state[chart_key].get("selection", {})
    if not _zoom_to_box(selection, *dates) and pick:
        pick(selection)


def _widen(start_key: str, end_key: str) -> None:
    set_bound(start_key, None)
    set_bound(end_key, None)


def zoomable_chart(figure: go.Figure, key: str, dates: tuple[str, str],
                   pick: Callable[[Mapping], None] | None = None) -> None:
    """A time chart on which dragging across picks the dates of the filters ``dates`` (their
    widget keys), and a button that widens them again; ``pick`` handles a click on a mark."""
    shown = (st.session_state.get(dates[0]), st.session_state.get(dates[1]))
    figure.update_layout(dragmode="select", selectdirection="h")
    # a new key per date range: the dragged box belongs to the range it was drawn on
    chart_key = f"{key}:{shown[0] or ''}:{shown[1] or ''}"
    st.plotly_chart(figure, theme="streamlit", key=chart_key,
                    on_select=partial(_on_select, chart_key, dates, pick),
                    selection_mode=("points", "box") if pick else "box")
    hint, widen = st.columns([5, 1])
    hint.caption("Drag across the chart to show only those dates (this sets the date filters "
                 "and the share link).")
    if any(shown):
        widen.button("All dates", key=f"{key}_widen", on_click=_widen, args=dates,
                     icon=":material/zoom_out_map:")


def fitted_range(rows: pd.DataFrame, key: str) -> DateFit | None:
    """The dates a meetings timeline is drawn over when a few meetings lie far from the rest,
    said in a caption with a toggle to show every date; None to draw them all."""
    fit = fit_dates(d.date() for d in pd.to_datetime(
        rows.drop_duplicates("meeting_id")["date"].dropna()))
    if fit is None or not fit.left_out:
        return None
    if st.toggle(plain(f"Show every date ({fit.earliest} to {fit.latest})"), key=key,
                 bind="query-params"):
        return None
    st.caption(plain(f"Drawn from {fit.first} to {fit.last}, where most meetings are: "
                     f"{plural(fit.left_out, 'meeting')} dated far from the rest "
                     f"{'is' if fit.left_out == 1 else 'are'} in the table, not on the timeline."))
    return fit
