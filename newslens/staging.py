"""Staging: cleaned articles, origins, mentions and entities written as Parquet batches.

Deduplication within one ingest happens here (first seen wins), so only new articles' mentions
are staged; the merge then resolves the rest against the store.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from newslens import settings
from newslens.extract.entities import Extraction
from newslens.extract.meetings import Meeting
from newslens.knowledge.dictionary import Dictionary
from newslens.records import Article
from newslens.store.writes import ARTICLE_COLUMNS

ARTICLE_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("url", pa.string()), ("url_key", pa.string()),
    ("source", pa.string()), ("title", pa.string()), ("published", pa.date32()),
    ("published_at", pa.timestamp("us")), ("published_precision", pa.string()),
    ("language", pa.string()), ("text", pa.string()), ("raw_text", pa.string()),
    ("related_titles", pa.list_(pa.string())), ("author", pa.string()),
    ("dateline", pa.string()), ("text_hash", pa.string()), ("chars", pa.int32()),
])
ORIGIN_SCHEMA = pa.schema([("article_id", pa.string()), ("origin", pa.string())])
MENTION_SCHEMA = pa.schema([
    ("article_id", pa.string()), ("entity_id", pa.string()), ("surface", pa.string()),
    ("start", pa.int32()), ("end", pa.int32()), ("sentence", pa.int32()),
    ("paragraph", pa.int32()), ("how", pa.string()),
])
MEETING_SCHEMA = pa.schema([
    ("meeting_id", pa.string()), ("date", pa.date32()), ("date_precision", pa.string()),
    ("location_id", pa.string()), ("kind", pa.string()), ("agreement", pa.bool_()),
    ("planned", pa.bool_()), ("confidence", pa.float64()),
])
PARTICIPANT_SCHEMA = pa.schema([("meeting_id", pa.string()), ("entity_id", pa.string())])
SOURCE_SCHEMA = pa.schema([
    ("meeting_id", pa.string()), ("article_id", pa.string()), ("start", pa.int32()),
    ("end", pa.int32()), ("evidence", pa.string()),
])
ENTITY_SCHEMA = pa.schema([
    ("entity_id", pa.string()), ("name", pa.string()), ("type", pa.string()),
    ("country", pa.string()), ("aliases", pa.list_(pa.string())), ("origin", pa.string()),
])


class Stager:
    """Collects articles, origins, mentions and entities, and writes them in batches."""

    def __init__(self, folder: Path, dictionary: Dictionary) -> None:
        self.folder = folder
        self.dictionary = dictionary
        self.by_url: dict[str, str] = {}
        self.by_text: dict[str, str] = {}
        self.entities_seen: set[str] = set()
        self.articles: list[dict] = []
        self.origins: list[dict] = []
        self.mentions: list[dict] = []
        self.entities: list[dict] = []
        self.meetings: list[dict] = []
        self.participants: list[dict] = []
        self.sources: list[dict] = []
        self.batches = 0

    def add(self, article: Article, found: tuple[Extraction, list[Meeting]] | None) -> None:
        known = (article.url_key and self.by_url.get(article.url_key)) or \
            self.by_text.get(article.text_hash)
        if known is None:
            known = article.article_id
            self.articles.append(_article_row(article))
            if found:
                self._add_extraction(known, found[0])
                for meeting in found[1]:
                    self._add_meeting(known, article.text, meeting, found[0])
        if article.url_key:
            self.by_url.setdefault(article.url_key, known)
        self.by_text.setdefault(article.text_hash, known)
        self.origins.append({"article_id": known, "origin": str(article.origin)})
        if len(self.articles) >= int(settings.get("batch_size")):
            self.flush()

    def _add_extraction(self, article_id: str, extraction: Extraction) -> None:
        for mention in extraction.mentions:
            self.mentions.append({"article_id": article_id, "entity_id": mention.entity_id,
                                  "surface": mention.surface, "start": mention.start,
                                  "end": mention.end, "sentence": mention.sentence,
                                  "paragraph": mention.paragraph, "how": mention.how})
            if mention.entity_id not in self.entities_seen:
                self.entities_seen.add(mention.entity_id)
                self.entities.append(self._entity_row(mention.entity_id, extraction))

    def _add_meeting(self, article_id: str, text: str, meeting: Meeting,
                     extraction: Extraction) -> None:
        mid = meeting_id(meeting)
        self.meetings.append({
            "meeting_id": mid, "date": meeting.date.day if meeting.date else None,
            "date_precision": meeting.date.precision if meeting.date else None,
            "location_id": meeting.location, "kind": meeting.kind,
            "agreement": meeting.agreement, "planned": meeting.planned,
            "confidence": meeting.confidence})
        for eid in (*meeting.participants, meeting.location):
            if eid and eid not in self.entities_seen:
                self.entities_seen.add(eid)
                self.entities.append(self._entity_row(eid, extraction))
        self.participants += [{"meeting_id": mid, "entity_id": e} for e in meeting.participants]
        self.sources += [{"meeting_id": mid, "article_id": article_id, "start": start, "end": end,
                          "evidence": text[start:end]} for start, end in meeting.evidence]

    def _entity_row(self, eid: str, extraction: Extraction) -> dict:
        known = self.dictionary.entities.get(eid)
        if known is not None:
            return {"entity_id": eid, "name": known.name, "type": known.type,
                    "country": known.country, "aliases": sorted(known.aliases - {known.name}),
                    "origin": "dictionary"}
        found = extraction.discovered[eid]
        return {"entity_id": eid, "name": found.name, "type": found.type, "country": None,
                "aliases": [], "origin": "discovered"}

    def flush(self) -> None:
        if not self.origins:
            return
        batch = f"{self.batches:05d}"
        for name, rows, schema in (("articles", self.articles, ARTICLE_SCHEMA),
                                   ("origins", self.origins, ORIGIN_SCHEMA),
                                   ("mentions", self.mentions, MENTION_SCHEMA),
                                   ("entities", self.entities, ENTITY_SCHEMA),
                                   ("meetings", self.meetings, MEETING_SCHEMA),
                                   ("participants", self.participants, PARTICIPANT_SCHEMA),
                                   ("sources", self.sources, SOURCE_SCHEMA)):
            pq.write_table(pa.Table.from_pylist(rows, schema=schema),
                           self.folder / f"{name}-{batch}.parquet")
        self.articles, self.origins, self.mentions, self.entities = [], [], [], []
        self.meetings, self.participants, self.sources = [], [], []
        self.batches += 1


def meeting_id(meeting: Meeting) -> str:
    """Content id: the same participants at the same date (and plan status) are one meeting."""
    when = f"{meeting.date.iso()}/{meeting.date.precision}" if meeting.date else "undated"
    basis = "|".join([*meeting.participants, when, str(meeting.planned)])
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def _article_row(article: Article) -> dict:
    row = {column: getattr(article, column, None) for column in ARTICLE_COLUMNS}
    row["chars"] = len(article.text)
    return row
