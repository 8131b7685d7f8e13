"""Cleaning stages, one behaviour per test: dates, chrome, read-also, URLs, outlets, language."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from newslens.clean.boilerplate import lift_read_also, strip_chrome
from newslens.clean.dates import numeric_order, parse_date
from newslens.clean.encoding import UndecodableError, decode, fix_text
from newslens.clean.language import language_of
from newslens.clean.layout import find_dateline
from newslens.clean.outlets import outlet_name
from newslens.clean.urls import BadUrl, clean_url, url_key
from tests.conftest import SEED


@pytest.mark.parametrize("text, day, precision", [
    ("18 Februari 2016", date(2016, 2, 18), "day"),
    ("18 Februari 2016,", date(2016, 2, 18), "day"),
    ("2016-02-18T10:00:00Z", date(2016, 2, 18), "time"),
    ("2016-02-18", date(2016, 2, 18), "day"),
    ("Feb 18, 2016", date(2016, 2, 18), "day"),
    ("Thursday, February 18, 2016", date(2016, 2, 18), "day"),
    ("Selasa, 26 Mei 2026 19:35 WIB", date(2026, 5, 26), "time"),
    ("Jum'at, 29 Mei 2026", date(2026, 5, 29), "day"),
    ("bulan Januari 2015", date(2015, 1, 1), "month"),
    ("January 2015", date(2015, 1, 1), "month"),
    ("2015-01", date(2015, 1, 1), "month"),
    ("2015", date(2015, 1, 1), "year"),
    ("18.02.2016", date(2016, 2, 18), "day"),
    ("le 18 février 2016", date(2016, 2, 18), "day"),
])
def test_dates_parse_with_precision(text, day, precision):
    parsed = parse_date(text)
    assert (parsed.day, parsed.precision) == (day, precision)


@pytest.mark.parametrize("text", ["", "hello", "0000-00-00", "9999-12-31", "2016-02-30",
                                  "1066-10-14", "x" * 500])
def test_impossible_dates_are_refused(text):
    assert parse_date(text) is None


def test_time_is_kept_as_written():
    assert parse_date("Selasa, 26 Mei 2026 19:35 WIB").at == datetime(2026, 5, 26, 19, 35)


def test_iso_text_at_its_precision():
    assert [parse_date(t).iso() for t in ("2015", "Januari 2015", "18 Feb 2016")] == \
        ["2015", "2015-01", "2016-02-18"]


def test_numeric_order_is_settled_by_the_column():
    month_first = ["10/21/2025 20:43", "3/4/2025 10:00"]
    assert numeric_order(month_first) is False
    assert parse_date("3/4/2025", day_first=numeric_order(month_first)).day == date(2025, 3, 4)
    assert numeric_order(["21/10/2025"]) is True


def test_chrome_lines_and_footer_are_removed():
    page = ("News Ticker\nTitle\n\nBody one.\nSCROLL TO CONTINUE WITH CONTENT\nBody two.\n\n"
            "About Site (12 Articles)\nTagline\nLeave a Reply\n")
    assert strip_chrome(page) == "Title\n\nBody one.\nBody two."


def test_footer_marker_as_first_line_does_not_empty_the_page():
    assert strip_chrome("Comments\nThe story itself.") == "Comments\nThe story itself."


@pytest.mark.parametrize("text, titles", [
    ("A said so. (Baca juga: Iran (Lagi) Menang) B.", ["Iran (Lagi) Menang"]),
    ("A.\nRead also: Talks resume\nB.", ["Talks resume"]),
    ("A.\nSimak juga Video 'Menteri: Harga Stabil':\nB.", ["Menteri: Harga Stabil"]),
    ("A. [Related: One] B. (See also: Two)", ["One", "Two"]),
    ("Lihat juga bagaimana mereka bekerja.", []),
])
def test_read_also_links_are_lifted(text, titles):
    lifted = lift_read_also(text)
    assert lifted.related_titles == titles
    for title in titles:
        assert title not in lifted.text


@pytest.mark.parametrize("line, place, outlet", [
    ("MOSKOW, ARRAHMAHNEWS.COM – Menteri", "MOSKOW", "ARRAHMAHNEWS.COM"),
    ("WASHINGTON (AP) — The", "WASHINGTON", "AP"),
    ("Jakarta, CNN Indonesia -- Presiden", "Jakarta", "CNN Indonesia"),
    ("JAKARTA - Presiden", "JAKARTA", None),
])
def test_datelines(line, place, outlet):
    found = find_dateline(line)
    assert (found.place, found.outlet) == (place, outlet)


def test_no_dateline_in_ordinary_prose():
    assert find_dateline("Presiden Joko Widodo - baru saja") is None


def test_outlet_spelled_as_the_site_spells_itself():
    assert outlet_name("ARRAHMAHNEWS.COM", None, "About ArrahmahNews (3 Articles)") == \
        "ArrahmahNews"
    assert outlet_name(None, "https://news.detik.com/berita/d-1", "") == "detikcom"
    assert outlet_name(None, "https://www.unknown-outlet.co.uk/a", "") == "unknown-outlet.co.uk"
    assert outlet_name("CNN Indonesia", None, "") == "CNN Indonesia"
    assert outlet_name("CNN Indonesia", "https://www.kompas.com/a", "") == "Kompas"  # URL first


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<script>", "ftp://x.org",
                                 "https://exa mple.com", "http://localhost", "//no-scheme.com"])
def test_non_http_urls_are_refused(url):
    with pytest.raises(BadUrl):
        clean_url(url)


def test_url_key_ignores_scheme_www_slash_and_tracking():
    assert url_key("http://www.Example.com/a/?utm_source=x&id=3#top") == \
        url_key("https://example.com/a?id=3")


def test_language_given_or_detected():
    assert language_of("en-GB", None, "") == "en"
    body = SEED.read_text(encoding="utf-8")[300:700]
    assert language_of(None, "Menteri bertemu", body) == "id"
    assert language_of(None, "Ministers meet", "The ministers met in Moscow on Tuesday and "
                       "called for closer cooperation against terrorism.") == "en"
    assert language_of(None, None, "too short") is None


def test_decode_and_fix():
    assert decode("Bogotá".encode("cp1252") + b" is a city in Colombia, " * 3).startswith("Bogotá")
    assert decode(b"\xef\xbb\xbfhello") == "hello"
    assert fix_text("rÃ©sumÃ©") == "résumé"
    assert fix_text("e\u0301") == "é"
    with pytest.raises(UndecodableError):
        decode(b"\x00\x01\x02\x03" * 1000)
