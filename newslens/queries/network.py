"""Co-occurrence pairs for the network: counts, association weights and the top entities.

Without global filters the pair counts come from the precomputed ``entity_pairs`` table; when
the filters narrow the articles they are counted from ``mentions`` of those articles. Either way
the browser gets at most ``MAX_NODES`` entities and ``MAX_EDGES`` pairs.

Association weights make a pair strong when its entities meet more often than their own
frequencies predict, so hubs that appear everywhere ("Iran") do not dominate:
PMI = ln(n_ab · N / (n_a · n_b)), Jaccard = n_ab / (n_a + n_b − n_ab), where n counts units
(sentences or articles) and N is the number of units that mention any entity.

Entities of the stop list (queries/stoplist.py: agencies, dateline cities, time zones, the
outlets) are left out before the top entities are chosen, unless the query asks to keep them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from newslens.filters import Filters
from newslens.queries.scoped import create_scoped
from newslens.queries.stoplist import create_stopped, stop_list
from newslens.store.connection import reading, scalar

SCOPES = ("sentence", "article")
WEIGHTS = ("count", "pmi", "jaccard")
TYPES = ("PERSON", "COUNTRY", "LOCATION", "ORG")
MAX_NODES = 200
MAX_EDGES = 3000
ARTICLES_LIMIT = 100

#: Under filters, the graph is drawn from at most this many articles, the newest: beyond it the
#: picture (a few dozen entities ranked by shared sentences) does not change, only the wait
#: does — with 20,000 the filtered graph's p95 at a million articles was 0.49–0.64 s across
#: runs on the benchmark machine, over the 0.5 s target; 10,000 halves the rows it reads.
MAX_ARTICLES = 10_000
_UNIT = {"sentence": "m.article_id, m.sentence", "article": "m.article_id"}
#: an entity's units among ``scoped`` rows, which hold each (article, sentence, entity) once
_SCOPED_UNITS = {"sentence": "count(*)", "article": "count(DISTINCT m.article_id)"}
_STATS_UNITS = {"sentence": "sentences", "article": "articles"}
#: a pair's units and the articles holding them, as ``entity_pairs`` stores them
_PAIR_COLUMNS = {"sentence": ("sentences", "sentence_articles"),
                 "article": ("articles", "articles")}
_WEIGHT_SQL = {
    "count": "p.count::DOUBLE",
    "pmi": "ln(p.count::DOUBLE * $total / (na.units::DOUBLE * nb.units))",
    "jaccard": "p.count::DOUBLE / (na.units + nb.units - p.count)",
}


@dataclass(frozen=True)
class NetworkQuery:
    """What the Network page asks for; out-of-range values are clamped, unknown ones replaced."""

    filters: Filters = field(default_factory=Filters)
    scope: str = "sentence"
    weight: str = "count"
    min_weight: float = 1.0
    min_count: int = 1
    top_n: int = 50
    types: tuple[str, ...] = TYPES
    stoplist: bool = True  # leave out the entities of data/network_stoplist.yaml

    def __post_init__(self) -> None:
        object.__setattr__(self, "scope", self.scope if self.scope in SCOPES else "sentence")
        object.__setattr__(self, "weight", self.weight if self.weight in WEIGHTS else "count")
        object.__setattr__(self, "top_n", max(2, min(int(self.top_n), MAX_NODES)))
        object.__setattr__(self, "min_count", max(1, int(self.min_count)))
        object.__setattr__(self, "types", tuple(t for t in self.types if t in TYPES))


@dataclass(frozen=True)
class Pairs:
    """The chosen entities (``nodes``) and the weighted pairs between them (``edges``)."""

    nodes: pd.DataFrame  # entity_id, name, type, country, units, mentions
    edges: pd.DataFrame  # source, target, count, articles, weight
    units: int  # N: units (sentences or articles) that mention any entity
    matched: int | None = None  # articles the filters keep, when more than were read
    stopped: tuple[str, ...] = ()  # names of stop-listed entities that would have been chosen


def _create_views(con: duckdb.DuckDBPyConnection, query: NetworkQuery) -> None:
    """``node_units``: each entity's units and mentions; under filters also ``kept`` and
    ``scoped``, the filtered articles and their mentions (queries/scoped.py)."""
    if query.filters == Filters():
        # the whole store: per-entity units are precomputed (store/derived.py)
        con.execute(f"CREATE TEMP TABLE node_units AS SELECT entity_id, "
                    f"{_STATS_UNITS[query.scope]} AS units, mentions FROM entity_stats")
        return
    create_scoped(con, query.filters, MAX_ARTICLES)
    con.execute(f"""
        CREATE TEMP TABLE node_units AS
        SELECT m.entity_id, {_SCOPED_UNITS[query.scope]} AS units,
               sum(m.n)::BIGINT AS mentions
        FROM scoped m GROUP BY 1""")


def _top_nodes(con: duckdb.DuckDBPyConnection, query: NetworkQuery) -> pd.DataFrame:
    """The ``top_n`` entities of the chosen types that appear in the most units, outside the
    stop list."""
    ranked, params = _ranked(query, "AND u.entity_id NOT IN (SELECT entity_id FROM stopped)")
    return con.execute(f"""
        WITH ranked AS ({ranked})
        SELECT e.entity_id, e.name, e.type, e.country, r.units, r.mentions
        FROM ranked r JOIN entities e USING (entity_id)
        ORDER BY r.units DESC, r.mentions DESC, e.entity_id""", params).df()


def _stopped_names(con: duckdb.DuckDBPyConnection, query: NetworkQuery) -> tuple[str, ...]:
    """Names of the stop-listed entities that would be among the top without the stop list."""
    ranked, params = _ranked(query)
    return tuple(row[0] for row in con.execute(f"""
        WITH ranked AS ({ranked})
        SELECT e.name FROM ranked r JOIN entities e USING (entity_id)
        WHERE r.entity_id IN (SELECT entity_id FROM stopped)
        ORDER BY r.units DESC, r.mentions DESC, e.entity_id""", params).fetchall())


def _ranked(query: NetworkQuery, condition: str = "") -> tuple[str, list]:
    """SQL of the ``top_n`` entities of the chosen types meeting ``condition``, ranked on
    entity_stats (one narrow row per entity, with its type): names are read for these only."""
    types = list(query.types) or [""]
    return f"""
        SELECT u.entity_id, u.units, u.mentions
        FROM node_units u JOIN entity_stats s USING (entity_id)
        WHERE s.type IN ({', '.join('?' * len(types))}) {condition}
        ORDER BY u.units DESC, u.mentions DESC, u.entity_id LIMIT ?""", [*types, query.top_n]


def _pair_counts(query: NetworkQuery) -> tuple[str, dict]:
    """SQL of the pairs (a < b) among ``chosen`` with their unit and article counts."""
    if query.filters == Filters():
        count, articles = _PAIR_COLUMNS[query.scope]
        return f"""
            SELECT entity_id AS source, other AS target, {count} AS count,
                   {articles} AS articles
            FROM entity_pairs
            WHERE entity_id IN (SELECT entity_id FROM chosen) AND entity_id < other
              AND other IN (SELECT entity_id FROM chosen) AND {count} > 0""", {}
    unit = _UNIT[query.scope].replace("m.", "")
    return f"""
        WITH units AS (
            SELECT DISTINCT {_UNIT[query.scope]}, m.entity_id FROM scoped m
            WHERE m.entity_id IN (SELECT entity_id FROM chosen))
        SELECT a.entity_id AS source, b.entity_id AS target, count(*) AS count,
               count(DISTINCT a.article_id) AS articles
        FROM units a JOIN units b USING ({unit})
        WHERE a.entity_id < b.entity_id GROUP BY 1, 2""", {}


def _weighted_edges(con: duckdb.DuckDBPyConnection, query: NetworkQuery,
                    total: int) -> pd.DataFrame:
    """The pairs with their weight, strongest first, at least the minimums asked for."""
    pair_sql, params = _pair_counts(query)
    if query.weight == "pmi":  # DuckDB refuses named parameters the statement does not use
        params["total"] = max(total, 1)
    return con.execute(f"""
        WITH p AS ({pair_sql}),
        weighted AS (
            SELECT p.source, p.target, p.count, p.articles, {_WEIGHT_SQL[query.weight]} AS weight
            FROM p JOIN node_units na ON na.entity_id = p.source
                   JOIN node_units nb ON nb.entity_id = p.target
            WHERE p.count >= $min_count)
        SELECT * FROM weighted WHERE weight >= $min_weight
        ORDER BY weight DESC, count DESC, source, target LIMIT $limit""",
        {**params, "min_count": query.min_count,
         "min_weight": float(query.min_weight), "limit": MAX_EDGES}).df()


def pairs(db: Path | str, query: NetworkQuery) -> Pairs:
    """The top entities for the filters and the weighted pairs among them."""
    with reading(db) as con:
        _create_views(con, query)
        create_stopped(con, stop_list() if query.stoplist else None)
        total = _total_units(con, query)
        nodes = _top_nodes(con, query)
        stopped = _stopped_names(con, query) if query.stoplist else ()
        con.register("chosen", nodes[["entity_id"]])
        edges = _weighted_edges(con, query, total)
        matched = None
        if query.filters != Filters():
            matched = scalar(con, "SELECT max(matched) FROM kept")
            matched = matched if matched and matched > MAX_ARTICLES else None
    return Pairs(nodes=nodes, edges=edges, units=int(total), matched=matched, stopped=stopped)


def _total_units(con: duckdb.DuckDBPyConnection, query: NetworkQuery) -> int:
    """N: units naming any entity; for the whole store it is kept in meta at each merge."""
    if query.filters == Filters():
        return int(scalar(con, "SELECT value FROM meta WHERE key = ?",
                          [f"units_{query.scope}"]) or 0)
    return scalar(con, f"SELECT count(*) FROM (SELECT DISTINCT {_UNIT[query.scope]} "
                       f"FROM scoped m)") or 0


def articles_behind(db: Path | str, filters: Filters, entities: tuple[str, ...],
                    scope: str = "sentence", limit: int = ARTICLES_LIMIT) -> pd.DataFrame:
    """Filtered articles where all ``entities`` appear together (in one sentence, for that
    scope), newest first, with how many sentences (or 1 for an article) bring them together."""
    if not entities:
        return pd.DataFrame(columns=["article_id", "published", "source", "title", "url",
                                     "together"])
    unit = _UNIT[scope if scope in SCOPES else "sentence"]
    where, params = filters.article_where("a")
    with reading(db) as con:
        return con.execute(f"""
            WITH together AS (
                SELECT {unit} FROM mentions m
                WHERE m.entity_id IN ({', '.join('?' * len(entities))})
                GROUP BY {unit} HAVING count(DISTINCT m.entity_id) = ?)
            SELECT a.article_id, a.published, a.source, a.title, a.url, count(*) AS together
            FROM together t JOIN articles a ON a.article_id = t.article_id
            WHERE {where}
            GROUP BY a.article_id, a.published, a.source, a.title, a.url
            ORDER BY a.published DESC NULLS LAST, a.article_id LIMIT ?""",
            [*entities, len(set(entities)), *params, limit]).df()
