"""Checking a plan against the units and the registry, then evaluating every rule for each year
as met, not met or not yet decidable, always with the figures that decided it.

``RULE_EVALUATORS`` declares which function evaluates which rule of the plan format.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.national import queries
from parindex.targets.plan_format import PlanSpec, TargetSpec
from parindex.targets.queries import resolve_units
from parindex.targets.rules import component_rules, rank_rules, unit_rules
from parindex.targets.rules.evaluator import Evaluation, Evaluator, status_label
from parindex.units.models import Unit

RuleEvaluator = Callable[[Evaluator, TargetSpec, Unit, int], Evaluation]

#: The function that evaluates each rule of the plan format for one year.
RULE_EVALUATORS: dict[str, RuleEvaluator] = {
    "rank_at_most": rank_rules.rank_at_most,
    "rank_improvement": rank_rules.rank_improvement,
    "unit_self_improvement": unit_rules.unit_self_improvement,
    "unit_mean_above_province": unit_rules.unit_mean_above_province,
    "component_rate_at_least": component_rules.component_rate_at_least,
}


def evaluate_target(ev: Evaluator, target: TargetSpec) -> list[Evaluation]:
    """Each year of a target (and, for a rank target, the progress of the plan's years before)."""
    unit = ev.units[target.owner]
    evaluations = []
    if target.rule == "rank_at_most":
        for year in range(ev.plan.year_from, target.year_from):
            if queries.exists_in_year(unit, year):
                evaluations.append(rank_rules.rank_progress(ev, target, unit, year))
    for year in target.years:
        if not queries.exists_in_year(unit, year):
            evaluations.append(ev.no_unit(target, unit, year))
            continue
        evaluations.append(RULE_EVALUATORS[target.rule](ev, target, unit, year))
    return evaluations


def evaluate_plan(ev: Evaluator) -> list[tuple[TargetSpec, list[Evaluation]]]:
    return [(target, evaluate_target(ev, target)) for target in ev.plan.targets]


def check_plan_years(plan: PlanSpec) -> None:
    """Refuse rules naming a year the registry can never hold data for (before its first year,
    or a past year it has no table for). Future years are fine: they are not decidable yet."""
    first, last = queries.registry_years()
    problems: list[Problem] = []
    if first is None or last is None:
        raise InputRejected(
            [
                Problem(
                    _(
                        "The registry holds no national results; import them first "
                        "(./run standing import --shipped)."
                    )
                )
            ]
        )
    known = set(queries.years_with_data())
    for target in plan.targets:
        for year in target.years:
            if year < first or (year <= last and year not in known):
                problems.append(
                    Problem(
                        _(
                            "Rule “{rule}” names {year}, a year with no national results in "
                            "the registry (it holds {first}–{last})."
                        ).format(rule=target.key, year=year, first=first, last=last),
                        line=target.line,
                        field="years",
                    )
                )
                break
    if problems:
        raise InputRejected(problems)


def check_plan(plan: PlanSpec) -> dict[str, Any]:
    """Validate the plan against the units and the registry, then evaluate every rule."""
    units = resolve_units(plan)
    check_plan_years(plan)
    evaluated = evaluate_plan(Evaluator(plan, units))
    return {
        "plan": plan.slug,
        "title": plan.title,
        "owner": plan.owner,
        "legal_source": plan.legal_source,
        "status": plan.status,
        "years": [plan.year_from, plan.year_to],
        "rebased_from": plan.rebased_from or None,
        "targets": [
            {
                "id": target.key,
                "rule": target.rule,
                "params": target.params,
                "years": [target.year_from, target.year_to],
                "owner": target.owner,
                "status": target.status,
                "derived_from": target.derived_from or None,
                "decisions": [
                    {
                        "action": d.kind,
                        "decision": d.decision,
                        "on": d.decided_on,
                        "before": d.before,
                        "after": d.after,
                        "note": d.note,
                    }
                    for d in target.decisions
                ],
                "evaluations": [e.as_dict() for e in evaluations],
            }
            for target, evaluations in evaluated
        ],
    }


def summary_rows(checked: dict[str, Any]) -> Sequence[tuple[Any, ...]]:
    """(target, rule, year, status label, message) for every evaluation, for tables."""
    return [
        (t["id"], t["rule"], e["year"], status_label(e["status"]), e["message"])
        for t in checked["targets"]
        for e in t["evaluations"]
    ]
