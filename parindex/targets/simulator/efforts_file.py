"""Reading an efforts file (CSV, docs/cli-standing.md): what each improvement would gain and
cost, refused whole with the row and field of every problem."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.rows import read_table
from parindex.lib.files.source import Source, SourceLike


@dataclass
class EffortItem:
    level: str
    unit: str
    code: str
    name: str
    area: str
    obtainable_points: float
    effort: float
    steps: int
    unit_max_points: float | None


def _number_of(
    row: dict[str, str],
    number: int,
    name: str,
    problems: list[Problem],
    *,
    required: bool,
    whole: bool = False,
) -> float | None:
    text = row.get(name, "")
    if not text:
        if required:
            problems.append(Problem(_("A value is required."), row=number, field=name))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(
            Problem(_("“{value}” is not a number.").format(value=text), row=number, field=name)
        )
        return None
    if value < 0 or (whole and (value != value.to_integral() or value < 1)):
        problems.append(
            Problem(
                _("“{value}” must be a positive number.").format(value=text),
                row=number,
                field=name,
            )
        )
        return None
    return float(value)


def read_efforts(source: SourceLike) -> list[EffortItem]:
    """An efforts file (CSV, docs/cli-standing.md): refused whole with row and field."""
    table = read_table(Source.of(source), allow_empty=True)
    problems = [
        Problem(_("This column is missing."), row=1, field=column)
        for column in ("code", "obtainable_points", "effort")
        if column not in table.header
    ]
    if problems:
        raise InputRejected(problems)
    items = []
    for record in table.rows:
        number = record.number
        row = {k: (v or "").strip() for k, v in record.values.items() if k}

        level = row.get("level") or "province"
        if level not in ("province", "internal"):
            problems.append(Problem(_("Use 'province' or 'internal'."), row=number, field="level"))
        code = row.get("code", "")
        if not code:
            problems.append(Problem(_("A value is required."), row=number, field="code"))
        points = _number_of(row, number, "obtainable_points", problems, required=True)
        effort = _number_of(row, number, "effort", problems, required=True)
        steps = _number_of(row, number, "steps", problems, required=False, whole=True)
        unit_max = _number_of(row, number, "unit_max_points", problems, required=False)
        if level == "internal" and not row.get("unit"):
            problems.append(Problem(_("A value is required."), row=number, field="unit"))
        items.append(
            EffortItem(
                level,
                row.get("unit", ""),
                code,
                row.get("name", ""),
                row.get("area", ""),
                points or 0.0,
                effort or 0.0,
                int(steps or 1),
                unit_max,
            )
        )
    if problems:
        raise InputRejected(problems)
    return items
