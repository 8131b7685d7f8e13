"""Distributed ingest on Dask: a 2-worker LocalCluster fills the store exactly like one process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newslens import distributed
from newslens.distributed import DaskUnavailable, clean_on_dask
from newslens.ingest import ingest
from newslens.store.connection import reading

pytest.importorskip("distributed")

TABLES = ("articles", "origins", "entities", "mentions", "cooccurrence", "meetings",
          "meeting_participants", "meeting_sources")
PEOPLE = [("Vladimir Putin", "Moscow"), ("Joko Widodo", "Jakarta"), ("Xi Jinping", "Beijing"),
          ("Narendra Modi", "New Delhi"), ("Recep Tayyip Erdogan", "Ankara")]


def _story(i: int) -> dict:
    host, city = PEOPLE[i % len(PEOPLE)]
    guest, _ = PEOPLE[(i + 1 + i // len(PEOPLE)) % len(PEOPLE)]
    return {"title": f"Talks {i}", "url": f"https://example.com/n/{i}", "date": "2024-05-08",
            "text": f"{city} - President {host} met {guest} in {city} on Tuesday, the "
                    f"{i}th round of talks on trade. {guest} said the talks went well."}


def _snapshot(db: Path) -> dict[str, list]:
    """Every row of every content table, without the ingest ids."""
    with reading(db) as con:
        return {t: con.execute(f"SELECT * EXCLUDE (ingest_id) FROM {t} ORDER BY ALL").fetchall()
                if t in ("articles", "origins", "mentions")
                else con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}


def test_a_local_dask_cluster_gives_the_same_store_as_one_process(tmp_path, inputs):
    lines = [json.dumps(_story(i)) for i in range(700)] + [json.dumps(_story(3))]
    (inputs / "news.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = ingest([inputs], tmp_path / "one.duckdb", workers=1)
    dask = ingest([inputs], tmp_path / "dask.duckdb", workers=2, dask="local")
    assert (one.added, one.duplicates) == (dask.added, dask.duplicates) == (700, 1)
    expected, got = _snapshot(tmp_path / "one.duckdb"), _snapshot(tmp_path / "dask.duckdb")
    assert expected["mentions"] and expected["meetings"], "fixture should yield entities"
    assert got == expected


def test_an_unreachable_scheduler_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(DaskUnavailable, match="no Dask scheduler answers"):
        list(clean_on_dask(iter([[]]), "tcp://127.0.0.1:9"))
