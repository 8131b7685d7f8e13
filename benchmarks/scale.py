"""Build a synthetic ingest corpus of N articles by scaling the real Detik corpora.

The base articles are the 1,840 rows of ``id-detik-2026-splits/{train,val,test}.csv`` and the
1,000 rows of ``id-detik-entity-1000/data_berita.csv`` (in ``../shared/corpora`` relative to the
repo). Row ``i`` of the output is copy ``k = i // B`` of base article ``order[i % B]`` (``B`` base
articles, shuffled once with a fixed seed so every chunk mixes both corpora and date formats).

Each copy is varied so that neither deduplication key (the URL key, the normalised-text hash)
collapses it onto another copy: a distinct host per copy (the original host and path are kept in
the path), a distinct outlet name, the date moved back by ``3 * k`` days (re-rendered in the
corpus's own format, so the date parser sees realistic input), a rotation of some frequent person
names, and a sentence naming the copy inserted after the first sentence (not appended at the end,
where a footer marker could cut it off).

Output: ``benchmarks/work/corpus-<N>/part-NNN.csv`` (header ``title,text,date,url,source``) and a
manifest ``benchmarks/work/corpus-<N>.json`` written last, beside the folder (inside it, it would
be ingested too); a corpus whose manifest exists is reused, not rebuilt.

    python benchmarks/scale.py --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import re
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

csv.field_size_limit(sys.maxsize)

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
WORK = BENCH_DIR / "work"
CORPORA = REPO.parent / "shared" / "corpora"
SPLITS = ("train", "val", "test")
HEADER = ("title", "text", "date", "url", "source")
DEFAULT_SIZE = 100_000
DEFAULT_FILES = 10
SEED = 20260524

# frequent surnames in the two corpora; copy k rotates them by k places
NAMES = ("Prabowo", "Gibran", "Purbaya", "Trump", "Marquez", "Bagnaia", "Acosta", "Bezzecchi",
         "Jokowi", "Tito", "Saifullah")
OUTLETS = ("Warta", "Kabar", "Suara", "Harian", "Berita", "Pos", "Lensa", "Gema", "Sinar",
           "Pelita", "Fajar", "Media", "Swara")
ID_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
ID_MONTHS = ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des")
_ID_MONTH_NUM = {m.lower(): i for i, m in enumerate(ID_MONTHS, 1)}
_ID_DATE = re.compile(r"^\s*\w+,\s*(\d{1,2})\s+(\w+)\s+(\d{4})\s+(\d{1,2}):(\d{2})\s*(\w*)\s*$")
_NUM_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})\s*$")
_FIRST_SENTENCE = re.compile(r"[.!?][\"'”’)]?\s")
_NAME_RE = re.compile(r"\b(" + "|".join(NAMES) + r")\b")


class CorporaMissing(SystemExit):
    pass


@dataclass(frozen=True)
class Base:
    title: str
    text: str
    date: str
    url: str
    fmt: str  # "id" (Selasa, 26 Mei 2026 19:35 WIB) or "mdy" (10/21/2025 20:43)


def load_bases(corpora: Path = CORPORA) -> list[Base]:
    """Read the real articles, in a fixed shuffled order."""
    files = [corpora / "id-detik-2026-splits" / f"{s}.csv" for s in SPLITS]
    files.append(corpora / "id-detik-entity-1000" / "data_berita.csv")
    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        raise CorporaMissing(
            "benchmarks/scale.py: the shared corpora are missing, so no benchmark corpus can be "
            f"built.\nExpected them under {corpora} (../shared/corpora relative to the repo); "
            "missing:\n  " + "\n  ".join(missing))
    bases: list[Base] = []
    for path in files[:-1]:
        with path.open(encoding="utf-8", newline="") as fh:
            bases += [Base(r["judul"], r["isi"], r["tanggal"], r["url"], "id")
                      for r in csv.DictReader(fh)]
    with files[-1].open(encoding="utf-8", newline="") as fh:
        bases += [Base(r["judul"], r["isi_berita"], r["tanggal"], r["tautan"], "mdy")
                  for r in csv.DictReader(fh)]
    random.Random(SEED).shuffle(bases)
    return bases


def shift_date(value: str, fmt: str, days: int) -> str:
    """Move a date back ``days`` days, written in the same format; unknown shapes kept as is."""
    if not days or not value.strip():
        return value
    if fmt == "id" and (m := _ID_DATE.match(value)) and m.group(2).lower() in _ID_MONTH_NUM:
        at = datetime(int(m.group(3)), _ID_MONTH_NUM[m.group(2).lower()], int(m.group(1)),
                      int(m.group(4)), int(m.group(5))) - timedelta(days=days)
        zone = f" {m.group(6)}" if m.group(6) else ""
        return (f"{ID_DAYS[at.weekday()]}, {at.day:02d} {ID_MONTHS[at.month - 1]} {at.year} "
                f"{at.hour:02d}:{at.minute:02d}{zone}")
    if fmt == "mdy" and (m := _NUM_DATE.match(value)):
        at = datetime(int(m.group(3)), int(m.group(1)), int(m.group(2)),
                      int(m.group(4)), int(m.group(5))) - timedelta(days=days)
        return f"{at.month}/{at.day}/{at.year} {at.hour}:{at.minute:02d}"
    return value


def swap_names(text: str, k: int) -> str:
    shift = k % len(NAMES)
    if not shift:
        return text
    return _NAME_RE.sub(lambda m: NAMES[(NAMES.index(m.group(1)) + shift) % len(NAMES)], text)


def outlet(k: int) -> tuple[str, str]:
    """(outlet name, host) of copy k."""
    word = OUTLETS[k % len(OUTLETS)]
    return f"{word} Nusantara {k:03d}", f"{word.lower()}{k:03d}.example.com"


def mark_copy(text: str, k: int, name: str) -> str:
    """Insert a sentence naming the copy after the first sentence of the first line."""
    sentence = f"Laporan ini dimuat ulang oleh {name}, salinan nomor {k}."
    first_line_end = text.find("\n")
    if first_line_end < 0:
        first_line_end = len(text)
    m = _FIRST_SENTENCE.search(text, 0, first_line_end)
    cut = m.end() if m else first_line_end
    glue = "" if m else " "
    return f"{text[:cut]}{glue}{sentence} {text[cut:].lstrip(' ')}".rstrip(" ")


def copy_row(base: Base, k: int) -> tuple[str, str, str, str, str]:
    name, host = outlet(k)
    parts = urlsplit(base.url.strip())
    path = f"/{parts.hostname or 'nohost'}{parts.path or '/'}"
    url = f"https://{host}{path}" + (f"?{parts.query}" if parts.query else "")
    text = mark_copy(swap_names(base.text, k), k, name)
    return (swap_names(base.title, k), text, shift_date(base.date, base.fmt, 3 * k), url, name)


def rows(bases: list[Base], n: int) -> Iterator[tuple[str, str, str, str, str]]:
    for i in range(n):
        yield copy_row(bases[i % len(bases)], i // len(bases))


def corpus_dir(n: int) -> Path:
    return WORK / f"corpus-{n}"


def build(n: int, files: int = DEFAULT_FILES, force: bool = False, quiet: bool = False) -> dict:
    """Build (or reuse) the corpus of ``n`` articles; return its manifest."""
    folder = corpus_dir(n)
    manifest_path = WORK / f"corpus-{n}.json"
    if manifest_path.is_file() and not force:
        manifest = json.loads(manifest_path.read_text())
        if manifest.get("articles") == n and folder.is_dir():
            if not quiet:
                print(f"corpus of {n:,} articles: cached in {folder}", file=sys.stderr)
            return manifest
    bases = load_bases()
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    manifest_path.unlink(missing_ok=True)
    per_file = -(-n // max(1, files))
    text_bytes = csv_bytes = written = 0
    part = 0
    generator = rows(bases, n)
    while written < n:
        path = folder / f"part-{part:03d}.csv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(HEADER)
            for row in _take(generator, min(per_file, n - written)):
                writer.writerow(row)
                text_bytes += len(row[1].encode("utf-8"))
                written += 1
        csv_bytes += path.stat().st_size
        part += 1
    # the real corpora repeat some URLs; copy k of two rows with one URL is still one article
    distinct = len({(bases[i % len(bases)].url.strip(), i // len(bases)) for i in range(n)})
    manifest = {
        "articles": n, "files": part, "base_articles": len(bases),
        "base_distinct_urls": len({b.url.strip() for b in bases}), "expected_distinct": distinct,
        "copies": -(-n // len(bases)), "text_bytes": text_bytes, "csv_bytes": csv_bytes,
        "seed": SEED, "built": datetime.now().isoformat(timespec="seconds"),
    }
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    if not quiet:
        print(f"corpus of {n:,} articles: built in {folder} ({part} files, "
              f"{csv_bytes / 1e6:,.1f} MB)", file=sys.stderr)
    return manifest


def _take(it: Iterator, count: int) -> Iterator:
    for _ in range(count):
        yield next(it)


def parse_sizes(spec: str) -> list[int]:
    sizes = [int(s.replace("_", "")) for s in spec.split(",") if s.strip()]
    if not sizes or any(s <= 0 for s in sizes):
        raise argparse.ArgumentTypeError(f"--sizes wants positive integers, got {spec!r}")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=[DEFAULT_SIZE],
                        help=f"comma-separated article counts (default {DEFAULT_SIZE})")
    parser.add_argument("--files", type=int, default=DEFAULT_FILES,
                        help=f"CSV files per corpus (default {DEFAULT_FILES})")
    parser.add_argument("--force", action="store_true", help="rebuild even if cached")
    args = parser.parse_args(argv)
    for n in args.sizes:
        manifest = build(n, args.files, args.force)
        print(json.dumps(manifest))
    return 0


if __name__ == "__main__":
    sys.exit(main())
