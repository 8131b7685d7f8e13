"""Saved HTML pages: main text and metadata extracted with trafilatura."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import trafilatura

from newslens.clean.encoding import decode
from newslens.records import RawRecord, ReadIssue
from newslens.sources import Source


def read(source: Source) -> Iterator[RawRecord | ReadIssue]:
    html = decode(source.read_bytes())
    if not html.strip():
        yield ReadIssue(source.origin, "file is empty")
        return
    # as_dict=True: a plain dict (its annotation also allows the Document it otherwise gives)
    doc = cast(dict[str, Any] | None, trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, as_dict=True))
    if not doc or not (doc.get("text") or "").strip():
        yield ReadIssue(source.origin, "no article text found in the HTML page")
        return
    fields = {"text": doc.get("text"), "title": doc.get("title"), "date": doc.get("date"),
              "url": doc.get("url"), "source": doc.get("sitename"),
              "author": doc.get("author"), "language": doc.get("language")}
    yield RawRecord(source.origin, {k: v for k, v in fields.items() if v})
