"""The Decision 766 score functions reproduce the worked examples of the domain notes (§7–§8)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from parindex.lib.dossiers import qd766
from parindex.lib.dossiers.qd766 import (
    EmptyPolicy,
    Flag,
    RuleKind,
    online_payment_score,
    online_services_score,
    progress_score,
    round_half_up,
    score_metric,
    score_ratio,
)

PROFILE = qd766.get_profile()


def _rounded(value: D | None) -> D | None:
    return None if value is None else round_half_up(value, 2)


# --- rounding ------------------------------------------------------------------------------------


def test_it_rounds_ties_half_up_like_the_portal() -> None:
    """19.125 → 19.13 (Python's round() would give 19.12); 0.125 → 0.13; negatives away from 0."""
    assert round_half_up(D("19.125"), 2) == D("19.13")
    assert round(19.125, 2) == 19.12  # the trap the portal does not fall into
    assert round_half_up(D("0.125")) == D("0.13")
    assert round_half_up(D("2.675")) == D("2.68")
    assert round_half_up("-0.005") == D("-0.01")
    assert round_half_up(1, 2) == D("1.00")


def test_it_turns_floats_into_exact_decimals() -> None:
    """A float goes through its shortest repr: 2.675 rounds to 2.68, not 2.67."""
    assert round_half_up(2.675, 2) == D("2.68")
    with pytest.raises(TypeError):
        qd766.to_decimal(True)


# --- the table ------------------------------------------------------------------------------------


def test_it_keeps_every_tab_maximum_in_the_one_table() -> None:
    """The terms of each tab add up to the tab's maximum; the tabs to 100; 3a + 3b = 22."""
    assert sum(g.pmax for g in PROFILE.groups) == 100
    for group in PROFILE.groups:
        assert sum(r.pmax for r in PROFILE.rules_of(group.group)) == group.pmax, group.group
    online = sum(g.pmax for g in PROFILE.groups if g.official_group == 3)
    assert online == 22


def test_it_encodes_the_empty_denominator_policy_per_indicator() -> None:
    """Petitions full, 5.4 zero, transparency and digitisation null, trees zero."""
    policy = {(r.group, r.code): r.empty for r in PROFILE.rules}
    sat = "handling-satisfaction"
    assert policy[(sat, "PETITION_PROCESSING_ON_TIME")] is EmptyPolicy.FULL
    assert policy[(sat, "PETITION_HANDLING_SATISFACTION")] is EmptyPolicy.FULL
    assert policy[(sat, "DOSSIER_RECEIVING_SATISFACTION")] is EmptyPolicy.ZERO
    assert policy[("transparency", "PUBLISH_ON_TIME")] is EmptyPolicy.NULL
    assert policy[("dossier-digitized", "ORIGINAL_RESULT_AVAILABLE")] is EmptyPolicy.NULL
    assert policy[("dvc-progress-tree", "ON_TIME")] is EmptyPolicy.ZERO


def test_it_refuses_an_unknown_profile() -> None:
    """Profiles are looked up by id; a typo is an error, not a silent default."""
    with pytest.raises(ValueError, match="qd766-nope"):
        qd766.get_profile("qd766-nope")


def test_it_makes_a_new_profile_out_of_data_only() -> None:
    """A profile with another threshold changes the score without any new code."""
    rule = PROFILE.rule("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION")
    stricter = qd766.Profile(
        "test-stricter",
        "illustrative",
        PROFILE.groups,
        tuple(
            qd766.Rule(**{**r.__dict__, "threshold": D("0.95")}) if r is rule else r
            for r in PROFILE.rules
        ),
    )
    default = score_metric("handling-satisfaction", rule.code, 144574, 184513)
    other = score_metric("handling-satisfaction", rule.code, 144574, 184513, profile=stricter)
    assert _rounded(default.score) == D("5.22")
    assert _rounded(other.score) == D("4.95")


# --- worked examples §7.4, §8.2 ------------------------------------------------------------------


def test_it_scores_dossier_receiving_satisfaction_with_the_90_percent_threshold() -> None:
    """144,574 / 184,513 = 78.35 % → min(6, 6 × 0.7835 ÷ 0.90) = 5.22."""
    term = score_metric("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", 144574, 184513)
    assert round_half_up(term.ratio * 100) == D("78.35")  # type: ignore[operator]
    assert _rounded(term.score) == D("5.22")


def test_it_caps_dossier_receiving_satisfaction_at_six_above_the_threshold() -> None:
    """At or above 90 % the score is the full 6."""
    assert (
        score_metric("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", 95, 100).score == 6
    )
    assert score_metric("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", 9, 10).score == 6


def test_it_scores_reused_digitised_data_with_the_80_percent_threshold() -> None:
    """1.71 % → min(2, 2 × 1.71 ÷ 80) = 0.04, from the ratio and from the sample's counts."""
    rule = PROFILE.rule("dossier-digitized", "REUSED_DIGITIZED_DATA")
    score, _ = score_ratio(rule, D("0.0171"))
    assert _rounded(score) == D("0.04")
    term = score_metric("dossier-digitized", "REUSED_DIGITIZED_DATA", 3160, 184513)
    assert _rounded(term.score) == D("0.04")
    assert score_metric("dossier-digitized", "REUSED_DIGITIZED_DATA", 80, 100).score == 2


def test_it_scores_so_hoa_linearly() -> None:
    """SO_HOA_GIAY_TO_GIAI_QUYET 11.51 % → 4 × 0.1151 = 0.46 (linear, no threshold)."""
    rule = PROFILE.rule("dossier-digitized", "SO_HOA_GIAY_TO_GIAI_QUYET")
    score, _ = score_ratio(rule, D("0.1151"))
    assert _rounded(score) == D("0.46")
    term = score_metric("dossier-digitized", "SO_HOA_GIAY_TO_GIAI_QUYET", 21233, 184513)
    assert _rounded(term.score) == D("0.46")


def test_it_scores_the_linear_indicators_as_pmax_times_r() -> None:
    """PUBLIC_CONTENT_FULL 87/89 → 1.96; ORIGINAL_RESULT_AVAILABLE 133,274/184,513 → 4.33."""
    assert _rounded(score_metric("transparency", "PUBLIC_CONTENT_FULL", 87, 89).score) == D("1.96")
    assert _rounded(
        score_metric("dossier-digitized", "ORIGINAL_RESULT_AVAILABLE", 133274, 184513).score
    ) == D("4.33")


def test_it_scores_petitions_six_times_r() -> None:
    """PETITION_PROCESSING_ON_TIME 182/247 → 4.42; PETITION_HANDLING_SATISFACTION 137/247 → 3.33."""
    sat = "handling-satisfaction"
    assert _rounded(score_metric(sat, "PETITION_PROCESSING_ON_TIME", 182, 247).score) == D("4.42")
    assert _rounded(score_metric(sat, "PETITION_HANDLING_SATISFACTION", 137, 247).score) == D(
        "3.33"
    )


# --- empty denominators and special rows ---------------------------------------------------------


@pytest.mark.parametrize(
    ("group", "code", "expected"),
    [
        ("handling-satisfaction", "PETITION_PROCESSING_ON_TIME", D(6)),
        ("handling-satisfaction", "PETITION_HANDLING_SATISFACTION", D(6)),
        ("handling-satisfaction", "DOSSIER_RECEIVING_SATISFACTION", D(0)),
        ("transparency", "PUBLISH_ON_TIME", None),
        ("transparency", "DOSSIER_SYNC", None),
        ("dossier-digitized", "REUSED_DIGITIZED_DATA", None),
    ],
)
def test_it_applies_the_empty_denominator_policy(group: str, code: str, expected: D | None) -> None:
    """0/0 (or null data) gives Pmax (full), 0 (zero) or null (null) as the row says."""
    assert score_metric(group, code, 0, 0).score == expected
    assert score_metric(group, code, None, None).score == expected


def test_it_gives_full_points_to_the_electronic_certified_copy_without_data() -> None:
    """ELECTRONIC_CERTIFIED_COPY: numerator and denominator null, score 2."""
    term = score_metric("dossier-digitized", "ELECTRONIC_CERTIFIED_COPY", None, None)
    assert term.score == 2
    assert term.rule.kind is RuleKind.FIXED


def test_it_does_not_score_petition_classification() -> None:
    """PETITION_CLASSIFICATION_*: maxScore 0 and score null, whatever the counts."""
    for code in ("PETITION_CLASSIFICATION_TTHC", "PETITION_CLASSIFICATION_STAFF"):
        term = score_metric("handling-satisfaction", code, 179, 247)
        assert term.rule.pmax == 0
        assert term.score is None


def test_it_lets_a_null_metric_contribute_nothing_to_the_total() -> None:
    """7.96 = 1.96 (PUBLIC_CONTENT_FULL) + 6 (DOSSIER_SYNC) with the other two metrics null."""
    tab = qd766.score_metrics_tab(
        "transparency",
        [
            ("PUBLISH_ON_TIME", 0, 0),
            ("PUBLIC_UPDATE_ON_TIME", 0, 0),
            ("PUBLIC_CONTENT_FULL", 87, 89),
            ("DOSSIER_SYNC", 138744, 138744),
        ],
    )
    assert [t.score is None for t in tab.terms] == [True, True, False, False]
    assert _rounded(tab.score) == D("7.96")


# --- the three tree tabs (§8.3) -------------------------------------------------------------------


def test_it_scores_progress_linearly() -> None:
    """Parent: 20 × 144,625 ÷ 184,513 = 15.68; a child 486/588 = 16.53; nothing received → 0."""
    assert round_half_up(progress_score(144625, 184513)) == D("15.68")
    assert round_half_up(progress_score(486, 588)) == D("16.53")
    assert progress_score(0, 0) == 0


def test_it_scores_online_services() -> None:
    """min(2, 2 × 52/56 ÷ 0.80) + 4 × 406/1,968 + min(6, 6 × 150,956/152,595 ÷ 0.50) = 8.83."""
    tab = online_services_score(
        authority_count=56,
        partial_count=31,
        full_count=21,
        online_dossier_count=406,
        online_service_total=1968,
        channel_online_sum=150956,
        channel_total_sum=152595,
    )
    assert [_rounded(t.score) for t in tab.terms] == [D("2.00"), D("0.83"), D("6.00")]
    assert round_half_up(tab.score) == D("8.83")  # type: ignore[arg-type]


def test_it_scores_online_payment() -> None:
    """6 × 82,913/98,459 + min(2, 2.5 × 93/310) + 2.5 × 56/310 = 5.05 + 0.75 + 0.45 = 6.25."""
    tab = online_payment_score(
        payment_success=82913,
        financial_obligation=98459,
        formality_payment_success=93,
        fee_dossier_formality=56,
        fee_formality=310,
    )
    assert [_rounded(t.score) for t in tab.terms] == [D("5.05"), D("0.75"), D("0.45")]
    assert round_half_up(tab.score) == D("6.25")  # type: ignore[arg-type]
    assert tab.flags == ()


def test_it_flags_but_keeps_an_online_payment_c_term_above_two() -> None:
    """C = 0.9 gives 2.5 × 0.9 = 2.25 > 2: kept as written, flagged above_max."""
    tab = online_payment_score(
        payment_success=0,
        financial_obligation=0,
        formality_payment_success=0,
        fee_dossier_formality=9,
        fee_formality=10,
    )
    assert tab.score == D("2.25")
    assert tab.flags == (("FEE_FORMALITIES_INTEGRATED", Flag.ABOVE_MAX),)


def test_it_caps_the_online_payment_b_term_at_two() -> None:
    """min(2, 2.5B): B = 1 gives 2, not 2.5."""
    tab = online_payment_score(
        payment_success=0,
        financial_obligation=0,
        formality_payment_success=10,
        fee_dossier_formality=0,
        fee_formality=10,
    )
    assert tab.score == 2


def test_it_refuses_a_tree_tab_with_missing_parameters() -> None:
    """Null raw parameters cannot be recomputed: MissingParameters names them."""
    with pytest.raises(qd766.MissingParameters) as info:
        qd766.score_tree("provide-online-tree", {"authorityCount": None})
    assert "channelTotalSum" in info.value.names


def test_it_ranks_ties_the_competition_way() -> None:
    """1, 2, 2, 4 on scores rounded to 2 decimals (two children at 18.45); null unranked."""
    ranks = qd766.competition_ranks(
        {"a": D("19"), "b": D("18.451"), "c": D("18.449"), "d": D("10"), "e": None}
    )
    assert ranks == {"a": 1, "b": 2, "c": 2, "d": 4, "e": None}


# --- properties ----------------------------------------------------------------------------------

counts = st.integers(min_value=0, max_value=10**7)
SCORED = [r for r in PROFILE.rules if r.kind is RuleKind.RATIO and r.cap is qd766.Cap.MIN]


@given(rule=st.sampled_from(SCORED), data=st.data())
def test_it_keeps_every_capped_score_within_zero_and_pmax(
    rule: qd766.Rule, data: st.DataObject
) -> None:
    """For numerator ≤ denominator, 0 ≤ score ≤ Pmax (or null by policy)."""
    denominator = data.draw(counts)
    numerator = data.draw(st.integers(min_value=0, max_value=denominator))
    term = qd766.score_term(rule, numerator, denominator)
    if term.score is None:
        assert denominator == 0 and rule.empty is EmptyPolicy.NULL
    else:
        assert 0 <= term.score <= rule.pmax


@given(rule=st.sampled_from(SCORED), data=st.data())
def test_it_is_monotone_in_the_numerator(rule: qd766.Rule, data: st.DataObject) -> None:
    """More successes never lower the score for the same denominator."""
    denominator = data.draw(st.integers(min_value=1, max_value=10**7))
    a = data.draw(st.integers(min_value=0, max_value=denominator))
    b = data.draw(st.integers(min_value=a, max_value=denominator))
    low = qd766.score_term(rule, a, denominator).score
    high = qd766.score_term(rule, b, denominator).score
    assert low is not None and high is not None
    assert low <= high


@given(
    received=st.integers(min_value=0, max_value=10**6),
    data=st.data(),
)
def test_it_keeps_progress_within_zero_and_twenty(received: int, data: st.DataObject) -> None:
    """0 ≤ 20 × onTime ÷ received ≤ 20, and 0 when nothing was received."""
    on_time = data.draw(st.integers(min_value=0, max_value=received))
    assert 0 <= progress_score(on_time, received) <= 20


@given(a=st.tuples(counts, counts), bn=counts, c=st.tuples(counts, counts))
def test_it_keeps_online_payment_within_ten_and_a_half_flagging_above_ten(
    a: tuple[int, int], bn: int, c: tuple[int, int]
) -> None:
    """The uncapped C term can lift the tab to 10.5 at most; C above 2 is always flagged."""
    (an, ad), (cn, cd) = sorted(a), sorted(c)  # B and C share the denominator totalFeeFormality
    tab = online_payment_score(
        payment_success=an,
        financial_obligation=ad,
        formality_payment_success=bn,
        fee_dossier_formality=cn,
        fee_formality=cd,
    )
    assert tab.score is not None and 0 <= tab.score <= D("10.5")
    c_term = tab.terms[2].score
    assert c_term is not None
    assert (c_term > 2) == (("FEE_FORMALITIES_INTEGRATED", Flag.ABOVE_MAX) in tab.flags)


@given(value=st.decimals(min_value=-1000, max_value=1000, places=3))
def test_it_rounds_within_half_a_cent(value: D) -> None:
    """round_half_up moves a value by at most 0.005 and a tie always goes away from zero."""
    rounded = round_half_up(value)
    assert abs(rounded - value) <= D("0.005")
    if abs(value * 1000) % 10 == 5:
        assert abs(rounded) > abs(value)
