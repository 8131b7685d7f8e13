"""Scoring meetings against article-level labels: precision and recall of whole events.

A predicted meeting is right when it pairs one-to-one with a labelled meeting of the same
status (happened or planned) whose participants it names, all and only, and whose date it gives
at the labelled precision (a day-level prediction inside a labelled month is right; a month
for a labelled day is not; a label without a date leaves the date unscored). Names compare
after case and accents are dropped, on any alias of the predicted entity (see same_name).
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newslens.extract.entities import Extraction, extract_entities
from newslens.extract.meetings import Meeting, extract_meetings
from newslens.knowledge.dictionary import Dictionary, load
from newslens.labels import ArticleRef, read_jsonl, resolve


@dataclass(frozen=True)
class Scored:
    """A meeting reduced to what is scored: participants' name forms, date, status."""

    participants: tuple[frozenset[str], ...]
    date: str | None
    planned: bool


def fold(name: str) -> str:
    """Lower case without accents or punctuation ("Dehqan" and "dehqan" are one name)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return " ".join("".join(c if c.isalnum() else " " for c in plain.lower()).split())


def labelled(meeting: dict) -> Scored:
    return Scored(tuple(frozenset({fold(p)}) for p in dict.fromkeys(meeting["participants"])),
                  meeting["date"], bool(meeting["planned"]))


def forms_of(eid: str, found: Extraction, dictionary: Dictionary) -> frozenset[str]:
    """Every name an extracted entity goes by, folded: its dictionary aliases, or the name it
    was discovered under."""
    known = dictionary.entities.get(eid)
    names = {known.name, *known.aliases} if known else \
        ({found.discovered[eid].name} if eid in found.discovered else {eid})
    return frozenset(fold(n) for n in names)


def predicted(meeting: Meeting, found: Extraction, dictionary: Dictionary) -> Scored:
    return Scored(tuple(forms_of(eid, found, dictionary) for eid in meeting.participants),
                  meeting.date.iso() if meeting.date else None, meeting.planned)


def same_name(gold: str, forms: frozenset[str]) -> bool:
    """One name: any form equal, or the same first and last word ("George H. W. Bush" is
    "George Bush"), or a lone surname the labelled name ends with."""
    words = gold.split()
    for form in forms:
        other = form.split()
        if form == gold or (len(words) > 1 and len(other) > 1 and words[0] == other[0]
                            and words[-1] == other[-1]) or \
                (len(other) == 1 and len(words) > 1 and other[0] == words[-1]):
            return True
    return False


def same_people(gold: Scored, guess: Scored) -> bool:
    if len(gold.participants) != len(guess.participants):
        return False
    unused = list(guess.participants)
    for names in gold.participants:
        match = next((forms for forms in unused if any(same_name(n, forms) for n in names)),
                     None)
        if match is None:
            return False
        unused.remove(match)
    return True


def same_date(gold: Scored, guess: Scored) -> bool:
    if gold.date is None:
        return True
    return guess.date is not None and len(guess.date) >= len(gold.date) and \
        guess.date[:len(gold.date)] == gold.date


@dataclass
class MeetingScore:
    """Counts per status ("happened", "planned") and per group (a corpus or a language)."""

    gold: Counter[tuple[str, str]] = field(default_factory=Counter)
    guessed: Counter[tuple[str, str]] = field(default_factory=Counter)
    right: Counter[tuple[str, str]] = field(default_factory=Counter)
    people_right: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, group: str, gold: Iterable[Scored], guesses: Iterable[Scored]) -> list[Scored]:
        """Score one article; return the guesses that matched nothing (for error reading)."""
        gold, guesses = list(gold), list(guesses)
        for item in gold:
            self.gold[group, _status(item)] += 1
        for item in guesses:
            self.guessed[group, _status(item)] += 1
        unmatched = list(gold)
        wrong = []
        for guess in guesses:
            hit = next((g for g in unmatched if g.planned == guess.planned and
                        same_people(g, guess) and same_date(g, guess)), None)
            loose = any(g.planned == guess.planned and same_people(g, guess) for g in gold)
            self.people_right[group, _status(guess)] += loose
            if hit is None:
                wrong.append(guess)
                continue
            unmatched.remove(hit)
            self.right[group, _status(guess)] += 1
        return wrong

    def precision(self, group: str, status: str = "happened") -> float:
        guessed = self.guessed[group, status]
        return self.right[group, status] / guessed if guessed else 0.0

    def recall(self, group: str, status: str = "happened") -> float:
        gold = self.gold[group, status]
        return self.right[group, status] / gold if gold else 0.0

    def groups(self) -> list[str]:
        return sorted({g for g, _ in self.gold | self.guessed})

    def table(self) -> str:
        lines = ["group                        happened P    R   (gold/guessed)   planned P"
                 "   (gold/guessed)   people-only P"]
        for group in self.groups():
            people = self.people_right[group, "happened"] / self.guessed[group, "happened"] \
                if self.guessed[group, "happened"] else 0.0
            lines.append(
                f"{group:<28} {self.precision(group):>10.2f} {self.recall(group):>5.2f}   "
                f"({self.gold[group, 'happened']}/{self.guessed[group, 'happened']})"
                f"{'':>8}{self.precision(group, 'planned'):>5.2f}   "
                f"({self.gold[group, 'planned']}/{self.guessed[group, 'planned']})"
                f"{people:>16.2f}")
        return "\n".join(lines)


def _status(item: Scored) -> str:
    return "planned" if item.planned else "happened"


def language_of(corpus: str) -> str:
    """A corpus's language from its name (detik articles detected as Malay are Indonesian;
    the kremlin.ru candidate holds its English releases only)."""
    return corpus.split("-")[0] if corpus[:3] in ("id-", "en-") else "en"


def score_labels(labels: Path, corpora: Path,
                 on_article: Callable[[dict, str, list[Scored], list[Scored], list[Scored],
                                       list[Meeting]], None] | None = None) -> MeetingScore:
    """Extract meetings from every labelled article and score them by corpus and language;
    ``on_article`` sees each article's label, text, gold, guesses, wrong guesses, meetings."""
    dictionary, total = load(), MeetingScore()
    for label in read_jsonl(labels):
        ref = ArticleRef(label["corpus"], label["file"], label["key"])
        article = resolve(corpora, ref, label["sha1"])
        found = extract_entities(article.text, article.language, article.published, dictionary)
        meetings = extract_meetings(article.text, article.language, article.published,
                                    article.dateline, found, dictionary)
        gold = [labelled(m) for m in label["meetings"]]
        guesses = [predicted(m, found, dictionary) for m in meetings]
        wrong = []
        for group in (label["corpus"], f"all {language_of(label['corpus'])}"):
            wrong = total.add(group, gold, guesses)
        if on_article:
            on_article(label, article.text, gold, guesses, wrong, meetings)
    return total
