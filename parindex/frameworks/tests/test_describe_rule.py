"""Scoring rules stated in words, in the active language."""

from __future__ import annotations

from decimal import Decimal as D

from django.utils import translation

from parindex.frameworks.rule_text import describe_rule, number
from parindex.lib.scoring.tree import NodeSpec


def node(method: str, maximum: str, **params: object) -> NodeSpec:
    return NodeSpec("x", level=2, max_points=D(maximum), method=method, params=params)


def test_it_states_each_method_in_english() -> None:
    """Every method reads as a sentence with its numbers."""
    with translation.override("en"):
        assert describe_rule(node("binary", "1.5")) == "Met: 1.5 points; not met: 0."
        assert describe_rule(node("rate_proportional", "2", full_at=D("0.8"))) == (
            "Points in proportion to the rate: 2 × rate ÷ 80 %, full points from 80 %."
        )
        plain = node("rate_proportional", "1", mode="plain", full_at=D(1), zero_below=D("0.8"))
        assert "below 80 %, 0" in describe_rule(plain)
        steps = node(
            "rate_steps",
            "1",
            steps=[
                {"lower": D(0), "upper": D("0.9"), "points": D(0)},
                {"lower": D("0.9"), "points": D(1)},
            ],
        )
        assert describe_rule(steps) == "Points by rate: from 90 %: 1; from 0 % to below 90 %: 0."
        counts = node("count_steps", "1", steps=[{"at_least": 1, "points": D("0.5")}], cap=D(1))
        assert describe_rule(counts) == "Points by count: 1 or more: 0.5. At most 1 points."
        sipas = node("external_index", "8", index="SIPAS", conversion="percent")
        assert "SIPAS" in describe_rule(sipas) and "8 × value ÷ 100" in describe_rule(sipas)
        assert "never self-scored" in describe_rule(node("survey", "10"))
        bonus = node("bonus", "2", points_per_item=D("0.5"), total_cap=D(2))
        assert describe_rule(bonus) == "Bonus: 0.5 points per item, at most 2 in total."
        assert "subtracted" in describe_rule(
            node("deduction", "3", points_per_item=D(1), total_cap=D(3))
        )
        assert describe_rule(node("manual", "3")) == "Points entered directly, from 0 to 3."


def test_it_speaks_vietnamese_with_vietnamese_numbers() -> None:
    """In Vietnamese the rule is translated and 1.5 is written 1,5."""
    with translation.override("vi"):
        assert number(D("14.50")) == "14,5"
        text = describe_rule(node("binary", "1.5"))
        assert "1,5" in text and "Đạt" in text
