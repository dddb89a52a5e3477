"""Opening a round and running it: deadlines, deadline exceptions, appraisers' areas and
the PAR office's list of adjustment reasons."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parindex.access.holders import assignments_covering
from parindex.access.models import Role
from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ActionRefused,
    _deny,
    _lock_assessment,
    _require_open_round,
    _snapshot,
    _user_or_none,
    _who,
    today,
)
from parindex.assessments.actions.feeds import FeedUnavailable, refresh_feeds
from parindex.assessments.models import (
    AdjustmentReason,
    AppraiserAssignment,
    Assessment,
    AssessmentRound,
    CriterionEntry,
    DeadlineException,
    Phase,
    RoundFramework,
    RoundStatus,
)
from parindex.assessments.scoring import framework_info
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor, UserAccount
from parindex.frameworks.models import Framework
from parindex.lib.errors import Problem
from parindex.units.models import Unit
from parindex.units.queries import subtree

logger = logging.getLogger(__name__)


@transaction.atomic
def open_round(
    *,
    actor: Actor,
    province: Unit,
    year: int,
    name: str,
    frameworks: Mapping[str, Framework],
    self_assessment_deadline: dt.date,
    explanation_deadline: dt.date,
    appraisal_deadline: dt.date,
    council_deadline: dt.date | None = None,
    units: Sequence[Unit] | None = None,
    is_illustrative: bool = False,
) -> AssessmentRound:
    """Create a round and open it for self-assessment.

    One assessment per unit in scope (by default the units under ``province`` valid at the end
    of ``year`` whose kind has a framework), one entry per leaf criterion, and one appraiser
    assignment per area listed on each appraiser's role (every area when the list is empty).
    The data-derived criteria are then filled from the dossier store (``refresh_feeds``, one
    ``entries.feed`` audit event per assessment it fills).
    """
    if not rules.is_system(actor) and not rules.may(actor, "admin", province.pk):
        raise _deny(_("Only the PAR office administrator opens rounds."))
    deadlines = {
        "self_assessment": self_assessment_deadline,
        "explanation": explanation_deadline,
        "appraisal": appraisal_deadline,
        "council": council_deadline,
    }
    units = _units_in_scope(province, year, frameworks, units)
    problems = _open_round_problems(actor, province, year, name, frameworks, deadlines, units)
    if problems:
        raise ActionRefused(problems)

    round_ = AssessmentRound.objects.create(
        year=year,
        name=name.strip(),
        province=province,
        status=RoundStatus.OPEN,
        self_assessment_deadline=self_assessment_deadline,
        explanation_deadline=explanation_deadline,
        appraisal_deadline=appraisal_deadline,
        council_deadline=council_deadline,
        opened_at=timezone.now(),
        is_illustrative=is_illustrative
        or any(f.is_illustrative for f in frameworks.values())
        or any(u.is_illustrative for u in units),
    )
    RoundFramework.objects.bulk_create(
        RoundFramework(round=round_, unit_kind=kind, framework=framework)
        for kind, framework in frameworks.items()
    )
    assessments, entries = _create_assessments(round_, frameworks, units)
    assignments = _assign_appraisers(round_, province, frameworks)
    record_audit(
        actor=actor,
        action=AuditAction.ROUND_OPEN,
        obj=round_,
        unit_code=province.key,
        after={
            "year": year,
            "frameworks": {kind: f.code for kind, f in frameworks.items()},
            "units": len(assessments),
            "entries": entries,
            "appraiser_assignments": assignments,
            "deadlines": _snapshot(deadlines),
        },
    )
    _fill_feeds(round_, actor)
    return round_


def _units_in_scope(
    province: Unit, year: int, frameworks: Mapping[str, Framework], units: Sequence[Unit] | None
) -> list[Unit]:
    """The units a new round assesses: those given, or the province's units valid at the end of
    ``year``; either way only the kinds that have a framework."""
    if units is None:
        units = [
            unit
            for unit in subtree(province, as_of=dt.date(year, 12, 31)).order_by("kind", "code")
            if unit.kind in frameworks
        ]
    return [unit for unit in units if unit.kind in frameworks]


def _open_round_problems(
    actor: Actor,
    province: Unit,
    year: int,
    name: str,
    frameworks: Mapping[str, Framework],
    deadlines: Mapping[str, dt.date | None],
    units: Sequence[Unit],
) -> list[Problem]:
    """Everything that stops a round from opening (the checking half of :func:`open_round`)."""
    problems: list[Problem] = []
    if not name.strip():
        problems.append(Problem(_("Give the round a name."), field="name"))
    if AssessmentRound.objects.filter(province=province, year=year).exists():
        problems.append(
            Problem(
                _("{province} already has a round for {year}.").format(
                    province=province.name, year=year
                ),
                field="year",
            )
        )
    problems += _framework_problems(frameworks)
    problems += _deadline_problems(
        actor,
        deadlines["self_assessment"],
        deadlines["explanation"],
        deadlines["appraisal"],
        deadlines["council"],
    )
    if not units and not problems:
        problems.append(Problem(_("No unit of these kinds lies in the province."), field="units"))
    return problems


def _framework_problems(frameworks: Mapping[str, Framework]) -> list[Problem]:
    if not frameworks:
        return [Problem(_("Choose a framework for at least one kind of unit."), field="frameworks")]
    problems: list[Problem] = []
    for kind, framework in frameworks.items():
        if framework.structure_only:
            problems.append(
                Problem(
                    _("Framework {code} has no scoring rules (structure only).").format(
                        code=framework.code
                    ),
                    field="frameworks",
                )
            )
        elif kind not in (framework.unit_kinds or []):
            problems.append(
                Problem(
                    _("Framework {code} is not made for units of kind “{kind}”.").format(
                        code=framework.code, kind=kind
                    ),
                    field="frameworks",
                )
            )
    return problems


def _create_assessments(
    round_: AssessmentRound, frameworks: Mapping[str, Framework], units: Sequence[Unit]
) -> tuple[list[Assessment], int]:
    """One assessment per unit and one entry per leaf criterion; the assessments and the number
    of entries written."""
    assessments = Assessment.objects.bulk_create(
        Assessment(round=round_, unit=unit, framework=frameworks[unit.kind]) for unit in units
    )
    if not all(a.pk for a in assessments):  # backends without RETURNING
        assessments = list(Assessment.objects.filter(round=round_))
    criteria_of = {
        kind: {c.code: c for c in framework.criteria.all()}
        for kind, framework in frameworks.items()
    }
    entries = []
    for assessment in assessments:
        kind = next(k for k, f in frameworks.items() if f.pk == assessment.framework_id)
        info = framework_info(frameworks[kind])
        for position, leaf in enumerate(info.leaves, start=1):
            entries.append(
                CriterionEntry(
                    assessment=assessment,
                    criterion=criteria_of[kind][leaf.code],
                    area_code=info.area_of[leaf.code],
                    position=position,
                )
            )
    CriterionEntry.objects.bulk_create(entries, batch_size=2000)
    return assessments, len(entries)


def _assign_appraisers(
    round_: AssessmentRound, province: Unit, frameworks: Mapping[str, Framework]
) -> int:
    """One assignment per area listed on each appraiser's role (every area when the list is
    empty); the number of assignments written."""
    area_codes = _area_codes(frameworks.values())
    appraisers = assignments_covering(province, Role.APPRAISER)
    assignments = {
        (ra.user_id, code)
        for ra in appraisers
        for code in (ra.area_codes or area_codes)
        if code in area_codes
    }
    AppraiserAssignment.objects.bulk_create(
        AppraiserAssignment(round=round_, user_id=user_id, area_code=code)
        for user_id, code in sorted(assignments)
    )
    return len(assignments)


def _fill_feeds(round_: AssessmentRound, actor: Actor) -> None:
    """Fill the data-derived criteria of the new assessments from the dossier store.

    The store is optional: a round opens even when the figures cannot be computed (the
    self-assessment pages then offer *Refresh dossier figures*).
    """
    try:
        refresh_feeds(round_, actor=actor)
    except FeedUnavailable:
        logger.warning("round %s opened without its dossier figures", round_.pk, exc_info=True)


def _deadline_problems(
    actor: Actor,
    self_assessment: dt.date | None,
    explanation: dt.date | None,
    appraisal: dt.date | None,
    council: dt.date | None,
) -> list[Problem]:
    problems: list[Problem] = []
    named = [
        ("self_assessment_deadline", self_assessment),
        ("explanation_deadline", explanation),
        ("appraisal_deadline", appraisal),
    ]
    for field_name, value in named:
        if value is None:
            problems.append(Problem(_("Give a date."), field=field_name))
    if problems:
        return problems
    assert self_assessment and explanation and appraisal
    if not rules.is_system(actor) and self_assessment < today():
        problems.append(
            Problem(
                _("The self-assessment deadline lies in the past."),
                field="self_assessment_deadline",
            )
        )
    if explanation < self_assessment:
        problems.append(
            Problem(
                _("The explanation deadline must not come before the self-assessment deadline."),
                field="explanation_deadline",
            )
        )
    if appraisal < explanation:
        problems.append(
            Problem(
                _("The appraisal deadline must not come before the explanation deadline."),
                field="appraisal_deadline",
            )
        )
    if council is not None and council < appraisal:
        problems.append(
            Problem(
                _("The council deadline must not come before the appraisal deadline."),
                field="council_deadline",
            )
        )
    return problems


@transaction.atomic
def set_deadlines(
    round_: AssessmentRound,
    *,
    actor: Actor,
    self_assessment_deadline: dt.date,
    explanation_deadline: dt.date,
    appraisal_deadline: dt.date,
    council_deadline: dt.date | None = None,
) -> AssessmentRound:
    """Change a round's deadlines (before the council finalises it)."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if not rules.can_admin(actor, round_):
        raise _deny(_("Only the PAR office administrator sets deadlines."))
    _require_open_round(round_)
    problems = _deadline_problems(
        "system",  # moving a deadline that already passed is allowed
        self_assessment_deadline,
        explanation_deadline,
        appraisal_deadline,
        council_deadline,
    )
    if problems:
        raise ActionRefused(problems)
    fields = ("self_assessment_deadline", "explanation_deadline", "appraisal_deadline")
    before = {f: getattr(round_, f) for f in (*fields, "council_deadline")}
    round_.self_assessment_deadline = self_assessment_deadline
    round_.explanation_deadline = explanation_deadline
    round_.appraisal_deadline = appraisal_deadline
    round_.council_deadline = council_deadline
    round_.save(update_fields=[*fields, "council_deadline", "updated_at"])
    after = {f: getattr(round_, f) for f in (*fields, "council_deadline")}
    record_audit(
        actor=actor,
        action=AuditAction.ROUND_SET_DEADLINES,
        obj=round_,
        unit_code=round_.province.key,
        before=_snapshot(before),
        after=_snapshot(after),
    )
    return round_


