"""Checking a scoring method's parameters (the ``params`` of a criterion)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Any

from parindex.lib.errors import Problem
from parindex.lib.i18n import _
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    COUNT_STEPS,
    INDEX_METHODS,
    METHODS,
    RATE_PROPORTIONAL,
    RATE_STEPS,
)
from parindex.lib.scoring.numbers import ONE, ZERO, to_decimal


def param(params: Mapping[str, Any], name: str, default: Decimal | None = None) -> Decimal | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    return to_decimal(raw)


def steps_of(params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = params.get("steps")
    return list(raw) if isinstance(raw, list | tuple) else []


def param_problems(
    method: str, params: Mapping[str, Any], max_points: Decimal | None
) -> list[Problem]:
    """Everything wrong with a method's parameters; ``field`` is ``params.<name>``."""
    if method not in METHODS:
        return [
            Problem(
                _("Unknown scoring method “{method}”; use one of {methods}.").format(
                    method=method, methods=", ".join(METHODS)
                ),
                field="method",
            )
        ]
    check = _ParamCheck(params, max_points)
    if method == RATE_PROPORTIONAL:
        _check_rate_proportional(check)
    elif method == RATE_STEPS:
        check.problems += _rate_step_problems(params, check.within_max)
    elif method == COUNT_STEPS:
        check.problems += _count_step_problems(params, check.within_max)
        check.within_max(check.number("cap"), "params.cap")
    elif method in INDEX_METHODS:
        _check_index(check)
    elif method in ADJUSTMENT_METHODS:
        _check_adjustment(check)
    return check.problems


class _ParamCheck:
    """The parameters of one row being checked, and the problems found so far."""

    def __init__(self, params: Mapping[str, Any], max_points: Decimal | None) -> None:
        self.params = params
        self.max_points = max_points
        self.problems: list[Problem] = []

    def add(self, message: str, name: str) -> None:
        self.problems.append(Problem(message, field=name))

    def number(self, name: str, *, required: bool = False) -> Decimal | None:
        raw = self.params.get(name)
        if raw is None or raw == "":
            if required:
                self.add(_("This parameter is required."), f"params.{name}")
            return None
        try:
            return to_decimal(raw)
        except ValueError:
            self.add(_("Not a number."), f"params.{name}")
            return None

    def within_max(self, value: Decimal | None, name: str) -> None:
        maximum = self.max_points
        if value is not None and (value < 0 or (maximum is not None and value > maximum)):
            self.add(_("Points must lie between 0 and the row's maximum."), name)


def _check_rate_proportional(check: _ParamCheck) -> None:
    full_at = check.number("full_at")
    zero_below = check.number("zero_below")
    if full_at is not None and not ZERO < full_at <= ONE:
        check.add(_("Must be a fraction above 0 and at most 1."), "params.full_at")
    if zero_below is not None and not ZERO <= zero_below <= (full_at or ONE):
        check.add(_("Must be a fraction between 0 and full_at."), "params.zero_below")
    if check.params.get("mode", "scaled") not in ("scaled", "plain"):
        check.add(_("The mode must be “scaled” or “plain”."), "params.mode")


def _check_index(check: _ParamCheck) -> None:
    if check.params.get("conversion", "points") not in ("points", "percent"):
        check.add(_("The conversion must be “points” or “percent”."), "params.conversion")
    value_max = check.number("value_max")
    if value_max is not None and value_max <= 0:
        check.add(_("Must be above 0."), "params.value_max")


def _check_adjustment(check: _ParamCheck) -> None:
    per_item = check.number("points_per_item", required=True)
    item_cap = check.number("item_cap")
    total_cap = check.number("total_cap", required=True)
    for name, value in (
        ("points_per_item", per_item),
        ("item_cap", item_cap),
        ("total_cap", total_cap),
    ):
        if value is not None and value <= 0:
            check.add(_("Enter a positive number of points."), f"params.{name}")
    if total_cap is not None and check.max_points is not None and total_cap != check.max_points:
        check.add(_("For bonus and deduction rows the maximum must equal total_cap."), "max_points")


def _rate_step_problems(params: Mapping[str, Any], within_max: Any) -> list[Problem]:
    problems: list[Problem] = []
    raw = params.get("steps")
    if not isinstance(raw, list | tuple) or not raw:
        return [Problem(_("A list of steps is required."), field="params.steps")]
    steps: list[tuple[Decimal, Decimal | None, Decimal]] = []
    for index, step in enumerate(raw, start=1):
        where = f"params.steps[{index}]"
        if not isinstance(step, Mapping) or "lower" not in step or "points" not in step:
            problems.append(Problem(_("Each step needs “lower” and “points”."), field=where))
            continue
        try:
            lower = to_decimal(step["lower"])
            upper = None if step.get("upper") in (None, "") else to_decimal(step["upper"])
            points = to_decimal(step["points"])
        except ValueError:
            problems.append(Problem(_("Not a number."), field=where))
            continue
        if not ZERO <= lower <= ONE or (upper is not None and upper <= lower):
            problems.append(
                Problem(_("Bounds must be fractions in [0, 1] with lower < upper."), field=where)
            )
        within_max(points, where)
        steps.append((lower, upper, points))
    if problems:
        return problems
    steps.sort(key=lambda s: s[0])
    for (_lower, upper, points), (next_lower, _next_upper, next_points) in pairwise(steps):
        if upper is None or upper != next_lower:
            problems.append(
                Problem(
                    _("Steps must be contiguous: each step must end where the next begins."),
                    field="params.steps",
                )
            )
        if next_points < points:
            problems.append(
                Problem(
                    _("The step table is not monotone: a higher rate must not earn fewer points."),
                    field="params.steps",
                )
            )
    if steps[-1][1] is not None:
        problems.append(
            Problem(_("The highest step must have no upper bound."), field="params.steps")
        )
    return problems


def _count_step_problems(params: Mapping[str, Any], within_max: Any) -> list[Problem]:
    problems: list[Problem] = []
    raw = params.get("steps")
    if not isinstance(raw, list | tuple) or not raw:
        return [Problem(_("A list of steps is required."), field="params.steps")]
    previous: tuple[Decimal, Decimal] | None = None
    for index, step in enumerate(raw, start=1):
        where = f"params.steps[{index}]"
        if not isinstance(step, Mapping) or "at_least" not in step or "points" not in step:
            problems.append(Problem(_("Each step needs “at_least” and “points”."), field=where))
            continue
        try:
            at_least = to_decimal(step["at_least"])
            points = to_decimal(step["points"])
        except ValueError:
            problems.append(Problem(_("Not a number."), field=where))
            continue
        if at_least < 0 or at_least != at_least.to_integral_value():
            problems.append(Problem(_("A count must be a whole number, 0 or more."), field=where))
        within_max(points, where)
        if previous is not None and (at_least <= previous[0] or points < previous[1]):
            problems.append(
                Problem(
                    _("The step table is not monotone: counts must rise, points must not fall."),
                    field=where,
                )
            )
        previous = (at_least, points)
    return problems
