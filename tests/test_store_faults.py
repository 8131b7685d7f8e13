"""Store faults by kind, generated: every way of making each kind, through every CLI command and
every page. Each says its one message and next step (the CLI with the kind's exit status), never
a traceback, and the store keeps what it held."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from newslens.cli import app
from newslens.ingest import ingest
from newslens.store import connection
from newslens.store.faults import FaultKind, StoreError
from newslens.store.schema import MIGRATIONS, SCHEMA_VERSION
from tests.conftest import ROOT, SEED

runner = CliRunner()
APP = str(ROOT / "app.py")
K = FaultKind


@pytest.fixture(scope="module")
def good_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the seed, copied by each case that needs one."""
    path = tmp_path_factory.mktemp("good") / "good.duckdb"
    ingest([SEED], path, workers=1)
    connection.pool.close_idle(path.resolve())
    return path


@dataclass
class Case:
    """Where a fault of ``kind`` lives: the store path, and whatever else makes it so."""

    kind: FaultKind
    db: Path
    good: Path


Maker = Callable[[Case, pytest.MonkeyPatch], None]


def _copy(case: Case, _mp: pytest.MonkeyPatch) -> None:
    shutil.copy(case.good, case.db)


def _file(write: Callable[[Path], None]) -> Maker:
    return lambda case, _mp: write(case.db)


def _parquet(path: Path) -> None:
    pq.write_table(pa.table({"title": ["t"], "text": ["a text"]}), path)


def _sqlite(path: Path) -> None:
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE articles (text)")


def _zip(path: Path) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", "text")


def _foreign_duckdb(path: Path) -> None:
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE articles (id INTEGER)")


def _truncated(fraction: float) -> Maker:
    def make(case: Case, mp: pytest.MonkeyPatch) -> None:
        _copy(case, mp)
        with case.db.open("r+b") as fh:
            fh.truncate(max(100, int(case.db.stat().st_size * fraction)))
    return make


def _scribbled(offset: int, length: int) -> Maker:
    def make(case: Case, mp: pytest.MonkeyPatch) -> None:
        _copy(case, mp)
        with case.db.open("r+b") as fh:
            fh.seek(offset)
            fh.write(b"\x5a" * length)
    return make


def _schema(number: int) -> Maker:
    """A store of schema ``number``: a newer one claims it; an older one is built to it."""
    def make(case: Case, mp: pytest.MonkeyPatch) -> None:
        if number > SCHEMA_VERSION:
            _copy(case, mp)
        with duckdb.connect(str(case.db)) as con:
            for step in MIGRATIONS[:number] if number < SCHEMA_VERSION else ():
                step(con) if callable(step) else con.execute(step)
            con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(number)])
    return make


def _locked(case: Case, mp: pytest.MonkeyPatch) -> None:
    _copy(case, mp)
    mp.setenv("NEWSLENS_LOCK_TIMEOUT_S", "0.3")
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); sys.stdin.read()", str(case.db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    _HOLDERS.append(holder)


_HOLDERS: list[subprocess.Popen] = []


def _no_writes(case: Case, mp: pytest.MonkeyPatch) -> None:
    """A read-only file or folder: DuckDB's own words, injected (the suite may run as root,
    whom permissions do not stop)."""
    connect = duckdb.connect

    def refusing(database: str, read_only: bool = False, **kwargs):
        if not read_only:
            raise duckdb.IOException(f'IO Error: Cannot open file "{database}": '
                                     "Permission denied")
        return connect(database, read_only=read_only, **kwargs)
    mp.setattr(connection.duckdb, "connect", refusing)


def _full_disk(error: Exception) -> Maker:
    """The disk fills inside the write transaction (DuckDB's words, or the OS's errno)."""
    def make(case: Case, mp: pytest.MonkeyPatch) -> None:
        _copy(case, mp)

        def full(_con: duckdb.DuckDBPyConnection) -> None:
            raise error
        mp.setattr(connection, "migrate", full)
    return make


def _non_utf8_name(case: Case, mp: pytest.MonkeyPatch) -> None:
    case.db = case.db.with_name("st\udcffore.duckdb")
    _copy(case, mp)


