"""Meetings in one article: who met whom, where and when, with the sentence that says so.

Two layers. Clause rules read the wording they were written for: a sentence with a contact
trigger ("bertemu", "held talks", "visited") and at least two actors is a meeting report, its
actors those of the trigger's clause (a speech verb before the trigger starts the reported
clause, a clause break after it ends it; "timpalannya"/"his counterpart" is the holder of the
actor's office on the other side; "Kunjungan tersebut" takes the people of the contact just
reported; a lone visitor meets the host country of the place visited). Then every pair of
actors of a sentence is a candidate (newslens.extract.contact_pairs), the rules' verdict one of
its features, and a linear model trained on labelled whole articles (contact_model.json, made
by ``make model``) keeps the pairs that met; the pairs kept in one sentence join into one
meeting. Reports of the same participants at a compatible time in one article become one
meeting, dated by its most precise report.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date

from newslens.extract.contact_model import ContactModel, load_model
from newslens.extract.contact_pairs import (
    LIST_OF_COUNTRIES,
    Actor,
    Candidate,
    actors_of,
    candidates,
    cues,
)
from newslens.extract.entities import Extraction, Mention
from newslens.extract.meeting_dates import EventDate, resolve, undated_past
from newslens.extract.reading import as_read
from newslens.extract.sentences import Layout, layout
from newslens.knowledge.dictionary import Dictionary
from newslens.knowledge.lexicon import MeetingLexicon, meetings, names

_CONTEXT_SENTENCES = 3
_BACK_REFERENCE_SENTENCES = 3
_BORROWED_DAYS = 60
_LEAD_SENTENCES = 2
_PRECISION_RANK = {"day": 0, "week": 1, "month": 2, "year": 3, "reported": 4}
_PLACE_BEFORE = re.compile(r"\b(?:di|ke|in|to|at)\s+(?:[\w,’'-]+\s+){0,4}$", re.IGNORECASE)
_RULES_TRUSTED = 0.5
_KINDS = {"meeting": "meeting", "call": "phone", "visit": "visit", "summit": "summit"}
_GATHERINGS = frozenset({"call", "summit"})  # contacts that one event holds with many sides


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


@dataclass(frozen=True)
class _Article:
    """What every sentence of one article is read against."""

    text: str
    published: date | None
    home: str | None                # the dateline's place
    words: MeetingLexicon
    speech: frozenset[str]
    dictionary: Dictionary
    countries: tuple[str, ...]      # the article's countries, most mentioned first
    named: dict[int, frozenset[str]]  # sentence -> the entities it mentions


@dataclass(frozen=True)
class _Clause:
    """The trigger's clause in one sentence: absolute offsets and the mentions inside."""

    kind: str
    start: int                      # the sentence's start
    trigger: int                    # the trigger's offset in the sentence
    trigger_end: int
    mentions: tuple[Mention, ...]


@dataclass(frozen=True)
class Contacts:
    """An article's candidate pairs and what the rules reported, sentence by sentence."""

    article: _Article
    where: Layout
    by_sentence: dict[int, list[Mention]]
    rules: list[tuple[int, Meeting]]
    pairs: list[Candidate]
    actors: dict[int, list[Actor]]
    language: str | None


def extract_meetings(text: str, language: str | None, published: date | None,
                     dateline: str | None, found: Extraction, dictionary: Dictionary,
                     model: ContactModel | None = None) -> list[Meeting]:
    """Every meeting the article reports, one per distinct set of participants and time."""
    contacts = contact_candidates(text, language, published, dateline, found, dictionary)
    model = model or load_model()
    if model is None:
        return _merge([report for _, report in contacts.rules])
    return decided(contacts, model)


