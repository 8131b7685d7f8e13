"""Proper-name spans the dictionary does not know: capitalised runs, typed from their cues.

A run of capitalised words (with connectors such as "bin", "al-", "van") outside dictionary
matches is a candidate. Leading titles ("Presiden", "Brigadir Jenderal", "Gen.") are cut off and
make it a PERSON; organisation or place words inside make it an ORG or LOCATION; weekday and
month names, function words, sentence-initial single words and all-caps datelines are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newslens.knowledge.lexicon import NameLexicon

_TOKEN = re.compile(r"[^\W\d_][\w'’]*(?:[-.][\w'’]+)*\.?")
_DOMAIN = re.compile(r"\w\.\w{2,}")  # ARRAHMAHNEWS.COM, detik.com: an address, not a name
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|as|ash|an|ar|at|az)-[A-Z]")
_MAX_TOKENS = 6


@dataclass(frozen=True)
class Candidate:
    start: int
    end: int
    text: str
    type: str | None          # None: a single word to link to a longer name, if any
    sentence_initial: bool


def _is_name_token(token: str) -> bool:
    return token[0].isupper() or bool(_ARABIC_ARTICLE.match(token))


def _runs(text: str, lexicon: NameLexicon, blocked: list[bool]) -> list[list[re.Match[str]]]:
    """Maximal runs of name tokens separated by single spaces, outside blocked characters."""
    runs: list[list[re.Match[str]]] = []
    current: list[re.Match[str]] = []
    for match in _TOKEN.finditer(text):
        word = match.group(0).rstrip(".")
        free = not (blocked[match.start()] or blocked[match.end() - 1] or _DOMAIN.search(word))
        joined = current and text[current[-1].end():match.start()] == " "
        if free and (_is_name_token(word) or (joined and word in lexicon.connectors)):
            if not joined:
                current = []
                runs.append(current)
            current.append(match)
        else:
            current = []
    return [trimmed for run in runs if (trimmed := _trim_connectors(run, lexicon))]


def _trim_connectors(run: list[re.Match[str]], lexicon: NameLexicon) -> list[re.Match[str]]:
    while run and run[-1].group(0).rstrip(".") in lexicon.connectors:
        run = run[:-1]
    return run


def _strip_title(words: list[str], lexicon: NameLexicon) -> int:
    """How many leading words form a title ("Brigadir Jenderal", "Gen.")."""
    lowered = [w.lower() for w in words]
    taken = 0
    while taken < len(words):
        for title in lexicon.titles:
            size = title.count(" ") + 1
            if " ".join(lowered[taken:taken + size]) in (title, title + "."):
                taken += size
                break
        else:
            return taken
    return taken


def candidates(text: str, lexicon: NameLexicon, blocked: list[bool],
               sentence_starts: set[int]) -> list[Candidate]:
    """Typed name candidates in ``text`` outside the ``blocked`` (already matched) characters."""
    found = []
    for run in _runs(text, lexicon, blocked):
        words = [m.group(0) for m in run]
        titled = _strip_title(words, lexicon)
        run, words = run[titled:], words[titled:]
        while words and words[0].rstrip(".") in lexicon.function_words:
            run, words = run[1:], words[1:]
        if not words or len(words) > _MAX_TOKENS:
            continue
        if any(w.rstrip(".") in lexicon.other_words for w in words):
            continue
        start, end = run[0].start(), run[-1].end() - (1 if words[-1].endswith(".") else 0)
        candidate = Candidate(start, end, text[start:end], _type(words, titled > 0, lexicon),
                              start in sentence_starts)
        if _keep(candidate, words, text):
            found.append(candidate)
    return found


def _type(words: list[str], titled: bool, lexicon: NameLexicon) -> str | None:
    bare = [w.rstrip(".") for w in words]
    if any(w in lexicon.org_words for w in bare):
        return "ORG"
    if any(w in lexicon.place_words for w in bare):
        return "LOCATION"
    if titled:
        return "PERSON"
    if len(bare) == 1:
        return "ORG" if bare[0].isupper() and 3 <= len(bare[0]) <= 6 else None
    if all(w.isupper() for w in bare):
        return "ORG"
    return "PERSON" if len(bare) <= 4 else None


def _keep(candidate: Candidate, words: list[str], text: str) -> bool:
    if len(text) - candidate.end < 3 and text[candidate.start - 1:candidate.start] == "(":
        return False  # the writer's or outlet's initials signing off: "… (ARN)"
    if candidate.start < 80 and words[0].isupper() and text[candidate.end:candidate.end + 1] == ",":
        return False  # an all-caps dateline: "MOSKOW, ARRAHMAHNEWS.COM –"
    if candidate.sentence_initial and len(words) == 1 and candidate.type != "PERSON":
        return False
    return not (len(words) == 1 and len(words[0]) < 2)
