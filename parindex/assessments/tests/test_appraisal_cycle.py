"""Appraisal, explanation, council and publication: the states a unit moves through, the
points and reasons recorded, and the published ranks, bands and previous years."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from parindex.assessments import actions
from parindex.assessments.models import (
    AppraisalDecision,
    AssessmentState,
    RoundStatus,
    UnitResult,
)
from parindex.core.models import AuditEvent
from parindex.core.types import UserAccount
from parindex.lib.errors import InputRejected
from parindex.testing import TestProvince, appraise_all, complete_round, fill_and_submit
from parindex.units.actions import import_units


def test_it_walks_a_unit_from_submission_to_council_review(
    par: TestProvince, appraiser: UserAccount, unit_head: UserAccount
) -> None:
    """Adjust one criterion, return another, the head explains, the appraiser accepts it, the
    rest are accepted and the survey imported: the unit is ready for the council."""
    fill_and_submit(par)
    plan = actions.record_appraisal(
        par.entry("dm_plan"),
        actor=appraiser,
        decision="adjust",
        points=Decimal(1),
        reason_code="THIEU_TLKC",
        comment="Kế hoạch ban hành trễ hạn.",
    )
    assert plan.appraisal_decision == AppraisalDecision.ADJUSTED
    assert plan.appraised_points == Decimal(1)
    assert plan.adjustment_reason is not None and plan.adjustment_reason.code == "THIEU_TLKC"
    par.refresh()
    assert par.assessment_a.state == AssessmentState.APPRAISAL_1

    actions.record_appraisal(
        par.entry("ir_review"), actor=appraiser, decision="return", comment="Thiếu báo cáo."
    )
    par.refresh()
    assert par.assessment_a.state == AssessmentState.RETURNED_FOR_EXPLANATION
    actions.explain_entry(
        par.entry("ir_review"), actor=unit_head, response="Báo cáo rà soát số 12/BC-SXD."
    )
    par.refresh()
    assert par.assessment_a.state == AssessmentState.EXPLAINED
    actions.record_appraisal(par.entry("ir_review"), actor=appraiser, decision="accept")
    par.refresh()
    assert par.assessment_a.state == AssessmentState.APPRAISAL_2
    appraise_all(par)
    par.refresh()
    assert par.assessment_a.state == AssessmentState.COUNCIL_REVIEW
    actions_seen = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"entry.adjust", "entry.return", "entry.explain", "entry.accept"} <= actions_seen


def test_it_requires_a_reason_and_comment_to_adjust(
    par: TestProvince, appraiser: UserAccount
) -> None:
    """Changing a self-score needs a reason code from the list and a comment."""
    fill_and_submit(par)
    with pytest.raises(InputRejected) as caught:
        actions.record_appraisal(
            par.entry("dm_plan"), actor=appraiser, decision="adjust", points=Decimal(1)
        )
    assert {p.field for p in caught.value.problems} == {"reason_code", "comment"}
    assert par.entry("dm_plan").appraisal_decision == ""


def test_it_keeps_appraisers_to_their_areas(par: TestProvince, appraiser: UserAccount) -> None:
    """The appraiser of two areas cannot decide on a criterion of the third."""
    fill_and_submit(par)
    with pytest.raises(PermissionDenied):
        actions.record_appraisal(
            par.entry("pi_survey"), actor=appraiser, decision="adjust", points=Decimal(3)
        )


def test_it_refuses_to_appraise_an_unsubmitted_unit(
    par: TestProvince, appraiser: UserAccount
) -> None:
    """While the self-assessment is open and not submitted, nothing is appraised."""
    with pytest.raises(InputRejected):
        actions.record_appraisal(par.entry("dm_plan"), actor=appraiser, decision="accept")


def test_it_imports_external_points_or_refuses_the_whole_file(
    par: TestProvince, province_admin: UserAccount
) -> None:
    """A file with one bad row writes nothing and names every row and field; a good file
    writes the points."""
    bad = (
        "unit_code,criterion_code,points\n"
        "local:SO-A,pi_survey,3\n"
        "local:SO-X,pi_survey,3\n"
        "SO-B,pi_survey,5\n"
        "SO-B,dm_plan,1\n"
        "SO-A,pi_survey,abc\n"
    )
    with pytest.raises(InputRejected) as caught:
        actions.import_external_points(par.round, bad.encode(), actor=province_admin)
    assert [(p.row, p.field) for p in caught.value.problems] == [
        (3, "unit_code"),
        (4, "points"),
        (5, "criterion_code"),
        (6, "criterion_code"),
    ]
    assert par.entry("pi_survey").appraised_points is None
    good = "unit_code;criterion_code;points\nSO-A;pi_survey;3,5\nSO-B;pi_survey;2\n"
    assert actions.import_external_points(par.round, good.encode(), actor=province_admin) == 2
    entry = par.entry("pi_survey")
    assert entry.appraised_points == Decimal("3.5")
    assert entry.appraisal_decision == AppraisalDecision.ENTERED
    assert AuditEvent.objects.filter(action="external_points.import").count() == 1


def test_it_reads_external_points_from_xlsx(par: TestProvince, province_admin: UserAccount) -> None:
    """The same columns in an Excel workbook."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["unit_code", "criterion_code", "points", "note"])
    sheet.append(["local:SO-A", "pi_survey", 2.75, "SIPAS"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    actions.import_external_points(par.round, buffer.getvalue(), actor=province_admin)
    assert par.entry("pi_survey").appraised_points == Decimal("2.75")


def _finish(
    par: TestProvince, council_member: UserAccount, province_admin: UserAccount
) -> list[UnitResult]:
    for unit in ("a", "b"):
        fill_and_submit(par, unit)
    appraise_all(par, "a", survey_points="3")
    appraise_all(par, "b", survey_points="3")
    actions.finalise_round(par.round, actor=council_member)
    return actions.publish_results(par.round, actor=province_admin)


def test_it_refuses_to_finalise_while_units_are_being_appraised(
    par: TestProvince, council_member: UserAccount
) -> None:
    """The council finalises only when every unit awaits it; each pending unit is named."""
    fill_and_submit(par)
    appraise_all(par)
    with pytest.raises(InputRejected) as caught:
        actions.finalise_round(par.round, actor=council_member)
    assert [p.field for p in caught.value.problems] == [par.unit_b.key]
    par.refresh()
    assert par.round.status == RoundStatus.OPEN


def test_it_publishes_points_rates_bands_and_competition_ranks(
    par: TestProvince, council_member: UserAccount, province_admin: UserAccount
) -> None:
    """Equal rates share rank 1 (competition ranking); points, rate, components and band are
    stored as announced; the round and units are locked as published."""
    results = {r.unit.code: r for r in _finish(par, council_member, province_admin)}
    a, b = results["SO-A"], results["SO-B"]
    assert a.total_points == Decimal("12.3") and a.max_points == Decimal(14)
    assert a.score_pct == Decimal("87.8571")
    assert a.band == "group_b" and a.band_name_vi == "Nhóm B"
    assert (a.rank, b.rank, a.peer_count) == (1, 1, 2)
    assert a.component_index == {
        "direction_management": "96.6667",
        "institutional_reform": "87.5000",
        "par_impact": "75.0000",
    }
    assert a.previous_source == "none" and a.beat_previous is None
    par.refresh()
    assert par.round.status == RoundStatus.PUBLISHED
    assert par.assessment_a.state == AssessmentState.PUBLISHED
    with pytest.raises(InputRejected):
        actions.publish_results(par.round, actor=province_admin)


def test_it_only_lets_the_admin_publish(
    par: TestProvince, council_member: UserAccount, leader: UserAccount
) -> None:
    """Leaders read; they never publish."""
    fill_and_submit(par, "a")
    fill_and_submit(par, "b")
    appraise_all(par, "a")
    appraise_all(par, "b")
    actions.finalise_round(par.round, actor=council_member)
    with pytest.raises(PermissionDenied):
        actions.publish_results(par.round, actor=leader)


LINEAGE = """
source: test lineage
units:
  - {code: SO-C, code_system: local, name: Sở C, kind: department, parent: "local:TP",
     valid_to: 2030-01-01}
  - {code: SO-D, code_system: local, name: Sở D, kind: department, parent: "local:TP",
     valid_to: 2030-01-01}
  - {code: SO-CD, code_system: local, name: Sở C-D, kind: department, parent: "local:TP",
     valid_from: 2030-01-01}
lineage:
  - {predecessor: "local:SO-C", successor: "local:SO-CD", effective_on: 2030-01-01,
     relation: merged_whole, weight: 0.75, weight_basis: population}
  - {predecessor: "local:SO-D", successor: "local:SO-CD", effective_on: 2030-01-01,
     relation: merged_whole, weight: 0.25, weight_basis: population}
"""


def test_it_compares_with_the_previous_year_through_the_lineage(
    par: TestProvince, council_member: UserAccount, province_admin: UserAccount
) -> None:
    """A unit merged from two predecessors gets their population-weighted rate as its
    previous year, marked derived; a unit that existed gets its own."""
    import_units(io.StringIO(LINEAGE), actor="test")
    from parindex.units.models import Unit

    c, d, cd = (Unit.objects.get(code=code) for code in ("SO-C", "SO-D", "SO-CD"))
    previous = actions.open_round(
        actor="test",
        province=par.province,
        year=2029,
        name="2029",
        frameworks={"department": par.framework},
        units=[par.unit_a, c, d],
        self_assessment_deadline=dt.date(2029, 12, 1),
        explanation_deadline=dt.date(2029, 12, 10),
        appraisal_deadline=dt.date(2029, 12, 20),
    )
    old = {
        r.unit.code: r.score_pct
        for r in complete_round(previous, {"SO-A": "4", "SO-C": "4", "SO-D": "0"})
    }

    current = actions.open_round(
        actor="test",
        province=par.province,
        year=2030,
        name="2030",
        frameworks={"department": par.framework},
        units=[par.unit_a, cd],
        self_assessment_deadline=dt.date(2030, 12, 1),
        explanation_deadline=dt.date(2030, 12, 10),
        appraisal_deadline=dt.date(2030, 12, 20),
    )
    results = {r.unit.code: r for r in complete_round(current, {"SO-A": "4", "SO-CD": "4"})}
    own, merged = results["SO-A"], results["SO-CD"]
    assert own.previous_source == "same_unit" and own.previous_score_pct == old["SO-A"]
    expected = (old["SO-C"] * Decimal("0.75") + old["SO-D"] * Decimal("0.25")).quantize(
        Decimal("0.0001")
    )
    assert merged.previous_source == "lineage" and merged.previous_is_derived
    assert merged.previous_score_pct == expected
    assert merged.beat_previous is True
    assert merged.previous_note  # says how many predecessors and which weights
