"""Exported text that opens as the text it is: never a formula, never a broken CSV row, never a
character a spreadsheet or an XML file cannot hold; and file names that cannot escape a folder.

What a file holds differs from the store only in this: every line break (CR, CRLF, VT, FF, the
separators U+001C-U+001E, NEL, U+2028, U+2029) is LF; every other control character except tab
(C0, DEL, C1) and every character XML 1.0 cannot hold (surrogates, U+FFFE, U+FFFF) is U+FFFD;
and a spreadsheet cell that would start a formula starts with ``'``. An XLSX cell holds at most
32,767 characters (Excel's limit; a longer one makes Excel call the file damaged), so a longer
text is cut there and ends with a marker saying how much is left out.
"""

from __future__ import annotations

import re
from typing import Any

REPLACEMENT = "\ufffd"
LINE_BREAK = re.compile(r"\r\n|[\r\v\f\x1c-\x1e\x85\u2028\u2029]")
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
#: What spreadsheet programs read as the start of a formula (OWASP's list, the full-width forms
#: some input methods type, and a leading line break, which hides the rest below the first line).
FORMULA_START = ("=", "+", "-", "@", "\t", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def safe_text(text: str) -> str:
    """``text`` with line breaks as LF and no character a CSV row or XML 1.0 cannot hold."""
    return CONTROL.sub(REPLACEMENT, LINE_BREAK.sub("\n", text))


def safe_cell(value: Any) -> Any:
    """A cell as a spreadsheet should get it: text made ``safe_text`` and prefixed with ``'`` if
    it would start a formula; real numbers, written as text or not, left alone."""
    if not isinstance(value, str):
        return value
    text = safe_text(value)
    if text.startswith(FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


#: Excel's most characters in a cell, counted in UTF-16 units as Excel counts them.
XLSX_CELL_LIMIT = 32_767


def truncation_marker(omitted: int) -> str:
    """What ends a cut cell: how many characters are missing, and where they are whole."""
    return f"… [truncated: {omitted:,} more characters; CSV and JSON exports hold the full text]"


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def fit_xlsx(text: str) -> str:
    """``text`` as one XLSX cell holds it: whole if it fits, else cut so that, with its
    ``truncation_marker``, it just fits."""
    if _utf16_length(text) <= XLSX_CELL_LIMIT:
        return text
    room = XLSX_CELL_LIMIT - _utf16_length(truncation_marker(len(text)))
    # cut in UTF-16 and drop a pair's first half, so no character is split
    kept = text.encode("utf-16-le", "surrogatepass")[:2 * room].decode("utf-16-le", "ignore")
    return kept + truncation_marker(len(text) - len(kept))


def safe_filename(name: str, default: str = "export") -> str:
    """A file name with no path separators, control or shell-special characters."""
    cleaned = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(" ._")  # no "..", even without a separator
    return cleaned[:120] or default
