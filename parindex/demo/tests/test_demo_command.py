"""``parindex demo`` builds the demo province through the real actions; ``demo_logins``
prints the personas."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command

from parindex.assessments.models import (
    AdjustmentReason,
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
    RoundStatus,
    UnitResult,
)
from parindex.core.models import AuditEvent, RoleAssignment
from parindex.demo.data import DEMO_PASSWORD, DEPARTMENTS, PERSONAS
from parindex.units.models import Unit

pytestmark = pytest.mark.django_db


@time_machine.travel(dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC), tick=False)
def test_it_builds_the_demo_province_through_the_actions() -> None:
    """Units, departments, personas, reasons, two published years and an open 2026 round."""
    out = StringIO()
    call_command("demo", stdout=out)
    assert "2026" in out.getvalue()

    departments = Unit.objects.filter(code_system="local", kind="department")
    assert departments.count() == len(DEPARTMENTS)
    assert all(u.is_illustrative and u.valid_from is None for u in departments)
    assert Unit.objects.filter(code_system="current_34", kind="commune").count() == 103
    assert Unit.objects.filter(code_system="historical_63", kind="province").count() == 63

    users = get_user_model().objects.filter(username__in=[p[0] for p in PERSONAS])
    assert users.count() == len(PERSONAS)
    admin = users.get(username="sonoivu")
    assert admin.is_staff and admin.check_password(DEMO_PASSWORD)
    assert RoleAssignment.objects.get(user__username="thamdinh.stp").area_codes == [
        "institutional_reform"
    ]
    assert AdjustmentReason.objects.count() >= 6

    rounds = {r.year: r for r in AssessmentRound.objects.all()}
    assert rounds[2024].status == rounds[2025].status == RoundStatus.PUBLISHED
    assert rounds[2026].status == RoundStatus.OPEN
    assert rounds[2026].self_assessment_deadline == dt.date(2026, 12, 15)
    assert all(r.is_illustrative for r in rounds.values())
    assert UnitResult.objects.filter(round=rounds[2024]).count() == 20
    assert UnitResult.objects.filter(round=rounds[2025]).count() == 123

    department = UnitResult.objects.get(round=rounds[2025], unit__code="CT-SXD")
    assert department.previous_source == "same_unit" and department.previous_rate_pct
    commune = UnitResult.objects.get(round=rounds[2025], unit__code="31120")
    assert commune.previous_source == "none" and "2024" in commune.previous_note
    groups = set(UnitResult.objects.filter(round=rounds[2025]).values_list("peer_group", flat=True))
    assert groups == {"department", "ward", "commune"}

    for code in ("CT-SXD", "31120"):
        draft = Assessment.objects.get(round=rounds[2026], unit__code=code)
        filled = CriterionEntry.objects.filter(assessment=draft, self_points__isnull=False)
        assert 0 < filled.count() < draft.entries.count()
        assert Evidence.objects.filter(assessment=draft).count() == 1
    assert CriterionEntry.objects.filter(
        assessment__round=rounds[2025], appraisal_decision="adjusted"
    ).exists()

    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "units.import",
        "framework.import",
        "demo.personas",
        "round.open",
        "entries.save",
        "assessment.submit",
        "entry.adjust",
        "entry.return",
        "entry.explain",
        "entries.accept",
        "points.import",
        "round.finalise",
        "round.publish",
        "evidence.attach",
    } <= actions
    saved_2026 = AuditEvent.objects.filter(action="entries.save", actor__username="canbo.sxd")
    assert saved_2026.count() == 1

    again = StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert AssessmentRound.objects.count() == 3
    assert again.getvalue().strip()

    logins = StringIO()
    call_command("demo_logins", stdout=logins)
    text = logins.getvalue()
    assert "sonoivu" in text and "Quản trị viên Sở Nội vụ" in text and DEMO_PASSWORD in text


def test_it_prints_the_logins_in_the_cli_language(settings: object) -> None:
    """With English as the CLI language the table and the password line read in English, and
    a database without the demo says so."""
    settings.CLI_LANGUAGE = "en"  # type: ignore[attr-defined]
    out, err = StringIO(), StringIO()
    call_command("demo_logins", stdout=out, stderr=err)
    assert "User name" in out.getvalue() and "PAR office administrator" in out.getvalue()
    assert f"Password of every demo persona: {DEMO_PASSWORD}" in out.getvalue()
    assert "parindex demo" in err.getvalue()
