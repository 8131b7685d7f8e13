"""Remove site chrome and comment/share footers, and lift read-also links out of the body."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from newslens.knowledge.lexicon import merged


@dataclass(frozen=True)
class Stripped:
    text: str
    related_titles: list[str]


def strip_chrome(text: str) -> str:
    """Drop chrome lines anywhere and everything from the first footer marker on."""
    lexicon = merged()
    kept: list[str] = []
    for line in text.splitlines():
        if lexicon.footer_marker.match(line) and kept:
            break
        if not lexicon.chrome_line.match(line):
            kept.append(line.rstrip())
    return _tidy("\n".join(kept))


@cache
def _read_also_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    labels = "|".join(re.escape(label) for label in merged().read_also_labels)
    # one level of nested brackets is allowed inside the linked title
    inline = re.compile(r"[ \t]*[\(\[]\s*(?:" + labels + r")\s*:\s*((?:[^()\[\]]|\([^()]*\))+?)"
                        r"\s*[\)\]]", re.IGNORECASE)
    # a whole line: "Baca juga: TITLE" or "Simak juga Video 'TITLE':"
    line = re.compile(r"^[ \t]*(?:" + labels + r")[ \t]*"
                      r"(?::[ \t]*(.+?)|['\"‘“](.+?)['\"’”][ \t]*:?)[ \t]*$",
                      re.IGNORECASE | re.MULTILINE)
    return inline, line


def lift_read_also(text: str) -> Stripped:
    """Move "(Baca juga: …)" / "Read also: …" titles out of the text, in reading order."""
    lowered = text.lower()
    # a plain substring test first: most articles have no read-also link, and it is much faster
    if not any(label in lowered for label in merged().read_also_labels):
        return Stripped(_tidy(text), [])
    inline, line = _read_also_patterns()
    found: list[tuple[int, str]] = []

    def take(match: re.Match[str]) -> str:
        found.append((match.start(), (match.group(1) or match.group(2) or "").strip()))
        return ""

    text = line.sub(take, inline.sub(take, text))
    titles = [title for _pos, title in sorted(found, key=lambda f: f[0]) if title]
    return Stripped(_tidy(text), titles)


_BLANK_RUNS = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Drop trailing spaces left by removals, and runs of blank lines."""
    text = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()
