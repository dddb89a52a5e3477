"""What is slipping: component rates that fell or swing, internal units that fell below their
previous year, and units whose mean pulls the province under its target — each with its figures.

Thresholds are data (``data/warning_thresholds.yaml``); docs/standing.md defines each warning.
"""

from __future__ import annotations

import itertools
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.assessments.models import UnitResult
from parindex.lib.files.yaml_loader import load_yaml
from parindex.national import queries
from parindex.national.areas import area_label
from parindex.national.models import ResultComponent
from parindex.targets.models import Target, TargetStatus
from parindex.targets.queries import internal_results, plan_from_db, previous_unit_score
from parindex.targets.rules.evaluator import Evaluator
from parindex.units.models import Unit

DATA_DIR = Path(__file__).resolve().parent / "data"

#: The readable name of each warning (``StandingWarning.kind``); JSON output keeps the codes.
WARNING_NAMES = {
    "component_drop": gettext_lazy("component index dropped"),
    "unstable_growth": gettext_lazy("unstable growth"),
    "unit_below_previous_year": gettext_lazy("unit below its previous year"),
    "mean_under_target": gettext_lazy("mean under the target"),
}


def warning_name(code: str) -> str:
    """The readable name of a warning code (the code itself if unknown)."""
    return str(WARNING_NAMES[code]) if code in WARNING_NAMES else code


@lru_cache(maxsize=1)
def thresholds() -> dict[str, Any]:
    """The warning thresholds shipped as data."""
    data: dict[str, Any] = load_yaml(DATA_DIR / "warning_thresholds.yaml")
    return data


@dataclass
class StandingWarning:
    kind: str
    subject: str
    message: str
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "subject": self.subject,
            "message": self.message,
            "figures": self.figures,
        }


def area_series(province: Unit) -> dict[str, dict[str, dict[int, Decimal]]]:
    """Per source ("internal_mean", "national") and area, the province's component rate by year.

    "internal_mean" is the mean over the province's units of their published component rates;
    "national" is the province's published component rate in the national index.
    """
    series: dict[str, dict[str, dict[int, Decimal]]] = {"internal_mean": {}, "national": {}}
    sums: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    for result in (
        UnitResult.objects.filter(round__province=province)
        .select_related("round")
        .only("round__year", "component_index")
    ):
        for area, value in (result.component_index or {}).items():
            if value is not None:
                sums[(area, result.round.year)].append(Decimal(str(value)))
    for (area, year), values in sums.items():
        series["internal_mean"].setdefault(area, {})[year] = sum(values, Decimal(0)) / len(values)
    for component in ResultComponent.objects.filter(result__unit=province).select_related("result"):
        value = component.component_index
        if value is None and component.points is not None and component.max_points:
            value = component.points * 100 / component.max_points
        if value is not None:
            series["national"].setdefault(component.code, {})[component.result.year] = value
    return series


def _rounded(value: Decimal | float) -> float:
    return round(float(value), 2)


def component_warnings(province: Unit, year: int) -> list[StandingWarning]:
    """Component rates that fell more than the threshold, or that swing up and down."""
    limits = thresholds()
    found = []
    for source, areas in area_series(province).items():
        for area, by_year in sorted(areas.items()):
            for warning in (
                _drop_warning(source, area, by_year, year, limits),
                _unstable_warning(source, area, by_year, year, limits["unstable"]),
            ):
                if warning is not None:
                    found.append(warning)
    return found


def _drop_warning(
    source: str, area: str, by_year: dict[int, Decimal], year: int, limits: dict[str, Any]
) -> StandingWarning | None:
    """The area's rate fell by more than the threshold since the year before."""
    drop_limit = Decimal(str(limits["component_drop_points"]))

    if year in by_year and (year - 1) in by_year:
        change = by_year[year] - by_year[year - 1]
        if change < -drop_limit:
            return StandingWarning(
                "component_drop",
                area,
                _(
                    "{area}: the component rate fell from {before} in {previous} "
                    "to {after} in {year} ({change} points; threshold {limit})."
                ).format(
                    area=area_label(area),
                    before=queries.pct(by_year[year - 1]),
                    previous=year - 1,
                    after=queries.pct(by_year[year]),
                    year=year,
                    change=queries.num(change),
                    limit=queries.num(drop_limit),
                ),
                {
                    "source": source,
                    "area": area,
                    "previous_year": year - 1,
                    "previous": _rounded(by_year[year - 1]),
                    "current": _rounded(by_year[year]),
                    "change": _rounded(change),
                    "threshold": float(drop_limit),
                },
            )
    return None


