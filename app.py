"""newslens dashboard: navigation and the frame shared by every page.

The entrypoint draws the sidebar (global filters, share link) on every run, so filters live in
the URL and survive page switches; pages read them from ``st.session_state["filters"]``.

The frame runs only as the script Streamlit runs (``__main__``): Streamlit installs this file as
``__main__``, so the processes that clean an upload's articles (spawned, not forked) import it
as ``__mp_main__`` and must not draw a page, open the store or log a warning per call.
"""

import streamlit as st

from components.filters import sidebar_filters
from components.share import current_params, open_saved_view, report_ignored, share_controls
from components.store import ensure_store
from components.text import plain
from components.warmup import preload_chart_library, warm_up
from newslens.store.connection import StoreError


def main() -> None:
    """Draw the frame (navigation, store, sidebar filters, share link) and run the page."""
    st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
    pages = {
        "overview": st.Page("app_pages/overview.py", title="Overview", icon="📊", default=True),
        "meetings": st.Page("app_pages/meetings.py", title="Meetings", icon="🤝"),
        "network": st.Page("app_pages/network.py", title="Network", icon="🕸️"),
        "articles": st.Page("app_pages/articles.py", title="Articles", icon="📄"),
        "entity": st.Page("app_pages/entity.py", title="Entity", icon="👤"),
        "data": st.Page("app_pages/data.py", title="Data", icon="🗂️"),
    }
    page = st.navigation(list(pages.values()))
    link_params = current_params()
    db = ensure_store()
    warm_up()
    open_saved_view(db, pages)
    notice = st.sidebar.empty()
    try:
        st.session_state["filters"] = sidebar_filters(db)
    except StoreError as exc:
        st.session_state["filters"] = None
        st.sidebar.info(plain(exc))
    try:
        page.run()
    except StoreError as exc:  # a store fault met by any page: its message, never a traceback
        st.info(plain(exc))
    share_controls(db, page.url_path or "overview")
    report_ignored(link_params, notice)
    preload_chart_library()


if __name__ == "__main__":
    main()
