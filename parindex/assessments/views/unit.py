"""One unit's pages: its assessment with the audit timeline, the self-assessment form with
htmx autosave and evidence, submission, the explanation page and the breakdown of every
difference between self-score and final score."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from parindex.access.lookups import (
    get_assessment_for_user,
    get_entry_for_user,
    get_evidence_for_user,
)
from parindex.access.request import access_for
from parindex.assessments import actions, rules
from parindex.assessments.forms import parse_entry_post
from parindex.assessments.models import Assessment, AssessmentState, Evidence, Phase, UnitResult
from parindex.assessments.queries import (
    assessment_files,
    entry_rows,
    phases_for,
    running_total,
    timeline,
    unit_totals,
)
from parindex.assessments.scoring import framework_info
from parindex.assessments.views.common import report
from parindex.core.types import AuthenticatedRequest
from parindex.lib.errors import InputRejected


def _editable(request: HttpRequest, assessment: Assessment) -> bool:
    return (
        access_for(request).may("fill", assessment.unit_id)
        and assessment.state == AssessmentState.DRAFT
        and assessment.round.status == "open"
        and actions.phase_is_open(assessment, Phase.SELF_ASSESSMENT)
    )


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's assessment: state, deadlines, totals, links by role, and the audit timeline."""
    assessment = get_assessment_for_user(request, pk)
    user = request.user
    _info, blocks = entry_rows(assessment)
    result = UnitResult.objects.filter(round=assessment.round, unit=assessment.unit).first()
    return render(
        request,
        "assessments/assessment.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "phases": phases_for(assessment),
            "self_totals": unit_totals(assessment, blocks, "self_points"),
            "appraised_totals": unit_totals(assessment, blocks, "appraised_points"),
            "result": result,
            "events": timeline(assessment),
            "can_fill": access_for(request).may("fill", assessment.unit_id),
            "can_appraise": rules.can_appraise_unit(user, assessment),
            "oversees": access_for(request).may("oversee", assessment.round.province_id),
            "illustrative": assessment.round.is_illustrative
            or assessment.framework.is_illustrative,
        },
    )


def _can_refresh(request: HttpRequest, assessment: Assessment, editable: bool) -> bool:
    """Unit staff and head while they may fill the form in; the PAR office while the round is
    open (``actions.refresh_feeds`` checks the same again)."""
    return editable or (
        assessment.round.status == "open" and access_for(request).may("admin", assessment.unit_id)
    )


def _self_context(request: HttpRequest, assessment: Assessment) -> dict[str, Any]:
    _info, blocks = entry_rows(assessment)
    editable = _editable(request, assessment)
    fed = [row for block in blocks for row in block.rows if row.fed]
    return {
        "assessment": assessment,
        "round": assessment.round,
        "blocks": blocks,
        "total": running_total(blocks),
        "files": assessment_files(assessment),
        "editable": editable,
        "fed_rows": len(fed),
        "feeds_pending": sum(1 for row in fed if row.feed and row.feed.status == "pending"),
        "can_refresh": bool(fed) and _can_refresh(request, assessment, editable),
        "can_submit": access_for(request).may("submit", assessment.unit_id)
        and assessment.state == AssessmentState.DRAFT,
        "deadline": actions.phase_deadline(assessment, Phase.SELF_ASSESSMENT),
        "illustrative": assessment.round.is_illustrative or assessment.framework.is_illustrative,
    }


@login_required
def self_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-assessment form: one card per leaf criterion with its declared data, computed
    self-score, the rule in words, evidence and explanation; a running total; submit."""
    assessment = get_assessment_for_user(request, pk)
    return render(request, "assessments/self.html", _self_context(request, assessment))


def _row_response(
    request: HttpRequest,
    assessment: Assessment,
    entry_pk: int,
    problems: list[Any],
    status: int = 200,
) -> HttpResponse:
    context = _self_context(request, assessment)
    row = next(r for b in context["blocks"] for r in b.rows if r.entry.pk == entry_pk)
    context.update({"row": row, "problems": problems, "oob": True})
    return render(request, "assessments/_entry_row.html", context, status=status)


@login_required
@require_POST
def entry_save(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Save one criterion (htmx autosave, or a plain form post)."""
    assessment = get_assessment_for_user(request, pk, write=True, action="fill")
    entry = get_entry_for_user(request, entry_pk, assessment=assessment, write=True, action="fill")
    node = framework_info(assessment.framework).nodes[entry.criterion.code]
    values, problems = parse_entry_post(node, request.POST)
    status = 200
    if not problems:
        try:
            version = int(request.POST.get("version", "-1"))
        except ValueError:
            version = -1
        try:
            actions.save_entry(entry, actor=request.user, version=version, values=values)
        except actions.StaleEntry as exc:
            problems, status = exc.problems, 409
        except InputRejected as exc:
            problems, status = exc.problems, 400
    if request.htmx:  # type: ignore[attr-defined]
        # htmx swaps only 2xx answers: the problem is shown inside the row instead.
        return _row_response(request, assessment, entry.pk, problems)
    for problem in problems:
        messages.error(request, str(problem))
    if not problems:
        messages.success(request, _("Saved."))
    url = reverse("assessments:self", args=[assessment.pk]) + f"#entry-{entry.pk}"
    return redirect(url) if status == 200 else _row_page(request, assessment, url, status)


def _row_page(request: HttpRequest, assessment: Assessment, url: str, status: int) -> HttpResponse:
    return render(
        request, "assessments/self.html", _self_context(request, assessment), status=status
    )


