"""Full-text index of article titles and texts (tantivy), kept next to the store.

A search over a million article texts is a 3 GB scan in DuckDB (seconds); an inverted index
answers in milliseconds. The store stays the one source of truth: the index lives in a folder
beside it (``<store>.search-v1``), is filled after each ingest's merge from what the store holds,
and records in ``indexed.json`` the store's identity (schema v9) and the last ingest it holds.
Whenever that mark differs from the store — a fresh store, an ingest killed between its merge
and the indexing, an index deleted, a store re-created at the same path — searches fall back
to the scan, and the next catch-up (next ingest, dashboard start-up or ``newslens index``)
adds exactly the missing ingests (all of them for another store's index): it first deletes
whatever a half-done earlier attempt added for them, so repeating it never duplicates a document.

Matching: the words typed, in this order, the last one as a beginning ("Dehq" finds Dehqan);
case and accents ignored. Article ids are 16 hex digits, kept as a 64-bit fast field, so the
ids of thousands of hits come back in one call instead of one stored document each.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import tantivy

from newslens.store.connection import StoreError, reading, scalar

log = logging.getLogger(__name__)

#: Matches beyond this many (newest first) are not handed to the store's filters.
MAX_MATCHES = 100_000
_FIELDS = ("title", "text")
_ANALYZER = "newslens"
_BATCH = 5_000
_WRITER_HEAP = 200_000_000
_EPOCH = date(1970, 1, 1)
_UNDATED = -(2**31)  # sorts after every dated article in newest-first order
_lock = threading.Lock()
#: One catch-up at a time in a process (the dashboard's start-up one and an upload's); tantivy
#: itself refuses a second writer, so another process's catch-up is logged and left to the next.
_writing = threading.Lock()
_open_indexes: dict[Path, tantivy.Index] = {}


@dataclass(frozen=True)
class Matches:
    """Ids of the newest matching articles (at most ``MAX_MATCHES``) and how many match."""

    article_ids: list[str]
    total: int


def index_folder(db: Path | str) -> Path:
    """Beside the store; the suffix changes with the index's schema (an old one is ignored)."""
    db = Path(db)
    return db.with_name(db.name + ".search-v1")


def marker(db: Path | str) -> Path:
    """The file naming the last ingest the index holds (its change invalidates cached answers)."""
    return index_folder(db) / "indexed.json"


def _analyzer() -> tantivy.TextAnalyzer:
    """Words split on anything but letters and digits, lower-cased, accents folded."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(40))
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold())
            .build())


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_unsigned_field("key", fast=True)
    builder.add_integer_field("ingest", indexed=True)
    builder.add_integer_field("published", fast=True)
    for name in _FIELDS:
        builder.add_text_field(name, tokenizer_name=_ANALYZER)
    return builder.build()


def _created(db: Path | str) -> tantivy.Index:
    """The index, opened once per process and made empty if there is none yet; a folder
    deleted meanwhile is noticed."""
    folder = index_folder(db)
    exists = (folder / "meta.json").exists()
    with _lock:
        index = _open_indexes.get(folder) if exists else None
        if index is None:
            folder.mkdir(parents=True, exist_ok=True)
            index = tantivy.Index(_schema(), path=str(folder))
            index.register_tokenizer(_ANALYZER, _analyzer())
            _open_indexes[folder] = index
    return index


def _store_mark(db: Path | str) -> dict:
    """The store's identity and its newest ingest holding articles."""
    with reading(db) as con:
        store_id = scalar(con, "SELECT value FROM meta WHERE key = 'store_id'")
        latest = scalar(con, "SELECT coalesce(max(ingest_id), 0) FROM articles")
    return {"store_id": str(store_id), "ingest_id": int(latest)}


def _index_mark(db: Path | str) -> dict | None:
    try:
        mark = json.loads(marker(db).read_text(encoding="utf-8"))
        return {"store_id": str(mark["store_id"]), "ingest_id": int(mark["ingest_id"])}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _indexed_through(store_mark: dict, index_mark: dict | None) -> int:
    """The last ingest the index holds entirely, -1 if it holds nothing of this store."""
    if index_mark is None or index_mark["store_id"] != store_mark["store_id"]:
        return -1
    return index_mark["ingest_id"]


def _write_mark(db: Path | str, mark: dict) -> None:
    path = marker(db)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(mark), encoding="utf-8")
    os.replace(partial, path)


def is_current(db: Path | str) -> bool:
    """Whether the index holds exactly the store's articles."""
    return _index_mark(db) == _store_mark(db)


