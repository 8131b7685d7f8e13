"""Paragraph and sentence boundaries, so every mention knows where it stands."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

_SENTENCE_END = re.compile(r"[.!?]+[\"”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
# a line break, or a scene break ("***") that scraping left inside a line
_PARAGRAPH = re.compile(r"\n\s*\n|\n|\s*\*\s?\*\s?\*\s*")


@dataclass(frozen=True)
class Layout:
    """Start offsets of sentences and paragraphs; lookups by character offset."""

    sentence_starts: list[int]
    paragraph_starts: list[int]

    def sentence_of(self, offset: int) -> int:
        return bisect_right(self.sentence_starts, offset) - 1

    def paragraph_of(self, offset: int) -> int:
        return bisect_right(self.paragraph_starts, offset) - 1

    def sentence_span(self, index: int, text_length: int) -> tuple[int, int]:
        starts = self.sentence_starts
        return starts[index], starts[index + 1] if index + 1 < len(starts) else text_length


def layout(text: str, abbreviations: frozenset[str]) -> Layout:
    """Split at paragraph breaks and at sentence ends not after a known abbreviation."""
    paragraphs = [0] + [m.end() for m in _PARAGRAPH.finditer(text)]
    sentences = set(paragraphs)
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 24):match.start()].rsplit(None, 1)
        word = before[-1].rstrip(".") if before else ""
        if word not in abbreviations and not (len(word) == 1 and word.isupper()):
            sentences.add(match.end())
    return Layout(sorted(sentences), paragraphs)