KINDS: dict[FaultKind, dict[str, Maker]] = {
    K.MISSING: {"no file": lambda case, mp: None},
    K.NOT_OURS: {
        "csv": _file(lambda p: p.write_text("title,text\nt,a text\n")),
        "json": _file(lambda p: p.write_text(json.dumps([{"title": "t", "text": "a"}]))),
        "parquet": _file(_parquet), "sqlite": _file(_sqlite), "zip": _file(_zip),
        "empty file": _file(lambda p: p.write_bytes(b"")),
        "folder": _file(lambda p: p.mkdir()),
        "another program's duckdb": _file(_foreign_duckdb),
    },
    K.CORRUPT: {
        "truncated to 100 bytes": _truncated(0.0), "truncated to half": _truncated(0.5),
        "truncated to a quarter": _truncated(0.25),
        "both database headers scribbled": _scribbled(4096, 8192),
        "first block scribbled past its magic": _scribbled(12, 4000),
    },
    K.NEWER_SCHEMA: {f"schema +{n}": _schema(SCHEMA_VERSION + n) for n in (1, 90)},
    K.OLDER_SCHEMA: {f"schema {n}": _schema(n) for n in (1, SCHEMA_VERSION // 2,
                                                        SCHEMA_VERSION - 1)},
    K.LOCKED: {"write lock held by another process": _locked},
    K.READ_ONLY: {"file": lambda case, mp: (_copy(case, mp), _no_writes(case, mp)),
                  "folder, new store": _no_writes},
    K.DISK_FULL: {
        "duckdb": _full_disk(duckdb.TransactionException(
            'TransactionContext Error: Failed to commit: Could not write file "x": No space '
            "left on device")),
        "errno": _full_disk(OSError(errno.ENOSPC, "No space left on device")),
    },
    K.NOT_UTF8: {"store file name": _non_utf8_name},
}
CASES = [(kind, name) for kind, makers in KINDS.items() for name in makers]

# the commands, the store's data they need, and whether they write to the store
COMMANDS: dict[str, tuple[list[str], bool]] = {
    "ingest": (["ingest", str(SEED), "-q"], True),
    "info": (["info"], False),
    "export": (["export", "articles"], False),
    "index": (["index"], False),
    "rebuild": (["rebuild"], True),
    "upgrade": (["upgrade"], False),
    "entity merge": (["entity", "merge", "country:ir", "country:ru"], True),
    "entity rename": (["entity", "rename", "country:ir", "Iran"], True),
}
# writing migrates an older store; reading does not (and says to)
_MIGRATING = {"ingest", "index", "rebuild", "upgrade", "entity merge", "entity rename"}


def expected(case: Case, command: str) -> FaultKind | None:
    """The kind the command must report, or None where it does its work."""
    kind, writes = case.kind, COMMANDS[command][1]
    if not case.db.exists() and kind is not K.NOT_UTF8:  # only ingest creates a store
        return None if kind is K.MISSING and command == "ingest" else (
            kind if command == "ingest" else K.MISSING)
    if kind is K.OLDER_SCHEMA:
        return None if command in _MIGRATING else kind
    if kind in (K.READ_ONLY, K.DISK_FULL):
        return kind if writes else None
    return kind


@pytest.fixture
def make(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, good_store: Path
         ) -> Iterator[Callable[[FaultKind, str], Case]]:
    def build(kind: FaultKind, name: str) -> Case:
        folder = tmp_path / ("new" if name.endswith("new store") else "store")
        folder.mkdir(exist_ok=True)
        case = Case(kind, folder / "test.duckdb", good_store)
        KINDS[kind][name](case, monkeypatch)
        return case
    yield build
    while _HOLDERS:
        holder = _HOLDERS.pop()
        holder.communicate("")


def _fingerprint(path: Path) -> str | int | None:
    """What the store holds: its bytes for a file nothing could open, else its articles."""
    if not path.is_file():
        return None
    try:
        with connection.reading(path) as con:  # the pool an AppTest's pages share
            return con.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    except StoreError:
        return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k.name}-{n}" for k, n in CASES])
