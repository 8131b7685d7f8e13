"""Bytes to clean Unicode: detect the encoding, repair mojibake, normalise to NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_BINARY_SNIFF = 8192
# UTF-8 read as Latin-1/cp1252 shows as a lead-byte letter (Â-ô) followed by a continuation-byte
# character; C1 controls and U+FFFD also call for ftfy. Anything else only needs NFC.
_MOJIBAKE_HINT = re.compile(
    "[\u0080-\u009f\ufffd]|[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178"
    "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]")


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can recognise."""


def decode(data: bytes) -> str:
    """Decode bytes to str: BOM, then UTF-8, then the detector's best guess."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if _looks_binary(data):
        raise UndecodableError("looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise UndecodableError("looks like a binary file, not text (no text encoding fits)")
    return data.decode(best.encoding, errors="replace")


def _looks_binary(data: bytes) -> bool:
    head = data[:_BINARY_SNIFF]
    if b"\x00" not in head:
        return False
    return head.count(b"\x00") > len(head) // 100 or not head.strip(b"\x00")


def fix_text(text: str) -> str:
    """Repair mojibake and odd characters, drop NULs, and normalise to NFC."""
    text = text.replace("\x00", "")
    if _MOJIBAKE_HINT.search(text):  # ftfy is the slowest step of cleaning: only when needed
        return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
