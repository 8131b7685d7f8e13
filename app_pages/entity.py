"""Entity: one entity's profile, mentions over time, company, meetings and articles; and the
analyst's corrections (merge into another entity, rename)."""

import math
from functools import partial

import streamlit as st

from components.cache import query
from components.downloads import chart_downloads, result_downloads, table_downloads
from components.entity_charts import meetings_figure, mentions_figure
from components.filters import SIDEBAR_DATES
from components.state import page_context, read_only, set_bound
from components.store import nothing_stored
from components.tables import show_table
from components.text import plain
from components.time_controls import fitted_range, grain_control, grain_note, zoomable_chart
from newslens.filters import Filters
from newslens.presentation import MISSING, UNTITLED, day, plural, text
from newslens.queries.articles import (
    ArticleQuery,
    count_articles,
    export_articles,
    list_articles,
)
from newslens.queries.entity import (
    OTHER_PARTNERS,
    PARTNER_LANES,
    Profile,
    co_occurring,
    entity_meetings,
    mention_timeline,
    partner_lanes,
    profile,
    search_entities,
    with_entity,
)
from newslens.queries.options import ENTITY_OPTIONS, entity_options
from newslens.queries.table_view import FIRST_PAGE, TableView
from newslens.store.connection import StoreError
from newslens.store.curation import CurationError, merge_entities, rename_entity

PAGE_SIZE = 20


def _select_found(db) -> None:
    """Callback of the search box: show the entity that best matches what was typed (named
    exactly so, else the most mentioned match) without waiting for a pick from the list."""
    find = st.session_state.get("efind", "").strip()
    found = query(search_entities, db, find) if find else {}
    if found:
        set_bound("eid", next(iter(found)))


def entity_choices(db, filters: Filters) -> dict[str, str]:
    """Id -> label: what the search box finds (or the most mentioned entities), plus the ones
    a link, the current choice or the sidebar ask for."""
    find = st.text_input("Find an entity", key="efind", bind="query-params",
                         on_change=_select_found, args=(db,),
                         placeholder="a name or an alias, e.g. Dehqan; press Enter to show it")
    wanted = [v for v in (st.query_params.get("eid"), st.session_state.get("eid"),
                          *filters.entities[:1]) if v]
    found = query(search_entities, db, find) if find.strip() else {}
    limit = 0 if find.strip() else ENTITY_OPTIONS
    return found | query(entity_options, db, wanted, limit=limit)


def choose_entity(choices: dict[str, str], filters: Filters) -> str | None:
    """The entity shown; the sidebar's single selected entity is the default."""
    options = list(choices)
    preferred = filters.entities[0] if len(filters.entities) == 1 else None
    index = options.index(preferred) if preferred in choices else 0
    return st.selectbox("Entity", options, index=index if options else None, key="eid",
                        format_func=lambda e: choices.get(e, e), bind="query-params")


def search_notice(db, eid: str | None, choices: dict[str, str]) -> None:
    """Say when the search found nothing, and so the entity shown is still the previous one."""
    find = st.session_state.get("efind", "").strip()
    if find and not query(search_entities, db, find):
        still = f"; still showing {choices.get(eid, eid)}" if eid else ""
        st.caption(f"No entity name or alias contains “{plain(find)}”{plain(still)}.")


def _office(role) -> str:
    until = role.end.isoformat() if role.end else "now"
    return f"{role.office.replace('_', ' ').capitalize()} ({role.country}), {role.start} – {until}"


def show_profile(entity: Profile) -> None:
    st.subheader(plain(entity.name))
    facts = [entity.type.title(), "country " + (entity.country_name or entity.country or MISSING),
             f"{plural(entity.mentions, 'mention')} in {plural(entity.articles, 'article')} "
             f"(all dates)"]
    st.caption(plain(" · ".join(facts)))
    if entity.aliases:
        st.markdown("**Also written:** " + plain(", ".join(entity.aliases)))
    if entity.roles:
        st.markdown("**Offices** (from the curated dictionary)")
        st.markdown("\n".join("- " + plain(_office(role)) for role in entity.roles))


def show_merged(db, entity: Profile) -> None:
    """An entity merged away has no data of its own: point to where it went."""
    target = query(profile, db, entity.merged_into)
    name = target.name if target else entity.merged_into
    st.info(plain(f"{entity.name} was merged into {name}; its mentions and meetings are there."))
    st.button("Open " + plain(name), key="ent_open_target", on_click=set_bound,
              args=("eid", entity.merged_into))


def show_mentions(db, entity: Profile, filters: Filters) -> None:
    requested = grain_control(st, "e_grain")
    grain, frame = query(mention_timeline, db, entity.entity_id, filters, requested)
    if frame.empty:
        st.caption("No dated article mentions it within these filters.")
        return
    figure = mentions_figure(frame, grain, entity.name)
    zoomable_chart(figure, "ent_mentions_chart", SIDEBAR_DATES)
    grain_note(requested, grain)
    chart_downloads(figure, "entity", "mentions", filters.dates_label)


def show_company(db, entity: Profile, filters: Filters) -> None:
    st.markdown("**Named with** (same sentence; same article)")
    rows = query(co_occurring, db, entity.entity_id, filters)
    show_table(rows)
    table_downloads(rows, "entity", "co-occurring", filters.dates_label)


