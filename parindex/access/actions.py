"""Granting and revoking roles: the only writers of ``RoleAssignment``, each audited.

Only the PAR office administrator of a unit (or the system: the command line, the demo builder,
the test province) grants or revokes a role on it. Every refusal is an ``InputRejected`` with
the problems found, or ``PermissionDenied`` for an actor without the right; nothing is written.

The audit events name the unit in their ``before``/``after`` values, not in ``unit_code``: a
unit's assessment timeline lists the events of its assessment cycle, and who holds which role is
not one of them.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.access.models import Role, RoleAssignment
from parindex.access.scope import forget_unit_scope, is_system, may
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor, UserAccount
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit


def _assignment_dict(assignment: RoleAssignment) -> dict[str, object]:
    return {
        "user": assignment.user.get_username(),
        "role": assignment.role,
        "unit": assignment.unit.key,
        "area_codes": list(assignment.area_codes or []),
    }


def _check_actor(actor: Actor, unit: Unit) -> None:
    if not is_system(actor) and not may(actor, "admin", unit.pk):
        raise PermissionDenied(_("Only the PAR office administrator grants and revokes roles."))


def _grant_problems(role: str, areas: list[str]) -> list[Problem]:
    problems: list[Problem] = []
    if role not in Role.values:
        problems.append(
            Problem(
                _("“{value}” is not a role; use one of: {choices}.").format(
                    value=role, choices=", ".join(Role.values)
                ),
                field="role",
            )
        )
    elif areas and role != Role.APPRAISER:
        problems.append(
            Problem(_("Only appraisers are given areas to appraise."), field="area_codes")
        )
    if any(not code for code in areas):
        problems.append(Problem(_("An area code cannot be empty."), field="area_codes"))
    return problems


@transaction.atomic
def grant_role(
    *,
    actor: Actor,
    user: UserAccount,
    role: str,
    unit: Unit,
    area_codes: Iterable[str] = (),
) -> RoleAssignment:
    """Give ``user`` the role ``role`` on ``unit`` (and every unit below it).

    Granting a role the user already holds on the unit changes only its areas (an appraiser's),
    and writes nothing when they are unchanged: granting is idempotent.
    """
    _check_actor(actor, unit)
    areas = [str(code).strip() for code in area_codes]
    problems = _grant_problems(role, areas)
    if problems:
        raise InputRejected(problems)
    existing = RoleAssignment.objects.filter(user=user, role=role, unit=unit).first()
    if existing is not None and list(existing.area_codes or []) == areas:
        return existing
    before = _assignment_dict(existing) if existing is not None else None
    if existing is None:
        assignment = RoleAssignment.objects.create(
            user=user, role=role, unit=unit, area_codes=areas
        )
    else:
        assignment = existing
        assignment.area_codes = areas
        assignment.save(update_fields=["area_codes", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.ROLE_GRANT,
        obj=assignment,
        before=before,
        after=_assignment_dict(assignment),
    )
    forget_unit_scope(user)
    return assignment


def _is_last_par_office(assignment: RoleAssignment) -> bool:
    """Whether ``assignment`` is the last PAR office role held by an active account."""
    if assignment.role != Role.PROVINCE_ADMIN or not assignment.user.is_active:
        return False
    others = RoleAssignment.objects.filter(role=Role.PROVINCE_ADMIN, user__is_active=True).exclude(
        pk=assignment.pk
    )
    return not others.exists()


@transaction.atomic
def revoke_role(*, actor: Actor, assignment: RoleAssignment) -> None:
    """Take a role away. The last active PAR office account keeps its role: without it,
    nobody could run the rounds or grant the role again."""
    _check_actor(actor, assignment.unit)
    if _is_last_par_office(assignment):
        raise InputRejected(
            [
                Problem(
                    _(
                        "{user} is the last active PAR office administrator: grant the role to "
                        "someone else before revoking it."
                    ).format(user=assignment.user.get_username()),
                    field="role",
                )
            ]
        )
    before = _assignment_dict(assignment)
    object_id, object_repr = str(assignment.pk), str(assignment)
    assignment.delete()
    record_audit(
        actor=actor,
        action=AuditAction.ROLE_REVOKE,
        object_type=RoleAssignment._meta.label_lower,
        object_id=object_id,
        object_repr=object_repr,
        before=before,
    )
    forget_unit_scope(assignment.user)
