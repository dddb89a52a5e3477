"""The working-day calendar: known days off 2019–2026, counting conventions, office hours.

The overrides below are the rows of parindex/calendars/data/calendar_overrides.yaml (the
calendars app checks that the database built from that file gives the same answers).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.lib.calendar import (
    EXTRA_DAY_OFF,
    MAKE_UP_WORKING_DAY,
    NOT_A_HOLIDAY,
    SCOPE_ALL,
    SCOPE_CIVIL_SERVICE,
    CalendarError,
    OfficeHours,
    Override,
    WorkingCalendar,
    package_holidays,
)

D = dt.date
SHIPPED = [
    Override(D(2019, 1, 5), MAKE_UP_WORKING_DAY, source="6519/VPCP-KGVX"),
    Override(D(2019, 5, 4), MAKE_UP_WORKING_DAY, source="6519/VPCP-KGVX"),
    Override(D(2024, 5, 4), MAKE_UP_WORKING_DAY, source="2450/VPCP-KGVX"),
    Override(D(2025, 4, 26), MAKE_UP_WORKING_DAY, source="6150/TB-BLĐTBXH"),
    Override(D(2025, 5, 2), EXTRA_DAY_OFF, source="6150/TB-BLĐTBXH"),
    Override(D(2026, 1, 2), EXTRA_DAY_OFF, source="9441/TB-BNV"),
    Override(D(2026, 8, 22), MAKE_UP_WORKING_DAY, source="9441/TB-BNV"),
    Override(D(2026, 8, 31), EXTRA_DAY_OFF, source="9441/TB-BNV"),
    Override(D(2026, 11, 24), NOT_A_HOLIDAY, scope=SCOPE_ALL, status="unverified"),
]
CAL = WorkingCalendar(SHIPPED)


def _days(year: int, *month_days: str) -> list[dt.date]:
    result = []
    for item in month_days:
        month, days = item.split("/")
        first, _sep, last = days.partition("-")
        for day in range(int(first), int(last or first) + 1):
            result.append(D(year, int(month), day))
    return result


# Weekday days off of the civil service, year by year (month/day or month/first-last).
# 2025 and 2026 are the lists of dossiers-766 §6.5 word for word.
KNOWN_DAYS_OFF = {
    # Tết 4–8/2; Hùng Kings Sun 14/4 → Mon 15/4; swap Mon 29/4 off for Sat 4/5.
    2019: _days(2019, "1/1", "2/4-8", "4/15", "4/29-30", "5/1", "9/2"),
    # Tết 23–29/1 (29 Tết to mùng 5); Hùng Kings Thu 2/4.
    2020: _days(2020, "1/1", "1/23-24", "1/27-29", "4/2", "4/30", "5/1", "9/2"),
    # Tết 10–16/2; 1/5 on Saturday → Mon 3/5; National Day's second day (since 2021) Fri 3/9.
    2021: _days(2021, "1/1", "2/10-12", "2/15-16", "4/21", "4/30", "5/3", "9/2-3"),
    # New Year on Saturday → Mon 3/1; Hùng Kings Sun 10/4 → Mon 11/4; 30/4 and 1/5 on the
    # weekend → Mon 2/5, Tue 3/5; National Day Thu 1/9 + Fri 2/9.
    2022: _days(2022, "1/3", "1/31", "2/1-4", "4/11", "5/2-3", "9/1-2"),
    # Hùng Kings Sat 29/4, 30/4 Sunday → 2/5, 3/5; National Day Fri 1/9, Sat 2/9 → Mon 4/9.
    2023: _days(2023, "1/2", "1/20", "1/23-26", "5/1-3", "9/1", "9/4"),
    # Tết 8–14/2; swap Mon 29/4 off for Sat 4/5; National Day 2/9 + 3/9.
    2024: _days(2024, "1/1", "2/8-9", "2/12-14", "4/18", "4/29-30", "5/1", "9/2-3"),
    # §6.5: 1/1, 27–31/1, 7/4, 30/4, 1/5, 2/5, 1/9, 2/9.
    2025: _days(2025, "1/1", "1/27-31", "4/7", "4/30", "5/1-2", "9/1-2"),
    # §6.5: 1/1, 2/1, 16–20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9.
    2026: _days(2026, "1/1-2", "2/16-20", "4/27", "4/30", "5/1", "8/31", "9/1-2"),
}

MAKE_UP_SATURDAYS = [D(2019, 1, 5), D(2019, 5, 4), D(2024, 5, 4), D(2025, 4, 26), D(2026, 8, 22)]


@pytest.mark.parametrize("year", sorted(KNOWN_DAYS_OFF))
def test_it_gives_the_known_weekday_days_off_of_each_year(year: int) -> None:
    """After the overrides, each year's weekday days off are exactly the known list (§6.5)."""
    assert [d.date for d in CAL.days_off(year)] == KNOWN_DAYS_OFF[year]


