"""Scoring rules in words, in the active language, for screens and the CLI.

``describe_rule`` is shown next to every criterion: on the framework page and, later, on the
self-assessment form, so that a unit sees exactly how its declared data turns into points.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.lib.formatting import format_number
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    BINARY,
    BONUS,
    COUNT_STEPS,
    DEDUCTION,
    EXTERNAL_INDEX,
    INDEX_METHODS,
    MANUAL,
    RATE_PROPORTIONAL,
    RATE_STEPS,
    SURVEY,
)
from parindex.lib.scoring.numbers import to_decimal
from parindex.lib.scoring.tree import NodeSpec


def number(value: Decimal | int | float | None) -> str:
    """A number without useless decimals, the Vietnamese way in Vietnamese (1,5; 14,5; 10)."""
    if value is None:
        return "—"
    decimal = to_decimal(value).normalize()
    places = max(0, -decimal.as_tuple().exponent)  # type: ignore[operator]
    return format_number(decimal, places=min(places, 4), lang=get_language() or "vi")


def percent(fraction: Any) -> str:
    """A fraction shown as a percentage: 0.8 → 80 %."""
    return "{value} %".format(value=number(to_decimal(fraction) * 100))


def method_label(method: str | None) -> str:
    labels = {
        BINARY: _("met / not met"),
        RATE_PROPORTIONAL: _("proportional to a rate"),
        RATE_STEPS: _("stepped by rate"),
        COUNT_STEPS: _("stepped by count"),
        SURVEY: _("survey"),
        EXTERNAL_INDEX: _("external index"),
        BONUS: _("bonus points"),
        DEDUCTION: _("deduction points"),
        MANUAL: _("points entered directly"),
    }
    if not method:
        return _("sum of sub-criteria")
    return labels.get(method, method)


def describe_rule(node: NodeSpec) -> str:
    """The scoring rule of a row, stated in words."""
    if node.children:
        return _("Sum of its sub-criteria.")
    if not node.method:
        return _("No scoring rule is published for this row.")
    maximum = number(node.max_points)
    params: Mapping[str, Any] = node.params
    method = node.method
    if method == BINARY:
        return _("Met: {max} points; not met: 0.").format(max=maximum)
    if method == RATE_PROPORTIONAL:
        return _rate_proportional(maximum, params)
    if method == RATE_STEPS:
        return _rate_steps(params)
    if method == COUNT_STEPS:
        parts = [
            _("{count} or more: {points}").format(
                count=number(step["at_least"]), points=number(step["points"])
            )
            for step in params.get("steps", [])
        ]
        text = _("Points by count: {steps}.").format(steps="; ".join(parts))
        if params.get("cap") not in (None, ""):
            text += " " + _("At most {cap} points.").format(cap=number(params["cap"]))
        return text
    if method in INDEX_METHODS:
        return _index(node, maximum, params)
    if method in ADJUSTMENT_METHODS:
        return _adjustment(method, params)
    return _("Points entered directly, from 0 to {max}.").format(max=maximum)


def _rate_proportional(maximum: str, params: Mapping[str, Any]) -> str:
    full_at = percent(params.get("full_at", 1))
    floor = params.get("zero_below")
    if params.get("mode", "scaled") == "plain":
        if floor in (None, ""):
            return _(
                "Full points ({max}) from a rate of {full}; below that, {max} × the rate."
            ).format(max=maximum, full=full_at)
        return _(
            "Full points ({max}) from a rate of {full}; from {floor} to below {full}, {max} × the "
            "rate; below {floor}, 0."
        ).format(max=maximum, full=full_at, floor=percent(floor))
    text = _(
        "Points in proportion to the rate: {max} × rate ÷ {full}, full points from {full}."
    ).format(max=maximum, full=full_at)
    if floor not in (None, ""):
        text += " " + _("0 points below {floor}.").format(floor=percent(floor))
    return text


def _rate_steps(params: Mapping[str, Any]) -> str:
    steps = sorted(params.get("steps", []), key=lambda s: to_decimal(s["lower"]), reverse=True)
    parts = []
    for step in steps:
        if step.get("upper") in (None, ""):
            parts.append(
                _("from {lower}: {points}").format(
                    lower=percent(step["lower"]), points=number(step["points"])
                )
            )
        else:
            parts.append(
                _("from {lower} to below {upper}: {points}").format(
                    lower=percent(step["lower"]),
                    upper=percent(step["upper"]),
                    points=number(step["points"]),
                )
            )
    return _("Points by rate: {steps}.").format(steps="; ".join(parts))


def _index(node: NodeSpec, maximum: str, params: Mapping[str, Any]) -> str:
    if node.method == SURVEY:
        lead = _("Computed from the survey, never self-scored.")
    else:
        lead = _("Converted from the published index {index}.").format(
            index=params.get("index") or _("named by the framework")
        )
    if params.get("conversion") == "percent":
        rule = _("Points = {max} × value ÷ {value_max}.").format(
            max=maximum, value_max=number(params.get("value_max", 100))
        )
    else:
        rule = _("Points are imported as computed, from 0 to {max}.").format(max=maximum)
    return f"{lead} {rule}"


def _adjustment(method: str, params: Mapping[str, Any]) -> str:
    per_item = number(params.get("points_per_item"))
    total = number(params.get("total_cap"))
    if method == BONUS:
        text = _("Bonus: {points} points per item, at most {cap} in total.").format(
            points=per_item, cap=total
        )
    else:
        text = _("Deduction: {points} points subtracted per item, at most {cap} in total.").format(
            points=per_item, cap=total
        )
    if params.get("item_cap") not in (None, ""):
        text += " " + _("At most {cap} points per item.").format(cap=number(params["item_cap"]))
    return text
