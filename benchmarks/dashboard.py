"""The running dashboard on a large store: time to show each page in headless Chromium, and the
server's peak memory.

A real ``streamlit run app.py`` serves the store; in one browser session Chromium goes to every
page through the sidebar as an analyst does (first visit, so nothing is cached yet, then a second
visit that the query cache answers), timed from the click until the page is drawn: the script
run has finished, no element is still a placeholder and every chart is drawn. In brackets, the
time until the script run had finished (the rest is the browser drawing, and on a first chart
page loading plotly.js; browser and server share the machine's two cores). The server's peak
resident memory is read from /proc (VmHWM) at the end.

Before the tour, a colleague opens a shared link to each page (the store's last 30 days, as in
benchmarks/page_queries.py, so no query of it is cached yet) in a fresh browser of their own
(new context: no cache, no cookies, no session), timed from the address being entered until
the page is drawn: what opening a shared link costs on a server that is already running.

    python benchmarks/dashboard.py benchmarks/work/pages-1m.duckdb
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
sys.path.insert(0, str(REPO))

from report import write_report  # noqa: E402

from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _start_server,
    _stop_server,
    wait_for_app_run,
)

PAGES = ("overview", "meetings", "network", "articles", "entity", "data")
TIMEOUT_MS = 600_000
#: The analyst's first glance at the landing page, while the server loads in the background
#: what pages need once per process (components/warmup.py).
WARM_UP_MS = 5_000


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _script_done(page) -> None:
    page.wait_for_timeout(300)
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=TIMEOUT_MS)


def _drawn(page) -> None:
    """No placeholder left and every Plotly chart drawn (plotly.js loads with the first)."""
    page.get_by_test_id("stSkeleton").first.wait_for(state="detached", timeout=TIMEOUT_MS)
    charts = page.get_by_test_id("stPlotlyChart")
    for i in range(charts.count()):
        charts.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=TIMEOUT_MS)


def visit(page, name: str) -> tuple[float, float]:
    """Seconds from a click on the page's link in the sidebar until the script run has ended
    (the server's part), and until the page is fully drawn."""
    started = time.perf_counter()
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=name.title()).click()
    page.get_by_test_id("stHeading").filter(has_text=name.title()).first.wait_for(
        timeout=TIMEOUT_MS)
    _script_done(page)
    script = time.perf_counter() - started
    _drawn(page)
    return time.perf_counter() - started, script


def shared_filter(db: Path) -> str:
    """The link's filter: the store's last 30 days (a window no page has asked for yet)."""
    from newslens.store.connection import reading

    with reading(db) as con:
        last = con.execute("SELECT max(published) FROM articles").fetchall()[0][0]
    return f"from={last - timedelta(days=30)}&to={last}"


def shared_link(browser, url: str, name: str) -> float:
    """Seconds for a fresh browser (its own context) to show ``url`` fully drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    started = time.perf_counter()
    page.goto(url, timeout=TIMEOUT_MS)
    page.get_by_test_id("stHeading").filter(has_text=name.title()).first.wait_for(
        timeout=TIMEOUT_MS)
    _script_done(page)
    _drawn(page)
    seconds = time.perf_counter() - started
    context.close()
    return seconds


def measure(db: Path, workdir: Path) -> dict:
    from playwright.sync_api import sync_playwright

    link_filter = shared_filter(db)
    server = _start_server(db, workdir)
    seconds: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {}
    shared: dict[str, float] = {}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                                 args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(f"{server.url}/data", timeout=TIMEOUT_MS)  # the frame, not yet the pages
            wait_for_app_run(page)
            page.wait_for_timeout(WARM_UP_MS)
            for name in PAGES:
                shared[name] = shared_link(browser, f"{server.url}/{name}?{link_filter}",
                                           name)
                print(f"  {db.name:<22} {name:<9} shared link, fresh browser "
                      f"{shared[name]:6.2f} s", flush=True)
            for name in PAGES:
                first = visit(page, name)
                visit(page, "data" if name != "data" else "articles")
                again = visit(page, name)
                seconds[name] = (first, again)
                print(f"  {db.name:<22} {name:<9} first {first[0]:6.2f} s (run {first[1]:.2f})"
                      f"   cached {again[0]:6.2f} s (run {again[1]:.2f})", flush=True)
            browser.close()
        peak = peak_rss_mb(server.process.pid)
    finally:
        _stop_server(server)
    print(f"  {db.name:<22} server peak memory {peak:,.0f} MB", flush=True)
    return {"pages": seconds, "shared": shared, "peak_mb": peak}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("stores", type=Path, nargs="+")
    parser.add_argument("--output", type=Path, help="also write the table here, with the machine")
    parser.add_argument("--workdir", type=Path, default=BENCH_DIR / "work")
    args = parser.parse_args(argv)
    results = {db.name: measure(db, args.workdir) for db in args.stores}
    lines = ["| store | " + " | ".join(f"{p}: first (run) / cached (run) s" for p in PAGES)
             + " | server peak MB |", "|" + "---|" * (len(PAGES) + 2)]
    for name, r in results.items():
        cells = ["{:.2f} ({:.2f}) / {:.2f} ({:.2f})".format(*r["pages"][p][0], *r["pages"][p][1])
                 for p in PAGES]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {r['peak_mb']:,.0f} |")
    lines += ["", "| store | " + " | ".join(f"{p}: shared link, fresh browser s" for p in PAGES)
              + " |", "|" + "---|" * (len(PAGES) + 1)]
    for name, r in results.items():
        lines.append(f"| {name} | " + " | ".join(f"{r['shared'][p]:.2f}" for p in PAGES) + " |")
    table = "\n".join(lines)
    print(table)
    if args.output:
        write_report(args.output, "The dashboard in a browser", __doc__, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
