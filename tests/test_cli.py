"""The `newslens` command: report, exit status, info and every export format."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newslens.cli import app
from newslens.store.connection import reading, writing
from newslens.store.faults import FaultKind
from newslens.store.schema import SCHEMA_VERSION
from tests.conftest import ROOT, SEED, article_text

runner = CliRunner()
JSONL_FIELDS = {"article_id", "url", "source", "title", "published", "published_precision",
                "language", "text", "related_titles", "origins"}


@pytest.fixture
def loaded(db, inputs):
    rows = [{"title": "=HYPERLINK(\"http://evil\")", "text": article_text(1),
             "date": "2024-02-03", "url": "https://example.com/1", "source": "+Outlet"},
            {"title": "-12.5", "text": article_text(2), "date": "Januari 2015"}]
    (inputs / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    result = runner.invoke(app, ["ingest", str(inputs), str(SEED), "--db", str(db), "-q"])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_prints_a_report(loaded, db, inputs):
    result = runner.invoke(app, ["ingest", str(inputs / "a.jsonl"), str(inputs / "nope.csv"),
                                 "--db", str(db), "-q"])
    assert result.exit_code == 0
    assert "duplicates            2" in result.output
    assert "nope.csv: no such file or folder" in result.output


def test_ingest_fails_only_when_nothing_could_be_read(db, inputs):
    result = runner.invoke(app, ["ingest", str(inputs / "nope.csv"), "--db", str(db), "-q"])
    assert result.exit_code == 1


def test_bad_map_is_a_clear_error(db):
    result = runner.invoke(app, ["ingest", str(SEED), "--db", str(db), "--map", "body"])
    assert result.exit_code == 1
    assert "is not FIELD=COLUMN" in result.output


def test_env_var_chooses_the_store(tmp_path, monkeypatch):
    store = tmp_path / "env.duckdb"
    monkeypatch.setenv("NEWSLENS_DB", str(store))
    assert runner.invoke(app, ["ingest", str(SEED), "-q"]).exit_code == 0
    assert store.exists()
    assert "articles         1" in runner.invoke(app, ["info"]).output


def test_info(loaded):
    output = runner.invoke(app, ["info", "--db", str(loaded)]).output
    assert "articles         3" in output
    assert f"schema_version   {SCHEMA_VERSION}" in output


def test_info_without_store(db):
    result = runner.invoke(app, ["info", "--db", str(db)])
    assert result.exit_code == FaultKind.MISSING.exit_code
    assert "no store at" in result.output


def test_export_jsonl_has_the_documented_fields(loaded, tmp_path):
    out = tmp_path / "a.jsonl"
    assert runner.invoke(app, ["export", "articles", "-f", "jsonl", "-o", str(out),
                               "--db", str(loaded)]).exit_code == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 3
    assert all(set(r) >= JSONL_FIELDS for r in records)
    by_title = {r["title"]: r for r in records}
    assert by_title["-12.5"]["published"] == "2015-01"
    assert by_title["-12.5"]["published_precision"] == "month"
    seed = by_title["Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"]
    assert seed["published"] == "2016-02-18" and len(seed["related_titles"]) == 5
    assert seed["origins"] == [str(SEED)]


def test_export_csv_is_spreadsheet_safe(loaded):
    result = runner.invoke(app, ["export", "articles", "-f", "csv", "--db", str(loaded)])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    titles = {r["title"] for r in rows}
    assert "'=HYPERLINK(\"http://evil\")" in titles
    assert "-12.5" in titles  # a real number stays a number
    assert {r["source"] for r in rows} >= {"'+Outlet"}


def test_export_parquet(loaded, tmp_path):
    out = tmp_path / "a.parquet"
    assert runner.invoke(app, ["export", "articles", "-f", "parquet", "-o", str(out),
                               "--db", str(loaded)]).exit_code == 0
    assert pq.read_table(out).num_rows == 3


def test_export_issues_and_bad_arguments(loaded):
    assert runner.invoke(app, ["export", "issues", "--db", str(loaded)]).exit_code == 0
    bad = runner.invoke(app, ["export", "nothing", "--db", str(loaded)])
    assert bad.exit_code == 2 and "'nothing' is not one of" in bad.output
    odd = runner.invoke(app, ["export", "articles", "-f", "docx", "--db", str(loaded)])
    assert odd.exit_code == 2 and "'docx' is not one of" in odd.output
    assert "pass -o FILE" in runner.invoke(app, ["export", "articles", "-f", "parquet",
                                                 "--db", str(loaded)]).output


def test_entity_rename_and_merge_commands(loaded):
    rename = runner.invoke(app, ["entity", "rename", "country:ir", "Iran (IR)",
                                 "--db", str(loaded)])
    assert rename.exit_code == 0, rename.output
    exported = runner.invoke(app, ["export", "entities", "--db", str(loaded)]).stdout
    assert '"name": "Iran (IR)"' in exported
    bad = runner.invoke(app, ["entity", "merge", "person:nobody", "country:ir", "--db",
                              str(loaded)])
    assert bad.exit_code == 1 and "no entity 'person:nobody'" in bad.output


def test_rebuild_recounts_emptied_derived_tables(loaded):
    with writing(loaded) as con:
        expected = con.execute("SELECT count(*) FROM entity_stats").fetchall()[0][0]
        for table in ("entity_articles", "entity_stats", "entity_pairs"):
            con.execute(f"DELETE FROM {table}")
    result = runner.invoke(app, ["rebuild", "--db", str(loaded)])
    assert result.exit_code == 0, result.output
    assert f"recounted {expected:,} entities" in result.output
    with reading(loaded) as con:
        assert con.execute("SELECT count(*) FROM entity_articles").fetchall()[0][0] > 0


def test_rebuild_without_store_is_a_clear_error(db):
    result = runner.invoke(app, ["rebuild", "--db", str(db)])
    assert result.exit_code == FaultKind.MISSING.exit_code
    assert "no store at" in result.output
    assert not db.exists()


def test_the_version_is_printed_without_touching_a_store():
    from newslens import __version__

    result = runner.invoke(app, ["--version"])
    assert (result.exit_code, result.output) == (0, f"newslens {__version__}\n")


def test_the_cli_reference_is_what_help_says():
    """docs/cli.md is generated from --help (`make cli-docs`); an option added or reworded
    without regenerating it fails here instead of leaving the reference stale."""
    written = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "typer", "newslens.cli", "utils", "docs",
                           "--name", "newslens", "--title", "The newslens command"],
                          capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert made.strip() == written.strip(), "docs/cli.md is stale: run `make cli-docs`"
