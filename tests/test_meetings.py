"""Meetings: the seed's five, dates against publication, planned ones apart, store and export."""

from __future__ import annotations

import json
from datetime import date

import pytest
from typer.testing import CliRunner

from newslens.cli import app
from newslens.extract.contact_model import ContactModel, Linear
from newslens.extract.entities import extract_entities
from newslens.extract.meeting_dates import resolve
from newslens.extract.meetings import extract_meetings
from newslens.extract.sentences import layout
from newslens.ingest import ingest
from newslens.knowledge.dictionary import load
from newslens.knowledge.lexicon import meetings
from tests.conftest import DATA, SEED

GOLD = json.loads((DATA / "seed_meetings.json").read_text(encoding="utf-8"))
PUBLISHED = date(2016, 2, 18)  # a Thursday


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> list[dict]:
    db = tmp_path_factory.mktemp("meetings") / "m.duckdb"
    ingest([SEED], db, workers=1)
    output = CliRunner().invoke(app, ["export", "meetings", "--db", str(db)]).stdout
    return [json.loads(line) for line in output.splitlines()]


def _names(meeting: dict) -> set[str]:
    aliases = {"Hossein Dehghan": "Hossein Dehqan"}
    return {aliases.get(n, n) for n in meeting["participants"]}


def test_the_seed_gives_exactly_the_five_gold_meetings(exported):
    found = {(frozenset(_names(m)), m["date"], m["location"]) for m in exported}
    gold = {(frozenset(g["participants"]), g["date"], g["location"]) for g in GOLD["meetings"]}
    assert found == gold


@pytest.mark.parametrize("gold", GOLD["meetings"], ids=lambda g: g["evidence"][:30])
def test_each_seed_meeting_has_its_evidence_and_precision(exported, gold):
    meeting = next(m for m in exported if _names(m) == set(gold["participants"])
                   and m["date"] == gold["date"])
    assert meeting["date_precision"] == gold["precision"]
    assert any(e.startswith(gold["evidence"]) for e in meeting["evidence"])
    assert meeting["kind"] == gold["kind"].split(";")[0]
    assert meeting["agreement"] == ("agreement" in gold["kind"])
    assert len(meeting["article_ids"]) == 1 and 0 < meeting["confidence"] <= 1


@pytest.mark.parametrize("sentence, expected", [
    ("Mereka bertemu pada Selasa (16/02).", "2016-02-16"),
    ("Ia tiba pada hari Senin.", "2016-02-15"),
    ("Mereka bertemu kemarin.", "2016-02-17"),
    ("Pertemuan pada bulan Januari 2015.", "2015-01"),
    ("Mereka bertemu pada 3 Maret 2015.", "2015-03-03"),
    ("Mereka akan bertemu Senin depan.", "2016-02-22"),
    ("Mereka bertemu untuk membahas kerja sama.", "2016-02-18"),
])
def test_dates_resolve_against_publication(sentence, expected):
    assert resolve(sentence, PUBLISHED, meetings("id")).iso() == expected


def _meetings(text: str, language: str = "id"):
    dictionary = load()
    found = extract_entities(text, language, PUBLISHED, dictionary)
    return extract_meetings(text, language, PUBLISHED, None, found, dictionary)


def test_saying_something_is_not_a_meeting():
    assert _meetings("Vladimir Putin mengatakan Sergei Shoigu bekerja dengan baik.") == []


def test_a_planned_meeting_is_marked_planned():
    [meeting] = _meetings("Vladimir Putin akan bertemu Joko Widodo di Jakarta pekan depan.")
    assert meeting.planned


def test_english_meeting_with_place():
    [meeting] = _meetings("Vladimir Putin met Joko Widodo in Jakarta on Tuesday.", "en")
    assert (meeting.kind, meeting.date.iso(), meeting.location) == \
        ("meeting", "2016-02-16", "location:jakarta-id")


def _who(found) -> list[tuple[str, ...]]:
    return [m.participants for m in found]


@pytest.mark.parametrize("sentence, expected", [
    ("Pada tanggal 28-29 Desember 1954, mereka bertemu di Bogor.", "1954-12-28"),
    ("They met in Washington in 1993.", "1993"),
    ("Mereka bertemu hari ini.", "2016-02-18"),
])
def test_ranges_bare_years_and_today_resolve(sentence, expected):
    assert resolve(sentence, PUBLISHED, meetings(None)).iso() == expected


@pytest.mark.parametrize("text, language", [
    ("Menteri Pertahanan Iran Hossein Dehqan mengadakan pembicaraan dengan timpalannya dari "
     "Rusia.", "id"),
    ("Iranian Defence Minister Hossein Dehqan held talks with his Russian counterpart.", "en"),
])
def test_a_counterpart_is_the_same_office_on_the_other_side(text, language):
    assert _who(_meetings(text, language)) == [("person:hossein-dehghan", "person:sergei-shoigu")]


