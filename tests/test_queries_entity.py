"""One entity's profile on the seed: names, offices, mentions, company, meetings, and merges."""

from __future__ import annotations

from datetime import date

from newslens.filters import Filters
from newslens.queries.entity import (
    OTHER_PARTNERS,
    co_occurring,
    entity_meetings,
    mention_timeline,
    partner_lanes,
    profile,
    search_entities,
    with_entity,
)
from newslens.store.curation import merge_entities

DEHGHAN, PUTIN = "person:hossein-dehghan", "person:vladimir-putin"
NOTHING = Filters(start=date(2030, 1, 1))




def test_profile_has_names_country_and_offices(seeded):
    dehghan = profile(seeded, DEHGHAN)
    assert (dehghan.name, dehghan.type, dehghan.country_name) == ("Hossein Dehghan", "PERSON",
                                                                  "Iran")
    assert "Hossein Dehqan" in dehghan.aliases
    assert [(r.office, r.country, r.start) for r in dehghan.roles] == [
        ("defence_minister", "IR", date(2013, 8, 15))]
    assert dehghan.mentions == 7 and dehghan.articles == 1
    assert dehghan.merged_into is None


def test_unknown_entity_has_no_profile(seeded):
    assert profile(seeded, "person:nobody") is None


def test_search_finds_aliases_and_escapes_wildcards(seeded):
    assert search_entities(seeded, "dehqan") == {DEHGHAN: "Hossein Dehghan"}
    assert search_entities(seeded, "%") == {}
    assert search_entities(seeded, "_") == {}
    assert "country:ru" in search_entities(seeded, "Rusia")


def test_with_entity_adds_it_once():
    assert with_entity(Filters(), PUTIN).entities == (PUTIN,)
    assert with_entity(Filters(entities=(PUTIN,)), PUTIN).entities == (PUTIN,)


def test_mentions_over_time(seeded):
    grain, frame = mention_timeline(seeded, "country:ir", Filters())
    assert grain == "day"
    assert [(str(p.date()), m, a) for p, m, a in frame.itertuples(index=False)] == [
        ("2016-02-18", 15, 1)]
    assert mention_timeline(seeded, "country:ir", NOTHING)[1].empty


def test_co_occurring_counts_shared_sentences_and_articles(seeded):
    rows = co_occurring(seeded, PUTIN, Filters()).set_index("entity_id")
    assert rows.loc[DEHGHAN, "sentences"] == 2
    assert rows.loc["country:ru", "sentences"] == 4
    assert (rows["articles"] == 1).all()
    assert PUTIN not in rows.index
    assert co_occurring(seeded, PUTIN, NOTHING).empty


def test_meetings_of_an_entity(seeded):
    meetings = entity_meetings(seeded, DEHGHAN, Filters())
    assert len(meetings) == 5
    assert set(meetings["kind"]) == {"meeting", "talks", "visit"}
    assert "Vladimir Putin" in set(meetings["participants"])
    assert list(meetings["date"]) == sorted(meetings["date"])
    assert entity_meetings(seeded, DEHGHAN, NOTHING).empty


def test_partner_lanes_are_the_partners_met_most_and_one_for_the_rest(seeded):
    lanes = partner_lanes(seeded, DEHGHAN, Filters(), top=1)
    by_meeting = dict(zip(lanes.rows["meeting_id"], lanes.rows["lane"], strict=True))
    assert sorted(by_meeting.values()) == [OTHER_PARTNERS] * 3 + ["Sergei Shoigu"] * 2
    assert lanes.others == 3  # Russia, Vladimir Putin, Dmitry Rogozin
    assert set(by_meeting) == set(entity_meetings(seeded, DEHGHAN, Filters())["meeting_id"])
    assert partner_lanes(seeded, DEHGHAN, Filters()).others == 0


def test_search_puts_an_exact_name_or_alias_before_the_most_mentioned(seeded):
    # "IS" is an alias of ISIS (2 mentions) and inside "Islamic Republic of Iran" (15)
    assert list(search_entities(seeded, "is"))[:2] == ["org:isis", "country:ir"]


def test_merged_entity_points_to_its_target_which_gets_its_meetings(seeded):
    assert len(entity_meetings(seeded, PUTIN, Filters())) == 1
    merge_entities(seeded, DEHGHAN, PUTIN)
    assert profile(seeded, DEHGHAN).merged_into == PUTIN
    assert len(entity_meetings(seeded, PUTIN, Filters())) == 5
    assert "Hossein Dehghan" in profile(seeded, PUTIN).aliases
    assert search_entities(seeded, "Dehqan") == {PUTIN: "Vladimir Putin"}


def test_co_occurring_from_precomputed_pairs_equals_the_count_over_mentions(seeded):
    everything = Filters(start=date(1900, 1, 1), end=date(2100, 1, 1))  # counted from mentions
    precomputed = co_occurring(seeded, "person:hossein-dehghan", Filters())
    counted = co_occurring(seeded, "person:hossein-dehghan", everything)
    assert not precomputed.empty
    assert precomputed.to_dict("records") == counted.to_dict("records")