class FullTextError(Exception):
    """The full-text index could not be brought up to date (the store itself is untouched)."""


def catch_up(db: Path | str, strict: bool = False) -> int:
    """Index the articles of every ingest the index does not hold yet; returns how many.

    Runs after an ingest's merge (outside its transaction: the store is already complete) and
    at dashboard start-up, where a failure costs only speed, never data, so it is logged;
    ``strict`` (the CLI) raises it instead.
    """
    try:
        with _writing:
            return _catch_up(db)
    except (OSError, ValueError, StoreError) as exc:  # tantivy reports its errors as ValueError
        if strict:
            raise FullTextError(f"the full-text index of {db} was not updated: {exc}") from exc
        log.warning("full-text index of %s not updated: %s", db, exc)
        return 0


def _catch_up(db: Path | str) -> int:
    store_mark, index_mark = _store_mark(db), _index_mark(db)
    if index_mark == store_mark:
        return 0
    done, latest = _indexed_through(store_mark, index_mark), store_mark["ingest_id"]
    index = _created(db)
    writer = index.writer(_WRITER_HEAP, 1)
    if done < 0:
        writer.delete_all_documents()
    else:
        writer.delete_documents_by_query(tantivy.Query.range_query(
            index.schema, "ingest", tantivy.FieldType.Integer, done + 1, latest,
            use_inverted_index=True))
    added = _add_articles(db, writer, done, latest)
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    _write_mark(db, store_mark)
    return added


def _add_articles(db: Path | str, writer: tantivy.IndexWriter, done: int, latest: int) -> int:
    """Stream the missing ingests' articles in slices of row ids (DuckDB skips straight to
    them; articles are appended, never deleted, so the ids stay put). The read lock is held
    per slice only: an ingest that starts meanwhile gets the store at once."""
    wanted = "coalesce(ingest_id, 0) BETWEEN ? AND ?"
    with reading(db) as con:
        first, last = con.execute(f"SELECT min(rowid), max(rowid) FROM articles WHERE {wanted}",
                                  [done + 1, latest]).fetchall()[0]
    if first is None:
        return 0
    added = 0
    for start in range(first, last + 1, _BATCH):
        with reading(db) as con:
            rows = con.execute(
                f"SELECT article_id, coalesce(ingest_id, 0), published, title, text "
                f"FROM articles WHERE rowid >= ? AND rowid < ? AND {wanted}",
                [start, start + _BATCH, done + 1, latest]).fetchall()
        for row in rows:
            writer.add_document(_document(*row))
        added += len(rows)
    return added


def _document(article_id: str, ingest_id: int, published: date | None, title: str | None,
              text: str | None) -> tantivy.Document:
    document = tantivy.Document()
    document.add_unsigned("key", int(article_id, 16))
    document.add_integer("ingest", ingest_id)
    document.add_integer("published", (published - _EPOCH).days if published else _UNDATED)
    document.add_text("title", title or "")
    document.add_text("text", text or "")
    return document


def find(db: Path | str, text: str, in_text: bool = True) -> Matches | None:
    """Articles whose title (and text) hold the words typed; None when the index cannot answer
    (missing, behind the store, unreadable) and the caller must scan."""
    words = tuple(_analyzer().analyze(text))
    if not words:
        return None
    try:
        mark = _index_mark(db)
        if mark is None or mark != _store_mark(db):
            return None
        return _search(str(db), words, in_text, mark["store_id"], mark["ingest_id"],
                       MAX_MATCHES)
    except (OSError, ValueError, StoreError) as exc:
        log.warning("full-text index of %s not usable: %s", db, exc)
        return None


@lru_cache(maxsize=64)
def _search(db: str, words: tuple[str, ...], in_text: bool, store_id: str, ingest_id: int,
            limit: int) -> Matches:
    """One search of one state of the index: a page counts, lists and describes the same
    matches, so they are found once (the mark in the key retires answers the index outgrew)."""
    index = _created(db)
    index.reload()
    searcher = index.searcher()
    fields = _FIELDS if in_text else _FIELDS[:1]
    query = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.phrase_prefix_query(index.schema, f, list(words)))
        for f in fields])
    result = searcher.search(query, limit=limit, count=True, order_by_field="published")
    keys = searcher.fast_field_values("key", [address for _, address in result.hits])
    # count=True fills ``count``, which tantivy's type stubs leave out
    return Matches([f"{key:016x}" for key in keys], result.count)  # type: ignore[attr-defined]
