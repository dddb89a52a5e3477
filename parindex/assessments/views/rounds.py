"""Round pages: the list, opening a round, deadlines and exceptions, appraisers, the import
of external points, the council, publication, results and the province analysis."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.access.holders import users_holding
from parindex.access.lookups import get_round_for_user
from parindex.access.models import Role
from parindex.access.request import access_for
from parindex.access.scope import Access
from parindex.assessments import actions, rules
from parindex.assessments.forms import (
    AssignForm,
    DeadlinesForm,
    ExceptionForm,
    ImportForm,
    ReasonForm,
    RoundForm,
)
from parindex.assessments.models import (
    AdjustmentReason,
    AppraiserAssignment,
    Assessment,
    AssessmentRound,
    CriterionEntry,
    DeadlineException,
    RoundStatus,
)
from parindex.assessments.queries import (
    criteria_losing_most,
    deduction_reasons,
    result_blocks,
    round_area_names,
    round_lines,
)
from parindex.assessments.views.common import lang
from parindex.core.types import AuthenticatedRequest
from parindex.core.view_actions import run_action
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit


@login_required
def rounds_list(request: AuthenticatedRequest) -> HttpResponse:
    """The rounds the user takes part in, newest first."""
    rounds = list(AssessmentRound.objects.for_user(request.user).select_related("province"))
    return render(
        request,
        "assessments/rounds_list.html",
        {
            "rounds": rounds,
            "can_create": rules.is_province_admin_anywhere(request.user),
            "illustrative": any(r.is_illustrative for r in rounds),
        },
    )


@login_required
def round_create(request: AuthenticatedRequest) -> HttpResponse:
    """Open a round: year, frameworks per kind of unit, deadlines (PAR office)."""
    province_ids = access_for(request).unit_ids_for("admin")
    provinces = list(
        Unit.objects.filter(pk__in=province_ids, kind="province").order_by("code_system", "code")
    )
    if not provinces:
        raise PermissionDenied(_("Only the PAR office administrator opens rounds."))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        frameworks = {
            kind: data[f"{kind}_framework"]
            for kind in ("department", "commune")
            if data[f"{kind}_framework"]
        }
        response = run_action(
            request,
            lambda: actions.open_round(
                actor=request.user,
                province=provinces[-1],
                year=data["year"],
                name=data["name"],
                frameworks=frameworks,
                self_assessment_deadline=data["self_assessment_deadline"],
                explanation_deadline=data["explanation_deadline"],
                appraisal_deadline=data["appraisal_deadline"],
                council_deadline=data["council_deadline"],
            ),
            success=_("The round is open for self-assessment."),
            redirect_to=lambda round_: _url("assessments:round", round_),
        )
        if response is not None:
            return response
    return render(request, "assessments/round_form.html", {"form": form, "province": provinces[-1]})


def _url(name: str, round_: AssessmentRound) -> str:
    return reverse(name, kwargs={"pk": round_.pk})


@login_required
def round_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A round: its deadlines and the state of each unit the user may see."""
    round_ = get_round_for_user(request, pk)
    user = request.user
    access = access_for(request)
    assessments = Assessment.objects.for_user(user).filter(round=round_)
    lines = round_lines(round_, assessments)
    return render(
        request,
        "assessments/round_detail.html",
        {
            "round": round_,
            "lines": lines,
            "is_admin": access.may("admin", round_.province_id),
            "is_council": access.may("council", round_.province_id),
            "oversees": access.may("oversee", round_.province_id),
            "my_areas": sorted(rules.appraised_areas(user, round_)),
            "area_names": round_area_names(round_, lang()),
            "illustrative": round_.is_illustrative,
        },
    )


def _oversee(request: AuthenticatedRequest, pk: int, access: Access) -> AssessmentRound:
    """A round the user sees, for the pages of those who oversee it (403 to anyone else)."""
    round_ = get_round_for_user(request, pk)
    if not access.may("oversee", round_.province_id):
        raise PermissionDenied(
            _("This page is for the PAR office, appraisers, council and leaders.")
        )
    return round_


