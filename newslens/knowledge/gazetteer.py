"""The world's office holders, under the hand-curated actor files.

``data/actors/world.jsonl.gz`` is built from open data by ``scripts/build_actors.py`` (sources
in ``data/actors/SOURCES.md``). It is many times larger than the curated YAML and less exact,
so it never overrides it: its people rank below every curated source when two share an alias,
are matched by full name only (no surname or fuzzy linking: thousands of ministers would make
every "Ahmed" or "Silva" ambiguous), and its terms of an office are dropped for the years the
curated files cover that office of that country.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from newslens.knowledge.entities import Entity, Role, entity_id
from newslens.settings import DATA_DIR

WORLD_FILE = DATA_DIR / "actors" / "world.jsonl.gz"
# below countries (3), places and organisations, above every city: a minister named like a
# country or an agency never takes its name
_PRIORITY = 2.5


@cache
def _records(path: Path) -> tuple[dict[str, Any], ...]:
    if not path.exists():
        return ()
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        return tuple(json.loads(line) for line in fh)


def world_entities(path: Path = WORLD_FILE) -> Iterator[Entity]:
    """Every person of the world file, known by their full names only (never one word)."""
    for record in _records(path):
        aliases = {n for n in [record["name"], *record["aliases"]] if " " in n}
        yield Entity(entity_id("PERSON", record["name"]), record["name"], "PERSON",
                     record["country"], aliases, _PRIORITY, short_forms=False)


def world_roles(path: Path = WORLD_FILE) -> Iterator[Role]:
    for record in _records(path):
        person = entity_id("PERSON", record["name"])
        for role in record["roles"]:
            yield Role(person, role["office"], role["country"], date.fromisoformat(role["start"]),
                       date.fromisoformat(role["end"]))


def under_curated(world: Iterable[Role], curated: list[Role]) -> list[Role]:
    """The world file's terms cut to what lies outside the span the curated files cover for the
    same office of the same country (Thatcher stays; from Major on the curated list alone)."""
    covered: dict[tuple[str, str], tuple[date, date]] = {}
    for role in curated:
        key = (role.office, role.country)
        first, last = covered.get(key, (date.max, date.min))
        covered[key] = (min(first, role.start), max(last, role.end or date.max))
    kept = []
    for role in world:
        first, last = covered.get((role.office, role.country), (date.max, date.min))
        end = role.end or date.max
        if role.start < first:  # before the curated list begins: ends where it begins
            kept.append(replace(role, end=min(end, first)))
        elif end > last:
            kept.append(replace(role, start=max(role.start, last)))
    return kept
