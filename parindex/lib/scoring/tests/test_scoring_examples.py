"""The worked examples of par-index.md §5.3, reproduced exactly, and the tree arithmetic."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from parindex.lib.errors import InputRejected
from parindex.lib.scoring.bands import Band, band_problems
from parindex.lib.scoring.inputs import LeafInput
from parindex.lib.scoring.leaf import score_leaf
from parindex.lib.scoring.methods import EXCLUDE_AND_RESCALE
from parindex.lib.scoring.numbers import round_half_up
from parindex.lib.scoring.params import param_problems
from parindex.lib.scoring.total import score
from parindex.lib.scoring.tree import FrameworkSpec, NodeSpec


def leaf(method: str, max_points: str, **params: object) -> NodeSpec:
    return NodeSpec(code="x", level=2, max_points=D(max_points), method=method, params=dict(params))


def test_it_scores_rate_proportional_scaled_like_decision_766_indicator_3_1() -> None:
    """max 2, T 0.80: r 0.72 → 1.80 and r 0.85 → 2.00."""
    node = leaf("rate_proportional", "2", full_at=D("0.80"), mode="scaled")
    assert score_leaf(node, LeafInput(rate=D("0.72"))) == D("1.80")
    assert score_leaf(node, LeafInput(rate=D("0.85"))) == D("2.00")


def test_it_scores_rate_proportional_scaled_like_decision_766_indicator_3_3() -> None:
    """max 6, T 0.50: r 0.35 → 4.20, also when the rate comes as numerator/denominator."""
    node = leaf("rate_proportional", "6", full_at=D("0.50"))
    assert score_leaf(node, LeafInput(rate=D("0.35"))) == D("4.20")
    assert score_leaf(node, LeafInput(numerator=D(35), denominator=D(100))) == D("4.20")


def test_it_scores_rate_proportional_plain_with_a_floor() -> None:
    """max 1, T 1.0, F 0.8: r 1.0 → 1.00; r 0.90 → 0.90; r 0.75 → 0."""
    node = leaf("rate_proportional", "1", full_at=D("1.0"), zero_below=D("0.8"), mode="plain")
    assert score_leaf(node, LeafInput(rate=D("1.0"))) == D("1.00")
    assert score_leaf(node, LeafInput(rate=D("0.90"))) == D("0.90")
    assert score_leaf(node, LeafInput(rate=D("0.75"))) == 0


ON_TIME_STEPS = [
    {"lower": D("0.98"), "upper": None, "points": D("1.0")},
    {"lower": D("0.95"), "upper": D("0.98"), "points": D("0.75")},
    {"lower": D("0.90"), "upper": D("0.95"), "points": D("0.5")},
    {"lower": D("0"), "upper": D("0.90"), "points": D("0")},
]


@pytest.mark.parametrize(
    ("rate", "points"),
    [
        ("1", "1.0"),
        ("0.98", "1.0"),
        ("0.979", "0.75"),
        ("0.95", "0.75"),
        ("0.94", "0.5"),
        ("0.90", "0.5"),
        ("0.8999", "0"),
        ("0", "0"),
    ],
)
def test_it_scores_rate_steps_on_half_open_bands(rate: str, points: str) -> None:
    """On-time rate ≥ 98 % → 1.0; [95, 98) → 0.75; [90, 95) → 0.5; < 90 % → 0."""
    node = leaf("rate_steps", "1", steps=ON_TIME_STEPS)
    assert not param_problems("rate_steps", node.params, node.max_points)
    assert score_leaf(node, LeafInput(rate=D(rate))) == D(points)


@pytest.mark.parametrize(("count", "points"), [(0, "0"), (1, "0.5"), (2, "1.0"), (7, "1.0")])
def test_it_scores_count_steps_with_a_cap(count: int, points: str) -> None:
    """Recognised initiatives: 0 → 0; 1 → 0.5; ≥ 2 → 1.0; cap 1.0."""
    node = leaf(
        "count_steps",
        "1",
        steps=[
            {"at_least": 0, "points": D(0)},
            {"at_least": 1, "points": D("0.5")},
            {"at_least": 2, "points": D("1.0")},
        ],
        cap=D("1.0"),
    )
    assert score_leaf(node, LeafInput(count=count)) == D(points)


def test_it_scores_a_survey_block_as_max_times_the_weighted_mean() -> None:
    """A–E weighted 100/60/20/0 %: a weighted mean of 70 % on a 10-point block gives 7."""
    node = leaf("survey", "10", conversion="percent")
    answers = {"A": 50, "B": 25, "C": 25}  # 50 % answered A, 25 % B, 25 % C
    weights = {"A": D(100), "B": D(60), "C": D(20), "D": D(0)}
    mean = sum(weights[k] * D(v) for k, v in answers.items()) / D(100)
    assert mean == D(70)
    assert score_leaf(node, LeafInput(value=mean)) == D("7")
    assert score_leaf(node, LeafInput(points=D("8.24"))) == D("8.24")


def test_it_converts_an_external_index_as_max_times_sipas_over_100() -> None:
    """points = max × SIPAS % ÷ 100: max 10, SIPAS 85.5 % → 8.55."""
    node = leaf("external_index", "10", conversion="percent", index="SIPAS")
    assert score_leaf(node, LeafInput(value=D("85.5"))) == D("8.55")


def test_it_caps_bonus_and_deduction_items_and_totals() -> None:
    """Items are capped one by one (item_cap), then the row's sum by total_cap; deductions < 0."""
    bonus = leaf("bonus", "2", points_per_item=D("0.5"), item_cap=D("1"), total_cap=D("2"))
    assert score_leaf(bonus, LeafInput(count=3)) == D("1.5")
    assert score_leaf(bonus, LeafInput(count=9)) == D("2")
    assert score_leaf(bonus, LeafInput(items=(D("1.5"), D("0.25")))) == D("1.25")
    deduction = leaf("deduction", "3", points_per_item=D("1"), total_cap=D("3"))
    assert score_leaf(deduction, LeafInput(count=2)) == D("-2")
    assert score_leaf(deduction, LeafInput(count=5)) == D("-3")
    assert score_leaf(deduction, LeafInput(points=D("-1.5"))) == D("-1.5")


