"""The text as extraction reads it: the stored text, character for character the same length.

Some sources hard-wrap their bodies (pandoc and e-mail output break lines at about 72
characters), so a line break falls inside sentences and names ("Prime\nMinister Fumio
Kishida"), where it would end a paragraph, a sentence and a name. Scraped pages also put
no-break spaces between words. Extraction reads a copy where those are plain spaces; the copy
has the stored text's length, so every offset (mentions, evidence) points into the stored
text unchanged, and the stored text keeps its lines.
"""

from __future__ import annotations

import re
from statistics import median

_WRAPPED_MIN_LINES = 4
_WRAPPED_MAX_LINE = 100     # a wrapped body never has a longer line
_WRAPPED_MEDIAN_LINE = 40   # nor mostly short ones (a list, a poem, a table)
_LONE_BREAK = re.compile(r"(?<!\n)\n(?!\n)")
_SPACES = str.maketrans({"\u00a0": " ", "\u2007": " ", "\u202f": " "})


def as_read(text: str) -> str:
    """No-break spaces as spaces, and a hard-wrapped text's line breaks inside paragraphs as
    spaces (blank lines still part paragraphs)."""
    text = text.translate(_SPACES)
    return _LONE_BREAK.sub(" ", text) if hard_wrapped(text) else text


def hard_wrapped(text: str) -> bool:
    """Whether the lines were broken at a fixed width rather than where paragraphs end."""
    lengths = [len(line) for line in text.split("\n") if line.strip()]
    return len(lengths) >= _WRAPPED_MIN_LINES and max(lengths) <= _WRAPPED_MAX_LINE and \
        median(lengths) >= _WRAPPED_MEDIAN_LINE
