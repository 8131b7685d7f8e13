"""The drawn network: labels that fit without overlapping, pair markers clear of every node
(so a click on a node picks the node), and the node a typed name finds."""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from newslens.network import find_node
from newslens.network_space import (
    HEIGHT,
    MAX_LABELS,
    PAIR_MARKER,
    WIDTH,
    label_box,
    label_positions,
    pair_marker,
    space,
)


@pytest.fixture
def crowded(rng):
    """80 nodes, sizes 10–42 px, long and short names, many packed in the middle."""
    positions = {f"n{i}": (rng.gauss(0, 0.3), rng.gauss(0, 0.3)) for i in range(80)}
    sizes = {node: rng.uniform(10, 42) for node in positions}
    labels = {node: "Entity " + "x" * rng.randint(0, 20) for node in positions}
    return space(positions, sizes), labels, sorted(positions, key=lambda n: -sizes[n])


def test_labels_never_overlap_and_stay_inside(crowded):
    drawn, labels, order = crowded
    placed = label_positions(drawn, labels, order)
    assert 0 < len(placed) <= MAX_LABELS
    boxes = [label_box(drawn, node, labels[node], where) for node, where in placed.items()]
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert all(left >= 0 and right <= WIDTH and bottom >= 0 and top <= HEIGHT
               for left, bottom, right, top in boxes)


def test_the_first_nodes_are_named_first_on_free_sides():
    positions = {"big": (0, 0), "near": (0.01, 0.0), "far": (1, 1)}
    drawn = space(positions, {"big": 40, "near": 40, "far": 10})
    labels = dict.fromkeys(positions, "A long name of an entity")
    assert list(label_positions(drawn, labels, ["big", "near", "far"], limit=1)) == ["big"]
    placed = label_positions(drawn, labels, ["big", "near", "far"])
    assert placed["big"] == "top center" and placed["near"] == "bottom center"


def test_pair_markers_sit_clear_of_every_node(crowded):
    drawn, _, order = crowded
    for a, b in itertools.combinations(order[:25], 2):
        t = pair_marker(drawn, a, b)
        if t is None:
            continue
        point = np.array(drawn.centres[a]) + t * (np.array(drawn.centres[b]) -
                                                  np.array(drawn.centres[a]))
        for node, centre in drawn.centres.items():
            assert np.hypot(*(point - centre)) > drawn.radii[node] + PAIR_MARKER


def test_a_line_through_a_node_gets_no_marker_there():
    drawn = space({"a": (0, 0), "mid": (0.5, 0), "b": (1, 0)}, {"a": 10, "mid": 40, "b": 10})
    assert pair_marker(drawn, "a", "b") not in (None, 0.5)
    assert pair_marker(space({"a": (0, 0), "b": (1, 0)}, {"a": 10, "b": 10}), "a", "b") == 0.5


@pytest.mark.parametrize("typed, expected", [
    ("vladimir putin", "putin"), ("  Vladimir   PUTIN ", "putin"), ("vlad", "putin"),
    ("Iran", "iran"), ("ira", "iraq"), ("putin", "putin"), ("nobody", None), ("", None),
])
def test_a_typed_name_finds_its_node(typed, expected):
    graph = nx.Graph()
    for node, label in (("putin", "Vladimir Putin"), ("iran", "Iran"), ("iraq", "Iraq"),
                        ("iranian", "Iranian Navy")):
        graph.add_node(node, label=label, mentions=1)
    graph.add_edges_from([("iraq", "putin"), ("iraq", "iran")])
    assert find_node(graph, typed) == expected
