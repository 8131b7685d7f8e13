"""Articles: the filtered articles, searchable and paged, with a reader for one of them."""

from functools import partial

import pandas as pd
import streamlit as st

from components.cache import query
from components.downloads import result_downloads
from components.reader import show_body
from components.state import page_context
from components.tables import show_table, table_view
from components.text import plain
from newslens.presentation import KIND_HELP, UNTITLED, day, plural, text
from newslens.queries.articles import (
    ARTICLE_TABLE,
    ArticleQuery,
    article_meetings,
    article_mentions,
    count_articles,
    export_articles,
    get_article,
    index_ready,
    list_articles,
    meeting_kinds,
    search_reach,
)
from newslens.queries.overview import stored_articles

#: Without the full-text index, up to this many stored articles the search reads article texts
#: by default (under a second).
FULL_TEXT_LIMIT = 50_000


def show_meetings(meetings: pd.DataFrame) -> None:
    if meetings.empty:
        st.caption("No meeting found in this article.")
        return
    st.markdown("**Meetings found in this article**")
    show_table(meetings)


def show_article(db, article: dict) -> None:
    """Title, metadata, highlighted body, meetings, read-also titles and origins, as text."""
    st.subheader(plain(article["title"] or UNTITLED))
    published = day(article["published"], article["published_precision"])
    st.caption(plain(" · ".join(text(m) for m in (article["source"], published,
                                                  article["language"]))))
    if (article["url"] or "").startswith(("http://", "https://")):
        st.link_button("Open the original", article["url"])
    show_meetings(query(article_meetings, db, article["article_id"]))
    show_body(article["text"], query(article_mentions, db, article["article_id"]))
    if article["related_titles"]:
        st.markdown("**Read-also links in the original**")
        for title in article["related_titles"]:
            st.markdown("- " + plain(title))
    st.caption("Origins: " + plain(", ".join(article["origins"] or [])))


def search_options(db) -> bool:
    """The "search the text too" switch: on by default when the full-text index answers."""
    ready = query(index_ready, db)
    stored = query(stored_articles, db)
    if ready:
        help_text = ("Through the full-text index: the words in the order typed, the last one "
                     "may be a beginning (Dehq finds Dehqan); case and accents ignored.")
    else:
        help_text = (f"The full-text index is not ready yet (it is built in the background, or "
                     f"by `newslens index`), so this reads every article's text: seconds on "
                     f"this store ({stored:,} articles). Any part of a word matches.")
    return st.checkbox("Search the article text too, not only titles", key="qtext",
                       bind="query-params", value=ready or stored <= FULL_TEXT_LIMIT,
                       help=help_text)


def search_note(db, search: str, in_text: bool) -> str:
    """What the count means when the index had more matches than it hands to the filters."""
    indexed, matching, kept = query(search_reach, db, search, in_text)
    if not indexed or kept >= matching:
        return ""
    return (f" — {plural(matching, 'article')} hold these words; the newest {kept:,} of them "
            f"were checked against the filters")


def render() -> None:
    db, filters = page_context()
    search_col, kind_col = st.columns([3, 1])
    search = search_col.text_input("Search titles and text", key="q", bind="query-params")
    kind = kind_col.selectbox("Reports a meeting of kind", ["", *query(meeting_kinds, db)],
                              key="kind", bind="query-params", help=KIND_HELP,
                              format_func=lambda k: k or "any (or none)")
    in_text = search_options(db)
    article_query = ArticleQuery(search=search, filters=filters, meeting_kind=kind,
                                 in_text=in_text)
    total = query(count_articles, db, article_query)
    view = table_view(ARTICLE_TABLE, total, what="articles")
    st.caption(plain(plural(total, "article") + search_note(db, search, in_text)))
    rows = query(list_articles, db, article_query, view)
    show_table(rows, column_order=view.shown(ARTICLE_TABLE))
    result_downloads(partial(export_articles, db, article_query, view), total, "articles",
                     "table", filters.dates_label)
    if rows.empty:
        st.info("No article matches these filters. Widen the dates or clear a filter in the "
                "sidebar.")
        return
    titles = dict(zip(rows["article_id"], rows["title"].fillna(UNTITLED), strict=True))
    chosen = st.selectbox("Read an article", list(titles), format_func=titles.get,
                          key="article", bind="query-params")
    article = query(get_article, db, chosen) if chosen else None
    if article:
        show_article(db, article)


st.title("Articles")
render()
