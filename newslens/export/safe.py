"""Spreadsheet-safe cells and file names: exported text must never run as a formula."""

from __future__ import annotations

import math
import re
from typing import Any

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Prefix ' to text a spreadsheet would read as a formula; leave real numbers alone."""
    if not isinstance(value, str) or not value.startswith(_FORMULA_START):
        return value
    try:
        if math.isfinite(float(value)):
            return value
    except ValueError:
        pass
    return "'" + value


def safe_filename(name: str, default: str = "export") -> str:
    """A file name with no path separators, control or shell-special characters."""
    cleaned = re.sub(r"[^\w.\- ]+", "_", name, flags=re.UNICODE)
    cleaned = re.sub(r"\.{2,}", ".", cleaned).strip(" ._")  # no "..", even without a separator
    return cleaned[:120] or default