def decided(contacts: Contacts, model: ContactModel) -> list[Meeting]:
    """The rules' reports the model confirms, and meetings of the other pairs it keeps."""
    scored = [(pair, model.probability(pair.features)) for pair in contacts.pairs]
    kept_rules = [(i, _trimmed(i, r, scored, model)) for i, r in contacts.rules
                  if _confirmed(i, r, scored, model)
                  and not _among_listed_countries(r, contacts.article.named.get(i, frozenset()))]
    ruled = {i for i, _ in kept_rules}
    # actors in different clauses of one sentence did not meet each other ("A arrived in B
    # after C apologised to D"); beside the rules' reading, the model adds what they missed
    # (the other stops of a tour)
    covered = {(i, eid) for i, r in kept_rules for eid in r.participants}
    kept = [(pair, p) for pair, p in scored if p >= model.threshold
            and not pair.across_clauses and not (
                pair.sentence in ruled and {(pair.sentence, pair.first.entity_id),
                                            (pair.sentence, pair.second.entity_id)} <= covered)]
    found = kept_rules + _joined(kept, contacts, model)
    found += _other_stops(found, contacts)
    attended = _attended(contacts)
    found = [(i, r) for i, r in found if not any(
        i == j and set(r.participants) <= set(a.participants) for j, a in attended)] + attended
    return _merge([r for r in (_without_own_countries(i, r, found, contacts.article.dictionary)
                               for i, r in found) if r])


def _attended(contacts: Contacts) -> list[tuple[int, Meeting]]:
    """"The meeting was attended by A, B and C": the people listed took part, together with
    the people of the contact reported just before ("The President held a meeting on roads."),
    whose sentence lends the list its kind; one meeting, whatever pairs the model kept."""
    article, found = contacts.article, []
    contact = cues(contacts.language).pattern
    for index, actors in sorted(contacts.actors.items()):
        start, end = contacts.where.sentence_span(index, len(article.text))
        if not article.words.attendance.search(article.text[start:end]):
            continue
        listed = {a.entity_id for a in actors if a.type == "PERSON"}
        host, kind = set(), "meeting"
        for before in (index - 1, index - 2):
            b_start, b_end = contacts.where.sentence_span(before, len(article.text)) \
                if before >= 0 else (0, 0)
            cue = contact.search(article.text[b_start:b_end])
            people = {a.entity_id for a in contacts.actors.get(before, []) if a.type == "PERSON"}
            if cue and people:
                host = people
                kind = _KINDS.get(cues(contacts.language).kinds.get(cue.group(0).lower(), ""),
                                  "meeting")
                break
        if not host and (lead := _protagonist(contacts)):
            host = {lead}
        if len(listed | host) < 2 or not listed - host:
            continue
        sentence = article.text[start:end]
        upcoming = any(re.search(rf"\b{re.escape(w)}\b", sentence.lower())
                       for w in article.words.future | article.words.next_words)
        report = Meeting(tuple(sorted(listed | host)), kind,
                         resolve(sentence, article.published, article.words),
                         _place(article, _Clause(kind, start, 0, 0,
                                                 tuple(contacts.by_sentence.get(index, []))))
                         or article.home, False, upcoming, 1.0,
                         ((start, start + len(sentence.rstrip())),))
        found.append((index, _dated(report, article, contacts.where, index)))
    return found


def _protagonist(contacts: Contacts) -> str | None:
    """The article's main person: named in its lead and more often than anyone else (the
    host of the meeting a roster lists, when no sentence before it names one)."""
    counts = Counter(m.entity_id for ms in contacts.by_sentence.values() for m in ms
                     if m.entity_id.startswith("person:"))
    ranked = counts.most_common(2)
    if not ranked or (len(ranked) > 1 and ranked[1][1] == ranked[0][1]):
        return None
    lead = set().union(*(contacts.article.named.get(i, frozenset())
                         for i in range(_LEAD_SENTENCES)))
    return ranked[0][0] if ranked[0][0] in lead else None


_LIST_JOIN = re.compile(r",|\b(?:and|dan|serta)\b|&")  # items of a list, not an apposition
_COORDINATED = re.compile(r"^\s*(?:,|,?\s*(?:and|dan|serta|&))\s*$", re.IGNORECASE)


