"""The dossier clock: worked examples around holidays, the 2025 regime change and 766 rules.

Office hours 07:00–11:30 and 13:30–17:00 (8 working hours a day). The calendar is the civil-
service calendar with the two 2025 overrides of the shipped file (Saturday 26/4/2025 worked,
Friday 2/5/2025 off) unless a test says otherwise.
"""

# ruff: noqa: E501  (data rows of worked examples read better unwrapped)

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

import duckdb
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.lib.calendar import EXTRA_DAY_OFF, MAKE_UP_WORKING_DAY, Override, WorkingCalendar
from parindex.lib.dossiers.clock import ClockTable, classify, end_time_766
from parindex.lib.dossiers.clock_rules import (
    CALENDAR_DAYS,
    EARLY,
    HOURS,
    LATE,
    NO_DEADLINE,
    ON_TIME,
    PAUSE,
    RESTART,
    SUBTRACT_WITHOUT_DUE,
    WORKING_DAYS,
    ClockError,
    normalise_time_limit_unit,
    rules_for,
)

D = dt.date
T = dt.datetime
CALENDAR = WorkingCalendar(
    [
        Override(D(2025, 4, 26), MAKE_UP_WORKING_DAY, source="6150/TB-BLĐTBXH"),
        Override(D(2025, 5, 2), EXTRA_DAY_OFF, source="6150/TB-BLĐTBXH"),
    ]
)
TABLE = ClockTable.build(CALENDAR, D(2024, 1, 1), D(2027, 12, 31))


def moments(*values: T | None) -> np.ndarray:
    return np.array([np.datetime64(v, "s") if v else np.datetime64("NaT") for v in values])


def one(array: np.ndarray) -> T | None:
    value = array[0]
    return None if np.isnat(value) else value.astype("datetime64[s]").astype(T)


def test_it_starts_the_clock_as_the_one_stop_practice_says() -> None:
    """During office hours at once; before 07:00 at 07:00; at lunch at 13:30; after 17:00, on a
    Sunday or on a holiday (Tuesday 2/9/2025, National Day) at 07:00 of the next working day."""
    starts = TABLE.clock_start(
        moments(
            T(2025, 6, 30, 9, 15),
            T(2025, 6, 30, 6, 0),
            T(2025, 6, 30, 12, 0),
            T(2025, 6, 30, 17, 0),
            T(2025, 6, 29, 10, 0),
            T(2025, 9, 2, 10, 0),
        )
    )
    assert [s.astype(T) for s in starts] == [
        T(2025, 6, 30, 9, 15),
        T(2025, 6, 30, 7, 0),
        T(2025, 6, 30, 13, 30),
        T(2025, 7, 1, 7, 0),
        T(2025, 6, 30, 7, 0),
        T(2025, 9, 3, 7, 0),
    ]


def test_it_moves_a_receipt_after_the_procedure_cut_off_to_the_next_working_day() -> None:
    """Cut-off 15:00 (certified copies, §6.3): 15:30 on Monday 30/6/2025 starts Tuesday 07:00;
    14:59 starts at once."""
    cutoff = 15 * 3600
    starts = TABLE.clock_start(moments(T(2025, 6, 30, 15, 30), T(2025, 6, 30, 14, 59)), cutoff)
    assert [s.astype(T) for s in starts] == [T(2025, 7, 1, 7, 0), T(2025, 6, 30, 14, 59)]


def test_it_counts_the_make_up_saturday_and_skips_the_april_may_holidays() -> None:
    """Received Friday 25/4/2025 16:00, 3 working days (24 h): Friday 1 h, Saturday 26/4 (made
    up) 8 h, Monday 28/4 8 h, Tuesday 29/4 7 h → 16:00 on Tuesday 29/4. Without the override
    Saturday is off, 30/4, 1/5 and 2/5 are holidays: Friday 1 h, Monday 8 h, Tuesday 8 h, then
    7 h on Monday 5/5 (4 h 30 in the morning, 2 h 30 from 13:30) → 16:00."""
    due = TABLE.due_dates(moments(T(2025, 4, 25, 16, 0)), [3], [WORKING_DAYS])
    assert one(due) == T(2025, 4, 29, 16, 0)
    plain = ClockTable.build(WorkingCalendar(), D(2025, 1, 1), D(2025, 12, 31))
    due = plain.due_dates(moments(T(2025, 4, 25, 16, 0)), [3], [WORKING_DAYS])
    assert one(due) == T(2025, 5, 5, 16, 0)


def test_it_skips_the_national_day_holidays() -> None:
    """Received Friday 29/8/2025 15:00, 2 working days: Friday 2 h, (Monday 1/9 and Tuesday 2/9
    off), Wednesday 3/9 8 h, Thursday 4/9 6 h → 15:00 on Thursday 4/9."""
    due = TABLE.due_dates(moments(T(2025, 8, 29, 15, 0)), [2], [WORKING_DAYS])
    assert one(due) == T(2025, 9, 4, 15, 0)


