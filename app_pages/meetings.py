"""Meetings: who met whom, when and where — a timeline, a map and the table, each meeting
traceable to the sentences and articles that report it."""

from functools import partial

import pandas as pd
import streamlit as st

from components.cache import query
from components.downloads import chart_downloads, result_downloads
from components.filters import date_filter
from components.meeting_map import MAP_CONFIG, places_figure
from components.state import page_context
from components.store import nothing_stored
from components.tables import show_table, table_view
from components.text import plain
from components.time_controls import fitted_range, zoomable_chart
from components.timeline import (
    MAX_LANES,
    busiest_lanes,
    clicked_meeting,
    meeting_labels,
    timeline_figure,
)
from newslens.extract.contact_pairs import contact_words
from newslens.filters import Filters
from newslens.presentation import KIND_HELP, MISSING, UNTITLED, day, plural, text
from newslens.queries import options
from newslens.queries.articles import meeting_kinds
from newslens.queries.meetings import (
    LANES,
    MEETING_TABLE,
    PAGE_SIZE,
    MeetingQuery,
    count_meetings,
    export_meetings,
    list_meetings,
    meeting_places,
    meeting_reports,
    participant_options,
    timeline_rows,
)
from newslens.queries.table_view import TableView

CHOSEN_KEY = "m_meeting"
MEETING_DATES = ("m_from", "m_to")


def meeting_filters(db, filters: Filters) -> MeetingQuery:
    """The page's own filters, bound to the URL, with the sidebar's."""
    who, where, what = st.columns(3)
    actors = query(participant_options, db, tuple(st.query_params.get_all("m_actor")))
    chosen_actors = who.multiselect("Actors (any of them took part)", list(actors),
                                    format_func=actors.get, key="m_actor", bind="query-params")
    countries = query(options.countries, db)
    chosen_countries = where.multiselect(
        "Countries (a participant's or the place's)", list(countries), format_func=countries.get,
        key="m_country", bind="query-params")
    kinds = what.multiselect("Kinds", query(meeting_kinds, db), key="m_kind",
                             bind="query-params", help=KIND_HELP)
    start_col, end_col, min_col, planned_col = st.columns(4)
    start = date_filter(start_col, "Met from", "m_from")
    end = date_filter(end_col, "Met until", "m_to")
    if start and end and start > end:
        st.warning("'Met from' is after 'Met until': no meeting can match.")
    least = min_col.number_input("Minimum reporting articles", min_value=1, max_value=1000,
                                 value=1, step=1, key="m_min", bind="query-params")
    planned = planned_col.checkbox("Include planned meetings", key="m_planned",
                                   bind="query-params",
                                   help="Meetings announced for later, not yet held")
    return MeetingQuery(filters=filters, actors=tuple(chosen_actors),
                        countries=tuple(chosen_countries), kinds=tuple(kinds), start=start,
                        end=end, min_sources=int(least), include_planned=planned)


def _pick_from_chart(selection: dict) -> None:
    meeting = clicked_meeting(selection)
    if meeting:
        st.session_state[CHOSEN_KEY] = meeting


def _pick_from_table(ids: list[str]) -> None:
    rows = st.session_state["m_table"].get("selection", {}).get("rows", [])
    if rows and rows[0] < len(ids):
        st.session_state[CHOSEN_KEY] = ids[rows[0]]


def show_timeline(db, meeting_query: MeetingQuery, view: TableView, chosen: str | None) -> None:
    by = st.radio("One row per", LANES, horizontal=True, key="m_by", bind="query-params")
    rows = query(timeline_rows, db, meeting_query, by, view)
    undated = rows.loc[rows["date"].isna(), "meeting_id"].nunique()
    if undated:
        st.caption(f"Meetings without a date: {undated:,}. They are in the table, not on the "
                   f"timeline.")
    rows, hidden = busiest_lanes(rows)
    if hidden:
        st.caption(plain(f"The {plural(MAX_LANES, by)} with the most meetings are drawn; "
                         f"{hidden:,} more are in the table below (choose one above to draw its "
                         f"row)."))
    figure = timeline_figure(rows, by, chosen, fitted_range(rows, "m_all_dates"))
    zoomable_chart(figure, "m_chart", MEETING_DATES, pick=_pick_from_chart)
    chart_downloads(figure, "meetings", f"timeline-by-{by}", meeting_query.filters.dates_label)


