"""Per-language word lists from ``data/lang/*.yaml``, loaded once and merged for cleaning.

Adding a language is adding a file: cleaning applies every language's chrome and read-also
patterns, because the language of a page is only known once its chrome is gone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslens.knowledge.data_files import read_yaml
from newslens.settings import DATA_DIR


@dataclass(frozen=True)
class Lexicon:
    months: dict[str, int]
    weekdays: frozenset[str]
    chrome_line: re.Pattern[str]
    footer_marker: re.Pattern[str]
    read_also_labels: tuple[str, ...]


def _whole_line(patterns: list[str]) -> re.Pattern[str]:
    return re.compile(r"^\s*(?:" + "|".join(f"(?:{p})" for p in patterns) + r")\s*$",
                      re.IGNORECASE)


@cache
def language_files() -> dict[str, dict]:
    """Every ``data/lang/<code>.yaml``, keyed by language code."""
    files = {}
    for path in sorted((DATA_DIR / "lang").glob("*.yaml")):
        files[path.stem] = read_yaml(path)
    return files


@cache
def merged() -> Lexicon:
    """One lexicon holding all languages' entries."""
    langs = language_files().values()
    months = {name: num for lang in langs for name, num in lang.get("months", {}).items()}
    labels = sorted({lab for lang in langs for lab in lang.get("read_also", [])}, key=len,
                    reverse=True)
    return Lexicon(
        months=months,
        weekdays=frozenset(w for lang in langs for w in lang.get("weekdays", [])),
        chrome_line=_whole_line([p for lang in langs for p in lang.get("chrome_lines", [])]),
        footer_marker=_whole_line([p for lang in langs for p in lang.get("footer_markers", [])]),
        read_also_labels=tuple(labels),
    )


@dataclass(frozen=True)
class NameLexicon:
    """Word lists that guide finding and typing names in one language (or all, merged)."""

    function_words: frozenset[str]
    titles: tuple[str, ...]          # lower-case, longest first
    titles_by_first_word: dict[str, tuple[str, ...]]
    bare_offices: frozenset[str]     # lower-case titles that do not make one word a name
    roles: dict[str, str]            # lower-case role phrase -> office key
    role_determiners: frozenset[str]  # "the" before an office alone; none: written capitalised
    org_words: frozenset[str]
    org_heads_last: frozenset[str]   # org words of languages that end a name with them
    place_words: frozenset[str]
    other_words: frozenset[str]
    connectors: frozenset[str]
    place_prepositions: frozenset[str]
    abbreviations: frozenset[str]
    speech_before: frozenset[str]
    speech_after: frozenset[str]
    by_given_name: bool              # the press calls people by their first name ("Bahlil")


@cache
def names(language: str | None) -> NameLexicon:
    """The name lexicon of a language; every language's lists together when it is unknown."""
    files = language_files()
    chosen = [files[language]] if language in files else list(files.values())
    everyone = list(files.values())

    def words(key: str, langs: list[dict] = chosen) -> frozenset[str]:
        return frozenset(str(w) for lang in langs for w in lang.get(key, []))

    titles = tuple(sorted({str(t).lower() for lang in chosen for t in lang.get("titles", [])},
                          key=len, reverse=True))
    by_first: dict[str, list[str]] = {}
    for title in titles:
        by_first.setdefault(title.split()[0].rstrip("."), []).append(title)
    return NameLexicon(
        function_words=words("function_words") | frozenset(
            w.capitalize() for lang in chosen for w in lang.get("weekdays", [])) | frozenset(
            m.capitalize() for lang in chosen for m in lang.get("months", {})),
        titles=titles,
        titles_by_first_word={k: tuple(v) for k, v in by_first.items()},
        bare_offices=frozenset(str(t).lower() for lang in chosen
                               for t in lang.get("bare_offices", [])),
        roles={str(k).lower(): v for lang in chosen for k, v in lang.get("roles", {}).items()},
        role_determiners=words("role_determiners"),
        # cue words of every language: quoted English names appear in Indonesian text too
        org_words=words("org_words", everyone), place_words=words("place_words", everyone),
        org_heads_last=words("org_words", [lang for lang in everyone
                                           if lang.get("organisation_head") == "last"]),
        other_words=words("other_words", everyone), connectors=words("connectors"),
        place_prepositions=words("place_prepositions"), abbreviations=words("abbreviations"),
        speech_before=words("speech_before"), speech_after=words("speech_after"),
        by_given_name=all(lang.get("short_name") == "given" for lang in chosen),
    )


