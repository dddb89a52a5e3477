"""The unit's self-assessment: declared data, evidence files and submission."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ZERO,
    ActionRefused,
    StaleEntry,
    _checked,
    _deny,
    _entry_values,
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
    _who,
)
from parindex.assessments.models import (
    Assessment,
    AssessmentState,
    CriterionEntry,
    Evidence,
    EvidenceKind,
    EvidenceLink,
    Phase,
)
from parindex.assessments.scoring import (
    DATA_FIELDS,
    fed_indicator,
    fields_for,
    framework_info,
    is_fed,
    is_self_scored,
    leaf_input,
)
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import Problem
from parindex.lib.scoring.leaf import score_leaf
from parindex.lib.scoring.tree import NodeSpec


def _submitted_on(assessment: Assessment) -> str:
    """When the self-assessment was submitted, as the user reads dates (``—`` if it was not)."""
    if not assessment.submitted_at:
        return "—"
    return date_format(timezone.localtime(assessment.submitted_at), "SHORT_DATETIME_FORMAT")


def _check_fill(assessment: Assessment, actor: Actor) -> None:
    if not rules.can_fill(actor, assessment):
        raise _deny(_("Only the unit's staff and head fill in its self-assessment."))
    _require_open_round(assessment.round)
    if assessment.state != AssessmentState.DRAFT:
        raise ActionRefused(
            _(
                "The self-assessment of {unit} was submitted on {date}; it is locked and can no "
                "longer be changed."
            ).format(
                unit=assessment.unit.name,
                date=_submitted_on(assessment),
            )
        )
    _require_phase(assessment, Phase.SELF_ASSESSMENT, actor)


def _apply_values(
    entry: CriterionEntry, node: NodeSpec, values: Mapping[str, Any]
) -> list[Problem]:
    """Set the declared fields of ``entry`` from ``values`` and compute its self-score."""
    if is_fed(node):
        return _fed_refusal(entry, node, values)
    if not is_self_scored(node):
        return [
            Problem(
                _(
                    "Criterion {code} is not self-scored: its points come from the survey, the "
                    "data or the appraisers."
                ).format(code=node.code),
                field="criterion",
            )
        ]
    merged = _entry_values(entry)
    for key in ("not_applicable", "explanation", *fields_for(node)):
        if key in values:
            merged[key] = values[key]
    data, problems = leaf_input(node, merged)
    if problems:
        return problems
    entry.not_applicable = bool(merged["not_applicable"])
    entry.explanation = (merged.get("explanation") or "").strip()
    for key in fields_for(node):
        setattr(entry, key, merged[key])
    policy = entry.assessment.framework.not_applicable_policy
    entry.self_points = (
        None if data is None else score_leaf(node, data, not_applicable_policy=policy)
    )
    return []


def _fed_refusal(entry: CriterionEntry, node: NodeSpec, values: Mapping[str, Any]) -> list[Problem]:
    """A fed criterion's value comes from the dossier store: the unit cannot set it.

    The problem names the first field the save would change (``numerator``, ``count``, …), or
    ``criterion`` when it changes none of them.
    """
    current = _entry_values(entry)
    field = next(
        (
            key
            for key in (*fields_for(node), *DATA_FIELDS)
            if key in values and values[key] != current.get(key)
        ),
        "criterion",
    )
    feed = entry.feed or {}
    period = (feed.get("period") or {}).get("code") or str(entry.assessment.round.year)
    return [
        Problem(
            _(
                "Criterion {code} is filled from the dossier figures (indicator {indicator}, "
                "period {period}); its value cannot be changed here. If the figures are wrong, "
                "have the dossier data corrected, then refresh the dossier figures."
            ).format(code=node.code, indicator=fed_indicator(node), period=period),
            field=field,
        )
    ]


@transaction.atomic
def save_entry(
    entry: CriterionEntry, *, actor: Actor, version: int, values: Mapping[str, Any]
) -> CriterionEntry:
    """Save the declared data of one criterion as a draft and compute its self-score.

    ``version`` is the entry's version when the form was loaded: if somebody saved the
    criterion since, the save is refused with ``StaleEntry`` and nothing is overwritten.
    Incomplete data is kept as a draft (no self-score yet); impossible data is refused.
    """
    entry = _lock_entry(entry)
    assessment = entry.assessment
    _check_fill(assessment, actor)
    if version != entry.version:
        saved_at = timezone.localtime(entry.saved_at) if entry.saved_at else None
        raise StaleEntry(
            [
                Problem(
                    _(
                        "{who} saved criterion {code} at {time}, after you opened it. Your change "
                        "was not saved: reload the criterion to see theirs, then save again."
                    ).format(
                        who=_who(entry.saved_by),
                        code=entry.criterion.code,
                        time=date_format(saved_at, "SHORT_DATETIME_FORMAT") if saved_at else "—",
                    ),
                    field="version",
                )
            ]
        )
    node = _node(entry)
    before = _snapshot(_entry_values(entry))
    problems = _apply_values(entry, node, values)
    if problems:
        raise ActionRefused(problems)
    after = _snapshot(_entry_values(entry))
    if after == before:
        return entry
    entry.version += 1
    entry.saved_by = _user_or_none(actor)
    entry.saved_at = timezone.now()
    entry.save()
    record_audit(
        actor=actor,
        action=AuditAction.ENTRY_SAVE,
        obj=entry,
        object_repr=f"{assessment.unit.name} · {entry.criterion.code}",
        unit_code=assessment.unit.key,
        before=before,
        after=after,
    )
    return entry


@transaction.atomic
def save_entries(
    assessment: Assessment, *, actor: Actor, rows: Mapping[str, Mapping[str, Any]]
) -> int:
    """Save the declared data of many criteria of one unit at once (an import of declared
    data, or the demo builder). All rows or none; one summarising audit event. Returns the
    number of entries changed."""
    assessment = _lock_assessment(assessment)
    _check_fill(assessment, actor)
    entries = {
        e.criterion.code: e
        for e in CriterionEntry.objects.select_for_update()
        .filter(assessment=assessment)
        .select_related("criterion")
    }
    for entry in entries.values():
        entry.assessment = assessment
    info = framework_info(assessment.framework)
    problems: list[Problem] = []
    changed: list[CriterionEntry] = []
    summary: dict[str, Any] = {}
    for code, values in rows.items():
        found_entry = entries.get(code)
        if found_entry is None:
            problems.append(
                Problem(_("Unknown criterion {code}.").format(code=code), field="criterion_code")
            )
            continue
        entry = found_entry
        before = _snapshot(_entry_values(entry))
        found = _apply_values(entry, info.nodes[code], values)
        if found:
            problems += found
            continue
        after = _snapshot(_entry_values(entry))
        if after != before:
            entry.version += 1
            entry.saved_by = _user_or_none(actor)
            entry.saved_at = timezone.now()
            changed.append(entry)
            summary[code] = after
    if problems:
        raise ActionRefused(problems)
    _update_rows(
        changed,
        [
            "numerator",
            "denominator",
            "count",
            "is_met",
            "entered_points",
            "not_applicable",
            "self_points",
            "explanation",
            "version",
            "saved_by",
            "saved_at",
        ],
    )
    if changed:
        record_audit(
            actor=actor,
            action=AuditAction.ENTRY_SAVE_MANY,
            obj=assessment,
            unit_code=assessment.unit.key,
            after={"entries": summary},
        )
    return len(changed)


def _file_snapshot(evidence: Evidence) -> dict[str, Any]:
    return {
        "file": evidence.original_name,
        "sha256": evidence.sha256,
        "size": evidence.size,
        "content_type": evidence.content_type,
    }


@transaction.atomic
def attach_evidence(
    entry: CriterionEntry,
    *,
    actor: Actor,
    upload: Any | None = None,
    evidence: Evidence | None = None,
) -> Evidence:
    """Attach an evidence file to a criterion: a new upload (checked by content, size and
    name) or a file already uploaded to the same assessment (one file backs several
    criteria)."""
    entry = _lock_entry(entry)
    assessment = entry.assessment
    _check_fill(assessment, actor)
    if (upload is None) == (evidence is None):
        raise ActionRefused(_("Choose a file to upload or one already uploaded."))
    if upload is not None:
        stored = _store_file(assessment, _checked(upload), EvidenceKind.EVIDENCE, actor)
    else:
        assert evidence is not None
        if evidence.assessment_id != assessment.pk or evidence.kind != EvidenceKind.EVIDENCE:
            raise ActionRefused(_("That file belongs to another assessment."))
        stored = evidence
    _link, created = EvidenceLink.objects.get_or_create(evidence=stored, entry=entry)
    if not created:
        raise ActionRefused(
            _("“{name}” is already attached to criterion {code}.").format(
                name=stored.original_name, code=entry.criterion.code
            )
        )
    record_audit(
        actor=actor,
        action=AuditAction.EVIDENCE_ATTACH,
        obj=stored,
        unit_code=assessment.unit.key,
        after={**_file_snapshot(stored), "criterion": entry.criterion.code},
    )
    return stored


@transaction.atomic
def remove_evidence(entry: CriterionEntry, evidence: Evidence, *, actor: Actor) -> None:
    """Detach a file from a criterion; a file no criterion uses any more is deleted."""
    entry = _lock_entry(entry)
    assessment = entry.assessment
    _check_fill(assessment, actor)
    deleted, _count = EvidenceLink.objects.filter(evidence=evidence, entry=entry).delete()
    if not deleted:
        raise ActionRefused(
            _("“{name}” is not attached to criterion {code}.").format(
                name=evidence.original_name, code=entry.criterion.code
            )
        )
    snapshot = {**_file_snapshot(evidence), "criterion": entry.criterion.code}
    orphan = not EvidenceLink.objects.filter(evidence=evidence).exists()
    record_audit(
        actor=actor,
        action=AuditAction.EVIDENCE_REMOVE,
        obj=evidence,
        unit_code=assessment.unit.key,
        before=snapshot,
        after={"file_deleted": orphan},
    )
    if orphan:
        name = str(evidence.file.name)
        evidence.delete()
        transaction.on_commit(lambda: default_storage.delete(name))


def submission_problems(assessment: Assessment) -> list[Problem]:
    """What stops a unit from submitting: criteria without data, and criteria that require
    evidence but have neither a file nor an explanation."""
    info = framework_info(assessment.framework)
    problems: list[Problem] = []
    entries = (
        CriterionEntry.objects.filter(assessment=assessment)
        .select_related("criterion")
        .prefetch_related("evidence_links")
        .order_by("position")
    )
    for entry in entries:
        node = info.nodes[entry.criterion.code]
        if not is_self_scored(node):
            continue
        if entry.self_points is None:
            problems.append(
                Problem(
                    _("Criterion {code}: no data declared yet.").format(code=node.code),
                    field=node.code,
                )
            )
        elif (
            entry.criterion.evidence_required.strip()
            and not entry.not_applicable
            and not entry.evidence_links.all()
            and not entry.explanation.strip()
        ):
            problems.append(
                Problem(
                    _(
                        "Criterion {code} requires evidence: attach a file or explain why there "
                        "is none."
                    ).format(code=node.code),
                    field=node.code,
                )
            )
    return problems


@transaction.atomic
def submit_self_assessment(assessment: Assessment, *, actor: Actor) -> Assessment:
    """The unit head submits: the self-assessment is locked and goes to the appraisers."""
    assessment = _lock_assessment(assessment)
    if not rules.can_submit(actor, assessment):
        raise _deny(_("Only the unit head submits the self-assessment."))
    _require_open_round(assessment.round)
    if assessment.state != AssessmentState.DRAFT:
        raise ActionRefused(
            _("This self-assessment was already submitted on {date} by {who}.").format(
                date=_submitted_on(assessment),
                who=_who(assessment.submitted_by),
            )
        )
    _require_phase(assessment, Phase.SELF_ASSESSMENT, actor)
    problems = submission_problems(assessment)
    if problems:
        raise ActionRefused(problems)
    self_total = sum(
        (
            p or ZERO
            for p in CriterionEntry.objects.filter(assessment=assessment).values_list(
                "self_points", flat=True
            )
        ),
        ZERO,
    )
    assessment.state = AssessmentState.SELF_ASSESSED
    assessment.submitted_at = timezone.now()
    assessment.submitted_by = _user_or_none(actor)
    assessment.save(update_fields=["state", "submitted_at", "submitted_by", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.ASSESSMENT_SUBMIT,
        obj=assessment,
        unit_code=assessment.unit.key,
        before={"state": AssessmentState.DRAFT},
        after={"state": assessment.state, "self_points": _json(self_total)},
    )
    return assessment