def test_it_scores_binary_and_manual_rows() -> None:
    """Met → max, not met → 0; manual points are taken as entered."""
    assert score_leaf(leaf("binary", "1.5"), LeafInput(met=True)) == D("1.5")
    assert score_leaf(leaf("binary", "1.5"), LeafInput(met=False)) == 0
    assert score_leaf(leaf("manual", "3"), LeafInput(points=D("2.25"))) == D("2.25")


@pytest.mark.parametrize(
    ("node", "data", "field"),
    [
        (leaf("manual", "3"), LeafInput(points=D("3.01")), "points"),
        (leaf("manual", "3"), LeafInput(points=D("-0.01")), "points"),
        (leaf("rate_proportional", "2"), LeafInput(numerator=D(5), denominator=D(4)), "numerator"),
        (leaf("rate_proportional", "2"), LeafInput(rate=D("1.2")), "value"),
        (leaf("rate_steps", "1", steps=ON_TIME_STEPS), LeafInput(rate=D("-0.1")), "value"),
        (leaf("count_steps", "1", steps=[]), LeafInput(count=-1), "count"),
        (leaf("binary", "1"), LeafInput(), "value"),
    ],
)
def test_it_rejects_out_of_range_inputs_naming_criterion_and_field(
    node: NodeSpec, data: LeafInput, field: str
) -> None:
    """Out-of-range data is refused with a Problem naming the criterion code and the field."""
    with pytest.raises(InputRejected) as caught:
        score_leaf(node, data)
    (problem,) = caught.value.problems
    assert problem.field == field
    assert "x" in problem.message


BANDS = (
    Band("group_a", "Nhóm A", "Group A", D(90)),
    Band("group_b", "Nhóm B", "Group B", D(80), upper=D(90)),
    Band("group_c", "Nhóm C", "Group C", D(70), upper=D(80)),
    Band("group_d", "Nhóm D", "Group D", None, upper=D(70)),
)


def _framework(**kwargs: object) -> FrameworkSpec:
    a = NodeSpec(
        "a",
        level=1,
        max_points=D(40),
        children=(
            NodeSpec("a1", level=2, max_points=D(30), method="manual"),
            NodeSpec("a2", level=2, max_points=D(10), method="binary"),
        ),
    )
    b = NodeSpec("b", level=1, max_points=D(20), method="survey")
    bonus = NodeSpec(
        "bd",
        level=1,
        max_points=D(0),
        children=(
            NodeSpec(
                "bd1",
                level=2,
                max_points=D(5),
                method="bonus",
                params={"points_per_item": D(1), "total_cap": D(5)},
            ),
        ),
    )
    return FrameworkSpec(code="T", areas=(a, b, bonus), bands=BANDS, **kwargs)  # type: ignore[arg-type]