def test_every_command_says_the_fault_and_its_next_step(make, kind, name, command):
    case = make(kind, name)
    before = None if kind in (K.LOCKED, K.NOT_UTF8) else _fingerprint(case.db)
    want = expected(case, command)
    result = runner.invoke(app, [*COMMANDS[command][0], "--db", str(case.db)])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception,
                                                                     SystemExit), result.output
    assert "Traceback" not in result.output
    if want is None:
        assert result.exit_code in (0, 1), result.output  # 1: e.g. no such entity
        assert all(k.next_step not in result.output for k in FaultKind), result.output
        return
    assert result.exit_code == want.exit_code, result.output
    assert want.next_step in result.output.replace("\n", " ")
    if before is not None and kind is not K.OLDER_SCHEMA:
        assert _fingerprint(case.db) == before


@pytest.mark.parametrize("byte", range(0x80, 0x100), ids=lambda b: f"{b:02x}")
def test_a_name_with_any_byte_that_is_not_utf8_is_refused(make, byte):
    case = make(K.OLDER_SCHEMA, f"schema {SCHEMA_VERSION - 1}")
    ingest([SEED], case.db, workers=1)
    text = bytes([byte]).decode("utf-8", "surrogateescape")
    for args in (["entity", "rename", "country:ir", f"Ira{text}n"],
                 ["entity", "merge", f"country:{text}", "country:ir"]):
        result = runner.invoke(app, [*args, "--db", str(case.db)])
        assert result.exit_code == K.NOT_UTF8.exit_code, result.output
        assert K.NOT_UTF8.next_step in result.output


# --- the pages -------------------------------------------------------------------------------

PAGES = [f"app_pages/{name}.py"
         for name in ("overview", "meetings", "network", "articles", "entity", "data")]
# on a page, a store of an older schema is migrated when the dashboard starts, a missing one is
# created from the bundled data, and a read-only or full disk is met only by a write
_PAGE_FAULTS = [k for k in FaultKind if k not in (K.MISSING, K.OLDER_SCHEMA, K.DISK_FULL)]


def _shown(at: AppTest) -> str:
    return " ".join(e.value for e in [*at.info, *at.warning, *at.error]).replace("\\", "")


def _open_page(monkeypatch: pytest.MonkeyPatch, db: Path, page: str) -> AppTest:
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=60).run()
    return at.switch_page(page).run()


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("kind", _PAGE_FAULTS, ids=lambda k: k.name)
def test_every_page_says_the_fault_and_its_next_step(make, monkeypatch, kind, page):
    name = "folder, new store" if kind is K.READ_ONLY else next(iter(KINDS[kind]))
    case = make(kind, name)
    at = _open_page(monkeypatch, case.db, page)
    assert not at.exception
    assert kind.next_step.replace("'", "") in _shown(at).replace("'", "")


@pytest.mark.parametrize("kind", [K.OLDER_SCHEMA, K.MISSING], ids=lambda k: k.name)
def test_the_dashboard_migrates_an_older_store_and_creates_a_missing_one(make, monkeypatch,
                                                                          kind):
    case = make(kind, next(iter(KINDS[kind])))
    at = _open_page(monkeypatch, case.db, "app_pages/overview.py")
    assert not at.exception
    assert all(k.next_step not in _shown(at) for k in FaultKind)
    with connection.reading(case.db) as con:
        assert connection.version(con) == SCHEMA_VERSION


@pytest.mark.parametrize(("kind", "name"), [(k, n) for k in (K.READ_ONLY, K.DISK_FULL)
                                            for n in KINDS[k] if not n.endswith("new store")])
def test_an_upload_meets_a_store_that_cannot_be_written_and_loses_nothing(make, monkeypatch,
                                                                          kind, name):
    case = make(kind, name)
    before = _fingerprint(case.db)
    at = _open_page(monkeypatch, case.db, "app_pages/data.py")
    at.file_uploader(key="data_uploads").upload("a.txt", b"Title\n\nA text about talks.").run()
    at.button[0].click().run()
    assert not at.exception
    assert kind.next_step in _shown(at)
    assert _fingerprint(case.db) == before


# --- a write refused partway: every errno, as the OS or DuckDB says it, at each step ---------

REFUSALS = {errno.ENOSPC: K.DISK_FULL, errno.EDQUOT: K.DISK_FULL, errno.EROFS: K.READ_ONLY,
            errno.EACCES: K.READ_ONLY, errno.EPERM: K.READ_ONLY}
