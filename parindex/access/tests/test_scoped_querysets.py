"""The scoped-queryset base: every unit-scoped model lists its rows through ``for_user``."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parindex.assessments import actions
from parindex.assessments.models import (
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
    UnitResult,
)
from parindex.core.types import Viewer
from parindex.dossiers.models import DossierSummary, PortalSnapshot
from parindex.testing import PDF_BYTES, TestProvince, _named_bytes, seed_published_round


def test_it_scopes_assessments_entries_and_files_to_the_unit(par: TestProvince) -> None:
    """A unit's staff see their own unit's rows only; the PAR office sees both units'."""
    actions.attach_evidence(
        par.entry("dm_plan"), actor="test", upload=_named_bytes("ke-hoach.pdf", PDF_BYTES)
    )
    staff, admin = par.users["unit_staff"], par.users["province_admin"]
    assert list(Assessment.objects.for_user(staff)) == [par.assessment_a]
    assert {a.unit_id for a in Assessment.objects.for_user(admin)} == {
        par.unit_a.pk,
        par.unit_b.pk,
    }
    assert {e.assessment_id for e in CriterionEntry.objects.for_user(staff)} == {
        par.assessment_a.pk
    }
    assert Evidence.objects.for_user(staff).count() == 1
    assert Evidence.objects.for_user(par.users["outsider"]).count() == 0


def test_it_narrows_by_permission(par: TestProvince) -> None:
    """``for_user(viewer, permission)`` keeps the units on which the viewer holds it."""
    assert Assessment.objects.for_user(par.users["unit_staff"], "submit").count() == 0
    assert list(Assessment.objects.for_user(par.users["unit_head"], "submit")) == [par.assessment_a]


def test_it_shows_a_unit_its_provinces_round(par: TestProvince) -> None:
    """A round belongs to the province, yet a unit's staff see it: one of its units is theirs."""
    assert list(AssessmentRound.objects.for_user(par.users["unit_staff"])) == [par.round]
    assert list(AssessmentRound.objects.for_user(par.users["unit_staff"], "admin")) == []


def test_it_scopes_results_and_dossier_summaries(par: TestProvince) -> None:
    """Published results and dossier summaries follow their unit; the province-wide readers of
    the dossier figures see every summary."""
    round_ = seed_published_round(par, units=3, year=2041)
    results = UnitResult.objects.filter(round=round_)
    assert results.for_user(par.users["leader"]).count() == results.count()
    assert results.for_user(par.users["outsider"]).count() == 0
    for unit in (par.unit_a, par.unit_b):
        DossierSummary.objects.create(
            unit=unit,
            period="2026-08",
            period_kind="calendar",
            granularity="month",
            first_day=dt.date(2026, 8, 1),
            last_day=dt.date(2026, 8, 31),
            computed_at=timezone.now(),
        )
    assert DossierSummary.objects.for_user(par.users["appraiser"]).count() == 2
    assert [s.unit for s in DossierSummary.objects.for_user(par.users["unit_staff"])] == [
        par.unit_a
    ]


def test_it_shows_portal_snapshots_to_the_par_office_only(par: TestProvince) -> None:
    """Snapshots belong to the province as a whole: the PAR office reconciles with them."""
    PortalSnapshot.objects.create(
        group="dvc-progress-tree", source_name="a.json", sha256="0" * 64, body={}, imported_by="t"
    )
    assert PortalSnapshot.objects.for_user(par.users["province_admin"]).count() == 1
    assert PortalSnapshot.objects.for_user(par.users["leader"]).count() == 0


def test_it_gives_anonymous_visitors_nothing(par: TestProvince) -> None:
    """Every scoped model answers an anonymous visitor with no rows."""
    anonymous: Viewer = AnonymousUser()
    for model in (AssessmentRound, Assessment, CriterionEntry, Evidence, UnitResult):
        assert model.objects.for_user(anonymous).count() == 0
    assert DossierSummary.objects.for_user(anonymous).count() == 0
    assert PortalSnapshot.objects.for_user(anonymous).count() == 0