def show_map(db, meeting_query: MeetingQuery) -> None:
    places = query(meeting_places, db, meeting_query)
    unplaced = int(places["latitude"].isna().sum())
    if places.empty or unplaced == len(places):
        st.caption("No meeting place of these meetings can be put on a map.")
        return
    if unplaced:
        st.caption(f"{unplaced:,} places (regions, seas, places of no one country) are not "
                   f"on the map.")
    figure = places_figure(places)
    st.plotly_chart(figure, theme="streamlit", key="m_map", config=MAP_CONFIG)
    chart_downloads(figure, "meetings", "places", meeting_query.filters.dates_label)


def show_meetings_table(db, meetings: pd.DataFrame, meeting_query: MeetingQuery,
                        view: TableView, total: int) -> None:
    show_table(meetings, key="m_table", selection_mode="single-row",
               on_select=partial(_pick_from_table, list(meetings["meeting_id"])),
               column_order=view.shown(MEETING_TABLE), column_config={
                   "evidence": st.column_config.TextColumn("Evidence", width="large")})
    result_downloads(partial(export_meetings, db, meeting_query, view), total, "meetings",
                     "table", meeting_query.filters.dates_label, formats=("csv", "xlsx", "json"))


def show_reports(db, meeting_id: str, filters: Filters) -> None:
    """The sentences that report the meeting, each under a link to its article."""
    reports = query(meeting_reports, db, meeting_id, filters)
    if reports.empty:
        st.caption("No article within the sidebar's filters reports this meeting.")
    for row in reports.itertuples(index=False):
        title = row.title or UNTITLED
        # the Articles page's bound selectbox takes the title; the search puts it on page one
        st.page_link("app_pages/articles.py",
                     label=plain(f"{day(row.published)} · {text(row.source)} · {title}"),
                     query_params={"q": title, "article": title}, icon=":material/article:")
        st.markdown("> " + plain(row.evidence or ""))
        st.caption(plain(why_found(row.evidence or "", row.language, row.kind, row.confidence)))
        if (row.url or "").startswith(("http://", "https://")):
            st.link_button("Open the original", row.url)


def why_found(evidence: str, language: str | None, kind: str, confidence: float) -> str:
    """Why the sentence counts as this meeting: its contact words, the kind read from them,
    and how sure the extractor was."""
    words = contact_words(evidence, language)
    said = ", ".join(f"“{w}”" for w in words) if words else "no contact word (named together)"
    sure = MISSING if pd.isna(confidence) else f"{confidence:.2f}"
    return f"Found by: {said} · read as {kind} · confidence {sure}"


def choose_meeting(meetings: pd.DataFrame) -> str | None:
    labels = meeting_labels(meetings)
    return st.selectbox("Meeting (or click it on the timeline or in the table)", list(labels),
                        index=None, format_func=labels.get, key=CHOSEN_KEY,
                        bind="query-params", placeholder="Choose a meeting")


def render(db, filters: Filters) -> None:
    if nothing_stored(db):
        return
    meeting_query = meeting_filters(db, filters)
    total = query(count_meetings, db, meeting_query)
    if not total:
        st.info("No meeting matches these filters. Clear a filter above or in the sidebar, "
                "or lower the minimum of reporting articles.")
        return
    view = table_view(MEETING_TABLE, total, prefix="m_", page_size=PAGE_SIZE, what="meetings")
    first = (view.page - 1) * view.page_size
    st.caption(f"Meetings {first + 1:,}–{min(total, first + view.page_size):,} of {total:,}")
    # the timeline rings the chosen meeting, whose box is drawn further down
    timeline = st.container()
    meetings = query(list_meetings, db, meeting_query, view)
    show_map(db, meeting_query)
    show_meetings_table(db, meetings, meeting_query, view, total)
    st.subheader("Evidence")
    chosen = choose_meeting(meetings)
    if chosen:
        show_reports(db, chosen, filters)
    with timeline:
        show_timeline(db, meeting_query, view, chosen)


db, filters = page_context()
st.title("Meetings")
render(db, filters)
