"""Time on a chart: the period chosen for a span, a chosen period that would draw too many bars,
and the range fitted to the bulk of the dates."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from newslens.periods import (
    MAX_PERIODS,
    auto_grain,
    choose_grain,
    fit_dates,
    period_end,
    periods,
)


@pytest.mark.parametrize(("first", "last", "grain"), [
    (None, None, "day"),
    (date(2016, 2, 18), date(2016, 2, 18), "day"),
    (date(2020, 1, 1), date(2020, 3, 1), "day"),
    (date(2020, 1, 1), date(2021, 6, 1), "week"),
    (date(2010, 1, 1), date(2019, 1, 1), "month"),
    (date(1990, 1, 1), date(2020, 1, 1), "year"),
])
def test_auto_grain_is_the_finest_that_keeps_the_chart_readable(first, last, grain):
    assert auto_grain(first, last) == grain
    assert choose_grain("auto", first, last) == grain
    assert choose_grain("fortnight; DROP TABLE", first, last) == grain


def test_a_chosen_grain_is_kept_while_the_chart_stays_drawable():
    first, last = date(2020, 1, 1), date(2021, 6, 1)
    assert choose_grain("day", first, last) == "day"
    assert choose_grain("year", first, last) == "year"


def test_a_chosen_grain_that_draws_too_many_bars_gives_way():
    first = date(1950, 1, 1)
    last = first + timedelta(days=MAX_PERIODS * 7 + 30)  # too many days and weeks
    assert periods("day", first, last) > MAX_PERIODS
    assert choose_grain("day", first, last) == "month"


@pytest.mark.parametrize(("start", "grain", "end"), [
    (date(2024, 2, 1), "month", date(2024, 2, 29)),
    (date(2024, 12, 1), "month", date(2024, 12, 31)),
    (date(2024, 1, 1), "year", date(2024, 12, 31)),
    (date(2024, 1, 1), "week", date(2024, 1, 7)),
    (date(2024, 1, 1), "day", date(2024, 1, 1)),
])
def test_a_period_ends_on_its_last_day(start, grain, end):
    assert period_end(start, grain) == end


def _season(n: int = 40) -> list[date]:
    return [date(2025, 3, 1) + timedelta(days=3 * i) for i in range(n)]


def test_a_season_with_outliers_decades_away_is_fitted_to_the_season():
    fit = fit_dates([*_season(), date(1970, 1, 1), date(1971, 6, 1), date(2099, 1, 1)])
    assert (fit.first, fit.last) == (date(2025, 3, 1), date(2025, 3, 1) + timedelta(days=117))
    assert fit.left_out == 3
    assert (fit.earliest, fit.latest) == (date(1970, 1, 1), date(2099, 1, 1))


def test_dates_spread_evenly_are_all_kept():
    years = [date(1990 + i, 6, 1) for i in range(30)]
    fit = fit_dates(years)
    assert fit.left_out == 0 and (fit.first, fit.last) == (years[0], years[-1])


def test_one_day_keeps_its_neighbouring_years():
    fit = fit_dates([date(2024, 5, 1)] * 10 + [date(2023, 1, 1), date(2025, 12, 20)])
    assert fit.left_out == 0 and fit.last == date(2025, 12, 20)
    assert fit_dates([date(2024, 5, 1)] * 10 + [date(2030, 1, 1)]).left_out == 1


def test_no_dates_no_fit():
    assert fit_dates([]) is None
