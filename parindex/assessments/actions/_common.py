"""What the actions share: refusals, deadlines and phases, row locks, audit snapshots,
bulk UPDATEs and stored evidence files."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.files import CheckedFile, check_upload
from parindex.assessments.models import (
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
    Phase,
    RoundStatus,
)
from parindex.assessments.scoring import framework_info
from parindex.core.types import Actor, UserAccount
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.scoring.tree import NodeSpec

ZERO = Decimal(0)


class ActionRefused(InputRejected):
    """The transition is not allowed now (closed phase, wrong state, bad values)."""

    def __init__(self, problems: Iterable[Problem] | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        super().__init__(problems)


class StaleEntry(ActionRefused):
    """Somebody saved the criterion after the form was loaded; nothing was overwritten."""


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _update_rows(rows: Sequence[CriterionEntry], fields: Sequence[str]) -> None:
    """Write ``fields`` of many entries with one prepared UPDATE run for every row.

    Much faster than ``bulk_update`` (which builds a CASE expression per field and row) for
    the thousands of rows of an import or of the demo builder.
    """
    if not rows:
        return
    meta = CriterionEntry._meta
    quote = connection.ops.quote_name
    columns: list[Any] = [meta.get_field(name) for name in fields]
    primary_key: Any = meta.pk
    sql = "UPDATE {table} SET {sets} WHERE {pk} = %s".format(
        table=quote(meta.db_table),
        sets=", ".join(f"{quote(f.column)} = %s" for f in columns),
        pk=quote(primary_key.column),
    )
    params = [
        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in columns] + [row.pk]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _user_or_none(actor: Actor) -> UserAccount | None:
    return None if rules.is_system(actor) else actor


def _who(user: UserAccount | None) -> str:
    if user is None:
        return _("the system")
    return str(user.get_full_name() or user.get_username())


def today() -> dt.date:
    """Today in the province's time zone (Asia/Ho_Chi_Minh)."""
    return timezone.localdate()


def phase_deadline(assessment: Assessment, phase: str) -> dt.date:
    """The last day of ``phase`` for the unit: the round's deadline or the unit's exception."""
    deadline: dt.date = assessment.round.deadline(phase)
    for exception in assessment.deadline_exceptions.all():
        if exception.phase == phase and exception.until > deadline:
            deadline = exception.until
    return deadline


def phase_is_open(assessment: Assessment, phase: str) -> bool:
    """A phase closes at the end of its deadline day in Asia/Ho_Chi_Minh."""
    return today() <= phase_deadline(assessment, phase)


def _require_phase(assessment: Assessment, phase: str, actor: Actor) -> None:
    if rules.is_system(actor) or phase_is_open(assessment, phase):
        return
    raise ActionRefused(
        _(
            "The {phase} phase closed for {unit} at the end of {deadline}; nothing was saved. "
            "Ask the PAR office for a deadline exception."
        ).format(
            phase=Phase(phase).label.lower(),
            unit=assessment.unit.name,
            deadline=date_format(phase_deadline(assessment, phase), "SHORT_DATE_FORMAT"),
        )
    )


def _require_open_round(round_: AssessmentRound) -> None:
    if round_.status != RoundStatus.OPEN:
        raise ActionRefused(
            _("The round “{round}” is {status}: it can no longer be changed.").format(
                round=round_.name, status=round_.get_status_display().lower()
            )
        )


def _lock_entry(entry: CriterionEntry) -> CriterionEntry:
    # The unit's assessment row is locked first, always in the order assessment → entry (as
    # ``save_entries`` and ``submit_self_assessment`` do), so a save can never slip in after a
    # submission has locked the self-assessment, and two actions cannot deadlock. Then the
    # entry's own row only: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join
    # (``saved_by``), and locking the round, unit and criterion rows as well would make every
    # save of the province wait on the same round row.
    list(Assessment.objects.select_for_update().filter(pk=entry.assessment_id).values_list("pk"))
    return (
        CriterionEntry.objects.select_for_update(of=("self",))
        .select_related("assessment__round", "assessment__unit", "criterion", "saved_by")
        .get(pk=entry.pk)
    )


def _lock_assessment(assessment: Assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update()
        .select_related("round", "unit", "framework")
        .get(pk=assessment.pk)
    )


def _node(entry: CriterionEntry) -> NodeSpec:
    info = framework_info(entry.assessment.framework)
    return info.nodes[entry.criterion.code]


def _entry_values(entry: CriterionEntry) -> dict[str, Any]:
    return {
        "numerator": entry.numerator,
        "denominator": entry.denominator,
        "count": entry.count,
        "is_met": entry.is_met,
        "entered_points": entry.entered_points,
        "not_applicable": entry.not_applicable,
        "self_points": entry.self_points,
        "explanation": entry.explanation,
    }


def _snapshot(values: Mapping[str, Any]) -> dict[str, Any]:
    return {key: _json(value) for key, value in values.items()}


def _checked(upload: Any) -> CheckedFile:
    """An upload checked by content, size and name (a ``CheckedFile`` is taken as it is)."""
    if isinstance(upload, CheckedFile):
        return upload
    return check_upload(str(getattr(upload, "name", "") or ""), upload)


def _store_file(assessment: Assessment, checked: CheckedFile, kind: str, actor: Actor) -> Evidence:
    existing = Evidence.objects.filter(
        assessment=assessment, kind=kind, sha256=checked.sha256
    ).first()
    if existing is not None:
        return existing
    unit = assessment.unit
    path = "evidence/{round}/{unit}/{sha}{ext}".format(
        round=assessment.round_id,
        unit=f"{unit.code_system}-{unit.code}",
        sha=checked.sha256,
        ext=checked.extension,
    )
    stored = default_storage.save(path, ContentFile(checked.content))
    try:
        return Evidence.objects.create(
            assessment=assessment,
            kind=kind,
            file=stored,
            sha256=checked.sha256,
            original_name=checked.name,
            size=checked.size,
            content_type=checked.content_type,
            uploaded_by=_user_or_none(actor),
        )
    except Exception:
        default_storage.delete(stored)
        raise