def _other_stops(found: list[tuple[int, Meeting]], contacts: Contacts) -> list[tuple[int, Meeting]]:
    """A visit to one of several countries listed together ("ke Prancis, Austria dan
    Hongaria") is a tour: a visit to each, dated and sourced as the first."""
    places: dict[int, dict[str, Actor]] = {}
    for pair in contacts.pairs:
        for actor in (pair.first, pair.second):
            if actor.type == "COUNTRY" and actor.start >= 0:
                places.setdefault(pair.sentence, {})[actor.entity_id] = actor
    stops = []
    for index, meeting in found:
        countries = [p for p in meeting.participants if p.startswith("country:")]
        if meeting.kind != "visit" or len(countries) != 1 or len(meeting.participants) < 2:
            continue
        listed = sorted(places.get(index, {}).values(), key=lambda a: a.start)
        at = next((n for n, a in enumerate(listed) if a.entity_id == countries[0]), None)
        for step in (-1, 1):
            n = at
            while n is not None and 0 <= n + step < len(listed) and _COORDINATED.match(
                    contacts.article.text[min(listed[n].end, listed[n + step].end):
                                          max(listed[n].start, listed[n + step].start)]):
                n += step
                others = tuple(p for p in meeting.participants if p != countries[0])
                stops.append((index, replace(meeting, participants=tuple(
                    sorted((*others, listed[n].entity_id))))))
    return stops


def _without_own_countries(index: int, report: Meeting, found: list[tuple[int, Meeting]],
                           dictionary: Dictionary) -> Meeting | None:
    """A country stands in for a party only when none of its people is named: beside its own
    minister in the same sentence it is the minister's nationality ("Menteri pertahanan Iran
    tiba di Moskow" is the minister's visit to Russia, not Iran meeting Russia)."""
    served = {dictionary.entities[eid].country for i, other in found if i == index
              for eid in other.participants if eid.startswith("person:")
              and eid in dictionary.entities}
    kept = tuple(eid for eid in report.participants
                 if not (eid.startswith("country:") and eid[8:].upper() in served))
    if kept == report.participants:
        return report
    return replace(report, participants=kept) if len(kept) >= 2 else None


def _among_listed_countries(report: Meeting, named: frozenset[str]) -> bool:
    """Countries named in a list of many ("Indonesia, Singapura, Malaysia, …") did not meet
    each other."""
    return all(p.startswith("country:") for p in report.participants) and \
        sum(e.startswith("country:") for e in named) >= LIST_OF_COUNTRIES


def _trimmed(index: int, report: Meeting, scored: list[tuple[Candidate, float]],
             model: ContactModel) -> Meeting:
    """A rule's report without the members the model finds unlikely with every other member
    (a residence, a fragment of a ministry's name read as a person, an onlooker): the rules
    read a clause's names, the model weighs each pair."""
    bar = model.threshold * _RULES_TRUSTED
    members = set(report.participants)
    odds: dict[str, list[float]] = {}
    for pair, p in scored:
        duo = {pair.first.entity_id, pair.second.entity_id}
        if pair.sentence == index and duo <= members:
            for eid in duo:
                odds.setdefault(eid, []).append(p)
    unlikely = {eid for eid, ps in odds.items() if max(ps) < bar}
    if not unlikely or len(members - unlikely) < 2:
        return report
    return replace(report, participants=tuple(e for e in report.participants
                                              if e not in unlikely))


def _confirmed(index: int, report: Meeting, scored: list[tuple[Candidate, float]],
               model: ContactModel) -> bool:
    """A rule's report stands when the model finds one of its pairs likely enough (half the
    bar a pair of the model's own must pass: the rules read the clause); a report whose
    actors are not mentioned side by side (a counterpart, a visit referred back to) stands
    on the rules alone."""
    mine = [p for pair, p in scored if pair.sentence == index and
            {pair.first.entity_id, pair.second.entity_id} <= set(report.participants)]
    return not mine or max(mine) >= model.threshold * _RULES_TRUSTED


