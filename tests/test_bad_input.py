"""Bad input: a clear message naming the file (and row), the rest still goes in, nothing lost."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from pathlib import Path

import pytest

from newslens.ingest import ingest
from newslens.queries.articles import ArticleQuery, count_articles, get_article, list_articles
from tests.conftest import SEED, article_text


@pytest.fixture
def stored(db: Path) -> Path:
    """A store that already holds the seed: every bad ingest must leave it intact."""
    assert ingest([SEED], db, workers=1).added == 1
    return db


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def _good_rows(n: int, start: int = 0) -> list[list[str]]:
    return [[f"Title {i}", article_text(i), "2024-01-02"] for i in range(start, start + n)]


def _assert_seed_intact(db: Path) -> None:
    rows = list_articles(db, ArticleQuery(search="Dehqan"))
    assert len(rows) == 1
    assert get_article(db, rows.loc[0, "article_id"])["title"].startswith("Rusia-Iran")


def _reasons(report) -> str:
    return "\n".join(str(i) for i in report.issues)


def test_empty_file(stored, inputs):
    path = inputs / "empty.csv"
    path.write_bytes(b"")
    report = ingest([path], stored, workers=1)
    assert f"{path}: file is empty" in _reasons(report)
    assert report.nothing_read
    _assert_seed_intact(stored)


def test_binary_file_renamed_csv(stored, inputs):
    path = inputs / "photo.csv"
    path.write_bytes(bytes(range(256)) * 64 + b"\x00" * 4096)
    report = ingest([path], stored, workers=1)
    assert f"{path}: looks like a binary file" in _reasons(report)
    _assert_seed_intact(stored)


def test_broken_quoted_row_is_skipped_and_later_rows_kept(stored, inputs):
    lines = _csv([["title", "text", "date"], *_good_rows(2)]).splitlines()
    broken = 'Broken,"this quote never closes and swallows what follows,2024-01-02'
    text = "\n".join([*lines, broken, *_csv(_good_rows(2, start=10)).splitlines()]) + "\n"
    path = inputs / "broken.csv"
    path.write_text(text, encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert f"{path}#row=3:" in _reasons(report)
    assert report.added == 4
    assert count_articles(stored, ArticleQuery(search="Title 11")) == 1
    _assert_seed_intact(stored)


def test_cp1252_file_is_decoded(stored, inputs):
    text = _csv([["title", "text", "date"],
                 ["Café talks in Bogotá", article_text(5) + " The envoy’s “résumé” was read.",
                  "2024-01-02"]])
    path = inputs / "latin.csv"
    path.write_bytes(text.encode("cp1252"))
    ingest([path], stored, workers=1)
    rows = list_articles(stored, ArticleQuery(search="Bogotá"))
    assert rows.loc[0, "title"] == "Café talks in Bogotá"
    assert "“résumé”" in get_article(stored, rows.loc[0, "article_id"])["text"]


def test_mojibake_is_repaired(stored, inputs):
    garbled = "The envoyâ€™s rÃ©sumÃ© was read in BogotÃ¡. " + article_text(6)
    path = inputs / "moji.jsonl"
    path.write_text(json.dumps({"title": "Mojibake", "text": garbled}) + "\n", encoding="utf-8")
    ingest([path], stored, workers=1)
    rows = list_articles(stored, ArticleQuery(search="Mojibake"))
    text = get_article(stored, rows.loc[0, "article_id"])["text"]
    assert "envoy’s résumé was read in Bogotá" in text


def test_file_without_text_column(stored, inputs):
    path = inputs / "numbers.csv"
    path.write_text(_csv([["id", "score"], ["1", "0.5"], ["2", "0.7"]]), encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert "no column looks like article text" in _reasons(report)
    assert "--map text=COLUMN" in _reasons(report)
    assert report.skipped == 1
    _assert_seed_intact(stored)


def test_unparseable_dates_keep_the_article(stored, inputs):
    rows = [["title", "text", "date"], ["Undated", article_text(7), "sometime last spring"],
            ["Zero date", article_text(8), "0000-00-00"], ["Far future", article_text(9),
                                                            "9999-12-31"]]
    path = inputs / "dates.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert report.added == 3
    warnings = [i for i in report.issues if i.severity == "warning"]
    assert len(warnings) == 3
    assert f"{path}#row=1: unparseable date 'sometime last spring'" in _reasons(report)
    undated = list_articles(stored, ArticleQuery(search="Article 9"))
    assert get_article(stored, undated.loc[0, "article_id"])["published"] is None


def test_twenty_megabyte_field_is_skipped_with_reason(stored, inputs):
    rows = [["title", "text", "date"], ["Huge", "x " * 10_000_000, "2024-01-02"],
            *_good_rows(1, start=20)]
    path = inputs / "huge.csv"
    path.write_text(_csv(rows), encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert f"{path}#row=1: text is 20,000,000 characters, over max_text_chars" in _reasons(report)
    assert report.added == 1
    _assert_seed_intact(stored)


def test_same_article_in_two_formats_is_one_article_with_two_origins(stored, inputs):
    row = {"title": "Same story", "text": article_text(30), "url": "https://example.com/same"}
    (inputs / "a.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    (inputs / "b.csv").write_text(_csv([list(row), list(row.values())]), encoding="utf-8")
    report = ingest([inputs], stored, workers=1)
    assert (report.articles, report.added, report.duplicates) == (2, 1, 1)
    rows = list_articles(stored, ArticleQuery(search="Same story"))
    origins = get_article(stored, rows.loc[0, "article_id"])["origins"]
    assert sorted(Path(o.split("#")[0]).name for o in origins) == ["a.jsonl", "b.csv"]


def test_same_text_without_url_is_the_same_article(stored, inputs):
    (inputs / "a.jsonl").write_text(json.dumps({"title": "T", "text": article_text(31),
                                                "url": "https://example.com/x"}) + "\n")
    (inputs / "b.jsonl").write_text(json.dumps({"title": "T", "text": article_text(31).upper()})
                                    + "\n")
    report = ingest([inputs], stored, workers=1)
    assert (report.added, report.duplicates) == (1, 1)


def test_zip_with_path_traversal_member(stored, inputs):
    archive = inputs / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../../x.txt", "Escaped title\n\n" + article_text(40))
        zf.writestr("ok/seedcopy.txt", "A fine title\n\n" + article_text(41))
    report = ingest([archive], stored, workers=1)
    assert f"{archive}!../../x.txt: unsafe member path" in _reasons(report)
    assert report.added == 1
    assert not (inputs.parent.parent / "x.txt").exists()
    _assert_seed_intact(stored)


def test_zip_bomb_ratio_is_refused(stored, inputs):
    archive = inputs / "bomb.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("bomb.txt", "Title\n\n" + "a" * 5_000_000)
    report = ingest([archive], stored, workers=1)
    assert "zip bomb?" in _reasons(report)
    _assert_seed_intact(stored)


def test_corrupt_zip(stored, inputs):
    path = inputs / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip archive")
    report = ingest([path], stored, workers=1)
    assert "not a readable zip archive" in _reasons(report)


@pytest.mark.parametrize("content, reason", [
    ("[{\"title\": \"x\", ", "invalid JSON"),
    ("[" * 100_000 + "]" * 100_000, "could not be read"),
    ("\"just a string\"", "no list of article objects"),
])
def test_bad_json(stored, inputs, content, reason):
    path = inputs / "bad.json"
    path.write_text(content, encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert reason in _reasons(report)
    _assert_seed_intact(stored)


def test_bad_jsonl_lines_are_skipped(stored, inputs):
    good = json.dumps({"title": "Good line", "text": article_text(50)})
    path = inputs / "mixed.jsonl"
    path.write_text(f"{good}\n{{broken\n[1, 2]\n", encoding="utf-8")
    report = ingest([path], stored, workers=1)
    assert f"{path}#row=2: invalid JSON" in _reasons(report)
    assert f"{path}#row=3: expected an object" in _reasons(report)
    assert report.added == 1


def test_hostile_url_is_dropped_but_article_kept(stored, inputs):
    path = inputs / "x.jsonl"
    path.write_text(json.dumps({"title": "Hostile link", "text": article_text(60),
                                "url": "javascript:alert(document.cookie)"}) + "\n")
    report = ingest([path], stored, workers=1)
    assert "URL scheme 'javascript' is not http(s); URL dropped" in _reasons(report)
    rows = list_articles(stored, ArticleQuery(search="Hostile link"))
    assert rows.loc[0, "url"] is None


def test_missing_path_and_unsupported_type(stored, inputs):
    odd = inputs / "notes.docx"
    odd.write_bytes(b"whatever")
    report = ingest([inputs / "nope.csv", odd], stored, workers=1)
    assert "no such file or folder" in _reasons(report)
    assert "unsupported file type '.docx'" in _reasons(report)
    assert report.nothing_read
    _assert_seed_intact(stored)


def test_nul_bytes_and_bom(stored, inputs):
    body = article_text(70).replace("Article", "Art\x00icle")
    path = inputs / "nul.csv"
    path.write_bytes(("\ufeff" + _csv([["title", "text"], ["With NUL", body]])).encode("utf-8"))
    report = ingest([path], stored, workers=1)
    assert report.added == 1, report.issues
    rows = list_articles(stored, ArticleQuery(search="With NUL"))
    assert "\x00" not in get_article(stored, rows.loc[0, "article_id"])["text"]
