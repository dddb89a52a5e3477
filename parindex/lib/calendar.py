"""The working-day calendar: which days count, and how deadlines move across them.

Framework-free (no Django): the ``calendars`` app turns its override table into the
:class:`Override` rows this module takes, and dossier code asks the resulting
:class:`WorkingCalendar` about days and office hours.

**The rule** (domain note dossiers-766 §6.7). A day is a working day when

* an active ``make_up_working_day`` override names it (a Saturday or Sunday worked), or
* it is Monday to Friday, no ``extra_day_off`` override names it, and it is not a holiday of the
  ``holidays`` package for Vietnam — unless a ``not_a_holiday`` override cancels that holiday.

Only active overrides whose scope matches the calendar apply: a ``civil_service`` calendar
applies ``civil_service`` and ``all`` rows, an ``all`` calendar only ``all`` rows. When a
``civil_service`` row and an ``all`` row name the same date, the ``civil_service`` row wins in
the civil-service calendar (the more specific scope).

**Counting conventions** (fixed here once, so every report counts alike):

* ``add_working_days(start, n)`` with ``n > 0`` is the n-th working day strictly after ``start``;
  whether ``start`` itself is a working day does not matter (Saturday + 1 = Monday, Friday + 1 =
  Monday). With ``n < 0`` it is the |n|-th working day strictly before ``start``. With ``n = 0``
  it is ``start`` when that is a working day, otherwise the next working day. The result is
  always a working day.
* ``count_working_days(start, end)`` counts the working days from ``start`` to ``end``, both
  included, and is 0 when ``end`` is before ``start``. Hence, for ``n >= 1``,
  ``count_working_days(start + 1 day, add_working_days(start, n)) == n``.

**Office hours** (§6.2): 07:00–11:30 and 13:30–17:00 by default, configurable; 8 working hours
make one working day whatever the periods add up to. Times are wall-clock times in
``Asia/Ho_Chi_Minh``: a naive datetime is taken as such, an aware one is converted first and the
answer is aware in that zone.

**Speed.** Holidays of the package are looked up once per year and language for the process;
each calendar keeps a flat table of working-day flags and cumulative counts over the years it
has been asked about, so ``is_working_day`` and ``count_working_days`` are array lookups and
``add_working_days`` is one more. :meth:`WorkingCalendar.working_day_ordinals` exposes the
cumulative index for vectorised use on millions of dossiers.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from parindex.lib.i18n import _

EXTRA_DAY_OFF = "extra_day_off"
MAKE_UP_WORKING_DAY = "make_up_working_day"
NOT_A_HOLIDAY = "not_a_holiday"
KINDS = (EXTRA_DAY_OFF, MAKE_UP_WORKING_DAY, NOT_A_HOLIDAY)

SCOPE_CIVIL_SERVICE = "civil_service"
SCOPE_ALL = "all"
SCOPES = (SCOPE_CIVIL_SERVICE, SCOPE_ALL)

STATUSES = ("verified", "secondary", "unverified")

COUNTRY = "VN"
TIME_ZONE = "Asia/Ho_Chi_Minh"
# The lunar calendar of the package covers these years; nothing before Decree 61 matters here.
FIRST_YEAR = 1990
LAST_YEAR = 2099

_SATURDAY = 5
_DAY_SECONDS = 24 * 3600


class CalendarError(ValueError):
    """A calendar cannot be built or cannot answer (bad override, date out of range …)."""


@dataclass(frozen=True)
class Override:
    """One row of the override table, as the calendar needs it.

    ``year`` is the year of the notice the row comes from (``None``: the year of ``date``);
    ``source`` names the notice; ``status`` is verified / secondary / unverified. Rows with
    ``active`` false are kept for the record and ignored by the calendar.
    """

    date: dt.date
    kind: str
    scope: str = SCOPE_CIVIL_SERVICE
    year: int | None = None
    source: str = ""
    status: str = "secondary"
    active: bool = True
    note: str = ""


@dataclass(frozen=True)
class DayOff:
    """A weekday that is not a working day (or a weekend day that is), and why."""

    date: dt.date
    reason: str


def _seconds(value: dt.time) -> int:
    return value.hour * 3600 + value.minute * 60 + value.second


def _time_of(seconds: int) -> dt.time:
    hours, rest = divmod(seconds, 3600)
    return dt.time(hours, rest // 60, rest % 60)


@dataclass(frozen=True)
class OfficeHours:
    """The opening periods of a working day and how many working hours make a day."""

    periods: tuple[tuple[dt.time, dt.time], ...] = (
        (dt.time(7, 0), dt.time(11, 30)),
        (dt.time(13, 30), dt.time(17, 0)),
    )
    hours_per_day: int = 8

    def __post_init__(self) -> None:
        if not self.periods:
            raise CalendarError(_("Office hours need at least one period."))
        previous_end = -1
        for start, end in self.periods:
            if not previous_end < _seconds(start) < _seconds(end):
                raise CalendarError(
                    _("Office-hour periods must be in order, non-empty and must not overlap.")
                )
            previous_end = _seconds(end)
        if self.hours_per_day <= 0:
            raise CalendarError(_("A working day must have a positive number of hours."))

    @property
    def spans(self) -> tuple[tuple[int, int], ...]:
        """The periods as (start, end) seconds after midnight."""
        return tuple((_seconds(s), _seconds(e)) for s, e in self.periods)

    @property
    def day_seconds(self) -> int:
        """Office time in one working day, in seconds."""
        return sum(e - s for s, e in self.spans)


DEFAULT_OFFICE_HOURS = OfficeHours()


@lru_cache(maxsize=512)
def package_holidays(year: int, language: str = "vi") -> dict[dt.date, str]:
    """Holidays of the ``holidays`` package for Vietnam in ``year`` (cached per process).

    ``language`` is ``vi`` or ``en`` (``en_US`` for the package).
    """
    lang = "vi" if language.startswith("vi") else "en_US"
    found = holidays.country_holidays(COUNTRY, years=year, language=lang)
    return {day: str(name) for day, name in sorted(found.items()) if day.year == year}


@dataclass(frozen=True)
class _Index:
    first_year: int
    last_year: int
    epoch: int  # ordinal of 1 January of first_year
    flags: bytes  # 1 for a working day, per day from the epoch
    cum: tuple[int, ...]  # cum[i] = working days in [epoch, epoch + i)
    working: tuple[int, ...]  # day offsets of the working days, ascending


class WorkingCalendar:
    """Working days for one scope, from the package holidays plus the override rows."""

    def __init__(
        self,
        overrides: Iterable[Override] = (),
        *,
        scope: str = SCOPE_CIVIL_SERVICE,
        office_hours: OfficeHours = DEFAULT_OFFICE_HOURS,
        time_zone: str = TIME_ZONE,
    ) -> None:
        if scope not in SCOPES:
            raise CalendarError(_("Unknown calendar scope “{scope}”.").format(scope=scope))
        self.scope = scope
        self.office_hours = office_hours
        self.time_zone = time_zone
        applicable = (
            (SCOPE_ALL, SCOPE_CIVIL_SERVICE) if scope == SCOPE_CIVIL_SERVICE else (SCOPE_ALL,)
        )
        chosen: dict[dt.date, Override] = {}
        seen: set[tuple[dt.date, str]] = set()
        kept: list[Override] = []
        for row in overrides:
            if row.kind not in KINDS:
                raise CalendarError(_("Unknown override kind “{kind}”.").format(kind=row.kind))
            if row.scope not in SCOPES:
                raise CalendarError(_("Unknown calendar scope “{scope}”.").format(scope=row.scope))
            if not row.active or row.scope not in applicable:
                continue
            if (row.date, row.scope) in seen:
                raise CalendarError(
                    _("Two overrides for {date} in scope “{scope}”.").format(
                        date=row.date.isoformat(), scope=row.scope
                    )
                )
            seen.add((row.date, row.scope))
            kept.append(row)
            current = chosen.get(row.date)
            if current is None or row.scope == SCOPE_CIVIL_SERVICE:
                chosen[row.date] = row
        self._overrides = chosen
        self.overrides: tuple[Override, ...] = tuple(sorted(kept, key=lambda o: o.date))
        self._years: dict[int, bytes] = {}
        self._index: _Index | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<WorkingCalendar scope={self.scope} overrides={len(self.overrides)}>"

    # -- the rule -----------------------------------------------------------------------------

    def _rule(self, day: dt.date, holiday: bool) -> bool:
        override = self._overrides.get(day)
        kind = override.kind if override is not None else ""
        if kind == MAKE_UP_WORKING_DAY:
            return True
        if day.weekday() >= _SATURDAY or kind == EXTRA_DAY_OFF:
            return False
        return not holiday or kind == NOT_A_HOLIDAY

    def _year_flags(self, year: int) -> bytes:
        flags = self._years.get(year)
        if flags is None:
            off = package_holidays(year)
            first = dt.date(year, 1, 1)
            size = (dt.date(year + 1, 1, 1) - first).days
            flags = bytes(
                int(self._rule(day, day in off))
                for day in (first + dt.timedelta(days=i) for i in range(size))
            )
            self._years[year] = flags
        return flags

    @staticmethod
    def _out_of_range(year: int) -> CalendarError:
        return CalendarError(
            _("{year} is outside the years the calendar covers ({first}–{last}).").format(
                year=year, first=FIRST_YEAR, last=LAST_YEAR
            )
        )

    def _cover(self, first_year: int, last_year: int) -> _Index:
        """An index covering at least ``first_year``–``last_year`` (built under a lock)."""
        for year in (first_year, last_year):
            if not FIRST_YEAR <= year <= LAST_YEAR:
                raise self._out_of_range(year)
        with self._lock:
            index = self._index
            if (
                index is not None
                and index.first_year <= first_year
                and last_year <= index.last_year
            ):
                return index
            if index is not None:
                first_year = min(first_year, index.first_year)
                last_year = max(last_year, index.last_year)
            flags = b"".join(self._year_flags(y) for y in range(first_year, last_year + 1))
            cum = [0] * (len(flags) + 1)
            running = 0
            for i, flag in enumerate(flags):
                running += flag
                cum[i + 1] = running
            index = _Index(
                first_year=first_year,
                last_year=last_year,
                epoch=dt.date(first_year, 1, 1).toordinal(),
                flags=flags,
                cum=tuple(cum),
                working=tuple(i for i, flag in enumerate(flags) if flag),
            )
            self._index = index
            return index

    def _offset(self, day: dt.date) -> tuple[_Index, int]:
        index = self._index
        if index is not None:
            offset = day.toordinal() - index.epoch
            if 0 <= offset < len(index.flags):
                return index, offset
        index = self._cover(day.year, day.year)
        return index, day.toordinal() - index.epoch

    # -- days ---------------------------------------------------------------------------------

    def is_working_day(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day of this calendar."""
        index, offset = self._offset(day)
        return index.flags[offset] == 1

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The date ``n`` working days after ``start`` (before it when ``n`` is negative).

        ``n > 0``: the n-th working day strictly after ``start``, whatever ``start`` is.
        ``n < 0``: the |n|-th working day strictly before ``start``.
        ``n == 0``: ``start`` if it is a working day, else the next working day.
        """
        if n == 0:
            return start if self.is_working_day(start) else self.add_working_days(start, 1)
        index, offset = self._offset(start)
        while True:
            if n > 0:
                position = index.cum[offset + 1] + n - 1
                if position < len(index.working):
                    return dt.date.fromordinal(index.epoch + index.working[position])
                if index.last_year >= LAST_YEAR:
                    raise self._out_of_range(LAST_YEAR + 1)
                wanted = min(LAST_YEAR, index.last_year + 1 + n // 200)
                index = self._cover(index.first_year, wanted)
            else:
                position = index.cum[offset] + n
                if position >= 0:
                    return dt.date.fromordinal(index.epoch + index.working[position])
                if index.first_year <= FIRST_YEAR:
                    raise self._out_of_range(FIRST_YEAR - 1)
                wanted = max(FIRST_YEAR, index.first_year - 1 + n // 200)
                index = self._cover(wanted, index.last_year)
            offset = start.toordinal() - index.epoch

    def next_working_day(self, day: dt.date) -> dt.date:
        """The first working day strictly after ``day``."""
        return self.add_working_days(day, 1)

    def previous_working_day(self, day: dt.date) -> dt.date:
        """The last working day strictly before ``day``."""
        return self.add_working_days(day, -1)

    def count_working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days from ``start`` to ``end``, both included; 0 when ``end < start``."""
        if end < start:
            return 0
        index = self._cover(start.year, end.year)
        first = start.toordinal() - index.epoch
        last = end.toordinal() - index.epoch
        return index.cum[last + 1] - index.cum[first]

    def working_day_ordinals(self, first: dt.date, last: dt.date) -> dict[dt.date, int]:
        """For every date from ``first`` to ``last``: the working days in ``[first, date]``.

        With ``o`` this mapping and ``first <= a <= b <= last``,
        ``count_working_days(a, b) == o[b] - o[a] + is_working_day(a)``; map a column of start
        and end dates through it (and through :meth:`is_working_day`) to count for millions of
        dossiers with one subtraction each.
        """
        if last < first:
            return {}
        index = self._cover(first.year, last.year)
        base = first.toordinal() - index.epoch
        before = index.cum[base]
        return {
            first + dt.timedelta(days=i): index.cum[base + i + 1] - before
            for i in range(last.toordinal() - first.toordinal() + 1)
        }

    def days_off(self, year: int, language: str = "vi") -> list[DayOff]:
        """The weekdays of ``year`` that are not working days, each with its reason."""
        names = package_holidays(year, language)
        flags = self._year_flags(year)
        first = dt.date(year, 1, 1)
        result = []
        for i, flag in enumerate(flags):
            day = first + dt.timedelta(days=i)
            if flag or day.weekday() >= _SATURDAY:
                continue
            reasons = [names[day]] if day in names else []
            override = self._overrides.get(day)
            if override is not None and override.kind == EXTRA_DAY_OFF:
                reasons.append(_("extra day off ({source})").format(source=override.source))
            result.append(DayOff(day, "; ".join(reasons)))
        return result

    def make_up_days(self, year: int) -> list[DayOff]:
        """The Saturdays and Sundays of ``year`` that are working days, each with its source."""
        return [
            DayOff(day, _("make-up working day ({source})").format(source=row.source))
            for day, row in sorted(self._overrides.items())
            if day.year == year and row.kind == MAKE_UP_WORKING_DAY and day.weekday() >= _SATURDAY
        ]

    # -- office hours -------------------------------------------------------------------------

    def _to_local(self, moment: dt.datetime) -> tuple[dt.datetime, ZoneInfo | None]:
        if moment.tzinfo is None:
            return moment, None
        zone = ZoneInfo(self.time_zone)
        return moment.astimezone(zone).replace(tzinfo=None), zone

    @staticmethod
    def _back(moment: dt.datetime, zone: ZoneInfo | None) -> dt.datetime:
        return moment if zone is None else moment.replace(tzinfo=zone)

    def _clock_start_local(self, moment: dt.datetime, cutoff: dt.time | None) -> dt.datetime:
        spans = self.office_hours.spans
        day = moment.date()
        second = _seconds(moment.time()) + (1 if moment.microsecond else 0)
        if self.is_working_day(day) and (cutoff is None or second < _seconds(cutoff)):
            for start, end in spans:
                if second < end:
                    return dt.datetime.combine(day, _time_of(max(second, start)))
        day = self.next_working_day(day)
        return dt.datetime.combine(day, _time_of(spans[0][0]))

    def clock_start(
        self, received_at: dt.datetime, *, cutoff: dt.time | None = None
    ) -> dt.datetime:
        """When the processing clock starts for a dossier received at ``received_at`` (§6.2).

        During office hours: at once. Before the morning opening: at the opening (07:00). During
        the lunch break: at the afternoon opening (13:30). At or after the closing (17:00), or
        on a day that is not a working day (Saturday, Sunday, holiday): at the opening of the
        next working day. ``cutoff`` is a procedure-specific cut-off (§6.3, e.g. 15:00):
        received at or after it, the clock starts on the next working day. A time with
        fractions of a second is rounded up to the next whole second.
        """
        local, zone = self._to_local(received_at)
        return self._back(self._clock_start_local(local, cutoff), zone)

    def add_working_hours(
        self, start: dt.datetime, hours: int | float | Decimal, *, cutoff: dt.time | None = None
    ) -> dt.datetime:
        """The moment ``hours`` working hours after the clock starts for ``start``.

        The clock starts as :meth:`clock_start` says, then runs during office hours only;
        ``hours_per_day`` hours (8) make a full working day, so 8 hours from 07:00 on a working
        day end at 17:00 that day, and 16 hours at 17:00 the next working day. A deadline that
        falls exactly on the end of a period stays there (11:30, 17:00). ``hours`` must not be
        negative; it is rounded to the second.
        """
        amount = Decimal(str(hours))
        if amount < 0:
            raise CalendarError(_("The number of working hours must not be negative."))
        office = self.office_hours
        remaining = int(
            (amount * office.day_seconds / office.hours_per_day).to_integral_value(ROUND_HALF_UP)
        )
        local, zone = self._to_local(start)
        moment = self._clock_start_local(local, cutoff)
        day, second = moment.date(), _seconds(moment.time())
        first_day = True
        while True:
            for span_start, span_end in office.spans:
                if second >= span_end:
                    continue
                begin = max(second, span_start)
                if remaining <= span_end - begin:
                    return self._back(dt.datetime.combine(day, _time_of(begin + remaining)), zone)
                remaining -= span_end - begin
            skip = 1
            if first_day:
                whole, rest = divmod(remaining, office.day_seconds)
                if rest == 0:
                    whole, rest = whole - 1, office.day_seconds
                skip, remaining, first_day = whole + 1, rest, False
            day, second = self.add_working_days(day, skip), 0