def contact_candidates(text: str, language: str | None, published: date | None,
                       dateline: str | None, found: Extraction,
                       dictionary: Dictionary) -> Contacts:
    """The rules' reports and every candidate pair, each marked with the rules' verdict."""
    text = as_read(text)
    words = meetings(language)
    where = layout(text, names(language).abbreviations)
    by_sentence: dict[int, list[Mention]] = {}
    for mention in found.mentions:
        by_sentence.setdefault(mention.sentence, []).append(mention)
    article = _Article(text, published, _dateline_place(dateline, dictionary), words,
                       names(language).speech_after, dictionary,
                       _countries(found.mentions, dictionary),
                       {i: frozenset(m.entity_id for m in ms) for i, ms in by_sentence.items()})
    rules = _rule_reports(article, where, by_sentence)
    spans = [where.sentence_span(i, len(text)) for i in range(len(where.sentence_starts))]
    actors = {i: actors_of(m, found, dictionary) for i, m in by_sentence.items()}
    said: dict[int, list[Meeting]] = {}
    for index, report in rules:
        said.setdefault(index, []).append(report)
    pairs = [_with_rules(pair, said.get(pair.sentence, []))
             for pair in candidates(text, language, spans, actors)]
    return Contacts(article, where, by_sentence, rules, pairs, actors, language)


def _with_rules(pair: Candidate, reports: list[Meeting]) -> Candidate:
    if not reports:
        return pair
    both = {pair.first.entity_id, pair.second.entity_id}
    agreeing = [r for r in reports if both <= set(r.participants)]
    extra = [f"rule={r.kind}" + ("|planned" if r.planned else "") for r in agreeing[:1]]
    if not agreeing:
        extra.append("rule=other_pair")
    return replace(pair, features=pair.features + tuple(extra))


def _rule_reports(article: _Article, where: Layout,
                  by_sentence: dict[int, list[Mention]]) -> list[tuple[int, Meeting]]:
    text = article.text
    reports: list[tuple[int, Meeting]] = []
    for index, mentions in sorted(by_sentence.items()):
        start, end = where.sentence_span(index, len(text))
        earlier = reports[-1][1] if reports and \
            index - reports[-1][0] <= _BACK_REFERENCE_SENTENCES else None
        for report in _report(article, start, end, mentions, earlier):
            reports.append((index, _dated(report, article, where, index)))
    return reports


def _dated(report: Meeting, article: _Article, where: Layout, index: int) -> Meeting:
    start, end = where.sentence_span(index, len(article.text))
    if report.date and report.date.precision == "reported" and index > _LEAD_SENTENCES and \
            not undated_past(article.text[start:end], article.words):
        return _dated_by_context(report, article, where, index)
    return report


def _joined(kept: list[tuple[Candidate, float]], contacts: Contacts,
            model: ContactModel) -> list[tuple[int, Meeting]]:
    """The pairs kept in one sentence joined into meetings (see _groups)."""
    by_sentence: dict[int, list[tuple[Candidate, float]]] = {}
    for pair, p in kept:
        by_sentence.setdefault(pair.sentence, []).append((pair, p))
    every: dict[int, list[Candidate]] = {}
    for pair in contacts.pairs:
        every.setdefault(pair.sentence, []).append(pair)
    reports = []
    for index, pairs in sorted(by_sentence.items()):
        for group in _groups(pairs, _listed_together(contacts, index, every[index])):
            reports.append((index, _meeting(contacts, index, group, model)))
    return reports


def _separately(lowered: str, words: MeetingLexicon) -> bool:
    """Whether a sentence reports contacts with each actor apart ("bilateral meetings",
    "telephone conversations with A and B")."""
    return bool(words.bilateral_pattern.search(lowered))


