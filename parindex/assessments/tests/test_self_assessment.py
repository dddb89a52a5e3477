"""Filling in the self-assessment: self-scores computed by the method, drafts, bad input,
deadlines, concurrent saves and submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from parindex.assessments import actions
from parindex.assessments.models import AssessmentState
from parindex.core.models import AuditEvent
from parindex.core.types import UserAccount
from parindex.lib.errors import InputRejected
from parindex.testing import TestProvince, fill_and_submit


def _save(par: TestProvince, code: str, user: UserAccount, **values: Any) -> Any:
    entry = par.entry(code)
    return actions.save_entry(entry, actor=user, version=entry.version, values=values)


def test_it_computes_the_self_score_from_declared_data(
    par: TestProvince, unit_staff: UserAccount
) -> None:
    """18 of 20 tasks under "plain, full from 100 %, 0 below 80 %" earns 2 × 0.9 = 1.8."""
    entry = _save(par, "dm_completion", unit_staff, numerator=Decimal(18), denominator=Decimal(20))
    assert entry.self_points == Decimal("1.8")
    assert entry.version == 1 and entry.saved_by == unit_staff
    event = AuditEvent.objects.get(action="entry.save")
    assert event.actor == unit_staff and event.unit_code == par.unit_a.key
    assert event.before is not None and event.after is not None
    assert event.before["self_points"] is None and event.after["self_points"] == "1.8"


def test_it_keeps_incomplete_data_as_a_draft(par: TestProvince, unit_staff: UserAccount) -> None:
    """A numerator without its total is saved, without a self-score yet."""
    entry = _save(par, "dm_completion", unit_staff, numerator=Decimal(18))
    assert entry.numerator == Decimal(18) and entry.self_points is None


@pytest.mark.parametrize(
    ("code", "values", "field", "words"),
    [
        ("ir_quality", {"entered_points": Decimal("2.5")}, "entered_points", "từ 0 đến 2"),
        ("ir_quality", {"entered_points": Decimal("-1")}, "entered_points", "từ 0 đến 2"),
        (
            "dm_completion",
            {"numerator": Decimal(21), "denominator": Decimal(20)},
            "numerator",
            "lớn hơn tổng số",
        ),
        ("dm_reports", {"count": -1}, "count", "không thể âm"),
    ],
    ids=["above-max", "below-zero", "count-above-total", "negative-count"],
)
def test_it_refuses_impossible_data_in_vietnamese_and_writes_nothing(
    par: TestProvince,
    unit_staff: UserAccount,
    code: str,
    values: dict[str, Any],
    field: str,
    words: str,
) -> None:
    """Out-of-range points and a declared count above its total are refused, in Vietnamese,
    and neither the entry nor the audit log changes."""
    before = AuditEvent.objects.count()
    with translation.override("vi"), pytest.raises(InputRejected) as caught:
        _save(par, code, unit_staff, **values)
    problem = caught.value.problems[0]
    assert problem.field == field
    assert words in problem.message, problem.message
    entry = par.entry(code)
    assert entry.version == 0 and entry.self_points is None
    assert AuditEvent.objects.count() == before


def test_it_speaks_english_when_asked(par: TestProvince, unit_staff: UserAccount) -> None:
    """The same refusal reads in English with English active."""
    with translation.override("en"), pytest.raises(InputRejected) as caught:
        _save(par, "ir_quality", unit_staff, entered_points=Decimal(3))
    assert "between 0 and 2" in caught.value.problems[0].message


def test_it_refuses_the_second_of_two_concurrent_saves(
    par: TestProvince, unit_staff: UserAccount, unit_head: UserAccount
) -> None:
    """Two people load version 0; the first save wins, the second is told and overwrites
    nothing."""
    entry = par.entry("dm_plan")
    actions.save_entry(entry, actor=unit_staff, version=0, values={"is_met": True})
    with translation.override("vi"), pytest.raises(actions.StaleEntry) as caught:
        actions.save_entry(entry, actor=unit_head, version=0, values={"is_met": False})
    assert "Unit Staff" in str(caught.value) and "không được lưu" in str(caught.value)
    stored = par.entry("dm_plan")
    assert stored.is_met is True and stored.version == 1
    assert AuditEvent.objects.filter(action="entry.save").count() == 1


def test_it_refuses_edits_after_the_deadline_day(
    par: TestProvince, unit_staff: UserAccount
) -> None:
    """The phase closes at the end of the deadline day in Vietnam (UTC+7): 23:59 local time
    on the day is open, 00:00 the next day is closed."""
    deadline = par.round.self_assessment_deadline
    last_minute = dt.datetime.combine(deadline, dt.time(16, 59), tzinfo=dt.UTC)  # 23:59 +07
    with time_machine.travel(last_minute, tick=False):
        _save(par, "dm_plan", unit_staff, is_met=True)
    with (
        time_machine.travel(last_minute + dt.timedelta(minutes=1), tick=False),
        translation.override("vi"),
        pytest.raises(InputRejected) as caught,
    ):
        _save(par, "dm_plan", unit_staff, is_met=False)
    assert "đã đóng" in str(caught.value)
    assert par.entry("dm_plan").is_met is True


def test_it_reopens_the_phase_for_a_unit_with_an_exception(
    par: TestProvince, unit_staff: UserAccount, province_admin: UserAccount
) -> None:
    """A deadline exception lets one unit keep editing after the round's deadline."""
    deadline = par.round.self_assessment_deadline
    actions.set_deadline_exception(
        par.assessment_a,
        actor=province_admin,
        phase="self_assessment",
        until=deadline + dt.timedelta(days=5),
        reason="Mất điện kéo dài",
    )
    with time_machine.travel(
        dt.datetime.combine(deadline + dt.timedelta(days=3), dt.time(3), tzinfo=dt.UTC)
    ):
        entry = _save(par, "dm_plan", unit_staff, is_met=True)
    assert entry.self_points == Decimal(2)
    assert AuditEvent.objects.filter(action="deadline_exception.grant").count() == 1


