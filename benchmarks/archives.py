"""Input-shape benchmark: reading a ZIP costs time linear in its members.

    python benchmarks/archives.py                         # 1,000 to 16,000 members
    python benchmarks/archives.py --members 1000,10000 --ingest

For each member count a ZIP of tiny articles is built under ``benchmarks/work/``; every member
is read the way ingest reads it (``iter_sources`` then ``read_source``), counting how often the
archive's directory is parsed. ``--ingest`` also times a whole ``ingest`` of the archive into a
fresh store (cleaning and extraction included, one worker). Time per member should stay flat;
before the archive was opened once it grew with the member count (10,000 members: ~9 minutes).
The table is printed and written to ``benchmarks/results-archives.md``.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
import zipfile
from pathlib import Path
from unittest import mock

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from newslens.ingest import ingest  # noqa: E402 (after the path is set)
from newslens.readers import read_source  # noqa: E402
from newslens.sources import Source, iter_sources  # noqa: E402

WORK = BENCH_DIR / "work"
RESULTS = BENCH_DIR / "results-archives.md"


def build_zip(members: int) -> Path:
    path = WORK / f"members-{members}.zip"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for number in range(members):
                archive.writestr(f"articles/{number:06d}.txt",
                                 f"Report {number}\n\nThe ministers met in Geneva on day "
                                 f"{number} and talked about trade.")
    return path


def read_all(path: Path) -> tuple[float, int, int]:
    """Seconds to read every member's records, the records, and the directory parses."""
    parses = 0
    parse = zipfile.ZipFile._RealGetContents

    def counted(archive: zipfile.ZipFile) -> None:
        nonlocal parses
        parses += 1
        parse(archive)

    started = time.perf_counter()
    with mock.patch.object(zipfile.ZipFile, "_RealGetContents", counted):
        records = sum(1 for source in iter_sources([path]) if isinstance(source, Source)
                      for _ in read_source(source, {}))
    return time.perf_counter() - started, records, parses


def ingest_seconds(path: Path, members: int) -> float:
    db = WORK / f"archives-{members}.duckdb"
    for stale in (db, db.with_suffix(".duckdb.wal")):
        stale.unlink(missing_ok=True)
    started = time.perf_counter()
    ingest([path], db, workers=1)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", default="1000,2000,4000,8000,16000")
    parser.add_argument("--ingest", action="store_true", help="also time a whole ingest")
    args = parser.parse_args()
    header = "| members | read s | µs per member | directory parses |"
    header += " ingest s | ms per member |" if args.ingest else ""
    lines = [header, "|" + "---:|" * (header.count("|") - 1)]
    for members in (int(m) for m in args.members.split(",")):
        path = build_zip(members)
        seconds, records, parses = read_all(path)
        assert records == members, (records, members)
        row = f"| {members:,} | {seconds:.2f} | {seconds / members * 1e6:.0f} | {parses} |"
        if args.ingest:
            took = ingest_seconds(path, members)
            row += f" {took:.1f} | {took / members * 1e3:.2f} |"
        lines.append(row)
        print(row, flush=True)
    table = "\n".join(lines)
    machine = platform.processor() or platform.machine()
    RESULTS.write_text(f"# Archives: time per member\n\n{machine}, Python "
                       f"{platform.python_version()}\n\n{table}\n")
    print(f"\n{table}\n\nwritten to {RESULTS}")


if __name__ == "__main__":
    main()