def _listed_together(contacts: Contacts, index: int,
                     pairs: list[Candidate]) -> set[frozenset[str]]:
    """People and organisations of one sentence that stand in one list, no contact word and no
    clause break between them ("spoke with Prime Minister Sunak, Chancellor Scholz and
    President Macron"): one side of one contact. Not so in a series of bilateral contacts
    ("bilateral meetings with", "telephone conversations with"), nor for an apposition
    ("Sinn Fein leader Gerry Adams", "Saifullah Yusuf (Gus Ipul)"), nor for countries (a tour
    is a visit per country; see _groups for calls)."""
    text = contacts.article.text
    start, end = contacts.where.sentence_span(index, len(text))
    if _separately(text[start:end].lower(), contacts.article.words):
        return set()
    return {frozenset((pair.first.entity_id, pair.second.entity_id)) for pair in pairs
            if not pair.across_clauses
            and "cue_at=between" not in pair.features
            and not _both_countries(pair.first.entity_id, pair.second.entity_id)
            and _LIST_JOIN.search(text[pair.first.end:pair.second.start])
            and 0 <= pair.first.start < pair.second.start}


def _groups(pairs: list[tuple[Candidate, float]], together: set[frozenset[str]],
            ) -> list[list[tuple[Candidate, float]]]:
    """Meetings as cliques of kept pairs, likeliest first: an actor joins a meeting only when
    it was kept with every member ("A met B after meeting C" is two meetings, not one of
    three); a visitor's pairs with several countries are one visit per country (a tour). The
    countries listed in one call or summit were never paired with each other (a list is not
    a contact of each with each) and count as together: "a call with the leaders of A, B and
    C" is one call; so do actors listed ``together`` on one side of a contact."""
    kept = {frozenset((pair.first.entity_id, pair.second.entity_id)): (pair, p)
            for pair, p in pairs}
    # one listed beside a member shares that member's contacts ("spoke with A, B and C": B
    # with whoever A spoke with, even where the pair alone scored low)
    joinable = set(kept.keys() | together)
    for duo in together:
        for member in duo:
            other = next(iter(duo - {member}))
            joinable |= {frozenset((other, x)) for pair in kept for x in pair - {member}
                         if member in pair and x != other}
    groups: list[set[str]] = []
    for pair, _ in sorted(pairs, key=lambda x: -x[1]):
        a, b = pair.first.entity_id, pair.second.entity_id
        if any({a, b} <= g for g in groups):
            continue
        listed = pair.kind in _GATHERINGS
        home = next((g for g in groups if (a in g) != (b in g) and
                     all(frozenset((b if a in g else a, m)) in joinable or
                         (listed and _both_countries(b if a in g else a, m)) for m in g)),
                    None)
        if home is not None:
            home |= {a, b}
        else:
            groups.append({a, b})
    groups = _unions(groups, joinable)
    groups = [g for g in groups if not any(g < other for other in groups)]
    return [[kept[frozenset(duo)] for duo in _duos(group) if frozenset(duo) in kept]
            for group in _tours(groups, kept)]


def _unions(groups: list[set[str]], joinable: set[frozenset[str]]) -> list[set[str]]:
    """Groups that share a member and whose every cross pair is joinable are one meeting (a
    list's later items can pair among themselves before they meet the list's head)."""
    merged: list[set[str]] = []
    for group in groups:
        home = next((m for m in merged if m & group and all(
            frozenset((x, y)) in joinable for x in m - group for y in group - m)), None)
        if home is None:
            merged.append(set(group))
        else:
            home |= group
    return merged


def _both_countries(a: str, b: str) -> bool:
    return a.startswith("country:") and b.startswith("country:")


def _duos(group: set[str]) -> list[tuple[str, str]]:
    members = sorted(group)
    return [(x, y) for i, x in enumerate(members) for y in members[i + 1:]]


def _tours(groups: list[set[str]], kept: dict) -> list[set[str]]:
    """One visitor with several countries: a visit per country. A call or a meeting with the
    leaders of several countries stays one contact."""
    split = []
    for group in groups:
        countries = sorted(g for g in group if g.startswith("country:"))
        others = group - set(countries)
        visits = any(kept[frozenset(duo)][0].kind == "visit" for duo in _duos(group)
                     if frozenset(duo) in kept)
        if len(others) == 1 and len(countries) >= 2 and visits:
            split += [others | {c} for c in countries if frozenset(others | {c}) in kept]
        else:
            split.append(group)
    return split


