"""Shortcuts through precomputed tables give exactly what the general queries give.

Rankings and counts around one entity read its precomputed co-occurrence, timelines read
``entity_articles``; each is checked here against the general path, reached by filters that
keep the same articles without matching the shortcut (the entity named twice).
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from newslens.filters import Filters
from newslens.ingest import ingest
from newslens.queries.entity import co_occurring, mention_timeline
from newslens.queries.network import NetworkQuery, pairs
from newslens.queries.overview import counts, top_entities
from newslens.store.connection import reading
from tests.conftest import SEED, write_reports

PUTIN = "person:vladimir-putin"


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("shortcuts")
    db = folder / "store.duckdb"
    ingest([SEED, write_reports(folder / "a.jsonl", 0, 60)], db, workers=1)
    return str(db)


def _same(frame: pd.DataFrame, other: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), other.reset_index(drop=True),
                                  check_dtype=False)


def test_top_entities_around_one_entity_match_the_general_count(store):
    around = top_entities(store, Filters(entities=(PUTIN,)))
    general = top_entities(store, Filters(entities=(PUTIN, PUTIN)))
    assert PUTIN in set(around["entity_id"]) and len(around) > 3
    _same(around, general)


def test_top_entities_of_the_whole_store_match_a_ranking_from_mentions(store):
    ranked = top_entities(store, Filters(), per_type=2)
    with reading(store) as con:
        expected = con.execute("""
            SELECT e.type, e.entity_id, e.name, count(DISTINCT m.article_id) AS articles,
                   count(*) AS mentions
            FROM mentions m JOIN entities e USING (entity_id) GROUP BY e.type, e.entity_id, e.name
            QUALIFY row_number() OVER (PARTITION BY e.type ORDER BY articles DESC,
                                       mentions DESC, e.name) <= 2
            ORDER BY e.type, articles DESC, mentions DESC, e.name""").df()
    _same(ranked, expected)


def test_entities_counted_around_one_entity_match_the_general_count(store):
    assert counts(store, Filters(entities=(PUTIN,))).entities == \
        counts(store, Filters(entities=(PUTIN, PUTIN))).entities > 3
    assert counts(store, Filters(entities=("person:nobody",))).entities == 0


def test_mention_timeline_counts_each_mention_and_article(store):
    _, frame = mention_timeline(store, PUTIN, Filters())
    with reading(store) as con:
        mentions, articles = con.execute(
            "SELECT count(*), count(DISTINCT m.article_id) FROM mentions m JOIN articles a "
            "USING (article_id) WHERE m.entity_id = ? AND a.published IS NOT NULL",
            [PUTIN]).fetchall()[0]
    assert (frame["mentions"].sum(), frame["articles"].sum()) == (mentions, articles)
    _, narrowed = mention_timeline(store, PUTIN, Filters(start=date(2024, 5, 1)))
    assert 0 < narrowed["articles"].sum() < articles


def test_co_occurring_under_filters_counts_shared_sentences(store):
    shared = co_occurring(store, PUTIN, Filters(start=date(2024, 1, 1)))
    everywhere = co_occurring(store, PUTIN, Filters())
    # the reports are all from 2024, the seed from 2016: the filter drops the seed's actors
    assert set(shared["entity_id"]) < set(everywhere["entity_id"])
    assert (shared["sentences"] <= shared["articles"] * 2).all()


def test_filtered_network_counts_units_and_mentions_once(store):
    graph = pairs(store, NetworkQuery(filters=Filters(start=date(2024, 1, 1))))
    nodes = graph.nodes.set_index("entity_id")
    with reading(store) as con:
        sentences, mentions = con.execute(
            "SELECT count(DISTINCT (m.article_id, m.sentence)), count(*) FROM mentions m "
            "JOIN articles a USING (article_id) WHERE m.entity_id = ? "
            "AND a.published >= DATE '2024-01-01'", [PUTIN]).fetchall()[0]
    assert (nodes.loc[PUTIN, "units"], nodes.loc[PUTIN, "mentions"]) == (sentences, mentions)


def test_rankings_under_a_date_range_read_mentions_and_agree_with_the_store_figures(store):
    # every stored article is dated, so a range from 1900 keeps them all, read through the
    # date-ordered mentions instead of the whole store's precomputed figures
    everything = Filters(start=date(1900, 1, 1))
    _same(top_entities(store, everything), top_entities(store, Filters()))
    assert counts(store, everything).entities == counts(store, Filters()).entities
