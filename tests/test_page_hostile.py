"""Every page on a store whose names, titles, sources, evidence and read-also titles are the XSS
payloads, opened by a share link whose parameters are payloads too: no element the pages draw
holds markup, a link or an icon code that came from the data, and no chart text holds a tag.

The elements are walked, not listed: every Markdown body, label and help text in the tree.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from newslens.store.connection import reading, writing
from tests.conftest import ROOT
from tests.hostile import XSS, chart_problems, figure_strings, markdown_problems

#: Markdown a page writes itself around escaped text (bold, lists, quotes, code in help).
PAGE_MARKUP = frozenset({
    "strong_open", "strong_close", "em_open", "em_close", "code_inline", "hardbreak",
    "softbreak", "bullet_list_open", "bullet_list_close", "list_item_open", "list_item_close",
    "blockquote_open", "blockquote_close"})
#: The reader's own highlight and legend directives.
READER_DIRECTIVE = re.compile(r":(blue|green|orange|violet)-background\[")
TEXT_FIELDS = ("body", "label", "help", "placeholder")


@pytest.fixture(scope="module")
def hostile_store(seed_store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed with every entity name, evidence sentence, title, source, author, dateline and
    read-also title replaced by a payload (each used once, numbered so names stay distinct)."""
    db = Path(shutil.copy(seed_store, tmp_path_factory.mktemp("hostile") / "hostile.duckdb"))
    payloads = iter(f"{p} {i}" for i, p in enumerate(XSS * 2))
    with writing(db) as con:
        for (entity_id,) in con.execute("SELECT entity_id FROM entities ORDER BY 1").fetchall():
            con.execute("UPDATE entities SET name = ?, aliases = [?] WHERE entity_id = ?",
                        [next(payloads), next(payloads), entity_id])
        rows = con.execute("SELECT meeting_id, article_id, start FROM meeting_sources").fetchall()
        for meeting_id, article_id, start in rows:
            con.execute("UPDATE meeting_sources SET evidence = ? WHERE meeting_id = ? AND "
                        "article_id = ? AND start = ?", [next(payloads), meeting_id, article_id,
                                                         start])
        con.execute("UPDATE articles SET title = ?, source = ?, author = ?, dateline = ?, "
                    "related_titles = ?", [next(payloads), next(payloads), next(payloads),
                                           next(payloads), [next(payloads) for _ in range(8)]])
    return db


def _elements(node: object) -> Iterator[object]:
    yield node
    children = getattr(node, "children", None) or {}
    for child in children.values():
        yield from _elements(child)


def _problems(at) -> list[str]:
    found = []
    for element in _elements(at._tree):
        proto = getattr(element, "proto", None)
        kind = getattr(element, "type", "")
        if proto is None or kind == "html":  # the one st.html is reviewed in test_renderers
            continue
        if kind == "plotly_chart":
            found += [p for s in figure_strings(json.loads(proto.spec)) for p in chart_problems(s)]
            continue
        for field in TEXT_FIELDS:
            text = getattr(proto, field, None)
            if isinstance(text, str) and text:
                found += markdown_problems(READER_DIRECTIVE.sub("", text), allowed=PAGE_MARKUP)
    return found


#: A crafted share link: the sidebar's notice quotes what it ignored.
LINK = {"source": "http://evil.example", "entity": "<b>x</b> www.evil.example",
        "lang": "mail@evil.example"}


#: Each page, and the selectbox that opens a detail with the value it is given (the Articles
#: and Entity pages open their first article and entity by themselves).
PAGES = {"app_pages/overview.py": None, "app_pages/articles.py": None, "app_pages/entity.py": None,
         "app_pages/data.py": None,
         "app_pages/meetings.py": ("m_meeting", "SELECT min(meeting_id) FROM meetings"),
         "app_pages/network.py": ("net_pick", "SELECT min(entity_id) FROM mentions")}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_draws_hostile_data_as_text(hostile_store, tmp_path, monkeypatch, page):
    db = Path(shutil.copy(hostile_store, tmp_path / "s.duckdb"))
    monkeypatch.setenv("NEWSLENS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params.update(LINK)
    at.run()
    assert "ignored" in " ".join(w.value for w in at.warning)
    assert _problems(at) == []
    at.switch_page(page).run()
    assert not at.exception
    if PAGES[page]:
        key, sql = PAGES[page]
        with reading(db) as con:
            at.selectbox(key=key).set_value(con.execute(sql).fetchone()[0]).run()
        assert not at.exception
    assert _problems(at) == []
