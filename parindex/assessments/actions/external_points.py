"""Points of survey-scored and data-derived criteria imported from a CSV or XLSX file."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

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
from parindex.assessments.external_points_file import read_points_file
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
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.source import Source


def _parse_points(text: str) -> Decimal:
    from parindex.assessments.forms import parse_number

    value = parse_number(text)
    if value is None:
        raise ValueError(text)
    return value


@transaction.atomic
def import_external_points(
    round_: AssessmentRound,
    source: bytes | str | Path | IO[bytes] | Source,
    *,
    actor: Any,
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
    file_name = file.name
    problems: list[Problem] = []
    assessments = list(Assessment.objects.filter(round=round_).select_related("unit", "framework"))
    by_key = {a.unit.key: a for a in assessments}
    by_code: dict[str, list[Assessment]] = defaultdict(list)
    for a in assessments:
        by_code[a.unit.code].append(a)
    entries = {
        (e.assessment_id, e.criterion.code): e
        for e in CriterionEntry.objects.select_for_update()
        .filter(assessment__round=round_)
        .select_related("criterion")
    }
    seen: set[tuple[int, str]] = set()
    updates: list[tuple[CriterionEntry, Decimal]] = []
    for row in rows:
        number, unit_code, code, text = row.number, row.unit_code, row.criterion_code, row.points
        assessment = by_key.get(unit_code)
        if assessment is None:
            matches = by_code.get(unit_code, [])
            if len(matches) == 1:
                assessment = matches[0]
            elif len(matches) > 1:
                problems.append(
                    Problem(
                        _("The unit code “{code}” is ambiguous; write SYSTEM:CODE.").format(
                            code=unit_code
                        ),
                        row=number,
                        field="unit_code",
                    )
                )
                continue
            else:
                problems.append(
                    Problem(
                        _("No unit of this round has the code “{code}”.").format(code=unit_code),
                        row=number,
                        field="unit_code",
                    )
                )
                continue
        entry = entries.get((assessment.pk, code))
        if entry is None:
            problems.append(
                Problem(
                    _("The framework of {unit} has no criterion “{code}”.").format(
                        unit=assessment.unit.name, code=code
                    ),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        node = framework_info(assessment.framework).nodes[code]
        if is_self_scored(node):
            problems.append(
                Problem(
                    _(
                        "Criterion {code} is self-scored: its points come from the unit's "
                        "declared data, not from a file."
                    ).format(code=code),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        if (assessment.pk, code) in seen:
            problems.append(
                Problem(
                    _("{unit} / {code} appears twice.").format(unit=unit_code, code=code),
                    row=number,
                    field="criterion_code",
                )
            )
            continue
        seen.add((assessment.pk, code))
        try:
            points = _parse_points(text)
        except ValueError:
            problems.append(
                Problem(
                    _("“{value}” is not a number.").format(value=text), row=number, field="points"
                )
            )
            continue
        found = points_problems(node, points, "points")
        if found:
            problems += [Problem(p.message, row=number, field="points") for p in found]
            continue
        updates.append((entry, points))
    if problems:
        raise ActionRefused(problems)
    now = timezone.now()
    user = _user_or_none(actor)
    summary: dict[str, dict[str, str]] = defaultdict(dict)
    touched: set[int] = set()
    unit_of = {a.pk: a for a in assessments}
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
            "sha256": hashlib.sha256(file.data).hexdigest(),
            "rows": len(updates),
            "points": dict(summary),
        },
    )
    return len(updates)
