"""Meetings under the Meetings page's filters and the sidebar's: the list, the timeline's rows,
the places, and the articles that report one meeting.

Participants are read through ``entity_overrides``, so a merged actor's meetings are its
target's. The sidebar narrows meetings as it narrows articles: a meeting stays when one of its
participants is a chosen entity, a participant or its place belongs to a chosen country, and at
least one article reporting it passes the source, language and date filters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from newslens.filters import Filters
from newslens.geo import position
from newslens.presentation import MISSING
from newslens.queries.options import labelled
from newslens.queries.table_view import (
    EXPORT_ROWS,
    FIRST_PAGE,
    TableSpec,
    TableView,
    streamed,
)
from newslens.store.connection import reading, scalar

PAGE_SIZE = 500
PLACES_LIMIT = 1000
REPORTS_LIMIT = 100
LANES = ("actor", "country")
# participants with merged-away entities replaced by their targets
PARTICIPANTS = """(SELECT DISTINCT p.meeting_id, coalesce(o.target_id, p.entity_id) AS entity_id
    FROM meeting_participants p LEFT JOIN entity_overrides o
    ON o.entity_id = p.entity_id AND o.target_id IS NOT NULL)"""
MEETING_TABLE = TableSpec(
    columns={
        "date": "c.date", "date_precision": "c.date_precision", "kind": "c.kind",
        "participants": """(SELECT string_agg(e.name, ', ' ORDER BY e.name) FROM parts p
            JOIN entities e USING (entity_id) WHERE p.meeting_id = c.meeting_id)""",
        "place": "c.place", "sources": "c.sources", "agreement": "c.agreement",
        "planned": "c.planned",
        # the first sentence (by position) of its first kept reporting article
        "evidence": """(SELECT arg_min(s.evidence, s.start) FROM meeting_sources s
            WHERE s.meeting_id = c.meeting_id AND s.article_id = c.first_article)"""},
    sortable=("date", "date_precision", "kind", "place", "sources", "agreement", "planned"),
    default_sort="date", key="c.meeting_id")
#: Every listed column, for the timeline's hover whatever the table shows.
_ALL_COLUMNS = TableView().select(MEETING_TABLE, every=True)


def _shown(view: TableView) -> str:
    """``shown``: one page of ``chosen``. Names and evidence are read for that page only:
    picking every meeting's first evidence sentence took 0.25 s of a 0.33 s page at a million
    articles."""
    return f"shown AS (SELECT * FROM chosen c {view.order_by(MEETING_TABLE)} LIMIT ? OFFSET ?)"


def _marks(values: tuple) -> str:
    return ", ".join("?" * len(values))


@dataclass(frozen=True)
class MeetingQuery:
    """The Meetings page's filters (on the meetings themselves) and the sidebar's."""

    filters: Filters = field(default_factory=Filters)
    actors: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    min_sources: int = 1
    include_planned: bool = False

    def meeting_where(self) -> tuple[str, list]:
        """Condition over ``meetings g``, its place ``l`` and its kept sources ``k``."""
        clauses = ["k.sources >= ?"]
        params: list = [max(1, self.min_sources)]
        if not self.include_planned:
            clauses.append("NOT coalesce(g.planned, FALSE)")
        if self.kinds:
            clauses.append(f"g.kind IN ({_marks(self.kinds)})")
            params += list(self.kinds)
        for bound, op in ((self.start, ">="), (self.end, "<=")):
            if bound:
                clauses.append(f"g.date {op} ?")
                params.append(bound)
        for ids in (self.filters.entities, self.actors):
            if ids:
                clauses.append(f"g.meeting_id IN (SELECT meeting_id FROM parts "
                               f"WHERE entity_id IN ({_marks(ids)}))")
                params += list(ids)
        for codes in (self.filters.countries, self.countries):
            if codes:
                clauses.append(f"(l.country IN ({_marks(codes)}) OR g.meeting_id IN (SELECT "
                               f"p.meeting_id FROM parts p JOIN entities e USING (entity_id) "
                               f"WHERE e.country IN ({_marks(codes)})))")
                params += [*codes, *codes]
        return " AND ".join(clauses), params

    def chosen(self) -> tuple[str, list]:
        """``WITH`` clauses ending in ``chosen``: the matching meetings, with their place, the
        number of their reporting articles that pass the filters, and the first of these."""
        articles_where, params = reporting_where(self.filters)
        meetings_where, more = self.meeting_where()
        # without source, language or date filters no article needs reading
        reported = "" if articles_where == "TRUE" else \
            f"JOIN articles a ON a.article_id = s.article_id WHERE {articles_where}"
        return f"""WITH parts AS {PARTICIPANTS},
            kept AS (
                SELECT s.meeting_id, count(DISTINCT s.article_id) AS sources,
                       min(s.article_id) AS first_article
                FROM meeting_sources s {reported} GROUP BY 1),
            chosen AS (
                SELECT g.*, k.sources, k.first_article, l.name AS place,
                       l.country AS place_country
                FROM meetings g JOIN kept k USING (meeting_id)
                LEFT JOIN entities l ON l.entity_id = g.location_id
                WHERE {meetings_where})""", params + more


def reporting_where(filters: Filters) -> tuple[str, list]:
    """Condition over ``articles a`` for a reporting article: the sidebar's sources, languages
    and dates (its entities and countries apply to the participants instead)."""
    return replace(filters, entities=(), countries=()).article_where("a")


def count_meetings(db: Path | str, query: MeetingQuery) -> int:
    chosen, params = query.chosen()
    with reading(db) as con:
        return scalar(con, f"{chosen} SELECT count(*) FROM chosen", params)


def list_meetings(db: Path | str, query: MeetingQuery,
                  view: TableView = FIRST_PAGE) -> pd.DataFrame:
    """One page of meetings in the view's order over every match (newest first by default),
    every listed column: participants, place, sources, evidence…"""
    chosen, params = query.chosen()
    with reading(db) as con:
        return con.execute(f"{chosen}, {_shown(view)} SELECT {_ALL_COLUMNS} "
                           f"FROM shown c {view.order_by(MEETING_TABLE)}",
                           [*params, *view.window(PAGE_SIZE)]).df()


def export_meetings(db: Path | str, query: MeetingQuery, view: TableView,
                    limit: int = EXPORT_ROWS) -> Iterator[Sequence]:
    """Column names, then every matching meeting (up to ``limit``) in the view's order."""
    chosen, params = query.chosen()
    return streamed(db, f"{chosen} SELECT {view.select(MEETING_TABLE)} FROM chosen c "
                        f"{view.order_by(MEETING_TABLE)} LIMIT ?", [*params, limit])


