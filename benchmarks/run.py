"""Ingest benchmark: time ``newslens.ingest.ingest`` on a scaled corpus and report the figures.

    python benchmarks/run.py                      # 100,000 articles (make bench)
    python benchmarks/run.py --sizes 10000        # quick run
    python benchmarks/run.py --sizes 10000,100000

For each size the corpus is built (or reused) by ``benchmarks/scale.py`` under
``benchmarks/work/``; then, each in a fresh Python process so that no run starts warm and peak
memory is per run:

* a first ingest of the corpus folder into a fresh DuckDB file, twice: with ``workers=1`` and
  ``workers=2``, each into its own fresh store;
* a re-ingest of the same folder into the store of the first run, with the same ``workers``
  (should add nothing).

``--repeat R`` runs each first ingest R times (each into a fresh store) and reports the fastest,
which helps on a shared machine; the CPU used by other processes during each run (from
/proc/stat) is reported too, so a contended run can be told apart. The merge into the store is
timed separately by wrapping ``newslens.ingest.merge_stage`` in the child process (measurement
only; newslens is not changed).

The table is printed and written to ``benchmarks/results.md`` with the machine it ran on.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(BENCH_DIR))

import scale  # noqa: E402

from newslens import fulltext  # noqa: E402

RESULTS = BENCH_DIR / "results.md"


# ---------------------------------------------------------------------------------------------
# one timed ingest, run in a child process


def _store_bytes(db: Path) -> int:
    """The store file, its write-ahead log and its full-text index folder."""
    index = fulltext.index_folder(db)
    files = [db, db.with_name(db.name + ".wal"), *(index.glob("*") if index.is_dir() else [])]
    return sum(p.stat().st_size for p in files if p.is_file())


def _remove_store(db: Path) -> None:
    for p in (db, db.with_name(db.name + ".wal")):
        p.unlink(missing_ok=True)
    shutil.rmtree(fulltext.index_folder(db), ignore_errors=True)


def child(spec: dict) -> dict:
    """Time one ingest call and describe the store it left; returns a JSON-able dict."""
    import resource
    from collections import Counter

    import duckdb

    import newslens.ingest as ingest_module
    from newslens import settings

    folder, db = Path(spec["folder"]), Path(spec["db"])
    if spec["fresh"]:
        _remove_store(db)
    before = _store_bytes(db)
    kwargs = {"workers": spec["workers"]}

    # measurement only: note when the store merge starts and ends, and sample memory
    phase: dict[str, float] = {}
    sampler = _RssSampler()
    real_merge = getattr(ingest_module, "merge_stage", None)
    if real_merge is not None:
        def timed_merge(*args, **kw):
            phase["merge_start"], phase["rss_before_merge"] = time.perf_counter(), sampler.peak
            try:
                return real_merge(*args, **kw)
            finally:
                phase["merge_end"] = time.perf_counter()
        ingest_module.merge_stage = timed_merge
    cpu_before, machine_before = _cpu_seconds(), _machine_busy_seconds()
    sampler.start()
    started = time.perf_counter()
    report = ingest_module.ingest([folder], db, **kwargs)
    seconds = time.perf_counter() - started
    sampler.stop()
    cpu = _cpu_seconds() - cpu_before
    machine_busy = _machine_busy_seconds() - machine_before
    self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    merge = phase.get("merge_end", 0) - phase.get("merge_start", 0) if phase else None

    severities = Counter(i.severity for i in report.issues)
    reasons = Counter(_reason_kind(i.reason) for i in report.issues)
    con = duckdb.connect(str(db), read_only=True)
    try:
        stored = con.execute("""
            SELECT count(*), count(DISTINCT source), count(published), min(published)::VARCHAR,
                   max(published)::VARCHAR, count(raw_text), sum(chars),
                   count(DISTINCT url_key), count(DISTINCT text_hash),
                   coalesce(sum(strlen(text)), 0), coalesce(sum(strlen(raw_text)), 0)
            FROM articles""").fetchone()
        origins = con.execute("SELECT count(*) FROM origins").fetchone()[0]
        languages = con.execute("SELECT coalesce(language, '?'), count(*) FROM articles "
                                "GROUP BY ALL ORDER BY 2 DESC LIMIT 4").fetchall()
    finally:
        con.close()
    return {
        "seconds": seconds, "merge_seconds": merge,
        "rss_before_merge": phase.get("rss_before_merge"), "cpu_seconds": cpu,
        "others_cpu": max(0.0, machine_busy - cpu) / seconds, "files": report.files,
        "records": report.records,
        "articles": report.articles, "added": report.added, "skipped": report.skipped,
        "duplicates": report.duplicates, "issues": len(report.issues),
        "severities": dict(severities), "top_reasons": reasons.most_common(5),
        "store_bytes_before": before, "store_bytes": _store_bytes(db),
        "stored": dict(zip(("articles", "sources", "dated", "first_date", "last_date",
                            "with_raw_text", "text_chars", "url_keys", "text_hashes",
                            "text_bytes", "raw_text_bytes"),
                           stored, strict=True)),
        "origins": origins, "languages": languages,
        "peak_rss_self": self_rss, "peak_rss_children": child_rss,
        "settings": {s.name: settings.get(s.name) for s in settings.SETTINGS
                     if s.name not in ("db", "bundled_data")},
    }


class _RssSampler:
    """Samples this process's resident memory every 0.2 s in a thread; keeps the peak."""

    def __init__(self) -> None:
        import threading
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while True:
            self.peak = max(self.peak, _rss_now())
            if self._stop.wait(0.2):
                return


