"""Who holds a role: the reads that start from a role rather than from a user.

Scope (``scope.py``) answers "what may this user see and do"; these answer the reverse
question the cycle asks when it sets itself up — who appraises a province's units, who may be
picked as an appraiser — so that no other app queries ``RoleAssignment`` itself.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from parindex.access.models import RoleAssignment
from parindex.core.types import UserAccount
from parindex.units.models import Unit


def assignments_covering(unit: Unit, role: str) -> QuerySet[RoleAssignment]:
    """The assignments of ``role`` that cover ``unit``: held on it or on a unit above it (a
    role applies to its unit and everything below), users joined."""
    return RoleAssignment.objects.filter(
        role=role, unit__in=Unit.objects.ancestors(unit, include_self=True)
    ).select_related("user")


def users_holding(role: str) -> QuerySet[UserAccount]:
    """Every user who holds ``role`` on some unit, by username."""
    holders = RoleAssignment.objects.filter(role=role).values("user_id")
    return get_user_model().objects.filter(pk__in=holders).order_by("username")
