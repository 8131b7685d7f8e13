"""A newcomer's install: the built wheel in a fresh venv, with nothing from the checkout.

Every other test runs from the checkout, where app.py, app_pages/ and data/ sit beside the code
and the dev venv holds more than the package asks for. A file the wheel forgets (package-dir,
package-data) or a dependency only the dev venv happens to have would pass there and fail for
the first person who types ``pip install newslens``. So this module builds the wheel, installs
it with the pip that ``python3 -m venv`` ships (deliberately not upgraded: older resolvers must
cope too) under constraints.txt, and then uses only the installed ``newslens`` command:
``--help``, ``ingest`` and ``info``, and ``serve`` from an empty folder with an empty HOME,
driven in headless Chromium until the demo's Overview renders.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import wait_until
from tests.e2e.conftest import CHROMIUM, REPO_ROOT, SEED_FILE, _free_port, _healthy

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"needs Debian chromium at {CHROMIUM}"),
]
expect = pytest.importorskip("playwright.sync_api").expect

CONSTRAINTS = REPO_ROOT / "constraints.txt"
#: The venv's interpreter's base: the system python3, not the project's .venv.
SYSTEM_PYTHON = getattr(sys, "_base_executable", sys.executable)
PIP_TIMEOUT_S = 900
#: The first start ingests the ~450-article demo corpus before the page can show it.
SERVE_TIMEOUT_S = 120


@dataclass(frozen=True)
class Install:
    """A fresh venv holding only the wheel and its dependencies."""

    bin: Path
    site_packages: Path
    home: Path

    def env(self) -> dict[str, str]:
        """A newcomer's environment: no NEWSLENS_*, no PYTHONPATH, no checkout, an empty HOME."""
        return {"PATH": f"{self.bin}:/usr/local/bin:/usr/bin:/bin", "HOME": str(self.home),
                "LANG": "C.UTF-8", "PYTHONUNBUFFERED": "1"}


def _run(command: list[str | Path], timeout: float, **kwargs: Any) -> str:
    """Run a command; fail with its output unless it exits 0. Returns stdout."""
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL, check=False, **kwargs)
    assert done.returncode == 0, (f"{command} exited {done.returncode}\n--- stdout\n"
                                  f"{done.stdout[-4000:]}\n--- stderr\n{done.stderr[-4000:]}")
    return done.stdout


def _clean_copy(root: Path) -> Path:
    """The checkout's files as git sees them (tracked and new, not ignored): a build in the
    checkout would reuse a stale build/ folder and ship files that no longer exist."""
    listed = _run(["git", "-C", REPO_ROOT, "ls-files", "-co", "--exclude-standard", "-z"],
                  timeout=60)
    source = root / "source"
    for name in filter(None, listed.split("\0")):
        if (REPO_ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO_ROOT / name, source / name)
    return source


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Install:
    assert CONSTRAINTS.is_file(), f"{CONSTRAINTS} is missing (pip freeze --exclude-editable)"
    root = tmp_path_factory.mktemp("package")
    wheels = root / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", wheels, _clean_copy(root)],
         timeout=PIP_TIMEOUT_S)
    (wheel,) = wheels.glob("newslens-*.whl")
    venv = root / "v"
    _run([SYSTEM_PYTHON, "-m", "venv", venv], timeout=120)
    # The stock pip, the real environment (index, certificates, cache); no upgrade.
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    _run([venv / "bin" / "pip", "install", "-c", CONSTRAINTS, wheel], timeout=PIP_TIMEOUT_S,
         env=env, cwd=root)
    site = _run([venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()"
                 "['purelib'])"], timeout=60, cwd=root).strip()
    home = root / "home"
    home.mkdir()
    return Install(bin=venv / "bin", site_packages=Path(site), home=home)


def test_wheel_carries_dashboard_and_data(installed: Install) -> None:
    for part in ("newslens_dashboard/app.py", "newslens/data/demo/official-readouts.jsonl"):
        assert (installed.site_packages / part).is_file(), f"the wheel lacks {part}"


def test_cli_ingests_and_reports(installed: Install, tmp_path: Path) -> None:
    newslens = installed.bin / "newslens"
    run = {"timeout": 300, "cwd": tmp_path, "env": installed.env()}
    assert "serve" in _run([newslens, "--help"], **run)
    db = tmp_path / "seed.duckdb"
    _run([newslens, "ingest", SEED_FILE, "--db", db, "-q"], **run)
    info = _run([newslens, "info", "--db", db], **run)
    assert "articles         1" in info.splitlines(), info


def test_serve_shows_demo_overview(installed: Install, tmp_path: Path, page) -> None:
    port = _free_port()
    empty = tmp_path / "cwd"
    empty.mkdir()
    log = tmp_path / "serve.log"
    command = [str(installed.bin / "newslens"), "serve", "--port", str(port),
               "--db", str(tmp_path / "demo.duckdb")]
    with log.open("wb") as out:
        # Own process group: `newslens serve` runs streamlit as a child, both must be stopped.
        server = subprocess.Popen(command, cwd=empty, env=installed.env(), stdout=out,
                                  stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                  start_new_session=True)
    try:

        def healthy() -> bool:
            if _healthy(port):
                return True
            assert server.poll() is None, f"serve exited {server.returncode}:\n{_tail(log)}"
            return False

        wait_until(healthy, timeout=SERVE_TIMEOUT_S, interval=0.2,
                   message=lambda: f"serve to be healthy:\n{_tail(log)}")
        page.goto(f"http://127.0.0.1:{port}", wait_until="domcontentloaded")
        timeout = SERVE_TIMEOUT_S * 1000
        try:
            expect(page.get_by_text("You are looking at the demo")).to_be_visible(
                timeout=timeout)
            expect(page.get_by_test_id("stMetric").filter(has_text="Articles")).to_be_visible()
            expect(page.get_by_test_id("stHeading").filter(has_text="Overview")).to_be_visible()
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n--- server log\n{_tail(log)}") from exc
    finally:
        _stop(server)


def _tail(log: Path, chars: int = 4000) -> str:
    return log.read_text(errors="replace")[-chars:]


def _stop(server: subprocess.Popen) -> None:
    """Stop ``newslens serve`` and the streamlit it started: its whole process group."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, sig)
        with contextlib.suppress(AssertionError):  # still there after 15 s: on to SIGKILL
            wait_until(lambda: _group_gone(server), timeout=15, interval=0.1,
                       message="the serve process group to exit")
            return


def _group_gone(server: subprocess.Popen) -> bool:
    server.poll()  # reap newslens itself; streamlit is reaped by its new parent
    try:
        os.killpg(server.pid, 0)
    except ProcessLookupError:
        return True
    return False
