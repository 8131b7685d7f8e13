"""The co-occurrence network: pair counts, PMI and Jaccard by hand, graph, layout, communities,
and GraphML / GEXF files that keep hostile names as text."""

from __future__ import annotations

import io
import math
from datetime import date
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from newslens.filters import Filters
from newslens.network import (
    annotate,
    build_graph,
    communities,
    community_names,
    ego,
    gexf_bytes,
    graphml_bytes,
    layout,
    network_view,
)
from newslens.queries.network import MAX_NODES, NetworkQuery, Pairs, articles_behind, pairs
from newslens.store.connection import writing
from newslens.store.derived import rebuild

# article -> (entity, sentence) mentions. Article scope, by hand: N = 5 articles with an entity;
# A in 3, B in 3, C in 1, D in 1; A&B together in 2 (a1, a2), A&C in 1 (a3).
MENTIONS = {
    "a1": [("A", 0), ("B", 1)],  # different sentences: a pair for the article, not the sentence
    "a2": [("A", 0), ("B", 0)],
    "a3": [("A", 0), ("C", 0)],
    "a4": [("D", 0)],
    "a5": [("B", 2)],
}
DATES = {"a1": date(2020, 1, 1), "a2": date(2021, 1, 1), "a3": date(2021, 6, 1),
         "a4": date(2021, 6, 1), "a5": date(2022, 1, 1)}
TYPES = {"A": "COUNTRY", "B": "PERSON", "C": "PERSON", "D": "ORG"}
EVERYTHING = Filters(start=date(1900, 1, 1))  # selects every article, but by counting mentions


@pytest.fixture
def tiny(db: Path) -> Path:
    """A store holding exactly ``MENTIONS`` (and their precomputed pairs)."""
    with writing(db) as con:
        for article, dated in DATES.items():
            con.execute("INSERT INTO articles (article_id, title, published, text, text_hash, "
                        "source) VALUES (?, ?, ?, 'x', ?, 'test')",
                        [article, f"title {article}", dated, article])
        for entity, kind in TYPES.items():
            con.execute("INSERT INTO entities VALUES (?, ?, ?, NULL, [], 'test')",
                        [entity, f"name {entity}", kind])
        for article, found in MENTIONS.items():
            for entity, sentence in found:
                con.execute("INSERT INTO mentions (article_id, entity_id, sentence) "
                            "VALUES (?, ?, ?)", [article, entity, sentence])
        rebuild(con)
    return db


def _weights(found: Pairs) -> dict[tuple[str, str], float]:
    return {(r.source, r.target): r.weight for r in found.edges.itertuples()}


@pytest.mark.parametrize("filters", [Filters(), EVERYTHING], ids=["precomputed", "counted"])
def test_pmi_is_computed_by_hand(tiny, filters):
    found = pairs(tiny, NetworkQuery(filters=filters, scope="article", weight="pmi",
                                     min_weight=-10))
    assert found.units == 5
    assert _weights(found) == pytest.approx({("A", "B"): math.log(2 * 5 / (3 * 3)),
                                             ("A", "C"): math.log(1 * 5 / (3 * 1))})


@pytest.mark.parametrize("filters", [Filters(), EVERYTHING], ids=["precomputed", "counted"])
def test_jaccard_is_computed_by_hand(tiny, filters):
    found = pairs(tiny, NetworkQuery(filters=filters, scope="article", weight="jaccard",
                                     min_weight=0))
    assert _weights(found) == pytest.approx({("A", "B"): 2 / (3 + 3 - 2),
                                             ("A", "C"): 1 / (3 + 1 - 1)})


def test_association_ranks_the_rare_pair_above_the_hub_pair(tiny):
    by_count = pairs(tiny, NetworkQuery(scope="article", weight="count", min_weight=0))
    by_pmi = pairs(tiny, NetworkQuery(scope="article", weight="pmi", min_weight=-10))
    assert list(by_count.edges["target"]) == ["B", "C"]
    assert list(by_pmi.edges["target"]) == ["C", "B"]