@login_required
@require_POST
def refresh_feeds(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Fill the data-derived criteria of this assessment from the dossier store again."""
    assessment = get_assessment_for_user(request, pk)
    editable = _editable(request, assessment)
    if not _can_refresh(request, assessment, editable):
        raise PermissionDenied(_("Your role does not allow this action on this unit."))
    try:
        result = actions.refresh_feeds(assessment, actor=request.user)
    except InputRejected as exc:
        report(request, exc)
    else:
        if result.changed:
            messages.success(
                request,
                ngettext(
                    "{count} criterion updated from the dossier figures of {period}.",
                    "{count} criteria updated from the dossier figures of {period}.",
                    result.changed,
                ).format(count=result.changed, period=result.period),
            )
        else:
            messages.info(
                request,
                _("The dossier figures of {period} are unchanged.").format(period=result.period),
            )
        if result.undefined:
            messages.warning(
                request,
                ngettext(
                    "No dossier counts towards {count} figure in {period}: it stays empty (not 0).",
                    "No dossier counts towards {count} figures in {period}: they stay empty "
                    "(not 0).",
                    result.undefined,
                ).format(count=result.undefined, period=result.period),
            )
    return redirect("assessments:self", pk=assessment.pk)


@login_required
@require_POST
def evidence_add(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Upload a file for a criterion, or attach a file already uploaded to this assessment."""
    assessment = get_assessment_for_user(request, pk, write=True, action="fill")
    entry = get_entry_for_user(request, entry_pk, assessment=assessment, write=True, action="fill")
    upload = request.FILES.get("file")
    existing = None
    if upload is None and request.POST.get("evidence"):
        existing = get_object_or_404(
            Evidence, assessment=assessment, pk=request.POST.get("evidence")
        )
    try:
        stored = actions.attach_evidence(
            entry, actor=request.user, upload=upload, evidence=existing
        )
    except InputRejected as exc:
        report(request, exc)
    else:
        messages.success(
            request,
            _("“{name}” attached to criterion {code}.").format(
                name=stored.original_name, code=entry.criterion.code
            ),
        )
    return redirect(reverse("assessments:self", args=[assessment.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def evidence_remove(
    request: AuthenticatedRequest, pk: int, entry_pk: int, file_pk: int
) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk, write=True, action="fill")
    entry = get_entry_for_user(request, entry_pk, assessment=assessment, write=True, action="fill")
    evidence = get_object_or_404(Evidence, assessment=assessment, pk=file_pk)
    try:
        actions.remove_evidence(entry, evidence, actor=request.user)
    except InputRejected as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("File removed from criterion {code}.").format(code=entry.criterion.code)
        )
    return redirect(reverse("assessments:self", args=[assessment.pk]) + f"#entry-{entry.pk}")


@login_required
@require_POST
def submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The unit head submits the self-assessment (it is then locked)."""
    assessment = get_assessment_for_user(request, pk, write=True, action="submit")
    try:
        actions.submit_self_assessment(assessment, actor=request.user)
    except InputRejected as exc:
        report(request, exc)
        return redirect("assessments:self", pk=assessment.pk)
    messages.success(request, _("The self-assessment is submitted and locked."))
    return redirect("assessments:assessment", pk=assessment.pk)


@login_required
def explanation(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's returned criteria only, each with the appraiser's comment and a form to
    answer it with text and files before the explanation deadline."""
    assessment = get_assessment_for_user(request, pk)
    from parindex.assessments.models import CriterionEntry

    returned = list(
        CriterionEntry.objects.filter(
            assessment=assessment, returned_for_explanation=True
        ).values_list("pk", flat=True)
    )
    _info, blocks = entry_rows(assessment, only=returned, people=True)
    can_explain = (
        access_for(request).may("explain", assessment.unit_id)
        and assessment.round.status == "open"
        and actions.phase_is_open(assessment, Phase.EXPLANATION)
    )
    return render(
        request,
        "assessments/explain.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "blocks": blocks,
            "can_explain": can_explain,
            "deadline": actions.phase_deadline(assessment, Phase.EXPLANATION),
            "illustrative": assessment.round.is_illustrative
            or assessment.framework.is_illustrative,
        },
    )


@login_required
@require_POST
def explain_entry(request: AuthenticatedRequest, pk: int, entry_pk: int) -> HttpResponse:
    assessment = get_assessment_for_user(request, pk, write=True, action="explain")
    entry = get_entry_for_user(
        request, entry_pk, assessment=assessment, write=True, action="explain"
    )
    try:
        actions.explain_entry(
            entry,
            actor=request.user,
            response=request.POST.get("response", ""),
            uploads=request.FILES.getlist("files"),
        )
    except InputRejected as exc:
        report(request, exc)
    else:
        messages.success(
            request, _("Explanation of criterion {code} sent.").format(code=entry.criterion.code)
        )
    return redirect(reverse("assessments:explain", args=[assessment.pk]) + f"#entry-{entry.pk}")


@login_required
def breakdown(request: HttpRequest, pk: int) -> HttpResponse:
    """Explain every difference: criterion by criterion, self → appraised → final, with the
    reason code, the comment and who decided."""
    assessment = get_assessment_for_user(request, pk)
    _info, blocks = entry_rows(assessment, people=True)
    return render(
        request,
        "assessments/breakdown.html",
        {
            "assessment": assessment,
            "round": assessment.round,
            "blocks": blocks,
            "self_totals": unit_totals(assessment, blocks, "self_points"),
            "final_totals": unit_totals(
                assessment,
                blocks,
                "final_points"
                if assessment.round.status in ("finalised", "published")
                else "appraised_points",
            ),
            "differences": [r for b in blocks for r in b.rows if r.difference],
            "illustrative": assessment.round.is_illustrative
            or assessment.framework.is_illustrative,
        },
    )


@login_required
def evidence_file(request: HttpRequest, pk: int) -> FileResponse:
    """Download a file (404 outside the user's scope)."""
    evidence = get_evidence_for_user(request, pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