@pytest.mark.parametrize("day", MAKE_UP_SATURDAYS)
def test_it_makes_the_make_up_saturdays_working_days(day: dt.date) -> None:
    """Saturdays worked under a swap are working days; the neighbouring Saturdays are not."""
    assert day.weekday() == 5
    assert CAL.is_working_day(day)
    assert not CAL.is_working_day(day + dt.timedelta(days=7))
    assert not CAL.is_working_day(day + dt.timedelta(days=1))


def test_it_lists_make_up_days_with_their_source() -> None:
    """make_up_days names the weekend days worked in a year and the notice behind each."""
    [day] = CAL.make_up_days(2026)
    assert day.date == D(2026, 8, 22)
    assert "9441/TB-BNV" in day.reason


def test_it_gives_a_reason_for_every_day_off() -> None:
    """Each weekday off carries the package's holiday name or the override's source."""
    reasons = {d.date: d.reason for d in CAL.days_off(2026)}
    assert all(reasons.values())
    assert "9441/TB-BNV" in reasons[D(2026, 1, 2)]
    assert "Tết" in reasons[D(2026, 2, 17)]
    english = {d.date: d.reason for d in CAL.days_off(2026, "en")}
    assert english[D(2026, 2, 17)] == "Lunar New Year"


def test_it_cancels_the_unverified_24_november_2026() -> None:
    """24/11/2026 stays a working day while the reported Culture Day is unverified."""
    day = D(2026, 11, 24)
    assert CAL.is_working_day(day)
    # Without the override the package decides (holidays 0.109 lists the day; 0.102 did not).
    assert WorkingCalendar().is_working_day(day) == (day not in package_holidays(2026))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Across Tết 2026 (16–20/2 off).
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),
        (D(2026, 2, 23), -1, D(2026, 2, 13)),
        # Across Tết 2025 (27–31/1 off).
        (D(2025, 1, 24), 1, D(2025, 2, 3)),
        (D(2025, 1, 24), 5, D(2025, 2, 7)),
        # Across the make-up Saturday 22/8/2026 and the National Day break 31/8–2/9.
        (D(2026, 8, 21), 1, D(2026, 8, 22)),
        (D(2026, 8, 21), 2, D(2026, 8, 24)),
        (D(2026, 8, 24), -1, D(2026, 8, 22)),
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2026, 8, 20), 10, D(2026, 9, 7)),
        # Swap of 2025: Saturday 26/4 worked, Friday 2/5 off.
        (D(2025, 4, 25), 1, D(2025, 4, 26)),
        (D(2025, 4, 29), 1, D(2025, 5, 5)),
        # n = 0: the day itself when it is a working day, else the next one.
        (D(2026, 8, 22), 0, D(2026, 8, 22)),
        (D(2026, 8, 15), 0, D(2026, 8, 17)),
        (D(2026, 2, 16), 0, D(2026, 2, 23)),
        # Counting starts after start even when start is not a working day.
        (D(2026, 8, 15), 1, D(2026, 8, 17)),
        (D(2026, 8, 16), -1, D(2026, 8, 14)),
        # Across the year end.
        (D(2025, 12, 31), 1, D(2026, 1, 5)),
    ],
)
def test_it_adds_working_days(start: dt.date, n: int, expected: dt.date) -> None:
    """add_working_days skips weekends, holidays and extra days off and uses make-up days."""
    assert CAL.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2026, 2, 9), D(2026, 2, 27), 10),  # three weeks, Tết week off
        (D(2026, 8, 17), D(2026, 8, 23), 6),  # five weekdays and the make-up Saturday
        (D(2026, 8, 28), D(2026, 9, 4), 3),  # 28/8, 3/9, 4/9
        (D(2025, 1, 1), D(2025, 12, 31), 250),
        (D(2026, 1, 1), D(2026, 12, 31), 249),
        (D(2026, 8, 22), D(2026, 8, 22), 1),
        (D(2026, 8, 23), D(2026, 8, 23), 0),
        (D(2026, 3, 2), D(2026, 2, 27), 0),  # end before start
    ],
)
def test_it_counts_working_days_both_ends_included(
    start: dt.date, end: dt.date, expected: int
) -> None:
    """count_working_days includes both ends and is 0 when the end comes first."""
    assert CAL.count_working_days(start, end) == expected


