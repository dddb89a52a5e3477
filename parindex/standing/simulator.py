"""The simulator's Django side: which table the province competes against, its current rate,
the published changes the projection draws from, and the efforts file. The maths is
``parindex.lib.simulate``; docs/standing.md ("Simulator") states the method and assumptions.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _

from parindex.lib import simulate
from parindex.lib.errors import InputRejected, Problem
from parindex.standing import queries
from parindex.standing import targets as target_rules
from parindex.standing.importing import table_size
from parindex.standing.models import NationalResult, PeerGroup, PublishedMean, RankGroup
from parindex.units.models import Unit

DEFAULT_ITERATIONS = 2000
DEFAULT_PROBABILITY = 0.8
GAIN_STEP = 0.25
MAX_POINTS = 100.0


@dataclass
class CompetitorField:
    """The rates the province competes against, and where they come from."""

    values: list[float]
    basis: str  # published | imputed | imputed_resampled
    source_year: int
    size: int
    anchors: int = 0
    published_mean: float | None = None
    units: list[str | None] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        notes = {
            "published": _("the complete published table"),
            "imputed": _(
                "an estimate: the published ranks and rates of {year} ({anchors} known points, "
                "group boundaries and the published mean) interpolated to a complete table"
            ).format(year=self.source_year, anchors=self.anchors),
            "imputed_resampled": _(
                "an estimate: the {year} table (estimated from {anchors} known points) "
                "re-sampled to the {size} provinces of the new table"
            ).format(year=self.source_year, anchors=self.anchors, size=self.size),
        }
        return {
            "basis": self.basis,
            "source_year": self.source_year,
            "size": self.size,
            "known_points": self.anchors,
            "published_mean": self.published_mean,
            "estimated_mean": round(sum(self.values) / len(self.values), 2)
            if self.values
            else None,
            "note": notes[self.basis],
        }


def table_anchors(year: int) -> tuple[list[simulate.Anchor], float | None]:
    """Known (rank, rate) points of a year plus group boundaries and the "above the mean" count."""
    table = queries.year_table(year)
    anchors = [
        simulate.Anchor(float(row.result.published_rank), float(row.result.par_index))
        for row in table.rows
        if row.result.published_rank is not None and row.result.par_index is not None
    ]
    counted = sorted(
        (
            g
            for g in RankGroup.objects.filter(
                peer_group=PeerGroup.PROVINCE, year_from__lte=year, year_to__gte=year
            )
            if g.expected_count is not None and g.lower is not None
        ),
        key=lambda g: -(g.lower or 0),
    )
    position = 0
    for group in counted[:-1]:
        position += group.expected_count or 0
        anchors.append(simulate.Anchor(position + 0.5, float(group.lower or 0)))
    mean = (
        PublishedMean.objects.filter(year=year, scope="national", peer_group=PeerGroup.PROVINCE)
        .order_by("status")
        .first()
    )
    if mean is not None and mean.count_above:
        anchors.append(simulate.Anchor(mean.count_above + 0.5, float(mean.value)))
    return anchors, float(mean.value) if mean else None


def year_values(year: int) -> CompetitorField | None:
    """The year's complete table if published, else an estimate from its known points."""
    table = queries.year_table(year)
    size = table.size
    if size is None or not table.rows:
        return None
    if table.complete:
        return CompetitorField(
            [float(row.result.par_index or 0) for row in table.rows],
            "published",
            year,
            size,
            len(table.rows),
            units=[row.result.subject_key for row in table.rows],
        )
    anchors, mean = table_anchors(year)
    if not anchors:
        return None
    values = simulate.impute_table(anchors, size, mean)
    known = sum(1 for a in anchors if float(a.position).is_integer())
    return CompetitorField(values, "imputed", year, size, known, mean, [None] * size)


def competitor_field(year: int) -> CompetitorField:
    """The table of the year before ``year`` (or the latest before it), sized for ``year``."""
    size = table_size(PeerGroup.PROVINCE, year)
    for source_year in range(year - 1, year - 6, -1):
        found = year_values(source_year)
        if found is None:
            continue
        if size is not None and size != found.size:
            found = CompetitorField(
                simulate.resample_table(found.values, size),
                "imputed_resampled",
                source_year,
                size,
                found.anchors,
                found.published_mean,
                [None] * size,
            )
        return found
    raise InputRejected(
        [
            Problem(
                _("The registry has no table from which to project {year}.").format(year=year),
                field="--year",
            )
        ]
    )