def _rss_now() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _cpu_seconds() -> float:
    """CPU time of this process and its finished children (the cleaning workers)."""
    import resource
    own, kids = (resource.getrusage(resource.RUSAGE_SELF),
                 resource.getrusage(resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _machine_busy_seconds() -> float:
    """CPU seconds spent busy by the whole machine so far (all cores), from /proc/stat."""
    try:
        fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    # user, nice, system, irq, softirq (not idle, iowait, or steal by the hypervisor)
    busy = sum(fields[i] for i in (0, 1, 2, 5, 6) if i < len(fields))
    return busy / os.sysconf("SC_CLK_TCK")


def _reason_kind(reason: str) -> str:
    """An issue reason with its specifics dropped, for counting kinds of issue."""
    return reason.split("'")[0].split(":")[0].strip()[:80]


def run_child(folder: Path, db: Path, workers: int | None, fresh: bool) -> dict:
    spec = {"folder": str(folder), "db": str(db), "workers": workers, "fresh": fresh}
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child",
                           json.dumps(spec)], cwd=scale.WORK, capture_output=True, text=True)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"benchmark run failed ({spec}); exit code {proc.returncode}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------------------------------
# the machine


def machine() -> list[tuple[str, str]]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    import duckdb
    return [
        ("date", datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")),
        ("CPU", cpu),
        ("cores", f"{os.cpu_count()} logical" + (f" ({usable} usable by this process)"
                                                 if usable and usable != os.cpu_count() else "")),
        ("RAM", ram),
        ("OS", f"{platform.system()} {platform.release()} {platform.machine()}"),
        ("Python", platform.python_version()),
        ("DuckDB", duckdb.__version__),
        ("newslens commit", _git_commit()),
    ]


def _git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--", "newslens"], cwd=REPO,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (newslens/ has uncommitted changes)" if dirty else "")


# ---------------------------------------------------------------------------------------------
# the benchmark


def bench_size(n: int, files: int, repeat: int) -> dict:
    manifest = scale.build(n, files)
    folder = scale.corpus_dir(n)
    configs = [1, 2]
    runs = []
    for workers in configs:
        db = scale.WORK / f"store-{n}-w{workers}.duckdb"
        label = f"ingest, workers={workers}"
        tries = []
        for attempt in range(repeat):
            _progress(f"{n:,} articles: {label}" + (f" (run {attempt + 1}/{repeat})"
                                                     if repeat > 1 else "") + " ...")
            result = run_child(folder, db, workers, fresh=True)
            _progress(f"  {result['seconds']:.1f} s, "
                      f"{result['records'] / result['seconds']:,.0f} articles/s, added "
                      f"{result['added']:,}; other processes used "
                      f"{result['others_cpu']:.2f} cores meanwhile")
            tries.append(result)
        best = min(tries, key=lambda r: r["seconds"])
        best["all_seconds"] = [r["seconds"] for r in tries]
        best["all_others"] = [r["others_cpu"] for r in tries]
        # the store left on disk is the last run's; all runs store the same articles
        runs.append((label, db, best))
    first_db = runs[0][1]
    _progress(f"{n:,} articles: re-ingest into {first_db.name} ...")
    again = run_child(folder, first_db, configs[0], fresh=False)
    _progress(f"  {again['seconds']:.1f} s, added {again['added']:,}")
    return {"n": n, "manifest": manifest, "runs": runs, "again": again,
            "again_label": f"re-ingest, workers={configs[0]}"}


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _mb(b: float) -> str:
    return f"{b / 1e6:,.1f} MB"


