"""The dossier clock: appointment dates, processing time and on-time rules, vectorised.

Framework-free (no Django). It builds on :class:`parindex.lib.calendar.WorkingCalendar` (which
days are working days, office hours) and answers, for millions of dossiers at once, the
questions of the domain note dossiers-766 §5–§6:

* **Working seconds.** ``W(t)`` is the office time (seconds) from the first day of a
  :class:`ClockTable` up to the moment ``t``. Office time only runs on working days during office
  hours (07:00–11:30 and 13:30–17:00 by default); ``hours_per_day`` working hours (8) make one
  working day, so one working day is ``D = day_seconds`` seconds of office time whatever the
  periods add up to. Every other quantity is a difference or an inverse of ``W``:

  - the clock start of a dossier received at ``t`` (§6.2) is the earliest moment ``s`` with
    ``W(s) = W(t)`` that lies in office hours: at once during office hours, 07:00 before the
    opening, 13:30 during lunch, 07:00 of the next working day after 17:00 or on a day off;
    a procedure-specific cut-off (§6.3, e.g. 15:00) moves a receipt at or after it to the next
    working day;
  - the appointment date for a time limit of ``h`` working hours is the latest moment ``e`` with
    ``W(e) = W(start) + h × D ÷ hours_per_day`` (a deadline on the end of a period stays there:
    11:30, 17:00), exactly as :meth:`WorkingCalendar.add_working_hours`;
  - processing time in working days is ``(W(end) − W(start)) ÷ D``.

* **Time limits** (§6.1) come in working days (``ngay_lam_viec``: 8 working hours each), working
  hours (``gio``), calendar days (``ngay``: the date moves forward, then to the next working day
  if it is not one) and months (``thang``, likewise).

* **Rule sets versioned by date** (§2, §5): :data:`RULESETS` is data, one row per regime; a dossier
  follows the row in force on its receipt date (:func:`rules_for`). The rows differ in how a
  supplement request moves an appointment date the export lacks (restart or pause semantics,
  §5.3), and carry the apology-letter form of the regime.

* **Decision 766 on-time rules** (§5.7) are in :func:`end_time_766` and :func:`classify`: on
  time ⇔ end ≤ appointment; more than one supplement request makes the dossier late; a dossier
  waiting for the citizen after a single request ends at the request; a dossier finished after
  one completed supplement has the supplement interval subtracted (profile
  ``SUBTRACT_ALWAYS``) or only when the appointment is computed (``SUBTRACT_WITHOUT_DUE``, the
  other reading of the formula document, §5.7 and §13 item 2).

Every function takes and returns numpy arrays (``datetime64[s]`` for moments, local wall-clock
time in Asia/Ho_Chi_Minh; ``NaT`` for a missing moment) so that one call handles a whole column.
:meth:`ClockTable.sql_working_seconds` and :meth:`ClockTable.sql_from_working_seconds` give the
same maths as DuckDB SQL over the arrays of :meth:`ClockTable.sql_arrays` (the import path computes
its derived columns in SQL; tests check both agree).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from parindex.lib.calendar import FIRST_YEAR, LAST_YEAR, WorkingCalendar
from parindex.lib.dossiers.clock_rules import (
    CALENDAR_DAYS,
    EARLY,
    HOURS,
    LATE,
    MONTHS,
    NO_DEADLINE,
    ON_TIME,
    RESTART,
    RULESETS,
    STATUS_SUPPLEMENT_REQUESTED,
    SUBTRACT_ALWAYS,
    SUBTRACT_WITHOUT_DUE,
    SUBTRACTION_PROFILES,
    WORKING_DAYS,
    ClockError,
    ClockRules,
)
from parindex.lib.i18n import _

# -- the table --------------------------------------------------------------------------------

Moments = npt.NDArray[np.datetime64]
Ints = npt.NDArray[np.int64]

_NAT = np.datetime64("NaT", "s")
_DAY = 86400


def _as_seconds(values: Any) -> Moments:
    """``values`` as ``datetime64[s]``, fractions of a second rounded up (like the calendar)."""
    array = np.asarray(values)
    if array.dtype.kind != "M":
        array = array.astype("datetime64[us]")
    micro = array.astype("datetime64[us]")
    whole = micro.astype("datetime64[s]")
    has_fraction = (micro - whole.astype("datetime64[us]")) > np.timedelta64(0, "us")
    return np.where(has_fraction, whole + np.timedelta64(1, "s"), whole)


@dataclass(frozen=True)
class ClockTable:
    """Flat arrays of one calendar over ``first``–``last`` (both included).

    ``working[i]`` is 1 when day ``first + i`` is a working day; ``cum[i]`` counts the working
    days in ``[first, first + i)`` (so ``cum[i]`` is the 0-based rank of day ``i`` among the
    working days when it is one); ``working_days[k]`` is the day offset of the k-th working day.
    ``spans`` are the office periods in seconds after midnight and ``day_seconds`` their total.
    """

    first: dt.date
    last: dt.date
    working: npt.NDArray[np.int8]
    cum: npt.NDArray[np.int64]
    working_days: npt.NDArray[np.int64]
    spans: tuple[tuple[int, int], ...]
    day_seconds: int
    hours_per_day: int

    @classmethod
    def build(cls, calendar: WorkingCalendar, first: dt.date, last: dt.date) -> ClockTable:
        """The table of ``calendar`` from ``first`` to ``last`` (clamped to its years)."""
        first = max(first, dt.date(FIRST_YEAR, 1, 1))
        last = min(last, dt.date(LAST_YEAR, 12, 31))
        if last < first:
            raise ClockError(_("The clock table needs a non-empty range of days."))
        ordinals = calendar.working_day_ordinals(first, last)
        counts = np.fromiter(ordinals.values(), dtype=np.int64, count=len(ordinals))
        previous = np.concatenate(([0], counts[:-1]))
        working = (counts - previous).astype(np.int8)
        cum = previous.astype(np.int64)
        office = calendar.office_hours
        return cls(
            first=first,
            last=last,
            working=working,
            cum=cum,
            working_days=np.flatnonzero(working).astype(np.int64),
            spans=office.spans,
            day_seconds=office.day_seconds,
            hours_per_day=office.hours_per_day,
        )

    # -- helpers ----------------------------------------------------------------------------

    @property
    def epoch(self) -> np.datetime64:
        return np.datetime64(self.first.isoformat(), "s")

    def _split(self, moments: Moments) -> tuple[Ints, Ints, npt.NDArray[np.bool_]]:
        """Day offsets, seconds of the day and a validity mask (not NaT, inside the table)."""
        valid = ~np.isnat(moments)
        seconds = np.where(valid, (moments - self.epoch).astype(np.int64), 0)
        days = np.floor_divide(seconds, _DAY)
        inside = valid & (days >= 0) & (days < len(self.working))
        if np.any(valid & ~inside):
            raise ClockError(
                _("A moment lies outside the clock table ({first}–{last}).").format(
                    first=self.first.isoformat(), last=self.last.isoformat()
                )
            )
        days = np.where(inside, days, 0)
        return days, seconds - days * _DAY, inside

    def _office_elapsed(self, seconds_of_day: Ints) -> Ints:
        elapsed = np.zeros_like(seconds_of_day)
        for start, end in self.spans:
            elapsed += np.clip(seconds_of_day - start, 0, end - start)
        return elapsed

    # -- W and its inverses -----------------------------------------------------------------

    def working_seconds(self, moments: Any, cutoff: Any = None) -> Ints:
        """``W(t)`` for each moment (``-1`` for NaT).

        ``cutoff`` (seconds after midnight, one value or an array; negative or None = none): a
        moment on a working day at or after it counts as the start of the next working day.
        """
        moments = _as_seconds(moments)
        days, second, valid = self._split(moments)
        working = self.working[days].astype(np.int64)
        value = self.cum[days] * self.day_seconds + working * self._office_elapsed(second)
        if cutoff is not None:
            cut = np.broadcast_to(np.asarray(cutoff, dtype=np.int64), value.shape)
            after = (working == 1) & (cut >= 0) & (second >= cut)
            value = np.where(after, (self.cum[days] + 1) * self.day_seconds, value)
        return np.where(valid, value, -1)

    def _moment(self, rank: Ints, position: Ints, *, closing: bool) -> Moments:
        """The moment at office time ``position`` of the working day of rank ``rank``."""
        if np.any(rank >= len(self.working_days)):
            raise ClockError(
                _("A deadline falls after the end of the clock table ({last}).").format(
                    last=self.last.isoformat()
                )
            )
        day = self.working_days[np.clip(rank, 0, None)]
        second = np.zeros_like(position)
        before = 0
        placed = np.zeros(position.shape, dtype=bool)
        for start, end in self.spans:
            length = end - start
            inside = (position <= before + length) if closing else (position < before + length)
            here = ~placed & inside
            second = np.where(here, start + (position - before), second)
            placed |= here
            before += length
        last_end = self.spans[-1][1]
        second = np.where(placed, second, last_end)
        return self.epoch + (day * _DAY + second).astype("timedelta64[s]")

    def from_working_seconds(self, value: Any) -> Moments:
        """The latest moment ``e`` with ``W(e) = value`` (a deadline; ``-1`` → NaT)."""
        value = np.asarray(value, dtype=np.int64)
        valid = value >= 0
        safe = np.where(valid, np.maximum(value, 1), 1)
        rank = np.floor_divide(safe - 1, self.day_seconds)
        position = safe - rank * self.day_seconds
        moment = self._moment(np.where(valid, rank, 0), position, closing=True)
        opening = self._moment(np.zeros_like(rank), np.zeros_like(position), closing=False)
        moment = np.where(valid & (value == 0), opening, moment)
        return np.where(valid, moment, _NAT)

    def clock_start(self, moments: Any, cutoff: Any = None) -> Moments:
        """When the processing clock starts for dossiers received at ``moments`` (§6.2)."""
        value = self.working_seconds(moments, cutoff)
        valid = value >= 0
        safe = np.where(valid, value, 0)
        rank = np.floor_divide(safe, self.day_seconds)
        position = safe - rank * self.day_seconds
        return np.where(valid, self._moment(rank, position, closing=False), _NAT)

    def add_working_hours(self, starts: Any, hours: Any, cutoff: Any = None) -> Moments:
        """The moment ``hours`` working hours after the clock starts for each start."""
        hours = np.asarray(hours, dtype=np.float64)
        if np.any(hours < 0):
            raise ClockError(_("The number of working hours must not be negative."))
        base = self.working_seconds(starts, cutoff)
        extra = np.floor(hours * self.day_seconds / self.hours_per_day + 0.5).astype(np.int64)
        due = self.from_working_seconds(np.where(base >= 0, base + extra, -1))
        start = self.clock_start(starts, cutoff)
        return np.where(extra == 0, start, due)

    def roll_forward(self, moments: Any) -> Moments:
        """Each moment, moved to the next working day (same time) when its day is not one."""
        moments = _as_seconds(moments)
        days, second, valid = self._split(moments)
        working = self.working[days] == 1
        rank = self.cum[days]  # rank of the first working day on or after the day
        moved = self.epoch + (
            self.working_days[np.clip(rank, 0, len(self.working_days) - 1)] * _DAY + second
        ).astype("timedelta64[s]")
        return np.where(valid & ~working, moved, moments)

    def working_days_between(self, starts: Any, ends: Any) -> npt.NDArray[np.float64]:
        """Office time from each start to each end, in working days (NaN when one is missing)."""
        a = self.working_seconds(starts)
        b = self.working_seconds(ends)
        result = (b - a) / self.day_seconds
        return np.where((a >= 0) & (b >= 0), result, np.nan)

    # -- appointment dates ----------------------------------------------------------------------

    def due_dates(
        self,
        received_at: Any,
        limit: Any,
        unit: Any,
        *,
        supplement_requested_at: Any = None,
        supplement_completed_at: Any = None,
        cutoff: Any = None,
        rulesets: tuple[ClockRules, ...] = RULESETS,
    ) -> Moments:
        """Appointment dates computed from the procedures' time limits (§6.2, §5.3).

        ``limit`` is the legal time limit in ``unit`` (see :data:`TIME_LIMIT_UNITS`); NaN or an
        unknown unit gives NaT. A dossier with a completed supplement request follows the rule
        set in force on its receipt date: ``restart`` counts the whole limit from the completed
        supplement, ``pause`` adds the office time between the request and its completion.
        """
        received = _as_seconds(received_at)
        n = received.shape[0]
        limit = np.asarray(limit, dtype=np.float64)
        units = np.asarray(unit, dtype=object)
        requested = (
            np.full(n, _NAT)
            if supplement_requested_at is None
            else _as_seconds(supplement_requested_at)
        )
        completed = (
            np.full(n, _NAT)
            if supplement_completed_at is None
            else _as_seconds(supplement_completed_at)
        )
        with_supplement = ~np.isnat(requested) & ~np.isnat(completed)
        restart = _restarting(received, rulesets) & with_supplement
        pause = with_supplement & ~restart

        start = np.where(restart, completed, received)
        base = self.working_seconds(start, np.where(restart, -1, _cutoffs(cutoff, n)))
        gap = np.where(
            pause,
            self.working_seconds(np.where(pause, completed, received))
            - self.working_seconds(np.where(pause, requested, received)),
            0,
        )
        gap = np.maximum(gap, 0)

        hours = np.full(n, np.nan)
        is_wd = units == WORKING_DAYS
        is_h = units == HOURS
        hours = np.where(is_wd, limit * self.hours_per_day, hours)
        hours = np.where(is_h, limit, hours)
        usable = ~np.isnan(hours) & (base >= 0) & ~np.isnan(limit)
        extra = np.where(
            usable,
            np.floor(np.nan_to_num(hours) * self.day_seconds / self.hours_per_day + 0.5),
            0,
        ).astype(np.int64)
        due = self.from_working_seconds(np.where(usable, base + extra + gap, -1))

        # Calendar days and months: move the date, then to a working day.
        calendar_based = (units == CALENDAR_DAYS) | (units == MONTHS)
        if np.any(calendar_based & ~np.isnan(limit) & ~np.isnat(start)):
            begin = self.clock_start(start, np.where(restart, -1, _cutoffs(cutoff, n)))
            moved = _moved_dates(begin, limit, units, calendar_based, pause, requested, completed)
            due = np.where(calendar_based, self.roll_forward(moved), due)
        return due

    # -- SQL (DuckDB) -----------------------------------------------------------------------------

    def sql_arrays(self) -> dict[str, list[int]]:
        """The arrays the SQL expressions index (1-based lists in DuckDB)."""
        return {
            "ck_cum": self.cum.tolist(),
            "ck_working": self.working.astype(np.int64).tolist(),
            "ck_days": self.working_days.tolist(),
        }

    def _sql_day(self, expr: str) -> str:
        return f"(CAST(CAST({expr} AS DATE) - DATE '{self.first.isoformat()}' AS BIGINT) + 1)"

    @staticmethod
    def _sql_second(expr: str) -> str:
        return (
            f"(hour({expr}) * 3600 + minute({expr}) * 60 + second({expr}) "
            f"+ CASE WHEN microsecond({expr}) % 1000000 > 0 THEN 1 ELSE 0 END)"
        )

    def sql_working_seconds(
        self, expr: str, cutoff_expr: str | None = None, arrays: str = "ck"
    ) -> str:
        """DuckDB SQL for ``W(expr)`` (NULL when ``expr`` is NULL); ``arrays`` names the row
        holding the lists of :meth:`sql_arrays`. ``cutoff_expr`` gives seconds after midnight."""
        day = self._sql_day(expr)
        second = self._sql_second(expr)
        elapsed = " + ".join(f"LEAST(GREATEST({second} - {s}, 0), {e - s})" for s, e in self.spans)
        cum = f"{arrays}.ck_cum[{day}]"
        working = f"{arrays}.ck_working[{day}]"
        value = f"({cum} * {self.day_seconds} + {working} * ({elapsed}))"
        if cutoff_expr is None:
            return value
        return (
            f"(CASE WHEN {working} = 1 AND {cutoff_expr} IS NOT NULL AND {second} >= {cutoff_expr} "
            f"THEN ({cum} + 1) * {self.day_seconds} ELSE {value} END)"
        )

    def sql_from_working_seconds(self, expr: str, arrays: str = "ck") -> str:
        """DuckDB SQL for the deadline moment of ``W = expr`` (NULL when ``expr`` is NULL)."""
        d = self.day_seconds
        rank = f"((GREATEST({expr}, 1) - 1) // {d})"
        position = f"(GREATEST({expr}, 1) - {rank} * {d})"
        cases = []
        before = 0
        for start, end in self.spans:
            length = end - start
            cases.append(
                f"WHEN {position} <= {before + length} THEN {start} + ({position} - {before})"
            )
            before += length
        second = f"(CASE {' '.join(cases)} ELSE {self.spans[-1][1]} END)"
        day = f"{arrays}.ck_days[{rank} + 1]"
        return (
            f"(CAST(DATE '{self.first.isoformat()}' + CAST({day} AS INTEGER) AS TIMESTAMP) "
            f"+ to_seconds(CAST({second} AS BIGINT)))"
        )


def _restarting(received: Moments, rulesets: tuple[ClockRules, ...]) -> npt.NDArray[np.bool_]:
    """Dossiers received under a rule set whose supplement semantics is ``restart``."""
    restart = np.zeros(received.shape[0], dtype=bool)
    for rules in rulesets:
        if rules.supplement_semantics != RESTART:
            continue
        low = np.datetime64(rules.valid_from.isoformat(), "s") if rules.valid_from else None
        high = np.datetime64(rules.valid_to.isoformat(), "s") if rules.valid_to else None
        here = ~np.isnat(received)
        if low is not None:
            here &= received >= low
        if high is not None:
            here &= received < high
        restart |= here
    return restart


def _moved_dates(
    begin: Moments,
    limit: npt.NDArray[np.float64],
    units: npt.NDArray[np.object_],
    calendar_based: npt.NDArray[np.bool_],
    pause: npt.NDArray[np.bool_],
    requested: Moments,
    completed: Moments,
) -> Moments:
    """Calendar-day and month limits: the clock start moved by the limit (and a paused
    supplement's interval), before rolling forward to a working day."""
    moved = np.full(begin.shape[0], _NAT)
    for i in np.flatnonzero(calendar_based & ~np.isnan(limit) & ~np.isnat(begin)):
        moment = begin[i].astype(dt.datetime)
        if units[i] == CALENDAR_DAYS:
            target = moment + dt.timedelta(days=int(limit[i]))
        else:
            target = _add_months(moment, int(limit[i]))
        if pause[i]:
            target += completed[i].astype(dt.datetime) - requested[i].astype(dt.datetime)
        moved[i] = np.datetime64(target, "s")
    return moved


def _cutoffs(cutoff: Any, n: int) -> Ints:
    if cutoff is None:
        return np.full(n, -1, dtype=np.int64)
    values = np.asarray(cutoff, dtype=np.float64)
    values = np.broadcast_to(values, (n,))
    return np.where(np.isnan(values), -1, values).astype(np.int64)


def _add_months(moment: dt.datetime, months: int) -> dt.datetime:
    month_index = moment.month - 1 + months
    year = moment.year + month_index // 12
    month = month_index % 12 + 1
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise ClockError("unreachable")  # pragma: no cover


# -- Decision 766 end time and classification (§5.7) ----------------------------------------------


def end_time_766(
    *,
    status: Any,
    finished_at: Any,
    due_at: Any,
    supplement_count: Any,
    supplement_requested_at: Any,
    supplement_completed_at: Any,
    profile: str = SUBTRACT_ALWAYS,
) -> Moments:
    """The end time 766 compares with the appointment date (NaT: still running).

    * finished (``finished_at`` set) after exactly one completed supplement: ``finished_at −
      (completed − requested)`` when the profile is ``always``, or only when the synced
      appointment ``due_at`` is missing under ``without_due_only``;
    * waiting for the citizen (status 5) after a single request, not finished: the request time;
    * otherwise ``finished_at``.
    """
    if profile not in SUBTRACTION_PROFILES:
        raise ClockError(_("Unknown supplement profile “{profile}”.").format(profile=profile))
    status = np.asarray(status)
    finished = _as_seconds(finished_at)
    due = _as_seconds(due_at)
    count = np.nan_to_num(np.asarray(supplement_count, dtype=np.float64)).astype(np.int64)
    requested = _as_seconds(supplement_requested_at)
    completed = _as_seconds(supplement_completed_at)
    one = count == 1
    done_supplement = one & ~np.isnat(requested) & ~np.isnat(completed) & ~np.isnat(finished)
    if profile == SUBTRACT_WITHOUT_DUE:
        done_supplement &= np.isnat(due)
    waiting = (
        one & (status == STATUS_SUPPLEMENT_REQUESTED) & np.isnat(finished) & ~np.isnat(requested)
    )
    gap = np.where(done_supplement, completed - requested, np.timedelta64(0, "s"))
    end = np.where(done_supplement, finished - gap, finished)
    return np.where(waiting, requested, end)


def classify(
    end: Any, due: Any, supplement_count: Any, max_supplements: int = 1
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.bool_]]:
    """Form 06 finish class (date granularity) and 766 on-time flag (datetime) per dossier.

    Returns ``(finish_class, on_time_766)``: the class is :data:`EARLY` (date(end) < date(due)),
    :data:`ON_TIME` (same date), :data:`LATE` (later date, or more supplement requests than
    allowed) or :data:`NO_DEADLINE` (no appointment date); ``on_time_766`` is ``end ≤ due`` and
    at most ``max_supplements`` requests. A missing end gives class ``NO_DEADLINE`` and False.
    """
    end = _as_seconds(end)
    due = _as_seconds(due)
    count = np.nan_to_num(np.asarray(supplement_count, dtype=np.float64)).astype(np.int64)
    forced = count > max_supplements
    known = ~np.isnat(end) & ~np.isnat(due)
    end_day = end.astype("datetime64[D]")
    due_day = due.astype("datetime64[D]")
    cls = np.where(end_day < due_day, EARLY, np.where(end_day == due_day, ON_TIME, LATE))
    cls = np.where(known, cls, NO_DEADLINE)
    cls = np.where(forced & ~np.isnat(end), LATE, cls).astype(np.int8)
    on_time = known & ~forced & (end <= due)
    return cls, on_time