def pooled_changes() -> list[float]:
    """Every published year-on-year change of a province's rate in the registry."""
    series: dict[int, dict[int, float]] = defaultdict(dict)
    for unit_id, year, value in NationalResult.objects.filter(
        peer_group=PeerGroup.PROVINCE, par_index__isnull=False
    ).values_list("unit_id", "year", "par_index"):
        series[unit_id][year] = float(value or 0)
    changes: list[float] = []
    for by_year in series.values():
        changes += simulate.year_on_year_changes(by_year)
    return changes


def _rate_in(unit: Unit, year: int, values: CompetitorField | None) -> dict[str, Any] | None:
    result = queries.result_of(unit, year)
    if result is None:
        return None
    if result.par_index is not None:
        return {
            "rate": float(result.par_index),
            "kind": "published",
            "year": year,
            "source": result.source_url,
        }
    if (
        result.published_rank is not None
        and values is not None
        and values.basis != "imputed_resampled"
        and result.published_rank <= len(values.values)
    ):
        return {
            "rate": round(values.values[result.published_rank - 1], 2),
            "kind": "estimated_from_rank",
            "rank": result.published_rank,
            "year": year,
            "source": result.source_url,
        }
    return None


def current_rate(unit: Unit, field_: CompetitorField, given: float | None) -> dict[str, Any]:
    """The province's starting rate: given, published, estimated from its rank, or derived
    through the lineage from its predecessors' (published or rank-estimated) rates."""
    if given is not None:
        return {"rate": given, "kind": "given"}
    year = field_.source_year
    own_values = year_values(year)
    found = _rate_in(unit, year, own_values)
    if found is not None:
        return found
    if not queries.exists_in_year(unit, year):
        for basis, links in sorted(queries.lineage_links(unit).items()):
            parts = [(link, _rate_in(link.predecessor, year, own_values)) for link in links]
            if links and all(part is not None for _link, part in parts):
                rate = sum(float(link.weight) * part["rate"] for link, part in parts if part)
                return {
                    "rate": round(rate, 2),
                    "kind": "derived",
                    "weight_basis": basis,
                    "year": year,
                    "inputs": [
                        {"predecessor": link.predecessor.key, "weight": link.weight, **(part or {})}
                        for link, part in parts
                    ],
                }
    raise InputRejected(
        [
            Problem(
                _(
                    "No {year} rate of {unit} is known (published, from its rank, or through "
                    "its predecessors); give the current rate."
                ).format(year=year, unit=queries.unit_label(unit)),
                field="--rate",
            )
        ]
    )


def _without_own(field_: CompetitorField, unit: Unit, rate: float) -> list[float]:
    """The competitors: the field minus the province itself (its row, or the closest value)."""
    values = list(field_.values)
    if unit.key in field_.units:
        values.pop(field_.units.index(unit.key))
    elif values:
        values.pop(min(range(len(values)), key=lambda i: abs(values[i] - rate)))
    return values


# --- efforts ------------------------------------------------------------------------------------


@dataclass
class EffortItem:
    level: str
    unit: str
    code: str
    name: str
    area: str
    obtainable_points: float
    effort: float
    steps: int
    unit_max_points: float | None


def _number_of(
    row: dict[str, str],
    number: int,
    name: str,
    problems: list[Problem],
    *,
    required: bool,
    whole: bool = False,
) -> float | None:
    text = row.get(name, "")
    if not text:
        if required:
            problems.append(Problem(_("A value is required."), row=number, field=name))
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        problems.append(
            Problem(_("“{value}” is not a number.").format(value=text), row=number, field=name)
        )
        return None
    if value < 0 or (whole and (value != value.to_integral() or value < 1)):
        problems.append(
            Problem(
                _("“{value}” must be a positive number.").format(value=text),
                row=number,
                field=name,
            )
        )
        return None
    return float(value)


