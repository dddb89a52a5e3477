"""Reading target plans and the internal results their rules are evaluated on: stored plans as
``PlanSpec``, their owners as units, the plans of a province, the province a page shows, and a
province's published internal results."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.access.scope import access_of
from parindex.assessments.models import UnitResult
from parindex.core.types import Viewer
from parindex.lib.errors import InputRejected, Problem
from parindex.national.history import lineage_links
from parindex.national.queries import two_places
from parindex.targets.models import TargetPlan
from parindex.targets.plan_format import DecisionSpec, PlanSpec, TargetSpec, parse_plan
from parindex.units import queries as unit_queries
from parindex.units.models import Unit

#: The UnitResult fields the targets app reads (the assessments app may add others).
RESULT_FIELDS = (
    "round",
    "unit",
    "peer_group",
    "score_pct",
    "rank",
    "component_index",
    "previous_score_pct",
)


def plan_from_db(plan: TargetPlan) -> PlanSpec:
    """A stored plan with its targets' current owners, parameters and statuses."""
    return PlanSpec(
        slug=plan.slug,
        title=plan.title,
        owner=plan.owner.key,
        legal_source=plan.legal_source,
        status=plan.status,
        year_from=plan.year_from,
        year_to=plan.year_to,
        source_url=plan.source_url,
        rebased_from=plan.rebased_from,
        text=plan.definition,
        file_name=plan.file_name,
        targets=[
            TargetSpec(
                key=t.key,
                rule=t.rule,
                params=dict(t.params),
                year_from=t.year_from,
                year_to=t.year_to,
                owner=t.owner.key,
                status=t.status,
                legal_source=t.legal_source,
                wording=t.wording,
                derived_from=t.derived_from,
                decisions=[
                    DecisionSpec(d.kind, d.decision, d.decided_on, d.before, d.after, d.note)
                    for d in t.decisions.all()
                ],
            )
            for t in plan.targets.select_related("owner").prefetch_related("decisions")
        ],
    )


def load_plan(reference: str) -> PlanSpec:
    """A plan from a file path, or a stored plan by its identifier."""
    path = Path(reference)
    if path.exists():
        return parse_plan(path)
    stored = TargetPlan.objects.filter(slug=reference).select_related("owner").first()
    if stored is None:
        raise InputRejected(
            [
                Problem(
                    _("No plan file or stored plan is called “{value}”.").format(value=reference),
                    field="PLAN",
                )
            ]
        )
    return plan_from_db(stored)


def resolve_units(plan: PlanSpec) -> dict[str, Unit]:
    """The plan's owner and target owners as units; problems name the rule."""
    problems: list[Problem] = []
    found: dict[str, Unit] = {}

    def resolve(code: str, rule: str | None, line: int | None) -> None:
        if code in found:
            return
        try:
            found[code] = unit_queries.find_unit(code)
        except InputRejected as exc:
            detail = "; ".join(p.message for p in exc.problems)
            message = (
                _("Rule “{rule}”: unknown owner unit “{code}”: {detail}").format(
                    rule=rule, code=code, detail=detail
                )
                if rule
                else _("Unknown owner unit “{code}”: {detail}").format(code=code, detail=detail)
            )
            problems.append(Problem(message, line=line, field="owner"))

    resolve(plan.owner, None, None)
    for target in plan.targets:
        resolve(target.owner, target.key, target.line)
    if problems:
        raise InputRejected(problems)
    return found


# --- internal results ---------------------------------------------------------------------------


def internal_results(
    unit: Unit, year: int, peer_groups: list[str] | None = None
) -> list[UnitResult]:
    """The published internal results of a province's units for one year."""
    found = (
        UnitResult.objects.filter(round__province=unit, round__year=year)
        .select_related("unit")
        .only(*RESULT_FIELDS)
    )
    if peer_groups:
        found = found.filter(peer_group__in=peer_groups)
    return list(found.order_by("peer_group", "rank", "unit__code"))


def previous_unit_score(result: UnitResult, year: int) -> dict[str, Any]:
    """A unit's own previous-year score (%): as recorded with its result, its own previous
    result, or a lineage-weighted value of its predecessors' results (derived)."""
    if result.previous_score_pct is not None:
        return {"value": result.previous_score_pct, "kind": "recorded_with_result"}
    own = (
        UnitResult.objects.filter(unit=result.unit, round__year=year - 1)
        .only(*RESULT_FIELDS)
        .first()
    )
    if own is not None:
        return {"value": own.score_pct, "kind": "own_result"}
    grouped = lineage_links(result.unit)
    for basis, links in sorted(grouped.items()):
        values = []
        for link in links:
            previous = (
                UnitResult.objects.filter(unit=link.predecessor, round__year=year - 1)
                .only(*RESULT_FIELDS)
                .first()
            )
            values.append((link, previous.score_pct if previous else None))
        if links and all(value is not None for _link, value in values):
            total = sum((link.weight * v for link, v in values if v is not None), Decimal(0))
            return {
                "value": two_places(total),
                "kind": "derived",
                "weight_basis": basis,
                "inputs": [
                    {"predecessor": link.predecessor.key, "weight": link.weight, "rate": v}
                    for link, v in values
                ],
            }
    return {"value": None, "kind": "none"}


def latest_internal_year(province: Unit) -> int | None:
    years = UnitResult.objects.filter(round__province=province).values_list(
        "round__year", flat=True
    )
    return max(years, default=None)


# --- pages --------------------------------------------------------------------------------------


def province_of_user(user: Viewer) -> Unit | None:
    """The province a leader or PAR office user holds a role on (the first one, by code)."""
    return access_of(user).province


def default_province() -> Unit | None:
    """Without a role: the owner of a stored plan valid today, or None."""
    today = dt.date.today()
    for plan in TargetPlan.objects.select_related("owner").order_by("-year_to", "slug"):
        if plan.owner.is_valid_on(today):
            return plan.owner
    return None


def plans_for(unit: Unit) -> list[TargetPlan]:
    """Stored plans owned by the unit or one of its predecessors (their history matters)."""
    owners = [unit.pk] + [link.predecessor_id for link in unit_queries.predecessors(unit)]
    return list(
        TargetPlan.objects.filter(owner_id__in=owners)
        .select_related("owner")
        .order_by("-year_to", "slug")
    )
