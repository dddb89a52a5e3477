"""One simulation of a province and year: the gap to a target rank against last year's table,
the projected probability of reaching it, what-if changes and the least-effort path
(docs/standing.md, "Simulator", states the method and assumptions)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib import simulate
from parindex.lib.errors import InputRejected, Problem
from parindex.national.areas import national_areas
from parindex.national.models import NationalResult, PeerGroup
from parindex.national.queries import table_size
from parindex.targets.plan_format import PlanSpec
from parindex.targets.queries import internal_results
from parindex.targets.rules.evaluator import Evaluator
from parindex.targets.simulator.competitors import (
    CompetitorField,
    competitor_field,
    current_rate,
    pooled_changes,
    without_own,
)
from parindex.targets.simulator.efforts_file import EffortItem
from parindex.units.models import Unit

DEFAULT_ITERATIONS = 2000
DEFAULT_PROBABILITY = 0.8
GAIN_STEP = 0.25
MAX_POINTS = 100.0


def _choice_dict(choice: simulate.Choice) -> dict[str, Any]:
    item = choice.improvement
    return {
        "code": item.code,
        "name": item.label,
        "unit": item.unit or None,
        "steps_taken": choice.steps_taken,
        "steps": item.steps,
        "gain": round(choice.gain, 4),
        "effort": round(choice.effort, 4),
    }


def _path_dict(path: simulate.CheapestPath) -> dict[str, Any]:
    return {
        "required_gain": round(path.required_gain, 4),
        "feasible": path.feasible,
        "total_gain": round(path.total_gain, 4),
        "total_effort": round(path.total_effort, 4),
        "choices": [_choice_dict(c) for c in path.choices],
        "message": path.message,
    }


def internal_analysis(unit: Unit, year: int, items: list[EffortItem]) -> dict[str, Any]:
    """Inside the province: which units and criteria give most points per effort, and the
    cheapest set that lifts the unit mean above the province's previous-year rate."""
    results = internal_results(unit, year - 1) or internal_results(unit, year)
    count = len(results) or len({item.unit for item in items}) or 1
    improvements = [
        simulate.Improvement(
            code=item.code,
            gain=item.obtainable_points * 100.0 / (item.unit_max_points or 100.0) / count,
            effort=item.effort,
            steps=item.steps,
            label=item.name,
            unit=item.unit,
        )
        for item in items
    ]
    ranked = [
        {
            "unit": improvement.unit,
            "code": improvement.code,
            "name": improvement.label,
            "gain_in_unit_mean": round(improvement.gain, 4),
            "effort": improvement.effort,
            "gain_per_effort": None if ratio == float("inf") else round(ratio, 4),
        }
        for improvement, ratio in simulate.points_per_effort(improvements)
    ]
    data: dict[str, Any] = {"units_counted": count, "by_points_per_effort": ranked}
    if results:
        mean = sum(float(r.score_pct) for r in results) / len(results)
        evaluator = Evaluator(
            PlanSpec("-", "-", unit.key, "", "", year, year, []), {unit.key: unit}
        )
        baseline = evaluator.province_rate(unit, year - 1, {})
        data["current_unit_mean"] = round(mean, 2)
        data["baseline"] = baseline
        if baseline.get("value") is not None:
            needed = float(baseline["value"]) - mean + 0.01
            data["cheapest_path_to_mean_target"] = _path_dict(
                simulate.cheapest_path(improvements, needed)
            )
    return data


def _check_inputs(
    year: int, target_rank: int, probability: float, iterations: int, rate: float | None
) -> None:
    """Refuse a target rank outside the table, and a probability, iterations or rate out of
    range (every problem at once)."""
    problems = []
    size = table_size(PeerGroup.PROVINCE, year)
    if target_rank < 1 or (size is not None and target_rank > size):
        problems.append(
            Problem(
                _("The target rank must be between 1 and {size}.").format(size=size or "N"),
                field="--target-rank",
            )
        )
    if not 0 < probability <= 1:
        problems.append(
            Problem(_("The probability must be above 0 and at most 1."), field="--probability")
        )
    if iterations < 1:
        problems.append(
            Problem(_("The number of iterations must be 1 or more."), field="--iterations")
        )
    if rate is not None and not 0 <= rate <= 100:
        problems.append(Problem(_("The rate must be between 0 and 100."), field="--rate"))
    if problems:
        raise InputRejected(problems)


def _own_changes(field_: CompetitorField, unit: Unit) -> list[list[float]] | None:
    """Each competitor's own published year-on-year changes, when the field is published."""
    if field_.basis != "published":
        return None
    series: dict[str, dict[int, float]] = defaultdict(dict)
    for r in NationalResult.objects.filter(
        peer_group=PeerGroup.PROVINCE, par_index__isnull=False
    ).select_related("unit"):
        series[r.unit.key if r.unit else ""][r.year] = float(r.par_index or 0)
    return [
        simulate.year_on_year_changes(series.get(key or "", {}))
        for key in field_.units
        if key != unit.key
    ]


