"""Reading a registry file (CSV): its rows, and the cell conversions that collect a problem per
bad cell (row and column as a spreadsheet shows them) instead of stopping at the first."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from parindex.lib.files.problems import ProblemCollector
from parindex.lib.files.rows import Row, read_table
from parindex.lib.files.source import Source, SourceLike

MIN_YEAR, MAX_YEAR = 2000, 2100


def read_csv(source: SourceLike) -> tuple[str, list[str], list[Row]]:
    """The file's name, header and rows, read by the kit (``lib/files``): UTF-8 or UTF-16 with
    a byte-order mark, any delimiter, a workbook's first sheet; anything else refused."""
    file = Source.of(source)
    table = read_table(file)
    return file.name, table.header, table.rows


class Checker:
    """Collects problems while converting the cells of one file."""

    def __init__(self) -> None:
        self.problems = ProblemCollector()

    def problem(self, row: Row, name: str, message: str) -> None:
        self.problems.add(message, row=row.number, field=name)

    def required(self, row: Row, name: str) -> str:
        value = row.get(name)
        if not value:
            self.problem(row, name, _("A value is required."))
        return value

    def year(self, row: Row, name: str = "year", *, required: bool = True) -> int | None:
        text = row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
            self.problem(
                row,
                name,
                _("“{value}” is not a year between {low} and {high}.").format(
                    value=text, low=MIN_YEAR, high=MAX_YEAR
                ),
            )
            return None
        return int(text)

    def decimal(
        self,
        row: Row,
        name: str,
        *,
        low: Decimal | None = None,
        high: Decimal | None = None,
        required: bool = False,
    ) -> Decimal | None:
        text = row.get(name).replace(",", ".") if row.get(name).count(",") == 1 else row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        try:
            value = Decimal(text.lstrip("+"))
        except InvalidOperation:
            self.problem(row, name, _("“{value}” is not a number.").format(value=text))
            return None
        if not value.is_finite():
            self.problem(row, name, _("“{value}” is not a number.").format(value=text))
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                row,
                name,
                _("{value} is outside {low}–{high}.").format(
                    value=text,
                    low=low if low is not None else "",
                    high=high if high is not None else "",
                ),
            )
            return None
        return value

    def integer(self, row: Row, name: str, *, required: bool = False) -> int | None:
        text = row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        if not text.isdigit():
            self.problem(row, name, _("“{value}” is not a whole number.").format(value=text))
            return None
        return int(text)

    def choice(self, row: Row, name: str, choices: Iterable[str], default: str) -> str:
        text = row.get(name).lower()
        if not text:
            return default
        allowed = list(choices)
        if text not in allowed:
            self.problem(
                row,
                name,
                _("“{value}” is not allowed here; use one of: {choices}.").format(
                    value=row.get(name), choices=", ".join(allowed)
                ),
            )
            return default
        return text

    def boolean(self, row: Row, name: str, default: bool) -> bool:
        text = row.get(name).lower()
        if not text:
            return default
        if text in {"true", "1", "yes"}:
            return True
        if text in {"false", "0", "no"}:
            return False
        self.problem(row, name, _("“{value}” is not true or false.").format(value=row.get(name)))
        return default

    def date(self, row: Row, name: str) -> dt.date | None:
        text = row.get(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(
                row, name, _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=text)
            )
            return None
