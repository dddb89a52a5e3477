"""The one role table: what each role may do, with the differences between permissions fixed
here so that a change to who sees what is deliberate."""

from __future__ import annotations

from parindex.access.models import Role
from parindex.access.roles import PERMISSIONS, permission, roles_for

ALL = set(Role.values)
PROVINCE_READERS = {"province_admin", "appraiser", "council_member", "leader"}


def test_it_declares_each_permission_with_known_roles_and_a_reason() -> None:
    """Every permission names real roles and says why it differs from the others."""
    for code, declared in PERMISSIONS.items():
        assert declared.roles, code
        assert declared.roles <= ALL, code
        assert len(declared.why) > 20, code


def test_it_keeps_the_cycle_permissions_of_each_role() -> None:
    """Who may act in the assessment cycle, on a unit or the round's province."""
    assert roles_for("view") == ALL
    assert roles_for("fill") == {"unit_staff", "unit_head"}
    assert roles_for("submit") == roles_for("explain") == {"unit_head"}
    assert roles_for("appraise") == {"appraiser"}
    assert roles_for("council") == {"council_member"}
    assert roles_for("admin") == {"province_admin"}
    assert roles_for("oversee") == PROVINCE_READERS


def test_it_keeps_the_province_pages_apart_from_the_dossier_figures() -> None:
    """Appraisers see every unit's dossier figures but not the standing and targets pages;
    the PAR office's own pages are the administrator's; superusers hold the page permissions
    and none of the cycle's."""
    assert roles_for("every_unit_dossiers") == PROVINCE_READERS
    assert roles_for("province_pages") == {"province_admin", "leader", "council_member"}
    assert roles_for("par_office") == {"province_admin"}
    assert {code for code, p in PERMISSIONS.items() if p.superuser} == {
        "every_unit_dossiers",
        "province_pages",
        "par_office",
    }


def test_it_refuses_an_unknown_permission() -> None:
    """A misspelt permission is a programming error, not an empty answer."""
    try:
        permission("aprove")
    except ValueError as exc:
        assert "aprove" in str(exc)
    else:
        raise AssertionError("an unknown permission was accepted")
