"""Scope: a role held on a unit covers it and every unit below it, computed once per request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from parindex.access.scope import (
    access_of,
    forget_unit_scope,
    holds,
    may,
    roles_of,
    unit_ids_for_user,
    units_in_scope,
)
from parindex.core.types import UserAccount
from parindex.testing import TestProvince


def test_it_covers_the_units_below_a_role(par: TestProvince) -> None:
    """The PAR office's role on the province covers both departments; a unit's staff only
    their own unit."""
    everything = {par.province.pk, par.unit_a.pk, par.unit_b.pk}
    assert unit_ids_for_user(par.users["province_admin"]) == everything
    assert unit_ids_for_user(par.users["unit_staff"]) == {par.unit_a.pk}
    assert unit_ids_for_user(par.users["unit_staff"], "unit_head") == set()
    assert set(units_in_scope(par.users["outsider"])) == {par.unit_b}


def test_it_gives_anonymous_and_inactive_users_nothing(par: TestProvince) -> None:
    """No roles and no units for a visitor; an inactive account keeps its roles but no units."""
    assert roles_of(AnonymousUser()) == frozenset()
    assert unit_ids_for_user(AnonymousUser()) == frozenset()
    user = par.users["unit_staff"]
    user.is_active = False
    forget_unit_scope(user)
    assert unit_ids_for_user(user) == frozenset()


def test_it_asks_the_database_once_per_user_object(
    par: TestProvince, django_assert_num_queries: Any
) -> None:
    """Roles, units and permissions of one user cost one query for the roles and one per
    distinct unit, however often they are asked."""
    user = par.users["unit_head"]
    forget_unit_scope(user)
    with django_assert_num_queries(2):
        for _ in range(5):
            assert roles_of(user) == {"unit_head"}
            assert may(user, "submit", par.unit_a.pk)
            assert not may(user, "submit", par.unit_b.pk)
            assert not access_of(user).sees_province_pages


def test_it_lets_the_system_do_everything_and_superusers_see_province_pages(
    par: TestProvince, django_user_model: type[UserAccount]
) -> None:
    """The command line acts as the system; a superuser without a role opens the province-wide
    pages but takes no part in the cycle."""
    assert may(None, "admin", par.province.pk) and may("cli", "council", par.unit_a.pk)
    root = django_user_model.objects.create_superuser("root", password="x")
    assert holds(root, "province_pages") and holds(root, "par_office")
    assert not holds(root, "admin")
    assert not may(root, "view", par.unit_a.pk)


def test_it_answers_the_province_and_the_own_unit(par: TestProvince) -> None:
    """The province pages default to the province a leader holds a role on; the dossier pages
    to the unit of a staff member's first role."""
    assert access_of(par.users["leader"]).province == par.province
    assert access_of(par.users["unit_staff"]).province is None
    assert access_of(par.users["unit_staff"]).own_unit == par.unit_a