def _meeting(contacts: Contacts, index: int, group: list[tuple[Candidate, float]],
             model: ContactModel) -> Meeting:
    article, (best, p) = contacts.article, max(group, key=lambda x: x[1])
    participants = sorted({a.entity_id for pair, _ in group for a in (pair.first, pair.second)})
    sentence = article.text[best.start:best.end]
    kind = _KINDS.get(best.kind, "meeting")
    clause = _Clause(kind, best.start, best.cue_start - best.start,
                     best.cue_start - best.start, tuple(contacts.by_sentence.get(index, [])))
    when = resolve(sentence, article.published, article.words)
    planned = model.is_planned(best.features) or bool(
        when and article.published and when.precision == "day" and when.day > article.published)
    place = _place(article, clause)
    report = Meeting(tuple(participants), kind, when, place or article.home,
                     any(w in sentence.lower() for w in article.words.agreement), planned,
                     round(p, 2), ((best.start, best.start + len(sentence.rstrip())),))
    return _dated(report, article, contacts.where, index)


def _countries(mentions: list[Mention], dictionary: Dictionary) -> tuple[str, ...]:
    counts = Counter(m.entity_id for m in mentions
                     if dictionary.entities.get(m.entity_id) is not None
                     and dictionary.entities[m.entity_id].type == "COUNTRY")
    return tuple(eid for eid, _ in counts.most_common())


def _dated_by_context(report: Meeting, article: _Article, where: Layout, index: int) -> Meeting:
    """An undated report takes the nearest date written around it in its paragraph, else the
    one the article's lead gives (news leads carry the day of the story). A bare year nearby
    is background ("yang diberikan Macron pada 2025"), not the report's date; so is a date
    beside it about other actors (a sentence naming none of the report's participants)."""
    start, end = where.sentence_span(index, len(article.text))
    near, lead = _context(where, index, _anaphoric(article.text[start:end], article.words))
    about = set(report.participants)
    for other in [i for i in near if article.named.get(i, frozenset()) & about] + lead:
        start, end = where.sentence_span(other, len(article.text))
        found = resolve(article.text[start:end], article.published, article.words)
        if found and found.precision not in ("reported", "year") and _recent(found, article):
            return replace(report, date=found, confidence=round(report.confidence + 0.1, 2))
    return report


def _recent(found: EventDate, article: _Article) -> bool:
    """A date borrowed from around a report is the report's own only if it is news: a date
    weeks before publication belongs to an earlier event the sentence recalls."""
    return article.published is None or \
        abs((article.published - found.day).days) <= _BORROWED_DAYS


def _anaphoric(sentence: str, words: MeetingLexicon) -> bool:
    lowered = sentence.lower()
    return any(re.search(rf"\b{re.escape(w)}\b", lowered) for w in words.anaphoric_time)


def _context(where: Layout, index: int, anaphoric: bool) -> tuple[list[int], list[int]]:
    """Sentences to date an undated report by: its paragraph's, the nearest first (those before
    it before those after it), then the lead's. "Saat itu" ("at the time") points to the
    sentences before, whatever their paragraph."""
    total = len(where.sentence_starts)
    paragraph = where.paragraph_of(where.sentence_starts[index])
    before = range(index - 1, max(-1, index - _CONTEXT_SENTENCES - 1), -1)
    after = range(index + 1, min(total, index + _CONTEXT_SENTENCES + 1))
    near = [i for i in [*before, *after] if (anaphoric and i < index) or
            where.paragraph_of(where.sentence_starts[i]) == paragraph]
    lead = [i for i in range(min(_CONTEXT_SENTENCES, total)) if i != index and i not in near]
    return near, lead


