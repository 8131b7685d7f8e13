"""Readable axes for every chart: dates that never show a time of day, counts that are whole.

Plotly picks ticks from the data's span: one day of articles gets hour and sub-second ticks,
and a count of one gets 0, 0.5 and 1. Newslens dates are days (or coarser), so a date axis
spans at least a week of days and labels days, months or years; a count axis ticks integers.
"""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import plotly.graph_objects as go

from newslens.periods import PERIOD_DAYS, period_end

_DAY_MS = 86_400_000
_MIN_SPAN = {"day": timedelta(days=7), "week": timedelta(weeks=8),
             "month": timedelta(days=31 * 6), "year": timedelta(days=366 * 2)}
_TICK_FORMATS = [
    {"dtickrange": [None, "M1"], "value": "%b %d\n%Y"},
    {"dtickrange": ["M1", "M12"], "value": "%b %Y"},
    {"dtickrange": ["M12", None], "value": "%Y"},
]
# Plotly's period of each grain; weeks start on Mondays, as DuckDB's date_trunc('week') does
_PERIODS = {"day": _DAY_MS, "week": 7 * _DAY_MS, "month": "M1", "year": "M12"}
_A_MONDAY = "2000-01-03"


def period_bars(grain: str) -> dict:
    """Bar settings that draw each bar across its own period (a month's bar a month wide),
    never wider, whatever the number of bars."""
    return {"xperiod": _PERIODS[grain], "xperiod0": _A_MONDAY if grain == "week" else None,
            "xperiodalignment": "middle", "width": 0.85 * PERIOD_DAYS[grain] * _DAY_MS}


_LABELS = {"day": "%Y-%m-%d", "week": "week of %Y-%m-%d", "month": "%B %Y", "year": "%Y"}


def period_labels(starts: pd.Series, grain: str) -> list[str]:
    """Each period as hover text reads it: a day, the week of its Monday, a month, a year."""
    return [pd.Timestamp(start).strftime(_LABELS[grain]) for start in starts]


def date_axis(figure: go.Figure, dates: pd.Series, grain: str = "day", **where: int) -> None:
    """Day-level labels, no time of day, and a range that fits the periods beginning at
    ``dates`` (at least a few periods wide: a one-day store is drawn as a day in its week)."""
    known = pd.to_datetime(dates.dropna())
    settings: dict = {"type": "date", "tickformatstops": _TICK_FORMATS, "minor_showgrid": False}
    if not known.empty:
        first = known.min()
        last = pd.Timestamp(period_end(known.max().date(), grain)) + timedelta(days=1)
        span = _MIN_SPAN.get(grain, _MIN_SPAN["day"])
        if last - first < span:
            middle = first + (last - first) / 2
            first, last = middle - span / 2, middle + span / 2
        # a margin, never more than half a period: an axis ends near its last bar
        half = timedelta(days=PERIOD_DAYS.get(grain, 1) / 2)
        pad = max(min((last - first) * 0.02, half), timedelta(days=1))
        settings["range"] = [first - pad, last + pad]
        if last - first <= timedelta(days=14):
            settings["dtick"] = _DAY_MS
    figure.update_xaxes(**settings, **where)


def count_axis(figure: go.Figure, axis: str, largest: float, **where: int) -> None:
    """Whole numbers only: small counts tick every unit, larger ones in integer steps."""
    settings: dict = {"tickformat": ",d", "rangemode": "tozero"}
    if largest <= 5:
        settings |= {"dtick": 1, "range": [0, max(1, largest) * 1.1]}
    (figure.update_xaxes if axis == "x" else figure.update_yaxes)(**settings, **where)
