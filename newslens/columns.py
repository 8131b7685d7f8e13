"""Recognise which input column holds the title, text, date, URL, source, language and author.

Names come from ``data/columns.yaml``; an explicit ``--map field=COLUMN`` always wins. When no
column is named like article text, the column with the longest values is taken if it is long
enough to be prose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import yaml

from newslens.settings import DATA_DIR

FIELDS = ("title", "text", "date", "url", "source", "language", "author")
_MIN_PROSE_CHARS = 200


class ColumnError(ValueError):
    """The columns of an input cannot be mapped to article fields."""


def _norm(name: str) -> str:
    return re.sub(r"[\s_\-.]+", "", str(name).strip().lower())


@cache
def _synonyms() -> dict[str, tuple[str, int]]:
    """Normalised column name -> (field, rank); a lower rank is preferred."""
    with (DATA_DIR / "columns.yaml").open(encoding="utf-8") as fh:
        table: dict[str, list[str]] = yaml.safe_load(fh)
    return {_norm(name): (field, rank)
            for field, names in table.items() for rank, name in enumerate(names)}


def parse_mapping(spec: str | None) -> dict[str, str]:
    """Parse ``title=Headline,text=Body`` into {field: column}, rejecting unknown fields."""
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in (spec or "").split(","))):
        field, sep, column = part.partition("=")
        field = field.strip().lower()
        if not sep or not column.strip():
            raise ColumnError(f"--map entry '{part}' is not FIELD=COLUMN")
        if field not in FIELDS:
            raise ColumnError(f"--map field '{field}' is unknown; fields: {', '.join(FIELDS)}")
        mapping[field] = column.strip()
    return mapping


def resolve(sample: Mapping[str, Any], explicit: Mapping[str, str]) -> dict[str, str]:
    """Map canonical fields to the sample row's column names."""
    columns = list(sample)
    found: dict[str, str] = {}
    for field, column in explicit.items():
        if column not in sample:
            raise ColumnError(f"--map {field}={column}: no such column; columns are: "
                              f"{_preview(columns)}")
        found[field] = column
    taken = set(found.values())
    ranked = sorted((hit[1], column, hit[0]) for column in columns
                    if (hit := _synonyms().get(_norm(column))) and column not in taken)
    for _rank, column, field in ranked:
        if field not in found and column not in taken:
            found[field] = column
            taken.add(column)
    if "text" not in found:
        found["text"] = _longest_prose_column(sample, taken, columns)
    return found


def _longest_prose_column(sample: Mapping[str, Any], taken: set[str], columns: list[str]) -> str:
    candidates = [(len(v), c) for c, v in sample.items() if c not in taken and isinstance(v, str)]
    if candidates and max(candidates)[0] >= _MIN_PROSE_CHARS:
        return max(candidates)[1]
    raise ColumnError(f"no column looks like article text (columns: {_preview(columns)}); "
                      "pass --map text=COLUMN")


def _preview(columns: list[str]) -> str:
    shown = ", ".join(str(c)[:40] for c in columns[:12])
    return shown + (f", … ({len(columns)} in all)" if len(columns) > 12 else "")
