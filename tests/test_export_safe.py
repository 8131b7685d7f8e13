"""Exported cells never run as spreadsheet formulas; file names never escape a folder."""

from __future__ import annotations

import pytest

from newslens.export.safe import safe_cell, safe_filename


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+cmd", "'+cmd"), ("-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"),
    ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
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
