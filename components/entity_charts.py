"""Charts of one entity: mentions over time, and its meetings on the Meetings page's timeline.

Names are untrusted: titles and hover text are escaped (Plotly reads a subset of HTML in them).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.axes import count_axis, date_axis, period_bars, period_labels
from components.text import chart_text
from components.timeline import timeline_figure
from newslens.periods import DateFit
from newslens.queries.entity import PartnerLanes


def mentions_figure(frame: pd.DataFrame, grain: str, name: str) -> go.Figure:
    """Bars of mentions per period, with the number of articles in the hover."""
    figure = go.Figure(go.Bar(
        x=frame["period"], y=frame["mentions"], name="Mentions", **period_bars(grain),
        customdata=list(zip(period_labels(frame["period"], grain), frame["articles"],
                            strict=True)),
        hovertemplate="%{customdata[0]}<br>%{y:,} mentions in %{customdata[1]:,} articles"
                      "<extra></extra>"))
    figure.update_layout(
        title={"text": f"Mentions of {chart_text(name)} per {chart_text(grain)}"},
        xaxis_title="Article date", yaxis_title="Mentions", showlegend=False, bargap=0.15)
    date_axis(figure, frame["period"], grain)
    count_axis(figure, "y", float(frame["mentions"].max()) if len(frame) else 0.0)
    return figure


def meetings_figure(lanes: PartnerLanes, name: str, fit: DateFit | None = None) -> go.Figure:
    """One row per partner (the others met least share one), a mark per meeting coloured by
    kind."""
    figure = timeline_figure(lanes.rows, by="partner", fit=fit)
    figure.update_layout(title={"text": f"Meetings of {chart_text(name)}, by partner (size: "
                                        f"reporting articles)"})
    return figure