def show_meetings(db, entity: Profile, filters: Filters) -> None:
    meetings = query(entity_meetings, db, entity.entity_id, filters)
    st.markdown(f"**Meetings** ({len(meetings):,})")
    if meetings.empty:
        st.caption("No meeting of this entity is reported within these filters.")
        return
    lanes = query(partner_lanes, db, entity.entity_id, filters)
    if lanes.others:
        st.caption(plain(f"The {plural(PARTNER_LANES, 'partner')} met most have a row each; the "
                         f"meetings with {plural(lanes.others, 'other partner')} share the row "
                         f"“{OTHER_PARTNERS}”."))
    figure = meetings_figure(lanes, entity.name, fitted_range(lanes.rows, "e_all_dates"))
    st.plotly_chart(figure, theme="streamlit", key="ent_meetings_chart")
    chart_downloads(figure, "entity", "meetings", filters.dates_label)
    show_table(meetings)
    table_downloads(meetings, "entity", "meetings", filters.dates_label,
                    formats=("csv", "xlsx", "json"))


def show_articles(db, entity: Profile, filters: Filters) -> None:
    """A page of its articles, each a link that opens it in the Articles page's reader."""
    article_query = ArticleQuery(filters=with_entity(filters, entity.entity_id))
    total = query(count_articles, db, article_query)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    st.markdown(f"**Articles** ({total:,})")
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1,
                           key="epage", bind="query-params")
    rows = query(list_articles, db, article_query, TableView(page=int(page), page_size=PAGE_SIZE))
    for row in rows.itertuples(index=False):
        title = row.title or UNTITLED
        published = day(row.published, row.published_precision)
        # the Articles page's bound selectbox takes the title; the search puts it on page one
        st.page_link("app_pages/articles.py",
                     label=plain(f"{published} · {text(row.source)} · {title}"),
                     query_params={"q": title, "article": title}, icon=":material/article:")
    result_downloads(partial(export_articles, db, article_query, FIRST_PAGE), total, "entity",
                     "articles", filters.dates_label)


def _record(message: str, ok: bool) -> None:
    st.session_state["ent_notice"] = (message, ok)


def _rename(db, entity_id: str) -> None:
    new_name = st.session_state.get(f"ent_name_{entity_id}", "")
    try:
        rename_entity(db, entity_id, new_name)
    except (CurationError, StoreError) as exc:
        _record(f"Not renamed: {exc}", ok=False)
    else:
        _record(f"Renamed to {new_name.strip()}.", ok=True)


def _merge(db, source_id: str, source_name: str, choices: dict[str, str]) -> None:
    target_id = st.session_state.get(f"ent_target_{source_id}")
    try:
        if not target_id:
            raise CurationError("choose the entity to merge into")
        merge_entities(db, source_id, target_id)
    except (CurationError, StoreError) as exc:
        _record(f"Not merged: {exc}", ok=False)
    else:
        set_bound("eid", target_id)
        chosen = st.session_state.get("entity") or []
        if source_id in chosen:  # the sidebar's filter follows the merge
            set_bound("entity", list(dict.fromkeys(
                target_id if e == source_id else e for e in chosen)))
        _record(f"Merged {source_name} into {choices.get(target_id, target_id)}: its mentions, "
                f"pairs and meetings are shown here now.", ok=True)


def curation_controls(db, entity: Profile, choices: dict[str, str]) -> None:
    """Rename, or merge into another entity, each behind a confirmation; the one place that
    writes, so a read-only dashboard hides it by not calling it."""
    eid = entity.entity_id
    with st.expander("Correct this entity (rename, merge)", icon=":material/edit:"):
        rename_col, merge_col = st.columns(2)
        new_name = rename_col.text_input("New name", value=entity.name, key=f"ent_name_{eid}")
        sure = rename_col.checkbox("Rename it everywhere, in later ingests too",
                                   key=f"ent_sure_rename_{eid}")
        rename_col.button("Rename", key=f"ent_rename_{eid}", on_click=_rename, args=(db, eid),
                          disabled=not sure or new_name.strip() in ("", entity.name))
        targets = [c for c in choices if c != eid]
        target = merge_col.selectbox("Merge it into", targets, index=None, key=f"ent_target_{eid}",
                                     format_func=lambda e: choices.get(e, e),
                                     placeholder="the entity that stays")
        sure = merge_col.checkbox("Merge: its mentions, pairs and meetings become the other's",
                                  key=f"ent_sure_merge_{eid}")
        merge_col.button("Merge", key=f"ent_merge_{eid}", on_click=_merge,
                         args=(db, eid, entity.name, choices), disabled=not (sure and target))


def show_notice() -> None:
    notice = st.session_state.pop("ent_notice", None)
    if notice:
        message, ok = notice
        (st.success if ok else st.error)(plain(message))


def render() -> None:
    db, filters = page_context()
    if nothing_stored(db):
        return
    show_notice()
    choices = entity_choices(db, filters)
    eid = choose_entity(choices, filters)
    search_notice(db, eid, choices)
    entity = query(profile, db, eid) if eid else None
    if entity is None:
        st.info("Choose an entity (type in the box to search by name or alias).")
        return
    show_profile(entity)
    if entity.merged_into:
        show_merged(db, entity)
        return
    if not read_only():
        curation_controls(db, entity, choices)
    if not query(count_articles, db, ArticleQuery(filters=with_entity(filters, eid))):
        st.info("No article within the sidebar filters mentions it. Widen the dates or clear a "
                "filter in the sidebar.")
        return
    if filters != Filters():
        st.caption("Within the sidebar filters.")
    show_mentions(db, entity, filters)
    company_col, meetings_col = st.columns(2)
    with company_col:
        show_company(db, entity, filters)
    with meetings_col:
        show_meetings(db, entity, filters)
    show_articles(db, entity, filters)


st.title("Entity")
render()
