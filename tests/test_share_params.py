"""Share links with hostile or stale values: unknown entities, impossible dates, huge lists,
injected SQL, unknown parameters and broken saved views are ignored with a notice, every page
still renders, and the store is exactly as it was.

Also every query function, called with injection strings for every value it takes, answers
without a SQL error and without changing the store: values travel as bound parameters.
"""

from __future__ import annotations

import inspect
import json
import pkgutil
import shutil
from collections.abc import Callable
from datetime import date
from importlib import import_module
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import newslens.queries
from newslens.filters import Filters
from newslens.ingest import ingest
from newslens.queries import (
    articles,
    entity,
    meetings,
    network,
    options,
    overview,
    summary,
    table_view,
)
from newslens.store.connection import reading
from newslens.views import ViewError, load_view, save_view
from tests.conftest import ROOT, SEED, article_text
from tests.hostile import markdown_text

APP = str(ROOT / "app.py")
PUTIN = "person:vladimir-putin"
INJECTIONS = (
    "'; DROP TABLE articles; --",
    "1 OR 1=1",
    "\" OR \"\"=\"",
    "1; DELETE FROM entities WHERE TRUE; --",
    "x') UNION SELECT table_name FROM information_schema.tables --",
    "%' OR '1'='1",
    "\\'; DROP TABLE saved_views; --",
    "? $1 $p",
)
DROP = INJECTIONS[0]
#: The parameters each page binds, on top of the sidebar's global ones.
PAGE_PARAMS = {
    "overview": ("ov_split",),
    "meetings": ("m_actor", "m_by", "m_country", "m_kind", "m_min", "m_page", "m_planned",
                 "m_sort", "m_order", "m_size", "m_cols"),
    "network": ("net_colour", "net_count", "net_ego", "net_find", "net_min", "net_pick",
                "net_radius", "net_scope", "net_size", "net_stop", "net_top", "net_types",
                "net_weight"),
    "articles": ("q", "kind", "page", "article", "qtext", "sort", "order", "size", "cols"),
    "entity": ("eid", "efind", "epage"),
    "data": (),
}
GLOBAL_PARAMS = ("from", "to", "source", "lang", "entity", "country")
TITLES = {page: page.title() for page in PAGE_PARAMS}
TABLES = ("articles", "origins", "entities", "mentions", "meetings", "ingests", "saved_views")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed (Putin, Shoigu, Dehghan) and two English reports from another source."""
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copy(SEED, folder / SEED.name)
    (folder / "news.jsonl").write_text("".join(json.dumps(
        {"title": f"Report {n}", "source": "Daily Bugle", "date": f"2024-03-0{n}",
         "text": article_text(n)}) + "\n" for n in (1, 2)), encoding="utf-8")
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    ingest([folder], db, workers=1)
    return db


@pytest.fixture
def store(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy.duckdb"
    shutil.copy(seeded, copy)
    return copy


def fingerprint(db: Path) -> dict[str, object]:
    """Row counts of the tables a link could hurt, and a checksum of the articles."""
    with reading(db) as con:  # the app's pooled connection may still hold the file
        state: dict[str, object] = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                                    for t in TABLES}
        state["checksum"] = con.execute("SELECT md5(string_agg(article_id || title, ',' "
                                        "ORDER BY article_id)) FROM articles").fetchone()[0]
    return state


@pytest.fixture
def open_link(monkeypatch: pytest.MonkeyPatch, store: Path):
    """``open_link(params, page, page_params)``: the app opened on a link, as a colleague would;
    returns the app and every warning its runs showed.

    ``params`` reach the first run (the sidebar reads them there and reports what it dropped);
    ``page_params`` are added for the switch to ``page``, whose run reports what it dropped.
    """
    def start(params: dict, page: str = "overview",
              page_params: dict | None = None) -> tuple[AppTest, str]:
        monkeypatch.setenv("NEWSLENS_DB", str(store))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update(params)
        shown = warnings(at.run())
        if page != "overview" or page_params:
            at.query_params.update(page_params or {})
            shown += " " + warnings(at.switch_page(f"app_pages/{page}.py").run())
        return at, shown
    return start


def warnings(at: AppTest) -> str:
    """Every warning shown (the sidebar's link notice among them), as the reader sees it."""
    return " ".join(markdown_text(w.value) for w in at.warning)


def assert_intact(at: AppTest, page: str, db: Path, before: dict[str, object]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == TITLES[page]
    assert fingerprint(db) == before


def shown_count(at: AppTest) -> int:
    caption = next(c.value for c in at.caption if c.value.endswith((" article", " articles")))
    return int(caption.split()[0].replace(",", ""))


# --- stale and impossible values -------------------------------------------------------------


def test_unknown_entities_are_ignored_and_known_ones_kept(open_link, store):
    before = fingerprint(store)
    at, shown = open_link({"entity": ["Nobody Atall", "Vladimir Putin", "person:gone"]}, "articles")
    assert_intact(at, "articles", store, before)
    assert "'Nobody Atall' is not a valid value for 'entity'" in shown
    assert "'person:gone' is not a valid value for 'entity'" in shown
    assert shown_count(at) == 1  # the seed: the one article naming Putin


@pytest.mark.parametrize(("key", "value"), [
    ("from", "2024-02-30"), ("to", "0000-00-00"), ("from", "9999-12-31"), ("to", "1066-10-14"),
    ("from", "2024-13-01"), ("to", "yesterday"), ("from", "-1"), ("to", "2024-03-01T00:00"),
])
def test_impossible_dates_are_ignored_with_a_notice(open_link, store, key, value):
    before = fingerprint(store)
    at, shown = open_link({key: value}, "articles")
    assert_intact(at, "articles", store, before)
    assert f"'{value}' is not a valid value for '{key}'" in shown
    assert shown_count(at) == before["articles"]


def test_a_thousand_entities_are_ignored_with_one_short_notice(open_link, store):
    before = fingerprint(store)
    at, shown = open_link({"entity": [f"Nobody {n}" for n in range(1000)]}, "articles")
    assert_intact(at, "articles", store, before)
    assert "995 more values of 'entity' were not valid" in shown
    assert len(shown) < 1000
    assert shown_count(at) == before["articles"]


def test_a_100_kb_search_finds_nothing_and_breaks_nothing(open_link, store):
    before = fingerprint(store)
    at, shown = open_link({}, "articles", {"q": "x" * 100_000})
    assert_intact(at, "articles", store, before)
    assert shown_count(at) == 0
    assert "'q'" not in shown  # any text is a valid search


def test_unknown_parameters_are_named_in_the_notice(open_link, store):
    before = fingerprint(store)
    at, shown = open_link({"bogus": "1", "<script>alert(1)</script>": "x", "x" * 500: "y"})
    assert_intact(at, "overview", store, before)
    assert "unknown parameter 'bogus'" in shown
    assert "unknown parameter '<script>alert(1)</script>'" in shown
    assert "unknown parameter '" + "x" * 60 + "…'" in shown


# --- injected SQL ------------------------------------------------------------------------------


def _hostile(keys: tuple[str, ...]) -> dict[str, list[str]]:
    """Every key gets injection strings (all of them, or one each, in turn)."""
    return {key: list(INJECTIONS) if n % 2 else [INJECTIONS[n % len(INJECTIONS)]]
            for n, key in enumerate(keys)}


@pytest.mark.parametrize("page", list(PAGE_PARAMS))
def test_sql_in_every_parameter_is_ignored_and_harmless(open_link, store, page):
    before = fingerprint(store)
    at, shown = open_link(_hostile(GLOBAL_PARAMS), page, _hostile(PAGE_PARAMS[page]))
    assert_intact(at, page, store, before)
    assert "Some link parameters were ignored" in shown
    for key in ("from", "source", "entity"):
        assert f"is not a valid value for '{key}'" in shown


def test_sql_in_the_search_is_searched_for_as_text(open_link, store):
    before = fingerprint(store)
    for text in INJECTIONS:
        at, shown = open_link({}, "articles", {"q": text})
        assert_intact(at, "articles", store, before)
        assert shown_count(at) == 0, text
        assert "'q'" not in shown


# --- saved views --------------------------------------------------------------------------------


@pytest.mark.parametrize(("view", "reason"), [
    ("garbage", "is not a saved-view id"),
    ("0123456789", "no saved view '0123456789'"),
    (DROP, "is not a saved-view id"),
    ("0123456789' OR '1'='1", "is not a saved-view id"),
    ("x" * 5000, "is not a saved-view id"),
])
def test_a_broken_saved_view_is_reported(open_link, store, view, reason):
    before = fingerprint(store)
    at, shown = open_link({"view": view})
    assert_intact(at, "overview", store, before)
    assert "Saved view not opened" in shown and reason in shown


def test_a_stale_saved_view_opens_with_what_still_holds(open_link, store):
    view = save_view(store, "articles", {"entity": ["Vladimir Putin", "person:merged-away"],
                                         "from": ["2024-02-30"], "source": [DROP]})
    before = fingerprint(store)
    at, shown = open_link({"view": view})
    assert_intact(at, "articles", store, before)
    assert "'person:merged-away' is not a valid value for 'entity'" in shown
    assert f"'{DROP}' is not a valid value for 'source'" in shown
    assert shown_count(at) == 1


def test_a_saved_view_of_a_page_that_no_longer_exists_opens_the_overview(open_link, store):
    view = save_view(store, "no-such-page", {})
    at, _ = open_link({"view": view})
    assert not at.exception
    assert at.title[0].value == "Overview"


# --- every query function binds its values ------------------------------------------------------


def _filters(text: str) -> Filters:
    return Filters(start=date(2000, 1, 1), end=date(2100, 1, 1), sources=(text, DROP),
                   languages=(text,), entities=(text, PUTIN), countries=(text, "IR"))


def _calls(text: str) -> dict[str, Callable[[Path], object]]:
    """Each public query function, called with ``text`` wherever it takes a value."""
    hostile = _filters(text)
    article_query = articles.ArticleQuery(search=text, filters=hostile, meeting_kind=text)
    meeting_query = meetings.MeetingQuery(filters=hostile, actors=(text, PUTIN),
                                          countries=(text,), kinds=(text,))
    network_query = network.NetworkQuery(filters=hostile, scope=text, weight=text,
                                         types=(text, "PERSON"))
    view = table_view.TableView(sort=text, columns=(text, "title", "kind"))
    return {
        "articles.count_articles": lambda db: articles.count_articles(db, article_query),
        "articles.list_articles": lambda db: articles.list_articles(db, article_query, view),
        "articles.export_articles": lambda db: list(
            articles.export_articles(db, article_query, view)),
        "articles.get_article": lambda db: articles.get_article(db, text),
        "articles.article_mentions": lambda db: articles.article_mentions(db, text),
        "articles.article_meetings": lambda db: articles.article_meetings(db, text),
        "articles.meeting_kinds": articles.meeting_kinds,
        "articles.index_ready": articles.index_ready,
        "articles.search_reach": lambda db: articles.search_reach(db, text, True),
        "entity.profile": lambda db: entity.profile(db, text),
        "entity.search_entities": lambda db: entity.search_entities(db, text),
        "entity.mention_timeline": lambda db: entity.mention_timeline(db, text, hostile, text),
        "entity.co_occurring": lambda db: entity.co_occurring(db, text, hostile),
        "entity.entity_meetings": lambda db: entity.entity_meetings(db, text, hostile),
        "entity.partner_lanes": lambda db: entity.partner_lanes(db, text, hostile),
        "meetings.count_meetings": lambda db: meetings.count_meetings(db, meeting_query),
        "meetings.list_meetings": lambda db: meetings.list_meetings(db, meeting_query, view),
        "meetings.export_meetings": lambda db: list(
            meetings.export_meetings(db, meeting_query, view)),
        "table_view.streamed": lambda db: list(table_view.streamed(db, "SELECT ?", [text])),
        "meetings.timeline_rows": lambda db: meetings.timeline_rows(db, meeting_query),
        "meetings.meeting_places": lambda db: meetings.meeting_places(db, meeting_query),
        "meetings.meeting_reports": lambda db: meetings.meeting_reports(db, text, hostile),
        "meetings.participant_options": lambda db: meetings.participant_options(db, (text,)),
        "network.pairs": lambda db: network.pairs(db, network_query),
        "network.articles_behind": lambda db: network.articles_behind(
            db, hostile, (text, PUTIN), scope=text),
        "options.sources": options.sources,
        "options.languages": options.languages,
        "options.date_bounds": options.date_bounds,
        "options.countries": options.countries,
        "options.entity_options": lambda db: options.entity_options(db, [text, PUTIN]),
        "overview.stored_articles": overview.stored_articles,
        "overview.ingested_paths": overview.ingested_paths,
        "overview.counts": lambda db: overview.counts(db, hostile),
        "overview.articles_over_time": lambda db: overview.articles_over_time(
            db, hostile, grain=text),
        "overview.top_entities": lambda db: overview.top_entities(db, hostile),
        "summary.summarise": summary.summarise,
        "summary.ingest_log": summary.ingest_log,
        "summary.ingest_issues": lambda db: summary.ingest_issues(db, 1),
    }


def _public_query_functions() -> set[str]:
    """``module.function`` for every public function of newslens.queries that reads a store."""
    found = set()
    for info in pkgutil.iter_modules(newslens.queries.__path__):
        module = import_module(f"newslens.queries.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            params = list(inspect.signature(fn).parameters)
            if fn.__module__ == module.__name__ and not name.startswith("_") \
                    and params[:1] == ["db"]:
                found.add(f"{info.name}.{name}")
    return found


def test_every_query_function_is_called_with_hostile_values():
    missing = _public_query_functions() - set(_calls(DROP))
    assert not missing, f"add these to _calls so they meet injection strings too: {missing}"


@pytest.mark.parametrize("text", INJECTIONS)
def test_query_functions_bind_hostile_values(store, text):
    before = fingerprint(store)
    failures = {}
    for name, call in _calls(text).items():
        try:
            call(store)
        except duckdb.Error as exc:
            failures[name] = str(exc)[:200]
    assert not failures
    assert fingerprint(store) == before


@pytest.mark.parametrize("text", INJECTIONS)
def test_hostile_names_and_ids_are_refused_before_any_sql(store, text):
    with pytest.raises(ValueError):
        overview.articles_over_time(store, Filters(), split=text)
    with pytest.raises(ValueError):
        meetings.timeline_rows(store, meetings.MeetingQuery(), by=text)
    with pytest.raises(ViewError):
        load_view(store, text)


def test_a_saved_view_stores_hostile_values_as_data(store):
    params = {"entity": list(INJECTIONS), "q": [DROP]}
    before = fingerprint(store)
    page, loaded = load_view(store, save_view(store, DROP, params))
    assert (page, loaded) == (DROP, params)
    after = fingerprint(store)
    assert after.pop("saved_views") == before.pop("saved_views") + 1
    assert after == before
