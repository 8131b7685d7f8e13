"""Show untrusted text (titles, bodies, sources) as text: never as HTML, Markdown or links."""

from __future__ import annotations

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Escape Markdown so st.markdown shows the characters themselves."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text if text is not None else ""))
