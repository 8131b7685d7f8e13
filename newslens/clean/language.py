"""The article's language as an ISO 639-1 code: taken from the data when given, else detected.

Detection uses CLD2 (pycld2): compiled, with its tables bundled, about four times faster than
langid.py on a 3,000-character sample and as good at telling Indonesian from Malay.
"""

from __future__ import annotations

import re

import pycld2

_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]{2,8})?$", re.IGNORECASE)
_SAMPLE_CHARS = 3000
_MIN_CHARS = 20
# CLD2 rejects control characters and lone surrogates as invalid UTF-8
_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# CLD2 still uses a few withdrawn ISO 639-1 codes
_MODERN = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv"}


def language_of(given: str | None, title: str | None, text: str) -> str | None:
    """Use a given code like 'id' or 'en-GB'; otherwise detect it from the title and text."""
    if given and (match := _CODE.match(given.strip())):
        return match.group(1).lower()
    sample = _UNSAFE.sub("", f"{title or ''}\n{text[:_SAMPLE_CHARS]}")
    if len(sample.strip()) < _MIN_CHARS:
        return None
    try:
        _reliable, _bytes, details = pycld2.detect(sample, bestEffort=True)
    except pycld2.error:
        return None
    code = details[0][1].split("-")[0].lower()
    return None if code in ("un", "xx") else _MODERN.get(code, code)