def test_it_keeps_a_deadline_on_the_end_of_an_office_period() -> None:
    """8 working hours from 07:00 end at 17:00 the same day, 4 h 30 from 07:00 at 11:30 (not at
    13:30), as WorkingCalendar.add_working_hours does."""
    due = TABLE.add_working_hours(moments(T(2025, 6, 30, 7, 0), T(2025, 6, 30, 7, 0)), [8, 4.5])
    assert [d.astype(T) for d in due] == [T(2025, 6, 30, 17, 0), T(2025, 6, 30, 11, 30)]


def test_it_moves_calendar_day_limits_off_days_off() -> None:
    """5 calendar days from Wednesday 27/8/2025 10:00 is Monday 1/9, a holiday; Tuesday 2/9 too,
    so the appointment is Wednesday 3/9 10:00. 10 hours from the same moment: Wednesday 5 h
    (10:00–11:30, 13:30–17:00), Thursday 28/8 4 h 30 in the morning and 30 min from 13:30 → 14:00."""
    due = TABLE.due_dates(
        moments(T(2025, 8, 27, 10, 0), T(2025, 8, 27, 10, 0)), [5, 10], [CALENDAR_DAYS, HOURS]
    )
    assert [d.astype(T) for d in due] == [T(2025, 9, 3, 10, 0), T(2025, 8, 28, 14, 0)]


def test_it_follows_the_rules_in_force_on_the_receipt_date() -> None:
    """Before 1/7/2025 (Decree 61) a supplement restarts the limit; from 1/7/2025 (Decree 118,
    provincial practice) it pauses it.

    Both dossiers: 5 working days, supplement requested Wednesday 2/7/2025 10:00 and completed
    Monday 7/7 09:00.

    * received Monday 30/6 18:00 (old rules): 5 days from 7/7 09:00 — Monday 6 h, Tuesday 8/7
      to Friday 11/7 32 h, then 2 h on Monday 14/7 → 09:00 on 14/7;
    * received Tuesday 1/7 08:00 (new rules): the wait is 2/7 5 h + 3/7 8 h + 4/7 8 h + 7/7 2 h
      = 23 working hours, so 40 + 23 = 63 h from 1/7 08:00: Tuesday 7 h, then exactly seven
      working days (2/7–10/7) → 17:00 on Thursday 10/7.
    """
    assert rules_for(D(2025, 6, 30)).supplement_semantics == RESTART
    assert rules_for(D(2025, 7, 1)).supplement_semantics == PAUSE
    due = TABLE.due_dates(
        moments(T(2025, 6, 30, 18, 0), T(2025, 7, 1, 8, 0)),
        [5, 5],
        [WORKING_DAYS, WORKING_DAYS],
        supplement_requested_at=moments(T(2025, 7, 2, 10, 0), T(2025, 7, 2, 10, 0)),
        supplement_completed_at=moments(T(2025, 7, 7, 9, 0), T(2025, 7, 7, 9, 0)),
    )
    assert [d.astype(T) for d in due] == [T(2025, 7, 14, 9, 0), T(2025, 7, 10, 17, 0)]
    assert CALENDAR.add_working_hours(T(2025, 7, 1, 8, 0), 63) == T(2025, 7, 10, 17, 0)


def test_it_leaves_the_appointment_empty_without_a_usable_limit() -> None:
    """No limit, or an unknown unit, gives no appointment date."""
    due = TABLE.due_dates(
        moments(T(2025, 7, 1, 8, 0), T(2025, 7, 1, 8, 0)), [np.nan, 3], [WORKING_DAYS, "fortnight"]
    )
    assert np.isnat(due).all()


def test_it_applies_the_766_end_time_rules() -> None:
    """§5.7, one dossier per rule, appointment Thursday 10/7/2025 17:00:

    1. finished Friday 11/7 10:00 after one supplement (2/7 10:00 → 7/7 09:00, i.e. 4 days 23 h):
       end = 11/7 10:00 − 4 d 23 h = Sunday 6/7 11:00 → on time, and early at date granularity;
    2. waiting for the citizen (status 5) after a single request on 8/7 09:00: end = the request;
    3. two supplement requests: late whatever the times;
    4. finished on the due date at 17:30: on time for Biểu 06 (same date), late for 766;
    5. under the other reading (subtract only without NgayHenTra) dossier 1 ends 11/7 10:00."""
    due = moments(*[T(2025, 7, 10, 17, 0)] * 4)
    kwargs: dict[str, Any] = {
        "status": np.array([10, 5, 10, 10]),
        "finished_at": moments(T(2025, 7, 11, 10, 0), None, T(2025, 7, 9, 10, 0), T(2025, 7, 10, 17, 30)),
        "due_at": due,
        "supplement_count": np.array([1, 1, 2, 0]),
        "supplement_requested_at": moments(T(2025, 7, 2, 10, 0), T(2025, 7, 8, 9, 0), T(2025, 7, 2, 10, 0), None),
        "supplement_completed_at": moments(T(2025, 7, 7, 9, 0), None, T(2025, 7, 3, 10, 0), None),
    }  # fmt: skip
    end = end_time_766(**kwargs)
    assert [e.astype(T) for e in end] == [
        T(2025, 7, 6, 11, 0),
        T(2025, 7, 8, 9, 0),
        T(2025, 7, 9, 10, 0),
        T(2025, 7, 10, 17, 30),
    ]
    finish_class, on_time = classify(end, due, kwargs["supplement_count"])
    assert finish_class.tolist() == [EARLY, EARLY, LATE, ON_TIME]
    assert on_time.tolist() == [True, True, False, False]
    other = end_time_766(**kwargs, profile=SUBTRACT_WITHOUT_DUE)
    assert other[0].astype(T) == T(2025, 7, 11, 10, 0)


