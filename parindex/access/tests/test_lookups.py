"""Lookups: 404 outside the user's scope, 403 where the object is visible but the action is
not the user's; the pages and the API ask the same helpers."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.test import RequestFactory

from parindex.access.lookups import (
    get_assessment_for_user,
    get_dossier_unit_for_user,
    get_entry_for_user,
    get_evidence_for_user,
    get_round_for_user,
)
from parindex.assessments import actions
from parindex.testing import PDF_BYTES, TestProvince, _named_bytes
from parindex.units.models import Unit


def request_as(par: TestProvince, persona: str) -> HttpRequest:
    request = RequestFactory().get("/")
    request.user = par.users[persona]
    return request


def test_it_hides_another_units_objects(par: TestProvince) -> None:
    """Sở B's head learns nothing of Sở A's assessment, criteria or files."""
    evidence = actions.attach_evidence(
        par.entry("dm_plan"), actor="test", upload=_named_bytes("ke-hoach.pdf", PDF_BYTES)
    )
    outsider = request_as(par, "outsider")
    with pytest.raises(Http404):
        get_assessment_for_user(outsider, par.assessment_a.pk)
    with pytest.raises(Http404):
        get_entry_for_user(outsider, par.entry("dm_plan").pk)
    with pytest.raises(Http404):
        get_evidence_for_user(outsider, evidence.pk)
    staff = request_as(par, "unit_staff")
    assert get_evidence_for_user(staff, evidence.pk) == evidence


def test_it_refuses_a_visible_object_to_the_wrong_role(par: TestProvince) -> None:
    """Staff see their assessment but may not submit it; the leader sees the round but may not
    publish it."""
    staff = request_as(par, "unit_staff")
    assert get_assessment_for_user(staff, par.assessment_a.pk) == par.assessment_a
    with pytest.raises(PermissionDenied):
        get_assessment_for_user(staff, par.assessment_a.pk, write=True, action="submit")
    leader = request_as(par, "leader")
    assert get_round_for_user(leader, par.round.pk) == par.round
    with pytest.raises(PermissionDenied):
        get_round_for_user(leader, par.round.pk, write=True, action="admin")


def test_it_finds_an_entry_by_its_own_id(par: TestProvince) -> None:
    """The API names an entry alone: it comes back with its assessment, checked for writing."""
    staff = request_as(par, "unit_staff")
    entry = get_entry_for_user(staff, par.entry("dm_plan").pk, write=True)
    assert entry.assessment == par.assessment_a
    with pytest.raises(PermissionDenied):
        get_entry_for_user(request_as(par, "leader"), par.entry("dm_plan").pk, write=True)
    with pytest.raises(Http404):
        get_entry_for_user(staff, par.entry("dm_plan", unit="b").pk)


def test_it_limits_dossier_pages_to_the_units_in_scope(par: TestProvince) -> None:
    """Province-wide readers see any unit or the whole province; a unit's staff their own."""
    appraiser = request_as(par, "appraiser")
    assert get_dossier_unit_for_user(appraiser, None) is None
    assert get_dossier_unit_for_user(appraiser, par.unit_b) == par.unit_b
    staff = request_as(par, "unit_staff")
    assert get_dossier_unit_for_user(staff, None) == par.unit_a
    with pytest.raises(Http404):
        get_dossier_unit_for_user(staff, Unit.objects.get(pk=par.unit_b.pk))