def test_it_refuses_a_submission_missing_explanations(
    par: TestProvince, unit_head: UserAccount
) -> None:
    """Criteria that require evidence need a file or an explanation; every gap is listed."""
    actions.save_entries(
        par.assessment_a,
        actor=unit_head,
        rows={
            "dm_plan": {"is_met": True},
            "dm_completion": {"numerator": Decimal(18), "denominator": Decimal(20)},
            "dm_reports": {"count": 4},
            "ir_review": {"is_met": True},
            "ir_quality": {"entered_points": Decimal(1)},
        },
    )
    with pytest.raises(InputRejected) as caught:
        actions.submit_self_assessment(par.assessment_a, actor=unit_head)
    assert {p.field for p in caught.value.problems} == {"dm_plan", "dm_completion", "ir_review"}
    par.refresh()
    assert par.assessment_a.state == AssessmentState.DRAFT


def test_it_locks_on_submit_and_refuses_a_double_submit(
    par: TestProvince, unit_head: UserAccount
) -> None:
    """After submission nothing can be edited, and a second submission is refused."""
    fill_and_submit(par)
    par.refresh()
    assert par.assessment_a.state == AssessmentState.SELF_ASSESSED
    with translation.override("vi"), pytest.raises(InputRejected) as caught:
        actions.submit_self_assessment(par.assessment_a, actor=unit_head)
    assert "đã được nộp" in str(caught.value)
    with pytest.raises(InputRejected):
        _save(par, "dm_plan", unit_head, is_met=False)
    assert AuditEvent.objects.filter(action="assessment.submit").count() == 1


def test_it_lets_only_the_head_submit(par: TestProvince, unit_staff: UserAccount) -> None:
    """Staff fill in; only the head submits."""
    with pytest.raises(PermissionDenied):
        actions.submit_self_assessment(par.assessment_a, actor=unit_staff)


def test_it_autosaves_through_htmx_and_updates_the_running_total(
    par: TestProvince, client_for: Any
) -> None:
    """An htmx post returns the criterion's card with its new self-score and the running
    total swapped out of band; a comma is read as the decimal mark."""
    entry = par.entry("ir_quality")
    response = client_for("unit_staff").post(
        f"/assessments/units/{par.assessment_a.pk}/entries/{entry.pk}/",
        {"version": "0", "entered_points": "1,5"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="self-{}">1,50<'.format(entry.pk) in page
    assert 'id="running-total"' in page and 'hx-swap-oob="true"' in page
    assert par.entry("ir_quality").entered_points == Decimal("1.5")


def test_it_tells_the_second_browser_in_the_row(par: TestProvince, client_for: Any) -> None:
    """A stale autosave is answered with the row showing the conflict; the stored value
    stays."""
    entry = par.entry("dm_plan")
    url = f"/assessments/units/{par.assessment_a.pk}/entries/{entry.pk}/"
    client_for("unit_staff").post(url, {"version": "0", "is_met": "yes"}, HTTP_HX_REQUEST="true")
    response = client_for("unit_head").post(
        url, {"version": "0", "is_met": "no"}, HTTP_HX_REQUEST="true"
    )
    assert "sau khi bạn mở" in response.content.decode()
    assert par.entry("dm_plan").is_met is True


def test_it_shows_the_rule_in_words_beside_each_criterion(
    par: TestProvince, client_for: Any
) -> None:
    """The form states each scoring rule and the points at risk."""
    page = client_for("unit_staff").get(f"/assessments/units/{par.assessment_a.pk}/self/")
    text = page.content.decode()
    assert "Đạt: 2 điểm; không đạt: 0 điểm." in text
    assert "illustrative-banner" in text
    assert "Điểm có nguy cơ bị trừ" in text
