"""The Network's stop list: agencies, dateline cities, time zones and the outlets leave the
graph in the store's query, and the list is data an analyst can edit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslens.clean.outlets import news_agencies
from newslens.filters import Filters
from newslens.ingest import ingest
from newslens.queries import network, stoplist
from newslens.queries.network import NetworkQuery, pairs

WIRE = ("WASHINGTON (AP) — Vladimir Putin met Recep Tayyip Erdogan in Moscow on Monday, the "
        "Associated Press reported at 10 a.m. EST. Putin and Erdogan discussed Syria with "
        "Sergei Lavrov. Reuters also reported the talks at 11 a.m. EST.\n\nIran welcomed the "
        "talks, Reuters said. Story {n}.")
NOISE = {"EST", "Reuters", "Associated Press", "Washington"}


@pytest.fixture(scope="module")
def wire_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six wire stories from Washington, each naming two agencies and a time zone."""
    folder = tmp_path_factory.mktemp("wire")
    (folder / "wire.jsonl").write_text("".join(json.dumps(
        {"title": f"Wire {n}", "date": f"2024-03-0{n + 1}", "text": WIRE.format(n=n)}) + "\n"
        for n in range(6)), encoding="utf-8")
    db = tmp_path_factory.mktemp("store") / "wire.duckdb"
    ingest([folder], db, workers=1)
    return db


def names(found) -> set[str]:
    return set(found.nodes["name"])


@pytest.mark.parametrize("filters", [{}, {"sources": ("Associated Press",)}])
def test_noise_hubs_leave_the_graph(wire_store, filters):
    query = NetworkQuery(filters=Filters(**filters))
    kept = pairs(wire_store, query)
    assert names(kept).isdisjoint(NOISE)
    assert {"Vladimir Putin", "Syria", "Moscow"} <= names(kept)
    assert set(kept.stopped) == NOISE
    assert not set(kept.edges["source"]) & {"org:reuters", "location:washington"}


def test_the_stop_list_can_be_switched_off(wire_store):
    found = pairs(wire_store, NetworkQuery(stoplist=False))
    assert names(found) >= NOISE
    assert found.stopped == ()


def test_the_shipped_list_names_time_zones_and_every_agency():
    shipped = stoplist.stop_list()
    assert {"est", "gmt", "utc", "wib"} <= shipped.names
    assert set(news_agencies()) <= shipped.names
    assert shipped.dateline_places and shipped.outlets


def test_an_edited_list_is_what_the_query_leaves_out(wire_store, tmp_path, monkeypatch):
    edited = tmp_path / "stoplist.yaml"
    edited.write_text("news_agencies: false\ndateline_places: false\noutlets: false\n"
                      "names: [Syria, person:vladimir-putin]\n", encoding="utf-8")
    monkeypatch.setattr(network, "stop_list", lambda: stoplist.stop_list(edited))
    found = pairs(wire_store, NetworkQuery())
    assert names(found).isdisjoint({"Syria", "Vladimir Putin"})
    assert names(found) >= NOISE