def _report(article: _Article, start: int, end: int, mentions: list[Mention],
            earlier: Meeting | None) -> list[Meeting]:
    """The meetings one sentence reports: none, one, or one per actor of a bilateral series."""
    sentence = article.text[start:end]
    lowered = sentence.lower()
    clause = _clause(lowered, start, mentions, article)
    if clause is None:
        return []
    when = resolve(sentence, article.published, article.words)
    people = _people(article, clause, lowered, earlier, when.day if when else None)
    place = _place(article, clause)
    planned = _planned(lowered, clause, article.words)
    confidence = 0.9 - (0.2 if when is None or when.precision == "reported" else 0) \
        - (0.1 if place is None and article.home is None else 0)
    found = []
    for side in _sides(people, clause, lowered, article.words):
        participants = set(side)
        if clause.kind == "visit" and len(side) == 1:
            participants |= _host_country(place, side, article.dictionary)
        if len(participants) >= 2:
            found.append(Meeting(tuple(sorted(participants)), clause.kind, when,
                                 place or article.home,
                                 any(w in lowered for w in article.words.agreement), planned,
                                 round(confidence, 2), ((start, start + len(sentence.rstrip())),)))
    return found


def _people(article: _Article, clause: _Clause, lowered: str, earlier: Meeting | None,
            day: date | None) -> set[str]:
    """The people of the clause, those of the contact referred back to, and a counterpart."""
    people = {m.entity_id for m in clause.mentions if m.entity_id.startswith("person:")}
    if earlier and _refers_back(lowered, clause.trigger_end, article.words):
        people |= {p for p in earlier.participants if p.startswith("person:")}
    if len(people) == 1 and _says_counterpart(lowered[clause.trigger:], article.words):
        people |= _counterpart(next(iter(people)), clause.mentions, article,
                               day or article.published)
    return people


def _sides(people: set[str], clause: _Clause, lowered: str,
           words: MeetingLexicon) -> list[set[str]]:
    """One set of participants, or, for bilateral contacts of one subject with several actors,
    the subject with each of them."""
    if not _separately(lowered, words):
        return [people]
    subject = {m.entity_id for m in clause.mentions
               if m.start < clause.start + clause.trigger and m.entity_id in people}
    others = sorted(people - subject)
    if len(subject) != 1 or len(others) < 2:
        return [people]
    return [subject | {other} for other in others]


def _clause(lowered: str, start: int, mentions: list[Mention],
            article: _Article) -> _Clause | None:
    """The first trigger's clause, or None without a trigger or when the sentence only talks
    about a contact ("Sugiono menjelaskan alasan di balik kunjungan …")."""
    match = article.words.trigger_pattern.search(lowered)
    if match is None:
        return None
    begin = _reported_from(lowered[:match.start()], article)
    breaks = article.words.clause_breaks.search(lowered, match.end())
    finish = breaks.start() if breaks else len(lowered)
    inside = tuple(m for m in mentions if start + begin <= m.start < start + finish)
    if begin and not any(m.start < start + match.start() and m.entity_id.startswith("person:")
                         for m in inside):
        return None  # a speaker and what was said about a contact, with no actor of its own
    return _Clause(article.words.triggers[match.group(0)], start, match.start(), match.end(),
                   inside)


def _reported_from(before: str, article: _Article) -> int:
    """Where the trigger's clause starts: 0, or just after a speech verb before the trigger
    ("Kemlu mengatakan Sugiono …"), unless the trigger is placed in time ("kata Erick usai
    bertemu Prabowo": the speaker took part)."""
    words = list(re.finditer(r"\w+", before))
    if {w.group(0) for w in words[-3:]} & article.words.time_words:
        return 0
    spoken = [w.end() for w in words if w.group(0) in article.speech]
    return spoken[-1] if spoken else 0


def _refers_back(lowered: str, trigger_end: int, words: MeetingLexicon) -> bool:
    """Whether the trigger names the contact just reported ("Kunjungan tersebut")."""
    following = re.match(r"\s+(\w+)", lowered[trigger_end:])
    return following is not None and following.group(1) in words.back_reference


