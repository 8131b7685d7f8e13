"""Name the outlet when no source column exists: from the dateline, else from the URL."""

from __future__ import annotations

import csv
import re
from functools import cache

from newslens.clean.urls import registered_domain
from newslens.settings import DATA_DIR

_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")


@cache
def known_outlets() -> dict[str, str]:
    """Registered domain -> outlet name, from ``data/outlets.csv``."""
    with (DATA_DIR / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        return {row["domain"].lower(): row["name"] for row in csv.DictReader(fh)}


def outlet_name(dateline_outlet: str | None, url: str | None, raw_text: str) -> str | None:
    """The outlet's name as it spells itself, falling back to its domain."""
    if dateline_outlet and not _DOMAIN_LIKE.match(dateline_outlet):
        return dateline_outlet
    for candidate in (dateline_outlet, url):
        domain = registered_domain(candidate) if candidate else None
        if domain:
            return known_outlets().get(domain) or _spelled_in_text(domain, raw_text) or domain
    return None


def _spelled_in_text(domain: str, raw_text: str) -> str | None:
    """Find the site's own mixed-case spelling ("ArrahmahNews") of its domain label."""
    label = domain.split(".")[0]
    for match in re.finditer(rf"\b{re.escape(label)}\b", raw_text, re.IGNORECASE):
        word = match.group(0)
        if not word.islower() and not word.isupper():
            return word
    return None
