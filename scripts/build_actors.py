"""Build ``data/actors/world.jsonl.gz``, the world's office holders, from pinned open data.

Run ``make actors``. The source is CountryInfo.txt of the Open Event Data Alliance (see
``data/actors/SOURCES.md`` for the commit and licence): its ``<Leaders>`` block lists heads of
state and government of about 240 countries from 1945 to about 2009 (after Rulers.org), its
``<Government>`` block the cabinets of 2003 to February 2011 (after the CIA's World Leaders).
The output is one JSON object per person, sorted, gzipped without a timestamp, so the same
source always gives the same bytes. The hand-curated YAML files stay the authority; loading
(``newslens.knowledge.gazetteer``) lets them win.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "data" / "actors" / "world.jsonl.gz"
SOURCE_REPO = Path("/work/.mirror/openeventdata+CountryInfo/repo")
SOURCE_COMMIT = "07c9c54888ba1cf8e9bfc2c8fe5cb57887659522"
SOURCE_FILE = "CountryInfo.120116.txt"

# "[>date]": in office when the block was last updated. Rulers.org's leaders are "roughly 1960
# to around 2009" (Gordon Brown is still open there), the CIA cabinets end in February 2011: an
# open term is only claimed up to then, never to today.
LEADERS_UNTIL = date(2010, 1, 1)
GOVERNMENT_FROM = date(2003, 1, 1)
GOVERNMENT_UNTIL = date(2011, 2, 1)

LEADER_OFFICES = (
    ("president", r"presidents?|presidents? of the republic|interim president"),
    ("prime_minister", r"prime ministers?|premiers?|chancellors?|heads? of government"
                       r"|chiefs of government|chairmen of the council of ministers.*"
                       r"|chairman of the council of ministers|presidents of the council of "
                       r"ministers|prime ministers \(presidents_of_the_council_of_ministers"
                       r"|presidents of the executive yuan.*"),
    ("monarch", r"kings?|queens?|kings/queens|kings \(title.*|emperors?(/empresses)?|emirs?"
                r"|sultans?|shahs|sovereign princes|princes/princesses|grand dukes.*"),
)
GOVERNMENT_OFFICES = (
    ("president", r"president"),
    ("vice_president", r"(first )?vice president"),
    ("prime_minister", r"prime minister"),
    ("deputy_prime_minister", r"(first )?(deputy|vice) prime minister"),
    ("foreign_minister", r"(minister|secretary)( of state)? (of|for) (foreign|external) "
                         r"(affairs|relations)( and [a-z ]+)?|foreign minister"
                         r"|secretary of state for foreign and commonwealth affairs"),
    ("defence_minister", r"(minister|secretary)( of state)? (of|for) (national )?defen[cs]e"
                         r"( and [a-z ]+)?|secretary of national defense"),
    ("finance_minister", r"minister (of|for) (economy and |economics and )?finance"
                         r"( and [a-z ]+)?"),
    ("home_minister", r"minister (of|for) (the )?(interior|home affairs|internal affairs)"
                      r"( and [a-z ]+)?|secretary of state for the home department"),
)
HEADS = {"president", "prime_minister", "monarch"}

_PARTICLES = {"al", "bin", "bint", "da", "das", "de", "del", "della", "der", "di", "do", "dos",
              "du", "e", "el", "ibn", "la", "le", "van", "von", "y"}
_HONORIFICS = {"sir", "dr", "gen", "general", "mullah", "mawlawi", "ustad", "haji"}
_NOT_NAMES = {"acting", "minister", "president", "foreign", "prime", "king", "representing"}
_DATES = re.compile(r"\[(?:[A-Z]{3}[A-Z]*\s+)?([<>]?\d{6,8})(?:\s*-\s*(\d{6,8}))?\]")
_GOV_LINE = re.compile(r"^\s*((?:\{[^}]+\})+|[A-Z][^\s\[]*)\s*(.*?)\s*#\s*(.*)$")


@dataclass(frozen=True)
class Term:
    office: str
    country: str
    start: date
    end: date
    names: tuple[str, ...]
    from_leaders: bool
    open: bool = False  # "[>date]": in office at the block's last update


def source_text(repo: Path, commit: str = SOURCE_COMMIT, path: str = SOURCE_FILE) -> str:
    """The pinned file, read from the fetched snapshot's git directory or a plain copy."""
    if repo.is_file():
        return repo.read_text(encoding="utf-8", errors="replace")
    out = subprocess.run(["git", "--git-dir", str(repo), "show", f"{commit}:{path}"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8", errors="replace")


def countries(text: str) -> Iterator[tuple[str, str]]:
    """(ISO alpha-2 code, the country's block) for every block that has a code; a block that
    repeats an earlier one's CountryCode (Jersey's copy of the British cabinet) is left out."""
    seen = set()
    for block in re.findall(r"<Country>(.*?)</Country>", text, flags=re.S):
        code = re.search(r"<ISO3166-alpha2>\s*([A-Z]{2})\s*</ISO3166-alpha2>", block)
        own = re.search(r"<CountryCode>\s*(\w+)", block)
        key = own.group(1) if own else None
        if code and (key is None or key not in seen):
            seen.add(key)
            yield code.group(1), block


def section(block: str, tag: str) -> str:
    found = re.search(rf"<{tag}>(.*?)</{tag}>", block, flags=re.S)
    return found.group(1) if found else ""


def parse_day(text: str, last: bool = False) -> date | None:
    """YYYYMMDD, YYMMDD or an impossible day ("20090631", the month's end) as a date."""
    digits = text.lstrip("<>")
    if len(digits) == 6:
        digits = ("19" if int(digits[:2]) > 30 else "20") + digits
    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    if not (1 <= month <= 12) or year < 1800:
        return None
    first = date(year, month, 1)
    month_end = (first + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    if day < 1:
        return month_end if last else first
    return first.replace(day=min(day, month_end.day))


def span(start: str, end: str | None, since: date, until: date) -> tuple[date, date] | None:
    """A bracket's dates; "<" and ">" stand for the first and last update of the block."""
    if start.startswith(">"):
        begin = parse_day(start)
        return (begin, until) if begin and begin < until else None
    if start.startswith("<"):
        close = parse_day(start, last=True)
        return (since, close) if close and since < close else None
    begin, close = parse_day(start), parse_day(end, last=True) if end else None
    if begin is None:
        return None
    return begin, close or begin + timedelta(days=1)


def office_of(title: str, table: tuple[tuple[str, str], ...]) -> str | None:
    cleaned = re.sub(r'"[^"]*"|\(.*$', "", title.lower()).strip(" ,.")
    for office, pattern in table:
        if re.fullmatch(pattern, cleaned):
            return office
    return None


def leader_terms(code: str, block: str) -> Iterator[Term]:
    leaders = section(block, "Leaders")
    for tag, body in re.findall(r"<([^/>][^>]*)>(.*?)</\1>", leaders, flags=re.S):
        office = office_of(tag, LEADER_OFFICES)
        if office is None:
            continue
        for line in body.splitlines():
            names = spellings(line.split("[", 1)[0])
            brackets = re.findall(r"\[([<>]?\d{6,8})(?:\s*-\s*(\d{6,8}))?\]", line)
            for start, end in brackets:
                dates = span(start, end or None, LEADERS_UNTIL, LEADERS_UNTIL)
                if names and dates:
                    yield Term(office, code, *dates, names, True, start.startswith(">"))


def government_terms(code: str, block: str) -> Iterator[Term]:
    for line in section(block, "Government").splitlines():
        found = _GOV_LINE.match(line)
        if not found:
            continue
        raw_names, dates, titles = found.groups()
        names = spellings(raw_names)
        brackets = _DATES.findall(dates)
        titles_list = [t.strip() for t in titles.split("&")]
        if len(brackets) != len(titles_list):
            continue
        for (start, end), title in zip(brackets, titles_list, strict=True):
            office = office_of(title, GOVERNMENT_OFFICES)
            dates_ = span(start, end or None, GOVERNMENT_FROM, GOVERNMENT_UNTIL)
            if office and dates_ and names:
                yield Term(office, code, *dates_, names, False)


def spellings(raw: str) -> tuple[str, ...]:
    """Every spelling of one entry: "{ALEH_IVANOU_}{ALEG_IVANOV_}" gives two names."""
    parts = re.findall(r"\{([^}]+)\}", raw) or [raw.strip()]
    return tuple(name for name in (display_name(p) for p in parts) if name)


def display_name(raw: str) -> str:
    """Upper-case "MWAI_KIBAKI_" as "Mwai Kibaki"; honorifics dropped, particles lower-case."""
    words = [w for w in re.split(r"[_\s]+", raw.strip(" _")) if w]
    while words and words[0].lower().strip(".") in _HONORIFICS:
        words = words[1:]
    if not words or any(w.lower() in _NOT_NAMES for w in words):
        return ""
    shaped = [_word(w, first=i == 0) for i, w in enumerate(words)]
    return " ".join(shaped)


def _word(word: str, first: bool) -> str:
    if not first and word.lower() in _PARTICLES:
        return word.lower()
    return re.sub(r"[A-Za-z]+", lambda m: m.group(0).capitalize(), word.lower())


def reconcile(terms: list[Term]) -> list[Term]:
    """Heads of state and government are listed twice, in the leaders' list and in the cabinet
    lists, often spelt differently ("Alyaksandr Lukashenka", "Aleksandr Lukashenko"). A cabinet
    term of the same surname continues the leader's term under the leader's name; one of
    another surname ends a leader's open term (the successor the leaders' list has not got);
    any other overlap keeps the leaders' list."""
    leaders: dict[tuple[str, str], list[Term]] = defaultdict(list)
    others = []
    for term in terms:
        if term.from_leaders:
            leaders[(term.office, term.country)].append(term)
        else:
            others.append(term)
    kept = []
    for term in others:
        rivals = leaders.get((term.office, term.country), []) if term.office in HEADS else []
        overlapping = [r for r in rivals if r.start < term.end and term.start < r.end]
        same = [r for r in overlapping if _same_surname(r.names[0], term.names[0])]
        if same:
            rivals[rivals.index(same[0])] = replace(
                same[0], end=max(same[0].end, term.end),
                names=same[0].names + tuple(n for n in term.names if n not in same[0].names))
        elif all(r.open and r.start < term.start for r in overlapping):
            for r in overlapping:
                rivals[rivals.index(r)] = replace(r, end=term.start)
            kept.append(term)
    return [t for group in leaders.values() for t in group] + kept


def _same_surname(a: str, b: str) -> bool:
    return a.split()[-1][:4].lower() == b.split()[-1][:4].lower()


def people(terms: list[Term]) -> list[dict]:
    """One record per person (name and country), spellings pooled, roles sorted."""
    records: dict[tuple[str, str], dict] = {}
    for term in terms:
        name = term.names[0]
        record = records.setdefault((name, term.country), {
            "name": name, "country": term.country, "aliases": set(), "roles": set()})
        record["aliases"] |= set(term.names[1:])
        end = term.end.isoformat()
        record["roles"].add((term.office, term.country, term.start.isoformat(), end))
    return [{"name": r["name"], "country": r["country"],
             "aliases": sorted(r["aliases"] - {r["name"]}),
             "roles": [dict(zip(("office", "country", "start", "end"), role, strict=True))
                       for role in sorted(r["roles"], key=lambda x: (x[2], x[0], x[3]))]}
            for _, r in sorted(records.items())]


def build(text: str) -> list[dict]:
    terms = []
    for code, block in countries(text):
        terms += list(leader_terms(code, block)) + list(government_terms(code, block))
    return people(reconcile(terms))


def write(records: list[dict], output: Path) -> None:
    """Gzip without a file name or time in the header: the same records, the same bytes."""
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    with output.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw,
                                                 mtime=0, compresslevel=9) as fh:
        fh.write(lines.encode("utf-8"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--countryinfo", type=Path, default=SOURCE_REPO,
                        help="git directory of the openeventdata/CountryInfo snapshot, "
                             "or a copy of CountryInfo.120116.txt")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    records = build(source_text(args.countryinfo))
    write(records, args.output)
    roles = sum(len(r["roles"]) for r in records)
    print(f"{len(records)} people, {roles} roles -> {args.output}")


if __name__ == "__main__":
    main()