def test_actors_of_a_later_clause_do_not_take_part():
    text = ("Barack Obama arrived in Jordan on Friday after Benjamin Netanyahu apologized to "
            "Turkey.")
    assert _who(_meetings(text, "en")) == [("country:jo", "person:barack-obama")]


def test_a_reported_meeting_starts_after_the_speech_verb():
    text = "Kemlu mengatakan Sugiono bertemu Wang Yi di New York."
    assert _who(_meetings(text)) == [("person:sugiono", "person:wang-yi")]


def test_the_visit_just_reported_is_referred_back_to():
    """The host who received the visit is the visitor's counterpart (docs/meetings-labelling.md:
    a visit whose host is named is the meeting with that host)."""
    text = ("Sugiono melakukan kunjungan ke Arab Saudi pada Minggu (14/02). Kunjungan tersebut "
            "disambut oleh Faisal bin Farhan di Riyadh.")
    assert ("person:faisal-bin-farhan-al-saud", "person:sugiono") in _who(_meetings(text))


def test_a_visitor_at_home_visits_no_country():
    assert _meetings("Presiden Joko Widodo tiba di Jakarta pada Senin.") == []


def test_bilateral_meetings_with_several_actors_are_one_each():
    text = "Sugiono melakukan pertemuan bilateral dengan Wang Yi dan Sergey Lavrov."
    assert sorted(_who(_meetings(text))) == [("person:sergey-lavrov", "person:sugiono"),
                                             ("person:sugiono", "person:wang-yi")]


def test_a_day_and_month_without_a_year_is_the_nearest_such_day():
    text = "On February 4, Vladimir Putin will visit China and meet Xi Jinping."
    found = _meetings(text, "en")
    assert found and found[0].date.iso() == f"{PUBLISHED.year}-02-04"


def test_days_ago_counts_back_from_publication():
    when = resolve("They met 10 days ago in Belfast.", date(1998, 3, 22), meetings("en"))
    assert when.iso() == "1998-03-12"


def test_a_tour_is_one_visit_per_country():
    text = "Presiden Prabowo Subianto berkunjung ke Prancis, Austria dan Hongaria pekan ini."
    assert sorted(_who(_meetings(text))) == sorted(
        [("country:at", "person:prabowo-subianto"), ("country:fr", "person:prabowo-subianto"),
         ("country:hu", "person:prabowo-subianto")])


def test_a_list_of_countries_is_not_a_meeting_of_each_with_each():
    text = ("Negara peserta di antaranya Indonesia, Singapura, Malaysia, Vietnam, Filipina dan "
            "Thailand yang bertemu di forum itu.")
    assert not any(all(p.startswith("country:") for p in m.participants)
                   for m in _meetings(text))


def test_an_attendance_list_joins_the_meeting_just_reported():
    text = ("The President of Russia held a videoconference meeting on road construction.\n\n"
            "The meeting was attended by Prime Minister Mikhail Mishustin, Finance Minister "
            "Anton Siluanov and Presidential Aide Maxim Oreshkin.")
    dictionary = load()
    day = date(2022, 6, 2)
    found = extract_entities(text, "en", day, dictionary)
    [meeting] = extract_meetings(text, "en", day, None, found, dictionary)
    assert "person:vladimir-putin" in meeting.participants and \
        "person:mikhail-mishustin" in meeting.participants and len(meeting.participants) == 4
    assert (meeting.kind, meeting.date.iso()) == ("phone", "2022-06-02")


def _read_english(text: str, day: date):
    dictionary = load()
    found = extract_entities(text, "en", day, dictionary)
    return extract_meetings(text, "en", day, None, found, dictionary)


def test_a_roster_with_no_contact_before_it_takes_the_articles_main_person():
    text = ("Vladimir Putin took part in the BRICS+ meeting via videoconference.\n\n"
            "Vladimir Putin: Colleagues, friends, I would like to welcome you.\n\n"
            "Taking part in the BRICS+ meeting were President of China Xi Jinping and Prime "
            "Minister of India Narendra Modi.")
    rosters = [m for m in _read_english(text, date(2022, 6, 24)) if len(m.participants) == 3]
    assert [set(m.participants) for m in rosters] == [
        {"person:vladimir-putin", "person:xi-jinping", "person:narendra-modi"}]


def test_a_roster_of_an_upcoming_summit_is_planned():
    text = ("Vladimir Putin spoke about the CIS.\n\nParticipants in the upcoming summit include "
            "President of Azerbaijan Ilham Aliyev and Prime Minister of Armenia Nikol Pashinyan.")
    rosters = [m for m in _read_english(text, date(2021, 12, 24)) if len(m.participants) == 3]
    assert rosters and all(m.planned for m in rosters)


