"""Time on a chart: which period (day, week, month or year) suits a span of dates, and which
dates most of a chart's marks fall in.

An analyst reads a count per period: a few hundred bars at most. And a season of meetings
stays readable when three misdated ones lie decades away only if the chart fits the bulk and
says what it left off.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

AUTO = "auto"
GRAINS = ("day", "week", "month", "year")
#: Days per period, as the longest the period can be (a month of 31 days, a leap year).
PERIOD_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
#: Automatic choice: the finest grain that keeps a chart under about this many bars.
READABLE_PERIODS = 120
#: A chosen grain gives way to a coarser one beyond this many bars (20 years of days).
MAX_PERIODS = 3000


def periods(grain: str, first: date | None, last: date | None) -> int:
    """How many periods of ``grain`` the dates from ``first`` to ``last`` reach into."""
    days = (last - first).days if first and last else 0
    return days // PERIOD_DAYS[grain] + 1


def auto_grain(first: date | None, last: date | None) -> str:
    """The finest of day, week, month or year that keeps a time chart readable."""
    return next((g for g in GRAINS[:-1] if periods(g, first, last) <= READABLE_PERIODS), "year")


def choose_grain(requested: str, first: date | None, last: date | None) -> str:
    """The analyst's grain, or the automatic one for "auto" (or a value that is no grain); a
    grain that would draw more than ``MAX_PERIODS`` bars gives way to the finest that fits."""
    if requested not in GRAINS:
        return auto_grain(first, last)
    fitting = [g for g in GRAINS[GRAINS.index(requested):]
               if periods(g, first, last) <= MAX_PERIODS]
    return fitting[0] if fitting else "year"


@dataclass(frozen=True)
class DateFit:
    """The dates a chart is drawn over, and the marks left outside them."""

    first: date
    last: date
    left_out: int
    earliest: date
    latest: date


#: Marks further from the median than this many median deviations are far from the bulk...
SPREAD = 8
#: ...and never nearer than two years: only marks decades away crush a chart, and a
#: neighbouring year stays in view.
MIN_REACH_DAYS = 730


def fit_dates(dates: Iterable[date]) -> DateFit | None:
    """The range of the dates near the bulk (median ± ``SPREAD`` median absolute deviations),
    robust to up to half of them being misdated; None when there are no dates."""
    days = sorted(d.toordinal() for d in dates)
    if not days:
        return None
    middle = statistics.median(days)
    deviation = statistics.median(abs(d - middle) for d in days)
    reach = max(SPREAD * deviation, MIN_REACH_DAYS)
    kept = [d for d in days if abs(d - middle) <= reach]
    return DateFit(date.fromordinal(kept[0]), date.fromordinal(kept[-1]),
                   len(days) - len(kept), date.fromordinal(days[0]),
                   date.fromordinal(days[-1]))


def period_end(start: date, grain: str) -> date:
    """The last day of the period of ``grain`` that begins on ``start``."""
    if grain == "year":
        return date(start.year, 12, 31)
    if grain == "month":
        following = date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return following - timedelta(days=1)
    return start + timedelta(days=PERIOD_DAYS[grain] - 1)
