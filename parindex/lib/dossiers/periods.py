"""Reporting periods of dossier indicators: calendar periods and 15th-to-14th report cycles.

Framework-free. Two period systems coexist (domain note dossiers-766 §11.1): the Decision 766
dashboard uses calendar months, quarters and years; official periodic reports (Biểu số 06) cut on
the 15th: the report month ``2026-08R`` runs from 15/07/2026 to 14/08/2026, the report quarter
``2023-Q1R`` from 15/12/2022 to 14/03/2023 (Kon Tum's Q1/2023 report), the report year ``2026R``
from 15/12/2025 to 14/12/2026. Arbitrary ranges serve PAR criteria that use an assessment year.

Period codes (the CLI's ``--period``)::

    2026-08                  calendar month
    2026-Q3                  calendar quarter
    2026                     calendar year
    2026-08R, 2026-Q3R, 2026R   the same, cut from the 15th to the 14th
    2026-01-01..2026-06-30   any range of days, both ends included

A period is the half-open span of moments ``[start, end)`` with ``end`` the midnight after its
last day; ``last_day`` is that last day (Form 06 compares dates with it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from parindex.lib.i18n import _

CALENDAR = "calendar"
REPORT_CYCLE = "report_cycle_15_14"
RANGE = "range"

MONTH = "month"
QUARTER = "quarter"
YEAR = "year"

_PATTERN = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])))?(?P<report>R)?$"
)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")

CUT_DAY = 15


class PeriodError(ValueError):
    """A period code that cannot be read."""


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: its code, kind, granularity and first and last day."""

    first_day: dt.date
    last_day: dt.date
    code: str
    kind: str
    granularity: str

    @property
    def start(self) -> dt.datetime:
        """The first moment of the period (local wall-clock time)."""
        return dt.datetime.combine(self.first_day, dt.time())

    @property
    def end(self) -> dt.datetime:
        """The first moment after the period (exclusive)."""
        return dt.datetime.combine(self.last_day + dt.timedelta(days=1), dt.time())

    def label(self) -> str:
        """A human label in Vietnamese date style (01/08/2026–31/08/2026)."""
        return f"{self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y}"

    def as_dict(self) -> dict[str, str]:
        return {
            "code": self.code,
            "kind": self.kind,
            "granularity": self.granularity,
            "first_day": self.first_day.isoformat(),
            "last_day": self.last_day.isoformat(),
        }


def _month_start(year: int, month: int) -> dt.date:
    while month < 1:
        month += 12
        year -= 1
    while month > 12:
        month -= 12
        year += 1
    return dt.date(year, month, 1)


def _calendar(year: int, first_month: int, months: int) -> tuple[dt.date, dt.date]:
    first = _month_start(year, first_month)
    after = _month_start(year, first_month + months)
    return first, after - dt.timedelta(days=1)


def _report(year: int, first_month: int, months: int) -> tuple[dt.date, dt.date]:
    """15th of the month before ``first_month`` to the 14th of the last month."""
    start = _month_start(year, first_month - 1).replace(day=CUT_DAY)
    last = _month_start(year, first_month + months - 1).replace(day=CUT_DAY - 1)
    return start, last


def parse_period(code: str) -> Period:
    """The period a code names (see the module docstring); raises :class:`PeriodError`."""
    text = code.strip()
    found = _RANGE.match(text)
    if found:
        try:
            first = dt.date.fromisoformat(found.group(1))
            last = dt.date.fromisoformat(found.group(2))
        except ValueError:
            raise PeriodError(
                _("“{code}” is not a valid range of dates.").format(code=code)
            ) from None
        if last < first:
            raise PeriodError(_("The range “{code}” ends before it starts.").format(code=code))
        return Period(first, last, text, RANGE, RANGE)
    found = _PATTERN.match(text.upper())
    if not found:
        raise PeriodError(
            _(
                "“{code}” is not a period; write 2026-08, 2026-Q3, 2026, the same with R for the "
                "15th-to-14th report cycle (2026-08R), or 2026-01-01..2026-06-30."
            ).format(code=code)
        )
    year = int(found.group("year"))
    report = bool(found.group("report"))
    cut = _report if report else _calendar
    kind = REPORT_CYCLE if report else CALENDAR
    if found.group("month"):
        month = int(found.group("month"))
        if not 1 <= month <= 12:
            raise PeriodError(_("“{code}” names no month.").format(code=code))
        first, last = cut(year, month, 1)
        granularity = MONTH
    elif found.group("quarter"):
        quarter = int(found.group("quarter"))
        first, last = cut(year, 3 * quarter - 2, 3)
        granularity = QUARTER
    else:
        first, last = cut(year, 1, 12)
        granularity = YEAR
    return Period(first, last, text.upper(), kind, granularity)


def month_code(year: int, month: int, *, report: bool = False) -> str:
    return f"{year:04d}-{month:02d}{'R' if report else ''}"


def periods_covering(first: dt.date, last: dt.date, *, report: bool = False) -> Iterator[Period]:
    """Months, quarters and years of one system that overlap ``first``–``last``, in order."""
    if last < first:
        return
    years = range(first.year - (1 if report else 0), last.year + (2 if report else 1))
    found: list[Period] = []
    for year in years:
        codes = [month_code(year, m, report=report) for m in range(1, 13)]
        codes += [f"{year:04d}-Q{q}{'R' if report else ''}" for q in range(1, 5)]
        codes.append(f"{year:04d}{'R' if report else ''}")
        for code in codes:
            period = parse_period(code)
            if period.first_day <= last and period.last_day >= first:
                found.append(period)
    yield from sorted(set(found), key=lambda p: (p.granularity != MONTH, p.first_day, p.code))


def months_covering(first: dt.date, last: dt.date, *, report: bool = False) -> list[Period]:
    return [p for p in periods_covering(first, last, report=report) if p.granularity == MONTH]
