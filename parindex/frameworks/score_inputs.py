"""The declared-data CSV read by ``parindex score`` (docs/framework-format.md, "Inputs CSV").

One row per leaf: ``criterion_code`` plus whichever of ``value``, ``numerator``,
``denominator``, ``count``, ``points``, ``not_applicable`` the method needs; ``name`` and
``note`` columns are allowed and ignored. ``value`` is read according to the row's method (met
or not, a rate, a count, an index value or points). Every problem names its row and column;
one bad row refuses the whole file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.utils.translation import gettext as _

from parindex.frameworks.framework_document import parse_bool, parse_decimal
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.rows import read_table
from parindex.lib.files.source import Source
from parindex.lib.scoring.inputs import LeafInput, input_problems
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    BINARY,
    COUNT_STEPS,
    INDEX_METHODS,
    RATE_METHODS,
)
from parindex.lib.scoring.tree import FrameworkSpec, NodeSpec

COLUMNS = (
    "criterion_code",
    "value",
    "numerator",
    "denominator",
    "count",
    "points",
    "not_applicable",
)
IGNORED = ("name", "note")
MET_WORDS = {"đạt": True, "không đạt": False, "met": True, "not met": False}


def _number(text: str, row: int, field: str, problems: list[Problem]) -> Decimal | None:
    if text == "":
        return None
    try:
        return parse_decimal(text)
    except ValueError:
        problems.append(
            Problem(_("“{value}” is not a number.").format(value=text), row=row, field=field)
        )
        return None


def _rate(text: str, row: int, problems: list[Problem]) -> Decimal | None:
    if text.endswith("%"):
        number = _number(text[:-1].strip(), row, "value", problems)
        return None if number is None else number / 100
    return _number(text, row, "value", problems)


def _whole(value: Decimal | None, row: int, field: str, problems: list[Problem]) -> int | None:
    if value is None:
        return None
    if value != value.to_integral_value():
        problems.append(Problem(_("A whole number is required."), row=row, field=field))
        return None
    return int(value)


def read_inputs(source: Path | str, framework: FrameworkSpec) -> dict[str, LeafInput]:
    """Read a declared-data CSV (a path or the text) for ``framework``; refuse it whole."""
    file = Source.from_path(source) if isinstance(source, Path) else Source.from_text(source)
    table = read_table(file, allow_empty=True)
    headers = table.header
    problems: list[Problem] = []
    if "criterion_code" not in headers:
        problems.append(Problem(_("The criterion_code column is missing."), row=1))
    for header in headers:
        if header not in COLUMNS and header not in IGNORED:
            problems.append(
                Problem(_("Unknown column “{title}”.").format(title=header), row=1, field=header)
            )
    if problems:
        raise InputRejected(problems)

    nodes = {node.code: node for node in framework.walk()}
    inputs: dict[str, LeafInput] = {}
    for row in table.rows:
        number, cells = row.number, row.values
        found: list[Problem] = []
        code = cells.get("criterion_code", "")
        node = nodes.get(code)
        if node is None:
            problems.append(
                Problem(
                    _("Unknown criterion {code}.").format(code=code),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        if code in inputs:
            problems.append(
                Problem(
                    _("Criterion {code} appears twice.").format(code=code),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        if node.children:
            problems.append(
                Problem(
                    _("Criterion {code} has sub-criteria: enter data for those instead.").format(
                        code=code
                    ),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        data = _leaf_input(node, cells, number, found)
        if not found and data is not None:
            found += [
                Problem(p.message, row=number, field=p.field) for p in input_problems(node, data)
            ]
        problems += found
        if data is not None:
            inputs[code] = data
    if problems:
        raise InputRejected(problems)
    return inputs


def _leaf_input(
    node: NodeSpec, cells: dict[str, str], row: int, problems: list[Problem]
) -> LeafInput | None:
    not_applicable = cells.get("not_applicable", "")
    if not_applicable:
        try:
            if parse_bool(not_applicable):
                return LeafInput(not_applicable=True)
        except ValueError:
            problems.append(
                Problem(
                    _("“{value}” is not yes or no.").format(value=not_applicable),
                    row=row,
                    field="not_applicable",
                )
            )
            return None
    value = cells.get("value", "")
    numerator = _number(cells.get("numerator", ""), row, "numerator", problems)
    denominator = _number(cells.get("denominator", ""), row, "denominator", problems)
    count = _whole(_number(cells.get("count", ""), row, "count", problems), row, "count", problems)
    points = _number(cells.get("points", ""), row, "points", problems)
    method = node.method
    if method == BINARY:
        met = None
        if value:
            lowered = value.lower()
            if lowered in MET_WORDS:
                met = MET_WORDS[lowered]
            else:
                try:
                    met = parse_bool(value)
                except ValueError:
                    problems.append(
                        Problem(
                            _("“{value}” is not met or not met (1/0, có/không).").format(
                                value=value
                            ),
                            row=row,
                            field="value",
                        )
                    )
        return LeafInput(met=met)
    if method in RATE_METHODS:
        rate = _rate(value, row, problems) if value else None
        return LeafInput(rate=rate, numerator=numerator, denominator=denominator)
    if method in (COUNT_STEPS, *ADJUSTMENT_METHODS):
        if value and count is None:
            count = _whole(_number(value, row, "value", problems), row, "value", problems)
        return LeafInput(count=count, points=points)
    if method in INDEX_METHODS:
        return LeafInput(value=_number(value, row, "value", problems), points=points)
    if value and points is None:
        points = _number(value, row, "value", problems)
    return LeafInput(points=points)