# DuckDB's own templates (its IOException and the errors that wrap one), and the OS's errno
FORMS: dict[str, Callable[[int, Path], Exception]] = {
    "os": lambda n, db: OSError(n, os.strerror(n), f"{db}.wal"),
    "duckdb write": lambda n, db: duckdb.IOException(
        f'IO Error: Could not write file "{db}.wal": {os.strerror(n)}'),
    "duckdb fsync": lambda n, db: duckdb.IOException(
        f'IO Error: Could not fsync file "{db}.wal": {os.strerror(n)}'),
    "duckdb commit": lambda n, db: duckdb.TransactionException(
        f'TransactionContext Error: Failed to commit: Could not write file "{db}.wal": '
        f"{os.strerror(n)}"),
    "duckdb checkpoint": lambda n, db: duckdb.FatalException(
        f"FATAL Error: Checkpoint failed for database {db}. The database has been "
        f'invalidated. Original error: Could not write file "{db}": {os.strerror(n)}'),
}
# each writing command: its arguments, and the statements it fails at (its last write inside
# the transaction, after rows went in, and the commit)
WRITERS = {
    "ingest": (["ingest", "{more}", "-q"], ("INSERT INTO ingests", "COMMIT")),
    "entity merge": (["entity", "merge", "country:ir", "country:ru"],
                     ("UPDATE mentions", "COMMIT")),
    "entity rename": (["entity", "rename", "country:ir", "Iran"],
                      ("UPDATE entities", "COMMIT")),
    "rebuild": (["rebuild"], ("DELETE FROM entity_pairs", "COMMIT")),
}
_INVALIDATED = ("FATAL Error: Failed: database has been invalidated because of a previous "
                "fatal error. The database must be restarted prior to being used again.")


class _Refusing:
    """A write connection whose statement ``step`` fails with ``error``; after a fatal error,
    as in DuckDB, every later statement (the rollback too) is refused."""

    def __init__(self, con: duckdb.DuckDBPyConnection, step: str, error: Exception) -> None:
        self.con, self.step, self.error, self.fatal = con, step, error, False

    def execute(self, sql: str, *args):
        if self.fatal:
            raise duckdb.FatalException(_INVALIDATED)
        if sql.lstrip().startswith(self.step):
            self.fatal = isinstance(self.error, duckdb.FatalException)
            raise self.error
        return self.con.execute(sql, *args)

    def __getattr__(self, name: str):
        return getattr(self.con, name)


def _contents(db: Path) -> list:
    """Every stored table's rows, hashed: what must be as before."""
    with connection.reading(db) as con:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables "
                                           "WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        return [(n, *con.execute(f'SELECT count(*), bit_xor(hash(t)) FROM "{n}" t').fetchall())
                for n in names]


WRITE_CASES = [(c, s, f, n) for c, (_, steps) in WRITERS.items() for s in steps
               for f in FORMS for n in REFUSALS]


@pytest.mark.parametrize(("command", "step", "form", "number"), WRITE_CASES,
                         ids=[f"{c}-{s.split()[0]}-{f}-{errno.errorcode[n]}"
                              for c, s, f, n in WRITE_CASES])
def test_a_write_refused_partway_is_said_and_loses_nothing(make, monkeypatch, tmp_path,
                                                           command, step, form, number):
    case = make(K.OLDER_SCHEMA, f"schema {SCHEMA_VERSION - 1}")
    ingest([SEED], case.db, workers=1)  # brought to this schema, holding the seed
    connection.pool.close_idle(case.db.resolve())
    more = tmp_path / "more.txt"  # an article the store does not hold yet
    more.write_text("Talks in Tehran\n\nIran and Russia met in Tehran on Monday.\n")
    args = [a.format(more=more) for a in WRITERS[command][0]]
    before = _contents(case.db)
    error, opened = FORMS[form](number, case.db), connection._open
    monkeypatch.setattr(connection, "_open", lambda path, read_only: (
        opened(path, read_only) if read_only else _Refusing(opened(path, read_only), step,
                                                            error)))
    result = runner.invoke(app, [*args, "--db", str(case.db)])
    kind = REFUSALS[number]
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    assert result.exit_code == kind.exit_code, result.output
    assert kind.next_step in result.output.replace("\n", " ")
    monkeypatch.undo()
    assert _contents(case.db) == before
