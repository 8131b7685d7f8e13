"""The world gazetteer: built reproducibly from its source, resolving roles where the curated
actor files are silent, and never overriding them."""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from datetime import date

import pytest

from newslens.knowledge.dictionary import load
from newslens.knowledge.entities import Role
from newslens.knowledge.gazetteer import under_curated
from tests.conftest import DATA, ROOT

SAMPLE = DATA / "countryinfo_sample.txt"


@pytest.fixture(scope="module")
def build_actors():
    spec = importlib.util.spec_from_file_location("build_actors",
                                                  ROOT / "scripts" / "build_actors.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_actors"] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def people(build_actors) -> dict[str, dict]:
    return {r["name"]: r for r in build_actors.build(SAMPLE.read_text(encoding="utf-8"))}


def test_build_gives_the_same_bytes_twice(build_actors, tmp_path):
    outputs = []
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        build_actors.write(build_actors.build(SAMPLE.read_text(encoding="utf-8")), tmp_path / name)
        outputs.append((tmp_path / name).read_bytes())
    assert outputs[0] == outputs[1]
    with gzip.open(tmp_path / "a.jsonl.gz", "rt", encoding="utf-8") as fh:
        assert [json.loads(line)["name"] for line in fh] == sorted(
            r["name"] for r in build_actors.build(SAMPLE.read_text(encoding="utf-8")))


def test_names_read_as_written_in_news(people):
    assert {"Anna de Vries", "Carl Obi", "Emil Faro"} <= set(people)
    assert people["Emil Faro"]["aliases"] == ["Emile Farrow"]
    assert people["Emil Faro"]["roles"] == [
        {"office": "defence_minister", "country": "ZA", "start": "2005-01-01",
         "end": "2006-01-01"}]


def test_open_terms_end_at_the_last_update_not_today(people, build_actors):
    roles = people["Boris Kalnik"]["roles"]
    assert roles[0]["end"] == build_actors.LEADERS_UNTIL.isoformat()


def test_a_cabinet_spelling_of_a_leader_is_the_same_person(people):
    assert "Borys Kalnyk" not in people


def test_a_successor_only_in_the_cabinet_lists_ends_the_open_term(people):
    assert people["Greta Holm"]["roles"][0]["office"] == "prime_minister"


def test_titles_pair_with_their_dates_and_impossible_days_end_the_month(people):
    assert people["Dora Eze"]["roles"] == [
        {"office": "foreign_minister", "country": "ZA", "start": "2009-05-01",
         "end": "2009-06-30"}]


def test_a_repeated_country_block_is_left_out(people):
    assert "Ida Jones" not in people


@pytest.mark.parametrize(("office", "country", "day", "holder"), [
    ("president", "BY", date(2005, 3, 1), "person:alyaksandr-lukashenka"),
    ("president", "KE", date(2006, 6, 1), "person:mwai-kibaki"),
    ("prime_minister", "HU", date(2009, 9, 1), "person:gordon-bajnai"),
    ("prime_minister", "HU", date(2000, 1, 1), "person:viktor-orban"),
    ("prime_minister", "GB", date(1989, 6, 1), "person:margaret-thatcher"),
    ("president", "RU", date(1990, 6, 1), "person:mikhail-gorbachev"),
])
def test_holders_where_the_curated_files_are_silent(office, country, day, holder):
    assert load().holder(office, country, day) == holder


def test_curated_holders_win():
    dictionary = load()
    assert dictionary.holder("prime_minister", "GB", date(2005, 6, 1)) == "person:tony-blair"
    assert dictionary.holder("president", "RU", date(2005, 6, 1)) == "person:vladimir-putin"


def test_world_terms_are_cut_where_the_curated_list_begins():
    curated = [Role("person:b", "president", "ZZ", date(2000, 1, 1), None)]
    world = [Role("person:a", "president", "ZZ", date(1990, 1, 1), date(2005, 1, 1)),
             Role("person:c", "president", "ZZ", date(2001, 1, 1), date(2003, 1, 1))]
    assert under_curated(world, curated) == [
        Role("person:a", "president", "ZZ", date(1990, 1, 1), date(2000, 1, 1))]


def test_world_people_are_matched_by_full_name_only():
    dictionary = load()
    kibaki = dictionary.entities["person:mwai-kibaki"]
    assert not kibaki.short_forms
    assert "Kibaki" not in dictionary.surnames
    assert "Mwai Kibaki" not in dictionary.full_names
