"""Candidate contacts: every pair of actors a sentence could report as meeting, with features.

Hand-written clause rules recognise the wording they were written for and little else; here
the rules only propose. Each sentence that names two actors (people, countries, organisations,
or the country of a place visited), or one actor and a contact word with an actor of the
sentences before it ("the two leaders", "he"), yields one candidate per pair, described by
sparse string features: the contact words present (from a broad lexicon, data/lang/*.yaml
``contact_cues``, after CAMEO's CONSULT verbs) and where they stand, the words between and
around the pair (names replaced by their types), the actors' types and how they were matched,
speech and future words. The sentence's other words are left out: with a few hundred labelled
meetings they taught the model topics, not contacts (cross-validated F1 fell). A
linear model trained on labelled whole articles (scripts/train_meetings.py) weighs them.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import cache

import ahocorasick

from newslens.extract.entities import Extraction, Mention
from newslens.knowledge.dictionary import Dictionary
from newslens.knowledge.lexicon import language_files, meetings, names

_WORD = re.compile(r"\w+", re.UNICODE)
_ACTOR_TYPES = frozenset({"PERSON", "COUNTRY", "ORG"})
_WINDOW = 3
_BEFORE = 2        # sentences back that "he", "the two leaders" can reach
_MAX_BETWEEN = 12
LIST_OF_COUNTRIES = 4  # countries in a sentence that make it a list


@dataclass(frozen=True)
class Actor:
    entity_id: str
    type: str
    start: int          # first mention in the sentence (absolute offset), or -1 from before
    end: int
    how: str            # how the mention matched, "shape" (a person by its capitals only),
    #                     or "before" / "place"
    country: str | None = None  # a country's code, or the country a known person serves
    sentence: int = -1


@dataclass(frozen=True)
class Candidate:
    sentence: int
    start: int          # the sentence's span in the text
    end: int
    first: Actor
    second: Actor
    features: tuple[str, ...]
    cue: str | None     # the contact word nearest the pair
    cue_start: int      # its offset in the text (the sentence start when there is none)
    kind: str           # the kind of contact that word names ("meeting" without one)
    across_clauses: bool = False  # a clause break (", who", "after", ";") stands between them


@dataclass(frozen=True)
class Cues:
    """A language's contact vocabulary (phrase -> kind of contact, one pattern for all) and the
    words it is read with; speech, future and clause-break words are the rules' own lists."""

    kinds: dict[str, str]
    pattern: re.Pattern[str]
    automaton: ahocorasick.Automaton  # the same phrases, found in one pass (see cue_matches)
    speech: frozenset[str]
    future: frozenset[str]
    anaphora: re.Pattern[str]
    breaks: re.Pattern[str]       # where a clause ends (on lower-cased text)


@cache
def cues(language: str | None) -> Cues:
    files = language_files()
    chosen = [files[language]] if language in files else list(files.values())
    kinds: dict[str, str] = {}
    anaphora: set[str] = set()
    for data in chosen:
        for kind, phrases in (data.get("contact_cues") or {}).items():
            kinds.update({p.lower(): kind for p in phrases})
        anaphora |= set(data.get("contact_anaphora") or [])
    said, rules = names(language), meetings(language)
    automaton = ahocorasick.Automaton()
    for phrase in kinds:
        automaton.add_word(phrase, phrase)
    if kinds:
        automaton.make_automaton()
    return Cues(kinds, _pattern(kinds, r"\w*"), automaton, said.speech_before | said.speech_after,
                rules.future, _pattern(anaphora, r"(?!\w)"), rules.clause_breaks)


_WORD_CHAR = re.compile(r"\w")
_WORD_REST = re.compile(r"\w*")


def _word_end(text: str, at: int) -> int:
    """Where the word that goes on at ``at`` ends (``at`` itself when none does)."""
    rest = _WORD_REST.match(text, at)  # always matches, if only the empty string
    return rest.end() if rest else at


def cue_matches(sentence: str, words: Cues) -> list[tuple[int, str]]:
    """Where the contact words start in ``sentence`` and what they read (lower case, to the end
    of their word): ``words.pattern``'s matches, found by the Aho–Corasick automaton in one
    pass instead of trying every phrase at every character."""
    lowered = sentence.lower()
    if len(lowered) != len(sentence) or not words.kinds:
        return [(m.start(), m.group(0).lower()) for m in words.pattern.finditer(sentence)]
    starts: dict[int, int] = {}
    for end, phrase in words.automaton.iter(lowered):
        start = end - len(phrase) + 1
        if start == 0 or not _WORD_CHAR.match(lowered, start - 1):
            starts[start] = max(starts.get(start, 0), end + 1)
    found, reached = [], 0
    for start in sorted(starts):
        if start < reached:
            continue
        reached = _word_end(lowered, starts[start])
        found.append((start, lowered[start:reached]))
    return found


