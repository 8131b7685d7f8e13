"""Every real corpus in ../shared/corpora ingests with a sensible report (skipped without them)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from newslens.ingest import ingest
from newslens.store.connection import reading

pytestmark = pytest.mark.corpora


def _one(db: Path, sql: str):
    with reading(db) as con:
        return con.execute(sql).fetchall()[0]


def test_detik_2026_splits(corpora, db):
    report = ingest([corpora / "id-detik-2026-splits"], db)
    assert (report.files, report.records, report.skipped) == (3, 1840, 0)
    assert report.added + report.duplicates == 1840
    total, indonesian, detik, undated, titled = _one(db, """
        SELECT count(*), count(*) FILTER (language = 'id'), count(*) FILTER (source = 'detikcom'),
               count(*) FILTER (published IS NULL), count(title) FROM articles""")
    assert total == report.added
    assert indonesian >= 0.99 * total
    assert detik == total == titled
    assert undated == 4  # the four rows with an empty date, as the corpus README says
    assert _one(db, "SELECT min(published)::VARCHAR, max(published)::VARCHAR FROM articles") == \
        ("2026-04-26", "2026-05-29")


def test_detik_entity_1000(corpora, db):
    report = ingest([corpora / "id-detik-entity-1000"], db)
    assert (report.records, report.skipped) == (1000, 0)
    assert report.duplicates < 100  # the corpus repeats some URLs; each is one article
    chrome, read_also, undated, first, last = _one(db, """
        SELECT count(*) FILTER (text ILIKE '%SCROLL TO CONTINUE%'),
               count(*) FILTER (len(related_titles) > 0), count(*) FILTER (published IS NULL),
               min(published)::VARCHAR, max(published)::VARCHAR FROM articles""")
    assert chrome == 0
    assert read_also >= 100  # "Simak juga Video: …" lines lifted out of the body
    assert undated == 0
    assert (first, last) == ("2025-04-23", "2025-12-09")  # month-first dates read as such


def test_timebank_aquaint_timeml(corpora, db):
    folder = corpora / "en-timebank-aquaint-timeml"
    report = ingest([folder], db)
    files = sorted(folder.rglob("*.tml"))
    assert (report.files, report.records, report.skipped) == (len(files), len(files), 0)
    english, undated = _one(db, "SELECT count(*) FILTER (language = 'en'), "
                                "count(*) FILTER (published IS NULL) FROM articles")
    assert english == report.added and undated == 0
    with reading(db) as con:
        # an article read from two files (the corpus repeats a few stories) has the first date
        stored = dict(con.execute("SELECT any_value(o.origin), any_value(a.published)::VARCHAR "
                                  "FROM origins o JOIN articles a USING (article_id) "
                                  "GROUP BY a.article_id HAVING count(*) = 1").fetchall())
    assert len(stored) >= len(files) - 2 * report.duplicates
    for path in (f for f in files if str(f) in stored):
        dct = ET.parse(path).getroot().find("DCT/TIMEX3").get("value")
        assert stored[str(path)] == dct[:10], path.name
