"""AppTest for the Overview page: the seed's figures, empty and unmatched states, bad link
parameters, hostile entity names."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from newslens.store.connection import reading, writing
from newslens.store.curation import rename_entity
from tests.conftest import ROOT, SEED
from tests.hostile import markdown_text

APP = str(ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>[click](javascript:alert(2)) **bold**"


@pytest.fixture
def overview(monkeypatch):
    def start(db: Path, **params: str) -> AppTest:
        """The app's default page, opened by a link with ``params``."""
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(SEED.parent))
        at = AppTest.from_file(APP, default_timeout=60)
        for key, value in params.items():
            at.query_params[key] = value
        return at.run()
    return start


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def charts(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def test_first_run_shows_the_seed(overview, db):
    at = overview(db)
    assert not at.exception
    assert at.title[0].value == "Overview"
    assert metrics(at) == {"Articles": "1", "Sources": "1", "Languages": "1",
                           "Entities": "16", "Meetings": "5"}
    assert "Dated 2016-02-18 to 2016-02-18; 0 undated." in [markdown_text(c.value)
                                                             for c in at.caption]
    over_time, entities = charts(at)
    assert [t["name"] for t in over_time["data"]] == ["ArrahmahNews"]
    assert "Vladimir Putin" in {y for t in entities["data"] for y in t["y"]}
    assert len(at.dataframe[0].value) == 5  # the latest meetings


def test_articles_split_by_language(overview, seeded):
    at = overview(seeded, ov_split="language")
    assert at.radio(key="ov_split").value == "language"
    assert [t["name"] for t in charts(at)[0]["data"]] == ["id"]


def test_filters_that_match_nothing_say_so(overview, seeded):
    at = overview(seeded, **{"from": "2030-01-01"})
    assert not at.exception
    assert metrics(at)["Articles"] == "0"
    assert "No article matches these filters" in at.info[0].value
    assert not at.get("plotly_chart")


def test_an_empty_store_says_how_to_load_data(overview, db):
    with writing(db):
        pass
    at = overview(db)
    assert not at.exception
    assert "holds no articles yet" in at.info[0].value
    assert not at.metric


def test_a_malformed_split_falls_back(overview, seeded):
    at = overview(seeded, ov_split="title; DROP TABLE articles")
    assert not at.exception
    assert at.radio(key="ov_split").value == "source"


def test_hostile_entity_name_is_escaped(overview, seeded):
    rename_entity(seeded, "person:vladimir-putin", HOSTILE)
    at = overview(seeded)
    assert not at.exception
    labels = {y for t in charts(at)[1]["data"] for y in t["y"]}
    assert "&lt;img src=x onerror=alert(1)&gt;[click](javascript:alert(2)) **bold**" in labels
    assert not any("<img" in label for label in labels)
    assert any(HOSTILE in p for p in at.dataframe[0].value["participants"])


def _spread(tmp_path: Path, days: list[str]) -> Path:
    """A store of one short report per day in ``days``."""
    from newslens.ingest import ingest

    folder = tmp_path / "spread"
    folder.mkdir()
    rows = [{"title": f"Report {i}", "date": day, "source": "Wire" if i % 3 else "Post",
             "url": f"https://example.com/{i}", "text": f"Jakarta - Report number {i}."}
            for i, day in enumerate(days)]
    (folder / "reports.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = tmp_path / "spread.duckdb"
    ingest([folder], db, workers=1)
    return db


def _bars(at: AppTest) -> dict[str, int]:
    """Period (its first day) -> articles, summed over the stacked sources."""
    totals: dict[str, int] = {}
    for trace in charts(at)[0]["data"]:
        counts = trace["y"]  # Plotly sends numbers as a typed array
        if isinstance(counts, dict):
            counts = np.frombuffer(base64.b64decode(counts["bdata"]), counts["dtype"]).tolist()
        for x, y in zip(trace["x"], counts, strict=True):
            totals[x[:10]] = totals.get(x[:10], 0) + y
    return totals


@pytest.mark.parametrize(("days", "grain"), [
    ([f"2024-03-{d:02d}" for d in range(1, 29, 3)], "day"),
    ([f"{y}-{m:02d}-15" for y in (2022, 2023) for m in range(1, 13)], "week"),
    ([f"{y}-06-01" for y in range(2015, 2025)], "month"),
    (["1950-01-01", "2024-12-31"], "year"),
])
def test_the_period_is_chosen_from_the_span(overview, tmp_path, days, grain):
    at = overview(_spread(tmp_path, days))
    assert not at.exception
    assert charts(at)[0]["layout"]["title"]["text"].startswith(f"Articles per {grain} ")
    assert f"One bar per {grain}, chosen from the span of the dates." in [
        markdown_text(c.value) for c in at.caption]
    first, last = (pd.Timestamp(v) for v in charts(at)[0]["layout"]["xaxis"]["range"])
    assert first <= pd.Timestamp(days[0]) and last >= pd.Timestamp(days[-1])
    assert last - pd.Timestamp(days[-1]) < pd.Timedelta(days=400)  # no axis running on


@pytest.mark.parametrize("grain", ["day", "week", "month", "year"])
def test_bars_count_what_the_store_counts_per_period(overview, tmp_path, grain):
    days = [f"2023-{m:02d}-{d:02d}" for m in (1, 2, 3, 11, 12) for d in (2, 9, 10, 27)]
    db = _spread(tmp_path, [*days, "2024-01-01"])
    at = overview(db, ov_grain=grain)
    with reading(db) as con:
        expected = dict(con.execute(
            "SELECT strftime(date_trunc(?, published), '%Y-%m-%d'), count(*) FROM articles "
            "GROUP BY 1", [grain]).fetchall())
    assert _bars(at) == expected
    assert charts(at)[0]["layout"]["title"]["text"].startswith(f"Articles per {grain} ")


def test_a_chosen_period_that_draws_too_many_bars_says_what_was_drawn(overview, tmp_path):
    at = overview(_spread(tmp_path, ["1950-01-01", "2024-12-31"]), ov_grain="day")
    assert "One bar per day would draw more than 3,000 bars: one per month instead." in [
        markdown_text(c.value) for c in at.caption]
