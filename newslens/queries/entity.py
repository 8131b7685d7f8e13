"""One entity's profile: who or what it is, when it is mentioned, with whom, its meetings.

Merges made by the analyst are followed: an entity merged away reports its target, and
meeting participants are read through ``entity_overrides`` so a merged person's meetings are
the target's.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path

import pandas as pd

from newslens.filters import Filters
from newslens.knowledge.entities import Role, actor_files, actor_roles
from newslens.periods import AUTO, choose_grain
from newslens.queries.meetings import PARTICIPANTS
from newslens.queries.options import labelled
from newslens.queries.scoped import create_scoped
from newslens.store.connection import reading, scalar

SEARCH_LIMIT = 50
MEETINGS_LIMIT = 500
#: Partners with a lane of their own on the entity's meetings timeline: beyond a dozen rows
#: the eye no longer follows a lane across.
PARTNER_LANES = 12
NO_PARTNER = "(no one else named)"
OTHER_PARTNERS = "(other partners)"


@dataclass(frozen=True)
class Profile:
    """What the store and the curated dictionary know about one entity."""

    entity_id: str
    name: str
    type: str
    country: str | None
    country_name: str | None
    aliases: tuple[str, ...]
    merged_into: str | None
    mentions: int
    articles: int
    roles: tuple[Role, ...]


@cache
def roles_by_entity() -> dict[str, tuple[Role, ...]]:
    """Offices from the actor files, read once per process (they are data, not the store)."""
    roles: dict[str, list[Role]] = {}
    for role in actor_roles(actor_files()):
        roles.setdefault(role.entity_id, []).append(role)
    return {eid: tuple(sorted(rs, key=lambda r: r.start)) for eid, rs in roles.items()}


def profile(db: Path | str, entity_id: str) -> Profile | None:
    """The entity's names, country, counts and known offices; None if there is no such entity."""
    with reading(db) as con:
        rows = con.execute("""
            SELECT e.name, e.type, e.country, c.name, coalesce(e.aliases, []),
                   (SELECT target_id FROM entity_overrides o WHERE o.entity_id = e.entity_id),
                   coalesce(s.mentions, 0), coalesce(s.articles, 0)
            FROM entities e LEFT JOIN entities c ON c.entity_id = 'country:' || lower(e.country)
            LEFT JOIN entity_stats s ON s.entity_id = e.entity_id
            WHERE e.entity_id = ?""", [entity_id]).fetchall()
    if not rows:
        return None
    name, kind, country, country_name, aliases, merged_into, mentions, articles = rows[0]
    return Profile(entity_id, name, kind, country, country_name, tuple(sorted(aliases)),
                   merged_into, mentions, articles, roles_by_entity().get(entity_id, ()))


def search_entities(db: Path | str, text: str, limit: int = SEARCH_LIMIT) -> dict[str, str]:
    """Id -> label of the entities whose name or an alias contains ``text``: those named
    exactly that first (a name or an alias), then the most mentioned; entities merged away
    are left out."""
    pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with reading(db) as con:
        rows = con.execute("""
            SELECT e.entity_id, e.name, e.type FROM entities e
            LEFT JOIN (SELECT entity_id, mentions AS n FROM entity_stats) m USING (entity_id)
            WHERE (e.name ILIKE $p ESCAPE '\\'
                   OR len(list_filter(e.aliases, lambda a: a ILIKE $p ESCAPE '\\')) > 0)
              AND e.entity_id NOT IN (SELECT entity_id FROM entity_overrides
                                      WHERE target_id IS NOT NULL)
            ORDER BY list_contains(list_transform(list_prepend(e.name, coalesce(e.aliases, [])),
                                                  lambda a: lower(a)), lower($t)) DESC,
                     coalesce(m.n, 0) DESC, e.name
            LIMIT $limit""",
            {"p": pattern, "t": text.strip(), "limit": limit}).fetchall()
    return labelled(rows)


def with_entity(filters: Filters, entity_id: str) -> Filters:
    """The global filters narrowed to articles that mention the entity."""
    if entity_id in filters.entities:
        return filters
    return replace(filters, entities=(*filters.entities, entity_id))


def mention_timeline(db: Path | str, entity_id: str, filters: Filters,
                     grain: str = AUTO) -> tuple[str, pd.DataFrame]:
    """Mentions and articles per period (``grain``, or chosen from the span covered), counted
    from the entity's rows of ``entity_articles`` (its mentions in each article)."""
    others = replace(filters, entities=tuple(e for e in filters.entities if e != entity_id))
    where, params = others.article_where("a")
    kept = "" if others == Filters() else \
        f"AND article_id IN (SELECT a.article_id FROM articles a WHERE {where})"
    with reading(db) as con:
        con.execute(f"CREATE TEMP TABLE dated AS SELECT published, mentions FROM entity_articles "
                    f"WHERE entity_id = ? AND published IS NOT NULL {kept}", [entity_id, *params])
        first, last = con.execute("SELECT min(published), max(published) FROM dated").fetchall()[0]
        grain = choose_grain(grain, first, last)
        frame = con.execute("""
            SELECT date_trunc($grain, published)::DATE AS period,
                   sum(mentions)::BIGINT AS mentions, count(*) AS articles
            FROM dated GROUP BY 1 ORDER BY 1""", {"grain": grain}).df()
    return grain, frame


