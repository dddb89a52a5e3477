"""Period codes: calendar months, quarters, years, the 15th-to-14th cycle and ranges."""

from __future__ import annotations

import datetime as dt

import pytest

from parindex.lib.dossiers.periods import (
    CALENDAR,
    REPORT_CYCLE,
    PeriodError,
    months_covering,
    parse_period,
)

D = dt.date


@pytest.mark.parametrize(
    ("code", "first", "last", "kind"),
    [
        ("2026-08", D(2026, 8, 1), D(2026, 8, 31), CALENDAR),
        ("2026-Q3", D(2026, 7, 1), D(2026, 9, 30), CALENDAR),
        ("2026", D(2026, 1, 1), D(2026, 12, 31), CALENDAR),
        ("2026-08R", D(2026, 7, 15), D(2026, 8, 14), REPORT_CYCLE),
        ("2026-01R", D(2025, 12, 15), D(2026, 1, 14), REPORT_CYCLE),
        ("2023-Q1R", D(2022, 12, 15), D(2023, 3, 14), REPORT_CYCLE),  # Kon Tum's Q1/2023 report
        ("2026R", D(2025, 12, 15), D(2026, 12, 14), REPORT_CYCLE),
        ("2026-01-01..2026-06-30", D(2026, 1, 1), D(2026, 6, 30), "range"),
    ],
)
def test_it_reads_period_codes(code: str, first: dt.date, last: dt.date, kind: str) -> None:
    """Each code names its first and last day; the end is the midnight after the last day."""
    period = parse_period(code)
    assert (period.first_day, period.last_day, period.kind) == (first, last, kind)
    assert period.end == dt.datetime.combine(last + dt.timedelta(days=1), dt.time())


@pytest.mark.parametrize("code", ["2026-13", "2026-Q5", "26-08", "2026-06-30..2026-01-01", "x"])
def test_it_refuses_what_is_not_a_period(code: str) -> None:
    """Unknown months or quarters, reversed ranges and other text are refused."""
    with pytest.raises(PeriodError):
        parse_period(code)


def test_it_lists_the_report_months_of_a_span() -> None:
    """From 1/8 to 20/8/2026 the report months are 2026-08R (15/7–14/8) and 2026-09R."""
    assert [p.code for p in months_covering(D(2026, 8, 1), D(2026, 8, 20), report=True)] == [
        "2026-08R",
        "2026-09R",
    ]
