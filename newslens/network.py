"""The co-occurrence graph: built from weighted pairs, measured, grouped, laid out, exported.

Everything random is seeded (Louvain, spring layout) and nodes and edges are added in a fixed
order, so the same data and filters always give the same picture.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pandas as pd

from newslens.export.safe import safe_text
from newslens.queries.network import NetworkQuery, Pairs, pairs

SEED = 7
MIN_STRENGTH = 1e-3  # keeps zero-weight pairs (PMI 0) in the layout and in Louvain
RANKING_COLUMNS = ["entity_id", "name", "type", "community", "degree", "betweenness",
                   "mentions"]


@dataclass(frozen=True)
class NetworkView:
    """A graph ready to draw: nodes carry community, degree, betweenness and x, y."""

    graph: nx.Graph
    ranking: pd.DataFrame
    hidden: int  # chosen entities left out because no pair reached the minimums
    matched: int | None = None  # articles the filters keep, when only the newest were read
    stopped: tuple[str, ...] = ()  # names of top entities the stop list left out


def build_graph(found: Pairs) -> nx.Graph:
    """Entities that have at least one pair, and the pairs; attributes are plain Python values
    (GraphML and GEXF writers accept nothing else) and ``strength`` is the weight relative to
    the strongest pair, which is what layout and communities use."""
    graph = nx.Graph()
    linked = set(found.edges["source"]) | set(found.edges["target"])
    for row in found.nodes.sort_values("entity_id").itertuples(index=False):
        if row.entity_id in linked:
            graph.add_node(row.entity_id, label=str(row.name), type=str(row.type),
                           country=row.country if isinstance(row.country, str) else "",
                           units=int(row.units), mentions=int(row.mentions))
    strongest = max((abs(w) for w in found.edges["weight"]), default=1.0) or 1.0
    for row in found.edges.sort_values(["source", "target"]).itertuples(index=False):
        graph.add_edge(row.source, row.target, weight=float(row.weight), count=int(row.count),
                       articles=int(row.articles),
                       strength=max(float(row.weight) / strongest, MIN_STRENGTH))
    return graph


def communities(graph: nx.Graph, seed: int = SEED) -> dict[str, int]:
    """Louvain community of each node, numbered from 1 by size (largest first)."""
    if graph.number_of_edges() == 0:
        return {node: i for i, node in enumerate(sorted(graph), start=1)}
    groups = nx.community.louvain_communities(graph, weight="strength", seed=seed)
    ordered = sorted(groups, key=lambda group: (-len(group), min(group)))
    return {node: number for number, group in enumerate(ordered, start=1) for node in group}


def layout(graph: nx.Graph, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """Seeded spring layout: the same graph always lands in the same place."""
    if not graph:
        return {}
    positions = nx.spring_layout(graph, weight="strength", seed=seed)
    return {node: (float(x), float(y)) for node, (x, y) in positions.items()}


def community_names(graph: nx.Graph, groups: dict[str, int]) -> dict[int, str]:
    """Each community named by its two best-connected members ("Vladimir Putin · Sergey
    Lavrov"): a legend an analyst can read without hovering every node."""
    members: dict[int, list[str]] = {}
    for node, number in groups.items():
        members.setdefault(number, []).append(node)
    return {number: " · ".join(graph.nodes[n].get("label", n) for n in sorted(
        nodes, key=lambda n: (-graph.degree(n), -graph.nodes[n].get("mentions", 0), n))[:2])
        for number, nodes in members.items()}


def annotate(graph: nx.Graph) -> nx.Graph:
    """Add community (number and name), degree, betweenness and position to every node, in
    place."""
    groups = communities(graph)
    names = community_names(graph, groups)
    betweenness = nx.betweenness_centrality(graph) if graph else {}
    for node, (x, y) in layout(graph).items():
        graph.nodes[node].update(community=groups[node], community_name=names[groups[node]],
                                 degree=graph.degree(node),
                                 betweenness=round(betweenness[node], 4), x=x, y=y)
    return graph


def ranking(graph: nx.Graph) -> pd.DataFrame:
    """One row per entity, the most connected first."""
    rows = [{"entity_id": node, "name": data["label"], **{k: data[k] for k in RANKING_COLUMNS[2:]}}
            for node, data in graph.nodes(data=True)]
    frame = pd.DataFrame(rows, columns=RANKING_COLUMNS)
    return frame.sort_values(["degree", "betweenness", "mentions", "name"],
                             ascending=[False, False, False, True], ignore_index=True)


def ego(graph: nx.Graph, center: str, radius: int) -> nx.Graph:
    """The entity and everything within ``radius`` steps of it (the whole graph if unknown)."""
    if center not in graph:
        return graph
    return nx.Graph(nx.ego_graph(graph, center, radius=max(1, min(radius, 2))))


def network_view(db: Path | str, query: NetworkQuery, center: str = "",
                 radius: int = 1) -> NetworkView:
    """The graph for the query (or one entity's neighbourhood in it), ready to draw."""
    found = pairs(db, query)
    full = build_graph(found)
    graph = annotate(ego(full, center, radius) if center else full)
    return NetworkView(graph=graph, ranking=ranking(graph),
                       hidden=len(found.nodes) - full.number_of_nodes(), matched=found.matched,
                       stopped=found.stopped)


def find_node(graph: nx.Graph, typed: str) -> str | None:
    """The node a typed name means: its whole label, else a label starting with it, else one
    containing it (case and spacing ignored); the most connected when several match."""
    wanted = " ".join(typed.split()).casefold()
    if not wanted:
        return None
    labels = {node: " ".join(data["label"].split()).casefold()
              for node, data in graph.nodes(data=True)}
    for matches in (lambda label: label == wanted, lambda label: label.startswith(wanted),
                    lambda label: wanted in label):
        hits = [node for node, label in labels.items() if matches(label)]
        if hits:
            return min(hits, key=lambda n: (-graph.degree(n),
                                            -graph.nodes[n].get("mentions", 0), n))
    return None


def xml_safe(graph: nx.Graph) -> nx.Graph:
    """A copy whose ids and text attributes XML 1.0 can hold (``safe_text``): a control
    character makes the GraphML writer raise and the GEXF writer write an invalid file."""
    def clean(value: object) -> object:
        return safe_text(value) if isinstance(value, str) else value

    safe = nx.Graph()
    safe.add_nodes_from((clean(node), {k: clean(v) for k, v in data.items()})
                        for node, data in graph.nodes(data=True))
    safe.add_edges_from((clean(a), clean(b), {k: clean(v) for k, v in data.items()})
                        for a, b, data in graph.edges(data=True))
    return safe


def graphml_bytes(graph: nx.Graph) -> bytes:
    """The graph as GraphML (Gephi, yEd, Cytoscape); the XML writer escapes every name."""
    buffer = io.BytesIO()
    nx.write_graphml(xml_safe(graph), buffer, encoding="utf-8")
    return buffer.getvalue()


def gexf_bytes(graph: nx.Graph) -> bytes:
    """The graph as GEXF, Gephi's own format; node labels are the entities' names."""
    buffer = io.BytesIO()
    nx.write_gexf(xml_safe(graph), buffer, encoding="utf-8")
    return buffer.getvalue()
