"""Share links: the view's URL to copy, a short saved link, and notices for what a link lost."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from components.state import app_changed, read_only
from components.text import plain
from newslens.share import ignored_params
from newslens.store.connection import StoreError
from newslens.views import ViewError, load_view, save_view

Params = dict[str, list[str]]


def current_params() -> Params:
    return {key: st.query_params.get_all(key) for key in st.query_params}


def open_saved_view(db: Path, pages: dict[str, st.Page]) -> None:
    """Turn ``?view=<id>`` into the saved page and parameters, or say why it cannot."""
    view_id = st.query_params.get("view")
    if not view_id:
        return
    try:
        page, params = load_view(db, view_id)
    except (ViewError, StoreError) as exc:
        st.sidebar.warning(plain(f"Saved view not opened: {exc}"))
        return
    st.switch_page(pages.get(page) or next(iter(pages.values())), query_params=params)


def _link(params: Params) -> str:
    base = st.context.url or ""
    pairs = [(key, value) for key, values in params.items() for value in values]
    return base + ("?" + urlencode(pairs) if pairs else "")


def share_controls(db: Path, page: str) -> None:
    """The link to this exact view, and a button that saves it under a short id."""
    params = {k: v for k, v in current_params().items() if k != "view"}
    with st.sidebar.expander("Share this view", icon=":material/share:"):
        st.caption("Copy the link (button at its right); it reopens this page with these "
                   "filters and selections.")
        st.code(_link(params), language=None, wrap_lines=True)
        if read_only():
            return
        if st.button("Make a short link", key="save-view",
                     help="Saves the view in the store: useful when many entities are chosen"):
            try:
                view_id = save_view(db, page, params)
            except (ViewError, StoreError) as exc:
                st.warning(plain(f"Could not save the view: {exc}"))
            else:
                st.code(_link({"view": [view_id]}), language=None)


def report_ignored(before: Params, notice: st.delta_generator.DeltaGenerator) -> None:
    """After the page ran: tell the analyst which link parameters were not honoured (a value
    the app itself replaced, by a merge or a zoom, was not ignored)."""
    changed = app_changed()
    before = {key: values for key, values in before.items() if key not in changed}
    bound = {key: st.session_state[key] for key in before if key in st.session_state}
    lost = ignored_params(before, current_params(), bound)
    if lost:
        notice.warning("Some link parameters were ignored: " + plain("; ".join(lost)),
                       icon=":material/link_off:")
