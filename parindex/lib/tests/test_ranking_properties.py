"""Competition ranking ("1224") over random values, plus the published near-ties."""

from __future__ import annotations

from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from parindex.lib.ranking import competition_rank, rank_within_groups, ranked, tied_keys

values = st.dictionaries(
    st.text(min_size=1, max_size=4), st.decimals(D(0), D(100), places=3), max_size=30
)


@given(values)
def test_it_ranks_one_plus_the_number_of_strictly_higher_values(scores: dict[str, D]) -> None:
    """Rank = 1 + how many values are strictly higher: ties share, the next rank is skipped."""
    ranks = competition_rank(scores)
    assert set(ranks) == set(scores)
    for key, value in scores.items():
        assert ranks[key] == 1 + sum(1 for other in scores.values() if other > value)


@given(values)
def test_it_orders_ranks_like_the_values(scores: dict[str, D]) -> None:
    """A higher value never gets a worse rank; equal values get equal ranks; ranks lie in 1..n."""
    ranks = competition_rank(scores)
    for a, va in scores.items():
        assert 1 <= ranks[a] <= len(scores)
        for b, vb in scores.items():
            if va > vb:
                assert ranks[a] < ranks[b]
            if va == vb:
                assert ranks[a] == ranks[b]
    if scores:
        assert min(ranks.values()) == 1


@given(values, st.lists(st.sampled_from("xyz"), min_size=30, max_size=30))
def test_it_ranks_each_peer_group_on_its_own(scores: dict[str, D], groups: list[str]) -> None:
    """Ranking within groups equals ranking each group separately."""
    group_of = {key: groups[i] for i, key in enumerate(scores)}
    ranks = rank_within_groups(scores, group_of)
    for group in set(group_of.values()):
        members = {k: v for k, v in scores.items() if group_of[k] == group}
        assert {k: ranks[k] for k in members} == competition_rank(members)


def test_it_gives_1224_on_a_tie_and_ranks_on_unrounded_values() -> None:
    """90.10 > 90.09 (Quảng Ninh, Hải Phòng 2022); 89.996 beats 89.995 though both show 90,00."""
    scores = {
        "QN": D("90.10"),
        "HP": D("90.09"),
        "HN": D("90.09"),
        "X": D("89.996"),
        "Y": D("89.995"),
    }
    assert competition_rank(scores) == {"QN": 1, "HP": 2, "HN": 2, "X": 4, "Y": 5}
    assert [row[:2] for row in ranked(scores)] == [
        (1, "QN"),
        (2, "HP"),
        (2, "HN"),
        (4, "X"),
        (5, "Y"),
    ]
    assert tied_keys(scores) == [["HP", "HN"]]