def test_it_applies_only_the_overrides_of_its_scope() -> None:
    """An ``all`` calendar ignores civil-service rows; a civil-service one applies both."""
    everyone = WorkingCalendar(SHIPPED, scope=SCOPE_ALL)
    assert not everyone.is_working_day(D(2026, 8, 22))
    assert everyone.is_working_day(D(2026, 1, 2))
    assert everyone.is_working_day(D(2026, 11, 24))
    assert len(everyone.overrides) == 1


def test_it_prefers_the_civil_service_row_on_the_same_date() -> None:
    """A civil-service row beats an ``all`` row of the same date in the civil-service calendar."""
    rows = [
        Override(D(2026, 11, 24), NOT_A_HOLIDAY, scope=SCOPE_ALL),
        Override(D(2026, 11, 24), EXTRA_DAY_OFF, scope=SCOPE_CIVIL_SERVICE),
    ]
    assert not WorkingCalendar(rows).is_working_day(D(2026, 11, 24))
    assert WorkingCalendar(rows, scope=SCOPE_ALL).is_working_day(D(2026, 11, 24))


def test_it_ignores_inactive_overrides() -> None:
    """An inactive row is kept for the record and changes nothing."""
    row = Override(D(2026, 11, 25), EXTRA_DAY_OFF, scope=SCOPE_ALL, active=False)
    assert WorkingCalendar([row]).is_working_day(D(2026, 11, 25))


def test_it_refuses_bad_or_duplicate_overrides() -> None:
    """Unknown kinds and scopes and two rows for one date and scope are refused."""
    with pytest.raises(CalendarError):
        WorkingCalendar([Override(D(2026, 1, 2), "holiday")])
    with pytest.raises(CalendarError):
        WorkingCalendar([Override(D(2026, 1, 2), EXTRA_DAY_OFF, scope="province")])
    with pytest.raises(CalendarError):
        WorkingCalendar(scope="province")
    with pytest.raises(CalendarError):
        WorkingCalendar([Override(D(2026, 1, 2), EXTRA_DAY_OFF)] * 2)


def test_it_refuses_dates_outside_the_covered_years() -> None:
    """Dates the lunar calendar of the package does not cover raise CalendarError."""
    with pytest.raises(CalendarError):
        CAL.is_working_day(D(1800, 1, 1))
    with pytest.raises(CalendarError):
        CAL.add_working_days(D(2090, 1, 1), 10_000)


def test_it_gives_cumulative_ordinals_for_vectorised_counting() -> None:
    """working_day_ordinals turns a count between two dates into a subtraction."""
    first, last = D(2026, 1, 1), D(2026, 12, 31)
    ordinals = CAL.working_day_ordinals(first, last)
    assert len(ordinals) == 365
    assert ordinals[first] == 0  # 1/1 is a holiday
    assert ordinals[last] == 249
    a, b = D(2026, 2, 9), D(2026, 2, 27)
    assert ordinals[b] - ordinals[a] + CAL.is_working_day(a) == CAL.count_working_days(a, b)
    assert CAL.working_day_ordinals(last, first) == {}


# -- properties ---------------------------------------------------------------------------------

dates = st.dates(min_value=D(2018, 1, 1), max_value=D(2028, 12, 31))
steps = st.integers(min_value=-400, max_value=400)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=steps)
def test_it_always_lands_on_a_working_day(start: dt.date, n: int) -> None:
    """add_working_days never returns a weekend, holiday or extra day off."""
    assert CAL.is_working_day(CAL.add_working_days(start, n))


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=400))
def test_it_counts_back_what_it_added(start: dt.date, n: int) -> None:
    """For n ≥ 1, the days after start up to add(start, n) hold exactly n working days."""
    end = CAL.add_working_days(start, n)
    assert end > start
    assert CAL.count_working_days(start + dt.timedelta(days=1), end) == n
    assert CAL.count_working_days(start, end) == n + CAL.is_working_day(start)
    back = CAL.add_working_days(start, -n)
    assert back < start
    assert CAL.count_working_days(back, start - dt.timedelta(days=1)) == n


