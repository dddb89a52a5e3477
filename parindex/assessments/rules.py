"""Who may do what in the assessment cycle: plain predicates over a user and an object.

What each role may do is declared once, in :mod:`parindex.access.roles`; which units a user's
roles cover is computed in :mod:`parindex.access.scope`. These predicates name the permission
each step of the cycle needs, on the unit concerned (or the round's province), and add the one
rule the table cannot say: an appraiser acts only in the areas assigned to them in the round.
Actions call the predicates again, so the web, the API and the command line enforce the same
rules; ``actor=None`` or a text label is the system (the command line, imports, the demo
builder), to which role and deadline checks do not apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from parindex.access.scope import access_of, holds, is_system, may
from parindex.core.types import Actor, Viewer

if TYPE_CHECKING:
    from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry

__all__ = [
    "appraised_areas",
    "can_admin",
    "can_appraise_entry",
    "can_appraise_unit",
    "can_council",
    "can_explain",
    "can_fill",
    "can_oversee",
    "can_submit",
    "can_view_assessment",
    "is_province_admin_anywhere",
    "is_system",
    "may",
]


def can_view_assessment(user: Actor | Viewer, assessment: Assessment) -> bool:
    return may(user, "view", assessment.unit_id)


def can_fill(user: Actor | Viewer, assessment: Assessment) -> bool:
    return may(user, "fill", assessment.unit_id)


def can_submit(user: Actor | Viewer, assessment: Assessment) -> bool:
    return may(user, "submit", assessment.unit_id)


def can_explain(user: Actor | Viewer, assessment: Assessment) -> bool:
    return may(user, "explain", assessment.unit_id)


def appraised_areas(user: Actor | Viewer, round_: AssessmentRound) -> set[str]:
    """Area codes ``user`` appraises in ``round_`` (their ``AppraiserAssignment`` rows)."""
    cache: dict[int, set[str]] | None = getattr(user, "_parindex_areas", None)
    if cache is None:
        cache = {}
        if not is_system(user):
            user._parindex_areas = cache  # type: ignore[union-attr]
    if round_.pk not in cache:
        from parindex.assessments.models import AppraiserAssignment

        cache[round_.pk] = set(
            AppraiserAssignment.objects.filter(round=round_, user=user).values_list(  # type: ignore[misc]
                "area_code", flat=True
            )
        )
    return set(cache[round_.pk])


def can_appraise_unit(user: Actor | Viewer, assessment: Assessment) -> bool:
    """An appraiser with a role covering the unit and at least one area in the round."""
    if is_system(user):
        return True
    return may(user, "appraise", assessment.unit_id) and bool(
        appraised_areas(user, assessment.round)
    )


def can_appraise_entry(user: Actor | Viewer, entry: CriterionEntry) -> bool:
    """An appraiser may decide on a criterion of an area assigned to them, for any unit in
    their scope."""
    if is_system(user):
        return True
    assessment = entry.assessment
    return may(user, "appraise", assessment.unit_id) and entry.area_code in appraised_areas(
        user, assessment.round
    )


def can_council(user: Actor | Viewer, round_: AssessmentRound) -> bool:
    return may(user, "council", round_.province_id)


def can_admin(user: Actor | Viewer, round_: AssessmentRound) -> bool:
    return may(user, "admin", round_.province_id)


def can_oversee(user: Actor | Viewer, round_: AssessmentRound) -> bool:
    return may(user, "oversee", round_.province_id)


def is_province_admin_anywhere(user: Actor | Viewer) -> bool:
    """The PAR office administrator on some unit (a superuser without the role is not)."""
    return not is_system(user) and access_of(user).is_active and holds(user, "admin")
