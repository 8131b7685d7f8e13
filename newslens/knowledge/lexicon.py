"""Per-language word lists from ``data/lang/*.yaml``, loaded once and merged for cleaning.

Adding a language is adding a file: cleaning applies every language's chrome and read-also
patterns, because the language of a page is only known once its chrome is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import yaml

from newslens.settings import DATA_DIR


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: frozenset[str]
    chrome_line: re.Pattern[str]
    footer_marker: re.Pattern[str]
    read_also_labels: tuple[str, ...]


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$",
                      re.IGNORECASE)


@cache
def language_files() -> dict[str, dict]:
    """Every ``data/lang/<code>.yaml``, keyed by language code."""
    files = {}
    for path in sorted((DATA_DIR / "lang").glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            files[path.stem] = yaml.safe_load(fh)
    return files


@cache
def merged() -> Lexicon:
    """One lexicon holding all languages' entries."""
    langs = language_files().values()
    months = {name: num for lang in langs for name, num in lang.get("months", {}).items()}
    labels = sorted({lab for lang in langs for lab in lang.get("read_also", [])}, key=len,
                    reverse=True)
    return Lexicon(
        months=months,
        weekdays=frozenset(w for lang in langs for w in lang.get("weekdays", [])),
        chrome_line=_whole_line([p for lang in langs for p in lang.get("chrome_lines", [])]),
        footer_marker=_whole_line([p for lang in langs for p in lang.get("footer_markers", [])]),
        read_also_labels=tuple(labels),
    )
