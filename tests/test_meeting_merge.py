"""One meeting, many reports: reports of the same participants a day apart are one meeting,
whether they arrive in one ingest or in several."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from newslens.cli import app
from newslens.ingest import ingest
from newslens.store.connection import reading
from newslens.store.curation import merge_entities
from tests.conftest import SEED


def _article(folder: Path, name: str, text: str, day: str) -> Path:
    path = folder / f"{name}.jsonl"
    path.write_text(json.dumps({"title": name, "text": text, "date": day, "language": "en",
                                "url": f"https://example.com/{name}"}) + "\n", encoding="utf-8")
    return path


def _meetings(db: Path) -> list[tuple[list[str], int]]:
    with reading(db) as con:
        return con.execute("""
            SELECT (SELECT list(entity_id ORDER BY entity_id) FROM meeting_participants p
                    WHERE p.meeting_id = m.meeting_id),
                   (SELECT count(DISTINCT article_id) FROM meeting_sources s
                    WHERE s.meeting_id = m.meeting_id)
            FROM meetings m ORDER BY 1""").fetchall()


PUTIN_WIDODO = ["person:joko-widodo", "person:vladimir-putin"]


def test_adjacent_day_reports_in_separate_ingests_are_one_meeting(db, inputs):
    ingest([_article(inputs, "a", "Vladimir Putin met Joko Widodo in Moscow on Monday.",
                     "2016-05-17")], db, workers=1)
    ingest([_article(inputs, "b", "Joko Widodo met Vladimir Putin in Moscow on Tuesday.",
                     "2016-05-18")], db, workers=1)
    assert _meetings(db) == [(PUTIN_WIDODO, 2)]
    [exported] = [json.loads(line) for line in CliRunner().invoke(
        app, ["export", "meetings", "--db", str(db)]).stdout.splitlines()]
    assert len(exported["article_ids"]) == len(exported["evidence"]) == 2


def test_adjacent_day_reports_in_one_ingest_are_one_meeting(db, inputs):
    ingest([_article(inputs, "a", "Vladimir Putin met Joko Widodo in Moscow on Monday.",
                     "2016-05-17"),
            _article(inputs, "b", "Joko Widodo met Vladimir Putin in Moscow on Tuesday.",
                     "2016-05-18")], db, workers=1)
    assert _meetings(db) == [(PUTIN_WIDODO, 2)]


def test_other_participants_or_days_further_apart_stay_apart(db, inputs):
    ingest([_article(inputs, "a", "Vladimir Putin met Joko Widodo in Moscow on Monday.",
                     "2016-05-17")], db, workers=1)
    ingest([_article(inputs, "b", "Vladimir Putin met Xi Jinping in Moscow on Tuesday.",
                     "2016-05-18"),
            _article(inputs, "c", "Vladimir Putin met Joko Widodo in Moscow on Thursday.",
                     "2016-05-19")], db, workers=1)
    assert _meetings(db) == [(PUTIN_WIDODO, 1), (PUTIN_WIDODO, 1),
                             (["person:vladimir-putin", "person:xi-jinping"], 1)]


def test_merging_an_entity_moves_its_meetings(db):
    ingest([SEED], db, workers=1)
    merge_entities(db, "person:sergei-shoigu", "person:dmitry-rogozin")
    with reading(db) as con:
        left = con.execute("SELECT count(*) FROM meeting_participants "
                           "WHERE entity_id = 'person:sergei-shoigu'").fetchall()[0][0]
        rogozin = con.execute("SELECT count(DISTINCT meeting_id) FROM meeting_participants "
                              "WHERE entity_id = 'person:dmitry-rogozin'").fetchall()[0][0]
    assert left == 0
    assert rogozin == 3  # his own meeting and Shoigu's two
