"""Meetings in one article: who met whom, where and when, with the sentence that says so.

A sentence with a contact trigger ("bertemu", "mengadakan pembicaraan", "tiba di", "met",
"held talks", "visited") and at least two actors is a meeting report. Actors are the people
mentioned in the sentence (roles already resolved to their holders by entity extraction); a
visit with one named person adds the host country of the place visited. Reports of the same
participants in one article become one meeting, dated by its most precise report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from newslens.extract.entities import Extraction, Mention
from newslens.extract.meeting_dates import EventDate, resolve
from newslens.extract.sentences import Layout, layout
from newslens.knowledge.dictionary import Dictionary
from newslens.knowledge.lexicon import MeetingLexicon, meetings, names

_CONTEXT_SENTENCES = 3
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "reported": 4}
_PLACE_BEFORE = re.compile(r"\b(?:di|ke|in|to|at)\s+(?:[\w,]+\s+){0,3}$", re.IGNORECASE)


@dataclass(frozen=True)
class Meeting:
    participants: tuple[str, ...]   # entity ids, sorted
    kind: str
    date: EventDate | None
    location: str | None            # entity id
    agreement: bool
    planned: bool
    confidence: float
    evidence: tuple[tuple[int, int], ...]  # sentence offsets in the text


def extract_meetings(text: str, language: str | None, published: date | None,
                     dateline: str | None, found: Extraction,
                     dictionary: Dictionary) -> list[Meeting]:
    """Every meeting the article reports, one per distinct set of participants."""
    words = meetings(language)
    where = layout(text, names(language).abbreviations)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in found.mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    home = _dateline_place(dateline, dictionary)
    reports = []
    for index, mentions in sorted(by_sentence.items()):
        start, end = where.sentence_span(index, len(text))
        report = _report(text, start, end, mentions, words, published, home, dictionary,
                         names(language).speech_after)
        if report and report.date and report.date.precision == "reported":
            report = _dated_by_context(report, text, where, index, published, words)
        if report:
            reports.append(report)
    return _merge(reports)


def _dated_by_context(report: Meeting, text: str, where: Layout, index: int,
                      published: date | None, words: MeetingLexicon) -> Meeting:
    """An undated report takes the nearest date written in the sentences just before it, else
    the one the article's lead gives (news leads carry the day of the story)."""
    before = range(index - 1, max(-1, index - _CONTEXT_SENTENCES - 1), -1)
    lead = range(min(_CONTEXT_SENTENCES, index))
    for previous in [*before, *lead]:
        start, end = where.sentence_span(previous, len(text))
        found = resolve(text[start:end], published, words)
        if found and found.precision != "reported":
            return replace(report, date=found, confidence=round(report.confidence + 0.1, 2))
    return report


_WHEN = frozenset({"saat", "usai", "ketika", "dalam", "setelah", "sebelum", "selama", "sesudah",
                   "seusai", "after", "during", "when", "while", "before"})


def _said_before(before: str, speech: frozenset[str]) -> bool:
    """A speech verb before the trigger makes it talk about a meeting, unless the trigger is
    placed in time ("… kata Erick usai bertemu Prabowo")."""
    words = re.findall(r"\w+", before)
    if set(words[-3:]) & _WHEN:
        return False
    return any(word in speech for word in words)


def _report(text: str, start: int, end: int, mentions: list[Mention], words: MeetingLexicon,
            published: date | None, home: str | None, dictionary: Dictionary,
            speech: frozenset[str]) -> Meeting | None:
    if not any(m.entity_id.startswith("person:") for m in mentions):
        return None
    sentence = text[start:end]
    lowered = sentence.lower()
    trigger = _first_trigger(lowered, words)
    if trigger is None:
        return None
    kind, trigger_at = trigger
    if _said_before(lowered[:trigger_at], speech):
        return None  # "Sugiono menjelaskan alasan di balik kunjungan …": talk about a meeting
    people = sorted({m.entity_id for m in mentions if m.entity_id.startswith("person:")})
    place = _place(text, start, mentions, trigger_at, dictionary)
    participants = list(people)
    if kind == "visit" and len(people) == 1 and place:
        country = dictionary.entities.get(place)
        host = f"country:{country.country.lower()}" if country and country.country else None
        if host and host in dictionary.entities:
            participants.append(host)
    if len(participants) < 2:
        return None
    when = resolve(sentence, published, words)
    planned = any(re.search(rf"\b{re.escape(w)}\b", lowered[:trigger_at]) for w in words.future)
    confidence = 0.9 - (0.2 if when is None or when.precision == "reported" else 0) \
        - (0.1 if place is None and home is None else 0)
    return Meeting(tuple(sorted(participants)), kind, when, place or home,
                   any(w in lowered for w in words.agreement), planned, round(confidence, 2),
                   ((start, start + len(sentence.rstrip())),))


def _first_trigger(lowered: str, words: MeetingLexicon) -> tuple[str, int] | None:
    """The kind of the earliest trigger phrase in the sentence (longest at that place)."""
    match = words.trigger_pattern.search(lowered)
    return (words.triggers[match.group(0)], match.start()) if match else None


def _place(text: str, start: int, mentions: list[Mention], trigger_at: int,
           dictionary: Dictionary) -> str | None:
    """A place named with "di"/"ke"/"in"/"to" in the sentence: a city or region before a
    country ("di ibukota Rusia, Moskow" is Moscow), and one after the trigger before one before."""
    placed = []
    for mention in mentions:
        entity = dictionary.entities.get(mention.entity_id)
        if entity and entity.type in ("LOCATION", "COUNTRY") and \
                _PLACE_BEFORE.search(text[max(start, mention.start - 40):mention.start]):
            placed.append((entity.type != "LOCATION", mention.start < start + trigger_at,
                           mention.start, mention.entity_id))
    return min(placed)[3] if placed else None


def _dateline_place(dateline: str | None, dictionary: Dictionary) -> str | None:
    if not dateline:
        return None
    for hit in dictionary.hits(dateline):
        if dictionary.entities[hit.entity_id].type == "LOCATION":
            return hit.entity_id
    return None


def same_time(a: EventDate | None, b: EventDate | None) -> bool:
    """Whether two dates can be the same meeting: a day apart at most, or one within the other."""
    if a is None or b is None or "reported" in (a.precision, b.precision):
        return True
    if a.precision == b.precision == "day":
        return abs((a.day - b.day).days) <= 1
    coarse = max(a, b, key=lambda d: _PRECISION_RANK[d.precision])
    length = {"day": 10, "week": 10, "month": 7, "year": 4}[coarse.precision]
    return a.day.isoformat()[:length] == b.day.isoformat()[:length]


def _merge(reports: list[Meeting]) -> list[Meeting]:
    """Reports of the same participants at a compatible time are one meeting: the most precise
    date, every piece of evidence."""
    merged: list[Meeting] = []
    for report in reports:
        index = next((i for i, known in enumerate(merged)
                      if (known.participants, known.planned) == (report.participants,
                                                                 report.planned)
                      and same_time(known.date, report.date)), None)
        if index is None:
            merged.append(report)
            continue
        known = merged[index]
        best = min((known, report), key=lambda m: _PRECISION_RANK.get(
            m.date.precision if m.date else "reported", 9))
        merged[index] = Meeting(best.participants, best.kind, best.date, best.location,
                                known.agreement or report.agreement, best.planned,
                                max(known.confidence, report.confidence),
                                known.evidence + report.evidence)
    return merged
