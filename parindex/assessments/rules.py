"""Who may do what in the assessment cycle: plain predicates over a user and an object.

Scoping (which units a user sees) is decided in one place, ``parindex.units.queries``; these
predicates add the role each action needs. A role held on a unit applies to that unit and
every unit below it (``RoleAssignment``). Actions call the predicates again, so the web, the
API and the command line enforce the same rules; ``actor=None`` or a text label is the system
(the command line, imports, the demo builder), to which role and deadline checks do not apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from parindex.core.models import Role
from parindex.units.queries import unit_ids_for_user

if TYPE_CHECKING:
    from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry

#: Which roles allow each kind of action, on the unit concerned (or the round's province).
ACTIONS: dict[str, tuple[str, ...]] = {
    "view": tuple(Role.values),
    "fill": (Role.UNIT_STAFF, Role.UNIT_HEAD),
    "submit": (Role.UNIT_HEAD,),
    "explain": (Role.UNIT_HEAD,),
    "appraise": (Role.APPRAISER,),
    "council": (Role.COUNCIL_MEMBER,),
    "admin": (Role.PROVINCE_ADMIN,),
    # Province-wide reading: the analysis and council pages, every unit's breakdown.
    "oversee": (Role.PROVINCE_ADMIN, Role.APPRAISER, Role.COUNCIL_MEMBER, Role.LEADER),
}


def roles_for_action(action: str) -> tuple[str, ...]:
    try:
        return ACTIONS[action]
    except KeyError:
        raise ValueError(f"unknown action {action!r}") from None


def is_system(actor: Any) -> bool:
    """The command line and imports act as the system: ``None`` or a text label."""
    return actor is None or isinstance(actor, str)


def has_role_on(user: Any, unit_id: int, *roles: str) -> bool:
    return any(unit_id in unit_ids_for_user(user, role) for role in roles)


def may(user: Any, action: str, unit_id: int) -> bool:
    """Whether ``user`` holds a role allowing ``action`` on the unit ``unit_id``."""
    if is_system(user):
        return True
    return has_role_on(user, unit_id, *roles_for_action(action))


def can_view_assessment(user: Any, assessment: Assessment) -> bool:
    return may(user, "view", assessment.unit_id)


def can_fill(user: Any, assessment: Assessment) -> bool:
    return may(user, "fill", assessment.unit_id)


def can_submit(user: Any, assessment: Assessment) -> bool:
    return may(user, "submit", assessment.unit_id)


def can_explain(user: Any, assessment: Assessment) -> bool:
    return may(user, "explain", assessment.unit_id)


def appraised_areas(user: Any, round_: AssessmentRound) -> set[str]:
    """Area codes ``user`` appraises in ``round_`` (their ``AppraiserAssignment`` rows)."""
    cache = getattr(user, "_parindex_areas", None)
    if cache is None:
        cache = {}
        if not is_system(user):
            user._parindex_areas = cache
    if round_.pk not in cache:
        from parindex.assessments.models import AppraiserAssignment

        cache[round_.pk] = set(
            AppraiserAssignment.objects.filter(round=round_, user=user).values_list(
                "area_code", flat=True
            )
        )
    return set(cache[round_.pk])


def can_appraise_unit(user: Any, assessment: Assessment) -> bool:
    """An appraiser with a role covering the unit and at least one area in the round."""
    if is_system(user):
        return True
    return may(user, "appraise", assessment.unit_id) and bool(
        appraised_areas(user, assessment.round)
    )


def can_appraise_entry(user: Any, entry: CriterionEntry) -> bool:
    """An appraiser may decide on a criterion of an area assigned to them, for any unit in
    their scope."""
    if is_system(user):
        return True
    assessment = entry.assessment
    return may(user, "appraise", assessment.unit_id) and entry.area_code in appraised_areas(
        user, assessment.round
    )


def can_council(user: Any, round_: AssessmentRound) -> bool:
    return may(user, "council", round_.province_id)


def can_admin(user: Any, round_: AssessmentRound) -> bool:
    return may(user, "admin", round_.province_id)


def can_oversee(user: Any, round_: AssessmentRound) -> bool:
    return may(user, "oversee", round_.province_id)


def is_province_admin_anywhere(user: Any) -> bool:
    return bool(unit_ids_for_user(user, Role.PROVINCE_ADMIN))
