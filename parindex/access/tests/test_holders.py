"""Who holds a role: the reverse reads the cycle needs, in the access layer."""

from __future__ import annotations

from typing import Any

import pytest

from parindex.access.holders import assignments_covering, users_holding
from parindex.access.models import Role


@pytest.mark.django_db
def test_it_finds_the_appraisers_covering_a_unit_from_above(par: Any) -> None:
    """A role held on the province covers the departments below it; one held on a department
    covers only that department."""
    department = par.unit_a
    covering = {ra.user.username for ra in assignments_covering(department, Role.APPRAISER)}
    assert covering == {"appraiser"}
    assert not assignments_covering(department, Role.LEADER).filter(unit=department).exists()


@pytest.mark.django_db
def test_it_lists_each_holder_once_by_username(par: Any) -> None:
    """Every user holding the role, once, ordered by username."""
    assert [u.username for u in users_holding(Role.APPRAISER)] == ["appraiser"]
    assert [u.username for u in users_holding(Role.UNIT_HEAD)] == ["outsider", "unit_head"]
