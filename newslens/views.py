"""Saved dashboard views: a long share link's query string kept in the store under a short id.

An analyst who selected forty entities gets ``?view=3f2a9c1e0b`` instead of a URL that chat
tools truncate. The id is a hash of the page and parameters, so saving the same view twice
gives the same link.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from newslens.store.connection import reading, writing

Params = dict[str, list[str]]

_VIEW_ID = re.compile(r"^[0-9a-f]{10}$")
#: A saved view bigger than this is not a view but an abuse of the store.
MAX_PARAMS_BYTES = 100_000


class ViewError(ValueError):
    """A view that cannot be saved or opened; the message says why."""


def _canonical(page: str, params: Params) -> str:
    return json.dumps({"page": page, "params": {k: sorted(v) for k, v in sorted(params.items())}},
                      ensure_ascii=False, sort_keys=True)


def save_view(db: Path | str, page: str, params: Params) -> str:
    """Store ``params`` for ``page`` and return the view id."""
    text = _canonical(page, params)
    if len(text.encode("utf-8")) > MAX_PARAMS_BYTES:
        raise ViewError(f"this view is larger than {MAX_PARAMS_BYTES:,} bytes; narrow it first")
    view_id = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
    with writing(db) as con:
        con.execute("INSERT INTO saved_views VALUES (?, ?, ?, now()::TIMESTAMP) "
                    "ON CONFLICT DO NOTHING", [view_id, page, json.dumps(params)])
    return view_id


def load_view(db: Path | str, view_id: str) -> tuple[str, Params]:
    """The page and parameters saved as ``view_id``."""
    if not _VIEW_ID.match(view_id or ""):
        raise ViewError(f"'{view_id[:40]}' is not a saved-view id")
    with reading(db) as con:
        rows = con.execute("SELECT page, params FROM saved_views WHERE view_id = ?",
                           [view_id]).fetchall()
    if not rows:
        raise ViewError(f"no saved view '{view_id}' in this store")
    page, params = rows[0]
    return page, {str(k): [str(v) for v in vs] for k, vs in json.loads(params).items()}
