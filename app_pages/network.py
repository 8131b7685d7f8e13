"""Network: which entities appear together, how strongly, in which groups, and the articles why."""

import networkx as nx
import streamlit as st

from components.cache import query
from components.downloads import chart_downloads, file_name, table_downloads
from components.network_chart import COLOUR_BY, SIZE_BY, WEIGHT_NAMES, clicked, network_figure
from components.state import page_context
from components.store import nothing_stored
from components.tables import show_table
from components.text import plain
from newslens.filters import Filters
from newslens.network import find_node, gexf_bytes, graphml_bytes, network_view
from newslens.presentation import COMMUNITY_HELP, WEIGHT_HELP, plural
from newslens.queries.network import (
    MAX_ARTICLES,
    MAX_NODES,
    SCOPES,
    TYPES,
    WEIGHTS,
    NetworkQuery,
    articles_behind,
)


def network_query(filters: Filters) -> NetworkQuery:
    """The page's controls, bound to the URL, as one query value."""
    scope_col, weight_col, min_col, count_col = st.columns(4)
    scope = scope_col.radio("Together in the same", SCOPES, key="net_scope", horizontal=True,
                            bind="query-params")
    weight = weight_col.selectbox("Edge weight", WEIGHTS, key="net_weight", help=WEIGHT_HELP,
                                  format_func=WEIGHT_NAMES.get, bind="query-params")
    min_weight = min_col.number_input("Minimum weight", min_value=0.0, value=0.0, step=0.1,
                                      key="net_min", bind="query-params")
    min_count = count_col.number_input("Minimum co-occurrences", min_value=1, value=1, step=1,
                                       key="net_count", bind="query-params")
    top_col, types_col, stop_col = st.columns([2, 3, 1])
    top_n = top_col.slider("Top entities", min_value=5, max_value=MAX_NODES, value=50,
                           key="net_top", bind="query-params",
                           help="The entities that appear in the most sentences (or articles)")
    types = types_col.multiselect("Entity types", TYPES, default=list(TYPES), key="net_types",
                                  format_func=str.title, bind="query-params")
    stoplist = stop_col.checkbox(
        "Leave out the stop list", value=True, key="net_stop", bind="query-params",
        help="News agencies, dateline cities, time zones and the outlets themselves: named in "
             "nearly every article, they would be hubs linked to everything. The list is "
             "data/network_stoplist.yaml.")
    return NetworkQuery(filters=filters, scope=scope or "sentence", weight=weight or "count",
                        min_weight=float(min_weight or 0), min_count=int(min_count or 1),
                        top_n=int(top_n), types=tuple(types), stoplist=bool(stoplist))


def search_box(graph: nx.Graph) -> str:
    """The node the typed name finds in the drawn graph ("" for none); a new search also
    chooses it in the 'Articles behind' box, as a click would."""
    typed = st.text_input("Find an entity", key="net_find", bind="query-params",
                          placeholder="Type a name and press Enter",
                          on_change=lambda: st.session_state.update(net_find_new=True))
    found = find_node(graph, typed or "")
    if typed and not found:
        st.caption(plain(f"No entity in this graph is named like “{typed}”."))
    if found and (st.session_state.pop("net_find_new", False)
                  or not st.session_state.get("net_pick")):
        st.session_state["net_pick"] = found
    return found or ""


def view_controls(graph: nx.Graph) -> tuple[str, int, str, str]:
    """The entity whose neighbourhood to show ("" for the whole network), the radius, and what
    colours and sizes the nodes."""
    labels = {node: graph.nodes[node]["label"] for node in sorted(
        graph, key=lambda n: graph.nodes[n]["label"].lower())}
    center_col, radius_col, colour_col, size_col = st.columns(4)
    center = center_col.selectbox("Neighbourhood of", ["", *labels], key="net_ego",
                                  format_func=lambda n: labels.get(n, "(whole network)"),
                                  bind="query-params")
    radius = radius_col.radio("Steps from it", (1, 2), key="net_radius", horizontal=True,
                              bind="query-params", disabled=not center)
    colour = colour_col.radio("Colour by", list(COLOUR_BY), key="net_colour",
                              format_func=COLOUR_BY.get, horizontal=True, bind="query-params",
                              help=COMMUNITY_HELP)
    size = size_col.radio("Node size", list(SIZE_BY), key="net_size", format_func=SIZE_BY.get,
                          horizontal=True, bind="query-params")
    return center or "", int(radius or 1), colour or "community", size or "degree"


