"""Plain-text and Markdown files: one article per file, as saved from a web page.

The title, date line and site chrome stay in the text here; the cleaning stage recognises them.
Markdown may carry YAML front matter (title, date, url, ...), which is used as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import yaml

from newslens import columns
from newslens.clean.encoding import decode
from newslens.readers.rows import as_text
from newslens.records import RawRecord, ReadIssue
from newslens.sources import Source

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.DOTALL)
_BODY = "\x00body"
_SCALARS = (str, int, float, date)


def read(source: Source) -> Iterator[RawRecord | ReadIssue]:
    text = decode(source.read_bytes())
    if not text.strip():
        yield ReadIssue(source.origin, "file is empty")
        return
    meta, body = _split_front_matter(text)
    if source.suffix == ".md":
        body = re.sub(r"^#{1,6}\s+", "", body.lstrip(), count=1)
    row = {**meta, _BODY: body}
    mapping = columns.resolve(row, {"text": _BODY})
    yield RawRecord(source.origin, {f: as_text(row.get(c)) for f, c in mapping.items()})


def _split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, text
    if not isinstance(meta, dict):
        return {}, text
    # only plain values: YAML aliases can make a nested value that prints to gigabytes
    return {k: v for k, v in meta.items() if isinstance(v, _SCALARS)}, text[match.end():]
