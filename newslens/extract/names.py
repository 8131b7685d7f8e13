"""Proper-name spans the dictionary does not know: capitalised runs, typed from their cues.

A run of capitalised words (with connectors such as "bin", "al-", "van") outside dictionary
matches is a candidate. Leading titles ("Presiden", "Brigadir Jenderal", "Gen.") are cut off and
make it a PERSON; organisation or place words inside make it an ORG or LOCATION. Without a cue a
run is a PERSON only if none of its words is also written in lower case in the same article
(so "Hak Asasi Manusia" or "Tanah Air" are not people). Weekday and month names, function words,
sentence-initial single words, headline-case lines and all-caps datelines are dropped.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from dataclasses import dataclass, replace

from newslens.knowledge.lexicon import NameLexicon

_TOKEN = re.compile(r"[^\W\d_][\w'’]*(?:[-.][\w'’]+)*\.?")
# a name token's letters; a capital glued to four lower-case letters starts the next token
# ("SerdarPresident": scrapers drop spaces), so "MacArthur" stays one
_TOKEN_CHAR = r"(?:[^\WA-ZÀ-ÖØ-Þ]|['’]|(?<![a-zß-öø-ÿ]{4})[A-ZÀ-ÖØ-Þ])"
_NAME_TOKEN = re.compile(r"(?:[A-ZÀ-ÖØ-Þ]|\b(?:al|el|ad|as|ash|an|ar|at|az)-[A-Z])"
                         rf"{_TOKEN_CHAR}*(?:[-.]{_TOKEN_CHAR}+)*\.?")
_DOMAIN = re.compile(r"\w\.\w{2,}")  # ARRAHMAHNEWS.COM, detik.com: an address, not a name
_POSSESSIVE = re.compile(r"['’]s$")
_MAX_TOKENS = 6
_ACRONYM = re.compile(r"[A-Z]{3,}")  # initials of a body; a person's own run to two letters
_HEADING_MIN_WORDS = 4
_HEADING_MAX_WORDS = 20
_HEADING_SHARE = 0.7


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    type: str | None          # None: a single word to link to a longer name, if any
    sentence_initial: bool
    by_shape: bool = False    # a person only by its capitals: no title, no speech verb


@dataclass(frozen=True)
class _Context:
    lexicon: NameLexicon
    lower_words: frozenset[str]
    sentence_starts: set[int]


def _joinable(previous: str, lexicon: NameLexicon) -> bool:
    """A full stop ends a name unless it closes an initial or an abbreviated title."""
    if not previous.endswith("."):
        return True
    core = previous[:-1]
    return (len(core) == 1 and core.isupper()) or core in lexicon.abbreviations or "." in core


def _runs(text: str, lexicon: NameLexicon, blocked: list[bool]) -> list[list[re.Match[str]]]:
    """Maximal runs of name tokens joined by single spaces (or a connector such as "bin"),
    outside blocked characters. Only capitalised tokens are visited: most words are not."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for match in _NAME_TOKEN.finditer(text):
        word = match.group(0)
        if blocked[match.start()] or blocked[match.end() - 1] or _DOMAIN.search(word):
            current = []
            continue
        if current and _joins(text[current[-1].end():match.start()], current[-1].group(0),
                              lexicon):
            current.append(match)
        else:
            current = [match]
            runs.append(current)
    return [trimmed for run in runs if (trimmed := _trim_connectors(run, lexicon))]


def _joins(gap: str, previous: str, lexicon: NameLexicon) -> bool:
    """Whether the text between two name tokens keeps them in one name."""
    if not _joinable(previous, lexicon) or _POSSESSIVE.search(previous):
        return False
    if gap == " ":
        return True
    inner = gap.strip(" ")
    return gap.startswith(" ") and gap.endswith(" ") and inner in lexicon.connectors


def _trim_connectors(run: list[re.Match[str]], lexicon: NameLexicon) -> list[re.Match[str]]:
    while run and run[-1].group(0).rstrip(".") in lexicon.connectors:
        run = run[:-1]
    return run


def _title_at(words: list[str], lexicon: NameLexicon) -> str | None:
    """The longest title that the words start with, if any."""
    lowered = [w.lower() for w in words[:6]]
    for title in lexicon.titles_by_first_word.get(lowered[0].rstrip("."), ()):
        size = title.count(" ") + 1
        if " ".join(lowered[:size]) in (title, title + "."):
            return title
    return None


def _after_titles(run: list[re.Match[str]], lexicon: NameLexicon
                  ) -> tuple[list[re.Match[str]], str | None]:
    """Cut everything up to and including the last title in the run ("Bahwa Presiden Macron")."""
    words = [m.group(0) for m in run]
    last_title, cut = None, 0
    index = 0
    while index < len(words):
        title = _title_at(words[index:], lexicon)
        if title:
            last_title = title
            index += title.count(" ") + 1
            cut = index
        else:
            index += 1
    return run[cut:], last_title


