"""Properties of the scoring engine over random frameworks and random declared data."""

from __future__ import annotations

from decimal import Decimal as D
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.lib.scoring.inputs import LeafInput
from parindex.lib.scoring.leaf import score_leaf
from parindex.lib.scoring.methods import (
    ADJUSTMENT_METHODS,
    AWARD_MAX,
    DEDUCTION,
    EXCLUDE_AND_RESCALE,
)
from parindex.lib.scoring.params import param_problems
from parindex.lib.scoring.total import score
from parindex.lib.scoring.tree import FrameworkSpec, NodeSpec

points = st.decimals(min_value=D("0.25"), max_value=D(20), places=2)
fractions = st.decimals(min_value=D(0), max_value=D(1), places=4)


@st.composite
def rate_steps(draw: Any, maximum: D) -> list[dict[str, Any]]:
    cuts = sorted(draw(st.sets(st.decimals(D("0.01"), D("0.99"), places=2), max_size=4)))
    values = sorted(
        draw(
            st.lists(
                st.decimals(D(0), maximum, places=2), min_size=len(cuts) + 1, max_size=len(cuts) + 1
            )
        )
    )
    bounds = [D(0), *cuts]
    uppers: list[D | None] = [*cuts, None]
    return [
        {"lower": lo, "upper": up, "points": pts}
        for lo, up, pts in zip(bounds, uppers, values, strict=True)
    ]


@st.composite
def count_steps(draw: Any, maximum: D) -> list[dict[str, Any]]:
    counts = sorted(draw(st.sets(st.integers(0, 10), min_size=1, max_size=4)))
    values = sorted(
        draw(
            st.lists(
                st.decimals(D(0), maximum, places=2), min_size=len(counts), max_size=len(counts)
            )
        )
    )
    return [{"at_least": c, "points": p} for c, p in zip(counts, values, strict=True)]


@st.composite
def leaves(draw: Any, code: str, level: int) -> NodeSpec:
    maximum = draw(points)
    method = draw(
        st.sampled_from(
            [
                "binary",
                "rate_proportional",
                "rate_steps",
                "count_steps",
                "survey",
                "external_index",
                "manual",
                "bonus",
                "deduction",
            ]
        )
    )
    params: dict[str, Any] = {}
    if method == "rate_proportional":
        full_at = draw(st.decimals(D("0.1"), D(1), places=2))
        params = {"full_at": full_at, "mode": draw(st.sampled_from(["scaled", "plain"]))}
        if draw(st.booleans()):
            params["zero_below"] = draw(st.decimals(D(0), full_at, places=2))
    elif method == "rate_steps":
        params = {"steps": draw(rate_steps(maximum))}
    elif method == "count_steps":
        params = {"steps": draw(count_steps(maximum))}
        if draw(st.booleans()):
            params["cap"] = draw(st.decimals(D(0), maximum, places=2))
    elif method in ("survey", "external_index"):
        params = {"conversion": draw(st.sampled_from(["points", "percent"]))}
    elif method in ADJUSTMENT_METHODS:
        params = {"points_per_item": draw(points), "total_cap": maximum}
        if draw(st.booleans()):
            params["item_cap"] = draw(points)
    node = NodeSpec(code=code, level=level, max_points=maximum, method=method, params=params)
    assert not param_problems(method, params, maximum), params
    return node


def _sum_max(children: tuple[NodeSpec, ...]) -> D:
    return sum((c.max_points or D(0) for c in children if not c.is_adjustment), D(0))


@st.composite
def frameworks(draw: Any) -> FrameworkSpec:
    areas = []
    for a in range(draw(st.integers(1, 4))):
        criteria = []
        for c in range(draw(st.integers(0, 3))):
            subs = tuple(draw(leaves(f"{a}.{c}.{s}", 3)) for s in range(draw(st.integers(0, 2))))
            if subs:
                criteria.append(
                    NodeSpec(f"{a}.{c}", level=2, max_points=_sum_max(subs), children=subs)
                )
            else:
                criteria.append(draw(leaves(f"{a}.{c}", 2)))
        if criteria:
            children = tuple(criteria)
            areas.append(
                NodeSpec(str(a), level=1, max_points=_sum_max(children), children=children)
            )
        else:
            areas.append(draw(leaves(str(a), 1)))
    cap = draw(st.none() | st.decimals(D(1), D(200), places=1))
    return FrameworkSpec(
        code="P",
        areas=tuple(areas),
        total_cap=cap,
        not_applicable_policy=draw(st.sampled_from([AWARD_MAX, EXCLUDE_AND_RESCALE])),
    )


