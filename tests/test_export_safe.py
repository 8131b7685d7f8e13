"""Exported cells never run as spreadsheet formulas; every export format holds any text and
reads back, with a strict parser, as the text it was; file names never escape a folder.

Read back means: the csv module (dashboard and ``newslens export`` CSV), openpyxl (XLSX), json
(JSON, JSON Lines), lxml and networkx (GraphML, GEXF). The documented differences
(newslens.export.safe) are re-derived here from Unicode categories, not from its patterns, and
Excel's cell limit from UTF-16.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Callable

import networkx as nx
import openpyxl
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from newslens.export import tables
from newslens.export.safe import safe_cell, safe_filename
from newslens.export.sheets import csv_bytes, frame_rows, json_bytes, xlsx_bytes
from newslens.network import gexf_bytes, graphml_bytes
from newslens.presentation import labels
from tests.hostile import CONTROLS, HOSTILE, LINE_BREAKS, placements


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\nx"),
    ("-12.5", "-12.5"), ("+3", "+3"), ("plain", "plain"), (42, 42), (None, None), ("", ""),
    ("-inf", "'-inf"), ("-nan", "'-nan"),
])
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd", "etc_passwd"), ("report 2016.csv", "report 2016.csv"),
    ("<script>.csv", "script_.csv"), ("", "export"), ("...", "export"),
])
def test_safe_filename(name, expected):
    assert safe_filename(name) == expected


# --- every export format, read back strictly ---------------------------------------------------

#: What starts a formula in some spreadsheet program (full-width forms included).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_BREAKS = {b for b in LINE_BREAKS if len(b) == 1}


def documented(text: str) -> str:
    """``text`` as every export writes it: line breaks as LF; other control characters (Unicode
    category Cc, tab kept) and what XML 1.0 cannot hold as U+FFFD."""
    def one(ch: str) -> str:
        if ch in _BREAKS:
            return "\n"
        if (ch != "\t" and unicodedata.category(ch) in ("Cc", "Cs")) or ch in "\ufffe\uffff":
            return "\ufffd"
        return ch
    return "".join(one(ch) for ch in text.replace("\r\n", "\n"))


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return text.strip() == text and text.lower().lstrip("+-") not in ("inf", "nan", "infinity")


def _frame(texts: list[str]):
    return frame_rows(pd.DataFrame({"value": texts}))


def _csv_rows(data: str) -> list[str]:
    limit = csv.field_size_limit(max(len(data), 131_072))  # a long body is one field
    try:
        header, *rows = csv.reader(io.StringIO(data, newline=""), strict=True)
    finally:
        csv.field_size_limit(limit)
    assert header in (["value"], labels(["value"])) and all(len(row) == 1 for row in rows), rows
    return [row[0] for row in rows]


def _dashboard_csv(texts: list[str]) -> list[str]:
    return _csv_rows(csv_bytes(_frame(texts)).decode("utf-8-sig"))


def _dashboard_xlsx(texts: list[str]) -> list[str]:
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(_frame(texts)))).active
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type != "f" for cell in cells)
    return ["" if cell.value is None else str(cell.value) for cell in cells]


def _cli_csv(texts: list[str]) -> list[str]:
    out = io.StringIO(newline="")
    assert tables._write_csv(out, ["value"], iter([[(t,) for t in texts]])) == len(texts)
    return _csv_rows(out.getvalue())


def _graph(texts: list[str]) -> nx.Graph:
    graph = nx.Graph()
    graph.add_nodes_from((f"n{i}", {"label": t, "type": t}) for i, t in enumerate(texts))
    graph.add_edges_from((f"n{i}", f"n{i + 1}", {"weight": 1.0}) for i in range(len(texts) - 1))
    return graph


def _xml(write: Callable[[nx.Graph], bytes], read: Callable) -> Callable[[list[str]], list[str]]:
    def round_trip(texts: list[str]) -> list[str]:
        data = write(_graph(texts))
        etree.fromstring(data, etree.XMLParser(recover=False))  # raises on invalid XML
        back = read(io.BytesIO(data))
        assert [back.nodes[f"n{i}"]["type"] for i in range(len(texts))] == \
            [back.nodes[f"n{i}"]["label"] for i in range(len(texts))]
        return [back.nodes[f"n{i}"]["label"] for i in range(len(texts))]
    return round_trip


#: Spreadsheet formats: text as documented, with a formula's start neutralised.
SPREADSHEETS = {"dashboard csv": _dashboard_csv, "dashboard xlsx": _dashboard_xlsx,
                "newslens export csv": _cli_csv}
#: Graph formats: text as documented.
GRAPHS = {"graphml": _xml(graphml_bytes, nx.read_graphml), "gexf": _xml(gexf_bytes, nx.read_gexf)}
#: Formats for tools: every text exactly.
EXACT = {
    "dashboard json": lambda texts: [r["value"] for r in json.loads(json_bytes(_frame(texts)))],
    "newslens export jsonl": lambda texts: [json.loads(line)["value"] for line in _jsonl(texts)],
}
FORMATS = {**SPREADSHEETS, **GRAPHS, **EXACT}


def _jsonl(texts: list[str]) -> list[str]:
    out = io.StringIO()
    tables._write_jsonl(out, ["value"], iter([[(t,) for t in texts]]))
    return out.getvalue().splitlines()


#: Excel's most UTF-16 units in a cell; a longer XLSX cell is cut to fit and says so.
XLSX_LIMIT = 32_767
_CUT = re.compile(r"(.*)… \[truncated: ([\d,]+) more characters; CSV and JSON exports hold "
                  r"the full text\]", re.DOTALL)


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fitted(cell: str, whole: str) -> bool:
    """Whether an XLSX cell holds ``whole`` as documented: as it is if it fits Excel's limit,
    else a start of it that (nearly) fills the cell, then how many characters are cut."""
    if _units(whole) <= XLSX_LIMIT:
        return cell == whole
    found = _CUT.fullmatch(cell)
    if found is None:
        return False
    kept, omitted = found[1], int(found[2].replace(",", ""))
    return (whole.startswith(kept) and omitted == len(whole) - len(kept)
            and XLSX_LIMIT - 8 <= _units(cell) <= XLSX_LIMIT)


def assert_round_trip(fmt: str, texts: list[str]) -> None:
    back = FORMATS[fmt](texts)
    assert len(back) == len(texts)
    if fmt in EXACT:
        assert back == texts
        return
    expected = [documented(t) for t in texts]
    if fmt in GRAPHS:
        assert back == expected
        return
    same = fitted if fmt == "dashboard xlsx" else str.__eq__
    for cell, text in zip(back, expected, strict=True):
        assert same(cell, text) or (same(cell, "'" + text) and text.startswith(FORMULA_START))
        assert not cell.startswith(FORMULA_START) or _is_number(cell), cell[:100]


# no lone surrogates: the readers reject them, so no store holds one (tests/data/bad)
hostile_text = st.text(st.one_of(st.characters(codec="utf-8"), st.sampled_from(
    [*FORMULA_START, *_BREAKS, *CONTROLS, "\ufffe", "'", '"', ",", " "])))
# an article body past Excel's cell limit: a random text repeated to a length near it or far
long_text = st.tuples(hostile_text.filter(bool), st.integers(XLSX_LIMIT - 100, XLSX_LIMIT + 100)
                      | st.integers(1, 4 * XLSX_LIMIT)).map(
    lambda piece_length: (piece_length[0] * piece_length[1])[:piece_length[1]])


@pytest.mark.parametrize("fmt", FORMATS)
@given(texts=st.lists(hostile_text | long_text, min_size=1, max_size=5))
def test_every_format_reads_back_random_text(fmt, texts):
    assert_round_trip(fmt, texts)


@pytest.mark.parametrize("ch", CONTROLS + LINE_BREAKS,
                         ids=[f"U+{ord(c[0]):04X}{'+LF' if len(c) > 1 else ''}"
                              for c in CONTROLS + LINE_BREAKS])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_control_character_in_every_format(fmt, ch):
    assert_round_trip(fmt, list(placements(ch)))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_hostile_corpus_in_every_format(fmt):
    assert_round_trip(fmt, list(HOSTILE))


def test_a_carriage_return_cannot_start_a_row_with_a_formula():
    rows = _dashboard_csv(["x\r=HYPERLINK(\"http://evil.example\")", "=1+1"])
    assert rows == ["x\n=HYPERLINK(\"http://evil.example\")", "'=1+1"]


# --- long cells ---------------------------------------------------------------------------------

#: Kinds of long text: one UTF-16 unit a character or two (the cut must not split a pair), a
#: formula start (its ``'`` counts), line breaks, and a list cell written as JSON.
LONG = {"ascii": "article body ", "cyrillic": "переговоры ", "emoji": "\U0001f91d",
        "emoji after one ascii": "a\U0001f91d", "formula start": "=1+1 ", "line breaks": "a\r\n"}
LENGTHS = (XLSX_LIMIT - 1, XLSX_LIMIT, XLSX_LIMIT + 1, 2 * XLSX_LIMIT, 10 * XLSX_LIMIT)


@pytest.mark.parametrize("length", LENGTHS)
@pytest.mark.parametrize("kind", LONG)
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_of_long_text_in_every_format(fmt, kind, length):
    """Past Excel's limit an XLSX cell is cut, with a marker; every other format keeps it all."""
    assert_round_trip(fmt, [(LONG[kind] * length)[:length]])


@pytest.mark.parametrize("length", LENGTHS)
def test_a_long_list_cell_fits_in_xlsx(length):
    names = ["name"] * (length // 7)
    cell = openpyxl.load_workbook(io.BytesIO(xlsx_bytes(frame_rows(pd.DataFrame(
        {"participants": [names]}))))).active.cell(2, 1).value
    assert fitted(cell, json.dumps(names))
