"""Article URLs: only http(s) is accepted; a normalised key makes the same page match itself."""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import parse_qsl, urlencode, urlsplit

import tldextract

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_cid|mc_eid|ref|cmp|ocid)$", re.IGNORECASE)
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.")


class BadUrl(ValueError):
    """A URL value that is not a usable http(s) address."""


def clean_url(value: str) -> str:
    """Return the URL trimmed, or raise BadUrl saying why it was refused."""
    url = value.strip()
    if re.search(r"[\x00-\x20\x7f]", url):
        raise BadUrl("URL contains spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise BadUrl(f"URL scheme '{parts.scheme or '(none)'}' is not http(s)")
    if not parts.hostname or "." not in parts.hostname:
        raise BadUrl("URL has no host name")
    return url


def url_key(url: str) -> str:
    """Scheme-, case- and tracking-insensitive form of a clean URL, for deduplication."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    for prefix in _HOST_PREFIXES:
        host = host.removeprefix(prefix)
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    path = re.sub(r"/+$", "", parts.path) or ""
    return f"{host}{path}" + (f"?{query}" if query else "")


@cache
def _extractor() -> tldextract.TLDExtract:
    # the bundled public-suffix snapshot only: never fetch the list at run time
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(host_or_url: str) -> str | None:
    """'news.detik.com' -> 'detik.com'; None when there is no public suffix."""
    parts = _extractor()(host_or_url)
    if not parts.domain or not parts.suffix:
        return None
    return f"{parts.domain}.{parts.suffix}".lower()
