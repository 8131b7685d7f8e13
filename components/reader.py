"""The article reader: text with entity mentions highlighted, all of it escaped as text."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from components.text import plain_lines
from newslens.highlight import segments

#: Streamlit Markdown background colours per entity type (readable in light and dark themes).
COLOURS = {"PERSON": "blue", "COUNTRY": "green", "LOCATION": "orange", "ORG": "violet"}


def highlighted_markdown(text: str, mentions: pd.DataFrame) -> str:
    """Markdown for ``text`` where each mention is a coloured span; every piece is escaped."""
    spans = [(int(r.start), int(r.end), str(r.type)) for r in mentions.itertuples()]
    out = []
    for piece, kind in segments(text, spans):
        escaped = plain_lines(piece)
        colour = COLOURS.get(kind or "")
        out.append(f":{colour}-background[{escaped}]" if colour and piece.strip() else escaped)
    return "".join(out)


def legend() -> None:
    st.caption("  ".join(f":{c}-background[{t.title()}]" for t, c in COLOURS.items()))


def show_body(text: str, mentions: pd.DataFrame) -> None:
    """Paragraph by paragraph, so offsets stay right and long articles render quickly."""
    legend()
    cursor = 0
    for paragraph in text.split("\n\n"):
        end = cursor + len(paragraph)
        inside = mentions[(mentions["start"] >= cursor) & (mentions["end"] <= end)].copy()
        inside["start"] -= cursor
        inside["end"] -= cursor
        st.markdown(highlighted_markdown(paragraph, inside))
        cursor = end + 2
