"""Appraisal: the appraisers' decisions per criterion, and the unit's explanations of
returned criteria."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ZERO,
    ActionRefused,
    _checked,
    _deny,
    _json,
    _lock_assessment,
    _lock_entry,
    _node,
    _require_open_round,
    _require_phase,
    _snapshot,
    _store_file,
    _update_rows,
    _user_or_none,
    phase_is_open,
)
from parindex.assessments.files import CheckedFile
from parindex.assessments.models import (
    AdjustmentReason,
    AppraisalDecision,
    Assessment,
    AssessmentState,
    CriterionEntry,
    EvidenceKind,
    EvidenceLink,
    Phase,
)
from parindex.assessments.scoring import (
    framework_info,
    has_fed_points,
    is_acceptable,
    is_fed,
    is_self_scored,
    points_problems,
)
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.scoring.tree import NodeSpec

APPRAISABLE_STATES = (
    AssessmentState.SELF_ASSESSED,
    AssessmentState.APPRAISAL_1,
    AssessmentState.RETURNED_FOR_EXPLANATION,
    AssessmentState.EXPLAINED,
    AssessmentState.APPRAISAL_2,
    AssessmentState.COUNCIL_REVIEW,
)


def _feed_summary(entry: CriterionEntry) -> dict[str, Any]:
    """What an audit event keeps of a fed row's figures: the indicator, its period, its
    status and value, its counts and when they were computed."""
    feed = entry.feed or {}
    return {
        "indicator": feed.get("indicator"),
        "period": (feed.get("period") or {}).get("code"),
        "status": feed.get("status"),
        "value": feed.get("value"),
        "counts": feed.get("counts"),
        "computed_at": feed.get("computed_at"),
    }


def _appraisal_snapshot(entry: CriterionEntry, *, fed: bool = False) -> dict[str, Any]:
    values = _snapshot(
        {
            "criterion": entry.criterion.code,
            "decision": entry.appraisal_decision,
            "self_points": entry.self_points,
            "appraised_points": entry.appraised_points,
            "reason": entry.adjustment_reason.code if entry.adjustment_reason else "",
            "comment": entry.appraisal_comment,
        }
    )
    if fed:
        values["feed"] = _feed_summary(entry)
    return values


def _check_appraisable(assessment: Assessment, actor: Actor) -> None:
    _require_open_round(assessment.round)
    if assessment.state == AssessmentState.DRAFT:
        if rules.is_system(actor) or phase_is_open(assessment, Phase.SELF_ASSESSMENT):
            raise ActionRefused(
                _("{unit} has not submitted its self-assessment yet.").format(
                    unit=assessment.unit.name
                )
            )
    elif assessment.state not in APPRAISABLE_STATES:
        raise ActionRefused(
            _("The assessment of {unit} is {state}: it can no longer be appraised.").format(
                unit=assessment.unit.name, state=assessment.get_state_display().lower()
            )
        )
    _require_phase(assessment, Phase.APPRAISAL, actor)


def refresh_state(assessment: Assessment) -> str:
    """Move an assessment under appraisal to the state its entries imply:
    a row awaiting the unit's explanation → returned for explanation; an explanation awaiting
    review → explained; rows still undecided → appraisal (second round once a row was
    returned); every row decided → council review."""
    if assessment.state == AssessmentState.DRAFT and phase_is_open(
        assessment, Phase.SELF_ASSESSMENT
    ):
        return assessment.state
    rows = list(
        CriterionEntry.objects.filter(assessment=assessment).values_list(
            "appraisal_decision", "responded_at", "returned_for_explanation"
        )
    )
    decided = (
        AppraisalDecision.ACCEPTED,
        AppraisalDecision.ADJUSTED,
        AppraisalDecision.ENTERED,
    )
    if any(d == AppraisalDecision.RETURNED and r is None for d, r, _w in rows):
        state = AssessmentState.RETURNED_FOR_EXPLANATION
    elif any(d == AppraisalDecision.RETURNED for d, _r, _w in rows):
        state = AssessmentState.EXPLAINED
    elif any(d not in decided for d, _r, _w in rows):
        touched = any(d in decided for d, _r, _w in rows)
        if any(w for _d, _r, w in rows):
            state = AssessmentState.APPRAISAL_2
        elif touched:
            state = AssessmentState.APPRAISAL_1
        else:
            state = (
                AssessmentState.SELF_ASSESSED
                if assessment.state != AssessmentState.DRAFT
                else AssessmentState.DRAFT
            )
    else:
        state = AssessmentState.COUNCIL_REVIEW
    if state != assessment.state:
        assessment.state = state
        assessment.save(update_fields=["state", "updated_at"])
    return state


@transaction.atomic
def record_appraisal(
    entry: CriterionEntry,
    *,
    actor: Actor,
    decision: str,
    points: Decimal | None = None,
    reason_code: str = "",
    comment: str = "",
) -> CriterionEntry:
    """An appraiser's decision on one criterion of one unit.

    ``accept`` keeps the self-score; ``adjust`` sets new points with a reason code from the
    PAR office's list and a comment; ``return`` sends the criterion back for explanation with
    a comment saying what is missing. A data-derived row filled from the dossier figures is
    accepted (it takes the points computed from the figures) or adjusted with a reason like a
    self-scored row, but not returned: the unit cannot change its value. Rows without points of
    their own (survey, data, appraiser, a fed row whose figures were never computed or cannot
    be scored) are given their points with ``adjust`` (no reason needed).
    """
    entry = _lock_entry(entry)
    assessment = entry.assessment
    if not rules.can_appraise_entry(actor, entry):
        raise _deny(_("You do not appraise the area of this criterion."))
    _check_appraisable(assessment, actor)
    node = _node(entry)
    self_scored = is_self_scored(node)
    fed = is_fed(node)
    acceptable = is_acceptable(node, entry.feed)
    comment = comment.strip()
    problems: list[Problem] = []
    if entry.is_awaiting_explanation:
        raise ActionRefused(
            _("Criterion {code} is waiting for the unit's explanation.").format(code=node.code)
        )
    before = _appraisal_snapshot(entry, fed=fed)
    problems, changes = _decision_changes(
        entry,
        node,
        decision,
        points,
        reason_code,
        comment,
        self_scored=self_scored,
        fed=fed,
        acceptable=acceptable,
    )
    if problems:
        raise ActionRefused(problems)
    for name, value in changes.items():
        setattr(entry, name, value)
    entry.appraisal_comment = comment
    entry.appraised_by = _user_or_none(actor)
    entry.appraised_at = timezone.now()
    entry.save()
    if assessment.state == AssessmentState.DRAFT:
        # The deadline passed without a submission: what was declared is appraised as it is.
        assessment.state = AssessmentState.SELF_ASSESSED
    refresh_state(assessment)
    record_audit(
        actor=actor,
        action=AuditAction("entry." + decision),
        obj=entry,
        object_repr=f"{assessment.unit.name} · {node.code}",
        unit_code=assessment.unit.key,
        before=before,
        after=_appraisal_snapshot(entry, fed=fed),
    )
    return entry


def _decision_changes(
    entry: CriterionEntry,
    node: NodeSpec,
    decision: str,
    points: Decimal | None,
    reason_code: str,
    comment: str,
    *,
    self_scored: bool,
    fed: bool,
    acceptable: bool,
) -> tuple[list[Problem], dict[str, Any]]:
    """The checking half of :func:`record_appraisal`: the problems of a decision, or the fields
    it sets on the entry."""
    if decision == "accept":
        return _accept_changes(node, entry, fed=fed, acceptable=acceptable)
    if decision == "adjust":
        return _adjust_changes(node, points, reason_code, comment, acceptable=acceptable)
    if decision == "return":
        return _return_changes(comment, self_scored=self_scored)
    return [Problem(_("Choose accept, adjust or return."), field="decision")], {}


def _accept_changes(
    node: NodeSpec, entry: CriterionEntry, *, fed: bool, acceptable: bool
) -> tuple[list[Problem], dict[str, Any]]:
    if not acceptable:
        message = (
            _(
                "Criterion {code} has no points from the dossier figures: refresh "
                "them or enter its points."
            )
            if fed
            else _("Criterion {code} is not self-scored: enter its points.")
        )
        return [Problem(message.format(code=node.code), field="points")], {}
    return [], {
        "appraisal_decision": AppraisalDecision.ACCEPTED,
        "appraised_points": entry.self_points or ZERO,
        "adjustment_reason": None,
    }


def _adjust_changes(
    node: NodeSpec,
    points: Decimal | None,
    reason_code: str,
    comment: str,
    *,
    acceptable: bool,
) -> tuple[list[Problem], dict[str, Any]]:
    problems: list[Problem] = []
    reason = None
    if points is None:
        problems.append(Problem(_("Enter the appraised points."), field="points"))
    else:
        problems += points_problems(node, points, "points")
    if acceptable:
        reason = AdjustmentReason.objects.filter(code=reason_code, is_active=True).first()
        if reason is None:
            problems.append(Problem(_("Choose a reason from the list."), field="reason_code"))
        if not comment:
            problems.append(Problem(_("Say why the points were adjusted."), field="comment"))
    elif reason_code:
        reason = AdjustmentReason.objects.filter(code=reason_code, is_active=True).first()
    if problems:
        return problems, {}
    return [], {
        "appraisal_decision": (
            AppraisalDecision.ADJUSTED if acceptable else AppraisalDecision.ENTERED
        ),
        "appraised_points": points,
        "adjustment_reason": reason,
    }


def _return_changes(comment: str, *, self_scored: bool) -> tuple[list[Problem], dict[str, Any]]:
    problems: list[Problem] = []
    if not self_scored:
        problems.append(
            Problem(
                _("Only self-scored criteria can be returned for explanation."),
                field="decision",
            )
        )
    if not comment:
        problems.append(Problem(_("Say what the unit must explain."), field="comment"))
    if problems:
        return problems, {}
    return [], {
        "appraisal_decision": AppraisalDecision.RETURNED,
        "appraised_points": None,
        "adjustment_reason": None,
        "returned_for_explanation": True,
        "responded_at": None,
    }


@transaction.atomic
def accept_remaining(
    assessment: Assessment, *, actor: Actor, area_codes: Iterable[str] | None = None
) -> int:
    """Accept the self-score of every undecided self-scored criterion in the appraiser's
    areas (or ``area_codes``), and the points of every undecided data-derived criterion filled
    from the dossier figures. One summarising audit event (the fed rows' figures listed under
    ``fed``); returns how many were accepted."""
    assessment = _lock_assessment(assessment)
    if not rules.can_appraise_unit(actor, assessment):
        raise _deny(_("You do not appraise this unit."))
    _check_appraisable(assessment, actor)
    allowed = (
        set(area_codes)
        if area_codes is not None
        else (None if rules.is_system(actor) else rules.appraised_areas(actor, assessment.round))
    )
    if allowed is not None and not rules.is_system(actor):
        allowed &= rules.appraised_areas(actor, assessment.round)
    info = framework_info(assessment.framework)
    now = timezone.now()
    accepted: list[CriterionEntry] = []
    fed: dict[str, dict[str, Any]] = {}
    for entry in (
        CriterionEntry.objects.select_for_update()
        .filter(assessment=assessment, appraisal_decision="")
        .select_related("criterion")
    ):
        node = info.nodes[entry.criterion.code]
        if allowed is not None and entry.area_code not in allowed:
            continue
        if not is_acceptable(node, entry.feed):
            continue
        entry.appraisal_decision = AppraisalDecision.ACCEPTED
        entry.appraised_points = entry.self_points or ZERO
        entry.appraised_by = _user_or_none(actor)
        entry.appraised_at = now
        accepted.append(entry)
        if has_fed_points(node, entry.feed):
            fed[node.code] = _feed_summary(entry)
    _update_rows(
        accepted, ["appraisal_decision", "appraised_points", "appraised_by", "appraised_at"]
    )
    if assessment.state == AssessmentState.DRAFT:
        assessment.state = AssessmentState.SELF_ASSESSED
    refresh_state(assessment)
    if accepted:
        after: dict[str, Any] = {
            "accepted": {e.criterion.code: _json(e.appraised_points) for e in accepted}
        }
        if fed:
            after["fed"] = fed
        record_audit(
            actor=actor,
            action=AuditAction.ENTRY_ACCEPT_MANY,
            obj=assessment,
            unit_code=assessment.unit.key,
            after=after,
        )
    return len(accepted)


@transaction.atomic
def explain_entry(
    entry: CriterionEntry, *, actor: Actor, response: str, uploads: Sequence[Any] = ()
) -> CriterionEntry:
    """The unit head answers a returned criterion with text and files, before the explanation
    deadline; the appraiser then reviews it again."""
    entry = _lock_entry(entry)
    assessment = entry.assessment
    if not rules.can_explain(actor, assessment):
        raise _deny(_("Only the unit head answers returned criteria."))
    _require_open_round(assessment.round)
    if not entry.is_awaiting_explanation:
        raise ActionRefused(
            _("Criterion {code} is not waiting for an explanation.").format(
                code=entry.criterion.code
            )
        )
    _require_phase(assessment, Phase.EXPLANATION, actor)
    response = response.strip()
    problems: list[Problem] = []
    if not response:
        problems.append(Problem(_("Write the explanation."), field="response"))
    checked: list[CheckedFile] = []
    for upload in uploads:
        try:
            checked.append(_checked(upload))
        except InputRejected as exc:
            problems += exc.problems
    if problems:
        raise ActionRefused(problems)
    names = []
    for item in checked:
        stored = _store_file(assessment, item, EvidenceKind.EXPLANATION, actor)
        EvidenceLink.objects.get_or_create(evidence=stored, entry=entry)
        names.append({"file": stored.original_name, "sha256": stored.sha256})
    before = {"unit_response": entry.unit_response}
    entry.unit_response = response
    entry.responded_at = timezone.now()
    entry.save(update_fields=["unit_response", "responded_at"])
    refresh_state(assessment)
    record_audit(
        actor=actor,
        action=AuditAction.ENTRY_EXPLAIN,
        obj=entry,
        object_repr=f"{assessment.unit.name} · {entry.criterion.code}",
        unit_code=assessment.unit.key,
        before=before,
        after={"unit_response": response, "files": names},
    )
    return entry