@transaction.atomic
def set_deadline_exception(
    assessment: Assessment, *, actor: Actor, phase: str, until: dt.date, reason: str
) -> DeadlineException:
    """Give one unit a later deadline for one phase (replacing an earlier exception)."""
    assessment = _lock_assessment(assessment)
    if not rules.can_admin(actor, assessment.round):
        raise _deny(_("Only the PAR office administrator grants deadline exceptions."))
    _require_open_round(assessment.round)
    problems: list[Problem] = []
    if phase not in Phase.values:
        problems.append(Problem(_("Choose a phase."), field="phase"))
    elif until <= assessment.round.deadline(phase):
        problems.append(
            Problem(
                _("An exception must end after the round's deadline ({deadline}).").format(
                    deadline=date_format(assessment.round.deadline(phase), "SHORT_DATE_FORMAT")
                ),
                field="until",
            )
        )
    if not reason.strip():
        problems.append(Problem(_("Give the reason for the exception."), field="reason"))
    if problems:
        raise ActionRefused(problems)
    existing = DeadlineException.objects.filter(assessment=assessment, phase=phase).first()
    before = _snapshot({"until": existing.until, "reason": existing.reason}) if existing else None
    exception, _created = DeadlineException.objects.update_or_create(
        assessment=assessment,
        phase=phase,
        defaults={"until": until, "reason": reason.strip(), "granted_by": _user_or_none(actor)},
    )
    record_audit(
        actor=actor,
        action=AuditAction.DEADLINE_EXCEPTION_GRANT,
        obj=exception,
        unit_code=assessment.unit.key,
        before=before,
        after=_snapshot({"phase": phase, "until": until, "reason": reason.strip()}),
    )
    return exception