@pytest.mark.parametrize("filters", [Filters(), EVERYTHING], ids=["precomputed", "counted"])
def test_sentence_scope_counts_shared_sentences(tiny, filters):
    found = pairs(tiny, NetworkQuery(filters=filters, scope="sentence", min_weight=0))
    edges = found.edges.set_index(["source", "target"])
    assert edges.loc[("A", "B"), "count"] == 1  # a1 names them in different sentences
    assert edges.loc[("A", "B"), "articles"] == 1
    assert found.units == 6  # a1 has two sentences with an entity


def test_filters_count_only_the_articles_they_keep(tiny):
    found = pairs(tiny, NetworkQuery(filters=Filters(start=date(2021, 1, 1)), scope="article",
                                     min_weight=0))
    assert _weights(found) == {("A", "B"): 1.0, ("A", "C"): 1.0}
    assert found.units == 4


def test_filters_matching_nothing_give_an_empty_network(tiny):
    found = pairs(tiny, NetworkQuery(filters=Filters(start=date(2030, 1, 1))))
    assert found.nodes.empty and found.edges.empty
    assert not network_view(tiny, NetworkQuery(filters=Filters(start=date(2030, 1, 1)))).graph


def test_top_n_types_and_minimums(tiny):
    people = pairs(tiny, NetworkQuery(scope="article", types=("PERSON",)))
    assert set(people.nodes["entity_id"]) == {"B", "C"}
    assert people.edges.empty  # B and C never meet
    top = pairs(tiny, NetworkQuery(scope="article", top_n=2))
    assert list(top.nodes["entity_id"]) == ["A", "B"]
    strong = pairs(tiny, NetworkQuery(scope="article", min_count=2))
    assert _weights(strong) == {("A", "B"): 2.0}
    assert pairs(tiny, NetworkQuery(scope="article", min_weight=3)).edges.empty


def test_query_values_from_a_link_are_clamped():
    query = NetworkQuery(scope="paragraph", weight="magic", top_n=10**6, min_count=-4,
                         types=("PERSON", "ALIEN"))
    assert (query.scope, query.weight, query.top_n, query.min_count, query.types) == (
        "sentence", "count", MAX_NODES, 1, ("PERSON",))


def test_articles_behind_a_pair_follow_the_scope(tiny):
    assert list(articles_behind(tiny, Filters(), ("A", "B"), "article")["article_id"]) == [
        "a2", "a1"]
    assert list(articles_behind(tiny, Filters(), ("A", "B"), "sentence")["article_id"]) == ["a2"]
    assert list(articles_behind(tiny, Filters(end=date(2020, 12, 31)), ("A",))["article_id"]) == [
        "a1"]


def test_graph_has_linked_entities_with_plain_attributes(tiny):
    graph = build_graph(pairs(tiny, NetworkQuery(scope="article", min_weight=0)))
    assert sorted(graph) == ["A", "B", "C"]  # D has no pair
    assert graph.nodes["A"] == {"label": "name A", "type": "COUNTRY", "country": "",
                                "units": 3, "mentions": 3}
    assert graph.edges["A", "B"]["strength"] == 1.0
    assert graph.edges["A", "C"]["strength"] == 0.5


def test_view_ranks_and_hides_unlinked(tiny):
    view = network_view(tiny, NetworkQuery(scope="article", min_weight=0))
    assert view.hidden == 1
    assert list(view.ranking["entity_id"]) == ["A", "B", "C"]
    assert view.ranking.loc[0, "degree"] == 2 and view.ranking.loc[0, "betweenness"] == 1.0


def _two_cliques() -> nx.Graph:
    graph = nx.Graph()
    for group in ("abcde", "vwxy"):
        graph.add_edges_from((a, b) for a in group for b in group if a < b)
    graph.add_edge("e", "v")
    nx.set_edge_attributes(graph, 1.0, "strength")
    return graph


