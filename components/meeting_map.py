"""The map of meeting places: a mark per place, sized by its number of meetings.

Place names are untrusted: hover text is escaped (Plotly reads a subset of HTML).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.text import chart_text
from newslens.presentation import day, plural, text

#: Plotly.js fetches its world map from a CDN unless told otherwise; the app serves its own copy
#: (static/topojson, Streamlit static serving) so the map draws without internet access.
MAP_CONFIG = {"topojsonURL": "app/static/topojson/"}


def place_hover(row: pd.Series) -> str:
    where = "" if row["exact"] else "<br>(drawn at its country's capital)"
    dates = f"{day(row['first'])} – {day(row['last'])}"
    return (f"<b>{chart_text(text(row['place']))}</b>{where}<br>"
            f"{plural(int(row['meetings']), 'meeting')}: {chart_text(text(row['kinds']))}"
            f"<br>{chart_text(dates)}")


def places_figure(places: pd.DataFrame) -> go.Figure:
    """Places that can be located; those drawn at a country's capital are hollow."""
    located = places.dropna(subset=["latitude", "longitude"])
    figure = go.Figure(go.Scattergeo(
        lat=located["latitude"], lon=located["longitude"], mode="markers",
        name="Meeting places", customdata=located["location_id"],
        marker={"size": [8 + 3 * min(int(n), 10) for n in located["meetings"]], "opacity": 0.8,
                "symbol": ["circle" if e else "circle-open" for e in located["exact"]],
                "line": {"width": 2}},
        hoverinfo="text", hovertext=[place_hover(r) for _, r in located.iterrows()]))
    figure.update_layout(
        title={"text": "Meeting places (size: number of meetings; hollow: country-level)"},
        geo={"showcountries": True, "showland": True, "projection": {"type": "natural earth"}},
        margin={"l": 0, "r": 0, "t": 50, "b": 0}, height=450)
    return figure
