"""AppTest for the Network page: the seed's entities, empty store, no match, bad links, clicks."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from components.network_chart import clicked
from newslens.store.connection import writing
from tests.conftest import open_app_page

SEED_ENTITIES = {"Iran", "Russia", "Vladimir Putin", "Sergei Shoigu", "Hossein Dehghan",
                 "Dmitry Rogozin", "Moscow", "Tehran", "Syria", "ISIS"}


@pytest.fixture
def open_page(monkeypatch, seeded):
    """Open the Network page on a copy of the seed store (or ``db``) with link parameters;
    ``g_`` parameters are the sidebar's, set before the first run."""
    def start(db: Path | None = None, **params: str) -> AppTest:
        return open_app_page(monkeypatch, db or seeded, "pages/network.py", **params)
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