def test_it_divides_by_the_frameworks_own_maximum() -> None:
    """A framework totalling 60: 51 points are 85 % (band B), never 51 %."""
    result = score(
        _framework(),
        {
            "a1": LeafInput(points=D(25)),
            "a2": LeafInput(met=True),
            "b": LeafInput(points=D(16)),
        },
    )
    assert result.max_points == 60
    assert result.total == 51
    assert result.score_pct == 85
    assert result.band is not None and result.band.code == "group_b"
    assert result.nodes["a"].points == 35
    assert result.nodes["a"].score_pct == D("87.5")
    assert result.missing == ("bd1",)


def test_it_awards_the_maximum_or_rescales_a_not_applicable_row() -> None:
    """award_max gives the row its max; exclude_and_rescale drops it from the applicable max."""
    inputs = {
        "a1": LeafInput(points=D(24)),
        "a2": LeafInput(met=True),
        "b": LeafInput(not_applicable=True),
        "bd1": LeafInput(count=0),
    }
    awarded = score(_framework(), inputs)
    assert awarded.total == 54 and awarded.applicable_max_points == 60 and awarded.score_pct == 90
    rescaled = score(_framework(not_applicable_policy=EXCLUDE_AND_RESCALE), inputs)
    assert rescaled.total == 34 and rescaled.applicable_max_points == 40
    assert rescaled.score_pct == D("85")


def test_it_caps_the_total_and_keeps_the_raw_sum() -> None:
    """Bonus points may lift the raw total above the cap; the total stays within total_cap."""
    inputs = {
        "a1": LeafInput(points=D(30)),
        "a2": LeafInput(met=True),
        "b": LeafInput(points=D(20)),
        "bd1": LeafInput(count=3),
    }
    result = score(_framework(total_cap=D(60)), inputs)
    assert result.raw_total == 63 and result.total == 60 and result.score_pct == 100


def test_it_rounds_for_display_half_up_only() -> None:
    """2 × 0.7 ÷ 0.8 is stored exact; 87.605 is shown as 87.61."""
    assert round_half_up(D("87.605")) == D("87.61")
    assert round_half_up(D("87.6049")) == D("87.60")


def test_it_refuses_unknown_codes_and_parent_rows_as_inputs() -> None:
    """Data for an unknown code or for a row with children is refused, naming the code."""
    with pytest.raises(InputRejected) as caught:
        score(_framework(), {"zz": LeafInput(points=D(1)), "a": LeafInput(points=D(1))})
    messages = [p.message for p in caught.value.problems]
    assert any("zz" in m for m in messages) and any("a" in m for m in messages)


def test_it_finds_overlapping_bands_and_honours_strict_operators() -> None:
    """[80, 90) and ≥ 85 overlap; “> 80” excludes 80 itself; touching bounds do not overlap."""
    assert not band_problems(BANDS)
    overlapping = (BANDS[1], Band("x", "X", "X", D(85)))
    assert [i for i, _ in band_problems(overlapping)] == [1]
    strict = Band("good", "Tốt", "Good", D(80), operator=">")
    assert not strict.contains(D(80)) and strict.contains(D("80.01"))


@pytest.mark.parametrize(
    ("method", "params", "field"),
    [
        ("stars", {}, "method"),
        ("rate_steps", {}, "params.steps"),
        (
            "rate_steps",
            {"steps": [{"lower": 0, "upper": 0.5, "points": 1}, {"lower": 0.5, "points": 0.5}]},
            "params.steps",
        ),
        (
            "count_steps",
            {"steps": [{"at_least": 2, "points": 1}, {"at_least": 1, "points": 0.5}]},
            "params.steps[2]",
        ),
        ("bonus", {"points_per_item": 1}, "params.total_cap"),
        ("rate_proportional", {"full_at": 0}, "params.full_at"),
    ],
)
def test_it_reports_bad_parameters(method: str, params: dict[str, object], field: str) -> None:
    """Unknown methods, missing params and non-monotone step tables are reported by field."""
    assert field in [p.field for p in param_problems(method, params, D(1))]
