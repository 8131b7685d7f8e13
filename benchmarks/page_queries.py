"""Latency of every query the dashboard's pages run, on stores of growing size.

Each query runs as the page runs it (a fresh read-only connection per call, no Streamlit
cache), with the arguments an analyst's first visit and typical filters produce. Figures are the
median and the 95th percentile over ``--repeat`` runs, after one warm-up run (the operating
system's file cache is warm, as on a server that has been up for a while).

    python benchmarks/page_queries.py benchmarks/work/pages-10k.duckdb ...
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from newslens.filters import Filters  # noqa: E402
from newslens.queries import options  # noqa: E402
from newslens.queries.articles import (  # noqa: E402
    ArticleQuery,
    article_meetings,
    article_mentions,
    count_articles,
    get_article,
    list_articles,
    meeting_kinds,
)
from newslens.queries.summary import ingest_log, summarise  # noqa: E402
from newslens.store.connection import reading  # noqa: E402


@dataclass(frozen=True)
class Probe:
    """What the queries need to look like an analyst's: a busy entity, a recent month, ..."""

    top_entity: str
    top_country: str
    article_id: str
    last_day: object
    month: Filters


def probe(db: Path) -> Probe:
    with reading(db) as con:
        top = con.execute("SELECT entity_id FROM mentions GROUP BY 1 ORDER BY count(*) DESC "
                          "LIMIT 1").fetchall()[0][0]
        country = con.execute("SELECT e.country FROM mentions m JOIN entities e USING "
                              "(entity_id) WHERE e.type = 'COUNTRY' GROUP BY 1 "
                              "ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
        last = con.execute("SELECT max(published) FROM articles").fetchall()[0][0]
        article = con.execute("SELECT article_id FROM articles WHERE published = ? LIMIT 1",
                              [last]).fetchall()[0][0]
    return Probe(top, country, article, last, Filters(start=last - timedelta(days=30), end=last))


Query = tuple[str, str, Callable[[Path], object]]


def queries(p: Probe) -> list[Query]:
    """(page, query, call) for every query a page runs, with typical arguments."""
    entity = Filters(entities=(p.top_entity,))
    country = Filters(countries=(p.top_country,))
    return [
        ("sidebar", "date bounds", options.date_bounds),
        ("sidebar", "sources", options.sources),
        ("sidebar", "languages", options.languages),
        ("sidebar", "countries", options.countries),
        ("sidebar", "entity options", lambda db: options.entity_options(db, [])),
        ("articles", "count, no filter", lambda db: count_articles(db, ArticleQuery())),
        ("articles", "page 1, no filter", lambda db: list_articles(db, ArticleQuery())),
        ("articles", "page 1, last 30 days",
         lambda db: list_articles(db, ArticleQuery(filters=p.month))),
        ("articles", "count, top entity",
         lambda db: count_articles(db, ArticleQuery(filters=entity))),
        ("articles", "page 1, top entity",
         lambda db: list_articles(db, ArticleQuery(filters=entity))),
        ("articles", "count, top country",
         lambda db: count_articles(db, ArticleQuery(filters=country))),
        ("articles", "count, text search",
         lambda db: count_articles(db, ArticleQuery(search="bertemu"))),
        ("articles", "count, text search, last 30 days",
         lambda db: count_articles(db, ArticleQuery(search="bertemu", filters=p.month))),
        ("articles", "meeting kinds", meeting_kinds),
        ("articles", "reader: article", lambda db: get_article(db, p.article_id)),
        ("articles", "reader: mentions", lambda db: article_mentions(db, p.article_id)),
        ("articles", "reader: meetings", lambda db: article_meetings(db, p.article_id)),
        ("data", "store summary", summarise),
        ("data", "ingest log", ingest_log),
    ]


def timed(call: Callable[[Path], object], db: Path, repeat: int) -> list[float]:
    call(db)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        call(db)
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(db: Path, repeat: int) -> dict[tuple[str, str], tuple[float, float]]:
    """(page, query) -> (median ms, p95 ms)."""
    figures = {}
    for page, name, call in queries(probe(db)):
        times = timed(call, db, repeat)
        figures[(page, name)] = (statistics.median(times), p95(times))
        print(f"  {db.name:<24} {page:<9} {name:<36} median {figures[(page, name)][0]:8.1f} ms"
              f"  p95 {figures[(page, name)][1]:8.1f} ms", flush=True)
    return figures


def articles_in(db: Path) -> int:
    with reading(db) as con:
        return con.execute("SELECT count(*) FROM articles").fetchall()[0][0]


def render(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    head = "| page | query | " + " | ".join(f"{n:,}: median / p95 ms" for n in sizes) + " |"
    lines = [head, "|" + "---|" * (2 + len(sizes))]
    for key in results[sizes[0]]:
        cells = [f"{results[n][key][0]:.0f} / {results[n][key][1]:.0f}" for n in sizes]
        lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args(argv)
    results = {articles_in(db): measure(db, args.repeat) for db in args.stores}
    print(render(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
