"""Hand-labelled articles: references into a corpus folder, resolved to the text ingest sees.

Labels never carry third-party text. Each names its article by corpus, file and key (the URL
for table files, the path for one-article files) and holds the SHA-1 of the cleaned text, so
a label is read against exactly the text it was made on, or refused. Where a corpus README
says part of each file is not the outlet's text (the Kompas digest appends an LLM summary after
its last `---` line), that part is cut before labelling and scoring.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from newslens.articles import build_article
from newslens.clean.dates import numeric_order
from newslens.readers import read_source
from newslens.records import Article, RawRecord
from newslens.sources import Source

_NOT_THE_OUTLETS = {"id-kompas-2025-digest": "\n---"}


class StaleLabel(Exception):
    """The corpus text no longer matches the hash the label was made on."""


@dataclass(frozen=True)
class ArticleRef:
    corpus: str
    file: str       # path inside the corpus folder
    key: str        # the article's URL, or the file path for one-article files

    def as_dict(self) -> dict[str, str]:
        return {"corpus": self.corpus, "file": self.file, "key": self.key}


def text_sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=64)
def articles_in(path: Path) -> dict[str, Article]:
    """The file's articles cleaned as ingest cleans them, keyed by URL, else by the path."""
    source = Source(str(path), path.suffix.lower(), path)
    records = [r for r in read_source(source, {}) if isinstance(r, RawRecord)]
    day_first = numeric_order([r.fields.get("date") or "" for r in records])
    found: dict[str, Article] = {}
    for record in records:
        article = build_article(record, day_first)[0]
        if article is not None:
            found[record.fields.get("url") or str(path)] = article
    return found


def corpus_folder(corpora: Path, corpus: str) -> Path:
    """A corpus folder, or a staged candidate beside the corpora (shared/demo-candidates)."""
    folder = corpora / corpus
    return folder if folder.is_dir() else corpora.parent / "demo-candidates" / corpus


def resolve(corpora: Path, ref: ArticleRef, sha1: str | None = None) -> Article:
    """The labelled article's cleaned text, checked against the label's hash."""
    path = corpus_folder(corpora, ref.corpus) / ref.file
    articles = articles_in(path)
    article = articles.get(ref.key) or articles.get(str(path))
    if article is None:
        raise KeyError(f"{ref.corpus}/{ref.file}: no article keyed {ref.key!r}")
    tail = _NOT_THE_OUTLETS.get(ref.corpus)
    if tail and tail in article.text:
        article = replace(article, text=article.text[:article.text.rindex(tail)].rstrip())
    if sha1 and text_sha1(article.text) != sha1:
        raise StaleLabel(f"{ref.corpus}/{ref.file} {ref.key}: text changed since labelling")
    return article


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)