def _rss(r: dict) -> str:
    text = _mb(r["peak_rss_self"])
    if r.get("rss_before_merge"):
        text += f"; {_mb(r['rss_before_merge'])} before the merge"
    if r["peak_rss_children"] > 0:
        text += f"; largest worker process {_mb(r['peak_rss_children'])}"
    return text


def _merge(r: dict) -> str:
    if r.get("merge_seconds") is None:
        return "not measured (ingest no longer calls newslens.ingest.merge_stage)"
    return (f"{r['merge_seconds']:,.1f} s ({r['merge_seconds'] / r['seconds']:.0%}); "
            f"read + clean + stage {r['seconds'] - r['merge_seconds']:,.1f} s")


def table(result: dict) -> tuple[list[tuple[str, str]], list[str]]:
    """Rows of the figure | value table, and notes on anything that looked wrong."""
    n, m = result["n"], result["manifest"]
    text_bytes = m["text_bytes"]
    rows = [
        ("corpus: articles (CSV rows)", f"{n:,} in {m['files']} CSV files "
         f"({m['base_articles']:,} real articles × up to {m['copies']} varied copies)"),
        ("corpus: CSV size on disk", _mb(m["csv_bytes"])),
        ("corpus: raw text (UTF-8 bytes of the text column)",
         f"{_mb(text_bytes)} ({text_bytes / n:,.0f} bytes/article)"),
    ]
    notes: list[str] = []
    for label, _db, r in result["runs"]:
        secs = r["seconds"]
        added = r["added"]
        per_article = r["store_bytes"] / added if added else float("nan")
        stored = r["stored"]
        rows += [
            (f"{label}: wall time", f"{secs:,.1f} s" + (
                f" (fastest of {len(r['all_seconds'])}: "
                + ", ".join(f"{t:.1f}" for t in r["all_seconds"]) + " s)"
                if len(r["all_seconds"]) > 1 else "")),
            (f"{label}: of which the store merge (one transaction)", _merge(r)),
            (f"{label}: CPU time used (all its processes)", f"{r['cpu_seconds']:,.1f} s "
             f"({r['cpu_seconds'] / secs:.2f} cores busy on average)"),
            (f"{label}: CPU used by other processes meanwhile",
             ", ".join(f"{x:.2f} cores" for x in r["all_others"])),
            (f"{label}: throughput", f"{r['records'] / secs:,.0f} articles/s "
             f"({text_bytes / secs / 1e6:,.2f} MB of text/s)"),
            (f"{label}: records read / added / duplicates",
             f"{r['records']:,} / {added:,} / {r['duplicates']:,}"),
            (f"{label}: issues", _issues(r)),
            (f"{label}: store size on disk (with its full-text index)", f"{_mb(r['store_bytes'])} "
             f"({per_article:,.0f} bytes/article)"),
            (f"{label}: store size / raw text size", f"{r['store_bytes'] / text_bytes:.2f}×"),
            (f"{label}: of which stored text payload",
             f"text {_mb(stored['text_bytes'])} + raw_text copies "
             f"{_mb(stored['raw_text_bytes'])} ({stored['with_raw_text']:,} articles)"),
            (f"{label}: peak memory (RSS)", _rss(r)),
        ]
        if r["records"] != n:
            notes.append(f"{label}: read {r['records']:,} records of {n:,} CSV rows.")
        expected = m.get("expected_distinct", n)
        if added != expected:
            notes.append(f"{label}: {added:,} articles added, {expected:,} expected "
                         f"({r['duplicates']:,} taken as duplicates).")
        if stored["dated"] < 0.99 * stored["articles"]:
            notes.append(f"{label}: {stored['articles'] - stored['dated']:,} stored articles "
                         "have no publication date.")
    first = result["runs"][0][2]
    for label, _db, r in result["runs"][1:]:
        if r["stored"]["articles"] != first["stored"]["articles"]:
            notes.append(f"{label} stored {r['stored']['articles']:,} articles but "
                         f"{result['runs'][0][0]} stored {first['stored']['articles']:,}.")
        rows.append((f"{label}: speed-up over {result['runs'][0][0]}",
                     f"{first['seconds'] / r['seconds']:.2f}×"))
    a, again = result["again"], result["again_label"]
    growth = a["store_bytes"] - a["store_bytes_before"]
    rows += [
        (f"{again} (same folder, into the first store): wall time", f"{a['seconds']:,.1f} s"),
        (f"{again}: throughput", f"{a['records'] / a['seconds']:,.0f} articles/s"),
        (f"{again}: added / duplicates", f"{a['added']:,} / {a['duplicates']:,}"),
        (f"{again}: store growth", f"{growth:+,} bytes ({_mb(a['store_bytes'])} in all)"),
    ]
    if a["added"] != 0:
        notes.append(f"re-ingest added {a['added']:,} articles; it should add none.")
    if m.get("expected_distinct", n) < n:
        notes.append(f"duplicates are expected: the real corpora hold {m['base_articles']:,} "
                     f"rows but only {m['base_distinct_urls']:,} distinct URLs, so "
                     f"{n - m['expected_distinct']:,} of the {n:,} generated rows repeat "
                     "another row's URL.")
    s = first["stored"]
    notes.append(f"store check ({result['runs'][0][0]}): {s['articles']:,} articles, "
                 f"{s['sources']:,} sources, {s['dated']:,} dated "
                 f"({s['first_date']} → {s['last_date']}), {s['with_raw_text']:,} keep a "
                 f"raw_text copy, {first['origins']:,} origin rows; languages "
                 + ", ".join(f"{lang} {count:,}" for lang, count in first["languages"]) + ".")
    return rows, notes