@dataclass(frozen=True)
class MeetingLexicon:
    """Words that report a contact between actors, bound its clause, and date it."""

    triggers: dict[str, str]                 # phrase -> kind of contact
    trigger_pattern: re.Pattern[str]        # any trigger, the longest at a place first
    future_triggers: frozenset[str]          # triggers that announce ("they meet Monday")
    clause_breaks: re.Pattern[str]           # where the trigger's clause ends
    time_words: frozenset[str]               # "usai", "after": the trigger is placed in time
    back_reference: frozenset[str]           # "kunjungan tersebut": the contact just reported
    anaphoric_time: frozenset[str]           # "saat itu": when the sentence before says
    bilateral_pattern: re.Pattern[str]      # "pertemuan bilateral dengan A dan B": two contacts
    counterpart: frozenset[str]              # "timpalannya", "his counterpart"
    agreement: frozenset[str]
    future: frozenset[str]
    next_words: frozenset[str]
    yesterday: frozenset[str]
    today: frozenset[str]
    last_week: frozenset[str]
    vague_past: frozenset[str]               # "beberapa waktu lalu": past, undated on purpose
    year_words: frozenset[str]               # "pada tahun", "in" before a bare year
    weekdays: dict[str, int]
    attendance: re.Pattern[str]              # "the meeting was attended by": a list follows


def _alternatives(phrases: frozenset[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


def _phrases(phrases: frozenset[str]) -> str:
    """Alternatives that match whole words at their word ends (", yang" and ";" as written)."""
    return "|".join((r"\b" if p[0].isalnum() else "") + re.escape(p) +
                    (r"\b" if p[-1].isalnum() else "")
                    for p in sorted(phrases, key=len, reverse=True)) or r"(?!x)x"


@cache
def meetings(language: str | None) -> MeetingLexicon:
    """The meeting words of a language; every language's together when it is unknown."""
    files = language_files()
    chosen = [files[language]] if language in files else list(files.values())

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for lang in chosen for w in lang.get(key, []))

    triggers = {str(p).lower(): kind for lang in chosen
                for kind, phrases in lang.get("meeting_triggers", {}).items() for p in phrases}
    # a break starts a new clause unless it only introduces a noun ("after a flight")
    nouns = _alternatives(words("noun_phrase_starts")) or r"(?!x)x"
    breaks = rf"(?:{_phrases(words('clause_breaks'))})(?!\s+(?:(?:{nouns})\b|\d))"
    return MeetingLexicon(
        triggers=triggers,
        trigger_pattern=re.compile(rf"\b(?:{_alternatives(frozenset(triggers))})\b"),
        future_triggers=words("future_triggers"),
        clause_breaks=re.compile(breaks),
        time_words=words("clause_time_words"), back_reference=words("back_reference_words"),
        counterpart=words("counterpart_words"), anaphoric_time=words("anaphoric_time_words"),
        bilateral_pattern=re.compile(_phrases(words("bilateral_words"))),
        agreement=words("agreement_words"), future=words("future_words"),
        next_words=words("next_words"), yesterday=words("yesterday_words"),
        today=words("today_words"), last_week=words("last_week_words"),
        vague_past=words("vague_past_words"), year_words=words("year_words"),
        weekdays={str(k).lower(): v for lang in chosen
                  for k, v in lang.get("weekday_numbers", {}).items()},
        attendance=re.compile(_phrases(words("attendance_words")), re.IGNORECASE),
    )
