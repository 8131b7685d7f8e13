"""newslens dashboard: navigation and the frame shared by every page.

The entrypoint draws the sidebar (global filters, share link) on every run, so filters live in
the URL and survive page switches; pages read them from ``st.session_state["filters"]``.
"""

import streamlit as st

from components.filters import sidebar_filters
from components.share import current_params, open_saved_view, report_ignored, share_controls
from components.state import mark_frame
from components.store import ensure_store
from components.text import plain
from components.warmup import preload_chart_library, warm_up
from newslens.store.connection import StoreError

st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
PAGES = {
    "overview": st.Page("pages/overview.py", title="Overview", icon="📊", default=True),
    "meetings": st.Page("pages/meetings.py", title="Meetings", icon="🤝"),
    "network": st.Page("pages/network.py", title="Network", icon="🕸️"),
    "articles": st.Page("pages/articles.py", title="Articles", icon="📄"),
    "entity": st.Page("pages/entity.py", title="Entity", icon="👤"),
    "data": st.Page("pages/data.py", title="Data", icon="🗂️"),
}
page = st.navigation(list(PAGES.values()))
link_params = current_params()
db = ensure_store()
warm_up()
open_saved_view(db, PAGES)
notice = st.sidebar.empty()
try:
    st.session_state["filters"] = sidebar_filters(db)
except StoreError as exc:
    st.session_state["filters"] = None
    st.sidebar.info(plain(exc))
mark_frame()
page.run()
share_controls(db, page.url_path or "overview")
report_ignored(link_params, notice)
preload_chart_library()