_LANE_SQL = {
    "actor": """SELECT p.meeting_id, e.name AS lane FROM parts p JOIN entities e
                USING (entity_id) WHERE p.meeting_id IN (SELECT meeting_id FROM listed)""",
    "country": """SELECT DISTINCT x.meeting_id, coalesce(c.name, x.code) AS lane FROM (
                    SELECT p.meeting_id, e.country AS code FROM parts p
                    JOIN entities e USING (entity_id)
                    WHERE p.meeting_id IN (SELECT meeting_id FROM listed)
                    UNION SELECT meeting_id, place_country FROM listed) x
                  LEFT JOIN entities c ON c.entity_id = 'country:' || lower(x.code)
                  WHERE x.code IS NOT NULL""",
}


def timeline_rows(db: Path | str, query: MeetingQuery, by: str = "actor",
                  view: TableView = FIRST_PAGE) -> pd.DataFrame:
    """The same page of meetings as ``list_meetings``, one row per meeting and lane: each
    participant (``by="actor"``), or each country of a participant or of the place."""
    if by not in LANES:
        raise ValueError(f"no timeline by {by!r}; choose one of {', '.join(LANES)}")
    chosen, params = query.chosen()
    with reading(db) as con:
        return con.execute(f"""{chosen},
            {_shown(view)},
            listed AS (SELECT {_ALL_COLUMNS}, c.place_country FROM shown c),
            lanes AS ({_LANE_SQL[by]})
            SELECT l.* EXCLUDE (place_country), coalesce(n.lane, ?) AS lane
            FROM listed l LEFT JOIN lanes n USING (meeting_id)
            ORDER BY l.date DESC NULLS LAST, l.meeting_id, lane""",
            [*params, *view.window(PAGE_SIZE), MISSING]).df()


def meeting_places(db: Path | str, query: MeetingQuery,
                   limit: int = PLACES_LIMIT) -> pd.DataFrame:
    """Every place where matching meetings took place, with their number, kinds and dates, and
    where to draw it (``exact`` False: drawn at its country's capital)."""
    chosen, params = query.chosen()
    with reading(db) as con:
        places = con.execute(f"""{chosen}
            SELECT location_id, any_value(place) AS place, any_value(place_country) AS country,
                   count(*) AS meetings, string_agg(DISTINCT kind, ', ' ORDER BY kind) AS kinds,
                   min(date) AS first, max(date) AS last
            FROM chosen WHERE location_id IS NOT NULL
            GROUP BY location_id ORDER BY meetings DESC, place LIMIT ?""",
            [*params, limit]).df()
    points = [position(place, country) for place, country
              in zip(places["location_id"], places["country"].fillna(""), strict=True)]
    places["latitude"] = [p.latitude if p else None for p in points]
    places["longitude"] = [p.longitude if p else None for p in points]
    places["exact"] = [bool(p and p.exact) for p in points]
    return places


def meeting_reports(db: Path | str, meeting_id: str, filters: Filters,
                    limit: int = REPORTS_LIMIT) -> pd.DataFrame:
    """The articles within the filters that report the meeting, each with the sentence that
    says so (and the article's language, to name its contact words), oldest first; with the
    meeting's kind and confidence."""
    where, params = reporting_where(filters)
    with reading(db) as con:
        return con.execute(f"""
            SELECT a.article_id, a.published, a.source, a.title, a.url, a.language, s.evidence,
                   m.kind, m.confidence
            FROM meeting_sources s JOIN articles a ON a.article_id = s.article_id
            JOIN meetings m ON m.meeting_id = s.meeting_id
            WHERE s.meeting_id = ? AND {where}
            ORDER BY a.published NULLS LAST, a.article_id, s.start LIMIT ?""",
            [meeting_id, *params, limit]).df()


def participant_options(db: Path | str, wanted: tuple[str, ...] = (),
                        limit: int = PAGE_SIZE) -> dict[str, str]:
    """Id -> label of the entities taking part in most meetings, plus those a link names
    (by id or label), for the actor picker."""
    names = [label.split(" (", 1)[0] for label in wanted] or [""]
    ids = list(wanted) or [""]
    with reading(db) as con:
        rows = con.execute(f"""
            WITH parts AS {PARTICIPANTS},
            top AS (SELECT entity_id, count(*) AS n FROM parts GROUP BY 1
                    ORDER BY n DESC, entity_id LIMIT ?)
            SELECT e.entity_id, e.name, e.type FROM entities e LEFT JOIN top USING (entity_id)
            WHERE top.n IS NOT NULL OR e.name IN ({_marks(tuple(names))})
               OR e.entity_id IN ({_marks(tuple(ids))})
            ORDER BY coalesce(top.n, 0) DESC, e.name""", [limit, *names, *ids]).fetchall()
    return labelled(rows)