@st.composite
def input_for(draw: Any, node: NodeSpec) -> LeafInput:
    assert node.max_points is not None
    if draw(st.integers(0, 9)) == 0:
        return LeafInput(not_applicable=True)
    method = node.method
    if method == "binary":
        return LeafInput(met=draw(st.booleans()))
    if method in ("rate_proportional", "rate_steps"):
        if draw(st.booleans()):
            return LeafInput(rate=draw(fractions))
        denominator = draw(st.integers(1, 500))
        return LeafInput(numerator=D(draw(st.integers(0, denominator))), denominator=D(denominator))
    if method == "count_steps":
        return LeafInput(count=draw(st.integers(0, 15)))
    if method in ("survey", "external_index"):
        if node.params.get("conversion") == "percent":
            return LeafInput(value=draw(st.decimals(D(0), D(100), places=2)))
        return LeafInput(points=draw(st.decimals(D(0), node.max_points, places=2)))
    if method in ADJUSTMENT_METHODS:
        return LeafInput(count=draw(st.integers(0, 10)))
    return LeafInput(points=draw(st.decimals(D(0), node.max_points, places=2)))


@st.composite
def scored(draw: Any) -> tuple[FrameworkSpec, dict[str, LeafInput]]:
    framework = draw(frameworks())
    inputs = {
        leaf.code: draw(input_for(leaf))
        for leaf in framework.leaves()
        if draw(st.integers(0, 9)) > 0
    }
    return framework, inputs


@settings(max_examples=200)
@given(scored())
def test_it_keeps_every_leaf_within_zero_and_its_maximum(case: Any) -> None:
    """No leaf exceeds its max or goes below 0; deductions stay within [−max, 0]."""
    framework, inputs = case
    result = score(framework, inputs)
    for leaf in framework.leaves():
        value = result.nodes[leaf.code].points
        if leaf.method == DEDUCTION:
            assert -leaf.max_points <= value <= 0
        else:
            assert 0 <= value <= leaf.max_points


@settings(max_examples=200)
@given(scored())
def test_it_adds_subtotals_up_to_parents_and_the_total(case: Any) -> None:
    """Every node is the sum of its children; the raw total is the sum of the areas; the total
    is the raw total kept within [0, total_cap]; the rate divides by the applicable max."""
    framework, inputs = case
    result = score(framework, inputs)
    for node in framework.walk():
        if node.children:
            parts = [result.nodes[c.code] for c in node.children]
            assert result.nodes[node.code].points == sum((p.points for p in parts), D(0))
            assert result.nodes[node.code].applicable_max_points == sum(
                (p.applicable_max_points for p in parts), D(0)
            )
        if not node.is_adjustment:
            assert result.nodes[node.code].max_points == node.max_points
    assert result.raw_total == sum((a.points for a in result.areas.values()), D(0))
    expected = max(D(0), result.raw_total)
    if framework.total_cap is not None:
        expected = min(expected, framework.total_cap)
    assert result.total == expected
    assert result.max_points == framework.computed_max()
    if result.applicable_max_points > 0:
        assert result.score_pct == result.total / result.applicable_max_points * 100


@given(frameworks(), fractions, fractions)
def test_it_never_lowers_points_when_a_declared_rate_rises(
    framework: FrameworkSpec, first: D, second: D
) -> None:
    """For every method that takes a rate, a higher rate earns at least as many points."""
    low, high = sorted((first, second))
    for leaf in framework.leaves():
        if leaf.method in ("rate_proportional", "rate_steps"):
            assert score_leaf(leaf, LeafInput(rate=low)) <= score_leaf(leaf, LeafInput(rate=high))


@given(frameworks(), st.integers(0, 20), st.integers(0, 20))
def test_it_never_lowers_points_when_a_count_rises(
    framework: FrameworkSpec, first: int, second: int
) -> None:
    """count_steps, bonus: more items never earn fewer points (a deduction never removes fewer)."""
    low, high = sorted((first, second))
    for leaf in framework.leaves():
        if leaf.method in ("count_steps", "bonus"):
            assert score_leaf(leaf, LeafInput(count=low)) <= score_leaf(leaf, LeafInput(count=high))
        if leaf.method == "deduction":
            assert score_leaf(leaf, LeafInput(count=low)) >= score_leaf(leaf, LeafInput(count=high))
