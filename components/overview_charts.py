"""The Overview page's charts: articles over time, and the most named entities of each type.

Sources, languages and entity names are untrusted: labels and hover text are escaped (Plotly
reads a subset of HTML).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from components.axes import count_axis, date_axis, period_bars, period_labels
from components.text import chart_text

_SPLIT_TITLES = {"source": "Source", "language": "Language"}


def articles_figure(frame: pd.DataFrame, grain: str, split: str) -> go.Figure:
    """Stacked bars of dated articles per period, one colour per source or language."""
    figure = go.Figure()
    for group, rows in frame.groupby(split, sort=True):
        # the name is read through %{fullData.name}: written into the template, a name such as
        # "%{y}" would be filled in
        figure.add_trace(go.Bar(
            x=rows["period"], y=rows["articles"], name=chart_text(group), **period_bars(grain),
            customdata=period_labels(rows["period"], grain),
            hovertemplate="%{fullData.name}<br>%{customdata}: %{y:,} articles<extra></extra>"))
    title = chart_text(_SPLIT_TITLES.get(split, split.title()))
    figure.update_layout(
        title={"text": f"Articles per {chart_text(grain)} by {title.lower()}"}, barmode="stack",
        xaxis_title="Publication date", yaxis_title="Articles",
        legend={"title": {"text": title}}, bargap=0.15)
    date_axis(figure, frame["period"], grain)
    count_axis(figure, "y", float(frame.groupby("period")["articles"].sum().max()))
    return figure


def entities_figure(top: pd.DataFrame) -> go.Figure:
    """One panel of horizontal bars per entity type, the most named at the top."""
    types = sorted(top["type"].unique())
    figure = make_subplots(rows=1, cols=max(1, len(types)), horizontal_spacing=0.12,
                           subplot_titles=[chart_text(t.title()) for t in types])
    for column, kind in enumerate(types, start=1):
        rows = top[top["type"] == kind].iloc[::-1]
        names = [chart_text(str(n)) for n in rows["name"]]
        figure.add_trace(go.Bar(
            x=rows["articles"], y=names, orientation="h", name=chart_text(kind.title()),
            customdata=rows["mentions"],
            hovertemplate="%{y}<br>%{x:,} articles, %{customdata:,} mentions<extra></extra>"),
            row=1, col=column)
        figure.update_xaxes(title_text="Articles", row=1, col=column)
        count_axis(figure, "x", float(rows["articles"].max()), row=1, col=column)
    figure.update_layout(title={"text": "Most named entities by type"}, showlegend=False,
                         height=160 + 24 * int(top.groupby("type").size().max() or 1))
    return figure
