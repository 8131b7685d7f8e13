"""The Network's stop list: entities named for how news is made (agencies, dateline cities,
time zones, the outlet itself) rather than for who is in it, read from
``data/network_stoplist.yaml`` and matched in the store, so hubs that are noise never reach the
graph, its ranking or its exports.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb

from newslens.clean.outlets import news_agencies
from newslens.knowledge.data_files import read_yaml
from newslens.settings import DATA_DIR

STOPLIST_FILE = DATA_DIR / "network_stoplist.yaml"


@dataclass(frozen=True)
class StopList:
    """Names (casefolded) to leave out, and which of the store's own names to add to them."""

    names: frozenset[str]
    dateline_places: bool = True
    outlets: bool = True


@cache
def stop_list(path: Path = STOPLIST_FILE) -> StopList:
    """The stop list of ``path``; agencies come from ``data/news_agencies.yaml`` when it says."""
    rules = read_yaml(path) or {}
    names = {str(name).casefold() for name in rules.get("names") or ()}
    if rules.get("news_agencies", True):
        names |= set(news_agencies()) | {n.casefold() for n in news_agencies().values()}
    return StopList(frozenset(names), bool(rules.get("dateline_places", True)),
                    bool(rules.get("outlets", True)))


#: Entity ids whose id, name or an alias is a stop name; dateline places stop LOCATIONs only
#: ("UNITED NATIONS (AP)" is a dateline, the United Nations an actor).
_STOPPED = """
    CREATE OR REPLACE TEMP TABLE stopped AS
    WITH spelling AS (
        SELECT entity_id, type, lower(name) AS name FROM entities
        UNION ALL SELECT entity_id, type, entity_id FROM entities
        UNION ALL SELECT entity_id, type, lower(unnest(aliases)) FROM entities),
    listed AS (SELECT unnest($names::VARCHAR[]) AS name),
    written AS (
        SELECT DISTINCT lower(dateline) AS name FROM articles
        WHERE $datelines AND dateline IS NOT NULL),
    outlets AS (
        SELECT DISTINCT lower(source) AS name FROM articles WHERE $outlets AND source IS NOT NULL)
    SELECT DISTINCT s.entity_id FROM spelling s
    WHERE s.name IN (SELECT name FROM listed) OR s.name IN (SELECT name FROM outlets)
       OR (s.type = 'LOCATION' AND s.name IN (SELECT name FROM written))"""


def create_stopped(con: duckdb.DuckDBPyConnection, stops: StopList | None = None) -> None:
    """Temp table ``stopped``: the entity ids the stop list leaves out (none without one)."""
    if stops is None:
        con.execute("CREATE OR REPLACE TEMP TABLE stopped (entity_id VARCHAR)")
        return
    con.execute(_STOPPED, {"names": sorted(stops.names), "datelines": stops.dateline_places,
                           "outlets": stops.outlets})
