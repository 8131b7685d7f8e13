"""Screenshots of every page on the bundled demo corpus, for the README (docs/screenshots/).

The demo corpus (``data/demo``) is ingested into a fresh store as a first run would, a real
``streamlit run app.py`` serves it, then headless Chromium opens each page at 1400×1800 and
saves it once the page is drawn (script finished, no placeholder left, charts painted). The
demo corpus is the data a newcomer first sees, so the pictures show what they will.

    python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from newslens.ingest import ingest  # noqa: E402
from tests.e2e.conftest import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    _start_server,
    _stop_server,
    wait_for_app_run,
)

PAGES = ("overview", "meetings", "network", "articles", "entity", "data")
VIEWPORT = {"width": 1400, "height": 1800}
TIMEOUT_MS = 300_000


def shoot(url: str, out: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT)
        page.set_default_timeout(TIMEOUT_MS)
        for name in PAGES:
            page.goto(f"{url}/{name}", timeout=TIMEOUT_MS)
            page.get_by_test_id("stHeading").filter(has_text=name.title()).first.wait_for()
            wait_for_app_run(page)
            page.get_by_test_id("stSkeleton").first.wait_for(state="detached")
            page.wait_for_timeout(2_000)  # charts paint a moment after the script ends
            page.screenshot(path=str(out / f"{name}.png"))
            print(f"  {name}: {out / f'{name}.png'}", flush=True)
        browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="newslens-shots-") as folder:
        workdir = Path(folder)
        db = workdir / "newslens.duckdb"
        ingest([REPO / "data" / "demo"], db, workers=1)
        server = _start_server(db, workdir)
        try:
            shoot(server.url, args.out)
        finally:
            _stop_server(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