def _issues(r: dict) -> str:
    if not r["issues"]:
        return "none"
    by_severity = ", ".join(f"{v:,} {k}" for k, v in sorted(r["severities"].items()))
    kinds = "; ".join(f"{count:,}× {kind}" for kind, count in r["top_reasons"][:3])
    return f"{r['issues']:,} ({by_severity}): {kinds}"


def render(results: list[dict], command: str) -> str:
    lines = ["# Ingest benchmark", "",
             f"Command: `{command}` — corpus built by `benchmarks/scale.py` from "
             "`../shared/corpora` (id-detik-2026-splits + id-detik-entity-1000), each run in "
             "a fresh process, timed with `time.perf_counter` around "
             "`newslens.ingest.ingest([folder], db)`.", "",
             "## Machine", "", "| | |", "|---|---|"]
    lines += [f"| {k} | {v} |" for k, v in machine()]
    settings = results[0]["runs"][0][2]["settings"] if results else {}
    if settings:
        lines += ["", "newslens settings in effect: "
                  + ", ".join(f"`{k}={v}`" for k, v in settings.items()) + "."]
    for result in results:
        rows, notes = table(result)
        lines += ["", f"## {result['n']:,} articles", "", "| figure | value |", "|---|---|"]
        lines += [f"| {figure} | {value} |" for figure, value in rows]
        if notes:
            lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        print(json.dumps(child(json.loads(argv[1]))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=scale.parse_sizes, default=[scale.DEFAULT_SIZE],
                        help=f"comma-separated corpus sizes (default {scale.DEFAULT_SIZE})")
    parser.add_argument("--files", type=int, default=scale.DEFAULT_FILES,
                        help=f"CSV files per corpus (default {scale.DEFAULT_FILES})")
    parser.add_argument("--repeat", type=int, default=1,
                        help="timed runs per ingest configuration; the fastest is reported")
    parser.add_argument("--output", type=Path, default=RESULTS,
                        help="markdown file to write (default benchmarks/results.md)")
    args = parser.parse_args(argv)
    scale.WORK.mkdir(parents=True, exist_ok=True)
    results = [bench_size(n, args.files, max(1, args.repeat)) for n in args.sizes]
    command = "python benchmarks/run.py" + (
        "" if args.sizes == [scale.DEFAULT_SIZE] else
        f" --sizes {','.join(str(n) for n in args.sizes)}") + (
        f" --repeat {args.repeat}" if args.repeat > 1 else "")
    text = render(results, command)
    print(text)
    args.output.write_text(text, encoding="utf-8")
    _progress(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
