"""The compiled dictionary: one Aho–Corasick automaton over every alias, actors' offices by date
(curated, then the world gazetteer where the curated files are silent), and the surnames and
full names used to link short and variant spellings of curated people."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick

from newslens.knowledge.entities import Entity, Role, actor_files, actor_roles, all_entities, pool
from newslens.knowledge.gazetteer import under_curated, world_entities, world_roles
from newslens.knowledge.lexicon import names

_UPPER_TYPES = ("LOCATION", "COUNTRY")  # all-caps datelines: "MOSKOW, ARRAHMAHNEWS.COM –"
_MIN_SURNAME = 4
_GLUED_BEFORE = 4
_GLUED_WORD = re.compile(r"[a-z]{3,}\b")  # "Subiantomelakukan": the name, then "melakukan"


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    entity_id: str
    surface: str


class Dictionary:
    """Everything known before reading an article, ready for fast matching."""

    def __init__(self, entities: dict[str, Entity], roles: list[Role]) -> None:
        self.entities = entities
        self.automaton = self._automaton(entities)
        self.roles: dict[tuple[str, str], list[Role]] = defaultdict(list)
        for role in roles:
            self.roles[(role.office, role.country)].append(role)
        people = [e for e in entities.values() if e.type == "PERSON" and e.short_forms]
        self.surnames = _surname_owners(people)
        self.given_names = _given_name_owners(people, self.surnames)
        self.roles_of: dict[str, list[Role]] = defaultdict(list)
        for role in roles:
            self.roles_of[role.entity_id].append(role)
        # the words a scraper may glue a name to: titles and the words of known names
        self.words = frozenset(w.lower() for e in entities.values() for a in e.aliases
                               for w in a.split() if len(w) >= _GLUED_BEFORE) | \
            frozenset(t for t in names(None).titles if " " not in t)
        self.full_names = {alias: e.entity_id for e in people for alias in e.aliases
                           if " " in alias}
        # fuzzy matching only compares names with the same initials ("H D" for Hossein Dehqan)
        self.names_by_initials: dict[str, list[str]] = defaultdict(list)
        for alias in self.full_names:
            self.names_by_initials[initials(alias)].append(alias)

    @staticmethod
    def _automaton(entities: dict[str, Entity]) -> ahocorasick.Automaton:
        best: dict[str, Entity] = {}
        for entity in entities.values():
            forms = set(entity.aliases)
            if entity.type in _UPPER_TYPES:
                forms |= {a.upper() for a in entity.aliases if len(a) >= 4}
            for alias in forms:
                known = best.get(alias)
                if known is None or entity.priority > known.priority:
                    best[alias] = entity
        automaton = ahocorasick.Automaton()
        for alias, entity in best.items():
            automaton.add_word(alias, (alias, entity.entity_id))
        automaton.make_automaton()
        return automaton

    def hits(self, text: str) -> Iterator[Hit]:
        """Every alias occurrence on word boundaries (overlaps included). Scrapers glue words
        together ("PresidenPrabowo Subiantomelakukan", "FederasiRusiaVladimir Putin"): a
        capital after a known word ("Presiden", "Rusia") is a boundary too ("detikJateng", a
        brand, is not), and a name of several words may run straight into the next
        lower-case word."""
        for end, (alias, eid) in self.automaton.iter(text):
            start = end - len(alias) + 1
            if (_boundary(text, start - 1) or glued_at(text, start, self.words)) and \
                    (_boundary(text, end + 1) or glued_at(text, end + 1) or
                     (" " in alias and _GLUED_WORD.match(text, end + 1) is not None)):
                yield Hit(start, end + 1, eid, alias)

    def holder(self, office: str, country: str, day: date | None) -> str | None:
        """Who held ``office`` in ``country`` on ``day``; nobody when the day is unknown (an
        undated 2011 article's "Presiden RI" is not today's president)."""
        if day is None:
            return None
        held = [r for r in self.roles.get((office, country), []) if r.held_on(day)]
        return held[0].entity_id if len(held) == 1 else None

    def by_surname(self, surname: str, day: date | None) -> str | None:
        """The one known person of that surname, or the one in office on ``day``."""
        return self._the_one(self.surnames.get(surname, frozenset()), day)

    def by_given_name(self, given: str, day: date | None) -> str | None:
        """The one known person called ``given`` first ("Bahlil", "Erick" in Indonesian news),
        or the one of them in office on ``day``."""
        return self._the_one(self.given_names.get(given, frozenset()), day)

    def _the_one(self, owners: frozenset[str], day: date | None) -> str | None:
        if len(owners) == 1:
            return next(iter(owners))
        on = day or date.today()
        serving = [o for o in owners if any(r.held_on(on) for r in self.roles_of.get(o, []))]
        return serving[0] if len(serving) == 1 else None

    def is_ambiguous(self, hit: Hit) -> bool:
        return hit.surface in self.entities[hit.entity_id].ambiguous


def initials(name: str) -> str:
    return " ".join(word[0] for word in name.split())


def glued_at(text: str, index: int, words: frozenset[str] | None = None) -> bool:
    """Whether a capital at ``index`` starts a word glued to the lower-case word before it
    (four letters at least, so "MacArthur" and "McDonald" stay whole), and, given ``words``,
    to one of them."""
    if not (0 < index < len(text) and text[index].isupper() and index >= _GLUED_BEFORE and
            text[index - _GLUED_BEFORE:index].isalpha() and
            text[index - _GLUED_BEFORE:index].islower()):
        return False
    if words is None:
        return True
    start = index
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return text[start:index].lower() in words


def _boundary(text: str, index: int) -> bool:
    return index < 0 or index >= len(text) or not text[index].isalnum()


def _surname_owners(people: list[Entity]) -> dict[str, frozenset[str]]:
    """Known people by last name ("Putin" -> Vladimir Putin; "Clinton" -> Bill and Hillary)."""
    owners: dict[str, set[str]] = defaultdict(set)
    firsts: set[str] = set()
    for person in people:
        for alias in person.aliases:
            parts = alias.split()
            if len(parts) > 1:
                owners[parts[-1]].add(person.entity_id)
                firsts.add(parts[0])
    return {name: frozenset(ids) for name, ids in owners.items()
            if len(name) >= _MIN_SURNAME and name not in firsts}


def _given_name_owners(people: list[Entity],
                       surnames: dict[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Known people by the first word of their full names ("Erick" -> Erick Thohir), for
    languages whose press calls people by it; a word that is also a surname is left out."""
    owners: dict[str, set[str]] = defaultdict(set)
    for person in people:
        for alias in person.aliases:
            parts = alias.split()
            if len(parts) > 1 and parts[0][0].isupper() and not parts[0].endswith("."):
                owners[parts[0]].add(person.entity_id)
    return {name: frozenset(ids) for name, ids in owners.items()
            if len(name) >= _MIN_SURNAME and name not in surnames}


@cache
def load() -> Dictionary:
    """The dictionary, built once per process."""
    entities = all_entities()
    pool(entities, world_entities())
    curated = list(actor_roles(actor_files()))
    return Dictionary(entities, curated + under_curated(world_roles(), curated))
