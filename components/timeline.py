"""The meetings timeline: date across, one row per actor or country, a mark per meeting.

Names, places and evidence are untrusted: hover text, lanes (tick labels) and legend entries go
through ``chart_text``, since Plotly reads a subset of HTML in every text field.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.axes import date_axis
from components.text import chart_text, visible
from newslens.periods import DateFit
from newslens.presentation import MISSING, day, plural, precision_note, text

EVIDENCE_CHARS = 240
# a date known only to the month or year is drawn hollow at the period's first day
_SYMBOLS = {"day": "circle"}
_LANE_TITLES = {"actor": "Actor", "country": "Country"}


def marker_size(sources: int) -> int:
    """Larger for meetings reported by more articles, levelling off at eight."""
    return 10 + 4 * min(int(sources), 8)


def wrapped(value: object, width: int = 80, limit: int = EVIDENCE_CHARS) -> str:
    """Escaped text cut to ``limit`` characters, with a line break every ``width``."""
    shown = visible(text(value))
    if len(shown) > limit:
        shown = shown[:limit] + "…"
    return "<br>".join(chart_text(line) for line in textwrap.wrap(shown, width)) or MISSING


def meeting_hover(row: Mapping[str, Any]) -> str:
    """Kind, date and its precision, participants, place, sources and the evidence sentence."""
    when = day(row["date"], row["date_precision"])
    return (f"<b>{chart_text(text(row['kind']))}</b> · {chart_text(when)} "
            f"({chart_text(precision_note(row['date_precision']))})"
            f"<br>participants: {wrapped(row['participants'])}"
            f"<br>place: {chart_text(text(row['place']))}"
            f"<br>reported by {plural(int(row['sources']), 'article')}"
            f"<br><i>{wrapped(row['evidence'])}</i>")


#: Lanes drawn at most: beyond a few dozen rows a timeline is no longer readable (and a page of
#: 500 meetings can name hundreds of actors); the table below lists every meeting.
MAX_LANES = 40


def busiest_lanes(rows: pd.DataFrame, limit: int = MAX_LANES) -> tuple[pd.DataFrame, int]:
    """The rows of the ``limit`` lanes with the most meetings, and how many lanes were left out."""
    counts = rows.groupby("lane")["meeting_id"].nunique()
    if len(counts) <= limit:
        return rows, 0
    kept = sorted(counts.index, key=lambda lane: (-counts[lane], str(lane)))[:limit]
    return rows[rows["lane"].isin(kept)], len(counts) - limit


def _lane_order(rows: pd.DataFrame) -> list[str]:
    """Lanes with the most meetings on top (Plotly draws the first category at the bottom)."""
    counts = rows.groupby("lane")["meeting_id"].nunique()
    return sorted(counts.index, key=lambda lane: (counts[lane], str(lane)))


def timeline_figure(rows: pd.DataFrame, by: str, chosen: str | None = None,
                    fit: DateFit | None = None) -> go.Figure:
    """One trace per kind, so the legend names the colours; ``customdata`` is the meeting id.
    The ``chosen`` meeting is ringed; ``fit`` narrows the dates drawn to the bulk."""
    # lanes become axis labels, which Plotly reads as HTML
    dated = rows.dropna(subset=["date"]).assign(lane=lambda r: r["lane"].map(chart_text))
    # a meeting appears once per lane: write its hover text once
    hovers = {row["meeting_id"]: meeting_hover(row)
              for row in dated.drop_duplicates("meeting_id").to_dict("records")}
    figure = go.Figure()
    for kind, marks in dated.groupby("kind", sort=True):
        figure.add_trace(go.Scatter(
            x=marks["date"], y=marks["lane"], mode="markers", name=chart_text(str(kind)),
            customdata=marks["meeting_id"],
            marker={"size": [marker_size(n) for n in marks["sources"]], "opacity": 0.8,
                    "symbol": [_SYMBOLS.get(p, "circle-open") for p in marks["date_precision"]],
                    "line": {"width": 2}},
            hoverinfo="text", hovertext=marks["meeting_id"].map(hovers).tolist()))
    ringed = dated[dated["meeting_id"] == chosen]
    if not ringed.empty:
        figure.add_trace(_ring(ringed))
    lanes = _lane_order(dated)
    title = chart_text(_LANE_TITLES.get(by, by.title()))
    figure.update_layout(
        title={"text": f"Meetings by {title.lower()} (size: reporting articles; hollow: "
                       f"date known to the month or year)"},
        xaxis_title="Meeting date", yaxis_title=title, legend={"title": {"text": "Kind"}},
        yaxis={"categoryorder": "array", "categoryarray": lanes},
        height=min(1600, 220 + 32 * len(lanes)), clickmode="event+select")
    drawn = dated["date"] if fit is None else pd.Series(
        [fit.first, fit.last, *ringed["date"]])
    date_axis(figure, drawn)
    return figure


def _ring(marks: pd.DataFrame) -> go.Scatter:
    """A wide ring around each mark of the chosen meeting, drawn over the others."""
    return go.Scatter(
        x=marks["date"], y=marks["lane"], mode="markers", name="Chosen meeting",
        marker={"size": [marker_size(n) + 14 for n in marks["sources"]], "symbol": "circle-open",
                "color": "crimson", "line": {"width": 3}},
        hoverinfo="skip")


def meeting_labels(meetings: pd.DataFrame) -> dict[str, str]:
    """Meeting id -> a label an analyst can pick from (and read in a share link)."""
    labels: dict[str, str] = {}
    for row in meetings.itertuples(index=False):
        label = (f"{day(row.date, row.date_precision)} · {text(row.kind)} · "
                 f"{text(row.participants)} · {text(row.place)}")
        labels[row.meeting_id] = label if label not in labels.values() else (
            f"{label} · {row.meeting_id[:6]}")
    return labels


def clicked_meeting(selection: dict) -> str | None:
    """The meeting id of the first point clicked in the timeline's selection state."""
    for point in selection.get("points", []):
        data = point.get("customdata")
        meeting = data[0] if isinstance(data, list) and data else data
        if isinstance(meeting, str):
            return meeting
    return None
