"""``parindex calendar``: working-day arithmetic, the days off of a year, loading overrides.

    ./run calendar add DATE N [--format iso|vi|json] [--scope civil_service|all]
    ./run calendar count START END [--format text|json] [--scope …]
    ./run calendar holidays YEAR [--format table|json] [--scope …]
    ./run calendar load-overrides [FILE]

Dates are read as YYYY-MM-DD or dd/mm/yyyy (or ``today``); ``add`` prints an ISO date unless
``--format vi`` asks for dd/mm/yyyy. See docs/cli-calendar.md.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.core.management.base import CommandError, CommandParser
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext as _

from parindex.calendars.actions import load_overrides
from parindex.calendars.overrides_file import SHIPPED_FILE
from parindex.calendars.queries import get_calendar
from parindex.core.commands import ParIndexCommand
from parindex.lib.calendar import (
    FIRST_YEAR,
    LAST_YEAR,
    SCOPE_CIVIL_SERVICE,
    SCOPES,
    CalendarError,
    WorkingCalendar,
)
from parindex.lib.formatting import format_date

_VI_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_INTEGER = re.compile(r"^[+-]?\d+$")


def parse_cli_date(value: str, argument: str) -> dt.date:
    """A date given as YYYY-MM-DD, dd/mm/yyyy or ``today``; CommandError naming the argument."""
    text = value.strip()
    if text.lower() == "today":
        return timezone.localdate()
    match = _ISO_DATE.match(text)
    parts = None
    if match:
        parts = (int(match[1]), int(match[2]), int(match[3]))
    elif match := _VI_DATE.match(text):
        parts = (int(match[3]), int(match[2]), int(match[1]))
    if parts is not None:
        try:
            return dt.date(*parts)
        except ValueError:
            pass
    raise CommandError(
        _("{argument}: “{value}” is not a date; write YYYY-MM-DD or dd/mm/yyyy.").format(
            argument=argument, value=value
        )
    )


def parse_cli_int(value: str, argument: str) -> int:
    """A whole number (sign allowed); CommandError naming the argument."""
    if not _INTEGER.match(value.strip()):
        raise CommandError(
            _("{argument}: “{value}” is not a whole number.").format(argument=argument, value=value)
        )
    return int(value.strip())


class Command(ParIndexCommand):
    help = "Working days: add, count, list the days off of a year, load the override file."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        def scoped(sub: Any) -> None:
            sub.add_argument(
                "--scope",
                choices=SCOPES,
                default=SCOPE_CIVIL_SERVICE,
                help="calendar to use (default: civil_service, the one of dossier deadlines)",
            )

        add = actions.add_parser("add", help="the date N working days after DATE")
        add.add_argument("date", metavar="DATE", help="YYYY-MM-DD, dd/mm/yyyy or today")
        add.add_argument("n", metavar="N", help="working days to add (negative: go back)")
        add.add_argument("--format", choices=("iso", "vi", "json"), default="iso")
        scoped(add)

        count = actions.add_parser("count", help="working days from START to END, both included")
        count.add_argument("start", metavar="START", help="YYYY-MM-DD, dd/mm/yyyy or today")
        count.add_argument("end", metavar="END", help="YYYY-MM-DD, dd/mm/yyyy or today")
        count.add_argument("--format", choices=("text", "json"), default="text")
        scoped(count)

        days = actions.add_parser("holidays", help="weekday days off of YEAR, with their reason")
        days.add_argument("year", metavar="YEAR")
        days.add_argument("--format", choices=("table", "json"), default="table")
        scoped(days)

        load = actions.add_parser("load-overrides", help="load an override file into the table")
        load.add_argument(
            "file", metavar="FILE", nargs="?", default=None, help="default: the shipped file"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "add":
                self._add(options)
            elif action == "count":
                self._count(options)
            elif action == "holidays":
                self._holidays(options)
            else:
                self._load(options)
        except CalendarError as exc:
            raise CommandError(str(exc)) from exc

    def _calendar(self, options: dict[str, Any]) -> WorkingCalendar:
        return get_calendar(options["scope"])

    def _add(self, options: dict[str, Any]) -> None:
        start = parse_cli_date(options["date"], "DATE")
        n = parse_cli_int(options["n"], "N")
        result = self._calendar(options).add_working_days(start, n)
        if options["format"] == "json":
            self.write_json({"start": start, "n": n, "scope": options["scope"], "result": result})
        elif options["format"] == "vi":
            self.stdout.write(format_date(result))
        else:
            self.stdout.write(result.isoformat())

    def _count(self, options: dict[str, Any]) -> None:
        start = parse_cli_date(options["start"], "START")
        end = parse_cli_date(options["end"], "END")
        if end < start:
            raise CommandError(
                _("END: {end} is before START ({start}); give the earlier date first.").format(
                    end=format_date(end), start=format_date(start)
                )
            )
        total = self._calendar(options).count_working_days(start, end)
        if options["format"] == "json":
            self.write_json(
                {"start": start, "end": end, "scope": options["scope"], "working_days": total}
            )
        else:
            self.stdout.write(str(total))

    def _holidays(self, options: dict[str, Any]) -> None:
        year = parse_cli_int(options["year"], "YEAR")
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(
                _("YEAR: {year} is outside the years the calendar covers ({first}–{last}).").format(
                    year=year, first=FIRST_YEAR, last=LAST_YEAR
                )
            )
        calendar = self._calendar(options)
        language = translation.get_language() or "vi"
        days_off = calendar.days_off(year, language)
        make_up = calendar.make_up_days(year)
        if options["format"] == "json":
            self.write_json(
                {
                    "year": year,
                    "scope": options["scope"],
                    "days_off": [{"date": d.date, "reason": d.reason} for d in days_off],
                    "make_up_working_days": [{"date": d.date, "reason": d.reason} for d in make_up],
                }
            )
            return
        headers = (_("Date"), _("Weekday"), _("Reason"))
        self.stdout.write(
            _("Weekday days off in {year} ({count}):").format(year=year, count=len(days_off))
        )
        self.write_table(
            headers,
            [(format_date(d.date), dateformat.format(d.date, "l"), d.reason) for d in days_off],
        )
        if make_up:
            self.stdout.write("")
            self.stdout.write(
                _("Weekend days worked in {year} ({count}):").format(year=year, count=len(make_up))
            )
            self.write_table(
                headers,
                [(format_date(d.date), dateformat.format(d.date, "l"), d.reason) for d in make_up],
            )

    def _load(self, options: dict[str, Any]) -> None:
        path = options["file"] or SHIPPED_FILE
        result = load_overrides(path, actor=None)
        self.stdout.write(
            _("{file}: {created} created, {updated} updated, {unchanged} unchanged.").format(
                file=path,
                created=len(result.created),
                updated=len(result.updated),
                unchanged=len(result.unchanged),
            )
        )
