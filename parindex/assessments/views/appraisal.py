"""The appraisal page of one unit: accept, adjust (points, reason, comment) or return each
criterion of the appraiser's areas; accept what remains in one click."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.access.lookups import get_assessment_for_user, get_entry_for_user
from parindex.access.request import access_for
from parindex.assessments import actions, rules
from parindex.assessments.forms import parse_number
from parindex.assessments.models import AdjustmentReason
from parindex.assessments.queries import entry_rows, unit_totals
from parindex.assessments.views.common import report
from parindex.core.types import AuthenticatedRequest
from parindex.lib.errors import InputRejected, Problem


@login_required
def appraise(request: HttpRequest, pk: int) -> HttpResponse:
    """Every criterion of the unit, grouped by area; the appraiser's areas are editable."""
    assessment = get_assessment_for_user(request, pk)
    user = request.user
    if not (
        rules.can_appraise_unit(user, assessment)
        or access_for(request).may("oversee", assessment.round.province_id)
    ):
        raise PermissionDenied(_("The appraisal page is for appraisers and the PAR office."))
    _info, blocks = entry_rows(assessment, people=True)
    area = request.GET.get("area", "")
    if area:
        blocks = [b for b in blocks if b.code == area]
    mine = rules.appraised_areas(user, assessment.round)
    return render(
        request,
        "assessments/appraise.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "blocks": blocks,
            "mine": mine,
            "reasons": list(AdjustmentReason.objects.filter(is_active=True)),
            "self_totals": unit_totals(assessment, blocks, "self_points"),
            "appraised_totals": unit_totals(assessment, blocks, "appraised_points"),
            "illustrative": assessment.round.is_illustrative
            or assessment.framework.is_illustrative,
        },
    )


@login_required
@require_POST
def appraise_entry(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk, write=True, action="appraise")
    entry = get_entry_for_user(
        request, entry_pk, assessment=assessment, write=True, action="appraise"
    )
    try:
        try:
            points = parse_number(request.POST.get("points"))
        except ValueError:
            raise InputRejected([Problem(_("Not a number."), field="points")]) from None
        actions.record_appraisal(
            entry,
            actor=request.user,
            decision=request.POST.get("decision", ""),
            points=points,
            reason_code=request.POST.get("reason_code", ""),
            comment=request.POST.get("comment", ""),
        )
    except InputRejected as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("Criterion {code} appraised.").format(code=entry.criterion.code)
        )
    return redirect(reverse("assessments:appraise", args=[assessment.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def accept_remaining(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk, write=True, action="appraise")
    try:
        count = actions.accept_remaining(assessment, actor=request.user)
    except InputRejected as exc:
        report(request, exc)
    else:
        messages.success(request, _("{count} criteria accepted.").format(count=count))
    return redirect("assessments:appraise", pk=assessment.pk)
