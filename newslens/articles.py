"""Turn one raw record into a clean Article: the cleaning stage of ingest, a pure function."""

from __future__ import annotations

import hashlib
import re

from newslens import settings
from newslens.clean.boilerplate import lift_read_also, strip_chrome
from newslens.clean.dates import parse_date
from newslens.clean.encoding import fix_text
from newslens.clean.language import language_of
from newslens.clean.layout import find_dateline, split_page
from newslens.clean.outlets import outlet_name
from newslens.clean.urls import BadUrl, clean_url, url_key
from newslens.records import Article, RawRecord, ReadIssue

_TITLE_MAX = 1000


def text_hash(text: str) -> str:
    """Hash of the text with case, punctuation and spacing ignored: same story, same hash."""
    normalised = re.sub(r"\W+", " ", text.casefold()).strip()
    return hashlib.sha1(normalised.encode("utf-8")).hexdigest()


def article_id(key: str | None, hashed_text: str) -> str:
    """Content-derived id: from the URL when there is one, else from the text."""
    basis = f"url:{key}" if key else f"text:{hashed_text}"
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def build_article(raw: RawRecord, day_first: bool = True,
                  max_chars: int | None = None) -> tuple[Article | None, list[ReadIssue]]:
    """Clean a record; return the article (or None if unusable) and any issues met."""
    limit = max_chars if max_chars is not None else int(settings.get("max_text_chars"))
    size = len(raw.fields.get("text") or "")
    if size > limit:
        return None, [ReadIssue(raw.origin, f"text is {size:,} characters, over "
                                f"max_text_chars={limit:,}; skipped")]
    fields = {k: fix_text(v) for k, v in raw.fields.items() if v and v.strip()}
    raw_text = fields.get("text", "")
    page = split_page(strip_chrome(raw_text), "title" in fields, "date" in fields)
    lifted = lift_read_also(page.body)
    if not lifted.text.strip():
        return None, [ReadIssue(raw.origin, "no article text (empty after cleaning)")]
    issues: list[ReadIssue] = []
    published = page.published or parse_date(fields.get("date"), day_first)
    if "date" in fields and published is None:
        issues.append(_warning(raw, f"unparseable date {fields['date'][:60]!r}; kept undated"))
    url = _url(raw, fields.get("url"), issues)
    title = _title(raw, fields.get("title") or page.title, issues)
    dateline = find_dateline(lifted.text)
    hashed = text_hash(lifted.text)
    key = url_key(url) if url else None
    return Article(
        article_id=article_id(key, hashed), text=lifted.text, text_hash=hashed,
        origin=raw.origin, title=title, url=url, url_key=key,
        source=fields.get("source") or outlet_name(dateline.outlet if dateline else None, url,
                                                   raw_text),
        published=published.day if published else None,
        published_at=published.at if published else None,
        published_precision=published.precision if published else None,
        language=language_of(fields.get("language"), title, lifted.text),
        raw_text=raw_text if raw_text != lifted.text else None,
        related_titles=lifted.related_titles, author=fields.get("author"),
        dateline=dateline.place if dateline else None,
    ), issues


def _warning(raw: RawRecord, reason: str) -> ReadIssue:
    return ReadIssue(raw.origin, reason, severity="warning")


def _url(raw: RawRecord, value: str | None, issues: list[ReadIssue]) -> str | None:
    if not value:
        return None
    try:
        return clean_url(value)
    except BadUrl as exc:
        issues.append(_warning(raw, f"{exc}; URL dropped"))
        return None


def _title(raw: RawRecord, value: str | None, issues: list[ReadIssue]) -> str | None:
    if not value:
        return None
    title = re.sub(r"\s+", " ", value).strip()
    if len(title) > _TITLE_MAX:
        issues.append(_warning(raw, f"title of {len(title):,} characters cut to {_TITLE_MAX}"))
        title = title[:_TITLE_MAX]
    return title or None
