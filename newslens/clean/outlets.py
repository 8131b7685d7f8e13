"""Name the outlet when no source column exists: from the URL, else from what the dateline
credits — an agency ("WASHINGTON (AP) —"), an outlet known by name or a site's domain.

Whatever else sits in a dateline (a state, "BUFFALO, N.Y."; a country, "HANOI, Vietnam"; a
phrase the pattern caught) is a place or prose, never a source: only names known to be
outlets are credited, so an unknown fragment leaves the source empty rather than wrong.
"""

from __future__ import annotations

import csv
import re
from functools import cache

from newslens.clean.urls import registered_domain
from newslens.knowledge.data_files import read_yaml
from newslens.settings import DATA_DIR

_DOMAIN_LIKE = re.compile(r"^[\w-]+(\.[\w-]+)+$")


@cache
def known_outlets() -> dict[str, str]:
    """Registered domain -> outlet name, from ``data/outlets.csv``."""
    with (DATA_DIR / "outlets.csv").open(encoding="utf-8", newline="") as fh:
        return {row["domain"].lower(): row["name"] for row in csv.DictReader(fh)}


@cache
def news_agencies() -> dict[str, str]:
    """Every way of writing an agency (casefolded) -> the name it is credited under, from
    ``data/news_agencies.yaml``."""
    return {spelling.casefold(): entry["name"]
            for entry in read_yaml(DATA_DIR / "news_agencies.yaml")
            for spelling in (entry["name"], *entry.get("aliases", ()))}


@cache
def _outlets_by_name() -> dict[str, str]:
    """Agencies' spellings and the outlets of ``data/outlets.csv`` by their own names."""
    names = {name.casefold(): name for name in known_outlets().values()}
    return {**names, **news_agencies()}


def outlet_name(dateline_outlet: str | None, url: str | None, raw_text: str) -> str | None:
    """The outlet that published the article: the URL's site, else the dateline's credit."""
    return (_site_name(url, raw_text) if url else None) or dateline_credit(dateline_outlet,
                                                                            raw_text)


def dateline_credit(fragment: str | None, raw_text: str = "") -> str | None:
    """The outlet a dateline names (an agency, a known outlet, a site), None for anything
    else."""
    if not fragment:
        return None
    written = re.sub(r"\s+", " ", fragment).strip()
    known = _outlets_by_name().get(written.casefold())
    if known:
        return known
    return _site_name(written, raw_text) if _DOMAIN_LIKE.match(written) else None


def _site_name(address: str, raw_text: str) -> str | None:
    """The outlet of a URL or bare domain, as it spells itself, falling back to its domain."""
    domain = registered_domain(address)
    if not domain:
        return None
    return known_outlets().get(domain) or _spelled_in_text(domain, raw_text) or domain


def _spelled_in_text(domain: str, raw_text: str) -> str | None:
    """Find the site's own mixed-case spelling ("ArrahmahNews") of its domain label."""
    label = domain.split(".")[0]
    for match in re.finditer(rf"\b{re.escape(label)}\b", raw_text, re.IGNORECASE):
        word = match.group(0)
        if not word.islower() and not word.isupper():
            return word
    return None