def _in_heading(offset: int, headings: list[tuple[int, int]]) -> bool:
    """Whether ``offset`` falls in one of the (sorted, disjoint) headline lines."""
    at = bisect_right(headings, (offset, math.inf)) - 1
    return at >= 0 and offset < headings[at][1]


def _heading_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in headline case, where capitals say nothing about names."""
    ranges, offset = [], 0
    for line in text.split("\n"):
        words = len(line.split())
        # a headline is short and ends without a full stop; a long line of capitals that ends
        # like a sentence is a list of office holders, where capitals are names
        if _HEADING_MIN_WORDS <= words <= _HEADING_MAX_WORDS and \
                not line.rstrip().endswith((".", ";", ":")) and \
                len(_NAME_TOKEN.findall(line)) >= _HEADING_SHARE * words:
            ranges.append((offset, offset + len(line)))
        offset += len(line) + 1
    return ranges


def candidates(text: str, lexicon: NameLexicon, blocked: list[bool],
               sentence_starts: set[int]) -> list[Candidate]:
    """Typed name candidates in ``text`` outside the ``blocked`` (already matched) characters."""
    headings = _heading_ranges(text)
    context = _Context(lexicon, frozenset(m.group(0) for m in _TOKEN.finditer(text)
                                          if m.group(0).islower()), sentence_starts)
    found = []
    for run in _runs(text, lexicon, blocked):
        candidate = _candidate(text, run, context)
        if candidate and _in_heading(candidate.start, headings):
            # a headline's capitals name nothing new, but a single word there may still be a
            # known surname ("Readout of President Biden's Call")
            candidate = replace(candidate, type=None) if " " not in candidate.text else None
        if candidate:
            found.append(candidate)
    return found


def _candidate(text: str, run: list[re.Match[str]], context: _Context) -> Candidate | None:
    lexicon = context.lexicon
    run, title = _after_titles(run, lexicon)
    head = _of_head(text, run[0].start()) if run else None
    portfolio = head is not None and head.lower() in lexicon.titles
    if portfolio and len(run) <= 2 and _LIST_GOES_ON.match(text, run[-1].end()) and \
            _PORTFOLIO_PIECE.search(text[max(0, run[0].start() - 5):run[0].start()]):
        return None  # "Representative for Environmental Protection, Ecology and Transport …"
    held = _person_after_organisation(run, lexicon, first=0 if portfolio else 1)
    if held is not run:
        # "Secretary of the Security Council Nikolai Patrushev": the body, then its holder
        run = held
    elif (title in lexicon.bare_offices or portfolio) and len(run) >= 3 and \
            run[0].group(0) not in lexicon.org_words:
        # "Menteri Perdagangan Budi Santoso", "Minister of Energy Nikolai Shulginov": the
        # portfolio (its first word, and words this article also writes in lower case), then
        # the name, which is its last two words when the portfolio is long
        run = run[1:]
        while len(run) > 2 and run[0].group(0).lower() in context.lower_words:
            run = run[1:]
        if len(run) > _NAME_AFTER_PORTFOLIO and not _initial(run[-3].group(0)):
            run = run[-2:]
        run = _person_after_organisation(run, lexicon)
    elif title is None and head in lexicon.org_words:
        return None  # "University of Civil Engineering": a body's name, no one's
    words = [m.group(0) for m in run]
    while words and words[0].rstrip(".") in lexicon.function_words:
        run, words = run[1:], words[1:]
    if not words or len(words) > _MAX_TOKENS:
        return None
    bare = [_POSSESSIVE.sub("", w.rstrip(".")) for w in words]
    if " ".join(bare) in lexicon.other_words or any(w in lexicon.other_words for w in bare):
        return None
    start = run[0].start()
    end = run[-1].start() + len(bare[-1])
    kind = _type(bare, title, _after_word(text, start, lexicon.place_prepositions), context)
    if kind == "PERSON" and len(bare) > 1 and _ACRONYM.fullmatch(bare[0]):
        # "IISS Daniel Salisbury", "HNSI Lydia Assegaf": a body's initials, then its person
        run, words, bare = run[1:], words[1:], bare[1:]
        start = run[0].start()
        kind = kind if len(bare) > 1 else None  # one word left may still link to a longer name
    initial = start in context.sentence_starts
    # a person by its capitals alone unless a title or a speech verb says so (read only then)
    by_shape = kind == "PERSON" and title is None and \
        _speaker(text, start, run[-1].end(), lexicon) is None
    if by_shape and len(words) > 1 and _after_word(text, start, lexicon.role_determiners):
        return None  # "the Bocharov Ruchei residence": a person's name takes no article
    kind = kind or _speaker(text, start, run[-1].end(), lexicon)
    if initial and len(words) == 1 and kind != "PERSON":
        kind = None  # a capital that only starts a sentence: it may still link to a known name
    candidate = Candidate(start, end, text[start:end], kind, initial, by_shape)
    return candidate if _keep(candidate, bare, text) else None


def _person_after_organisation(run: list[re.Match[str]], lexicon: NameLexicon,
                               first: int = 1) -> list[re.Match[str]]:
    """ "…of the Presidential Executive Office Anton Vaino": an office's name, then the holder's
    (two or three name words after the organisation's last word) is the holder. Only where
    a language ends organisation names with their head word ("… Office", not "Kantor …"). The
    head word may open the run (``first`` 0) when a title "of" stands before it."""
    words = [m.group(0).rstrip(".") for m in run]
    last = max((i for i, w in enumerate(words) if w in lexicon.org_heads_last), default=-1)
    tail = words[last + 1:]
    if last >= first and 2 <= len(tail) <= 3 and not any(
            w in lexicon.org_words or w in lexicon.place_words or w.isupper() for w in tail):
        return run[last + 1:]
    return run


_LIST_GOES_ON = re.compile(r"(?:,| and| &) [A-Z]")
_PORTFOLIO_PIECE = re.compile(r"(?:\b(?:of|for|the|and)|,|&) $")  # a list's word starts here
_NAME_AFTER_PORTFOLIO = 3
_OF_REACH = 120  # characters looked back for "<title> of" before a name


def _initial(word: str) -> bool:
    return len(word.rstrip(".")) == 1


def _of_head(text: str, start: int) -> str | None:
    """The word before "of"/"for" when only capitalised words (a portfolio's or an
    organisation's, joined by commas, "and", "&") stand between it and ``start``: "Minister" in
    "Minister of Construction, Housing and Utilities Irek Fayzullin", "University" in
    "University of Civil Engineering"."""
    words = text[max(0, start - _OF_REACH):start].split()
    while words and (words[-1][0].isupper() or words[-1] in ("and", "&")):
        words.pop()
    if words[-1:] == ["the"]:
        words.pop()
    if len(words) < 2 or words[-1] not in ("of", "for"):
        return None
    return words[-2].rstrip(",")


def _after_word(text: str, start: int, vocabulary: frozenset[str]) -> bool:
    """Whether one of ``vocabulary`` is the word right before ``start``: a place preposition
    ("di", "ke", "in") places a name, an article ("the") says it is no one's."""
    words = text[max(0, start - 12):start].split()
    return text[start - 1:start] == " " and bool(words) and words[-1] in vocabulary


def _type(words: list[str], title: str | None, placed: bool, context: _Context) -> str | None:
    lexicon = context.lexicon
    cue_words = lexicon.org_words | lexicon.place_words
    if len(words) == 1 and words[0] in cue_words and not words[0].isupper():
        return None  # a cue word alone ("Selatan", "Wisma") names nothing
    if any(w in lexicon.org_words for w in words):
        return "ORG"
    if any(w in lexicon.place_words for w in words):
        return "LOCATION"
    if title and (len(words) > 1 or title not in lexicon.bare_offices):
        return "PERSON"
    common = any(w.lower() in context.lower_words for w in words
                 if w not in lexicon.connectors)
    if placed and not common and not all(w.isupper() for w in words):
        return "LOCATION"
    if len(words) == 1:
        return "ORG" if words[0].isupper() and 3 <= len(words[0]) <= 6 else None
    if all(w.isupper() for w in words):
        return "ORG"
    return "PERSON" if len(words) <= 4 and not common else None


def _speaker(text: str, start: int, end: int, lexicon: NameLexicon) -> str | None:
    """A name that speaks: ', kata Syarif' or 'Yusril mengatakan' is a person."""
    before = re.findall(r"[^\W\d_]+", text[max(0, start - 12):start])
    after = re.match(r"\s+([^\W\d_]+)", text[end:end + 20])
    if (before and before[-1] in lexicon.speech_before) or \
            (after and after.group(1) in lexicon.speech_after):
        return "PERSON"
    return None


def _keep(candidate: Candidate, words: list[str], text: str) -> bool:
    if len(text) - candidate.end < 3 and text[candidate.start - 1:candidate.start] == "(":
        return False  # the writer's or outlet's initials signing off: "… (ARN)"
    if candidate.start < 80 and words[0].isupper() and text[candidate.end:candidate.end + 1] == ",":
        return False  # an all-caps dateline: "MOSKOW, ARRAHMAHNEWS.COM –"
    return not (len(words) == 1 and len(words[0]) < 2)
