"""Charts of one entity: mentions over time, and its meetings on the Meetings page's timeline.

Names are untrusted: titles and hover text are escaped (Plotly reads a subset of HTML in them).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.axes import count_axis, date_axis
from components.text import chart_text
from components.timeline import timeline_figure


def mentions_figure(frame: pd.DataFrame, grain: str, name: str) -> go.Figure:
    """Bars of mentions per period, with the number of articles in the hover."""
    figure = go.Figure(go.Bar(
        x=frame["period"], y=frame["mentions"], name="Mentions",
        customdata=frame["articles"],
        hovertemplate="%{x}<br>%{y:,} mentions in %{customdata:,} articles<extra></extra>"))
    figure.update_layout(
        title={"text": f"Mentions of {chart_text(name)} per {chart_text(grain)}"},
        xaxis_title="Article date", yaxis_title="Mentions", showlegend=False, bargap=0.15)
    date_axis(figure, frame["period"], grain)
    count_axis(figure, "y", float(frame["mentions"].max()) if len(frame) else 0.0)
    return figure


def meetings_figure(meetings: pd.DataFrame, name: str) -> go.Figure:
    """One row per partner (who else took part), a mark per meeting coloured by kind."""
    lanes = [p if isinstance(p, str) else "(no one else named)" for p in meetings["participants"]]
    rows = meetings.assign(lane=lanes)
    figure = timeline_figure(rows, by="partner")
    figure.update_layout(title={"text": f"Meetings of {chart_text(name)}, by partner (size: "
                                        f"reporting articles)"})
    return figure