def test_louvain_finds_the_two_cliques_largest_first():
    groups = communities(_two_cliques())
    assert {n for n, g in groups.items() if g == 1} == set("abcde")
    assert {n for n, g in groups.items() if g == 2} == set("vwxy")
    assert communities(_two_cliques()) == groups


def test_communities_are_named_by_their_best_connected_members():
    graph = _two_cliques()
    names = community_names(graph, communities(graph))
    # e and v bridge the cliques: each is its community's best-connected member
    assert names[1].startswith("e · ") and names[2].startswith("v · ")


def test_the_network_legend_escapes_community_and_type_names():
    from components.network_chart import network_figure
    graph = annotate(_hostile_graph())
    nx.set_node_attributes(graph, HOSTILE[0], "community_name")
    for colour_by in ("community", "type"):
        for trace in network_figure(graph, "t", colour_by=colour_by).data:
            assert "<script>" not in (trace.name or "") and "<b>" not in (trace.name or "")


def test_layout_is_the_same_on_every_run():
    assert layout(_two_cliques()) == layout(_two_cliques())


def test_layout_does_not_depend_on_row_order(tiny):
    found = pairs(tiny, NetworkQuery(scope="article", min_weight=0))
    shuffled = Pairs(nodes=found.nodes.iloc[::-1], edges=found.edges.iloc[::-1],
                     units=found.units)
    assert layout(build_graph(found)) == layout(build_graph(shuffled))


def test_view_is_the_same_for_the_same_data_and_filters(tiny):
    query = NetworkQuery(scope="article", min_weight=0)
    first, second = network_view(tiny, query), network_view(tiny, query)
    assert dict(first.graph.nodes(data=True)) == dict(second.graph.nodes(data=True))


def test_ego_view_keeps_the_neighbourhood():
    graph = _two_cliques()
    assert set(ego(graph, "a", 1)) == set("abcde")
    assert set(ego(graph, "a", 2)) == set("abcdev")
    assert ego(graph, "nobody", 1) is graph


HOSTILE = ['<script>alert("x")</script>', "Tom & Jerry's <b>", "]]><x/>"]


def _hostile_graph() -> nx.Graph:
    nodes = pd.DataFrame({"entity_id": ["p1", "p2", "p3"], "name": HOSTILE,
                          "type": ["PERSON"] * 3, "country": [None, "RU", None],
                          "units": [2, 2, 1], "mentions": [3, 2, 1]})
    edges = pd.DataFrame({"source": ["p1", "p1"], "target": ["p2", "p3"], "count": [2, 1],
                          "articles": [2, 1], "weight": [2.0, 1.0]})
    graph = build_graph(Pairs(nodes=nodes, edges=edges, units=3))
    nx.set_node_attributes(graph, 1, "community")
    return graph


@pytest.mark.parametrize("write, read", [(graphml_bytes, nx.read_graphml),
                                         (gexf_bytes, nx.read_gexf)], ids=["graphml", "gexf"])
def test_graph_files_round_trip_hostile_names(write, read):
    graph = _hostile_graph()
    data = write(graph)
    assert b"<script>" not in data and b"<b>" not in data and b"<x/>" not in data
    back = read(io.BytesIO(data))
    labels = {node: back.nodes[node]["label"] for node in back}
    assert labels == {"p1": HOSTILE[0], "p2": HOSTILE[1], "p3": HOSTILE[2]}
    assert back.number_of_edges() == 2
    assert float(back.edges["p1", "p2"]["weight"]) == 2.0


def test_a_large_filtered_set_is_drawn_from_its_newest_articles(tiny, monkeypatch):
    import newslens.queries.network as network_queries

    monkeypatch.setattr(network_queries, "MAX_ARTICLES", 1)
    found = pairs(tiny, NetworkQuery(filters=EVERYTHING))
    assert found.matched == len(DATES)
    assert pairs(tiny, NetworkQuery()).matched is None
