"""Overview: what the filtered articles hold — counts, dates covered, articles over time, the
most named entities and the latest meetings."""

from pathlib import Path

import streamlit as st

from components.cache import query
from components.downloads import chart_downloads, table_downloads
from components.filters import SIDEBAR_DATES
from components.overview_charts import articles_figure, entities_figure
from components.state import page_context
from components.tables import show_table
from components.text import plain
from components.time_controls import grain_control, grain_note, zoomable_chart
from newslens import settings
from newslens.filters import Filters
from newslens.queries.meetings import MeetingQuery, list_meetings
from newslens.queries.overview import (
    SPLITS,
    Counts,
    articles_over_time,
    counts,
    ingested_paths,
    stored_articles,
    top_entities,
)
from newslens.queries.table_view import TableView

LATEST_MEETINGS = 10


def show_counts(figures: Counts) -> None:
    numbers = {"Articles": figures.articles, "Sources": figures.sources,
               "Languages": figures.languages, "Entities": figures.entities,
               "Meetings": figures.meetings}
    for cell, (label, value) in zip(st.columns(len(numbers)), numbers.items(), strict=True):
        cell.metric(label, f"{value:,}")
    dated = (f"Dated {figures.first} to {figures.last}" if figures.first
             else "No article is dated")
    st.caption(plain(f"{dated}; {figures.undated:,} undated."))


def show_over_time(db, filters: Filters) -> None:
    split_col, grain_col = st.columns(2)
    split = split_col.radio("Split articles by", SPLITS, horizontal=True, key="ov_split",
                            bind="query-params")
    requested = grain_control(grain_col, "ov_grain")
    grain, frame = query(articles_over_time, db, filters, split, requested)
    if frame.empty:
        st.caption("No dated article within these filters.")
        return
    figure = articles_figure(frame, grain, split)
    zoomable_chart(figure, "ov_articles_chart", SIDEBAR_DATES)
    grain_note(requested, grain)
    chart_downloads(figure, "overview", f"articles-by-{split}", filters.dates_label)


def show_entities(db, filters: Filters) -> None:
    top = query(top_entities, db, filters)
    if top.empty:
        st.caption("No entity is named in these articles.")
        return
    figure = entities_figure(top)
    st.plotly_chart(figure, theme="streamlit", key="ov_entities_chart")
    chart_downloads(figure, "overview", "top-entities", filters.dates_label)
    table_downloads(top, "overview", "top-entities", filters.dates_label)


def show_latest_meetings(db, filters: Filters) -> None:
    st.subheader("Latest meetings")
    meetings = query(list_meetings, db, MeetingQuery(filters=filters),
                     TableView(page_size=LATEST_MEETINGS))
    if meetings.empty:
        st.caption("No meeting is reported within these filters.")
        return
    show_table(meetings)
    st.page_link("app_pages/meetings.py", label="All meetings on the timeline",
                 icon=":material/timeline:")
    table_downloads(meetings, "overview", "latest-meetings", filters.dates_label,
                    formats=("csv", "xlsx", "json"))


DEMO_NOTE = (
    "You are looking at the demo: {articles:,} articles, mostly official readouts of calls and "
    "meetings (White House, public domain; kremlin.ru, CC BY 4.0, linked from each article) "
    "and one Indonesian news article. Load your own articles on the Data page, or run "
    "`newslens ingest FILES` then reload.")


def welcome(db, articles: int) -> None:
    """One line on what the store holds and how to load one's own data."""
    if not articles:
        st.info("The store holds no articles yet: load a CSV, JSON, Parquet, XLSX, text or HTML "
                "collection on the Data page, or run `newslens ingest FILES`.")
        st.page_link("app_pages/data.py", label="Load data", icon=":material/upload:")
        return
    bundled = str(Path(settings.get("bundled_data")).resolve())
    if query(ingested_paths, db) == [bundled]:
        st.info(DEMO_NOTE.format(articles=articles), icon=":material/info:")


def render(db, filters: Filters) -> None:
    articles = query(stored_articles, db)
    welcome(db, articles)
    if not articles:
        return
    figures = query(counts, db, filters)
    show_counts(figures)
    if not figures.articles:
        st.info("No article matches these filters. Widen the dates or clear a filter in the "
                "sidebar.")
        return
    show_over_time(db, filters)
    show_entities(db, filters)
    show_latest_meetings(db, filters)


db, filters = page_context()
st.title("Overview")
render(db, filters)
