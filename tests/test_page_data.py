"""The Data page: previewing uploads (library), ingesting them, and the page itself (AppTest)."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.ingest import ingest
from newslens.preview import Upload, ingest_uploads, preview, safe_name, saved
from newslens.queries.summary import ingest_log
from newslens.records import relabel
from newslens.store.connection import StoreBusy, reading
from newslens.store.faults import FaultKind
from tests.conftest import ROOT, SEED, article_text
from tests.hostile import markdown_problems, markdown_text

APP = str(ROOT / "app.py")
HOSTILE = "<img src=x onerror=alert(1)>"


def csv_bytes(*rows: tuple[str, str, str], header: str = "Headline,Body,Published") -> bytes:
    lines = [header] + [",".join(json.dumps(cell) for cell in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def jsonl_bytes(*objects: dict) -> bytes:
    return "\n".join(json.dumps(o) for o in objects).encode()


NEWS_CSV = csv_bytes(("Talks in Jakarta", article_text(1), "2020-01-02"),
                     ("Trade deal signed", article_text(2), "2020-01-03"))
NO_TEXT_CSV = b"a,b\n1,2\n3,4\n"


# --- safe names ------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "expected"), [
    ("news.csv", "news.csv"),
    ("../../etc/passwd.csv", "passwd.csv"),
    ("..\\..\\windows\\evil.JSONL", "evil.jsonl"),
    ("my file (1).csv", "my_file_1.csv"),
    ("...", "upload"),
    ("/", "upload"),
    (".hidden.txt", "hidden.txt"),
    ("<img src=x>.html", "img_src_x.html"),
])
def test_upload_names_are_sanitised(name, expected):
    assert safe_name(name) == expected


def test_uploads_are_saved_inside_a_fresh_folder_under_their_safe_names():
    uploads = [Upload("../escape.csv", b"x"), Upload("../escape.csv", b"y")]
    with saved(uploads) as names:
        paths = list(names)
        folder = paths[0].parent.parent
        assert all(folder in p.parents for p in paths)
        assert [p.read_bytes() for p in paths] == [b"x", b"y"]
        assert list(names.values()) == ["../escape.csv", "../escape.csv"]
        assert relabel(f"{paths[1]}!inner/a.csv", names) == "../escape.csv!inner/a.csv"
    assert not folder.exists()


# --- preview ---------------------------------------------------------------------------------


def test_preview_of_a_csv_shows_first_rows_and_recognised_columns():
    [shown] = preview(Upload("news.csv", NEWS_CSV))
    assert shown.tabular and shown.name == "news.csv"
    assert shown.columns == ["Headline", "Body", "Published"]
    assert shown.mapping == {"title": "Headline", "text": "Body", "date": "Published"}
    assert [r["Headline"] for r in shown.rows] == ["Talks in Jakarta", "Trade deal signed"]
    assert shown.problems == []
    assert {"field": "title", "column": "Headline",
            "first value": "Talks in Jakarta"} in shown.mapping_rows()


def test_preview_of_jsonl_and_a_row_limit():
    data = jsonl_bytes(*({"title": f"T{n}", "content": article_text(n)} for n in range(9)))
    [shown] = preview(Upload("feed.jsonl", data), limit=3)
    assert len(shown.rows) == 3
    assert shown.mapping == {"title": "title", "text": "content"}


def test_an_explicit_mapping_wins():
    [shown] = preview(Upload("news.csv", NEWS_CSV), {"title": "Published"})
    assert shown.mapping["title"] == "Published"
    assert shown.mapping["text"] == "Body"


def test_a_table_without_text_says_to_choose_the_column():
    [shown] = preview(Upload("numbers.csv", NO_TEXT_CSV))
    assert shown.columns == ["a", "b"]
    assert shown.problems == ["no column looks like article text (columns: a, b); "
                              "choose the text column in the preview"]
    [fixed] = preview(Upload("numbers.csv", NO_TEXT_CSV), {"text": "b"})
    assert fixed.problems == [] and fixed.mapping["text"] == "b"


@pytest.mark.parametrize(("name", "data", "problem"), [
    ("empty.csv", b"", "file is empty"),
    ("broken.json", b"{not json", "invalid JSON"),
    ("virus.exe", b"MZ", "unsupported file type '.exe'"),
    ("fake.zip", b"not a zip", "not a readable zip archive"),
])
def test_a_bad_file_gives_a_clear_problem(name, data, problem):
    [shown] = preview(Upload(name, data))
    assert shown.name == name
    assert problem in shown.problems[0]
    assert not shown.rows


def test_preview_of_a_page_and_of_a_zip():
    [page] = preview(Upload("seed.txt", SEED.read_bytes()))
    assert not page.tabular and page.rows[0]["text"]
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("a/news.csv", NEWS_CSV)
        zf.writestr("b/seed.txt", SEED.read_bytes())
    shown = preview(Upload("bundle.zip", archive.getvalue()))
    assert [s.name for s in shown] == ["bundle.zip!a/news.csv", "bundle.zip!b/seed.txt"]


# --- ingest of uploads -----------------------------------------------------------------------


def test_ingest_uploads_reports_by_original_name_and_progresses_to_the_end(db):
    seen: list[tuple[int, int]] = []
    report = ingest_uploads([Upload("../news.csv", NEWS_CSV), Upload("x.csv", NO_TEXT_CSV)],
                            db, on_progress=lambda read, expected: seen.append((read, expected)),
                            workers=1)
    assert (report.files, report.articles, report.added) == (2, 2, 2)
    assert {i.origin.file for i in report.issues} == {"x.csv"}
    assert "choose the text column in the preview" in report.issues[0].reason
    assert seen[-1][0] == 2 and all(expected >= 1 for _, expected in seen)


def test_the_store_names_uploads_by_their_original_names_not_temp_paths(db):
    ingest_uploads([Upload("harbour news.csv", NEWS_CSV)], db, workers=1)
    with reading(db) as con:
        origins = [r[0] for r in con.execute("SELECT origin FROM origins").fetchall()]
        paths = con.execute("SELECT paths FROM ingests").fetchall()[0][0]
    assert paths == ["harbour news.csv"]
    assert origins and all(o.startswith("harbour news.csv#row=") for o in origins), origins


def test_each_upload_keeps_its_own_mapping(db):
    headed = csv_bytes(("Talks", article_text(3), "2020-01-02"), header="h,b,d")
    report = ingest_uploads([Upload("news.csv", NEWS_CSV), Upload("odd.csv", headed)], db,
                            [{}, {"title": "h", "text": "b"}], workers=1)
    assert (report.articles, report.issues) == (3, [])
    assert len(ingest_log(db)) == 2


def test_ingesting_the_same_upload_twice_adds_nothing(db):
    ingest_uploads([Upload("news.csv", NEWS_CSV)], db, workers=1)
    again = ingest_uploads([Upload("news.csv", NEWS_CSV)], db, workers=1)
    assert (again.added, again.duplicates) == (0, 2)


def test_nothing_to_ingest(db):
    report = ingest_uploads([], db)
    assert (report.files, report.ingest_id) == (0, None)


# --- the page --------------------------------------------------------------------------------


@pytest.fixture
def data_page(monkeypatch, tmp_path):
    """``data_page(db, bundled=SEED folder)``: the app opened on the Data page."""
    def start(db: Path, bundled: Path = SEED.parent) -> AppTest:
        monkeypatch.setenv("NEWSLENS_DB", str(db))
        monkeypatch.setenv("NEWSLENS_BUNDLED_DATA", str(bundled))
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        return at.switch_page("app_pages/data.py").run()
    return start


def test_page_shows_the_ingest_log_after_first_run(data_page, db):
    at = data_page(db)
    assert not at.exception
    assert at.title[0].value == "Data"
    assert "Loaded datasets" in [h.value for h in at.header]
    assert list(_log(at)["articles_added"]) == [1]
    assert at.selectbox(key="data_ingest").value == 1
    assert at.button[0].disabled  # nothing uploaded yet


def test_empty_store_says_how_to_load_data(data_page, db, tmp_path):
    empty = tmp_path / "no-articles"
    empty.mkdir()
    at = data_page(db, bundled=empty)
    assert not at.exception
    assert "holds no articles yet" in at.info[0].value
    assert list(_log(at)["articles_added"]) == [0]


def test_upload_preview_ingest_and_report(data_page, db):
    at = data_page(db)
    at.file_uploader(key="data_uploads").upload("news.csv", NEWS_CSV, "text/csv").run()
    assert not at.exception
    assert at.subheader[0].value == "news\\.csv"
    assert at.selectbox(key=next(k for k in _keys(at) if k.endswith("-title"))).value == ""
    at.button[0].click().run()
    assert not at.exception
    assert "Added 2 new articles" in at.success[0].value
    assert {m.label: m.value for m in at.metric}["added"] == "2"
    assert list(_log(at)["articles_added"]) == [2, 1]  # newest ingest first
    assert at.selectbox(key="data_ingest").value == 2


def test_column_override_from_the_picker(data_page, db):
    at = data_page(db)
    at.file_uploader(key="data_uploads").upload("numbers.csv", NO_TEXT_CSV).run()
    assert "choose the text column in the preview" in at.warning[0].value
    text_key = next(k for k in _keys(at) if k.endswith("-text"))
    at.selectbox(key=text_key).select("b").run()
    assert not at.warning
    assert "b" in at.dataframe[1].value["column"].tolist()


def test_a_bad_upload_gives_a_clear_message(data_page, db):
    at = data_page(db)
    at.file_uploader(key="data_uploads").upload("broken.json", b"{not json").run()
    assert "invalid JSON" in at.warning[0].value
    at.button[0].click().run()
    assert not at.exception
    assert "Nothing could be read" in at.error[0].value
    assert "invalid JSON" in at.dataframe[0].value.loc[0, "reason"]
    assert at.dataframe[0].value.loc[0, "first_file"] == "broken.json"


MANY_ISSUES_CSV = (b"title,text,url\n" + b"".join(b"T%d,,\n" % n for n in range(40)) +
                   b'Good,"' + article_text(5).encode() + b'",ftp://example.org/a\n')


def test_issues_are_grouped_by_reason_with_a_count_and_the_first_place(data_page, db):
    at = data_page(db)
    at.file_uploader(key="data_uploads").upload("many.csv", MANY_ISSUES_CSV, "text/csv").run()
    at.button[0].click().run()
    assert not at.exception
    # the report's issues, the ingest log, then the log's issues of the same ingest
    report = at.dataframe[-3].value
    assert list(report["times"]) == [40, 1]
    assert (report.loc[0, "first_file"], report.loc[0, "first_row"]) == ("many.csv", 1)
    assert "URL scheme 'ftp'" in report.loc[1, "reason"]
    logged = at.dataframe[-1].value
    assert list(logged["times"]) == [40, 1] and list(logged["reason"]) == list(report["reason"])


def test_after_an_ingest_the_page_links_to_the_new_articles(data_page, db):
    at = data_page(db)
    at.file_uploader(key="data_uploads").upload("news.csv", NEWS_CSV, "text/csv").run()
    at.button[0].click().run()
    [link] = [e for e in at.get("page_link") if "new articles" in e.proto.label]
    assert link.proto.label == "Read the 2 new articles on the Articles page"
    assert link.proto.page.endswith("articles")


def test_the_ingest_log_names_inputs_without_the_servers_folders(db, tmp_path):
    folder = tmp_path / "srv" / "private"
    folder.mkdir(parents=True)
    (folder / "wire.csv").write_bytes(NEWS_CSV)
    ingest([folder / "wire.csv"], db, workers=1)
    assert list(ingest_log(db).loc[0, "paths"]) == ["wire.csv"]


def test_hostile_file_names_and_titles_stay_text(data_page, db):
    at = data_page(db)
    hostile = csv_bytes((HOSTILE, article_text(4), "2020-01-02"))
    at.file_uploader(key="data_uploads").upload(f"{HOSTILE}.csv", hostile).run()
    assert markdown_problems(at.subheader[0].value) == []
    assert markdown_text(at.subheader[0].value) == f"{HOSTILE}.csv"
    assert at.dataframe[0].value.loc[0, "Headline"] == HOSTILE


def test_a_busy_store_gives_a_message_not_a_traceback(data_page, db, monkeypatch):
    def busy(*_args, **_kwargs):
        raise StoreBusy(FaultKind.LOCKED, "locked")
    monkeypatch.setattr("newslens.queries.summary.summarise", busy)
    at = data_page(db)
    assert not at.exception
    assert any("wait for it to finish" in w.value for w in at.warning)


def test_an_unreadable_store_gives_a_message(data_page, tmp_path):
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"this is not a database" * 100)
    at = data_page(broken)
    assert not at.exception
    assert any("is not a newslens store" in w.value for w in at.warning)


def _keys(at: AppTest) -> list[str]:
    return [s.key for s in at.selectbox if s.key]


def _log(at: AppTest):
    return next(d.value for d in at.dataframe if "articles_added" in d.value.columns)


def test_an_upload_over_the_budget_is_refused_with_the_next_step(data_page, db, monkeypatch):
    monkeypatch.setenv("NEWSLENS_UPLOAD_MAX_FILES", "0")
    at = data_page(db)
    assert "0 files" in at.file_uploader(key="data_uploads").help
    at.file_uploader(key="data_uploads").upload("a.txt", b"Title\n\nA text about talks.").run()
    at.button[0].click().run()
    assert not at.exception
    assert any("newslens ingest PATH" in e.value for e in at.error)
    assert list(_log(at)["articles_added"]) == [1]  # the bootstrap's, and no other
