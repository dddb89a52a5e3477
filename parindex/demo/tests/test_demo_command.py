"""``parindex demo`` builds the demo province through the real actions; ``demo_logins``
prints the personas."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from parindex.access.models import RoleAssignment
from parindex.assessments.models import (
    AdjustmentReason,
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
    RoundStatus,
    UnitResult,
)
from parindex.calendars.queries import get_calendar
from parindex.core.models import AuditEvent
from parindex.demo.data import DEMO_PASSWORD, DEPARTMENTS, PERSONAS
from parindex.demo.dossiers import demo_file, demo_units, generate
from parindex.dossiers.models import DossierImport
from parindex.dossiers.store import TABLE, DossierStore
from parindex.units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def var_dir(settings: Any, tmp_path: Path) -> Iterator[Path]:
    """A temporary VAR_DIR: the demo's dossier file and the dossier store go there, never into
    the developer's var/."""
    settings.VAR_DIR = tmp_path / "var"
    yield settings.VAR_DIR
    DossierStore.close_readers()


@time_machine.travel(dt.datetime(2026, 11, 26, 3, 0, tzinfo=dt.UTC), tick=False)
def test_it_builds_the_demo_province_through_the_actions(var_dir: Path) -> None:
    """Units, departments, personas, reasons, a year of dossiers, two published years and an
    open 2026 round whose data-derived criteria show the dossier figures."""
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
    assert department.previous_source == "same_unit" and department.previous_score_pct
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
        "unit.import",
        "framework.import",
        "demo_personas.create",
        "round.open",
        "entry.save_many",
        "assessment.submit",
        "entry.adjust",
        "entry.return",
        "entry.explain",
        "entry.accept_many",
        "external_points.import",
        "round.finalise",
        "round.publish",
        "evidence.attach",
    } <= actions
    saved_2026 = AuditEvent.objects.filter(action="entry.save_many", actor__username="canbo.sxd")
    assert saved_2026.count() == 1
    _check_dossiers(var_dir, rounds)

    again = StringIO()
    call_command("demo", "--if-empty", stdout=again)
    assert AssessmentRound.objects.count() == 3
    assert again.getvalue().strip()

    logins = StringIO()
    call_command("demo_logins", stdout=logins)
    text = logins.getvalue()
    assert "sonoivu" in text and "Quản trị viên Sở Nội vụ" in text and DEMO_PASSWORD in text


def _check_dossiers(var_dir: Path, rounds: dict[int, AssessmentRound]) -> None:
    """The demo's dossiers: imported once through the audited import, for the departments and
    the communes only, shown on the dossier pages, and filling the data-derived criteria."""
    path = var_dir / "demo" / "dossiers-demo.csv"
    assert demo_file() == path and path.is_file()
    record = DossierImport.objects.get()
    assert record.state == DossierImport.State.SUCCEEDED and record.actor_label == "demo"
    assert 60_000 <= record.rows_read <= 80_000 and record.rows_kept_apart == 0
    event = AuditEvent.objects.get(action="dossier.import")
    assert event.actor_label == "demo"

    con = DossierStore().read()
    try:
        stored, first, last = con.execute(
            f"SELECT count(*), min(received_at), max(received_at) FROM {TABLE}"
        ).fetchone() or (0, None, None)
        unit_ids = {
            row[0] for row in con.execute(f"SELECT DISTINCT unit_id FROM {TABLE}").fetchall()
        }
        open_ = (
            con.execute(f"SELECT count(*) FROM {TABLE} WHERE status IN (4, 5)").fetchone() or [0]
        )[0]
    finally:
        con.close()
    assert stored == record.rows_read
    assert first >= dt.datetime(2025, 1, 1) and last < dt.datetime(2026, 11, 26)
    departments = set(
        Unit.objects.filter(code_system="local", kind="department").values_list("pk", flat=True)
    )
    communes = set(
        Unit.objects.filter(code_system="current_34", kind="commune").values_list("pk", flat=True)
    )
    assert unit_ids <= departments | communes
    assert len(unit_ids & departments) >= 15 and len(unit_ids & communes) == 103
    assert open_ > 0

    # The same day gives the same file (fixed seed).
    province = Unit.objects.get(code_system="current_34", code="92")
    again = generate(
        var_dir / "again.csv",
        demo_units(province),
        until=dt.date(2026, 11, 26),
        calendar=get_calendar(),
    )
    assert again.path.read_bytes() == path.read_bytes()

    client = Client()
    client.force_login(get_user_model().objects.get(username="sonoivu"))
    figures = client.get("/dossiers/?period=2026")
    html = figures.content.decode()
    assert figures.status_code == 200
    table = html.split("<table", 1)[1].split("</table>", 1)[0]
    assert "Cần Thơ" in table and table.count("<tr") > 20
    assert "illustrative-banner" in html
    late = client.get("/dossiers/late-without-apology/?period=2026")
    body = late.content.decode()
    assert late.status_code == 200 and re.search(r"MH\.[A-Z0-9]+-26\d{4}-\d{6}", body)
    ranking = client.get("/dossiers/late-ranking/?period=2026").content.decode()
    assert ranking.count("illustrative-banner") == 1 and "Sở Xây dựng" in ranking
    # Every dossier page says the dossiers are synthetic, a real commune's too.
    for url in (
        "/dossiers/late-without-apology/?period=2026&unit=local:CT-SXD",
        "/dossiers/late-without-apology/?period=2026",
        "/dossiers/past-deadline/?period=2026&unit=current_34:31120",
        "/dossiers/?period=2026&unit=current_34:31120",
    ):
        assert "illustrative-banner" in client.get(url).content.decode(), url

    on_time = CriterionEntry.objects.get(
        assessment__round=rounds[2026],
        assessment__unit__code="CT-SXD",
        criterion__code="pr_on_time",
    )
    feed = on_time.feed or {}
    assert on_time.numerator is not None and on_time.denominator and on_time.self_points is not None
    assert feed["status"] == "ok" and feed["indicator"] == "on_time_rate"
    assert feed["unit"] == "local:CT-SXD" and feed["period"]["code"] == "2026"
    assert feed["counts"]["finished"] == on_time.denominator and on_time.fed_at is not None
    # 2025: the fed rows were accepted with their computed points; a department without
    # dossiers has an undefined figure and imported points.
    accepted = CriterionEntry.objects.get(
        assessment__round=rounds[2025], assessment__unit__code="31120", criterion__code="pr_on_time"
    )
    assert accepted.appraisal_decision == "accepted"
    assert accepted.final_points == accepted.self_points is not None
    radio = CriterionEntry.objects.get(
        assessment__round=rounds[2025],
        assessment__unit__code="CT-DPTTH",
        criterion__code="pr_on_time",
    )
    assert (radio.feed or {})["status"] == "undefined" and radio.appraisal_decision == "entered"
    assert AuditEvent.objects.filter(
        action="entry.feed", object_id=str(on_time.assessment_id)
    ).exists()


def test_it_prints_the_logins_in_the_cli_language(settings: object) -> None:
    """With English as the CLI language the table and the password line read in English, and
    a database without the demo says so."""
    settings.CLI_LANGUAGE = "en"  # type: ignore[attr-defined]
    out, err = StringIO(), StringIO()
    call_command("demo_logins", stdout=out, stderr=err)
    assert "User name" in out.getvalue() and "PAR office administrator" in out.getvalue()
    assert f"Password of every demo persona: {DEMO_PASSWORD}" in out.getvalue()
    assert "parindex demo" in err.getvalue()
