"""Query results cached by their arguments and by the store's state.

A cache key holds the store file's modification stamp, so an ingest, a merge or a rename
invalidates every cached answer without anyone having to remember to clear it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from newslens import fulltext

T = TypeVar("T")


def store_stamp(db: Path | str) -> tuple[tuple[int, int], ...]:
    """Modification time and size of the store, its write-ahead log and the full-text index's
    mark (searches change when the index catches up with the store)."""
    db = Path(db)
    files = (db, db.with_name(db.name + ".wal"), fulltext.marker(db))
    return tuple((s.st_mtime_ns, s.st_size) for s in (p.stat() for p in files if p.exists()))


@st.cache_data(show_spinner=False, max_entries=512, ttl=3600)
def _cached(name: str, db: str, stamp: tuple, args: tuple, kwargs: tuple,
            _fn: Callable[..., Any]) -> Any:
    return _fn(db, *args, **dict(kwargs))


def query(fn: Callable[..., T], db: Path | str, *args: Any, **kwargs: Any) -> T:
    """``fn(db, *args, **kwargs)``, computed once per argument values and store state."""
    return _cached(f"{fn.__module__}.{fn.__qualname__}", str(db), store_stamp(db), args,
                   tuple(sorted(kwargs.items())), _fn=fn)
