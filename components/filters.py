"""The sidebar's global filters, bound to the URL so that a link reopens the same view.

Widgets live in the entrypoint's sidebar, so their values survive page switches; each is bound
to a query parameter named by its key (from, to, source, lang, entity, country).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from components.cache import query
from components.text import plain
from newslens.filters import EARLIEST, LATEST, Filters
from newslens.queries import options

#: The sidebar's date widgets, which a drag across a time chart sets.
SIDEBAR_DATES = ("from", "to")
#: Streamlit's date box commits a typed date only when its calendar closes (Esc, or a click
#: elsewhere); Enter and Tab do not, so the UI says so.
DATE_HELP = ("Pick a day in the calendar, or type YYYY-MM-DD and press Esc (or click outside "
             "the box) to apply it.")
DATE_NOTE = "A typed date applies on Esc or a click outside its box."


def date_filter(where: DeltaGenerator, label: str, key: str) -> date | None:
    """A day bound to the URL, or none; also the Meetings page's own dates."""
    return where.date_input(label, value=None, min_value=EARLIEST, max_value=LATEST, key=key,
                            bind="query-params", format="YYYY-MM-DD", help=DATE_HELP)


def sidebar_filters(db: Path) -> Filters:
    """Draw the global filters and return what they select."""
    with st.sidebar:
        st.header("Filters")
        first, last = query(options.date_bounds, db)
        if first:
            st.caption(plain(f"Articles dated {first} to {last}. {DATE_NOTE}"))
        start, end = date_filter(st, "From", "from"), date_filter(st, "To", "to")
        if start and end and start > end:
            st.warning("'From' is after 'To': no article can match.")
        sources = st.multiselect("Sources", query(options.sources, db), key="source",
                                 bind="query-params")
        languages = st.multiselect("Languages", query(options.languages, db), key="lang",
                                   bind="query-params")
        names = query(options.entity_options, db, st.query_params.get_all("entity"))
        entities = st.multiselect("Entities (all must appear)", list(names), key="entity",
                                  format_func=names.get, bind="query-params",
                                  help="Most mentioned entities; type to search.")
        countries = query(options.countries, db)
        codes = st.multiselect("Countries", list(countries), key="country",
                               format_func=countries.get, bind="query-params",
                               help="Articles mentioning the country or anyone of it")
    return Filters(start=start, end=end, sources=tuple(sources), languages=tuple(languages),
                   entities=tuple(entities), countries=tuple(codes))
