"""The co-occurrence graph as a Plotly figure whose nodes and pairs can be clicked.

Every clickable point carries ``customdata``: ``["node", id]`` for an entity, ``["edge", a, b]``
for a pair (a marker on its line, clear of every node: newslens/network_space.py), so a
selection names what was clicked. Only the largest nodes whose labels fit are named on the
drawing, the others on hover. Names are untrusted: hover and label text is escaped, since Plotly
reads a subset of HTML in it.
"""

from __future__ import annotations

import networkx as nx
import plotly.graph_objects as go

from components.text import chart_text
from newslens.network_space import PAIR_MARKER, Space, label_positions, pair_marker, space

COLOUR_BY = {"community": "Community", "type": "Entity type"}
SIZE_BY = {"degree": "Degree (partners)", "mentions": "Mentions"}
WEIGHT_NAMES = {"count": "co-occurrences", "pmi": "PMI", "jaccard": "Jaccard"}
#: (lowest strength, highest strength excluded, line width)
_LINE_WIDTHS = ((0.0, 0.34, 0.6), (0.34, 0.67, 1.6), (0.67, float("inf"), 3.2))
_MIN_SIZE, _MAX_SIZE = 10, 42
_LEGEND_CHARS = 36
FOUND_COLOUR = "#d62728"


def _node_sizes(graph: nx.Graph, size_by: str) -> dict[str, float]:
    values = {node: float(data.get(size_by, 1)) for node, data in graph.nodes(data=True)}
    top = max(values.values(), default=1.0) or 1.0
    return {node: _MIN_SIZE + (_MAX_SIZE - _MIN_SIZE) * (value / top) ** 0.5
            for node, value in values.items()}


def _node_hover(data: dict) -> str:
    return (f"<b>{chart_text(data['label'])}</b><br>{chart_text(data['type'].title())}"
            f"{' · ' + chart_text(data['country']) if data['country'] else ''}<br>"
            f"mentions: {data['mentions']:,} · partners: {data['degree']}<br>"
            f"betweenness: {data['betweenness']:.3f} · community "
            f"{chart_text(_community(data))}")


def _edge_lines(graph: nx.Graph) -> list[go.Scatter]:
    """Lines drawn in three widths by strength; not clickable (the midpoints are)."""
    traces = []
    for low, high, width in _LINE_WIDTHS:
        xs: list[float | None] = []
        ys: list[float | None] = []
        for a, b, data in graph.edges(data=True):
            if low <= data["strength"] < high:
                xs += [graph.nodes[a]["x"], graph.nodes[b]["x"], None]
                ys += [graph.nodes[a]["y"], graph.nodes[b]["y"], None]
        traces.append(go.Scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False,
                                 line={"width": width, "color": "rgba(128,128,128,0.55)"}))
    return traces


def _edge_points(graph: nx.Graph, drawn: Space, weight_name: str) -> go.Scatter:
    """A marker on each pair's line, clear of the nodes: hover tells the weight, a click lists
    its articles (a pair whose line runs through nodes all the way is chosen in the box)."""
    edges = [(a, b, d, t) for a, b, d in sorted(graph.edges(data=True), key=lambda e: e[:2])
             if (t := pair_marker(drawn, a, b)) is not None]
    nodes = graph.nodes
    return go.Scatter(
        x=[nodes[a]["x"] + t * (nodes[b]["x"] - nodes[a]["x"]) for a, b, _, t in edges],
        y=[nodes[a]["y"] + t * (nodes[b]["y"] - nodes[a]["y"]) for a, b, _, t in edges],
        mode="markers", name="Pairs", hoverinfo="text", showlegend=False,
        marker={"size": 2 * PAIR_MARKER, "color": "rgba(128,128,128,0.35)", "symbol": "diamond"},
        customdata=[["edge", a, b] for a, b, _, _ in edges],
        hovertext=[f"<b>{chart_text(nodes[a]['label'])} — {chart_text(nodes[b]['label'])}"
                   f"</b><br>{weight_name}: {d['weight']:,.3g}<br>together {d['count']:,} times "
                   f"in {d['articles']:,} articles" for a, b, d, _ in edges])


