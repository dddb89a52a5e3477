"""REST endpoints of the assessment cycle (django-ninja), mounted under ``/api/``.

Session authentication, the same scoping as the pages (404 outside the user's scope, 403
where the object is visible but the action is not the user's role), and the same actions:
saving an entry and submitting go through ``parindex.assessments.actions``. Published results
are public (no login): ``parindex.public.api``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from ninja.security import django_auth

from parindex.access.lookups import (
    get_assessment_for_user,
    get_entry_for_user,
    get_round_for_user,
)
from parindex.assessments import actions, rules
from parindex.assessments.models import (
    Assessment,
    AssessmentRound,
    CriterionEntry,
)
from parindex.assessments.queries import entry_rows, unit_totals
from parindex.assessments.scoring import framework_info
from parindex.core.types import AuthenticatedRequest
from parindex.lib.errors import InputRejected

router = Router(tags=["assessments"], auth=django_auth)


class ProblemOut(Schema):
    message: str
    field: str = ""
    row: int | None = None


class ErrorOut(Schema):
    detail: str
    problems: list[ProblemOut] = []


class RoundOut(Schema):
    id: int
    year: int
    name: str
    status: str
    province: str
    self_assessment_deadline: dt.date
    explanation_deadline: dt.date
    appraisal_deadline: dt.date
    council_deadline: dt.date | None
    is_illustrative: bool


class AssessmentOut(Schema):
    id: int
    round_id: int
    unit: str
    unit_name: str
    framework: str
    state: str
    submitted_at: dt.datetime | None
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None


class EntryOut(Schema):
    id: int
    criterion: str
    area: str
    max_points: Decimal | None
    self_scored: bool
    numerator: Decimal | None
    denominator: Decimal | None
    count: int | None
    is_met: bool | None
    entered_points: Decimal | None
    not_applicable: bool
    self_points: Decimal | None
    explanation: str
    appraisal_decision: str
    appraised_points: Decimal | None
    final_points: Decimal | None
    version: int
    #: The provenance of a data-derived criterion filled from the dossier figures (indicator,
    #: period, value, counts, status, when computed, link to the dossiers); null otherwise.
    feed: dict[str, Any] | None = None
    #: When the dossier figures last changed the entry.
    fed_at: dt.datetime | None = None


class EntryIn(Schema):
    version: int
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int | None = None
    is_met: bool | None = None
    entered_points: Decimal | None = None
    not_applicable: bool = False
    explanation: str | None = None


def _round_out(round_: AssessmentRound) -> dict[str, Any]:
    return {
        "id": round_.pk,
        "year": round_.year,
        "name": round_.name,
        "status": round_.status,
        "province": round_.province.key,
        "self_assessment_deadline": round_.self_assessment_deadline,
        "explanation_deadline": round_.explanation_deadline,
        "appraisal_deadline": round_.appraisal_deadline,
        "council_deadline": round_.council_deadline,
        "is_illustrative": round_.is_illustrative,
    }


def _assessment_out(assessment: Assessment, with_totals: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": assessment.pk,
        "round_id": assessment.round_id,
        "unit": assessment.unit.key,
        "unit_name": assessment.unit.name,
        "framework": assessment.framework.code,
        "state": assessment.state,
        "submitted_at": assessment.submitted_at,
    }
    if with_totals:
        _info, blocks = entry_rows(assessment)
        out["self_points"] = unit_totals(assessment, blocks, "self_points").total
        out["appraised_points"] = unit_totals(assessment, blocks, "appraised_points").total
    return out


def _entry_out(entry: CriterionEntry, assessment: Assessment) -> dict[str, Any]:
    info = framework_info(assessment.framework)
    node = info.nodes[entry.criterion.code]
    from parindex.assessments.scoring import is_self_scored

    return {
        "id": entry.pk,
        "criterion": node.code,
        "area": entry.area_code,
        "max_points": node.max_points,
        "self_scored": is_self_scored(node),
        "numerator": entry.numerator,
        "denominator": entry.denominator,
        "count": entry.count,
        "is_met": entry.is_met,
        "entered_points": entry.entered_points,
        "not_applicable": entry.not_applicable,
        "self_points": entry.self_points,
        "explanation": entry.explanation,
        "appraisal_decision": entry.appraisal_decision,
        "appraised_points": entry.appraised_points,
        "final_points": entry.final_points,
        "version": entry.version,
        "feed": entry.feed,
        "fed_at": entry.fed_at,
    }


def _refused(exc: InputRejected) -> dict[str, Any]:
    return {
        "detail": str(exc.problems[0]) if exc.problems else "",
        "problems": [{"message": p.message, "field": p.field, "row": p.row} for p in exc.problems],
    }


def _scoped(call: Any) -> Any:
    """Run a lookup, turning Http404/PermissionDenied into the API's 404/403."""
    try:
        return call()
    except Http404 as exc:
        raise HttpError(404, str(exc) or "Not found") from exc
    except PermissionDenied as exc:
        raise HttpError(403, str(exc) or "Forbidden") from exc


