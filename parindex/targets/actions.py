"""State changes of the target plans: importing plan files, and the decisions that retire,
re-attach or re-parameterise a target. Each is one transaction with its audit event.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import ImportResult
from parindex.lib.files.source import SourceLike
from parindex.national.actions import import_shipped_results
from parindex.targets.models import DecisionKind, Target, TargetDecision, TargetPlan, TargetStatus
from parindex.targets.plan_format import TargetSpec, parse_plan, parse_target
from parindex.targets.queries import resolve_units
from parindex.units import queries as unit_queries
from parindex.units.models import Unit

DATA_DIR = Path(__file__).resolve().parent / "data"
PLANS_DIR = DATA_DIR / "plans"
SHIPPED_PLANS = (PLANS_DIR / "soc-trang-2437.yaml", PLANS_DIR / "can-tho-2025-rebased.yaml")


@transaction.atomic
def import_shipped(*, actor: Actor) -> list[ImportResult]:
    """Import every shipped registry file in order, then the shipped target plans."""
    outcomes = import_shipped_results(actor=actor)
    for path in SHIPPED_PLANS:
        import_plan(path, actor=actor)
    return outcomes


def _target_values(spec: TargetSpec, owner: Unit) -> dict[str, Any]:
    return {
        "rule": spec.rule,
        "params": spec.params,
        "year_from": spec.year_from,
        "year_to": spec.year_to,
        "owner": owner,
        "status": spec.status,
        "legal_source": spec.legal_source,
        "wording": spec.wording,
        "derived_from": spec.derived_from,
    }


@transaction.atomic
def import_plan(source: SourceLike, *, actor: Actor) -> TargetPlan:
    """Store a target plan file (checked whole first) with its targets and their decisions.

    Re-importing a file updates the plan and its targets to the file's content; decisions are
    never deleted, and those already on record are not repeated.
    """
    spec = parse_plan(source)
    units = resolve_units(spec)
    plan, created = TargetPlan.objects.update_or_create(
        slug=spec.slug,
        defaults={
            "title": spec.title,
            "owner": units[spec.owner],
            "legal_source": spec.legal_source,
            "source_url": spec.source_url,
            "status": spec.status,
            "year_from": spec.year_from,
            "year_to": spec.year_to,
            "rebased_from": spec.rebased_from,
            "definition": spec.text,
            "file_name": spec.file_name,
        },
    )
    for target_spec in spec.targets:
        target, _created = Target.objects.update_or_create(
            plan=plan,
            key=target_spec.key,
            defaults=_target_values(target_spec, units[target_spec.owner]),
        )
        for decision in target_spec.decisions:
            TargetDecision.objects.get_or_create(
                target=target,
                kind=decision.kind,
                decision=decision.decision,
                decided_on=decision.decided_on,
                defaults={
                    "before": decision.before,
                    "after": decision.after,
                    "note": decision.note,
                },
            )
    record_audit(
        actor=actor,
        action=AuditAction.TARGET_PLAN_IMPORT,
        obj=plan,
        unit_code=plan.owner.key,
        after={
            "file": spec.file_name,
            "created": created,
            "targets": [t.key for t in spec.targets],
        },
    )
    return plan


def _snapshot(target: Target) -> dict[str, Any]:
    return {
        "owner": target.owner.key,
        "params": target.params,
        "years": [target.year_from, target.year_to],
        "status": target.status,
    }


def _record(
    target: Target,
    kind: str,
    before: dict[str, Any],
    *,
    actor: Actor,
    decision: str,
    decided_on: dt.date | None,
    note: str,
) -> TargetDecision:
    if not decision.strip():
        raise InputRejected(
            [
                Problem(
                    _("Name the decision that does this (its number and date)."), field="decision"
                )
            ]
        )
    after = _snapshot(target)
    record = TargetDecision.objects.create(
        target=target,
        kind=kind,
        decision=decision.strip(),
        decided_on=decided_on,
        before=before,
        after=after,
        note=note,
    )
    record_audit(
        actor=actor,
        action=AuditAction("target." + kind),
        obj=target,
        unit_code=target.owner.key,
        before=before,
        after={**after, "decision": decision, "decided_on": decided_on and decided_on.isoformat()},
    )
    return record


@transaction.atomic
def retire_target(
    target: Target,
    *,
    actor: Actor,
    decision: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> TargetDecision:
    """Retire a target, with the record of the decision that retired it."""
    if target.status == TargetStatus.RETIRED:
        raise InputRejected([Problem(_("The target is already retired."), field="target")])
    before = _snapshot(target)
    target.status = TargetStatus.RETIRED
    target.save(update_fields=["status"])
    return _record(
        target,
        DecisionKind.RETIRE,
        before,
        actor=actor,
        decision=decision,
        decided_on=decided_on,
        note=note,
    )


@transaction.atomic
def reattach_target(
    target: Target,
    successor: Unit,
    *,
    actor: Actor,
    decision: str,
    decided_on: dt.date | None = None,
    note: str = "",
) -> TargetDecision:
    """Move a target to a successor of its owner (through the lineage), recording why."""
    successors = {link.successor_id for link in unit_queries.successors(target.owner)}
    if successor.pk not in successors:
        raise InputRejected(
            [
                Problem(
                    _("{unit} is not a successor of {owner} in the lineage table.").format(
                        unit=successor.key, owner=target.owner.key
                    ),
                    field="to",
                )
            ]
        )
    before = _snapshot(target)
    target.owner = successor
    target.save(update_fields=["owner"])
    return _record(
        target,
        DecisionKind.REATTACH,
        before,
        actor=actor,
        decision=decision,
        decided_on=decided_on,
        note=note,
    )


@transaction.atomic
def reparameterise_target(
    target: Target,
    changes: dict[str, Any],
    *,
    actor: Actor,
    decision: str,
    decided_on: dt.date | None = None,
    note: str = "",
    years: tuple[int, int] | None = None,
) -> TargetDecision:
    """Change a target's parameters (and optionally its years), recording the decision.

    The new parameters are checked with the same rules as a plan file.
    """
    params = {**target.params, **changes}
    raw = {"id": target.key, "rule": target.rule, **params}
    if years is not None:
        raw["years"] = "{}-{}".format(*years)
    problems: list[Problem] = []
    spec = parse_target(
        raw, 1, target.owner.key, (target.year_from, target.year_to), set(), problems
    )
    if problems or spec is None:
        raise InputRejected(problems)
    before = _snapshot(target)
    target.params = spec.params
    target.year_from, target.year_to = spec.year_from, spec.year_to
    target.save(update_fields=["params", "year_from", "year_to"])
    return _record(
        target,
        DecisionKind.REPARAMETERISE,
        before,
        actor=actor,
        decision=decision,
        decided_on=decided_on,
        note=note,
    )
