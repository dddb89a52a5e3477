"""Getting an object for the user behind a request: 404 outside their scope, 403 where they
see the object but the action is not theirs.

Every view and API endpoint of the cycle fetches its objects here, so a user outside a unit's
scope never learns that the unit's assessment, entries or files exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.models import (
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
)
from parindex.assessments.queries import assessment_with_relations


def _user(request_or_user: Any) -> Any:
    return getattr(request_or_user, "user", request_or_user)


def get_round_for_user(
    request: Any, pk: int, *, write: bool = False, action: str = "admin"
) -> AssessmentRound:
    """A round the user sees (its province or one of its units is in scope)."""
    user = _user(request)
    round_ = (
        AssessmentRound.objects.for_user(user, "view")
        .select_related("province")
        .filter(pk=pk)
        .first()
    )
    if round_ is None:
        raise Http404(_("No such round."))
    if write and not rules.may(user, action, round_.province_id):
        raise PermissionDenied(_("Your role does not allow this action on the round."))
    return round_


def get_assessment_for_user(
    request: Any, pk: int, *, write: bool = False, action: str = "fill"
) -> Assessment:
    """One unit's assessment, if the unit is in the user's scope."""
    user = _user(request)
    assessment = (
        assessment_with_relations(Assessment.objects.for_user(user, "view")).filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404(_("No such assessment."))
    if write:
        allowed = (
            rules.can_appraise_unit(user, assessment)
            if action == "appraise"
            else rules.may(user, action, assessment.unit_id)
        )
        if not allowed:
            raise PermissionDenied(_("Your role does not allow this action on this unit."))
    return assessment


def get_entry_for_user(
    request: Any, assessment: Assessment, pk: int, *, write: bool = False, action: str = "fill"
) -> CriterionEntry:
    """A criterion entry of ``assessment`` (already fetched for the user)."""
    user = _user(request)
    entry = (
        CriterionEntry.objects.filter(assessment=assessment, pk=pk)
        .select_related("criterion")
        .first()
    )
    if entry is None:
        raise Http404(_("No such criterion."))
    entry.assessment = assessment
    if write:
        allowed = (
            rules.can_appraise_entry(user, entry)
            if action == "appraise"
            else rules.may(user, action, assessment.unit_id)
        )
        if not allowed:
            raise PermissionDenied(_("Your role does not allow this action on this criterion."))
    return entry


def get_evidence_for_user(request: Any, pk: int) -> Evidence:
    """A file of an assessment in the user's scope."""
    user = _user(request)
    evidence = (
        Evidence.objects.for_user(user, "view")
        .select_related("assessment__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    return evidence