def _says_counterpart(after_trigger: str, words: MeetingLexicon) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", after_trigger) for w in words.counterpart)


def _counterpart(actor: str, mentions: tuple[Mention, ...], article: _Article,
                 day: date | None) -> set[str]:
    """The holder of the actor's office in the other country: one named in the clause, else
    the article's most mentioned one."""
    dictionary = article.dictionary
    roles = [r for r in dictionary.roles_of.get(actor, []) if day and r.held_on(day)]
    if not roles:
        return set()
    office, home = roles[0].office, roles[0].country
    named = [m.entity_id for m in mentions if m.entity_id in article.countries]
    for country in [*named, *article.countries]:
        code = dictionary.entities[country].country
        if code and code != home:
            holder = dictionary.holder(office, code, day)
            return {holder} if holder else set()
    return set()


def _planned(lowered: str, clause: _Clause, words: MeetingLexicon) -> bool:
    """Announced, not held: a future word before the trigger, or a trigger that announces."""
    trigger = lowered[clause.trigger:clause.trigger_end]
    return trigger in words.future_triggers or any(
        re.search(rf"\b{re.escape(w)}\b", lowered[:clause.trigger]) for w in words.future)


def _host_country(place: str | None, people: set[str], dictionary: Dictionary) -> set[str]:
    """The country a lone visitor went to, unless it is the visitor's own."""
    entity = dictionary.entities.get(place) if place else None
    if entity is None or not entity.country:
        return set()
    own = {dictionary.entities[p].country for p in people if p in dictionary.entities}
    host = f"country:{entity.country.lower()}"
    return {host} if host in dictionary.entities and entity.country not in own else set()


def _place(article: _Article, clause: _Clause) -> str | None:
    """A place named with "di"/"ke"/"in"/"to" in the clause: a city or region before a country
    ("di ibukota Rusia, Moskow" is Moscow), and one after the trigger before one before."""
    placed = []
    text, start = article.text, clause.start
    for mention in clause.mentions:
        entity = article.dictionary.entities.get(mention.entity_id)
        if entity and entity.type in ("LOCATION", "COUNTRY") and \
                _PLACE_BEFORE.search(text[max(start, mention.start - 48):mention.start]):
            placed.append((entity.type != "LOCATION", mention.start < start + clause.trigger,
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


def _same_channel(a: Meeting, b: Meeting) -> bool:
    """A telephone or video call and a contact in person on another date are two contacts
    ("had a telephone conversation …; thanked him for the hospitality of the visit on December
    6"); on the same day (or one undated on the day of the other) they are one, the call
    reported again in looser words ("talks")."""
    dated = (a.date is not None and a.date.precision != "reported") or \
        (b.date is not None and b.date.precision != "reported")
    same_day = a.date is not None and b.date is not None and a.date.day == b.date.day and \
        {a.date.precision, b.date.precision} <= {"day", "reported"}
    return (a.kind == _KINDS["call"]) == (b.kind == _KINDS["call"]) or not dated or same_day


def _merge(reports: list[Meeting]) -> list[Meeting]:
    """Reports of the same participants at a compatible time are one meeting: the most precise
    date, every piece of evidence."""
    merged: list[Meeting] = []
    for report in reports:
        index = next((i for i, known in enumerate(merged)
                      if (known.participants, known.planned) == (report.participants,
                                                                 report.planned)
                      and same_time(known.date, report.date)
                      and _same_channel(known, report)), None)
        if index is None:
            merged.append(report)
            continue
        known = merged[index]
        best = min((known, report), key=lambda m: _PRECISION_RANK.get(
            m.date.precision if m.date else "reported", 9))
        kind = _KINDS["call"] if _KINDS["call"] in (known.kind, report.kind) else best.kind
        merged[index] = Meeting(best.participants, kind, best.date, best.location,
                                known.agreement or report.agreement, best.planned,
                                max(known.confidence, report.confidence),
                                known.evidence + report.evidence)
    return merged
