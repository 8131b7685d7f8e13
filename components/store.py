"""The dashboard's handle on the store: where it is, and the first-run ingest of bundled data."""

from __future__ import annotations

import threading
from pathlib import Path

import streamlit as st

from components.cache import query
from components.text import plain
from newslens import fulltext, settings
from newslens.ingest import ingest
from newslens.queries.overview import stored_articles
from newslens.records import printable
from newslens.store.connection import StoreError, check, upgrade


def store_path() -> Path:
    return Path(settings.get("db"))


@st.cache_resource(show_spinner="Loading the bundled articles…")
def _bootstrap(db: str, bundled: str) -> str | None:
    """Ingest the bundled dataset into a store that does not exist yet; return an error or None."""
    if Path(db).exists():
        try:
            upgrade(db)
        except StoreError as exc:
            return str(exc)
        # a store written before the index existed, or whose index was deleted, gets one in
        # the background; searches read the texts meanwhile
        threading.Thread(target=fulltext.catch_up, args=(db,), name="newslens-index",
                         daemon=True).start()
        return None
    try:
        # in-process: worker processes started under `streamlit run` re-run app.py as their
        # main module; the demo corpus takes seconds on one core
        report = ingest([Path(bundled)], Path(db), workers=1)
    except StoreError as exc:
        return str(exc)
    except OSError as exc:
        return printable(f"Could not create the store at {db}: {exc}")
    return None if report.articles else f"No articles could be read from {bundled}."


def ensure_store() -> Path:
    """The store path, creating the store from bundled data on first run."""
    db = store_path()
    try:
        check(db)  # before any cache hashes the path: one that is not UTF-8 cannot be hashed
    except StoreError as exc:
        st.warning(plain(exc))
        st.stop()  # no page can use this path; each would only say the same
    problem = _bootstrap(str(db), str(settings.get("bundled_data")))
    if problem:
        st.warning(plain(problem))
    return db


def nothing_stored(db: Path) -> bool:
    """True (after saying so, with a link to the Data page) when the store holds no article:
    the pages that read articles have nothing to draw."""
    if query(stored_articles, db):
        return False
    st.info("The store holds no articles yet: load a dataset first.")
    st.page_link("app_pages/data.py", label="Load data", icon=":material/upload:")
    return True