@settings(max_examples=300, deadline=None)
@given(start=dates, n1=steps, n2=steps)
def test_it_is_monotonic_in_n(start: dt.date, n1: int, n2: int) -> None:
    """More working days never give an earlier date; strictly later away from n = 0."""
    low, high = sorted((n1, n2))
    a, b = CAL.add_working_days(start, low), CAL.add_working_days(start, high)
    assert a <= b
    if low != high and low != 0 and high != 0:
        assert a < b


@settings(max_examples=300, deadline=None)
@given(first=dates, second=dates, n=steps)
def test_it_is_monotonic_in_the_start(first: dt.date, second: dt.date, n: int) -> None:
    """A later start never gives an earlier result."""
    early, late = sorted((first, second))
    assert CAL.add_working_days(early, n) <= CAL.add_working_days(late, n)


@settings(max_examples=200, deadline=None)
@given(a=dates, b=dates, c=dates)
def test_it_counts_additively(a: dt.date, b: dt.date, c: dt.date) -> None:
    """Counting a range equals counting its two halves, and the day-by-day sum."""
    a, b, c = sorted((a, b, c))
    whole = CAL.count_working_days(a, c)
    assert whole == CAL.count_working_days(a, b) + CAL.count_working_days(
        b + dt.timedelta(days=1), c
    )
    if (c - a).days < 120:
        days = ((a + dt.timedelta(days=i)) for i in range((c - a).days + 1))
        assert whole == sum(CAL.is_working_day(d) for d in days)


@settings(max_examples=300, deadline=None)
@given(day=dates)
def test_it_follows_the_rule_of_the_override_table(day: dt.date) -> None:
    """Every day obeys §6.7: make-up day, or weekday not off and not an uncancelled holiday."""
    rows = {o.date: o.kind for o in SHIPPED}
    kind = rows.get(day)
    holiday = day in package_holidays(day.year)
    expected = kind == MAKE_UP_WORKING_DAY or (
        day.weekday() < 5 and kind != EXTRA_DAY_OFF and (not holiday or kind == NOT_A_HOLIDAY)
    )
    assert WorkingCalendar(SHIPPED).is_working_day(day) == expected


# -- office hours -------------------------------------------------------------------------------

T = dt.datetime


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        (T(2026, 8, 20, 9, 15), T(2026, 8, 20, 9, 15)),  # during office hours: at once
        (T(2026, 8, 20, 6, 30), T(2026, 8, 20, 7, 0)),  # before 07:00 → 07:00
        (T(2026, 8, 20, 11, 30), T(2026, 8, 20, 13, 30)),  # lunch → 13:30
        (T(2026, 8, 20, 12, 45), T(2026, 8, 20, 13, 30)),
        (T(2026, 8, 20, 11, 29, 59), T(2026, 8, 20, 11, 29, 59)),
        (T(2026, 8, 20, 17, 0), T(2026, 8, 21, 7, 0)),  # after 17:00 → next working day 07:00
        (T(2026, 8, 20, 22, 10), T(2026, 8, 21, 7, 0)),
        (T(2026, 8, 21, 17, 30), T(2026, 8, 22, 7, 0)),  # Fri evening → make-up Saturday
        (T(2026, 8, 29, 10, 0), T(2026, 9, 3, 7, 0)),  # Saturday before the 31/8–2/9 break
        (T(2026, 8, 15, 10, 0), T(2026, 8, 17, 7, 0)),  # ordinary Saturday → Monday
        (T(2026, 2, 17, 9, 0), T(2026, 2, 23, 7, 0)),  # Tết
        (T(2026, 8, 20, 16, 59, 59, 500), T(2026, 8, 21, 7, 0)),  # rounds up to 17:00
    ],
)
def test_it_starts_the_clock_per_the_office_hours(
    received: dt.datetime, expected: dt.datetime
) -> None:
    """clock_start follows §6.2: before opening, lunch, after closing, days off."""
    assert CAL.clock_start(received) == expected


def test_it_applies_a_procedure_cut_off() -> None:
    """Received at or after the procedure's cut-off, the clock starts the next working day."""
    assert CAL.clock_start(T(2026, 8, 20, 15, 0), cutoff=dt.time(15)) == T(2026, 8, 21, 7, 0)
    assert CAL.clock_start(T(2026, 8, 20, 14, 59), cutoff=dt.time(15)) == T(2026, 8, 20, 14, 59)


