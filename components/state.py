"""What a page needs from the frame: the store path and the sidebar's filters."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components.store import store_path
from newslens import settings
from newslens.filters import Filters

_SET_BY_APP = "_set_by_app"


def page_context() -> tuple[Path, Filters]:
    """The store and the global filters the entrypoint drew (empty filters if it could not)."""
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
