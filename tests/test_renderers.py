"""Every place text reaches the browser keeps untrusted text as text: no markup, no link, no
icon, and the text itself still visible.

The renderers are enumerated, not listed by hand: every Streamlit call in app.py, app_pages/ and
components/ that draws text is found in the source and must take its text through
components/text.py; every chart builder in components/ (a function returning a Plotly figure)
is fed the hostile corpus in every text field it draws.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import json
import re

import networkx as nx
import pandas as pd
import plotly.graph_objects as go
import pytest

from components.downloads import file_name
from components.reader import highlighted_markdown
from components.text import chart_text, plain, plain_lines
from newslens.network import annotate, build_graph
from newslens.queries.network import Pairs
from tests.conftest import ROOT
from tests.hostile import (
    HOSTILE,
    LINE_BREAKS,
    XSS,
    chart_problems,
    chart_visible,
    figure_strings,
    markdown_problems,
    markdown_text,
    shown,
)

# --- the escaping functions, one hostile text at a time -----------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_hostile_text_as_itself(text):
    source = plain(text)
    assert markdown_problems(source) == []
    assert markdown_text(source) == shown(text)


@pytest.mark.parametrize("brk", LINE_BREAKS, ids=[f"U+{ord(b[0]):04X}" for b in LINE_BREAKS])
@pytest.mark.parametrize("text", XSS)
def test_markdown_lines_keep_breaks_and_nothing_else(text, brk):
    source = plain_lines(f"{text}{brk}{text}")
    assert markdown_problems(source, allowed=frozenset({"hardbreak"})) == []
    assert markdown_text(source) == shown(f"{text} {text}")


@pytest.mark.parametrize("text", HOSTILE)
def test_chart_text_shows_hostile_text_as_itself(text):
    escaped = chart_text(text)
    assert chart_problems(escaped) == []
    assert chart_visible(escaped) == shown(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_the_reader_highlights_without_markup(text):
    body = f"{text} Vladimir Putin {text}"
    start = len(text) + 1
    mentions = pd.DataFrame({"start": [start], "end": [start + 14], "type": ["PERSON"]})
    source = highlighted_markdown(body, mentions)
    # the highlight is Streamlit's own :blue-background[…] directive, written by the reader
    assert source.count(":blue-background[") == 1
    bare = source.replace(":blue-background[", "", 1).replace("Putin]", "Putin", 1)
    assert markdown_problems(bare, allowed=frozenset({"hardbreak"})) == []
    assert markdown_text(bare) == shown(body)


@pytest.mark.parametrize("text", HOSTILE)
def test_download_names_are_plain_file_names(text):
    name = file_name(text, text, text, "csv")
    assert re.fullmatch(r"[\w.\- ]+\.csv", name), name
    assert ".." not in name


# --- every chart builder, every text field ------------------------------------------------------


def _network(texts: list[str]) -> go.Figure:
    from components.network_chart import network_figure

    ids = [f"e{i}" for i in range(len(texts))]
    nodes = pd.DataFrame({"entity_id": ids, "name": texts, "type": texts, "country": texts,
                          "units": 1, "mentions": 1})
    edges = pd.DataFrame({"source": ids[:-1], "target": ids[1:], "count": 1, "articles": 1,
                          "weight": 1.0})
    graph = annotate(build_graph(Pairs(nodes=nodes, edges=edges, units=len(texts))))
    nx.set_node_attributes(graph, {n: texts[i] for i, n in enumerate(ids)}, "community_name")
    by_community = network_figure(graph, " ".join(texts), colour_by="community")
    by_type = network_figure(graph, texts[0], colour_by="type", weight=texts[-1])
    return by_community.add_traces(by_type.data)


def _meetings(texts: list[str]) -> pd.DataFrame:
    n = len(texts)
    return pd.DataFrame({
        "meeting_id": [f"m{i}" for i in range(n)], "lane": texts, "participants": texts,
        "date": pd.date_range("2024-01-01", periods=n, freq="D"), "date_precision": texts,
        "kind": texts, "place": texts, "sources": 1, "evidence": texts})


def _articles(texts: list[str]) -> go.Figure:
    from components.overview_charts import articles_figure

    frame = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=len(texts)),
                          "articles": 1, "source": texts})
    return articles_figure(frame, "day", "source")


def _entities(texts: list[str]) -> go.Figure:
    from components.overview_charts import entities_figure

    top = pd.DataFrame({"type": [texts[i % 3] for i in range(len(texts))], "name": texts,
                        "articles": 1, "mentions": 1})
    return entities_figure(top)


def _mentions(texts: list[str]) -> go.Figure:
    from components.entity_charts import mentions_figure

    frame = pd.DataFrame({"period": pd.date_range("2024-01-01", periods=3), "mentions": 1,
                          "articles": 1})
    return mentions_figure(frame, "day", " ".join(texts))


def _entity_meetings(texts: list[str]) -> go.Figure:
    from components.entity_charts import meetings_figure
    from newslens.queries.entity import PartnerLanes

    return meetings_figure(PartnerLanes(_meetings(texts), 0), " ".join(texts))


def _timeline(texts: list[str]) -> go.Figure:
    from components.timeline import timeline_figure

    return timeline_figure(_meetings(texts), by=texts[0])


def _places(texts: list[str]) -> go.Figure:
    from components.meeting_map import places_figure

    n = len(texts)
    return places_figure(pd.DataFrame({
        "location_id": [f"l{i}" for i in range(n)], "place": texts, "kinds": texts,
        "meetings": 1, "exact": [i % 2 == 0 for i in range(n)],
        "first": pd.Timestamp("2024-01-01"), "last": pd.Timestamp("2024-02-01"),
        "latitude": 1.0, "longitude": 2.0}))


#: Each builder in components/ that returns a figure, fed a list of hostile texts in every
#: text field it draws (names, kinds, places, evidence, titles, legend entries, lanes).
CHART_BUILDERS = {
    "overview_charts.articles_figure": _articles,
    "overview_charts.entities_figure": _entities,
    "entity_charts.mentions_figure": _mentions,
    "entity_charts.meetings_figure": _entity_meetings,
    "timeline.timeline_figure": _timeline,
    "meeting_map.places_figure": _places,
    "network_chart.network_figure": _network,
}
#: Batches of the corpus: one figure draws many texts (a figure per text would take minutes).
BATCHES = [HOSTILE[i:i + 40] for i in range(0, len(HOSTILE), 40)]


def _figure_builders() -> set[str]:
    found = set()
    for path in sorted((ROOT / "components").glob("*.py")):
        module = importlib.import_module(f"components.{path.stem}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            returns = inspect.signature(fn).return_annotation
            if fn.__module__ == module.__name__ and not name.startswith("_") and \
                    returns in ("go.Figure", go.Figure):
                found.add(f"{path.stem}.{name}")
    return found


def test_every_chart_builder_is_fed_the_corpus():
    assert _figure_builders() == set(CHART_BUILDERS)


@pytest.mark.parametrize("batch", range(len(BATCHES)))
@pytest.mark.parametrize("builder", CHART_BUILDERS)
def test_chart_builders_keep_hostile_text_as_text(builder, batch):
    texts = list(BATCHES[batch])
    strings = figure_strings(json.loads(CHART_BUILDERS[builder](texts).to_json()))
    assert [p for s in strings for p in chart_problems(s)] == []
    drawn = " ".join(chart_visible(s) for s in strings)
    assert [t for t in texts if shown(t) not in drawn] == []


# --- every Streamlit call that draws text ------------------------------------------------------

#: Streamlit functions that draw text as Markdown, and the position of their text argument.
TEXT_ARGUMENTS = {
    **dict.fromkeys(("markdown", "write", "caption", "title", "header", "subheader", "info",
                     "warning", "error", "success", "toast", "metric", "button", "link_button",
                     "download_button", "expander", "popover", "checkbox", "toggle", "radio",
                     "selectbox", "multiselect", "text_input", "text_area", "number_input",
                     "date_input", "slider", "select_slider", "file_uploader", "html",
                     "spinner", "status"), 0),
    "page_link": None, "progress": None,
}
TEXT_KEYWORDS = ("body", "label", "help", "placeholder", "file_name", "text")
#: Functions whose result is safe to draw: the escapers, and builders made of them.
SAFE_CALLS = {"plain", "plain_lines", "chart_text", "file_name", "safe_filename",
              "highlighted_markdown"}
#: Text the scan cannot prove constant, each checked by reading it: (file, expression) -> why.
REVIEWED = {
    ("app_pages/articles.py", "help_text"): "two literal f-strings holding a count",
    ("app_pages/data.py", "label"): "the keys of a literal dict (the report's figures)",
    ("app_pages/overview.py", "label"): "the keys of a literal dict (the counts)",
    ("app_pages/overview.py", "DEMO_NOTE.format(articles=articles)"): "a literal with a count",
    ("components/filters.py", "label"): "_date's callers pass literals",
    ("app_pages/network.py", "fmt.upper()"): "a format name from a literal tuple",
    ("components/downloads.py", "fmt.upper()"): "a format name from a literal tuple",
    ("components/downloads.py", "f'{fmt.upper()}'"): "a format name from a literal tuple",
    ("components/downloads.py", "problem or f'Download the chart as {fmt.upper()}'"):
        "static_export_problem's literal messages, or a literal format name",
    ("components/upload.py", "field"): "an article field name from newslens.columns.FIELDS",
    ("components/reader.py",
     "'  '.join((f':{c}-background[{t.title()}]' for t, c in COLOURS.items()))"):
        "the legend's own colour directives, from the literal COLOURS",
    ("components/warmup.py",
     "f'<script>import(\"./static/js/{module}\").catch(() => {{}});</script>'"):
        "a file name of Streamlit's bundle matched by a fixed pattern, never input",
}


def _safe(node: ast.expr) -> bool:
    """Text built only of literals, numbers formatted as numbers and the escapers' output."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(v, ast.Constant) or v.format_spec is not None or _safe(v.value)
                   for v in node.values if isinstance(v, ast.Constant | ast.FormattedValue))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _safe(node.left) and _safe(node.right)
    if isinstance(node, ast.IfExp):
        return _safe(node.body) and _safe(node.orelse)
    if isinstance(node, ast.BoolOp):
        return all(_safe(v) for v in node.values)
    if isinstance(node, ast.Name):
        return node.id.isupper()  # a module constant
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "join" and \
                isinstance(func.value, ast.Constant) and len(node.args) == 1 and \
                isinstance(node.args[0], ast.GeneratorExp | ast.ListComp):
            return _safe(node.args[0].elt)
        return getattr(func, "id", getattr(func, "attr", None)) in SAFE_CALLS
    return False