def test_it_keeps_aware_datetimes_in_vietnam_time() -> None:
    """An aware datetime is read in Asia/Ho_Chi_Minh and answered in that zone."""
    hanoi = ZoneInfo("Asia/Ho_Chi_Minh")
    received = dt.datetime(2026, 8, 20, 10, 30, tzinfo=dt.UTC)  # 17:30 in Vietnam
    start = CAL.clock_start(received)
    assert start == dt.datetime(2026, 8, 21, 7, 0, tzinfo=hanoi)
    assert start.utcoffset() == dt.timedelta(hours=7)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (T(2026, 8, 20, 7, 0), 0, T(2026, 8, 20, 7, 0)),
        (T(2026, 8, 20, 7, 0), 4.5, T(2026, 8, 20, 11, 30)),  # ends at the lunch break
        (T(2026, 8, 20, 7, 0), 5, T(2026, 8, 20, 14, 0)),
        (T(2026, 8, 20, 7, 0), 8, T(2026, 8, 20, 17, 0)),  # 8 h = one working day
        (T(2026, 8, 20, 7, 0), 16, T(2026, 8, 21, 17, 0)),
        (T(2026, 8, 20, 9, 0), 8, T(2026, 8, 21, 9, 0)),
        (T(2026, 8, 20, 18, 0), 8, T(2026, 8, 21, 17, 0)),  # received after closing
        (T(2026, 8, 21, 9, 0), 8, T(2026, 8, 22, 9, 0)),  # make-up Saturday counts
        (T(2026, 8, 27, 9, 0), 16, T(2026, 9, 3, 9, 0)),  # 28/8, then the break
        (T(2026, 2, 12, 13, 30), 24, T(2026, 2, 24, 11, 30)),  # across Tết
        (T(2026, 8, 20, 7, 0), 8 * 30, T(2026, 10, 2, 17, 0)),
    ],
)
def test_it_adds_working_hours(start: dt.datetime, hours: float, expected: dt.datetime) -> None:
    """add_working_hours runs the clock in office hours only; 8 hours make a working day."""
    assert CAL.add_working_hours(start, hours) == expected


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=T(2019, 1, 1), max_value=T(2027, 12, 31)),
    days=st.integers(min_value=1, max_value=60),
)
def test_it_matches_working_days_when_adding_whole_days_of_hours(
    start: dt.datetime, days: int
) -> None:
    """8·n hours from the clock start end n working days later at the same office time.

    An end on the opening of a period is written as the end of the period before it (07:00 →
    17:00 the day before, 13:30 → 11:30 the same day): no office time lies between them.
    """
    clock = CAL.clock_start(start)
    end = CAL.add_working_hours(start, 8 * days)
    if clock.time() == dt.time(7, 0):
        expected = dt.datetime.combine(CAL.add_working_days(clock.date(), days - 1), dt.time(17))
    elif clock.time() == dt.time(13, 30):
        expected = dt.datetime.combine(CAL.add_working_days(clock.date(), days), dt.time(11, 30))
    else:
        expected = dt.datetime.combine(CAL.add_working_days(clock.date(), days), clock.time())
    assert end == expected


def test_it_scales_hours_to_configured_office_hours() -> None:
    """With 7 office hours a day, 8 working hours still make one day and 4 make half of it."""
    short = OfficeHours(periods=((dt.time(8), dt.time(12)), (dt.time(13), dt.time(16))))
    calendar = WorkingCalendar(SHIPPED, office_hours=short)
    assert calendar.clock_start(T(2026, 8, 20, 7, 0)) == T(2026, 8, 20, 8, 0)
    assert calendar.add_working_hours(T(2026, 8, 20, 8, 0), 8) == T(2026, 8, 20, 16, 0)
    assert calendar.add_working_hours(T(2026, 8, 20, 8, 0), 4) == T(2026, 8, 20, 11, 30)


def test_it_refuses_negative_hours_and_bad_office_hours() -> None:
    """Negative hours and overlapping or empty periods are refused."""
    with pytest.raises(CalendarError):
        CAL.add_working_hours(T(2026, 8, 20, 7, 0), -1)
    with pytest.raises(CalendarError):
        OfficeHours(periods=())
    with pytest.raises(CalendarError):
        OfficeHours(periods=((dt.time(8), dt.time(12)), (dt.time(11), dt.time(16))))
