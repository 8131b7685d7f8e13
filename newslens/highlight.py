"""Cut an article's text into plain and highlighted pieces from its entity mention offsets.

Mentions can overlap (a role mention around a name, a country inside an office); the reader
shows the longest one at each place and never repeats or drops a character of the text.
"""

from __future__ import annotations

from collections.abc import Iterable


def segments(text: str, spans: Iterable[tuple[int, int, str]]) -> list[tuple[str, str | None]]:
    """``(piece, kind)`` pairs covering ``text`` in order; kind is None for unmarked text."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        start, end = max(0, start), min(len(text), end)
        if start >= end or (chosen and start < chosen[-1][1]):
            continue
        chosen.append((start, end, kind))
    pieces: list[tuple[str, str | None]] = []
    cursor = 0
    for start, end, kind in chosen:
        if start > cursor:
            pieces.append((text[cursor:start], None))
        pieces.append((text[start:end], kind))
        cursor = end
    if cursor < len(text):
        pieces.append((text[cursor:], None))
    return pieces
