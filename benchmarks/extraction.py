"""Extraction benchmark: entity (and meeting) extraction throughput on one core and on two.

    python benchmarks/extraction.py            # (make bench runs it after the ingest benchmark)

Articles come from the scaled corpus that ``benchmarks/scale.py`` builds from the real corpora;
they are cleaned first, then only ``extract_entities`` (and ``extract_meetings`` on top) is
timed. The table is printed and written to ``benchmarks/results-extraction.md``.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR))

import scale  # noqa: E402

from newslens.articles import build_article  # noqa: E402
from newslens.extract.entities import extract_entities  # noqa: E402
from newslens.extract.meetings import extract_meetings  # noqa: E402
from newslens.knowledge.dictionary import load  # noqa: E402
from newslens.readers import read_source  # noqa: E402
from newslens.records import RawRecord  # noqa: E402
from newslens.sources import iter_sources  # noqa: E402

SIZES = (1000, 2000, 4000)
ROUNDS = 3
RESULTS = BENCH_DIR / "results-extraction.md"


def articles(limit: int) -> list[tuple[str, str | None, object, str | None]]:
    """(text, language, published, dateline) of the first ``limit`` cleaned articles."""
    scale.build(10_000, 10)
    found = []
    for source in iter_sources([scale.corpus_dir(10_000)]):
        for record in read_source(source, {}):
            if isinstance(record, RawRecord):
                article, _ = build_article(record)
                if article:
                    found.append((article.text, article.language, article.published,
                                  article.dateline))
            if len(found) >= limit:
                return found
    return found


def extract_all(batch: list[tuple], with_meetings: bool = False) -> int:
    dictionary = load()
    count = 0
    for text, language, day, dateline in batch:
        found = extract_entities(text, language, day, dictionary)
        count += len(found.mentions)
        if with_meetings:
            count += len(extract_meetings(text, language, day, dateline, found, dictionary))
    return count


def timed(batch: list, workers: int, with_meetings: bool = False) -> float:
    load()  # the dictionary is built once per process, outside the timing
    if workers == 1:
        started = time.perf_counter()
        extract_all(batch, with_meetings)
        return time.perf_counter() - started
    halves = [batch[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(extract_all, [h[:10] for h in halves]))  # warm the workers' dictionaries
        started = time.perf_counter()
        list(pool.map(extract_all, halves))
        return time.perf_counter() - started


def main() -> None:
    sample = articles(max(SIZES))
    chars = sum(len(item[0]) for item in sample) / len(sample)
    rows = [("articles: mean text size", f"{chars:,.0f} characters")]
    for size in SIZES:
        seconds = timed(sample[:size], 1)
        rows.append((f"{size:,} articles, 1 core", f"{seconds:.2f} s, {size / seconds:,.0f} "
                                                   "articles/s"))
    seconds = timed(sample, 2)
    rows.append((f"{len(sample):,} articles, 2 processes",
                 f"{seconds:.2f} s, {len(sample) / seconds:,.0f} articles/s"))
    # interleaved rounds, the fastest of each: one slow round on a shared machine is noise
    rounds = [(timed(sample, 1), timed(sample, 1, with_meetings=True)) for _ in range(ROUNDS)]
    alone, both = min(r[0] for r in rounds), min(r[1] for r in rounds)
    rows.append((f"{len(sample):,} articles, 1 core, entities + meetings",
                 f"{both:.2f} s, {len(sample) / both:,.0f} articles/s; meetings add "
                 f"{100 * (both - alone) / alone:.0f}% to entity extraction"))
    table = "\n".join(["| figure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])
    header = (f"# Extraction benchmark\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}\n\n")
    RESULTS.write_text(header + table + "\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