@login_required
def round_deadlines(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Deadlines of each phase and the units' exceptions (PAR office edits; others read)."""
    access = access_for(request)
    round_ = _oversee(request, pk, access)
    is_admin = access.may("admin", round_.province_id)
    initial = {
        "self_assessment_deadline": round_.self_assessment_deadline,
        "explanation_deadline": round_.explanation_deadline,
        "appraisal_deadline": round_.appraisal_deadline,
        "council_deadline": round_.council_deadline,
    }
    form = DeadlinesForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(_("Only the PAR office administrator sets deadlines."))
        if form.is_valid():
            response = run_action(
                request,
                lambda: actions.set_deadlines(round_, actor=request.user, **form.cleaned_data),
                success=_("Deadlines saved."),
                redirect_to=_url("assessments:deadlines", round_),
            )
            if response is not None:
                return response
    units = [
        (a.pk, a.unit.name)
        for a in Assessment.objects.filter(round=round_)
        .select_related("unit")
        .order_by("unit__kind", "unit__name")
    ]
    exceptions = DeadlineException.objects.filter(assessment__round=round_).select_related(
        "assessment__unit", "granted_by"
    )
    return render(
        request,
        "assessments/deadlines.html",
        {
            "round": round_,
            "form": form,
            "exception_form": ExceptionForm(units=units),
            "exceptions": exceptions,
            "is_admin": is_admin,
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
@require_POST
def round_exception(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Grant one unit a later deadline for one phase."""
    round_ = get_round_for_user(request, pk, write=True, action="admin")
    units = list(Assessment.objects.filter(round=round_).values_list("pk", "unit__name"))
    form = ExceptionForm(request.POST, units=units)
    back = _url("assessments:deadlines", round_)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(back)
    data = form.cleaned_data
    assessment = get_object_or_404(Assessment, round=round_, pk=data["assessment"])
    return run_action(
        request,
        lambda: actions.set_deadline_exception(
            assessment,
            actor=request.user,
            phase=data["phase"],
            until=data["until"],
            reason=data["reason"],
        ),
        success=_("Exception granted."),
        redirect_to=back,
        refused_redirect_to=back,
    )


@login_required
def round_appraisers(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Who appraises which area (PAR office edits; others read)."""
    access = access_for(request)
    round_ = _oversee(request, pk, access)
    is_admin = access.may("admin", round_.province_id)
    names = round_area_names(round_, lang())
    users = users_holding(Role.APPRAISER)
    form = AssignForm(request.POST or None, users=users, areas=list(names.items()))
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(_("Only the PAR office administrator assigns appraisers."))
        if form.is_valid():
            response = run_action(
                request,
                lambda: actions.assign_appraiser(
                    round_,
                    actor=request.user,
                    user=form.cleaned_data["user"],
                    area_code=form.cleaned_data["area_code"],
                ),
                success=_("Appraiser assigned."),
                redirect_to=_url("assessments:appraisers", round_),
            )
            if response is not None:
                return response
    assignments = AppraiserAssignment.objects.filter(round=round_).select_related("user")
    return render(
        request,
        "assessments/appraisers.html",
        {
            "round": round_,
            "form": form,
            "assignments": assignments,
            "area_names": names,
            "is_admin": is_admin,
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
@require_POST
def round_unassign(request: AuthenticatedRequest, pk: int, assignment_pk: int) -> HttpResponse:
    round_ = get_round_for_user(request, pk, write=True, action="admin")
    assignment = get_object_or_404(AppraiserAssignment, round=round_, pk=assignment_pk)
    back = _url("assessments:appraisers", round_)
    return run_action(
        request,
        lambda: actions.unassign_appraiser(assignment, actor=request.user),
        success=_("Assignment removed."),
        redirect_to=back,
        refused_redirect_to=back,
    )


@login_required
def round_import(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Import the points of survey-scored and data-derived criteria (CSV or XLSX)."""
    access = access_for(request)
    round_ = _oversee(request, pk, access)
    is_admin = access.may("admin", round_.province_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems: list[Problem] = []

    def refused(exc: InputRejected) -> None:
        """The problems go in the page's table, under one message."""
        problems.extend(exc.problems)
        messages.error(request, _("The file was refused; nothing was imported."))

    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(_("Only the PAR office administrator imports points."))
        if form.is_valid():
            upload = form.cleaned_data["file"]
            response = run_action(
                request,
                lambda: actions.import_external_points(
                    round_, upload.read(), actor=request.user, file_name=upload.name
                ),
                success=lambda count: _("{count} points imported.").format(count=count),
                redirect_to=_url("assessments:round", round_),
                refused=refused,
            )
            if response is not None:
                return response
    return render(
        request,
        "assessments/import.html",
        {
            "round": round_,
            "form": form,
            "problems": problems,
            "is_admin": is_admin,
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
def round_council(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Every unit's self → appraised → final points; the council finalises here."""
    access = access_for(request)
    round_ = _oversee(request, pk, access)
    lines = round_lines(round_, Assessment.objects.filter(round=round_))
    return render(
        request,
        "assessments/council.html",
        {
            "round": round_,
            "lines": lines,
            "ready": all(line.assessment.state == "council_review" for line in lines),
            "is_council": access.may("council", round_.province_id),
            "is_admin": access.may("admin", round_.province_id),
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
@require_POST
def round_finalise(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request, pk, write=True, action="council")
    back = _url("assessments:council", round_)
    return run_action(
        request,
        lambda: actions.finalise_round(round_, actor=request.user),
        success=_("The round is finalised; the results are locked."),
        redirect_to=back,
        refused_redirect_to=back,
    )


@login_required
@require_POST
def round_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    round_ = get_round_for_user(request, pk, write=True, action="admin")
    return run_action(
        request,
        lambda: actions.publish_results(round_, actor=request.user),
        success=_("The results are published."),
        redirect_to=_url("assessments:results", round_),
        refused_redirect_to=_url("assessments:council", round_),
    )


@login_required
def round_results(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Published results: points, rate, component rates, band, rank per peer group, and the
    previous year beside each unit."""
    round_ = get_round_for_user(request, pk)
    return render(
        request,
        "assessments/results.html",
        {
            "round": round_,
            "blocks": result_blocks(round_) if round_.status == RoundStatus.PUBLISHED else [],
            "area_names": round_area_names(round_, lang()),
            "illustrative": round_.is_illustrative,
            "oversees": access_for(request).may("oversee", round_.province_id),
        },
    )


@login_required
def round_analysis(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The province view: the most frequent deduction reasons, the criteria that lost most."""
    round_ = _oversee(request, pk, access_for(request))
    returned = CriterionEntry.objects.filter(
        assessment__round=round_, returned_for_explanation=True
    ).count()
    return render(
        request,
        "assessments/analysis.html",
        {
            "round": round_,
            "reasons": deduction_reasons(round_),
            "criteria": criteria_losing_most(round_),
            "returned": returned,
            "area_names": round_area_names(round_, lang()),
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
def round_area(request: AuthenticatedRequest, pk: int, area_code: str) -> HttpResponse:
    """Appraisal by area: every unit's criteria of one area, with their status."""
    round_ = _oversee(request, pk, access_for(request))
    names = round_area_names(round_, lang())
    if area_code not in names:
        raise Http404(_("No such area."))
    entries = (
        CriterionEntry.objects.filter(assessment__round=round_, area_code=area_code)
        .select_related("assessment__unit", "criterion", "adjustment_reason")
        .order_by("assessment__unit__kind", "assessment__unit__name", "position")
    )
    return render(
        request,
        "assessments/area.html",
        {
            "round": round_,
            "area_code": area_code,
            "area_name": names[area_code],
            "entries": entries,
            "mine": area_code in rules.appraised_areas(request.user, round_),
            "illustrative": round_.is_illustrative,
        },
    )


@login_required
def reasons(request: AuthenticatedRequest) -> HttpResponse:
    """The PAR office's list of adjustment reasons."""
    is_admin = rules.is_province_admin_anywhere(request.user)
    form = ReasonForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST":
        if not is_admin:
            raise PermissionDenied(
                _("Only the PAR office administrator maintains the adjustment reasons.")
            )
        if form.is_valid():
            response = run_action(
                request,
                lambda: actions.save_adjustment_reason(actor=request.user, **form.cleaned_data),
                success=_("Reason saved."),
                redirect_to="assessments:reasons",
            )
            if response is not None:
                return response
    return render(
        request,
        "assessments/reasons.html",
        {"reasons": AdjustmentReason.objects.all(), "form": form, "is_admin": is_admin},
    )
