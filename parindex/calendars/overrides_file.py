"""Reading and checking an override file (``data/calendar_overrides.yaml`` and its kind).

The format (docs/calendar.md)::

    format: parindex-calendar-overrides/1
    overrides:
      - date: 2026-08-22            # YYYY-MM-DD
        kind: make_up_working_day   # extra_day_off | make_up_working_day | not_a_holiday
        scope: civil_service        # civil_service | all
        year: 2026                  # notice year; optional, defaults to the year of the date
        source: 9441/TB-BNV
        status: secondary           # verified | secondary | unverified
        is_active: true             # optional, defaults to true
        note: ...                   # optional

Every problem of the file is collected, with its line and key, before anything is refused.
This module touches no model, so the data migration can use it too.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib import calendar as cal
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import decode
from parindex.lib.files.source import Source
from parindex.lib.files.yaml_loader import NO_DATES, LineDict, LineList, parse_yaml

SHIPPED_FILE = Path(__file__).resolve().parent / "data" / "calendar_overrides.yaml"
FORMAT = "parindex-calendar-overrides/1"
TOP_KEYS = ("format", "about", "overrides")
ROW_KEYS = ("date", "kind", "scope", "year", "source", "status", "is_active", "note")
REQUIRED = ("date", "kind", "scope", "source", "status")
SOURCE_MAX = 200
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class OverrideRow:
    """One checked row of an override file, with the line it starts on."""

    date: dt.date
    kind: str
    scope: str
    year: int
    source: str
    status: str
    is_active: bool
    note: str
    line: int

    def values(self) -> dict[str, Any]:
        """The model fields other than the key (date, scope)."""
        return {
            "kind": self.kind,
            "year": self.year,
            "source": self.source,
            "status": self.status,
            "is_active": self.is_active,
            "note": self.note,
        }


def check_values(date: dt.date, kind: str, year: int | None) -> list[tuple[str, str]]:
    """Rules that tie the fields of one row together: (field, message) for each broken one."""
    problems: list[tuple[str, str]] = []
    weekend = date.weekday() >= 5
    if kind == cal.MAKE_UP_WORKING_DAY and not weekend:
        problems.append(("kind", _("A make-up working day must be a Saturday or a Sunday.")))
    if kind == cal.EXTRA_DAY_OFF and weekend:
        problems.append(
            ("kind", _("An extra day off must be a weekday (Monday to Friday); weekends are off."))
        )
    if year is not None and abs(year - date.year) > 1:
        problems.append(
            ("year", _("The notice year must be the year of the date or a year next to it."))
        )
    return problems


def parse_date(value: Any) -> dt.date | None:
    """A date written YYYY-MM-DD, or ``None``."""
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def _choice(value: Any, choices: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in choices else None


def _not_one_of(value: Any, choices: tuple[str, ...]) -> str:
    return _("“{value}” is not one of: {choices}.").format(value=value, choices=", ".join(choices))


def parse_overrides(text: str, name: str = "") -> list[OverrideRow]:
    """Check an override file and return its rows; refuse it whole with every problem found."""
    # Dates stay text, so a bad date is reported with its line.
    data = parse_yaml(text, name=name, scalars=NO_DATES)
    if not isinstance(data, LineDict) or not isinstance(data.get("overrides"), LineList):
        raise InputRejected(
            [Problem(_("The file must be a mapping with an “overrides” list."), line=1)]
        )
    problems = _check_top(data)
    sequence = data["overrides"]
    rows: list[OverrideRow] = []
    first_line: dict[tuple[dt.date, str], int] = {}
    for item, row_line in zip(sequence, sequence.item_lines, strict=True):
        if not isinstance(item, LineDict):
            problems.append(Problem(_("Each override must be a mapping of keys."), line=row_line))
            continue
        checked = _check_row(_RowCheck(item, row_line), first_line)
        if isinstance(checked, OverrideRow):
            rows.append(checked)
        else:
            problems.extend(checked)
    if problems:
        raise InputRejected(problems)
    return rows


def _check_top(data: LineDict) -> list[Problem]:
    """The problems of the file's top-level keys."""
    problems: list[Problem] = []
    for key in data:
        if key not in TOP_KEYS:
            problems.append(Problem(_("Unknown key."), line=data.key_lines.get(key), field=key))
    if "format" in data and data["format"] != FORMAT:
        problems.append(
            Problem(
                _("Unknown format; expected “{format}”.").format(format=FORMAT),
                line=data.key_lines.get("format"),
                field="format",
            )
        )
    return problems


