"""The browser-side preload of the chart library: the module it names exists in the installed
Streamlit (a renamed chunk would silently lose the preload), and it is sent once per session."""

from __future__ import annotations

from components.warmup import _FRONTEND_JS, _chart_module
from tests.conftest import open_app_page


def test_the_preloaded_module_is_the_frontends_plotly_chunk():
    module = _chart_module()
    assert module is not None, f"no PlotlyChart.*.js under {_FRONTEND_JS}"
    assert (_FRONTEND_JS / module).stat().st_size > 1_000_000


def _preload_scripts(at) -> list[str]:
    return [h.proto.body for h in at.get("html") if "PlotlyChart" in h.proto.body]


def test_the_preload_is_sent_on_the_first_run_of_a_session_only(seeded, monkeypatch):
    # a first run on Overview, then Data
    at = open_app_page(monkeypatch, seeded, "app_pages/data.py")
    assert _preload_scripts(at) == []
    at.session_state["_chart_library_preloaded"] = False
    at.run()
    assert len(_preload_scripts(at)) == 1