def follow_click(event: object) -> None:
    """A new click on the chart chooses what the 'Articles behind' box shows."""
    picked = clicked(event)
    if picked and picked != st.session_state.get("net_last_click"):
        st.session_state["net_last_click"] = picked
        st.session_state["net_pick"] = picked


def show_articles_behind(db, graph: nx.Graph, filters: Filters, scope: str) -> None:
    """The node or pair chosen by a click or in the box, and the articles that link it."""
    def label(key: str) -> str:
        if not key:
            return "(click a node or a pair, or choose here)"
        return " — ".join(graph.nodes[n]["label"] for n in key.split("|") if n in graph)

    choices = ["", *sorted(graph, key=lambda n: graph.nodes[n]["label"].lower()),
               *(f"{a}|{b}" for a, b in sorted(graph.edges()))]
    if st.session_state.get("net_pick") not in choices:
        st.session_state.pop("net_pick", None)
    picked = st.selectbox("Articles behind", choices, key="net_pick", format_func=label,
                          bind="query-params")
    if not picked:
        return
    rows = query(articles_behind, db, filters, tuple(picked.split("|")), scope)
    st.caption(plain(f"{plural(len(rows), 'article')} (newest first, at most 100) with ")
               + plain(label(picked)))
    show_table(rows, column_config={"together": st.column_config.NumberColumn(
        "Together", help=f"{scope.title()}s naming them together")})
    table_downloads(rows, "network", "articles", filters.dates_label)


def exports(graph: nx.Graph, dates: str) -> None:
    st.caption("For Gephi: the graph with names, types, communities, metrics and positions.")
    for column, (fmt, build) in zip(st.columns(2), (("graphml", graphml_bytes),
                                                    ("gexf", gexf_bytes)), strict=True):
        column.download_button(fmt.upper(), data=lambda build=build: build(graph),
                               file_name=file_name("network", "graph", dates, fmt),
                               mime="application/xml", on_click="ignore", key=f"dl-net-{fmt}",
                               icon=":material/download:")


def render() -> None:
    db, filters = page_context()
    if nothing_stored(db):
        return
    network = network_query(filters)
    if not network.types:
        st.info("Choose at least one entity type.")
        return
    full = query(network_view, db, network)
    if not full.graph:
        st.info("No pair of entities reaches these minimums for the articles the filters "
                "select. Lower the minimums, widen the sidebar filters, or add entity types.")
        return
    center, radius, colour, size = view_controls(full.graph)
    view = query(network_view, db, network, center, radius) if center else full
    title = (f"Entities named together in the same {network.scope}"
             + (f": {radius} step(s) from {full.graph.nodes[center]['label']}" if center else ""))
    found = search_box(view.graph)
    figure = network_figure(view.graph, title, colour, size, network.weight, found)
    follow_click(st.plotly_chart(figure, theme="streamlit", on_select="rerun",
                                 selection_mode="points", key="net_chart"))
    st.caption(plain(f"{plural(view.graph.number_of_nodes(), 'entity')}, "
                     f"{plural(view.graph.number_of_edges(), 'pair')}; {full.hidden:,} of the "
                     f"top entities have no pair above the minimums. The largest are named; "
                     f"hover for the others. Click a node, or a pair's diamond, to list the "
                     f"articles behind it."))
    if full.stopped:
        st.caption(plain(f"Left out by the stop list: {', '.join(full.stopped)}."))
    if full.matched:
        st.caption(f"Drawn from the newest {MAX_ARTICLES:,} of the {full.matched:,} articles "
                   f"these filters keep; narrow the dates to see an earlier period.")
    chart_downloads(figure, "network", "graph", filters.dates_label)
    exports(view.graph, filters.dates_label)
    show_articles_behind(db, view.graph, filters, network.scope)
    st.subheader("Ranking")
    show_table(view.ranking)
    table_downloads(view.ranking, "network", "ranking", filters.dates_label)


st.title("Network")
render()
