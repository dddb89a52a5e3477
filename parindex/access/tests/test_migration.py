"""Moving RoleAssignment from core to access keeps every row."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parindex.access.models import RoleAssignment
from parindex.core.types import UserAccount
from parindex.units.models import Unit

BEFORE = [("core", "0002_roleassignment")]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_role_assignments_written_before_the_move(
    django_user_model: type[UserAccount],
) -> None:
    """A row written in core's table is in access's table after migrating forward, and back."""
    executor = MigrationExecutor(connection)
    if ("access", "0001_initial") not in executor.loader.graph.nodes:
        pytest.skip("migrations are disabled in this run")
    after = executor.loader.graph.leaf_nodes()
    user = django_user_model.objects.create_user("kept")
    unit = Unit.objects.create(code="TP", code_system="local", name="Tỉnh", kind="province")
    try:
        executor.migrate(BEFORE)
        old = executor.loader.project_state(BEFORE).apps.get_model("core", "RoleAssignment")
        assert old._meta.db_table == "core_roleassignment"
        old.objects.create(user_id=user.pk, unit_id=unit.pk, role="leader", area_codes=[])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    assert RoleAssignment._meta.db_table == "access_roleassignment"
    kept = RoleAssignment.objects.get(user=user)
    assert (kept.role, kept.unit) == ("leader", unit)
