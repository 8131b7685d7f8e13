"""AppTest for the Network page: the seed's entities, empty store, no match, bad links, clicks,
the stop list, search, and the legend an export carries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.network_chart import clicked
from newslens.store.connection import writing
from tests.conftest import open_app_page

SEED_ENTITIES = {"Iran", "Russia", "Vladimir Putin", "Sergei Shoigu", "Hossein Dehghan",
                 "Dmitry Rogozin", "Tehran", "Syria", "ISIS"}
#: The seed opens "MOSKOW, ARRAHMAHNEWS.COM –": its dateline city is on the stop list.
DATELINE_CITY = "Moscow"


@pytest.fixture
def open_page(monkeypatch, seeded):
    """Open the Network page on a copy of the seed store (or ``db``) with link parameters;
    ``g_`` parameters are the sidebar's, set before the first run."""
    def start(db: Path | None = None, **params: str) -> AppTest:
        return open_app_page(monkeypatch, db or seeded, "app_pages/network.py", **params)
    return start


def ranked(at: AppTest) -> set[str]:
    return set(at.dataframe[-1].value["name"])


def test_seed_store_shows_its_entities(open_page):
    at = open_page()
    assert not at.exception
    assert at.title[0].value == "Network"
    assert ranked(at) >= SEED_ENTITIES
    assert at.get("plotly_chart")
    assert list(at.dataframe[-1].value.columns) == [
        "entity_id", "name", "type", "community", "degree", "betweenness", "mentions"]


def test_empty_store_shows_how_to_load_data(open_page, db):
    with writing(db):
        pass
    at = open_page(db)
    assert not at.exception
    assert "load a dataset" in at.info[0].value
    assert not at.get("plotly_chart")


def test_filters_matching_nothing_show_a_message(open_page):
    at = open_page(g_from="2030-01-01")
    assert not at.exception
    assert "No pair of entities" in at.info[0].value


def test_malformed_link_parameters_do_not_crash(open_page):
    at = open_page(net_scope="paragraph", net_weight="magic", net_top="abc", net_min="-3",
                   net_count="x", net_types="ALIEN", net_ego="Nobody", net_radius="9",
                   net_pick="<script>", net_colour="rainbow")
    assert not at.exception
    assert ranked(at) >= SEED_ENTITIES


def test_association_weight_and_article_scope(open_page):
    at = open_page(net_weight="PMI", net_scope="article")
    assert not at.exception
    assert at.selectbox(key="net_weight").value == "pmi"
    assert at.radio(key="net_scope").value == "article"
    assert ranked(at) >= SEED_ENTITIES


def test_node_types_narrow_the_graph(open_page):
    at = open_page()
    at.multiselect(key="net_types").set_value(["PERSON", "COUNTRY"]).run()
    assert not at.exception
    assert set(at.dataframe[-1].value["type"]) == {"PERSON", "COUNTRY"}


def test_ego_view_of_one_entity(open_page):
    at = open_page(net_ego="Dmitry Rogozin")
    assert not at.exception
    assert ranked(at) == {"Dmitry Rogozin", "Hossein Dehghan", "Iran", "Russia"}


def test_a_pair_from_the_link_lists_its_articles(open_page):
    at = open_page(net_pick="Iran — Russia")
    assert not at.exception
    articles = at.dataframe[0].value
    assert list(articles["title"]) == ["Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"]
    assert articles.loc[0, "together"] == 13


def test_choosing_a_node_lists_its_articles(open_page):
    at = open_page()
    at.selectbox(key="net_pick").set_value("person:dmitry-rogozin").run()
    assert not at.exception
    assert at.dataframe[0].value.loc[0, "together"] == 1


@pytest.mark.parametrize("customdata, expected", [
    (["node", "country:ir"], "country:ir"),
    (["edge", "country:ir", "country:ru"], "country:ir|country:ru"),
    (["something", "else"], None),
])
def test_a_click_names_the_node_or_pair(customdata, expected):
    event = {"selection": {"points": [{"customdata": customdata}], "point_indices": [0]}}
    assert clicked(event) == expected


def test_no_click_names_nothing():
    assert clicked({"selection": {"points": []}}) is None
    assert clicked(None) is None


def figure(at: AppTest) -> dict:
    return json.loads(at.get("plotly_chart")[0].proto.spec)


def test_stop_listed_entities_are_left_out_and_named(open_page):
    at = open_page()
    assert not at.exception
    assert DATELINE_CITY not in ranked(at)
    left_out = [c.value for c in at.caption if c.value.startswith("Left out by the stop list")]
    assert DATELINE_CITY in left_out[0] and "TASS" in left_out[0]  # the agency it quotes
    drawn = {name for trace in figure(at)["data"] for name in trace.get("text") or ()}
    assert DATELINE_CITY not in drawn


def test_the_stop_list_can_be_switched_off_from_a_link(open_page):
    at = open_page(net_stop="False")
    assert not at.exception
    assert at.checkbox(key="net_stop").value is False
    assert ranked(at) >= SEED_ENTITIES | {DATELINE_CITY}


def test_typing_a_name_selects_and_rings_its_node(open_page):
    at = open_page()
    at.text_input(key="net_find").input("putin").run()
    assert not at.exception
    assert at.selectbox(key="net_pick").value == "person:vladimir-putin"
    ring = [t for t in figure(at)["data"] if t.get("name", "").startswith("Found")]
    assert [t["customdata"] for t in ring] == [[["node", "person:vladimir-putin"]]]
    assert any(c.value.endswith("with Vladimir Putin") for c in at.caption)
    assert len(at.dataframe[0].value) >= 1


def test_a_search_for_nothing_says_so(open_page):
    at = open_page(net_find="Nobody at all")
    assert not at.exception
    assert any("No entity in this graph" in caption.value for caption in at.caption)
    assert not at.selectbox(key="net_pick").value


def test_the_legend_an_export_carries_names_groups_not_instructions(open_page):
    spec = figure(open_page())
    legend = [t["name"] for t in spec["data"] if t.get("showlegend", True) and t.get("name")]
    assert legend and all(len(name) <= 36 for name in legend)
    assert not any("click" in t.get("name", "").lower() for t in spec["data"])
    assert spec["layout"]["legend"]["title"]["text"] == "Community"


def test_the_search_and_the_stop_list_switch_come_back_from_a_link(open_page):
    at = open_page(net_find="putin", net_stop="false")
    assert not at.exception
    assert at.text_input(key="net_find").value == "putin"
    assert at.checkbox(key="net_stop").value is False
    assert at.query_params["net_find"] == "putin"
    assert DATELINE_CITY in ranked(at)
    assert at.selectbox(key="net_pick").value == "person:vladimir-putin"
    assert not at.warning  # every value was honoured
