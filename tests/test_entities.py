"""Entities: the seed's gold reading, linking rules, curation that persists, odd input."""

from __future__ import annotations

import json
from datetime import date

import pytest

from newslens.extract.entities import extract_entities
from newslens.ingest import ingest
from newslens.knowledge.dictionary import load
from newslens.store.connection import reading
from newslens.store.curation import CurationError, merge_entities, rename_entity
from tests.conftest import DATA, SEED

GOLD = json.loads((DATA / "seed_entities.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_found(tmp_path_factory) -> dict[str, dict]:
    """Entities of the ingested seed: name -> {type, surfaces, aliases}."""
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([SEED], db, workers=1)
    with reading(db) as con:
        rows = con.execute("SELECT e.name, e.type, e.aliases, list(m.surface) FROM mentions m "
                           "JOIN entities e USING (entity_id) GROUP BY ALL").fetchall()
    return {name: {"type": kind, "aliases": set(aliases or []), "surfaces": set(surfaces)}
            for name, kind, aliases, surfaces in rows}


def _find(found: dict[str, dict], gold: dict) -> dict | None:
    names = {gold["name"], *gold.get("also_known_as", [])}
    for name, entity in found.items():
        if name in names or names & entity["aliases"]:
            return entity
    return None


@pytest.mark.parametrize("gold", GOLD["entities"], ids=lambda g: g["name"])
def test_seed_entity_is_found_with_its_type(seed_found, gold):
    entity = _find(seed_found, gold)
    assert entity is not None, f"{gold['name']} not found among {sorted(seed_found)}"
    assert entity["type"] == gold["type"]
    surfaces = entity["surfaces"] | {gold["name"]}
    for form in gold["mentions"]:  # "Rusia-Iran" is a mention of each country it joins
        assert form in surfaces or any(part in surfaces for part in form.split("-")), form


def test_seed_has_none_of_the_non_entities(seed_found):
    surfaces = {s for e in seed_found.values() for s in e["surfaces"]}
    for junk in GOLD["not_entities"]:
        assert junk not in seed_found and junk not in surfaces


def test_read_also_titles_give_no_entities(seed_found):
    assert "Bashar Assad" not in seed_found and "Bashar al-Assad" not in seed_found
    assert "China" not in seed_found and "Saudi Arabia" not in seed_found


def _mentions(text: str, language: str = "id", day: date = date(2016, 2, 18)) -> list[tuple]:
    dictionary = load()
    found = extract_entities(text, language, day, dictionary)
    return [(m.surface, dictionary.entities[m.entity_id].name if m.entity_id in
             dictionary.entities else found.discovered[m.entity_id].name) for m in found.mentions]


def test_role_mention_resolves_to_the_holder_on_the_date():
    text = "Presiden Rusia menerima Menteri Pertahanan Iran di Moskow."
    assert ("Presiden Rusia", "Vladimir Putin") in _mentions(text)
    assert ("Menteri Pertahanan Iran", "Hossein Dehghan") in _mentions(text) or \
        ("Menteri Pertahanan Iran", "Hossein Dehqan") in _mentions(text)
    in_2024 = _mentions(text, day=date(2025, 6, 1))
    assert not any(name in ("Hossein Dehghan", "Hossein Dehqan") for _s, name in in_2024)


@pytest.mark.parametrize("text, surface", [
    ("The President of Russia held a meeting on roads.", "President of Russia"),
    ("Talks with the president of the Russian Federation ended.", "president of the Russian "
     "Federation"),
    ("Russia's president spoke first.", "Russia's president"),
    ("The Russian President arrived.", "Russian President"),
])
def test_english_role_mentions_resolve_in_every_word_order(text, surface):
    assert (surface, "Vladimir Putin") in _mentions(text, "en", date(2022, 6, 2))


def test_a_role_with_its_name_or_a_former_role_is_not_the_holder():
    found = _mentions("Former Russian President Dmitry Medvedev met Russian President "
                      "Vladimir Putin.", "en", date(2022, 6, 2))
    assert not any(s.endswith("President") for s, _n in found)


def test_the_bare_office_is_the_one_holder_the_article_names():
    text = "President Joe Biden met Fumio Kishida. The President thanked him."
    assert ("President", "Joe Biden") in _mentions(text, "en", date(2022, 5, 23))
    two = "Joe Biden spoke with Emmanuel Macron. The President thanked him."
    assert not any(s == "President" for s, _n in _mentions(two, "en", date(2022, 5, 23)))


def test_the_bare_office_is_never_someone_named_beside_it():
    text = ("Readout of President Biden's Call with President Zelenskyy\n\nThe President spoke "
            "today with President Volodymyr Zelenskyy of Ukraine.")
    found = _mentions(text, "en", date(2022, 4, 21))
    assert ("President", "Joe Biden") in found and ("Biden", "Joe Biden") in found


def test_an_indonesian_office_written_alone_is_the_holder_named():
    text = "Presiden Prabowo Subianto tiba di Moskwa. Kepala Negara kemudian berpidato."
    assert ("Kepala Negara", "Prabowo Subianto") in _mentions(text, "id", date(2025, 6, 19))


def test_an_undated_article_keeps_a_role_a_role():
    assert not any(n == "Joko Widodo" or n == "Prabowo Subianto" for _s, n in
                   _mentions("Presiden RI membuka acara itu.", "id", None))


def test_a_portfolio_of_several_words_is_not_part_of_the_name():
    text = ("The meeting was attended by Minister of Construction, Housing and Utilities Irek "
            "Fayzullin and staff of Moscow State University of Civil Engineering.")
    names = [n for _s, n in _mentions(text, "en", date(2022, 6, 2))]
    assert "Irek Fayzullin" in names
    assert not any("Utilities" in n or n == "Civil Engineering" for n in names)


def test_the_holder_named_after_a_body_is_the_person():
    text = "He met Secretary of the Security Council Zorblat Quux in Moscow."
    found = extract_entities(text, "en", date(2022, 5, 30), load())
    assert [(m.surface, m.entity_id) for m in found.mentions if m.entity_id.startswith(
        "person:")] == [("Zorblat Quux", "person:zorblat-quux")]


def test_a_body_s_initials_before_a_name_are_not_part_of_it():
    text = "Peneliti senior ZQRX Zorblat Quux mengatakan tidak ada pembahasan nuklir."
    assert ("Zorblat Quux", "Zorblat Quux") in _mentions(text, day=date(2026, 5, 28))


def test_a_police_rank_before_a_name_is_a_title():
    text = "Kapolsek Mallusetasi AKP Zorblat dimintai klarifikasi oleh Propam."
    assert ("Zorblat", "Zorblat") in _mentions(text, day=date(2025, 10, 20))


def test_the_holder_named_after_a_company_is_the_person():
    text = ("Vladimir Putin met Chairman of the Management Board of the Zorblat Management "
            "Company Quux Vorbin.")
    found = extract_entities(text, "en", date(2022, 6, 15), load())
    assert "person:quux-vorbin" in {m.entity_id for m in found.mentions}


def test_a_person_only_by_capitals_is_marked_and_a_titled_one_is_not():
    dictionary = load()
    shaped = extract_entities("Zorblat Quux met the press.", "en", date(2022, 5, 30), dictionary)
    titled = extract_entities("Foreign Minister Zorblat Quux met the press.", "en",
                              date(2022, 5, 30), dictionary)
    assert [d.by_shape for d in shaped.discovered.values()] == [True]
    assert [d.by_shape for d in titled.discovered.values()] == [False]


def test_capitals_after_the_article_are_not_a_person():
    text = "Talks were held at the Zorblat Quux residence on Friday."
    found = extract_entities(text, "en", date(2022, 6, 3), load())
    assert not [m for m in found.mentions if m.entity_id.startswith("person:")]


def test_words_glued_by_a_scraper_are_split_by_the_dictionary():
    found = _mentions("Jakarta - PresidenPrabowo Subiantomelakukan kunjungan ke "
                      "FederasiRusiaVladimir Putin.", "id", date(2025, 6, 1))
    names = [n for _s, n in found]
    assert "Prabowo Subianto" in names and "Vladimir Putin" in names
    assert not any("melakukan" in s or s.startswith("Presiden") for s, _n in found
                   if _n == "Prabowo Subianto")


def test_a_glued_title_does_not_become_part_of_a_name():
    found = _mentions("Serdar Berdimuhamedov SerdarPresident of Turkmenistan spoke.", "en",
                      date(2022, 6, 10))
    assert not any("President" in s for s, _n in found if "Serdar" in s)


def test_a_nickname_in_brackets_is_the_person_named_before_it():
    found = _mentions("Menteri Sosial Saifullah Yusuf (Gus Ipul) hadir. Gus Ipul berkata cukup.",
                      "id", date(2025, 10, 19))
    assert found.count(("Gus Ipul", "Saifullah Yusuf")) == 2


def test_hyphenated_pair_gives_both_countries():
    names = [name for _s, name in _mentions("Hubungan Rusia-Iran semakin erat, kata pejabat.")]
    assert "Iran" in names and any(n in ("Russia", "Russian Federation") for n in names)


def test_surname_links_to_the_full_name_in_the_same_article():
    found = _mentions("Juru bicara Heru Santoso Wiryawan hadir. Kemudian Wiryawan berkata cukup.")
    assert found.count(("Wiryawan", "Heru Santoso Wiryawan")) == 1


def test_a_known_name_that_goes_on_is_someone_else():
    # "Budi Santoso" is a trade minister; "Budi Santoso Wiryawan" is another person
    found = _mentions("Juru bicara Budi Santoso Wiryawan hadir.", "id", date(2025, 6, 1))
    assert ("Budi Santoso Wiryawan", "Budi Santoso Wiryawan") in found


def test_a_known_name_before_a_word_of_the_article_keeps_its_match():
    found = _mentions("Prabowo Subianto Bertemu Putin. Ia bertemu lagi hari ini.", "id",
                      date(2025, 6, 1))
    assert ("Prabowo Subianto", "Prabowo Subianto") in found


def test_indonesian_news_calls_a_known_person_by_the_first_name():
    found = _mentions("Kami siap, kata Erick usai bertemu Prabowo di Istana.", "id",
                      date(2025, 6, 4))
    assert ("Erick", "Erick Thohir") in found


def test_english_news_does_not_link_a_first_name():
    found = _mentions("The deal was fair, said Erick after meeting Prabowo.", "en",
                      date(2025, 6, 4))
    assert ("Erick", "Erick Thohir") not in found


def test_weekdays_months_and_function_words_are_not_names():
    found = _mentions("Pada Selasa (16/02), Dalam pertemuan bulan Januari, Kepala dinas hadir.")
    assert not any(s in ("Selasa", "Januari", "Dalam", "Pada", "Kepala") for s, _n in found)


@pytest.mark.parametrize("text", ["", "x", "a" * 5_000_000, "Путин встретился с Шойгу в Москве.",
                                  "التقى بوتين مع شويغو في موسكو", "🙂" * 1000 + " Jakarta"])
def test_odd_text_never_crashes(text):
    extract_entities(text, None, None, load())


def test_odd_articles_are_stored_and_listed(db, inputs):
    rows = [{"title": "Arabic", "text": "التقى بوتين مع شويغو في موسكو " * 20},
            {"title": "Cyrillic", "text": "Путин встретился с Шойгу в Москве. " * 20},
            {"title": "One long line", "text": "kata " * 1_000_000}]
    (inputs / "odd.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    report = ingest([inputs], db, workers=1)
    assert (report.added, report.skipped) == (3, 0)


def test_merge_and_rename_persist_into_later_ingests(db, inputs):
    first = {"title": "One", "text": "Juru bicara Budi Santoso Wiryawan hadir di Jakarta. " * 3}
    (inputs / "a.jsonl").write_text(json.dumps(first) + "\n")
    ingest([inputs / "a.jsonl"], db, workers=1)
    merge_entities(db, "person:budi-santoso-wiryawan", "location:jakarta-id")
    rename_entity(db, "location:jakarta-id", "Jakarta (capital)")
    second = {"title": "Two", "text": "Budi Santoso Wiryawan datang lagi ke Bandung. " * 3}
    (inputs / "b.jsonl").write_text(json.dumps(second) + "\n")
    ingest([inputs / "b.jsonl"], db, workers=1)
    with reading(db) as con:
        ids = {r[0] for r in con.execute("SELECT DISTINCT entity_id FROM mentions").fetchall()}
        name = con.execute("SELECT name FROM entities WHERE entity_id = 'location:jakarta-id'"
                           ).fetchall()[0][0]
        pairs = con.execute("SELECT count(*) FROM cooccurrence WHERE 'person:budi-santoso-"
                            "wiryawan' IN (entity_a, entity_b)").fetchall()[0][0]
    assert "person:budi-santoso-wiryawan" not in ids
    assert name == "Jakarta (capital)"
    assert pairs == 0


def test_bad_curation_is_refused(db):
    ingest([SEED], db, workers=1)
    with pytest.raises(CurationError, match="no entity"):
        merge_entities(db, "person:nobody", "country:ir")
    with pytest.raises(CurationError, match="into itself"):
        merge_entities(db, "country:ir", "country:ir")
    with pytest.raises(CurationError, match="empty"):
        rename_entity(db, "country:ir", "  ")


def test_cooccurrence_is_precomputed_for_both_scopes(db):
    ingest([SEED], db, workers=1)
    with reading(db) as con:
        scopes = dict(con.execute("SELECT scope, count(*) FROM cooccurrence GROUP BY 1"
                                  ).fetchall())
    assert scopes["article"] > 0 and scopes["sentence"] > 0