def _pattern(phrases, ending: str) -> re.Pattern[str]:
    """Cues match as word starts (their inflections too); anaphora as whole words."""
    ordered = sorted(phrases, key=len, reverse=True)
    body = "|".join(re.escape(p) for p in ordered) or r"(?!x)x"
    return re.compile(rf"(?<!\w)(?:{body}){ending}", re.IGNORECASE)


def contact_words(sentence: str, language: str | None) -> list[str]:
    """The contact words of a sentence, as written, each once: what an analyst is shown as
    the reason a meeting was found there."""
    return list(dict.fromkeys(sentence[start:start + len(cue)]
                              for start, cue in cue_matches(sentence, cues(language))))


def actors_of(mentions: list[Mention], found: Extraction,
              dictionary: Dictionary) -> list[Actor]:
    """The sentence's actors in order of first mention; a place adds its country."""
    actors: dict[str, Actor] = {}
    for mention in sorted(mentions, key=lambda m: m.start):
        kind, country = _type(mention.entity_id, found, dictionary)
        if kind in _ACTOR_TYPES and mention.entity_id not in actors:
            shaped = mention.entity_id in found.discovered and \
                found.discovered[mention.entity_id].by_shape
            actors[mention.entity_id] = Actor(mention.entity_id, kind, mention.start,
                                              mention.end, "shape" if shaped else mention.how,
                                              country)
        elif kind == "LOCATION" and country:
            eid = f"country:{country.lower()}"
            if eid in dictionary.entities and eid not in actors:
                actors[eid] = Actor(eid, "COUNTRY", mention.start, mention.end, "place",
                                    country)
    return list(actors.values())


def _type(eid: str, found: Extraction, dictionary: Dictionary) -> tuple[str, str | None]:
    known = dictionary.entities.get(eid)
    if known is not None:
        return known.type, known.country
    discovered = found.discovered.get(eid)
    return (discovered.type, None) if discovered else ("", None)


@dataclass(frozen=True)
class _Sentence:
    """One sentence read once: its words (actors' names replaced by their types) with their
    offsets, its contact words, and its actors."""

    index: int
    start: int
    end: int
    words: list[str]
    offsets: list[int]
    cues: list[tuple[int, str]]
    pool: list[Actor]
    marks: tuple[str, ...]    # "speech", "future": the sentence says or announces

    def between(self, low: int, high: int) -> list[str]:
        return self.words[bisect_left(self.offsets, low):bisect_left(self.offsets, high)]


def candidates(text: str, language: str | None, spans: list[tuple[int, int]],
               by_sentence: dict[int, list[Actor]]) -> Iterator[Candidate]:
    """Every actor pair of every sentence that could report a contact."""
    words = cues(language)
    previous: list[Actor] = []
    for index, here in sorted(by_sentence.items()):
        if not here:
            continue
        start, end = spans[index]
        sentence = text[start:end]
        found_cues = [(at + start, cue) for at, cue in cue_matches(sentence, words)]
        pool = list(here)
        if found_cues and previous and index - previous[0].sentence <= _BEFORE and \
                (len(here) < 2 or words.anaphora.search(sentence)):
            pool += [replace(a, start=-1, end=-1, how="before") for a in previous[:2]
                     if a.entity_id not in {h.entity_id for h in here}]
        read = _read(text, index, start, end, found_cues, pool, words)
        listed = sum(a.type == "COUNTRY" for a in pool) >= LIST_OF_COUNTRIES
        for i, first in enumerate(pool):
            for second in pool[i + 1:]:
                if (first.start < 0 and second.start < 0) or \
                        (listed and "PERSON" not in (first.type, second.type)):
                    continue  # a list of countries is not a meeting of each with each
                yield _candidate(text, read, (first, second), words, language)
        previous = _subjects(here, index)


def _subjects(here: list[Actor], index: int) -> list[Actor]:
    """Whom "he", "the two leaders" in the next sentences can mean: its people, else all."""
    return [replace(a, sentence=index) for a in here if a.type == "PERSON"] or \
        [replace(a, sentence=index) for a in here]


def _read(text: str, index: int, start: int, end: int, found_cues: list[tuple[int, str]],
          pool: list[Actor], words_of: Cues) -> _Sentence:
    spans = sorted((x.start, x.end, x.type) for x in pool if x.start >= 0)
    words: list[str] = []
    offsets: list[int] = []
    at = start
    for low, high, kind in [*spans, (end, end, "")]:
        for match in _WORD.finditer(text, at, max(at, low)):
            words.append(match.group(0).lower())
            offsets.append(match.start())
        if kind:
            words.append(kind)
            offsets.append(low)
        at = max(at, high)
    present = set(words)
    marks = tuple(name for name, vocabulary in (("speech", words_of.speech),
                                                ("future", words_of.future))
                  if not present.isdisjoint(vocabulary))
    return _Sentence(index, start, end, words, offsets, found_cues, pool, marks)


