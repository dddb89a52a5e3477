"""Getting an object for the user behind a request: 404 outside their scope, 403 where they
see the object but the action is not theirs.

Every view and API endpoint fetches the objects its URL names here, so a user outside a unit's
scope never learns that the unit's assessment, entries, files or figures exist.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from parindex.access.request import access_for
from parindex.assessments import rules
from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry, Evidence
from parindex.assessments.queries import assessment_with_relations
from parindex.units.models import Unit


def get_round_for_user(
    request: HttpRequest, pk: int, *, write: bool = False, action: str = "admin"
) -> AssessmentRound:
    """A round the user sees (its province or one of its units is in scope)."""
    round_ = (
        AssessmentRound.objects.for_user(request.user, "view")
        .select_related("province")
        .filter(pk=pk)
        .first()
    )
    if round_ is None:
        raise Http404(_("No such round."))
    if write and not access_for(request).may(action, round_.province_id):
        raise PermissionDenied(_("Your role does not allow this action on the round."))
    return round_


def get_assessment_for_user(
    request: HttpRequest, pk: int, *, write: bool = False, action: str = "fill"
) -> Assessment:
    """One unit's assessment, if the unit is in the user's scope."""
    user = request.user
    assessment = (
        assessment_with_relations(Assessment.objects.for_user(user, "view")).filter(pk=pk).first()
    )
    if assessment is None:
        raise Http404(_("No such assessment."))
    if write:
        allowed = (
            rules.can_appraise_unit(user, assessment)
            if action == "appraise"
            else access_for(request).may(action, assessment.unit_id)
        )
        if not allowed:
            raise PermissionDenied(_("Your role does not allow this action on this unit."))
    return assessment


def get_entry_for_user(
    request: HttpRequest,
    pk: int,
    *,
    assessment: Assessment | None = None,
    write: bool = False,
    action: str = "fill",
) -> CriterionEntry:
    """A criterion entry, of ``assessment`` when the caller has already fetched it for the user
    (a page under the assessment's URL), or of any assessment in the user's scope (the API's
    ``/entries/{id}``), which is then fetched here with the same checks."""
    user = request.user
    if assessment is None:
        found = (
            CriterionEntry.objects.for_user(user, "view")
            .select_related("criterion")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise Http404(_("No such criterion."))
        assessment = get_assessment_for_user(
            request, found.assessment_id, write=write, action=action
        )
        entry: CriterionEntry | None = found
    else:
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
            else access_for(request).may(action, assessment.unit_id)
        )
        if not allowed:
            raise PermissionDenied(_("Your role does not allow this action on this criterion."))
    return entry


def get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    """A file of an assessment in the user's scope."""
    evidence = (
        Evidence.objects.for_user(request.user, "view")
        .select_related("assessment__unit")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    return evidence


def get_dossier_unit_for_user(request: HttpRequest, unit: Unit | None) -> Unit | None:
    """The unit whose dossier figures a page shows, limited to the user's scope.

    The province-wide readers of the figures (``every_unit_dossiers``) see any unit, and the
    province as a whole (``None``). Anyone else sees the units their roles cover: another unit
    is 404, and no unit means their own (the unit of their first role).
    """
    access = access_for(request)
    if access.sees_every_unit_dossiers:
        return unit
    if unit is not None:
        if unit.pk not in access.unit_ids():
            raise Http404
        return unit
    if access.own_unit is None:
        raise Http404
    return access.own_unit
