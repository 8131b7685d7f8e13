"""The article's language as an ISO 639-1 code: taken from the data when given, else detected."""

from __future__ import annotations

import re

import py3langid

_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{2,8})?$", re.IGNORECASE)
_SAMPLE_CHARS = 600


def language_of(given: str | None, title: str | None, text: str) -> str | None:
    """Use a given code like 'id' or 'en-GB'; otherwise detect it from the title and text."""
    if given and (match := _CODE.match(given.strip())):
        return match.group(1).lower()
    sample = f"{title or ''}\n{text}"[:_SAMPLE_CHARS]
    if len(sample.strip()) < 20:
        return None
    code, _score = py3langid.classify(sample)
    return str(code)
