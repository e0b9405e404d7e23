"""The one home of the contract's periods: ``YYYY`` (a whole year) or ``YYYY-MM/YYYY-MM`` (part of one).

Parse, format, list the months, tell a whole year from a part, and label a period
for people ("Jan–Jun 2023"). The ETL, the checks and the dashboard all use it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PERIOD = re.compile(r"^(\d{4})(?:-(\d{2})/(\d{4})-(\d{2}))?$")


class PeriodError(ValueError):
    """A period that is neither ``YYYY`` nor ``YYYY-MM/YYYY-MM`` with months in order."""


@dataclass(frozen=True, order=True)
class Period:
    """First and last month of a span, both inclusive: (2023, 1) .. (2023, 6) is January–June 2023."""

    first: tuple[int, int]
    last: tuple[int, int]

    @property
    def year(self) -> int:
        """The contract's ``year``: the year in which the period ends."""
        return self.last[0]

    @property
    def whole_year(self) -> bool:
        return self.first == (self.last[0], 1) and self.last[1] == 12

    def months(self) -> list[str]:
        """Every month of the period as ``YYYY-MM``, in order."""
        out, (y, m) = [], self.first
        while (y, m) <= self.last:
            out.append(f"{y}-{m:02d}")
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        return out

    def __str__(self) -> str:
        return format_period(self.first[0], self.first[1], self.last[1], end_year=self.last[0])


def parse(period: str) -> Period:
    """``"2023"`` -> the whole of 2023; ``"2023-01/2023-06"`` -> January–June 2023; anything else raises."""
    match = _PERIOD.match(str(period).strip())
    if not match:
        raise PeriodError(f"{period!r} is not a period (YYYY or YYYY-MM/YYYY-MM)")
    if match[2] is None:
        year = int(match[1])
        return Period((year, 1), (year, 12))
    first, last = (int(match[1]), int(match[2])), (int(match[3]), int(match[4]))
    if not (1 <= first[1] <= 12 and 1 <= last[1] <= 12) or last < first:
        raise PeriodError(f"{period!r}: months out of range or out of order")
    return Period(first, last)


def try_parse(period: str) -> Period | None:
    try:
        return parse(period)
    except PeriodError:
        return None


def format_period(year: int, first_month: int = 1, last_month: int = 12, *, end_year: int | None = None) -> str:
    """The contract's text of a span: the whole year is ``YYYY``, a part ``YYYY-MM/YYYY-MM``."""
    end_year = year if end_year is None else end_year
    if end_year == year and first_month == 1 and last_month == 12:
        return str(year)
    return f"{year}-{first_month:02d}/{end_year}-{last_month:02d}"


def is_partial(period: str, year: int | None = None) -> bool:
    """True when ``period`` covers less than a whole calendar year (an empty period is a whole year)."""
    period = (period or "").strip()
    if not period or (year is not None and period == str(year)):
        return False
    parsed = try_parse(period)
    return parsed is not None and not parsed.whole_year


def label(period: str, year: int | None = None) -> str:
    """``"2023"`` -> "2023"; ``"2023-01/2023-06"`` -> "Jan–Jun 2023"; across years "Nov 2022–Feb 2023"."""
    parsed = try_parse(period) if period else None
    if parsed is None:
        return str(period or year or "")
    (y0, m0), (y1, m1) = parsed.first, parsed.last
    if parsed.whole_year:
        return str(y1)
    if y0 == y1:
        return f"{MONTH_ABBR[m0 - 1]} {y0}" if m0 == m1 else f"{MONTH_ABBR[m0 - 1]}–{MONTH_ABBR[m1 - 1]} {y0}"
    return f"{MONTH_ABBR[m0 - 1]} {y0}–{MONTH_ABBR[m1 - 1]} {y1}"
