"""What each role has to do now, for the home page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from parindex.access.scope import access_of
from parindex.assessments import rules
from parindex.assessments.actions import phase_deadline
from parindex.assessments.models import (
    AppraisalDecision,
    AppraiserAssignment,
    Assessment,
    AssessmentRound,
    AssessmentState,
    CriterionEntry,
    Phase,
    RoundStatus,
)
from parindex.core.types import UserAccount


@dataclass
class AppraisalTask:
    round: AssessmentRound
    areas: list[str]
    to_decide: int
    awaiting_review: int


def dashboard(user: UserAccount) -> dict[str, Any]:
    roles = list(access_of(user).assignments)
    rounds = list(
        AssessmentRound.objects.for_user(user).select_related("province").order_by("-year")
    )
    open_rounds = [r for r in rounds if r.status == RoundStatus.OPEN]
    own = list(
        Assessment.objects.for_user(user, "fill")
        .filter(round__status=RoundStatus.OPEN)
        .select_related("round", "unit", "framework")
        .prefetch_related("deadline_exceptions")
        .annotate(
            filled=Count("entries", filter=Q(entries__self_points__isnull=False)),
            returned=Count(
                "entries",
                filter=Q(
                    entries__appraisal_decision=AppraisalDecision.RETURNED,
                    entries__responded_at__isnull=True,
                ),
            ),
        )
    )
    for assessment in own:
        assessment.self_deadline = phase_deadline(assessment, Phase.SELF_ASSESSMENT)  # type: ignore[attr-defined]
        assessment.explanation_deadline = phase_deadline(assessment, Phase.EXPLANATION)  # type: ignore[attr-defined]
    appraisals = []
    areas_by_round: dict[int, list[str]] = {}
    for assignment in AppraiserAssignment.objects.filter(user=user, round__status=RoundStatus.OPEN):
        areas_by_round.setdefault(assignment.round_id, []).append(assignment.area_code)
    for round_ in open_rounds:
        areas = areas_by_round.get(round_.pk)
        if not areas:
            continue
        entries = CriterionEntry.objects.filter(
            assessment__round=round_, area_code__in=areas
        ).exclude(assessment__state=AssessmentState.DRAFT)
        appraisals.append(
            AppraisalTask(
                round=round_,
                areas=sorted(areas),
                to_decide=entries.filter(appraisal_decision="").count(),
                awaiting_review=entries.filter(
                    appraisal_decision=AppraisalDecision.RETURNED, responded_at__isnull=False
                ).count(),
            )
        )
    council = [
        {
            "round": r,
            "ready": r.assessments.filter(state=AssessmentState.COUNCIL_REVIEW).count(),
            "total": r.assessments.count(),
        }
        for r in open_rounds
        if rules.can_council(user, r)
    ]
    administered = [r for r in rounds if rules.can_admin(user, r)]
    overseen = [r for r in rounds if rules.can_oversee(user, r)]
    return {
        "roles": roles,
        "rounds": rounds,
        "own_assessments": own,
        "appraisals": appraisals,
        "council_rounds": council,
        "administered": administered,
        "overseen": overseen,
        "is_admin": rules.is_province_admin_anywhere(user),
        "illustrative": any(r.is_illustrative for r in rounds),
    }