@transaction.atomic
def assign_appraiser(
    round_: AssessmentRound, *, actor: Actor, user: UserAccount, area_code: str
) -> AppraiserAssignment:
    """Let ``user`` (who holds the appraiser role) appraise ``area_code`` for every unit."""
    if not rules.can_admin(actor, round_):
        raise _deny(_("Only the PAR office administrator assigns appraisers."))
    _require_open_round(round_)
    problems: list[Problem] = []
    if not rules.may(user, "appraise", round_.province_id):
        problems.append(
            Problem(
                _("{user} does not hold the appraiser role for this province.").format(
                    user=_who(user)
                ),
                field="user",
            )
        )
    if area_code not in round_area_codes(round_):
        problems.append(
            Problem(
                _("“{code}” is not an area of this round's frameworks.").format(code=area_code),
                field="area_code",
            )
        )
    if AppraiserAssignment.objects.filter(round=round_, user=user, area_code=area_code).exists():
        problems.append(Problem(_("This appraiser already has this area."), field="area_code"))
    if problems:
        raise ActionRefused(problems)
    assignment = AppraiserAssignment.objects.create(round=round_, user=user, area_code=area_code)
    record_audit(
        actor=actor,
        action=AuditAction.APPRAISER_ASSIGN,
        obj=assignment,
        unit_code=round_.province.key,
        after={"user": user.get_username(), "area": area_code},
    )
    return assignment


