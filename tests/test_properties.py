"""Property-based tests: whatever bytes or text arrive, the readers, the ingest and the date
resolvers answer with well-formed results or a reported issue, never an unhandled exception."""

from __future__ import annotations

import csv
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslens.clean.dates import PRECISIONS, ParsedDate, numeric_order, parse_date
from newslens.extract.meeting_dates import EventDate, resolve
from newslens.ingest import ingest
from newslens.knowledge.lexicon import meetings, merged
from newslens.readers import read_source
from newslens.records import RawRecord, ReadIssue
from newslens.sources import Source, iter_sources
from tests.conftest import SEED

SUFFIXES = (".csv", ".tsv", ".json", ".jsonl", ".txt", ".md", ".html", ".tml", ".xlsx",
            ".parquet")
COLUMNS = ("title", "text", "date", "url", "source", "language", "author", "body", "judul",
           "", "x")
EVENT_PRECISIONS = frozenset({"day", "week", "month", "year", "reported"})
EARLIEST = date(1800, 1, 1)
READERS = settings(max_examples=60, deadline=None, database=None,
                   suppress_health_check=[HealthCheck.too_slow])
DATES = settings(max_examples=150, deadline=None, database=None)

# strings include surrogates: JSON escapes them ("\\ud800"), and a lone one cannot be stored
strings = st.text(max_size=40) | st.text(st.characters(min_codepoint=0xD7F0,
                                                      max_codepoint=0xE010), max_size=4)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | strings,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(COLUMNS) | st.text(max_size=8), inner, max_size=5),
    max_leaves=12)
words = st.sampled_from(sorted(merged().months)) | st.sampled_from(
    ["Senin", "Selasa", "Monday", "kemarin", "yesterday", "pekan lalu", "last week", "depan",
     "next", "bulan", "tahun", "pada", "(16/02)", "(31/12/9999)", "(0/0)", "(29/02/2100)",
     "2016", "1799", "9999", "0000", "18", "31", "at", "pukul", "19:35", "WIB", "-", "/", ","])
date_like = st.lists(words | st.text(max_size=6), max_size=8).map(" ".join) | st.from_regex(
    r"\d{1,5}[-/. ]\d{1,3}[-/. ]\d{1,5}([T ]\d{1,2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?)?",
    fullmatch=True)
publication = st.none() | st.dates(min_value=EARLIEST,
                                   max_value=date.today() + timedelta(days=2))


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="newslens-props-") as name:
        yield Path(name)


def _csv(rows: list[list[str]], delimiter: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode("utf-8", errors="surrogatepass")


tables = st.builds(
    _csv, st.lists(st.lists(st.sampled_from(COLUMNS) | st.text(max_size=30), min_size=1,
                            max_size=5), max_size=6), st.sampled_from(",;\t|"))
json_documents = json_values.map(lambda v: json.dumps(v).encode())
json_lines = st.lists(json_values, max_size=5).map(
    lambda items: "".join(json.dumps(i) + "\n" for i in items).encode())
texts = (st.text(max_size=300) | strings).map(lambda t: t.encode("utf-8", errors="surrogatepass"))
contents = st.binary(max_size=600) | texts | tables | json_documents | json_lines


def _read_all(path: Path) -> list[RawRecord | ReadIssue]:
    items: list[RawRecord | ReadIssue] = []
    for source in iter_sources([path]):
        if isinstance(source, ReadIssue):
            items.append(source)
        else:
            assert isinstance(source, Source)
            items.extend(read_source(source, {}))
    return items


def _assert_well_formed(items: list[RawRecord | ReadIssue], path: Path) -> None:
    for item in items:
        assert isinstance(item, RawRecord | ReadIssue)
        assert item.origin.file == str(path)
        assert item.origin.row is None or item.origin.row >= 1
        if isinstance(item, ReadIssue):
            assert item.reason and item.severity in ("error", "warning", "info")
        else:
            assert all(v is None or isinstance(v, str) for v in item.fields.values())


@READERS
@given(data=contents, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_read_to_records_or_issues(folder, data, suffix):
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    _assert_well_formed(_read_all(path), path)


@READERS
@given(data=contents, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_inside_a_zip_read_to_records_or_issues(folder, data, suffix):
    path = folder / "archive.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"member{suffix}", data)
    for item in _read_all(path):
        assert item.origin.file == f"{path}!member{suffix}"


@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(files=st.lists(st.tuples(contents, st.sampled_from(SUFFIXES)), min_size=1, max_size=3))
def test_ingest_of_any_files_keeps_the_store_consistent(folder, stored_seed, files):
    inputs = Path(tempfile.mkdtemp(dir=folder))
    for number, (data, suffix) in enumerate(files):
        (inputs / f"f{number}{suffix}").write_bytes(data)
    before = _count(stored_seed)
    report = ingest([inputs], stored_seed, workers=1)
    assert report.added >= 0 and report.articles >= report.added
    assert _count(stored_seed) == before + report.added
    assert all(isinstance(i, ReadIssue) for i in report.issues)


@pytest.fixture(scope="module")
def stored_seed(folder: Path) -> Path:
    db = folder / "store.duckdb"
    ingest([SEED], db, workers=1)
    return db


def _count(db: Path) -> int:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT count(*) FROM articles").fetchone()[0]


def _assert_parsed(parsed: ParsedDate | None) -> None:
    if parsed is None:
        return
    assert parsed.precision in PRECISIONS
    assert EARLIEST <= parsed.day <= date.today() + timedelta(days=2)
    if parsed.at is not None:
        assert isinstance(parsed.at, datetime) and parsed.at.date() == parsed.day
    assert parsed.iso()


@DATES
@given(text=st.text(max_size=80) | date_like, day_first=st.booleans())
def test_parse_date_is_none_or_a_plausible_date(text, day_first):
    _assert_parsed(parse_date(text, day_first))


@DATES
@given(samples=st.lists(date_like | st.text(max_size=20), max_size=10))
def test_numeric_order_always_decides(samples):
    assert numeric_order(samples) in (True, False)


@DATES
@given(sentence=st.text(max_size=120) | date_like, published=publication,
       language=st.sampled_from(["en", "id", None]))
def test_event_date_is_well_formed(sentence, published, language):
    found = resolve(sentence, published, meetings(language))
    if found is None:
        return
    assert isinstance(found, EventDate) and isinstance(found.day, date)
    assert found.precision in EVENT_PRECISIONS
    assert found.iso()
    if found.precision == "reported":
        assert found.day == published
    if found.precision == "week":
        assert found.day.weekday() == 0
