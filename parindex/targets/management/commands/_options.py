"""Option parsing shared by the standing, targets and simulate commands."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem

FORMATS = ("table", "json")


def choice(value: str | None, name: str, choices: tuple[str, ...], problems: list[Problem]) -> str:
    if value is None or value in choices:
        return value or choices[0]
    problems.append(
        Problem(
            _("“{value}” is not allowed here; use one of: {choices}.").format(
                value=value, choices=", ".join(choices)
            ),
            field=name,
        )
    )
    return choices[0]


def date(value: str | None, name: str, problems: list[Problem]) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        problems.append(
            Problem(
                _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=value), field=name
            )
        )
        return None


def raise_if(problems: list[Problem]) -> None:
    if problems:
        raise InputRejected(problems)
