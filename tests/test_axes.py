"""Chart axes a newcomer can read: no time of day on day-level data, whole numbers for counts."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import plotly.graph_objects as go

from components.axes import count_axis, date_axis, period_bars


def _figure(days: list[date], counts: list[int]) -> go.Figure:
    figure = go.Figure(go.Bar(x=days, y=counts))
    date_axis(figure, pd.Series(days), "day")
    count_axis(figure, "y", float(max(counts)))
    return figure


def test_a_one_day_store_is_drawn_as_a_day_within_its_week():
    axis = _figure([date(2016, 2, 18)], [1]).layout.xaxis
    first, last = (pd.Timestamp(v) for v in axis.range)
    assert last - first >= timedelta(days=7)
    assert axis.dtick == 86_400_000  # one tick a day, never hours
    assert all("%H" not in stop.value and "%S" not in stop.value
               for stop in axis.tickformatstops)


def test_small_counts_tick_whole_numbers():
    axis = _figure([date(2016, 2, 18)], [1]).layout.yaxis
    assert axis.dtick == 1 and axis.tickformat == ",d"


def test_a_long_span_keeps_automatic_ticks_without_times():
    days = [date(2016, 1, 1), date(2025, 5, 8)]
    axis = _figure(days, [30, 80]).layout.xaxis
    assert axis.dtick is None
    assert pd.Timestamp(axis.range[0]) <= pd.Timestamp(days[0])
    assert pd.Timestamp(axis.range[1]) >= pd.Timestamp(days[1])


def test_bars_are_one_period_wide_and_the_axis_ends_near_the_last():
    figure = go.Figure(go.Bar(x=[date(2024, 1, 1), date(2025, 1, 1)], y=[3, 4],
                              **period_bars("year")))
    date_axis(figure, pd.Series([date(2024, 1, 1), date(2025, 1, 1)]), "year")
    last = pd.Timestamp(figure.layout.xaxis.range[1])
    assert pd.Timestamp("2026-01-01") <= last < pd.Timestamp("2026-07-01")  # never to 2028
    bar = figure.data[0]
    assert bar.xperiod == "M12" and bar.width < 366 * 86_400_000