def read_efforts(source: str | Path | IO[str]) -> list[EffortItem]:
    """An efforts file (CSV, docs/cli-standing.md): refused whole with row and field."""
    if isinstance(source, str | Path):
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        text = source.read()
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header
    problems = [
        Problem(_("This column is missing."), row=1, field=column)
        for column in ("code", "obtainable_points", "effort")
        if column not in header
    ]
    if problems:
        raise InputRejected(problems)
    items = []
    for number, raw in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in raw.items() if k}

        level = row.get("level") or "province"
        if level not in ("province", "internal"):
            problems.append(Problem(_("Use 'province' or 'internal'."), row=number, field="level"))
        code = row.get("code", "")
        if not code:
            problems.append(Problem(_("A value is required."), row=number, field="code"))
        points = _number_of(row, number, "obtainable_points", problems, required=True)
        effort = _number_of(row, number, "effort", problems, required=True)
        steps = _number_of(row, number, "steps", problems, required=False, whole=True)
        unit_max = _number_of(row, number, "unit_max_points", problems, required=False)
        if level == "internal" and not row.get("unit"):
            problems.append(Problem(_("A value is required."), row=number, field="unit"))
        items.append(
            EffortItem(
                level,
                row.get("unit", ""),
                code,
                row.get("name", ""),
                row.get("area", ""),
                points or 0.0,
                effort or 0.0,
                int(steps or 1),
                unit_max,
            )
        )
    if problems:
        raise InputRejected(problems)
    return items


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
    results = target_rules.internal_results(unit, year - 1) or target_rules.internal_results(
        unit, year
    )
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
        mean = sum(float(r.rate_pct) for r in results) / len(results)
        evaluator = target_rules.Evaluator(
            target_rules.PlanSpec("-", "-", unit.key, "", "", year, year, []), {unit.key: unit}
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
    field_ = competitor_field(year)
    current = current_rate(unit, field_, rate)
    own = float(current["rate"])
    competitors = _without_own(field_, unit, own)
    changes_pool = pooled_changes()
    own_changes = None
    if field_.basis == "published":
        series: dict[str, dict[int, float]] = defaultdict(dict)
        for r in NationalResult.objects.filter(
            peer_group=PeerGroup.PROVINCE, par_index__isnull=False
        ).select_related("unit"):
            series[r.unit.key if r.unit else ""][r.year] = float(r.par_index or 0)
        own_changes = [
            simulate.year_on_year_changes(series.get(key or "", {}))
            for key in field_.units
            if key != unit.key
        ]
    projection = simulate.project(
        competitors,
        target_rank,
        pooled_changes=changes_pool,
        own_changes=own_changes,
        iterations=iterations,
        seed=seed,
    )
    needed_rate = simulate.required_rate(competitors, target_rank)
    rate_p = projection.rate_for_probability(probability)
    gain_p = max(0.0, rate_p - own)
    top = max(gain_p, needed_rate - own, 1.0) + 2.0
    gains = [round(i * GAIN_STEP, 2) for i in range(int(top / GAIN_STEP) + 1)]
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
            "probability_now": round(projection.probability(own), 4),
            "probability_wanted": probability,
            "rate_for_probability": round(rate_p, 2),
            "gain_rate": round(gain_p, 2),
            "gain_points": round(simulate.points_for_rate(gain_p, MAX_POINTS), 2),
            "curve": [
                {"gain": g, "probability": round(p, 4)}
                for g, p in simulate.probability_curve(projection, own, gains)
            ],
        },
        "assumptions": [
            _("Competitors move by year-on-year changes drawn from the published history."),
            _("The province's own rate moves only by the points you add (no drift)."),
            _("Nationally the maximum is 100 points, so points and rate coincide."),
        ],
    }
    if area_points:
        areas = national_areas()
        data["areas"] = [
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
    if changes:
        outcome = simulate.what_if(own, changes, competitors, projection=projection)
        data["what_if"] = {
            "changes": changes,
            "rate": round(outcome.rate, 2),
            "rank_against_last_year": outcome.rank_against_last_year,
            "probability": None if outcome.probability is None else round(outcome.probability, 4),
        }
    if efforts:
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
        data["cheapest_path"] = _path_dict(simulate.cheapest_path(province_items, gain_p))
        internal = [item for item in efforts if item.level == "internal"]
        if internal:
            data["internal"] = internal_analysis(unit, year, internal)
    return data


def national_areas() -> dict[str, float | None]:
    import yaml

    with open(
        Path(__file__).resolve().parent / "data" / "national_areas.yaml", encoding="utf-8"
    ) as f:
        return {a["code"]: a["max_points"] for a in yaml.safe_load(f)["areas"]}
