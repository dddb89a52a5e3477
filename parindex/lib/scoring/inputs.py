"""The declared data of a leaf and everything that can be wrong with it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from parindex.lib.errors import Problem
from parindex.lib.i18n import _
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    BINARY,
    BONUS,
    COUNT_STEPS,
    INDEX_METHODS,
    MANUAL,
    RATE_METHODS,
)
from parindex.lib.scoring.numbers import HUNDRED, ONE, ZERO
from parindex.lib.scoring.params import param
from parindex.lib.scoring.tree import NodeSpec


@dataclass(frozen=True)
class LeafInput:
    """The declared data of one leaf. Give what the method needs:

    - ``binary``: ``met``;
    - rate methods: ``rate`` (a fraction in [0, 1]) or ``numerator`` and ``denominator``;
    - ``count_steps``: ``count``;
    - ``survey``/``external_index``: ``points``, or ``value`` put through the conversion;
    - ``bonus``/``deduction``: ``count`` of items, ``items`` (points of each item) or ``points``;
    - ``manual``: ``points``.

    ``not_applicable`` (không áp dụng) overrides everything else.
    """

    met: bool | None = None
    rate: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int | None = None
    value: Decimal | None = None
    points: Decimal | None = None
    items: tuple[Decimal, ...] = ()
    not_applicable: bool = False


def reject(node: NodeSpec, field_name: str, message: str) -> Problem:
    return Problem(
        _("Criterion {code}: {message}").format(code=node.code, message=message), field=field_name
    )


def input_problems(node: NodeSpec, data: LeafInput) -> list[Problem]:
    """Everything wrong with the declared data of a leaf (empty list if it can be scored)."""
    if node.method is None or node.max_points is None:
        return [
            reject(node, "criterion_code", _("this row cannot be scored (no method or maximum)."))
        ]
    if data.not_applicable:
        return []
    method, maximum = node.method, node.max_points
    problems: list[Problem] = []
    if method == BINARY:
        if data.met is None:
            problems.append(reject(node, "value", _("state whether it is met.")))
    elif method in RATE_METHODS:
        problems += _rate_problems(node, data)
    elif method == COUNT_STEPS:
        if data.count is None:
            problems.append(reject(node, "count", _("a count is required.")))
        elif data.count < 0:
            problems.append(reject(node, "count", _("a count cannot be negative.")))
    elif method in INDEX_METHODS:
        if data.points is not None:
            if not ZERO <= data.points <= maximum:
                problems.append(_out_of_range(node, "points", maximum))
        elif data.value is not None:
            value_max = param(node.params, "value_max", HUNDRED) or HUNDRED
            top = value_max if node.params.get("conversion") == "percent" else maximum
            if not ZERO <= data.value <= top:
                problems.append(_out_of_range(node, "value", top))
        else:
            problems.append(reject(node, "points", _("points or an index value are required.")))
    elif method in ADJUSTMENT_METHODS:
        if data.count is not None and data.count < 0:
            problems.append(reject(node, "count", _("a count cannot be negative.")))
        elif any(item < 0 for item in data.items):
            problems.append(reject(node, "items", _("item points cannot be negative.")))
        elif data.points is not None and abs(data.points) > maximum:
            problems.append(_out_of_range(node, "points", maximum))
        elif data.points is not None and method == BONUS and data.points < 0:
            problems.append(reject(node, "points", _("bonus points cannot be negative.")))
    elif method == MANUAL:
        if data.points is None:
            problems.append(reject(node, "points", _("points are required.")))
        elif not ZERO <= data.points <= maximum:
            problems.append(_out_of_range(node, "points", maximum))
    return problems


def _out_of_range(node: NodeSpec, field_name: str, top: Decimal) -> Problem:
    return reject(
        node, field_name, _("the value must lie between 0 and {top}.").format(top=top.normalize())
    )


def _rate_problems(node: NodeSpec, data: LeafInput) -> list[Problem]:
    if data.rate is not None:
        if data.numerator is not None or data.denominator is not None:
            return [
                reject(node, "value", _("give a rate or a numerator and denominator, not both."))
            ]
        if not ZERO <= data.rate <= ONE:
            return [reject(node, "value", _("a rate must be a fraction between 0 and 1."))]
        return []
    if data.numerator is None or data.denominator is None:
        return [reject(node, "numerator", _("a rate or a numerator and denominator are required."))]
    problems = []
    if data.numerator < 0:
        problems.append(reject(node, "numerator", _("the numerator cannot be negative.")))
    if data.denominator <= 0:
        problems.append(
            reject(
                node,
                "denominator",
                _("the denominator must be above 0; declare the row not applicable instead."),
            )
        )
    elif data.numerator > data.denominator:
        problems.append(
            reject(node, "numerator", _("the numerator is greater than the denominator."))
        )
    return problems


def leaf_rate(data: LeafInput) -> Decimal | None:
    if data.rate is not None:
        return data.rate
    if data.numerator is not None and data.denominator:
        return data.numerator / data.denominator
    return None
