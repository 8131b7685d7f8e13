"""Entity extraction for one article: dictionary matches, role mentions, unknown names, linking.

Pure: the same text, language, date and dictionary always give the same mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

from rapidfuzz import fuzz, process

from newslens.extract.names import Candidate, candidates
from newslens.extract.reading import as_read
from newslens.extract.sentences import Layout, layout
from newslens.knowledge.dictionary import Dictionary, Hit, initials
from newslens.knowledge.entities import entity_id
from newslens.knowledge.lexicon import NameLexicon, names

_FUZZY_CUTOFF = 90
_LIST_JOINERS = re.compile(r"\s*(?:,|dan|and|&|serta)\s*", re.IGNORECASE)
_NAME_NEXT = re.compile(r" (?:ke-?\d+ )?[A-ZÀ-ÖØ-Þ]")


@dataclass(frozen=True)
class Mention:
    entity_id: str
    surface: str
    start: int
    end: int
    sentence: int
    paragraph: int
    how: str  # alias | role | short | surname | given | fuzzy | name


@dataclass(frozen=True)
class Discovered:
    """An entity found by its shape, not in the dictionary."""

    entity_id: str
    name: str
    type: str
    by_shape: bool = False  # typed a person by its capitals alone in every mention


@dataclass
class Extraction:
    mentions: list[Mention]
    discovered: dict[str, Discovered]


def extract_entities(text: str, language: str | None, published: date | None,
                     dictionary: Dictionary) -> Extraction:
    """Every entity mention in ``text``, resolved to dictionary or discovered entities."""
    text = as_read(text)
    lexicon = names(language)
    where = layout(text, lexicon.abbreviations)
    hits = _dictionary_hits(text, dictionary, set(where.sentence_starts), lexicon)
    found: list[tuple[int, int, str, str, str]] = [
        (h.start, h.end, h.entity_id, h.surface, "alias") for h in hits]
    found += _role_mentions(text, hits, lexicon, dictionary, published)
    blocked = [False] * (len(text) + 1)
    for start, end, *_ in found:
        blocked[start:end] = [True] * (end - start)
    discovered: dict[str, Discovered] = {}
    found += _name_mentions(text, candidates(text, lexicon, blocked, set(where.sentence_starts)),
                            hits, dictionary, lexicon, discovered, published)
    found += _bare_roles(text, found, lexicon, dictionary, published, where)
    found = _with_nicknames(text, found, dictionary, discovered)
    return Extraction(_place(found, where), {k: v for k, v in discovered.items()
                                             if any(eid == k for _, _, eid, _, _ in found)})


def _with_nicknames(text: str, found: list[tuple[int, int, str, str, str]],
                    dictionary: Dictionary, discovered: dict[str, Discovered],
                    ) -> list[tuple[int, int, str, str, str]]:
    """A newly found name in brackets right after a person's name is that person's nickname
    ("Saifullah Yusuf (Gus Ipul)"): every mention of it is the person."""
    person_ending = {end: eid for _, end, eid, _, _ in found
                     if _type_of(eid, dictionary, discovered) == "PERSON"}
    nickname: dict[str, str] = {}
    for start, end, eid, _, _ in found:
        owner = person_ending.get(start - 2)
        if eid in discovered and discovered[eid].type == "PERSON" and owner not in (None, eid) \
                and text[start - 2:start] == " (" and text[end:end + 1] == ")":
            nickname[eid] = owner
    return [(start, end, nickname.get(eid, eid), surface, how if eid not in nickname else "short")
            for start, end, eid, surface, how in found]


def _type_of(eid: str, dictionary: Dictionary, discovered: dict[str, Discovered]) -> str:
    known = dictionary.entities.get(eid)
    return known.type if known else discovered[eid].type if eid in discovered else ""


def _dictionary_hits(text: str, dictionary: Dictionary, sentence_starts: set[int],
                     lexicon: NameLexicon) -> list[Hit]:
    """Longest non-overlapping alias matches; a common-word alias never at a sentence start."""
    chosen: list[Hit] = []
    taken_until = -1
    for hit in sorted(dictionary.hits(text), key=lambda h: (h.start, h.start - h.end)):
        if hit.start < taken_until:
            continue
        if dictionary.is_ambiguous(hit) and hit.start in sentence_starts:
            continue
        chosen.append(hit)
        taken_until = hit.end
    starts = {h.start for h in chosen}
    ends = {h.end for h in chosen}
    lower_words = set(re.findall(r"\b[a-z]+\b", text))
    return [h for h in chosen
            if not _city_misread(text, h, dictionary, (starts, ends), lexicon, lower_words)
            and not _longer_name(text, h, dictionary, lexicon, (starts, lower_words))]


def _longer_name(text: str, hit: Hit, dictionary: Dictionary, lexicon: NameLexicon,
                 context: tuple[set[int], set[str]]) -> bool:
    """A known person's name that goes on ("Alvaro Garcia Ortiz" is not the Uruguayan
    minister Alvaro Garcia; "Budi Santoso Wiryawan" not the trade minister Budi Santoso): the
    name read is then the longer one, found by the name finder. A curated person keeps the
    match when the next word is a word of the article's own ("Putin Says" in a title-case
    headline) or starts another known name."""
    entity = dictionary.entities[hit.entity_id]
    if entity.type != "PERSON":
        return False
    following = re.match(r" ([A-Z][\w'’-]*)", text[hit.end:hit.end + 40])
    if not following or following.group(1) in \
            lexicon.function_words | lexicon.place_words | lexicon.other_words:
        return False
    starts, lower_words = context
    return not entity.short_forms or (following.group(1).lower() not in lower_words
                                      and hit.end + 1 not in starts)


def _city_misread(text: str, hit: Hit, dictionary: Dictionary, edges: tuple[set[int], set[int]],
                  lexicon: NameLexicon, lower_words: set[str]) -> bool:
    """A one-word city name that is really part of a person's name ("Vladimir Zhirinovsky",
    "Kapten Guntur") or an ordinary word of this article ("Lima" when "lima" = five)."""
    entity = dictionary.entities[hit.entity_id]
    if entity.type != "LOCATION" or " " in hit.surface:
        return False
    if hit.surface.lower() in lower_words:
        return True
    if entity.priority >= 2:  # a city of a million people or more
        return False
    starts, ends = edges
    following = re.match(r" ([A-Z][\w'’-]*)", text[hit.end:hit.end + 40])
    if following and hit.end + 1 not in starts and following.group(1) not in \
            lexicon.place_words | lexicon.function_words:
        return True
    preceding = re.search(r"([A-Za-z][\w'’-]*) $", text[max(0, hit.start - 40):hit.start])
    return preceding is not None and hit.start - 1 not in ends and (
        preceding.group(1).lower() in lexicon.titles or
        (preceding.group(1)[0].isupper() and preceding.group(1) not in lexicon.function_words))


@cache
def _role_pattern(roles: tuple[str, ...]) -> re.Pattern[str]:
    """A role phrase, then "of (the)" when English names the country after it."""
    alternatives = "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\s+(?:of\s+(?:the\s+)?)?", re.IGNORECASE)


@cache
def _role_after_country(roles: tuple[str, ...]) -> re.Pattern[str]:
    """A role right after a country ("Russian President", "Russia's president")."""
    alternatives = "|".join(re.escape(r) for r in sorted(roles, key=len, reverse=True))
    return re.compile(rf"(?:['’]s)?\s+({alternatives})\b", re.IGNORECASE)


@cache
def _bare_role(roles: tuple[str, ...], determiners: frozenset[str]) -> re.Pattern[str]:
    """"the President" (English), "Kepala Negara" (Indonesian writes the office alone with
    capitals) with neither a country nor a name: the office of someone named."""
    ordered = sorted(roles, key=len, reverse=True)
    if determiners:
        alternatives = "|".join(re.escape(r) for r in ordered)
        articles = "|".join(re.escape(d) for d in sorted(determiners))
        return re.compile(rf"\b(?:{articles})\s+({alternatives})\b(?!\s+of\b)(?!['’]s)",
                          re.IGNORECASE)
    capitalised = "|".join(re.escape(r.title()) for r in ordered)
    return re.compile(rf"(?<![\w-])({capitalised})\b")


_FORMER = re.compile(r"\b(?:former|ex|mantan|eks)[\s-]+$", re.IGNORECASE)


def _role_mentions(text: str, hits: list[Hit], lexicon: NameLexicon, dictionary: Dictionary,
                   published: date | None) -> list[tuple[int, int, str, str, str]]:
    """A role with its country, in every order the languages write it ("Presiden Rusia", "the
    president of Russia", "Russian President", "Russia's president"): the holder on the
    article's date, unless a name follows (then the name is the person) or the role is former.
    An undated article keeps the role a role: the holder is unknown."""
    if published is None:
        return []
    countries = {h.start: h for h in hits if dictionary.entities[h.entity_id].type == "COUNTRY"}
    found = []
    for match in _role_pattern(tuple(lexicon.roles)).finditer(text):
        office = lexicon.roles[" ".join(_role_words(match.group(0)))]
        chain = _country_chain(text, match.end(), countries)
        if not chain or _name_follows(text, chain[-1].end) or _former(text, match.start()):
            continue
        for country_hit in chain:
            code = dictionary.entities[country_hit.entity_id].country or ""
            holder = dictionary.holder(office, code, published)
            if holder:
                surface = text[match.start():country_hit.end] if country_hit is chain[0] \
                    else country_hit.surface
                start = match.start() if country_hit is chain[0] else country_hit.start
                found.append((start, country_hit.end, holder, surface, "role"))
    after = _role_after_country(tuple(lexicon.roles))
    for country_hit in countries.values():
        role = after.match(text, country_hit.end)
        if not role or _name_follows(text, role.end()) or _former(text, country_hit.start):
            continue
        code = dictionary.entities[country_hit.entity_id].country or ""
        holder = dictionary.holder(lexicon.roles[" ".join(role.group(1).lower().split())],
                                   code, published)
        if holder:
            found.append((country_hit.start, role.end(), holder,
                          text[country_hit.start:role.end()], "role"))
    return found


def _role_words(phrase: str) -> list[str]:
    words = phrase.lower().split()
    while words and words[-1] in ("of", "the"):
        words.pop()
    return words


def _former(text: str, position: int) -> bool:
    return bool(_FORMER.search(text[max(0, position - 12):position]))


def _bare_roles(text: str, found: list[tuple[int, int, str, str, str]], lexicon: NameLexicon,
                dictionary: Dictionary, published: date | None, where: Layout,
                ) -> list[tuple[int, int, str, str, str]]:
    """"The President" alone is the one person this article names who held that office on its
    date (a readout names its president once and then writes "the President"); with none or
    several such people it stays unresolved."""
    if published is None:
        return []
    taken = [False] * (len(text) + 1)
    for start, end, *_ in found:
        taken[start:end] = [True] * (end - start)
    named = {eid for _, _, eid, _, _ in found}
    mentions = []
    for match in _bare_role(tuple(lexicon.roles), lexicon.role_determiners).finditer(text):
        if taken[match.start(1)] or _name_follows(text, match.end()):
            continue
        office = lexicon.roles[" ".join(match.group(1).lower().split())]
        # never someone named in the same sentence: "The President spoke with President
        # Zelenskyy" names two people
        sentence = where.sentence_of(match.start())
        beside = {eid for start, _, eid, _, _ in found if where.sentence_of(start) == sentence}
        holders = {eid for eid in named - beside for role in dictionary.roles_of.get(eid, [])
                   if role.office == office and role.held_on(published)}
        if len(holders) == 1:
            mentions.append((match.start(1), match.end(), holders.pop(), match.group(1), "role"))
    return mentions


def _country_chain(text: str, position: int, countries: dict[int, Hit]) -> list[Hit]:
    """Countries listed from ``position`` on: "Iran dan Rusia", "Iran, Iraq and Syria"."""
    chain = []
    while position in countries:
        hit = countries[position]
        chain.append(hit)
        joiner = _LIST_JOINERS.match(text, hit.end)
        if not joiner or joiner.end() not in countries:
            break
        position = joiner.end()
    return chain


def _name_follows(text: str, position: int) -> bool:
    """A capitalised word next, perhaps after an ordinal ("Presiden RI ke-7 Joko Widodo")."""
    return bool(_NAME_NEXT.match(text, position))


def _name_mentions(text: str, found: list[Candidate], hits: list[Hit], dictionary: Dictionary,
                   lexicon: NameLexicon, discovered: dict[str, Discovered],
                   published: date | None) -> list[tuple[int, int, str, str, str]]:
    """Longer names become entities; a single word links to a longer name of the same article
    or to a known surname, and only then counts as a name of its own."""
    people: dict[str, str] = {}  # a shared token keeps its first owner ("Macron": Emmanuel)
    for hit in hits:
        if dictionary.entities[hit.entity_id].type == "PERSON":
            for token in hit.surface.split():
                people.setdefault(token, hit.entity_id)
    mentions: list[tuple[int, int, str, str, str]] = []
    for candidate in (c for c in found if c.type and " " in c.text):
        eid, how = _resolve(candidate, dictionary, discovered)
        mentions.append((candidate.start, candidate.end, eid, candidate.text, how))
        if candidate.type == "PERSON":
            for token in candidate.text.split():
                people.setdefault(token, eid)
    after_title = {h.end for h in hits if dictionary.entities[h.entity_id].type == "COUNTRY"
                   and _title_before(text, h.start, lexicon)}
    for candidate in (c for c in found if " " not in c.text):
        if candidate.text in people:
            linked: tuple[str, str] | None = (people[candidate.text], "short")
        elif surname_of := dictionary.by_surname(candidate.text, published):
            linked = (surname_of, "surname")
        elif candidate.type == "PERSON" and lexicon.by_given_name and \
                (given_of := dictionary.by_given_name(candidate.text, published)):
            linked = (given_of, "given")
        elif candidate.type or candidate.start - 1 in after_title:
            # "Menteri Luar Negeri RI Sugiono": a single name right after a titled country
            linked = _resolve(Candidate(candidate.start, candidate.end, candidate.text,
                                        candidate.type or "PERSON", False), dictionary, discovered)
        else:
            linked = None
        if linked:
            mentions.append((candidate.start, candidate.end, linked[0], candidate.text, linked[1]))
    return mentions


def _title_before(text: str, position: int, lexicon: NameLexicon) -> bool:
    """Whether a title ("Menteri Luar Negeri") ends just before ``position``."""
    words = text[max(0, position - 40):position].lower().split()
    return any(" ".join(words[-size:]) in lexicon.titles for size in range(1, 5)
               if len(words) >= size)


def _resolve(candidate: Candidate, dictionary: Dictionary,
             discovered: dict[str, Discovered]) -> tuple[str, str]:
    """A known person spelt differently (Dehghan/Dehqan), else a newly discovered entity."""
    if candidate.type == "PERSON" and " " in candidate.text:
        known = _fuzzy_person(candidate.text, dictionary)
        if known:
            return known, "fuzzy"
    eid = entity_id(candidate.type or "PERSON", candidate.text)
    seen = discovered.get(eid)
    by_shape = candidate.by_shape and (seen is None or seen.by_shape)
    discovered[eid] = Discovered(eid, candidate.text if seen is None else seen.name,
                                 candidate.type or "PERSON", by_shape)
    return eid, "name"


def _fuzzy_person(name: str, dictionary: Dictionary) -> str | None:
    """A known person whose name has the same initials and is spelt almost the same."""
    best = process.extractOne(name, dictionary.names_by_initials.get(initials(name), []),
                              scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF)
    return dictionary.full_names[best[0]] if best else None


def _place(found: list[tuple[int, int, str, str, str]], where: Layout) -> list[Mention]:
    return [Mention(eid, surface, start, end, where.sentence_of(start), where.paragraph_of(start),
                    how) for start, end, eid, surface, how in sorted(found)]
