"""Points of survey-scored and data-derived criteria imported from a CSV or XLSX file."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ActionRefused,
    _deny,
    _json,
    _require_open_round,
    _update_rows,
    _user_or_none,
)
from parindex.assessments.actions.appraisal import refresh_state
from parindex.assessments.external_points_file import PointsRow, read_points_file
from parindex.assessments.models import (
    AppraisalDecision,
    Assessment,
    AssessmentRound,
    AssessmentState,
    CriterionEntry,
)
from parindex.assessments.scoring import framework_info, is_self_scored, points_problems
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.source import Source


def _parse_points(text: str) -> Decimal:
    from parindex.assessments.forms import parse_number

    value = parse_number(text)
    if value is None:
        raise ValueError(text)
    return value


@dataclass
class _Round:
    """The round's assessments and entries, looked up by the codes a file names."""

    assessments: list[Assessment]
    entries: dict[tuple[int, str], CriterionEntry]
    by_key: dict[str, Assessment] = field(init=False)
    by_code: dict[str, list[Assessment]] = field(init=False)
    seen: set[tuple[int, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.by_key = {a.unit.key: a for a in self.assessments}
        self.by_code = defaultdict(list)
        for a in self.assessments:
            self.by_code[a.unit.code].append(a)

    @classmethod
    def locked(cls, round_: AssessmentRound) -> _Round:
        assessments = list(
            Assessment.objects.filter(round=round_).select_related("unit", "framework")
        )
        entries = {
            (e.assessment_id, e.criterion.code): e
            for e in CriterionEntry.objects.select_for_update()
            .filter(assessment__round=round_)
            .select_related("criterion")
        }
        return cls(assessments, entries)


@transaction.atomic
def import_external_points(
    round_: AssessmentRound,
    source: bytes | str | Path | IO[bytes] | Source,
    *,
    actor: Actor,
    file_name: str = "",
) -> int:
    """Import the points of survey-scored and data-derived criteria from CSV or XLSX.

    Columns ``unit_code``, ``criterion_code``, ``points`` (``name``/``note`` are ignored). The
    file is validated as a whole and refused whole, each problem naming its row and field.
    Returns the number of entries written; one summarising audit event.
    """
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if not rules.can_admin(actor, round_):
        raise _deny(_("Only the PAR office administrator imports points."))
    _require_open_round(round_)
    try:
        file, rows = read_points_file(source, file_name)
    except InputRejected as exc:
        raise ActionRefused(exc.problems) from None
    found = _Round.locked(round_)
    updates = _check_rows(rows, found)
    _write_points(round_, found, updates, actor=actor, file_name=file.name, data=file.data)
    return len(updates)


def _check_rows(rows: Iterable[PointsRow], found: _Round) -> list[tuple[CriterionEntry, Decimal]]:
    """The checking half: each row's entry and points, or every problem of the file at once."""
    problems: list[Problem] = []
    updates: list[tuple[CriterionEntry, Decimal]] = []
    for row in rows:
        checked = _check_row(row, found)
        if isinstance(checked, list):
            problems += checked
        else:
            updates.append(checked)
    if problems:
        raise ActionRefused(problems)
    return updates


def _check_row(row: PointsRow, found: _Round) -> tuple[CriterionEntry, Decimal] | list[Problem]:
    """One row's entry and points, or what is wrong with the row."""
    number, unit_code, code, text = row.number, row.unit_code, row.criterion_code, row.points
    assessment = _assessment_of(unit_code, number, found)
    if isinstance(assessment, Problem):
        return [assessment]
    entry = found.entries.get((assessment.pk, code))
    if entry is None:
        message = _("The framework of {unit} has no criterion “{code}”.").format(
            unit=assessment.unit.name, code=code
        )
        return [Problem(message, row=number, field="criterion_code")]
    node = framework_info(assessment.framework).nodes[code]
    if is_self_scored(node):
        message = _(
            "Criterion {code} is self-scored: its points come from the unit's "
            "declared data, not from a file."
        ).format(code=code)
        return [Problem(message, row=number, field="criterion_code")]
    if (assessment.pk, code) in found.seen:
        message = _("{unit} / {code} appears twice.").format(unit=unit_code, code=code)
        return [Problem(message, row=number, field="criterion_code")]
    found.seen.add((assessment.pk, code))
    try:
        points = _parse_points(text)
    except ValueError:
        message = _("“{value}” is not a number.").format(value=text)
        return [Problem(message, row=number, field="points")]
    wrong = points_problems(node, points, "points")
    if wrong:
        return [Problem(p.message, row=number, field="points") for p in wrong]
    return entry, points


def _assessment_of(unit_code: str, number: int, found: _Round) -> Assessment | Problem:
    """The assessment of the unit a row names (``SYSTEM:CODE``, or a code only one unit has)."""
    assessment = found.by_key.get(unit_code)
    if assessment is not None:
        return assessment
    matches = found.by_code.get(unit_code, [])
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        message = _("The unit code “{code}” is ambiguous; write SYSTEM:CODE.").format(
            code=unit_code
        )
    else:
        message = _("No unit of this round has the code “{code}”.").format(code=unit_code)
    return Problem(message, row=number, field="unit_code")


def _write_points(
    round_: AssessmentRound,
    found: _Round,
    updates: list[tuple[CriterionEntry, Decimal]],
    *,
    actor: Actor,
    file_name: str,
    data: bytes,
) -> None:
    """The writing half: the points as appraised points, the states, one audit event."""
    now = timezone.now()
    user = _user_or_none(actor)
    summary: dict[str, dict[str, str]] = defaultdict(dict)
    touched: set[int] = set()
    unit_of = {a.pk: a for a in found.assessments}
    for entry, points in updates:
        entry.appraised_points = points
        entry.appraisal_decision = AppraisalDecision.ENTERED
        entry.appraised_by = user
        entry.appraised_at = now
        entry.appraisal_comment = _("Imported from {file}.").format(file=file_name or "—")
        summary[unit_of[entry.assessment_id].unit.key][entry.criterion.code] = _json(points)
        touched.add(entry.assessment_id)
    _update_rows(
        [e for e, _p in updates],
        [
            "appraised_points",
            "appraisal_decision",
            "appraised_by",
            "appraised_at",
            "appraisal_comment",
        ],
    )
    for assessment_id in touched:
        assessment = unit_of[assessment_id]
        if assessment.state != AssessmentState.DRAFT:
            refresh_state(assessment)
    record_audit(
        actor=actor,
        action=AuditAction.EXTERNAL_POINTS_IMPORT,
        obj=round_,
        unit_code=round_.province.key,
        after={
            "file": file_name,
            "sha256": hashlib.sha256(data).hexdigest(),
            "rows": len(updates),
            "points": dict(summary),
        },
    )
