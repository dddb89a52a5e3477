"""Granting and revoking roles: audited, validated, and never leaving the PAR office empty."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from parindex.access.actions import grant_role, revoke_role
from parindex.access.models import RoleAssignment
from parindex.access.scope import may
from parindex.core.models import AuditEvent
from parindex.core.types import UserAccount
from parindex.lib.errors import InputRejected
from parindex.testing import TestProvince


@pytest.fixture
def newcomer(par: TestProvince, django_user_model: type[UserAccount]) -> UserAccount:
    return django_user_model.objects.create_user("newcomer")


def test_it_grants_a_role_with_an_audit_event(par: TestProvince, newcomer: UserAccount) -> None:
    """The PAR office gives a newcomer Sở A's staff role: the role works at once, audited."""
    admin = par.users["province_admin"]
    assignment = grant_role(actor=admin, user=newcomer, role="unit_staff", unit=par.unit_a)
    assert may(newcomer, "fill", par.unit_a.pk)
    event = AuditEvent.objects.get(action="role.grant", object_id=str(assignment.pk))
    assert event.actor == admin
    assert event.after == {
        "user": "newcomer",
        "role": "unit_staff",
        "unit": par.unit_a.key,
        "area_codes": [],
    }


def test_it_grants_idempotently(par: TestProvince, newcomer: UserAccount) -> None:
    """Granting a role held already writes nothing; new areas for an appraiser are a change."""
    grant_role(actor="test", user=newcomer, role="appraiser", unit=par.province)
    grant_role(actor="test", user=newcomer, role="appraiser", unit=par.province)
    assert AuditEvent.objects.filter(action="role.grant", actor_label="test").count() == 8
    grant_role(actor="test", user=newcomer, role="appraiser", unit=par.province, area_codes=["x"])
    assert RoleAssignment.objects.get(user=newcomer).area_codes == ["x"]
    assert AuditEvent.objects.filter(action="role.grant").count() == 9


def test_it_refuses_bad_grants(par: TestProvince, newcomer: UserAccount) -> None:
    """An unknown role, or areas for anyone but an appraiser, are refused; nothing is written."""
    with pytest.raises(InputRejected) as caught:
        grant_role(actor="test", user=newcomer, role="mayor", unit=par.unit_a)
    assert caught.value.problems[0].field == "role"
    with pytest.raises(InputRejected) as caught:
        grant_role(
            actor="test", user=newcomer, role="unit_staff", unit=par.unit_a, area_codes=["x"]
        )
    assert caught.value.problems[0].field == "area_codes"
    assert not RoleAssignment.objects.filter(user=newcomer).exists()


def test_it_lets_only_the_par_office_grant(par: TestProvince, newcomer: UserAccount) -> None:
    """A unit head cannot hand out roles, not even on their own unit."""
    with pytest.raises(PermissionDenied):
        grant_role(actor=par.users["unit_head"], user=newcomer, role="unit_staff", unit=par.unit_a)


def test_it_revokes_a_role_with_an_audit_event(par: TestProvince) -> None:
    """Revoking removes the role and records what was held."""
    staff = par.users["unit_staff"]
    assignment = RoleAssignment.objects.get(user=staff)
    revoke_role(actor=par.users["province_admin"], assignment=assignment)
    assert not RoleAssignment.objects.filter(user=staff).exists()
    assert not may(staff, "view", par.unit_a.pk)
    event = AuditEvent.objects.get(action="role.revoke")
    assert event.before is not None and event.before["role"] == "unit_staff"


def test_it_keeps_the_last_par_office_account(par: TestProvince, newcomer: UserAccount) -> None:
    """The only active PAR office administrator cannot lose the role; with a second one, the
    first may go."""
    admin = par.users["province_admin"]
    only = RoleAssignment.objects.get(user=admin)
    with pytest.raises(InputRejected) as caught:
        revoke_role(actor="test", assignment=only)
    assert "province_admin" in caught.value.problems[0].message
    grant_role(actor="test", user=newcomer, role="province_admin", unit=par.province)
    revoke_role(actor="test", assignment=only)
    assert not RoleAssignment.objects.filter(pk=only.pk).exists()
