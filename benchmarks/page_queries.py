"""Latency of every query the dashboard's pages run, and of each page's server-side render.

The pages are run for real (``streamlit.testing.v1.AppTest`` on ``app.py``) with the query cache
replaced by a recorder, so the list of queries is exactly what each page asks for, with the
arguments it builds, in four views: no filter; the most mentioned entity chosen in the sidebar;
the last 30 days; a text search on the Articles page. Each recorded query is then timed alone as
the page runs it (pooled read connection, no Streamlit cache): median and 95th percentile over
``--repeat`` runs after one warm-up. Page figures are the wall time of a whole uncached page run
(every query plus building the charts), the second of two runs.

    python benchmarks/page_queries.py benchmarks/work/pages-10k.duckdb ...
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from report import write_report  # noqa: E402

import components.cache  # noqa: E402
from newslens.store.connection import reading  # noqa: E402

PAGES = ("overview", "meetings", "network", "articles", "entity", "data")
Call = tuple[str, Callable[..., Any], str, tuple, tuple]


class Recorder:
    """Stands in for components.cache.query: runs the query uncached and remembers it."""

    def __init__(self) -> None:
        self.calls: dict[str, Call] = {}
        self.page = ""

    def __call__(self, fn: Callable[..., Any], db: Path | str, *args: Any, **kwargs: Any) -> Any:
        caller = sys._getframe(1).f_code.co_filename
        where = "sidebar" if caller.endswith("filters.py") else self.page
        name = f"{fn.__module__.rsplit('.', 1)[-1]}.{fn.__qualname__}"
        key = f"{where}|{name}|{args!r}|{sorted(kwargs.items())!r}"
        self.calls.setdefault(key, (where, fn, name, args, tuple(sorted(kwargs.items()))))
        return fn(db, *args, **kwargs)


def views(db: Path) -> dict[str, dict[str, str]]:
    """URL parameters of the four views, from what the store holds."""
    with reading(db) as con:
        name = con.execute("SELECT e.name FROM mentions m JOIN entities e USING (entity_id) "
                           "GROUP BY e.entity_id, e.name ORDER BY count(*) DESC LIMIT 1"
                           ).fetchall()[0][0]
        last = con.execute("SELECT max(published) FROM articles").fetchall()[0][0]
    return {"no filter": {}, "top entity": {"entity": name},
            "last 30 days": {"from": str(last - timedelta(days=30)), "to": str(last)},
            "text search": {"q": "bertemu"}}


def run_pages(db: Path, recorder: Recorder) -> dict[tuple[str, str], float]:
    """Run every page in every view; (view, page) -> seconds of the second, uncached run."""
    from streamlit.testing.v1 import AppTest

    os.environ["NEWSLENS_DB"] = str(db)
    seconds = {}
    for view, params in views(db).items():
        for page in PAGES:
            for _ in range(2):
                at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
                for key, value in params.items():
                    at.query_params[key] = value
                recorder.page = "overview"
                started = time.perf_counter()
                at.run()
                if page != "overview":
                    recorder.page = page
                    at.switch_page(f"app_pages/{page}.py")
                    started = time.perf_counter()
                    at.run()
                elapsed = time.perf_counter() - started
            if at.exception:
                raise RuntimeError(f"{page} ({view}) failed: {at.exception[0].message}")
            seconds[(view, page)] = elapsed
            print(f"  {db.name:<22} {view:<13} {page:<9} page run {elapsed * 1000:8.0f} ms",
                  flush=True)
    return seconds


def timed(call: Call, db: Path, repeat: int) -> list[float]:
    _, fn, _, args, kwargs = call
    fn(db, *args, **dict(kwargs))
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn(db, *args, **dict(kwargs))
        times.append((time.perf_counter() - started) * 1000)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


RECORDER = Recorder()
# one recorder for the whole run: modules that imported ``query`` keep this very object
components.cache.query = RECORDER


def measure(db: Path, repeat: int) -> dict:
    recorder = RECORDER
    recorder.calls = {}
    pages = run_pages(db, recorder)
    by_query: dict[tuple[str, str], list[float]] = {}
    for call in recorder.calls.values():
        by_query.setdefault((call[0], call[2]), []).extend(timed(call, db, repeat))
    queries = {key: (statistics.median(t), p95(t), max(t)) for key, t in by_query.items()}
    for (page, name), (median, high, _) in sorted(queries.items()):
        print(f"  {db.name:<22} {page:<9} {name:<44} median {median:7.1f}  p95 {high:7.1f} ms",
              flush=True)
    return {"pages": pages, "queries": queries}


def articles_in(db: Path) -> int:
    with reading(db) as con:
        return con.execute("SELECT count(*) FROM articles").fetchall()[0][0]


def render(results: dict[int, dict]) -> str:
    sizes = sorted(results)
    lines = ["| page | query (all calls in the four views) | "
             + " | ".join(f"{n:,}: median / p95 ms" for n in sizes) + " |",
             "|" + "---|" * (2 + len(sizes))]
    keys = sorted({k for n in sizes for k in results[n]["queries"]})
    for key in keys:
        cells = [("{:.0f} / {:.0f}".format(*results[n]["queries"][key][:2])
                  if key in results[n]["queries"] else "–") for n in sizes]
        lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    lines += ["", "| page | view | " + " | ".join(f"{n:,}: page run s" for n in sizes) + " |",
              "|" + "---|" * (2 + len(sizes))]
    for key in results[sizes[0]]["pages"]:
        cells = [f"{results[n]['pages'][key]:.2f}" for n in sizes]
        lines.append(f"| {key[1]} | {key[0]} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--output", type=Path, help="also write the table here, with the machine")
    parser.add_argument("--repeat", type=int, default=10)
    args = parser.parse_args(argv)
    results = {articles_in(db): measure(db, args.repeat) for db in args.stores}
    table = render(results)
    print(table)
    if args.output:
        write_report(args.output, "Dashboard queries and page runs", __doc__, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
