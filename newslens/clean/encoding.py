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
_MOJIBAKE_HINT = re.compile("[\u0080-\u00ff\ufffd]")


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
    if _MOJIBAKE_HINT.search(text):
        return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    # ftfy is the slowest step of cleaning; text without Latin-1/C1 characters cannot hold
    # UTF-8-read-as-Latin-1 mojibake, so it only needs NFC
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
