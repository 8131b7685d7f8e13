"""Bytes to clean Unicode: detect the encoding, repair mojibake, normalise to NFC."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
from charset_normalizer import from_bytes

from newslens.records import printable

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
    """Decode bytes to str: BOM, then UTF-16 by its zero bytes, UTF-8, else line by line."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    if wide := _bomless_utf16(data):
        return data.decode(wide, errors="replace")
    if _looks_binary(data):
        raise UndecodableError("looks like a binary file, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode_mixed(data)


def _decode_mixed(data: bytes) -> str:
    """UTF-8 lines stay UTF-8; the others (a file appended to in another encoding, or wholly
    in one) are decoded in the detector's guess for them, so one Latin-1 row garbles nothing."""
    lines = data.splitlines(keepends=True)
    utf8 = [_utf8(line) for line in lines]
    encoding = _guess(b"".join(line for line, text in zip(lines, utf8, strict=True)
                               if text is None))
    if encoding.startswith(("utf_16", "utf_32")):  # its newlines are not single bytes
        return data.decode(encoding, errors="replace")
    return "".join(text if text is not None else line.decode(encoding, errors="replace")
                   for line, text in zip(lines, utf8, strict=True))


def _utf8(line: bytes) -> str | None:
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _guess(data: bytes) -> str:
    best = from_bytes(data[:1_000_000]).best()
    if best is None or best.encoding is None:
        raise UndecodableError("looks like a binary file, not text (no text encoding fits)")
    # short Latin text fits many code pages equally; the web's legacy default is the likeliest
    return "cp1252" if "cp1252" in best.could_be_from_charset else best.encoding


def _bomless_utf16(data: bytes) -> str | None:
    """'utf-16-le'/'-be' when nearly every high byte is zero and no low byte is a control
    character: UTF-16 Latin text saved without a BOM, which would otherwise look binary."""
    head = data[:_BINARY_SNIFF]
    if len(head) < 16 or len(data) % 2:
        return None
    for encoding, low, high in (("utf-16-le", head[0::2], head[1::2]),
                                ("utf-16-be", head[1::2], head[0::2])):
        if high.count(0) > 0.9 * len(high) and min(low) >= 9:
            return encoding
    return None


def _looks_binary(data: bytes) -> bool:
    head = data[:_BINARY_SNIFF]
    if b"\x00" not in head:
        return False
    return head.count(b"\x00") > len(head) // 100 or not head.strip(b"\x00")


def fix_text(text: str) -> str:
    """Repair mojibake and odd characters, drop NULs, and normalise to NFC."""
    text = printable(text.replace("\x00", ""))
    if _MOJIBAKE_HINT.search(text):  # ftfy is the slowest step of cleaning: only when needed
        return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