def _candidate(text: str, read: _Sentence, pair: tuple[Actor, Actor], words: Cues,
               language: str | None) -> Candidate:
    a, b = sorted(pair, key=lambda x: (x.start < 0, x.start))
    pool, found_cues, start = read.pool, read.cues, read.start
    across = False
    features = [f"types={a.type}|{b.type}", f"how_a={a.how}", f"how_b={b.how}",
                f"actors={min(len(pool), 6)}", f"sentence={min(read.index, 4)}",
                f"lang={language}"]
    # a country whose own person is named beside it is that person's nationality, not a party
    served = {x.country for x in pool if x.type == "PERSON" and x.country}
    listed = sum(x.type == "COUNTRY" for x in pool)
    if listed >= LIST_OF_COUNTRIES:
        features.append(f"countries_listed={min(listed, 8)}")
    features += [f"country_of_a_person={n}" for n, x in (("a", a), ("b", b))
                 if x.type == "COUNTRY" and x.country in served]
    if a.type == "PERSON" and b.type == "PERSON" and a.country and a.country == b.country:
        features.append("same_country_people")
    low, high = (a.end, b.start) if b.start >= 0 else (a.end, a.end)
    between = read.between(low, high) if high > low else []
    before = read.between(start, max(start, a.start))[-_WINDOW:]
    after = read.between(b.end if b.start >= 0 else a.end, read.end)[:_WINDOW]
    if b.start < 0:
        features.append(f"from_before={a.type}")
    elif len(between) > _MAX_BETWEEN:
        features.append("between=far")
    else:
        features += [f"btw={w}" for w in between] + [f"between={min(len(between), 8)}"]
        if len(between) <= 2 and "COUNTRY" in (a.type, b.type) and a.type != b.type:
            features.append("attached_country")
        if between and set(between) <= {"and", "dan", "serta", "with", "dengan"}:
            features.append(f"joined={between[0]}")
        if words.breaks.search(text[low:high].lower()):
            features.append("clause_break_between")
            across = True
    features += [f"pre={w}" for w in before] + [f"post={w}" for w in after]
    cue, cue_start, kind = None, start, "meeting"
    # a contact word beyond a clause end, beside other actors, is theirs ("A arrived in B
    # after C apologised to D": "arrived" is not C's and D's)
    found_cues = [c for c in found_cues if not _others_clause(text, c[0], (a, b), pool, words)]
    if found_cues:
        middle = a.start if b.start < 0 else (a.start + b.start) // 2
        cue_start, cue = min(found_cues, key=lambda c: abs(c[0] - middle))
        kind = words.kinds.get(cue) or _kind_of(cue, words)
        place = "before" if cue_start < a.start else (
            "after" if b.start >= 0 and cue_start > b.start else "between")
        features += [f"cue={kind}", f"cue_at={place}", f"cue_kind_at={kind}|{place}",
                     f"cues={min(len(found_cues), 4)}"]
        features += [f"cue_word={c}" for _, c in found_cues]
        features += [f"cue_types={cue}|{a.type}|{b.type}",
                     f"cue_at_types={kind}|{place}|{a.type}|{b.type}"]
    else:
        features.append("no_cue")
    features += read.marks
    return Candidate(read.index, start, read.end, a, b, tuple(features), cue, cue_start, kind,
                     across)


def _others_clause(text: str, cue_start: int, pair: tuple[Actor, Actor], pool: list[Actor],
                   words: Cues) -> bool:
    """Whether the contact word stands outside the pair, past a clause end, on the side of
    other actors of the sentence."""
    placed = [actor for actor in pair if actor.start >= 0]
    if not placed:
        return False
    first, last = min(x.start for x in placed), max(x.end for x in placed)
    if first <= cue_start <= last:
        return False
    before = cue_start < first
    ids = {actor.entity_id for actor in pair}
    if not any(x.start >= 0 and x.entity_id not in ids and (x.end <= first if before
                                                            else x.start >= last)
               for x in pool):
        return False
    low, high = (cue_start, first) if before else (last, cue_start)
    return bool(words.breaks.search(text[low:high].lower()))


def _kind_of(cue: str, words: Cues) -> str:
    """The kind of a cue matched with an inflection ("visit" for "visits")."""
    return next((kind for phrase, kind in words.kinds.items() if cue.startswith(phrase)),
                "meeting")
