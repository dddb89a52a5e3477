"""The simulator's maths: ranks, estimated tables, the Monte Carlo projection and the cheapest
path (the MILP optimum checked against brute force)."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parindex.lib import simulate

rates = st.floats(min_value=50, max_value=100, allow_nan=False).map(lambda x: round(x, 2))


@given(st.lists(rates, min_size=1, max_size=30), st.integers(min_value=1, max_value=35))
def test_it_needs_exactly_the_required_rate_for_the_target_rank(
    competitors: list[float], target: int
) -> None:
    """The required rate reaches the target rank; anything visibly lower does not (unless the
    target is beyond the table)."""
    needed = simulate.required_rate(competitors, target)
    assert simulate.rank_among(needed, competitors) <= target
    if target <= len(competitors):
        assert simulate.rank_among(needed - 0.01, competitors) > target


def test_it_ranks_with_competition_ranking() -> None:
    """Ties share a rank: against 90, 88, 88, a rate of 88 ranks 2."""
    assert simulate.rank_among(88.0, [90.0, 88.0, 88.0]) == 2
    assert simulate.rank_among(95.0, [90.0, 88.0]) == 1


@settings(max_examples=40, deadline=None)
@given(
    st.lists(rates, min_size=3, max_size=20),
    st.integers(min_value=1, max_value=3),
    st.lists(st.floats(min_value=-3, max_value=3), min_size=1, max_size=8),
    st.integers(min_value=0, max_value=2**16),
)
def test_it_makes_the_probability_monotone_in_the_points(
    competitors: list[float], target: int, changes: list[float], seed: int
) -> None:
    """More points never lower the probability of reaching the target."""
    projection = simulate.project(
        competitors, target, pooled_changes=changes, iterations=200, seed=seed
    )
    curve = simulate.probability_curve(projection, 80.0, [g / 4 for g in range(0, 100)])
    probabilities = [p for _g, p in curve]
    assert probabilities == sorted(probabilities)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_it_reaches_the_wanted_probability_with_the_rate_it_reports() -> None:
    """rate_for_probability(p) gives at least p; 0.01 less gives less (seeded, reproducible)."""
    projection = simulate.project(
        [92, 90, 89, 88, 87, 85], 3, pooled_changes=[-1.5, 0.5, 1.0, 2.0], iterations=500, seed=1
    )
    again = simulate.project(
        [92, 90, 89, 88, 87, 85], 3, pooled_changes=[-1.5, 0.5, 1.0, 2.0], iterations=500, seed=1
    )
    assert (projection.thresholds == again.thresholds).all()
    rate = projection.rate_for_probability(0.8)
    assert projection.probability(rate) >= 0.8
    assert projection.probability(rate - 0.01) < 0.8


def test_it_keeps_competitors_in_place_without_changes() -> None:
    """With no history, the threshold is the table's own N-th value in every simulation."""
    projection = simulate.project([91, 90, 88], 2, pooled_changes=[], iterations=10, seed=0)
    assert set(projection.thresholds.tolist()) == {90.0}


def _brute_force(items: list[simulate.Improvement], needed: float) -> float | None:
    best = None
    for counts in itertools.product(*(range(item.steps + 1) for item in items)):
        gain = sum(n * item.gain / item.steps for n, item in zip(counts, items, strict=True))
        effort = sum(n * item.effort / item.steps for n, item in zip(counts, items, strict=True))
        if gain >= needed - 1e-7 and (best is None or effort < best - 1e-9):
            best = effort
    return best


improvements = st.builds(
    simulate.Improvement,
    code=st.text(alphabet="abc", min_size=1, max_size=3),
    gain=st.floats(min_value=0.1, max_value=3).map(lambda x: round(x, 2)),
    effort=st.floats(min_value=0.5, max_value=10).map(lambda x: round(x, 1)),
    steps=st.integers(min_value=1, max_value=3),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(improvements, min_size=1, max_size=5), st.floats(min_value=0.1, max_value=8))
def test_it_finds_the_least_effort_path_that_brute_force_finds(
    items: list[simulate.Improvement], needed: float
) -> None:
    """On small instances the MILP optimum equals the exhaustive search's."""
    path = simulate.cheapest_path(items, needed)
    expected = _brute_force(items, needed)
    if expected is None:
        assert not path.feasible
    else:
        assert path.feasible
        assert path.total_gain >= needed - 1e-6
        assert path.total_effort == pytest.approx(expected, abs=1e-6)


def test_it_explains_an_unreachable_gain() -> None:
    """When every improvement together falls short, the path says so with the figures."""
    path = simulate.cheapest_path([simulate.Improvement("a", 1.0, 2.0)], 3.0)
    assert not path.feasible and "3" in path.message


@given(
    st.dictionaries(st.integers(min_value=1, max_value=63), rates, min_size=1, max_size=15),
    st.one_of(st.none(), st.floats(min_value=70, max_value=95)),
)
def test_it_estimates_a_complete_non_increasing_table(
    known: dict[int, float], mean: float | None
) -> None:
    """63 values in 0–100, best first; consistent anchors are kept at their ranks."""
    anchors = [simulate.Anchor(rank, rate) for rank, rate in known.items()]
    table = simulate.impute_table(anchors, 63, mean)
    assert len(table) == 63
    assert all(a >= b - 1e-9 for a, b in itertools.pairwise(table))
    assert all(0 <= v <= 100 for v in table)
    ordered = sorted(known.items())
    if all(a[1] >= b[1] for a, b in itertools.pairwise(ordered)):
        for rank, rate in known.items():
            assert table[rank - 1] == pytest.approx(rate)


def test_it_meets_the_published_mean_with_the_tail() -> None:
    """2024: three known points and the mean 88.37 give a table whose mean is 88.37."""
    anchors = [simulate.Anchor(1, 96.17), simulate.Anchor(8, 90.69), simulate.Anchor(37, 88.18)]
    table = simulate.impute_table(anchors, 63, 88.37)
    assert sum(table) / 63 == pytest.approx(88.37)


def test_it_resamples_a_table_to_fewer_units() -> None:
    """63 → 34 keeps the range and the order."""
    table = [100 - i * 0.3 for i in range(63)]
    resampled = simulate.resample_table(table, 34)
    assert len(resampled) == 34 and resampled == sorted(resampled, reverse=True)
    assert min(table) <= min(resampled) and max(resampled) <= max(table)


def test_it_counts_points_lost_against_the_maximum_and_the_mean() -> None:
    """13 − 11 = 2 lost against the maximum, 11.5 − 11 = 0.5 against the mean."""
    [loss] = simulate.points_lost([simulate.AreaPoints("procedure_reform", 11, 13, 11.5)])
    assert (loss.lost_vs_max, loss.lost_vs_mean) == (2, 0.5)
    assert loss.rate == pytest.approx(84.615, abs=1e-3)


def test_it_projects_a_what_if() -> None:
    """+1.5 points on 86.5 give 88.0 and rank 2 against 90, 87, 86."""
    outcome = simulate.what_if(86.5, {"a": 1.0, "b": 0.5}, [90, 87, 86])
    assert (outcome.rate, outcome.rank_against_last_year, outcome.probability) == (88.0, 2, None)


def test_it_orders_improvements_by_points_per_effort() -> None:
    """Free improvements first, then the best ratio."""
    items = [
        simulate.Improvement("slow", 1.0, 4.0),
        simulate.Improvement("free", 0.5, 0.0),
        simulate.Improvement("quick", 1.0, 1.0),
    ]
    assert [i.code for i, _r in simulate.points_per_effort(items)] == ["free", "quick", "slow"]
