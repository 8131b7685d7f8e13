"""newslens dashboard: navigation and the frame shared by every page."""

import streamlit as st

from components.store import ensure_store

st.set_page_config(page_title="newslens", page_icon="📰", layout="wide")
ensure_store()
page = st.navigation([
    st.Page("pages/articles.py", title="Articles", icon="📄", default=True),
])
page.run()