def test_it_leaves_dossiers_without_an_appointment_unclassified() -> None:
    """No appointment date: neither early, on time nor late — unless two supplements."""
    finish_class, on_time = classify(
        moments(T(2025, 7, 1, 9, 0), T(2025, 7, 1, 9, 0)), moments(None, None), np.array([0, 2])
    )
    assert finish_class.tolist() == [NO_DEADLINE, LATE]
    assert on_time.tolist() == [False, False]


def test_it_measures_processing_time_in_working_days() -> None:
    """Monday 4/8/2025 09:00 to Friday 8/8 10:00: Monday 6 h, Tuesday–Thursday 24 h, Friday 3 h
    = 33 h = 4.125 working days."""
    days = TABLE.working_days_between(moments(T(2025, 8, 4, 9, 0)), moments(T(2025, 8, 8, 10, 0)))
    assert days.tolist() == [4.125]


def test_it_reads_the_units_exports_write() -> None:
    """DonViTinh texts map to the canonical units."""
    assert normalise_time_limit_unit(" Ngày làm việc ") == WORKING_DAYS
    assert normalise_time_limit_unit("GIỜ") == HOURS
    assert normalise_time_limit_unit("tuần") is None


def test_it_refuses_moments_outside_its_table() -> None:
    """A moment beyond the table is an error, never a silent guess."""
    with pytest.raises(ClockError):
        TABLE.working_seconds(moments(T(2030, 1, 1, 8, 0)))


_instants = st.datetimes(min_value=T(2024, 1, 2), max_value=T(2026, 12, 1)).map(
    lambda m: m.replace(microsecond=0)
)


@settings(max_examples=150, deadline=None)
@given(start=_instants, hours=st.integers(min_value=0, max_value=400))
def test_it_agrees_with_the_calendar_on_working_hours(start: T, hours: int) -> None:
    """Vectorised clock start and deadlines equal WorkingCalendar's one-at-a-time answers."""
    assert one(TABLE.clock_start(moments(start))) == CALENDAR.clock_start(start)
    assert one(TABLE.add_working_hours(moments(start), [hours])) == CALENDAR.add_working_hours(
        start, hours
    )


@functools.cache
def _clock_connection() -> duckdb.DuckDBPyConnection:
    """A DuckDB database holding the clock arrays (table ck), made once for every example."""
    con = duckdb.connect()
    arrays = TABLE.sql_arrays()
    con.execute(
        "CREATE TABLE ck AS SELECT CAST(? AS BIGINT[]) AS ck_cum, CAST(? AS BIGINT[]) AS ck_working, "
        "CAST(? AS BIGINT[]) AS ck_days",
        [arrays["ck_cum"], arrays["ck_working"], arrays["ck_days"]],
    )
    return con


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(_instants, min_size=1, max_size=20), cutoff=st.sampled_from([None, 15 * 3600])
)
def test_it_computes_the_same_working_seconds_in_sql(values: list[T], cutoff: int | None) -> None:
    """The DuckDB expression of W(t) equals the numpy one, and its inverse returns deadlines."""
    con = _clock_connection()
    con.execute("CREATE OR REPLACE TABLE t (i INTEGER, m TIMESTAMP)")
    con.executemany("INSERT INTO t VALUES (?, ?)", list(enumerate(values)))
    cut = "NULL" if cutoff is None else str(cutoff)
    rows = con.execute(
        f"SELECT {TABLE.sql_working_seconds('t.m', cut)} AS w FROM t, ck ORDER BY i"
    ).fetchall()
    expected = TABLE.working_seconds(moments(*values), cutoff)
    assert [r[0] for r in rows] == expected.tolist()
    back = con.execute(
        f"SELECT {TABLE.sql_from_working_seconds('(' + TABLE.sql_working_seconds('t.m') + ' + 28800)')} "
        "FROM t, ck ORDER BY i"
    ).fetchall()
    assert [r[0] for r in back] == [
        m.astype(T) for m in TABLE.add_working_hours(moments(*values), [8] * len(values))
    ]