@transaction.atomic
def unassign_appraiser(assignment: AppraiserAssignment, *, actor: Actor) -> None:
    """Take an area away from an appraiser (decisions already made stay)."""
    round_ = assignment.round
    if not rules.can_admin(actor, round_):
        raise _deny(_("Only the PAR office administrator assigns appraisers."))
    _require_open_round(round_)
    record_audit(
        actor=actor,
        action=AuditAction.APPRAISER_UNASSIGN,
        obj=assignment,
        unit_code=round_.province.key,
        before={"user": assignment.user.get_username(), "area": assignment.area_code},
    )
    assignment.delete()


def _area_codes(frameworks: Iterable[Framework]) -> list[str]:
    """The codes of the frameworks' areas, each once, in the frameworks' order."""
    codes: list[str] = []
    for framework in frameworks:
        for area in framework_info(framework).spec.areas:
            if area.code not in codes:
                codes.append(area.code)
    return codes


def round_area_codes(round_: AssessmentRound) -> list[str]:
    return _area_codes(rf.framework for rf in round_.frameworks.select_related("framework"))


@transaction.atomic
def save_adjustment_reason(
    *, actor: Actor, code: str, name_vi: str, name_en: str = "", is_active: bool = True
) -> AdjustmentReason:
    """Add or change a reason code of the PAR office's list."""
    if not rules.is_system(actor) and not rules.is_province_admin_anywhere(actor):
        raise _deny(_("Only the PAR office administrator maintains the adjustment reasons."))
    problems: list[Problem] = []
    code = code.strip()
    if not code or len(code) > 32 or any(c.isspace() for c in code):
        problems.append(Problem(_("A code of up to 32 characters, without spaces."), field="code"))
    if not name_vi.strip():
        problems.append(Problem(_("Give the Vietnamese name."), field="name_vi"))
    if problems:
        raise ActionRefused(problems)
    existing = AdjustmentReason.objects.filter(code=code).first()
    before = (
        {"name_vi": existing.name_vi, "name_en": existing.name_en, "is_active": existing.is_active}
        if existing
        else None
    )
    reason, _created = AdjustmentReason.objects.update_or_create(
        code=code,
        defaults={"name_vi": name_vi.strip(), "name_en": name_en.strip(), "is_active": is_active},
    )
    record_audit(
        actor=actor,
        action=AuditAction.ADJUSTMENT_REASON_SAVE,
        obj=reason,
        before=before,
        after={"name_vi": reason.name_vi, "name_en": reason.name_en, "is_active": is_active},
    )
    return reason
