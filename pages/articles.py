"""Articles: the stored articles, searchable and paged, with a reader for one of them."""

import math

import pandas as pd
import streamlit as st

from components.store import store_path
from components.text import plain
from newslens.queries.articles import ArticleQuery, count_articles, get_article, list_articles
from newslens.store.connection import StoreError

PAGE_SIZE = 50


def show_table(rows: pd.DataFrame) -> None:
    st.dataframe(rows, hide_index=True, width="stretch", column_config={
        "url": st.column_config.LinkColumn("url"),
        "published": st.column_config.DateColumn("published"),
    })


def show_article(article: dict) -> None:
    """Title, metadata, body, read-also titles and origins, all shown as plain text."""
    st.subheader(plain(article["title"] or "(untitled)"))
    meta = [article["source"], str(article["published"] or "undated"), article["language"]]
    st.caption(plain(" · ".join(m for m in meta if m)))
    if article["url"]:
        st.link_button("Open the original", article["url"])
    for paragraph in article["text"].split("\n\n"):
        st.markdown(plain(paragraph))
    if article["related_titles"]:
        st.markdown("**Read-also links in the original**")
        for title in article["related_titles"]:
            st.markdown("- " + plain(title))
    st.caption("Origins: " + plain(", ".join(article["origins"] or [])))


def render() -> None:
    db = store_path()
    query = ArticleQuery(search=st.text_input("Search titles and text", key="q",
                                              bind="query-params"))
    total = count_articles(db, query)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1,
                           step=1, key="page", bind="query-params")
    st.caption(f"{total:,} articles")
    rows = list_articles(db, query, page=int(page), page_size=PAGE_SIZE)
    show_table(rows)
    if rows.empty:
        return
    titles = dict(zip(rows["article_id"], rows["title"].fillna("(untitled)"), strict=True))
    chosen = st.selectbox("Read an article", list(titles), format_func=titles.get, key="article")
    article = get_article(db, chosen) if chosen else None
    if article:
        show_article(article)


st.title("Articles")
try:
    render()
except StoreError as exc:
    st.info(str(exc))
