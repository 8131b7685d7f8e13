"""JSON (an array, or an object holding a list of articles) and JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from newslens.clean.encoding import decode
from newslens.records import Origin, ReadIssue
from newslens.sources import Source


def read_json(source: Source) -> Iterator[tuple[int, dict] | ReadIssue]:
    text = decode(source.read_bytes())
    if not text.strip():
        yield ReadIssue(source.origin, "file is empty")
        return
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        yield ReadIssue(source.origin, f"invalid JSON at line {exc.lineno} column {exc.colno}: "
                        f"{exc.msg}")
        return
    items = _article_list(document)
    if items is None:
        yield ReadIssue(source.origin, "no list of article objects found (expected an array, or "
                        "an object with a list such as {\"articles\": [...]})")
        return
    yield from _objects(source, enumerate(items, start=1))


def _article_list(document: Any) -> list | None:
    """The document itself if it is a list, else the longest list-of-objects value inside it."""
    if isinstance(document, list):
        return document
    if isinstance(document, dict):
        lists = [v for v in document.values() if isinstance(v, list)
                 and any(isinstance(i, dict) for i in v)]
        if lists:
            return max(lists, key=len)
        if any(isinstance(v, str) for v in document.values()):
            return [document]
    return None


def read_jsonl(source: Source) -> Iterator[tuple[int, dict] | ReadIssue]:
    text = decode(source.read_bytes())
    parsed: list[tuple[int, Any]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parsed.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            yield ReadIssue(Origin(source.name, number), f"invalid JSON: {exc.msg}")
        except ValueError as exc:  # e.g. an integer past Python's 4,300-digit limit
            yield ReadIssue(Origin(source.name, number), f"unreadable JSON value: {exc}"[:300])
        except RecursionError:
            yield ReadIssue(Origin(source.name, number), "JSON nested too deeply")
    if not parsed and not text.strip():
        yield ReadIssue(source.origin, "file is empty")
    yield from _objects(source, parsed)


def _objects(source: Source, items: Any) -> Iterator[tuple[int, dict] | ReadIssue]:
    for number, item in items:
        if isinstance(item, dict):
            yield number, item
        else:
            yield ReadIssue(Origin(source.name, number),
                            f"expected an object, got {type(item).__name__}")