def test_the_lead_is_dated_by_publication_not_by_an_older_date_nearby():
    text = ("Vladimir Putin had a telephone conversation with Prime Minister of India Narendra "
            "Modi. They recalled the talks held on March 7, 2019 in Moscow.")
    dictionary = load()
    day = date(2022, 3, 8)
    found = extract_entities(text, "en", day, dictionary)
    meetings_found = extract_meetings(text, "en", day, None, found, dictionary)
    call = next(m for m in meetings_found if "person:narendra-modi" in m.participants)
    assert call.date.iso() == "2022-03-08"


def test_a_call_with_the_leaders_of_several_countries_is_one_call():
    text = ("Presiden AS Donald Trump melakukan panggilan telepon dengan para pemimpin Arab Saudi, "
            "Qatar, Mesir, Yordania dan Turki pada Sabtu (23/5/2026).")
    dictionary = load()
    day = date(2026, 5, 24)
    found = extract_entities(text, "id", day, dictionary)
    calls = extract_meetings(text, "id", day, None, found, dictionary)
    assert len(calls) == 1 and len(calls[0].participants) >= 4


def test_a_scene_break_inside_a_line_ends_the_sentence():
    text = "He presented the award.*** President of Russia Vladimir Putin: Good afternoon."
    where = layout(text, frozenset())
    assert where.sentence_of(text.index("President")) != where.sentence_of(0)


def _english_meetings(text: str, day: date, model: ContactModel | None = None) -> list:
    dictionary = load()
    found = extract_entities(text, "en", day, dictionary)
    return extract_meetings(text, "en", day, None, found, dictionary, model)


def _english(text: str, day: date) -> list[tuple[str, ...]]:
    return _who(_english_meetings(text, day))


def test_people_listed_on_one_side_of_a_call_are_one_call():
    text = ("President Biden spoke with Prime Minister Rishi Sunak of the United Kingdom, "
            "Chancellor Olaf Scholz of Germany, and President Emmanuel Macron of France.")
    assert _english(text, date(2023, 7, 27)) == [
        ("person:emmanuel-macron", "person:joe-biden", "person:olaf-scholz", "person:rishi-sunak")]


def test_telephone_conversations_with_several_leaders_are_one_call_each():
    text = ("Vladimir Putin discussed Kazakhstan during his telephone conversations with President "
            "of Belarus Alexander Lukashenko and Prime Minister of Armenia Nikol Pashinyan.")
    assert all(len(who) == 2 for who in _english(text, date(2022, 1, 8)))


def _flat_model(**weights: float) -> ContactModel:
    """A model that finds every pair likely but for the features given."""
    return ContactModel(Linear(weights, 5.0), Linear({}, -5.0), 0.5, 0.5)


def test_a_rule_report_loses_the_member_the_model_finds_unlikely_with_everyone():
    text = "Vladimir Putin met Macky Sall and Zorblat Quux on Friday."
    day, dictionary = date(2022, 6, 4), load()
    found = extract_entities(text, "en", day, dictionary)
    trusting = extract_meetings(text, "en", day, None, found, dictionary, _flat_model())
    doubting = extract_meetings(text, "en", day, None, found, dictionary,
                                _flat_model(**{"how_a=shape": -20.0, "how_b=shape": -20.0}))
    assert _who(trusting) == [("person:macky-sall", "person:vladimir-putin",
                               "person:zorblat-quux")]
    assert _who(doubting) == [("person:macky-sall", "person:vladimir-putin")]


def test_a_call_and_a_dated_visit_it_recalls_are_two_contacts():
    text = ("Vladimir Putin had a telephone conversation with Prime Minister of India Narendra "
            "Modi.\n\nVladimir Putin thanked Narendra Modi for the hospitality during his visit "
            "to New Delhi on December 6.")
    meetings = _english_meetings(text, date(2021, 12, 20))
    assert sorted((m.kind, m.date.iso()) for m in meetings) == [
        ("phone", "2021-12-20"), ("visit", "2021-12-06")]


def test_a_call_retold_on_its_day_in_looser_words_is_one_call():
    text = ("Israeli Prime Minister Benjamin Netanyahu spoke by telephone on Friday with Turkish "
            "Prime Minister Recep Tayyip Erdogan.\n\nNetanyahu apologised to Erdogan in their "
            "talks for the raid on the flotilla.")
    # a model that keeps every pair: both sentences report the contact, whatever its weights
    meetings = _english_meetings(text, date(2013, 3, 22), _flat_model())
    assert [(m.kind, m.date.iso(), len(m.evidence)) for m in meetings] == [
        ("phone", "2013-03-22", 2)]