def _text_arguments(call: ast.Call) -> list[ast.expr]:
    position = TEXT_ARGUMENTS[call.func.attr]  # type: ignore[attr-defined]
    texts = [call.args[position]] if position is not None and len(call.args) > position else []
    return texts + [k.value for k in call.keywords if k.arg in TEXT_KEYWORDS]


def renderer_calls() -> list[tuple[str, int, ast.expr]]:
    """(file, line, text argument) of every text-drawing Streamlit call in the dashboard."""
    found = []
    for path in [ROOT / "app.py", *sorted((ROOT / "app_pages").glob("*.py")),
                 *sorted((ROOT / "components").glob("*.py"))]:
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and \
                    call.func.attr in TEXT_ARGUMENTS and (call.args or call.keywords):
                found += [(str(path.relative_to(ROOT)), call.lineno, text)
                          for text in _text_arguments(call)]
    return found


def test_the_scan_finds_the_renderers():
    calls = renderer_calls()
    assert len(calls) > 100
    assert {file for file, _, _ in calls} >= {"app.py", "app_pages/articles.py",
                                              "app_pages/data.py", "app_pages/entity.py",
                                              "app_pages/meetings.py", "app_pages/network.py",
                                              "app_pages/overview.py",
                                              "components/share.py", "components/reader.py"}


def test_every_renderer_takes_its_text_through_components_text():
    unproven = [(file, line, ast.unparse(text)) for file, line, text in renderer_calls()
                if not _safe(text) and (file, ast.unparse(text)) not in REVIEWED]
    assert unproven == []


def test_every_reviewed_exception_still_exists():
    seen = {(file, ast.unparse(text)) for file, _, text in renderer_calls()}
    assert set(REVIEWED) - seen == set()


def test_the_scan_catches_raw_text():
    def verdicts(source: str) -> list[bool]:
        return [_safe(_text_arguments(node.value)[0]) for node in ast.parse(source).body]

    assert verdicts("st.caption(title)\nst.info(f'{name} merged')\nst.button('Open ' + n)") == [
        False, False, False]
    assert verdicts("st.caption(plain(title))\nst.info(f'{n:,} merged')") == [True, True]