def co_occurring(db: Path | str, entity_id: str, filters: Filters,
                 limit: int = 25) -> pd.DataFrame:
    """Entities named in the same articles, with the sentences and articles they share."""
    if with_entity(filters, entity_id) == with_entity(Filters(), entity_id):
        # no filter beyond the entity itself: the pairs are precomputed
        return _co_occurring_everywhere(db, entity_id, limit)
    with reading(db) as con:
        create_scoped(con, with_entity(filters, entity_id))
        return con.execute("""
            WITH mine AS (  -- scoped holds each (article, sentence, entity) once
                SELECT article_id, sentence FROM scoped WHERE entity_id = $entity),
            others AS (
                SELECT article_id, sentence, entity_id FROM scoped WHERE entity_id <> $entity)
            SELECT o.entity_id, e.name, e.type,
                   count(mine.sentence) AS sentences,
                   count(DISTINCT o.article_id) AS articles
            FROM others o JOIN entities e USING (entity_id)
            LEFT JOIN mine ON mine.article_id = o.article_id AND mine.sentence = o.sentence
            GROUP BY 1, 2, 3 ORDER BY sentences DESC, articles DESC, e.name LIMIT $limit""",
            {"entity": entity_id, "limit": limit}).df()


def _co_occurring_everywhere(db: Path | str, entity_id: str, limit: int) -> pd.DataFrame:
    """Without filters the pairs are precomputed (``entity_pairs``, sorted by entity). Names
    are looked up only for the leaders (ties at the cut included), not every neighbour."""
    with reading(db) as con:
        return con.execute("""
            WITH summed AS (
                SELECT other AS entity_id, sentences, articles FROM entity_pairs
                WHERE entity_id = $x
                QUALIFY rank() OVER (ORDER BY sentences DESC, articles DESC) <= $limit)
            SELECT s.entity_id, e.name, e.type, s.sentences, s.articles
            FROM summed s JOIN entities e USING (entity_id)
            ORDER BY s.sentences DESC, s.articles DESC, e.name LIMIT $limit""",
            {"x": entity_id, "limit": limit}).df()


def _entity_meetings_sql(where: str) -> str:
    """The entity's meetings reported by kept articles (parameters: the entity twice, the
    filters', the limit); ``participants`` are the others who took part."""
    return f"""
        SELECT g.meeting_id, g.date, g.date_precision, g.kind, l.name AS place,
               (SELECT string_agg(DISTINCT e.name, ', ' ORDER BY e.name)
                FROM {PARTICIPANTS} p JOIN entities e USING (entity_id)
                WHERE p.meeting_id = g.meeting_id AND p.entity_id <> ?) AS participants,
               count(DISTINCT s.article_id) AS sources, min(s.evidence) AS evidence
        FROM meetings g
        JOIN meeting_sources s USING (meeting_id)
        JOIN articles a ON a.article_id = s.article_id
        LEFT JOIN entities l ON l.entity_id = g.location_id
        WHERE g.meeting_id IN (SELECT meeting_id FROM {PARTICIPANTS} p WHERE p.entity_id = ?)
          AND {where}
        GROUP BY g.meeting_id, g.date, g.date_precision, g.kind, l.name
        ORDER BY g.date NULLS LAST, g.meeting_id LIMIT ?"""


def entity_meetings(db: Path | str, entity_id: str, filters: Filters,
                    limit: int = MEETINGS_LIMIT) -> pd.DataFrame:
    """Meetings the entity took part in, reported by articles the filters keep, by date;
    ``participants`` are the others who took part."""
    where, params = filters.article_where("a")
    with reading(db) as con:
        return con.execute(_entity_meetings_sql(where),
                           [entity_id, entity_id, *params, limit]).df()


@dataclass(frozen=True)
class PartnerLanes:
    """The entity's meetings, one row per meeting and lane; how many partners share the last
    lane."""

    rows: pd.DataFrame
    others: int


def partner_lanes(db: Path | str, entity_id: str, filters: Filters, top: int = PARTNER_LANES,
                  limit: int = MEETINGS_LIMIT) -> PartnerLanes:
    """``entity_meetings`` with a ``lane`` per partner for the ``top`` partners met most; the
    others' meetings share one lane, and a meeting with no one else named has its own."""
    where, params = filters.article_where("a")
    with reading(db) as con:
        con.execute(f"CREATE TEMP TABLE mine AS {_entity_meetings_sql(where)}",
                    [entity_id, entity_id, *params, limit])
        con.execute(f"""
            CREATE TEMP TABLE partners AS
            SELECT DISTINCT p.meeting_id, e.name FROM {PARTICIPANTS} p JOIN entities e
            USING (entity_id) WHERE p.entity_id <> ? AND p.meeting_id IN (SELECT meeting_id
                                                                           FROM mine)""",
                    [entity_id])
        rows = con.execute("""
            WITH ranked AS (SELECT name FROM partners GROUP BY name
                            ORDER BY count(*) DESC, name LIMIT $top)
            SELECT DISTINCT m.*, CASE WHEN p.name IS NULL THEN $nobody
                                      WHEN p.name IN (SELECT name FROM ranked) THEN p.name
                                      ELSE $others END AS lane
            FROM mine m LEFT JOIN partners p USING (meeting_id)
            ORDER BY m.date NULLS LAST, m.meeting_id, lane""",
            {"top": top, "nobody": NO_PARTNER, "others": OTHER_PARTNERS}).df()
        partners = scalar(con, "SELECT count(DISTINCT name) FROM partners")
    return PartnerLanes(rows, max(0, partners - top))
