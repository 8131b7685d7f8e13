"""What the sidebar filters can offer: values present in the store, bounded in number.

A million articles can mention a hundred thousand entities; the browser gets the most
mentioned ones plus whatever a share link names, never the whole table.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from newslens.store.connection import reading

ENTITY_OPTIONS = 500


def sources(db: Path | str) -> list[str]:
    with reading(db) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT source FROM articles WHERE source IS NOT NULL ORDER BY 1").fetchall()]


def languages(db: Path | str) -> list[str]:
    with reading(db) as con:
        return [r[0] for r in con.execute(
            "SELECT DISTINCT language FROM articles WHERE language IS NOT NULL "
            "ORDER BY 1").fetchall()]


def date_bounds(db: Path | str) -> tuple[date | None, date | None]:
    with reading(db) as con:
        return con.execute("SELECT min(published), max(published) FROM articles").fetchall()[0]


def countries(db: Path | str) -> dict[str, str]:
    """ISO code -> country name, for the countries the store's entities belong to."""
    with reading(db) as con:
        rows = con.execute(
            "SELECT DISTINCT e.country, coalesce(c.name, e.country) FROM entities e "
            "LEFT JOIN entities c ON c.entity_id = 'country:' || lower(e.country) "
            "WHERE e.country IS NOT NULL ORDER BY 2").fetchall()
    return dict(rows)


def entity_options(db: Path | str, wanted: list[str], limit: int = ENTITY_OPTIONS
                   ) -> dict[str, str]:
    """Entity id -> label: the most mentioned entities, then those a share link asks for.

    ``wanted`` holds labels or ids from the URL; the ones that exist join the options so the
    link's selection survives, the rest are left for the caller to report as unknown.
    """
    names = [label.split(" (", 1)[0] for label in wanted] or [""]
    ids = wanted or [""]
    with reading(db) as con:
        rows = con.execute(f"""
            WITH top AS (
                SELECT e.entity_id, e.name, e.type, m.mentions AS n FROM entities e
                JOIN entity_stats m USING (entity_id)
                ORDER BY m.mentions DESC, e.name LIMIT ?),
            asked AS (
                SELECT entity_id, name, type, -1 AS n FROM entities
                WHERE name IN ({', '.join('?' * len(names))})
                   OR entity_id IN ({', '.join('?' * len(ids))}))
            SELECT entity_id, name, type FROM (SELECT * FROM top UNION ALL SELECT * FROM asked)
            GROUP BY entity_id, name, type ORDER BY max(n) DESC, name""",
            [limit, *names, *ids]).fetchall()
    return labelled(rows)


def labelled(rows: list[tuple[str, str, str]]) -> dict[str, str]:
    """Id -> display label; a name shared by several entities gets its type to tell them apart."""
    seen: dict[str, int] = {}
    for _, name, _ in rows:
        seen[name] = seen.get(name, 0) + 1
    return {eid: name if seen[name] == 1 else f"{name} ({kind.lower()})"
            for eid, name, kind in rows}