def _unstable_warning(
    source: str, area: str, by_year: dict[int, Decimal], year: int, unstable: dict[str, Any]
) -> StandingWarning | None:
    """The area's rate changes direction often and by a large spread."""
    years = sorted(y for y in by_year if y <= year)
    values = [float(by_year[y]) for y in years]
    deltas = [b - a for a, b in itertools.pairwise(values)]
    signs = [d for d in deltas if d != 0]
    sign_changes = sum(1 for a, b in itertools.pairwise(signs) if (a > 0) != (b > 0))
    spread = statistics.pstdev(deltas) if len(deltas) >= 2 else 0.0
    if (
        len(values) >= unstable["min_years"]
        and sign_changes >= unstable["min_sign_changes"]
        and spread >= unstable["min_std_points"]
    ):
        return StandingWarning(
            "unstable_growth",
            area,
            _(
                "{area}: the rate swings — {changes} changes of direction over "
                "{count} years, year-on-year changes {deltas} (standard deviation "
                "{spread} points)."
            ).format(
                area=area_label(area),
                changes=sign_changes,
                count=len(values),
                deltas=", ".join(queries.num(d) for d in deltas),
                spread=queries.num(spread),
            ),
            {
                "source": source,
                "area": area,
                "years": years,
                "rates": [round(v, 2) for v in values],
                "changes": [round(d, 2) for d in deltas],
                "sign_changes": sign_changes,
                "std": round(spread, 2),
                "thresholds": unstable,
            },
        )
    return None


def unit_warnings(province: Unit, year: int) -> list[StandingWarning]:
    """Internal units whose rate fell below their own previous year."""
    limit = Decimal(str(thresholds()["unit_drop_points"]))
    found = []
    for result in internal_results(province, year):
        previous = previous_unit_score(result, year)
        if previous["value"] is None:
            continue
        change = result.score_pct - previous["value"]
        if change < -limit:
            found.append(
                StandingWarning(
                    "unit_below_previous_year",
                    result.unit.key,
                    _("{unit}: {rate} in {year}, below its {previous} of {previous_year}.").format(
                        unit=result.unit.name,
                        rate=queries.pct(result.score_pct),
                        year=year,
                        previous=queries.pct(previous["value"]),
                        previous_year=year - 1,
                    ),
                    {
                        "unit": result.unit.key,
                        "peer_group": result.peer_group,
                        "rate": _rounded(result.score_pct),
                        "previous": _rounded(previous["value"]),
                        "previous_kind": previous["kind"],
                        "change": _rounded(change),
                    },
                )
            )
    return found


def target_warnings(province: Unit, year: int) -> list[StandingWarning]:
    """Units (and peer groups) whose rates pull the unit mean under the province's target."""
    found = []
    for target in Target.objects.filter(
        owner=province,
        rule="unit_mean_above_province",
        year_from__lte=year,
        year_to__gte=year,
    ).exclude(status=TargetStatus.RETIRED):
        results = internal_results(province, year, target.params.get("peer_groups"))
        if not results:
            continue
        evaluator = Evaluator(plan_from_db(target.plan), {province.key: province})
        baseline = evaluator.province_rate(province, year - 1, target.params)
        value = baseline.get("value")
        if value is None:
            continue
        mean = sum((r.score_pct for r in results), Decimal(0)) / len(results)
        groups: dict[str, list[UnitResult]] = defaultdict(list)
        for result in results:
            groups[result.peer_group].append(result)
        below = sorted((r for r in results if r.score_pct <= value), key=lambda r: r.score_pct)
        for peer_group, members in sorted(groups.items()):
            group_mean = sum((r.score_pct for r in members), Decimal(0)) / len(members)
            if group_mean > value:
                continue
            found.append(
                StandingWarning(
                    "mean_under_target",
                    peer_group,
                    _(
                        "{group}: mean {group_mean} % is not above the province's {previous} "
                        "rate {baseline} % (target {target}); all units: {mean} %."
                    ).format(
                        group=peer_group,
                        group_mean=queries.num(group_mean),
                        previous=year - 1,
                        baseline=queries.num(value),
                        target="{}/{}".format(target.plan.slug, target.key),
                        mean=queries.num(mean),
                    ),
                    {
                        "target": "{}/{}".format(target.plan.slug, target.key),
                        "peer_group": peer_group,
                        "group_mean": _rounded(group_mean),
                        "units_mean": _rounded(mean),
                        "baseline": baseline,
                        "units_below": [
                            {
                                "unit": r.unit.key,
                                "name": r.unit.name,
                                "rate": _rounded(r.score_pct),
                                "shortfall": _rounded(r.score_pct - value),
                                "pull_on_mean": _rounded((r.score_pct - value) / len(results)),
                            }
                            for r in below
                            if r.peer_group == peer_group
                        ],
                    },
                )
            )
    return found


def warnings_for(province: Unit, year: int) -> list[StandingWarning]:
    """Every warning for a province and year, with the figures behind it."""
    return (
        component_warnings(province, year)
        + unit_warnings(province, year)
        + target_warnings(province, year)
    )
