"""TimeML news documents (TimeBank, AQUAINT, TempEval-3): the text with its markup removed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from functools import cache

import yaml

from newslens.clean.encoding import decode
from newslens.records import RawRecord, ReadIssue
from newslens.settings import DATA_DIR
from newslens.sources import Source


@cache
def _outlets() -> dict[str, str]:
    with (DATA_DIR / "timeml_sources.yaml").open(encoding="utf-8") as fh:
        return {k.upper(): v for k, v in yaml.safe_load(fh).items()}


def read(source: Source) -> Iterator[RawRecord | ReadIssue]:
    try:
        root = ET.fromstring(decode(source.read_bytes()))
    except ET.ParseError as exc:
        yield ReadIssue(source.origin, f"not well-formed TimeML/XML ({exc})")
        return
    text = _element_text(root, "TEXT")
    if not text:
        yield ReadIssue(source.origin, "TimeML document has no <TEXT>")
        return
    dct = root.find("DCT/TIMEX3")
    fields = {"text": text, "title": _element_text(root, "TITLE"),
              "date": dct.get("value") if dct is not None else None,
              "source": _outlet(_element_text(root, "DOCID") or ""), "language": "en"}
    yield RawRecord(source.origin, {k: v for k, v in fields.items() if v})


def _element_text(root: ET.Element, tag: str) -> str | None:
    element = root.find(tag)
    if element is None:
        return None
    text = re.sub(r"[ \t]+", " ", "".join(element.itertext()))
    return re.sub(r"\n\s*\n+", "\n\n", text).strip() or None


def _outlet(docid: str) -> str | None:
    prefix = re.match(r"[A-Za-z]+", docid.strip())
    return _outlets().get(prefix.group(0).upper()) if prefix else None
