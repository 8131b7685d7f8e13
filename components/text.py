"""The one path by which untrusted text (titles, names, evidence, file names, messages) reaches
the browser: as Markdown for Streamlit's text elements and labels, as pseudo-HTML for Plotly.

Escaping alone does not stop links: Streamlit's Markdown (GFM) finds URLs, ``www.`` names and
e-mail addresses in the text *after* escapes are resolved and links them, and it turns
``:smile:`` and ``:material/…:`` into icons. So an invisible word joiner (U+2060) follows every
``:`` and ``@`` and sits between ``www`` and a dot: the text reads the same, nothing matches.

What a reader sees differs from the input only in this: every run of whitespace (line breaks of
any kind, tabs) is one space, and every other control character is U+FFFD (the export's rule,
newslens.export.safe).
"""

from __future__ import annotations

import re
from html import escape
from string import punctuation

from newslens.export.safe import CONTROL, LINE_BREAK, REPLACEMENT

WORD_JOINER = "\u2060"
_SPACE_RUN = re.compile(r"\s+")
_LINK_START = re.compile(r"(?<=[:@])|(?<=www)(?=\.)", re.IGNORECASE)
_MARKDOWN_SPECIAL = re.compile(f"([{re.escape(punctuation)}])")


def visible(text: object) -> str:
    """One line of text with no control characters: what every renderer shows."""
    line = _SPACE_RUN.sub(" ", str(text if text is not None else ""))
    return CONTROL.sub(REPLACEMENT, line)


def unlinked(text: str) -> str:
    """``text`` with a word joiner wherever a link, e-mail address or icon code could start."""
    return _LINK_START.sub(WORD_JOINER, text)


def plain(text: object) -> str:
    """Markdown that shows ``text`` as itself: every ASCII punctuation character escaped (the
    CommonMark rule), no autolink, no icon, one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", unlinked(visible(text)))


def plain_lines(text: object) -> str:
    """Like ``plain``, keeping the text's line breaks as Markdown hard breaks."""
    lines = LINE_BREAK.sub("\n", str(text if text is not None else "")).split("\n")
    return "  \n".join(plain(line) for line in lines)


def chart_text(text: object) -> str:
    """Plotly text (titles, ticks, legends, hover, annotations) that shows ``text`` as itself:
    Plotly reads ``<b>``, ``<a href>`` and entities in every text field. Quotes stay as they
    are: Plotly decodes ``&amp;``, ``&lt;`` and ``&gt;`` but would show ``&quot;`` literally."""
    return escape(visible(text), quote=False)
