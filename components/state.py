"""What a page needs from the frame: the store path and the sidebar's filters."""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from components.store import store_path
from newslens import settings
from newslens.filters import Filters

_FRAME_RAN = "_frame_ran"
_SET_BY_APP = "_set_by_app"


def mark_frame() -> None:
    """Called by app.py on every run, before the page: the page then knows the frame ran."""
    st.session_state[_FRAME_RAN] = True


def _through_entrypoint() -> None:
    """Rerun through app.py when Streamlit ran this page file on its own.

    A fresh server assumes a ``pages/`` folder means the old multipage mode until some run
    calls ``st.navigation``; so the first visitor of a deep link (a shared ``/meetings?...``)
    gets the bare page without the sidebar. Switching the flag and rerunning sends the run
    through the entrypoint, which keeps the requested page.
    """
    if not st.session_state.pop(_FRAME_RAN, False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def page_context() -> tuple[Path, Filters]:
    """The store and the global filters the entrypoint drew (empty filters if it could not)."""
    _through_entrypoint()
    return store_path(), st.session_state.get("filters") or Filters()


def read_only() -> bool:
    """True on a dashboard published to colleagues: every control that writes is hidden."""
    return bool(settings.get("read_only"))


def set_bound(key: str, value: object) -> None:
    """Set a URL-bound widget from a callback, and remember that the app changed it: the link
    value it replaces was not ignored (``app_changed`` tells the share notices so)."""
    st.session_state[key] = value
    st.session_state.setdefault(_SET_BY_APP, set()).add(key)


def app_changed() -> set[str]:
    """The bound keys callbacks set in this run (read once, at the end of the run)."""
    return st.session_state.pop(_SET_BY_APP, set())
