"""The points of one leaf."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from parindex.lib.errors import InputRejected
from parindex.lib.scoring.inputs import LeafInput, input_problems, leaf_rate
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    AWARD_MAX,
    BINARY,
    COUNT_STEPS,
    DEDUCTION,
    EXCLUDE_AND_RESCALE,
    INDEX_METHODS,
    RATE_PROPORTIONAL,
    RATE_STEPS,
)
from parindex.lib.scoring.numbers import HUNDRED, ONE, ZERO, to_decimal
from parindex.lib.scoring.params import param, steps_of
from parindex.lib.scoring.tree import NodeSpec


def score_leaf(
    node: NodeSpec, data: LeafInput, *, not_applicable_policy: str = AWARD_MAX
) -> Decimal:
    """Points of one leaf, unrounded. Refuses out-of-range data with :class:`InputRejected`.

    A not-applicable row earns its maximum under ``award_max`` and 0 under
    ``exclude_and_rescale`` (where :func:`score` also drops it from the applicable maximum).
    Adjustment rows that do not apply earn 0 under either policy.
    """
    problems = input_problems(node, data)
    if problems:
        raise InputRejected(problems)
    assert node.max_points is not None and node.method is not None
    maximum, params, method = node.max_points, node.params, node.method
    if data.not_applicable:
        if node.is_adjustment or not_applicable_policy == EXCLUDE_AND_RESCALE:
            return ZERO
        return maximum
    if method == BINARY:
        return maximum if data.met else ZERO
    if method == RATE_PROPORTIONAL:
        rate = leaf_rate(data)
        assert rate is not None
        return _rate_proportional(maximum, params, rate)
    if method == RATE_STEPS:
        rate = leaf_rate(data)
        assert rate is not None
        return _rate_steps(params, rate)
    if method == COUNT_STEPS:
        assert data.count is not None
        return _count_steps(maximum, params, data.count)
    if method in INDEX_METHODS:
        if data.points is not None:
            return data.points
        assert data.value is not None
        if params.get("conversion") == "percent":
            value_max = param(params, "value_max", HUNDRED) or HUNDRED
            return maximum * data.value / value_max
        return data.value
    if method in ADJUSTMENT_METHODS:
        return _adjustment(node, data)
    assert data.points is not None  # manual
    return data.points


def _rate_proportional(maximum: Decimal, params: Mapping[str, Any], rate: Decimal) -> Decimal:
    full_at = param(params, "full_at", ONE) or ONE
    zero_below = param(params, "zero_below")
    if zero_below is not None and rate < zero_below:
        return ZERO
    if params.get("mode", "scaled") == "plain":
        return maximum if rate >= full_at else maximum * rate
    return min(maximum, maximum * rate / full_at)


def _rate_steps(params: Mapping[str, Any], rate: Decimal) -> Decimal:
    for step in steps_of(params):
        lower = to_decimal(step["lower"])
        upper = step.get("upper")
        if rate >= lower and (upper in (None, "") or rate < to_decimal(upper)):
            return to_decimal(step["points"])
    return ZERO


def _count_steps(maximum: Decimal, params: Mapping[str, Any], count: int) -> Decimal:
    reached = ZERO
    best_at = Decimal(-1)
    for step in steps_of(params):
        at_least = to_decimal(step["at_least"])
        if count >= at_least and at_least > best_at:
            best_at, reached = at_least, to_decimal(step["points"])
    cap = param(params, "cap", maximum) or maximum
    return min(reached, cap, maximum)


def _adjustment(node: NodeSpec, data: LeafInput) -> Decimal:
    params = node.params
    per_item = param(params, "points_per_item", ZERO) or ZERO
    item_cap = param(params, "item_cap")
    total_cap = param(params, "total_cap", node.max_points) or node.max_points or ZERO
    if data.items:
        items = [min(item, item_cap) if item_cap is not None else item for item in data.items]
        magnitude = sum(items, ZERO)
    elif data.count is not None:
        one = min(per_item, item_cap) if item_cap is not None else per_item
        magnitude = one * data.count
    else:
        magnitude = abs(data.points or ZERO)
    magnitude = min(magnitude, total_cap)
    return -magnitude if node.method == DEDUCTION else magnitude
