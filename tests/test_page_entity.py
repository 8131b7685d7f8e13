"""AppTest for the Entity page: the seed's profile, search, bad links, and merge / rename that
persist and change the network."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.queries.entity import profile
from newslens.store.connection import writing
from tests.conftest import open_app_page
from tests.hostile import markdown_text

DEHGHAN, PUTIN = "person:hossein-dehghan", "person:vladimir-putin"


@pytest.fixture
def open_page(monkeypatch, seeded):
    """Open the Entity page with link parameters (``g_`` ones are the sidebar's)."""
    def start(db: Path = seeded, **params: str) -> AppTest:
        return open_app_page(monkeypatch, db, "app_pages/entity.py", **params)
    return start


def markdown(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_seed_profile_of_a_person(open_page):
    at = open_page(eid="Hossein Dehghan")
    assert not at.exception
    assert at.title[0].value == "Entity"
    assert at.subheader[0].value == "Hossein Dehghan"
    assert "Hossein Dehqan" in markdown(at)
    assert "Defence minister (IR), 2013-08-15 – 2017-08-20" in markdown_text(markdown(at))
    assert len(at.get("plotly_chart")) == 2  # mentions over time, meetings
    company, meetings = at.dataframe[0].value, at.dataframe[1].value
    assert {"Vladimir Putin", "Sergei Shoigu", "Iran", "Russia"} <= set(company["name"])
    assert len(meetings) == 5
    links = at.get("page_link")
    assert len(links) == 1
    assert "Rusia\\-Iran Tingkatkan Kerjasama Basmi Teroris" in links[0].proto.label


def test_most_mentioned_entity_is_shown_without_a_choice(open_page):
    at = open_page()
    assert not at.exception
    assert at.subheader[0].value == "Russia"


def test_the_sidebar_single_entity_preselects(open_page):
    at = open_page(g_entity="Vladimir Putin")
    assert not at.exception
    assert at.subheader[0].value == "Vladimir Putin"


def test_search_by_alias(open_page):
    at = open_page(efind="Dehqan")
    assert not at.exception
    assert at.selectbox(key="eid").options == ["Hossein Dehghan"]
    assert at.subheader[0].value == "Hossein Dehghan"


def test_empty_store_shows_how_to_load_data(open_page, db):
    with writing(db):
        pass
    at = open_page(db)
    assert not at.exception
    assert "load a dataset" in at.info[0].value


def test_filters_matching_nothing_show_a_message(open_page):
    at = open_page(g_from="2030-01-01", eid="Iran")
    assert not at.exception
    assert at.subheader[0].value == "Iran"
    assert "No article within the sidebar filters" in at.info[0].value


@pytest.mark.parametrize("params", [
    {"eid": "<script>alert(1)</script>"}, {"epage": "abc"}, {"efind": "%_\\"},
    {"eid": "Iran", "epage": "-4"}])
def test_malformed_link_parameters_do_not_crash(open_page, params):
    at = open_page(**params)
    assert not at.exception
    assert at.title[0].value == "Entity"


def _merge(at: AppTest, source: str, target: str) -> AppTest:
    at.selectbox(key=f"ent_target_{source}").set_value(target).run()
    at.checkbox(key=f"ent_sure_merge_{source}").check().run()
    return at.button(key=f"ent_merge_{source}").click().run()


def test_merge_needs_the_confirmation(open_page):
    at = open_page(eid="Hossein Dehghan")
    at.selectbox(key=f"ent_target_{DEHGHAN}").set_value(PUTIN).run()
    assert at.button(key=f"ent_merge_{DEHGHAN}").disabled


def test_merge_persists_and_changes_the_network(open_page, seeded):
    at = _merge(open_page(eid="Hossein Dehghan"), DEHGHAN, PUTIN)
    assert not at.exception
    assert "Merged" in at.success[0].value
    assert at.subheader[0].value == "Vladimir Putin"
    assert len(at.dataframe[1].value) == 5  # Dehghan's meetings are now Putin's
    assert profile(seeded, DEHGHAN).merged_into == PUTIN
    at.switch_page("app_pages/network.py").run()
    names = set(at.dataframe[-1].value["name"])
    assert "Vladimir Putin" in names and "Hossein Dehghan" not in names


def test_merged_entity_points_to_its_target(open_page, seeded):
    _merge(open_page(eid="Hossein Dehghan"), DEHGHAN, PUTIN)
    at = open_page(eid="Hossein Dehghan")  # a link made before the merge
    assert not at.exception
    assert "was merged into Vladimir Putin" in at.info[0].value
    at.button(key="ent_open_target").click().run()
    assert at.subheader[0].value == "Vladimir Putin"


def test_rename_persists_and_changes_the_network(open_page, seeded):
    at = open_page(eid="Vladimir Putin")
    at.text_input(key=f"ent_name_{PUTIN}").input("V. V. Putin <b>").run()
    at.checkbox(key=f"ent_sure_rename_{PUTIN}").check().run()
    at.button(key=f"ent_rename_{PUTIN}").click().run()
    assert not at.exception
    assert at.subheader[0].value == "V\\. V\\. Putin \\<b\\>"
    assert profile(seeded, PUTIN).name == "V. V. Putin <b>"
    at.switch_page("app_pages/network.py").run()
    assert "V. V. Putin <b>" in set(at.dataframe[-1].value["name"])


def test_read_only_dashboard_hides_the_corrections(open_page, monkeypatch):
    monkeypatch.setenv("NEWSLENS_READ_ONLY", "true")
    at = open_page(eid="Vladimir Putin")
    assert not at.exception
    assert not at.get("expander") or all("Correct" not in e.label for e in at.expander)
    assert not [b for b in at.button if b.key and b.key.startswith("ent_")]


def test_typing_a_name_shows_that_entity_without_picking_it(open_page):
    at = open_page(eid="Iran")
    assert at.subheader[0].value == "Iran"
    at.text_input(key="efind").input("Dehqan").run()
    assert not at.exception
    assert at.subheader[0].value == "Hossein Dehghan"
    assert at.selectbox(key="eid").value == DEHGHAN


def test_typing_an_exact_name_prefers_it_to_more_mentioned_matches(open_page):
    at = open_page(eid="Russia")
    at.text_input(key="efind").input("IS").run()
    assert at.subheader[0].value == "ISIS"  # not Iran, named more, whose alias contains "is"


def test_a_search_that_finds_nothing_says_what_is_still_shown(open_page):
    at = open_page(eid="Iran")
    at.text_input(key="efind").input("Nobody at all").run()
    assert not at.exception
    assert at.subheader[0].value == "Iran"
    assert any("No entity name or alias contains" in c.value and "still showing Iran" in c.value
               for c in at.caption)


def test_a_merge_opened_from_a_link_reports_no_ignored_link_parameter(open_page):
    at = _merge(open_page(g_entity="Hossein Dehghan"), DEHGHAN, PUTIN)
    assert "Merged Hossein Dehghan into Vladimir Putin" in at.success[0].value
    assert at.multiselect(key="entity").value == [PUTIN]  # the sidebar follows the merge
    assert not at.warning


def test_mentions_per_chosen_period(open_page):
    at = open_page(eid="Iran", e_grain="month")
    assert not at.exception
    mentions = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert mentions["layout"]["title"]["text"] == "Mentions of Iran per month"
    bars = mentions["data"][0]
    assert [x[:10] for x in bars["x"]] == ["2016-02-01"] and bars["xperiod"] == "M1"
    assert bars["customdata"][0][0] == "February 2016"  # the hover names the month
