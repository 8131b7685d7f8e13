"""An analyst's corrections to entities: merge two into one, or rename one.

Corrections are stored in ``entity_overrides`` and applied at once to mentions and the tables
derived from them, and to every later ingest at its merge, so sources are never re-read.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from newslens.store.connection import scalar, writing
from newslens.store.derived import recount_entity


class CurationError(ValueError):
    """A merge or rename that cannot be done as asked."""


def _require(con: duckdb.DuckDBPyConnection, entity_id: str) -> None:
    if not scalar(con, "SELECT count(*) FROM entities WHERE entity_id = ?", [entity_id]):
        raise CurationError(f"no entity '{entity_id}'")


def merge_entities(db: Path | str, source_id: str, target_id: str) -> None:
    """Make ``source_id`` part of ``target_id``, now and in every later ingest."""
    if source_id == target_id:
        raise CurationError("an entity cannot be merged into itself")
    with writing(db) as con:
        _require(con, source_id)
        _require(con, target_id)
        if scalar(con, "SELECT target_id FROM entity_overrides WHERE entity_id = ?",
                  [target_id]):
            raise CurationError(f"'{target_id}' was itself merged away; merge into its target")
        con.execute("INSERT INTO entity_overrides VALUES (?, ?, NULL, now()::TIMESTAMP) "
                    "ON CONFLICT DO UPDATE SET target_id = excluded.target_id, "
                    "created_at = excluded.created_at", [source_id, target_id])
        con.execute("UPDATE entity_overrides SET target_id = ? WHERE target_id = ?",
                    [target_id, source_id])
        con.execute("""
            UPDATE entities SET aliases = list_distinct(list_concat(
                aliases, (SELECT list_concat([name], aliases) FROM entities
                          WHERE entity_id = ?))) WHERE entity_id = ?""",
                    [source_id, target_id])
        con.execute("UPDATE mentions SET entity_id = ? WHERE entity_id = ?",
                    [target_id, source_id])
        _move_meetings(con, source_id, target_id)
        recount_entity(con, source_id, target_id)


def rename_entity(db: Path | str, entity_id: str, new_name: str) -> None:
    """Give an entity another display name, kept across later ingests."""
    name = new_name.strip()
    if not name:
        raise CurationError("the new name is empty")
    with writing(db) as con:
        _require(con, entity_id)
        con.execute("INSERT INTO entity_overrides VALUES (?, NULL, ?, now()::TIMESTAMP) "
                    "ON CONFLICT DO UPDATE SET new_name = excluded.new_name, "
                    "created_at = excluded.created_at", [entity_id, name])
        con.execute("UPDATE entities SET name = ? WHERE entity_id = ?", [name, entity_id])


def _move_meetings(con: duckdb.DuckDBPyConnection, source_id: str, target_id: str) -> None:
    """The merged entity's meetings become the target's (as participant and as place)."""
    con.execute("INSERT INTO meeting_participants SELECT meeting_id, ? FROM meeting_participants "
                "WHERE entity_id = ? ON CONFLICT DO NOTHING", [target_id, source_id])
    con.execute("DELETE FROM meeting_participants WHERE entity_id = ?", [source_id])
    con.execute("UPDATE meetings SET location_id = ? WHERE location_id = ?",
                [target_id, source_id])