def _community(data: dict) -> str:
    """A community's legend entry: its number and the names of its best-connected members."""
    named = data.get("community_name")
    return f"{data['community']}: {named}" if named else f"Community {data['community']}"


def _groups(graph: nx.Graph, colour_by: str) -> dict[str, list[str]]:
    key = "community" if colour_by == "community" else "type"
    groups: dict[str, list[str]] = {}
    for node in sorted(graph, key=lambda n: (graph.nodes[n][key], n)):
        value = graph.nodes[node][key]
        name = _community(graph.nodes[node]) if key == "community" else str(value).title()
        name = name if len(name) <= _LEGEND_CHARS else name[:_LEGEND_CHARS - 1] + "…"
        groups.setdefault(name, []).append(node)
    return groups


def network_figure(graph: nx.Graph, title: str, colour_by: str = "community",
                   size_by: str = "degree", weight: str = "count", found: str = "") -> go.Figure:
    """Nodes (one trace per community or type, for the legend), pairs, their lines, and a ring
    around the ``found`` node."""
    sizes = _node_sizes(graph, size_by)
    drawn = space({n: (graph.nodes[n]["x"], graph.nodes[n]["y"]) for n in graph}, sizes)
    labels = {n: graph.nodes[n]["label"] for n in graph}
    positions = label_positions(drawn, labels, sorted(
        graph, key=lambda n: (n != found, -sizes[n], labels[n].lower(), n)))
    if found in graph:
        positions.setdefault(found, "top center")  # the node searched for is always named
    figure = go.Figure([*_edge_lines(graph),
                        _edge_points(graph, drawn, chart_text(WEIGHT_NAMES.get(weight, weight)))])
    for name, nodes in _groups(graph, colour_by).items():
        figure.add_trace(go.Scatter(
            x=[graph.nodes[n]["x"] for n in nodes], y=[graph.nodes[n]["y"] for n in nodes],
            mode="markers+text", name=chart_text(name),
            text=[chart_text(labels[n]) if n in positions else "" for n in nodes],
            textposition=[positions.get(n, "top center") for n in nodes],
            marker={"size": [sizes[n] for n in nodes], "line": {"width": 1, "color": "white"}},
            customdata=[["node", n] for n in nodes], hoverinfo="text",
            hovertext=[_node_hover(graph.nodes[n]) for n in nodes]))
    if found in graph:
        figure.add_trace(_found_ring(graph, found, sizes[found]))
    hidden_axis = {"visible": False, "showgrid": False, "zeroline": False}
    figure.update_layout(
        title={"text": chart_text(title)}, height=680, clickmode="event+select",
        legend={"title": {"text": chart_text(COLOUR_BY.get(colour_by, colour_by))}},
        xaxis={**hidden_axis, "range": list(drawn.x_range)},
        yaxis={**hidden_axis, "range": list(drawn.y_range)},
        margin={"l": 10, "r": 10, "t": 60, "b": 10},
        annotations=[{"text": chart_text(f"Node size: {SIZE_BY.get(size_by, size_by).lower()}; "
                                         f"line width: {WEIGHT_NAMES.get(weight, weight)}"),
                      "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": -0.02,
                      "font": {"size": 11}}])
    return figure


def _found_ring(graph: nx.Graph, node: str, size: float) -> go.Scatter:
    """A ring around the node searched for; clicking it picks the node too."""
    data = graph.nodes[node]
    return go.Scatter(
        x=[data["x"]], y=[data["y"]], mode="markers", name=chart_text(f"Found: {data['label']}"),
        marker={"size": size + 12, "symbol": "circle-open",
                "line": {"width": 3, "color": FOUND_COLOUR}},
        customdata=[["node", node]], hoverinfo="text", hovertext=[_node_hover(data)])


def clicked(selection: object) -> str | None:
    """What a chart selection points at: ``"id"`` for a node, ``"a|b"`` for a pair."""
    try:
        points = selection["selection"]["points"]  # type: ignore[index]
    except (KeyError, TypeError):
        return None
    for point in points:
        data = point.get("customdata") or []
        if len(data) == 2 and data[0] == "node":
            return str(data[1])
        if len(data) == 3 and data[0] == "edge":
            return f"{data[1]}|{data[2]}"
    return None
