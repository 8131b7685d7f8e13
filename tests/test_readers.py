"""Every input format reads to the same article; columns are found by name or mapped."""

from __future__ import annotations

import csv
import json
import zipfile
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, get_article, list_articles
from tests.conftest import SEED, article_text

ROW = {"Headline": "Ministers meet in Jakarta", "Body": article_text(1),
       "published": "2024-03-05", "link": "https://example.com/news/1", "outlet": "Example News",
       "lang": "en"}


def _write_csv(path: Path, rows: list[dict], delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _write_xlsx(path: Path, rows: list[dict]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(rows[0]))
    for row in rows:
        sheet.append(list(row.values()))
    book.save(path)
    return path


WRITERS = {
    "csv": lambda f: _write_csv(f / "a.csv", [ROW]),
    "semicolon csv": lambda f: _write_csv(f / "a.csv", [ROW], delimiter=";"),
    "tsv": lambda f: _write_csv(f / "a.tsv", [ROW], delimiter="\t"),
    "json array": lambda f: _dump(f / "a.json", json.dumps([ROW])),
    "json object": lambda f: _dump(f / "a.json", json.dumps({"count": 1, "articles": [ROW]})),
    "jsonl": lambda f: _dump(f / "a.jsonl", json.dumps(ROW) + "\n"),
    "parquet": lambda f: _parquet(f / "a.parquet"),
    "xlsx": lambda f: _write_xlsx(f / "a.xlsx", [ROW]),
    "markdown front matter": lambda f: _dump(
        f / "a.md", "---\ntitle: Ministers meet in Jakarta\ndate: 2024-03-05\n"
        "url: https://example.com/news/1\nsource: Example News\n---\n# Ministers meet\n\n"
        + article_text(1)),
    "html": lambda f: _dump(f / "a.html", _html()),
}


def _dump(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _parquet(path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist([ROW]), path)
    return path


def _html() -> str:
    paragraphs = "".join(f"<p>{article_text(1)} Paragraph {i} adds more detail on the "
                         f"negotiations and the agenda of the visit.</p>" for i in range(6))
    return ("<html><head><title>Ministers meet in Jakarta</title>"
            '<meta property="og:title" content="Ministers meet in Jakarta">'
            '<meta property="article:published_time" content="2024-03-05">'
            '<link rel="canonical" href="https://example.com/news/1"></head><body>'
            "<nav>Home | World | Sport</nav><article><h1>Ministers meet in Jakarta</h1>"
            f"{paragraphs}</article><footer>Copyright Example</footer></body></html>")


def _only_article(db: Path) -> dict:
    rows = list_articles(db, ArticleQuery())
    assert len(rows) == 1
    return get_article(db, rows.loc[0, "article_id"])


@pytest.mark.parametrize("kind", list(WRITERS))
def test_each_format_reads_one_article(kind, inputs, db):
    path = WRITERS[kind](inputs)
    report = ingest([path], db, workers=1)
    assert report.skipped == 0, report.issues
    article = _only_article(db)
    assert "Ministers meet" in article["title"]
    assert "foreign minister met his counterpart" in article["text"]
    assert article["published"].isoformat() == "2024-03-05"
    assert article["url"] == "https://example.com/news/1"


@pytest.mark.parametrize("kind", ["csv", "json array", "xlsx", "parquet"])
def test_tabular_columns_recognised(kind, inputs, db):
    ingest([WRITERS[kind](inputs)], db, workers=1)
    article = _only_article(db)
    assert (article["source"], article["language"]) == ("Example News", "en")


def test_seed_style_text_file(db):
    ingest([SEED], db, workers=1)
    assert _only_article(db)["title"] == "Rusia-Iran Tingkatkan Kerjasama Basmi Teroris"


def test_folder_is_read_recursively(inputs, db):
    (inputs / "deep" / "deeper").mkdir(parents=True)
    _write_csv(inputs / "deep" / "deeper" / "a.csv", [ROW])
    _dump(inputs / "deep" / "b.jsonl", json.dumps({**ROW, "Body": article_text(2),
                                                   "link": "https://example.com/2"}) + "\n")
    _dump(inputs / "README.md", "# About this dataset\n\nNot an article at all, just notes.")
    report = ingest([inputs], db, workers=1)
    assert (report.files, report.added) == (2, 2)
    assert any("documentation file" in i.reason for i in report.issues)


def test_zip_members_are_read(inputs, db):
    archive = inputs / "batch.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("one/a.csv", _csv_text([ROW]))
        zf.writestr("seed.txt", SEED.read_text(encoding="utf-8"))
    report = ingest([archive], db, workers=1)
    assert report.added == 2
    assert {o.split("!")[-1] for o in _origins(db)} == {"one/a.csv#row=1", "seed.txt"}


def _csv_text(rows: list[dict]) -> str:
    header = ",".join(rows[0])
    lines = [",".join(json.dumps(str(v)) for v in row.values()) for row in rows]
    return "\n".join([header, *lines]) + "\n"


def _origins(db: Path) -> list[str]:
    import duckdb
    with duckdb.connect(str(db), read_only=True) as con:
        return [r[0] for r in con.execute("SELECT origin FROM origins").fetchall()]


def test_explicit_mapping_wins(inputs, db):
    rows = [{"Kop": "Chosen title", "Summary": "short", "Verhaal": article_text(3)}]
    path = _write_csv(inputs / "odd.csv", rows)
    ingest([path], db, mapping={"title": "Kop", "text": "Verhaal"}, workers=1)
    article = _only_article(db)
    assert article["title"] == "Chosen title"
    assert article["text"].startswith("Article 3")


def test_longest_prose_column_is_text_without_a_known_name(inputs, db):
    rows = [{"kop": "A headline", "verhaal": article_text(4) * 2}]
    ingest([_write_csv(inputs / "a.csv", rows)], db, workers=1)
    assert _only_article(db)["text"].startswith("Article 4")


def test_timeml_document(inputs, db):
    tml = ('<?xml version="1.0" ?><TimeML><DOCID>APW19980807.0261</DOCID>'
           '<DCT><TIMEX3 tid="t0" type="DATE" value="1998-08-07" '
           'functionInDocument="CREATION_TIME">19980807</TIMEX3></DCT>'
           "<TEXT>Albright <EVENT eid=\"e1\">met</EVENT> Arafat on "
           '<TIMEX3 tid="t1" type="DATE" value="1998-08-06">Thursday</TIMEX3> in Ramallah to '
           "discuss the stalled peace process and the next round of talks.</TEXT></TimeML>")
    ingest([_dump(inputs / "a.tml", tml)], db, workers=1)
    article = _only_article(db)
    assert article["text"].startswith("Albright met Arafat on Thursday in Ramallah")
    assert (article["source"], article["language"]) == ("Associated Press", "en")
    assert article["published"].isoformat() == "1998-08-07"