def run(
    unit: Unit,
    year: int,
    target_rank: int,
    *,
    probability: float = DEFAULT_PROBABILITY,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int | None = 0,
    rate: float | None = None,
    efforts: list[EffortItem] | None = None,
    changes: dict[str, float] | None = None,
    area_points: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Gap analysis, projection, what-if and cheapest path for one province and year."""
    _check_inputs(year, target_rank, probability, iterations, rate)
    field_ = competitor_field(year)
    current = current_rate(unit, field_, rate)
    own = float(current["rate"])
    competitors = without_own(field_, unit, own)
    changes_pool = pooled_changes()
    projection = simulate.project(
        competitors,
        target_rank,
        pooled_changes=changes_pool,
        own_changes=_own_changes(field_, unit),
        iterations=iterations,
        seed=seed,
    )
    needed_rate = simulate.required_rate(competitors, target_rank)
    rate_p = projection.rate_for_probability(probability)
    gain_p = max(0.0, rate_p - own)
    data: dict[str, Any] = {
        "unit": unit.key,
        "name": unit.name,
        "year": year,
        "target_rank": target_rank,
        "field": field_.as_dict(),
        "current": current,
        "last_year_table": {
            "rank_now": simulate.rank_among(own, competitors),
            "required_rate": round(needed_rate, 2),
            "gain_rate": round(max(0.0, needed_rate - own), 2),
            "gain_points": round(
                simulate.points_for_rate(max(0.0, needed_rate - own), MAX_POINTS), 2
            ),
        },
        "projection": {
            "iterations": iterations,
            "seed": seed,
            "changes_drawn_from": len(changes_pool),
            **_projection_dict(projection, own, probability, rate_p, needed_rate),
        },
        "assumptions": [
            _("Competitors move by year-on-year changes drawn from the published history."),
            _("The province's own rate moves only by the points you add (no drift)."),
            _("Nationally the maximum is 100 points, so points and rate coincide."),
        ],
    }
    if area_points:
        data["areas"] = _areas_lost(area_points)
    if changes:
        outcome = simulate.what_if(own, changes, competitors, projection=projection)
        data["what_if"] = {
            "changes": changes,
            "rate": round(outcome.rate, 2),
            "rank_against_last_year": outcome.rank_against_last_year,
            "probability": None if outcome.probability is None else round(outcome.probability, 4),
        }
    if efforts:
        data.update(_effort_paths(unit, year, efforts, gain_p))
    return data


def _projection_dict(
    projection: simulate.Projection,
    own: float,
    probability: float,
    rate_p: float,
    needed_rate: float,
) -> dict[str, Any]:
    """The projected probabilities, the gain for the wanted one, and the probability curve."""
    gain_p = max(0.0, rate_p - own)
    top = max(gain_p, needed_rate - own, 1.0) + 2.0
    gains = [round(i * GAIN_STEP, 2) for i in range(int(top / GAIN_STEP) + 1)]
    return {
        "probability_now": round(projection.probability(own), 4),
        "probability_wanted": probability,
        "rate_for_probability": round(rate_p, 2),
        "gain_rate": round(gain_p, 2),
        "gain_points": round(simulate.points_for_rate(gain_p, MAX_POINTS), 2),
        "curve": [
            {"gain": g, "probability": round(p, 4)}
            for g, p in simulate.probability_curve(projection, own, gains)
        ],
    }


def _areas_lost(area_points: dict[str, float]) -> list[dict[str, Any]]:
    """Per area, the points lost against its maximum and against the national mean."""
    areas = national_areas()
    return [
        {
            "area": loss.code,
            "points": loss.points,
            "max_points": areas.get(loss.code),
            "lost_vs_max": None if loss.lost_vs_max is None else round(loss.lost_vs_max, 2),
            "lost_vs_national_mean": None
            if loss.lost_vs_mean is None
            else round(loss.lost_vs_mean, 2),
            "rate": None if loss.rate is None else round(loss.rate, 2),
        }
        for loss in simulate.points_lost(
            [
                simulate.AreaPoints(code, value, areas.get(code))
                for code, value in area_points.items()
            ]
        )
    ]


def _effort_paths(
    unit: Unit, year: int, efforts: list[EffortItem], gain_p: float
) -> dict[str, Any]:
    """The cheapest province-level path to the wanted gain, and the analysis inside the
    province when the efforts file has internal items."""
    province_items = [
        simulate.Improvement(
            code=item.code,
            gain=simulate.rate_for_points(item.obtainable_points, MAX_POINTS),
            effort=item.effort,
            steps=item.steps,
            label=item.name,
        )
        for item in efforts
        if item.level == "province"
    ]
    data: dict[str, Any] = {
        "cheapest_path": _path_dict(simulate.cheapest_path(province_items, gain_p))
    }
    internal = [item for item in efforts if item.level == "internal"]
    if internal:
        data["internal"] = internal_analysis(unit, year, internal)
    return data
