"""The bad input corpus (tests/data/bad/, README there): every kind of broken or hostile file.

Each kind is ingested together with a good article into a store that already holds earlier
data. Whatever the kind, the ingest finishes, reports the file (and row) with the reason, stores
the good article, and leaves every earlier article and mention exactly as it was.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from newslens.ingest import IngestReport, ingest
from tests.conftest import DATA, SEED, article_text

BAD = DATA / "bad"
GOOD_TITLE = "The good article beside the bad file"


@dataclass(frozen=True)
class Kind:
    """One kind of bad input: its file, the issue it must raise, the titles it must still add."""

    file: str
    message: str | None = None  # "{path}" stands for the file given to ingest
    kept: tuple[str, ...] = ()  # stored titles must start with these
    absent: tuple[str, ...] = ()  # never in a stored title or text


KINDS = (
    Kind("empty.jsonl", "{path}: file is empty"),
    Kind("blank.txt", "{path}: file is empty"),
    Kind("png-named.json", "{path}: looks like a binary file"),
    Kind("gzip-named.jsonl", "{path}: looks like a binary file"),
    Kind("truncated.csv.gz", "{path}: unsupported file type '.gz'"),
    Kind("truncated.zip", "{path}: not a readable zip archive"),
    Kind("truncated.xlsx", "{path}: not a readable .xlsx workbook"),
    Kind("really-csv.xlsx", "{path}: not a readable .xlsx workbook"),
    Kind("truncated.parquet", "{path}: not a readable Parquet file"),
    Kind("stray-quote.tsv", "{path}#row=2: row has 1 fields, header has 3 (broken quoting?)",
         kept=("Stray quote first row", "Stray quote third row")),
    Kind("header-only.csv", "{path}: no data rows"),
    Kind("empty-array.json", "{path}: no data rows"),
    Kind("junk-items.json", "{path}#row=1: expected an object, got int",
         kept=("The one real object",)),
    Kind("big-integer.jsonl", "{path}#row=2: unreadable JSON value: Exceeds the limit",
         kept=("Before the big number", "After the big number")),
    Kind("mixed-encodings.csv", kept=("Café in Zürich", "Bogotá élan", "Łódź naïve")),
    Kind("invalid-utf8.jsonl", kept=("Zürich first line", "Bad ", "Straße third line")),
    Kind("bom-utf8.jsonl", kept=("UTF-8 BOM article",), absent=("\ufeff",)),
    Kind("bom-utf16le.csv", kept=("UTF-16 LE BOM article",)),
    Kind("bom-utf16be.tsv", kept=("UTF-16 BE BOM article",)),
    Kind("utf16-no-bom.csv", kept=("UTF-16 without BOM",)),
    Kind("cp1251-cyrillic.csv", kept=("Переговоры в Москве",)),
    Kind("nul-bytes.txt", kept=("NUL byte article",), absent=("\x00",)),
    Kind("lone-surrogate.jsonl", kept=("Half a pair \ufffd here",)),
    Kind("impossible-dates.csv", "{path}#row=2: unparseable date '2024-13-01'; kept undated",
         kept=tuple(f"Impossible date {i}" for i in range(9))),
    Kind("long-title.jsonl", "{path}#row=1: title of 10,000 characters cut to 1000",
         kept=("Long title xxx",)),
    Kind("rtl-zero-width.jsonl", kept=("Trojan \u202eevil\u202c title \u200bwith\u200d zero",)),
    Kind("emoji.csv", kept=("Summit 🤝 in 🇮🇩 👨‍👩‍👧‍👦 👍🏽 ✈️",)),
    Kind("cyrillic-arabic.jsonl", kept=("Встреча министров", "لقاء الوزراء")),
    Kind("scripts.html", kept=("Scripted page title",),
         absent=("alert(", "document.cookie", "<script")),
    Kind("only-script.html", "{path}: no article text found in the HTML page"),
    Kind("wrong-types.parquet", "{path}#row=1: unparseable date 'True'",
         kept=("Binary title column",), absent=("b'",)),
    Kind("xxe.tml", "{path}: not well-formed TimeML/XML (undefined entity", absent=("root:",)),
    Kind("billion-laughs.tml", "{path}: not well-formed TimeML/XML", absent=("lollol",)),
    Kind("yaml-bomb.md", kept=("YAML bomb page",), absent=("lol",)),
    Kind("unsafe-members.zip", "{path}!..\\back.txt: unsafe member path",
         kept=("Safe zip member title",), absent=("Backslash", "Absolute", "Drive")),
    Kind("nested.zip", "{path}!inner.zip: nested zip archives are not read",
         kept=("Outer zip member title",)),
)


def _twenty_mb_title(folder: Path) -> Path:
    path = folder / "twenty-mb-title.jsonl"
    row = {"title": "Huge title " + "x" * 20_000_000, "text": article_text(801, "huge titles")}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def _hundred_k_columns(folder: Path) -> Path:
    path = folder / "hundred-k-columns.csv"
    names = [f"c{i}" for i in range(100_000)]
    path.write_text(",".join([*names, "title", "text"]) + "\n"
                    + ",".join(["1"] * len(names) + ["Wide table title",
                                                     f'"{article_text(802, "wide tables")}"'])
                    + "\n",
                    encoding="utf-8")
    return path


def _deep_jsonl(folder: Path) -> Path:
    path = folder / "deep-nesting.jsonl"
    good = json.dumps({"title": "Shallow line", "text": article_text(803, "nesting")})
    deep = '{"a": ' * 10_000 + "1" + "}" * 10_000
    path.write_text(f"{good}\n{deep}\n", encoding="utf-8")
    return path


def _bomb_beside_good(folder: Path) -> Path:
    path = folder / "bomb-beside-good.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", "Bomb\n\n" + "a" * 5_000_000)
        archive.writestr("good.txt", "Member beside the bomb\n\n" + article_text(804, "bombs"))
    return path


def _symlink_loop(folder: Path) -> Path:
    root = folder / "symlink-loop"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "up").symlink_to("..", target_is_directory=True)
    (root / "self.txt").symlink_to("self.txt")
    (root / "dangling.txt").symlink_to("missing.txt")
    (root / "sub" / "story.txt").write_text("Story beside the loop\n\n" + article_text(805),
                                            encoding="utf-8")
    return root


def _non_utf8_name(folder: Path) -> Path:
    """A folder holding a file whose name is not UTF-8 (Latin-1 bytes from an old archive)."""
    holder = folder / "latin1-names"
    holder.mkdir()
    path = Path(os.fsdecode(bytes(holder) + b"/name-\xff-latin1.txt"))
    path.write_text("Non-UTF-8 file name\n\n" + article_text(806, "file names"), encoding="utf-8")
    return holder


def _gzip_bytes_in_txt(folder: Path) -> Path:
    path = folder / "compressed.txt"
    path.write_bytes(gzip.compress(article_text(807).encode() * 50, mtime=0))
    return path


GENERATED: dict[str, tuple[Callable[[Path], Path], Kind]] = {
    "twenty-mb-title": (_twenty_mb_title, Kind(
        "", "{path}#row=1: title of 20,000,011 characters cut to 1000", kept=("Huge title x",))),
    "hundred-k-columns": (_hundred_k_columns, Kind("", kept=("Wide table title",))),
    "deep-nesting": (_deep_jsonl, Kind("", "{path}#row=2: JSON nested too deeply",
                                       kept=("Shallow line",))),
    "zip-bomb-beside-good": (_bomb_beside_good, Kind(
        "", "{path}!bomb.txt: compression ratio", kept=("Member beside the bomb",))),
    "symlink-loop": (_symlink_loop, Kind(
        "", "{path}/self.txt: symbolic link that points nowhere", kept=("Story beside the loop",))),
    "non-utf8-file-name": (_non_utf8_name, Kind("", kept=("Non-UTF-8 file name",))),
    "gzip-as-txt": (_gzip_bytes_in_txt, Kind("", "{path}: looks like a binary file")),
}


def _snapshot(db: Path, ids: list[str] | None = None) -> dict[str, list[tuple]]:
    """Articles, origins and mentions (of ``ids`` only, if given), in a comparable form."""
    where = "WHERE list_contains(?, article_id)" if ids is not None else ""
    params = [ids] if ids is not None else []
    queries = {
        "articles": "SELECT article_id, title, md5(text), published FROM articles",
        "origins": "SELECT article_id, origin FROM origins",
        "mentions": 'SELECT article_id, entity_id, surface, start, "end" FROM mentions',
    }
    with duckdb.connect(str(db), read_only=True) as con:
        return {name: con.execute(f"{sql} {where} ORDER BY ALL", params).fetchall()
                for name, sql in queries.items()}


def _titles(db: Path) -> list[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        return [row[0] for row in con.execute("SELECT title FROM articles").fetchall() if row[0]]


def _new_content(db: Path, earlier: set[str]) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        rows = con.execute("SELECT article_id, title, text FROM articles").fetchall()
    return "\n".join(f"{title}\n{text}" for aid, title, text in rows if aid not in earlier)


@pytest.fixture(scope="module")
def earlier_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """A store with the seed and three dated articles, built once; each test copies it."""
    folder = tmp_path_factory.mktemp("earlier")
    rows = [{"title": f"Earlier {i}", "text": article_text(700 + i), "date": "2023-05-0" + str(i)}
            for i in range(1, 4)]
    (folder / "earlier.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = folder / "earlier.duckdb"
    assert ingest([SEED, folder / "earlier.jsonl"], db, workers=1).added == 4
    return db, _snapshot(db)


@pytest.fixture
def store(earlier_store: tuple[Path, dict], tmp_path: Path) -> Path:
    copy = tmp_path / "store.duckdb"
    shutil.copy(earlier_store[0], copy)
    return copy


@pytest.fixture
def good(inputs: Path) -> Path:
    path = inputs / "good.jsonl"
    row = {"title": GOOD_TITLE, "text": article_text(900, "surviving bad neighbours")}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return path


def _check(kind: Kind, path: Path, report: IngestReport, store: Path,
           earlier: dict[str, list[tuple]]) -> None:
    issues = [str(issue) for issue in report.issues]
    if kind.message:
        expected = kind.message.format(path=path)
        assert any(issue.startswith(expected) for issue in issues), (expected, issues)
    titles = _titles(store)
    for wanted in (GOOD_TITLE, *kind.kept):
        assert any(t.startswith(wanted) for t in titles), (wanted, issues)
    earlier_ids = [row[0] for row in earlier["articles"]]
    assert _snapshot(store, earlier_ids) == earlier, "earlier data changed"
    assert len(titles) == len(earlier_ids) + report.added
    new = _new_content(store, set(earlier_ids))
    for unwanted in kind.absent:
        assert unwanted not in new


@pytest.mark.parametrize("kind", KINDS, ids=[k.file for k in KINDS])
def test_bad_file_beside_good_one(kind, store, good, earlier_store):
    path = BAD / kind.file
    report = ingest([path, good], store, workers=1)
    _check(kind, path, report, store, earlier_store[1])


@pytest.mark.parametrize("name", GENERATED)
def test_generated_bad_input(name, store, good, inputs, earlier_store):
    make, kind = GENERATED[name]
    path = make(inputs)
    report = ingest([path, good], store, workers=1)
    _check(kind, path, report, store, earlier_store[1])


def test_every_corpus_file_is_a_kind_and_in_the_readme():
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    files = sorted(p.name for p in BAD.iterdir() if p.name != "README.md")
    assert files == sorted(k.file for k in KINDS)
    for name in [*files, *GENERATED]:
        assert f"`{name}" in readme, name
    assert sum(p.stat().st_size for p in BAD.iterdir()) < 300_000


def test_non_utf8_file_name_given_directly(store, good, inputs):
    path = _non_utf8_name(inputs)
    ingest([next(path.iterdir()), good], store, workers=1)