class _RowCheck:
    """One override row being checked: its values and the problems found, each at its key's
    line (the row's own line for a missing key)."""

    def __init__(self, item: LineDict, line: int):
        self.item = item
        self.line = line
        self.found: list[Problem] = []

    def get(self, key: str, default: Any = None) -> Any:
        return self.item.get(key, default)

    def given(self, key: str) -> bool:
        return self.item.get(key) not in (None, "")

    def problem(self, field: str, message: str) -> None:
        self.found.append(
            Problem(message, line=self.item.key_lines.get(field, self.line), field=field)
        )


def _check_row(
    row: _RowCheck, first_line: dict[tuple[dt.date, str], int]
) -> OverrideRow | list[Problem]:
    """One row checked field by field, then as a whole; its problems if it has any.

    ``first_line`` holds the line of each (date, scope) already given, to refuse a second one.
    """
    _check_keys(row)
    date, kind, scope, status = _check_date_and_choices(row)
    year = _check_year(row, date)
    source, is_active, note = _check_texts(row)
    if date is not None and kind is not None:
        for field, message in check_values(date, kind, year):
            row.problem(field, message)
    if date is not None and scope is not None:
        if (date, scope) in first_line:
            row.problem(
                "date",
                _("This date and scope are already given on line {line}.").format(
                    line=first_line[(date, scope)]
                ),
            )
        else:
            first_line[(date, scope)] = row.line
    if row.found:
        return row.found
    assert date is not None and kind and scope and status and year is not None
    return OverrideRow(
        date=date,
        kind=kind,
        scope=scope,
        year=year,
        source=str(source).strip(),
        status=status,
        is_active=bool(is_active),
        note=str(note).strip(),
        line=row.line,
    )


def _check_keys(row: _RowCheck) -> None:
    for key in row.item:
        if key not in ROW_KEYS:
            row.problem(key, _("Unknown key."))
    for key in REQUIRED:
        if not row.given(key):
            row.problem(key, _("A value is required."))


def _check_date_and_choices(
    row: _RowCheck,
) -> tuple[dt.date | None, str | None, str | None, str | None]:
    date = parse_date(row.get("date"))
    if row.given("date") and date is None:
        row.problem("date", _("Write the date as YYYY-MM-DD (e.g. 2026-08-22)."))
    kind = _choice(row.get("kind"), cal.KINDS)
    scope = _choice(row.get("scope"), cal.SCOPES)
    status = _choice(row.get("status"), cal.STATUSES)
    for key, value, choices in (
        ("kind", kind, cal.KINDS),
        ("scope", scope, cal.SCOPES),
        ("status", status, cal.STATUSES),
    ):
        if value is None and row.given(key):
            row.problem(key, _not_one_of(row.get(key), choices))
    return date, kind, scope, status


def _check_year(row: _RowCheck, date: dt.date | None) -> int | None:
    year = row.get("year", date.year if date else None)
    if year is not None and (not isinstance(year, int) or isinstance(year, bool)):
        row.problem("year", _("Write the year as a whole number, e.g. 2026."))
        return None
    return year


def _check_texts(row: _RowCheck) -> tuple[Any, Any, Any]:
    """The source, is_active and note values, each checked for its type."""
    source = row.get("source")
    if row.given("source") and not isinstance(source, str | int):
        row.problem("source", _("Write the source as text."))
    elif isinstance(source, str) and len(source) > SOURCE_MAX:
        row.problem("source", _("At most {max} characters.").format(max=SOURCE_MAX))
    is_active = row.get("is_active", True)
    if not isinstance(is_active, bool):
        row.problem("is_active", _("Write true or false."))
    note = row.get("note", "")
    if note is None:
        note = ""
    if not isinstance(note, str):
        row.problem("note", _("Write the note as text."))
    return source, is_active, note


def read_overrides(path: Path | str) -> list[OverrideRow]:
    """Read and check the override file at ``path``."""
    source = Source.from_path(path)
    return parse_overrides(decode(source), source.name)