@router.get("/rounds", response=list[RoundOut], summary="Rounds the user takes part in")
def list_rounds(request: AuthenticatedRequest) -> list[dict[str, Any]]:
    return [
        _round_out(r)
        for r in AssessmentRound.objects.for_user(request.user).select_related("province")
    ]


@router.get("/rounds/{round_id}", response=RoundOut)
def get_round(request: AuthenticatedRequest, round_id: int) -> dict[str, Any]:
    return _round_out(_scoped(lambda: get_round_for_user(request, round_id)))


@router.get("/rounds/{round_id}/assessments", response=list[AssessmentOut])
def list_assessments(request: AuthenticatedRequest, round_id: int) -> list[dict[str, Any]]:
    round_ = _scoped(lambda: get_round_for_user(request, round_id))
    return [
        _assessment_out(a)
        for a in Assessment.objects.for_user(request.user)
        .filter(round=round_)
        .select_related("unit", "framework")
    ]


@router.get("/assessments/{assessment_id}", response=AssessmentOut)
def get_assessment(request: AuthenticatedRequest, assessment_id: int) -> dict[str, Any]:
    assessment = _scoped(lambda: get_assessment_for_user(request, assessment_id))
    return _assessment_out(assessment, with_totals=True)


@router.get("/assessments/{assessment_id}/entries", response=list[EntryOut])
def list_entries(request: AuthenticatedRequest, assessment_id: int) -> list[dict[str, Any]]:
    assessment = _scoped(lambda: get_assessment_for_user(request, assessment_id))
    entries = CriterionEntry.objects.filter(assessment=assessment).select_related("criterion")
    return [_entry_out(e, assessment) for e in entries.order_by("position")]


@router.put(
    "/entries/{entry_id}",
    response={200: EntryOut, 400: ErrorOut, 409: ErrorOut},
    summary="Save an entry's declared data (optimistic concurrency through version)",
)
def save_entry(request: AuthenticatedRequest, entry_id: int, payload: EntryIn) -> Any:
    entry = _scoped(lambda: get_entry_for_user(request, entry_id, write=True, action="fill"))
    assessment = entry.assessment
    values = payload.dict(exclude={"version"}, exclude_unset=True)
    try:
        saved = actions.save_entry(
            entry, actor=request.user, version=payload.version, values=values
        )
    except actions.StaleEntry as exc:
        return Status(409, _refused(exc))
    except InputRejected as exc:
        return Status(400, _refused(exc))
    except PermissionDenied as exc:
        raise HttpError(403, str(exc)) from exc
    return Status(200, _entry_out(saved, assessment))


@router.post(
    "/assessments/{assessment_id}/submit",
    response={200: AssessmentOut, 400: ErrorOut},
    summary="Submit the unit's self-assessment (unit head)",
)
def submit(request: AuthenticatedRequest, assessment_id: int) -> Any:
    assessment = _scoped(
        lambda: get_assessment_for_user(request, assessment_id, write=True, action="submit")
    )
    try:
        submitted = actions.submit_self_assessment(assessment, actor=request.user)
    except InputRejected as exc:
        return Status(400, _refused(exc))
    return Status(200, _assessment_out(submitted))


__all__ = ["router", "rules"]
