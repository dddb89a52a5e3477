"""The leaders' pages: the dashboard (where the province stands, which targets are met, what is
slipping), the what-if simulator (htmx) and the charts as SVG/PNG. The national table and a
province's history are ``parindex.national.views``."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parindex.access.decorators import province_oversight_required
from parindex.access.request import access_for
from parindex.core.types import AuthenticatedRequest
from parindex.lib.errors import InputRejected
from parindex.national import queries as national_queries
from parindex.national.areas import area_label, area_names, national_areas
from parindex.national.history import history, series_points
from parindex.national.models import PeerGroup, ResultComponent
from parindex.reports import charts
from parindex.targets import queries, warning_checks
from parindex.targets.actions import DATA_DIR
from parindex.targets.rules.checking import check_plan
from parindex.targets.simulator import run as simulator
from parindex.targets.simulator.efforts_file import read_efforts
from parindex.units.models import Unit
from parindex.units.queries import find_unit

CHART_KINDS = ("rank", "rate", "components", "heatmap", "probability")
EXAMPLE_EFFORTS = DATA_DIR / "examples" / "efforts-cantho-example.csv"


def _province(request: AuthenticatedRequest) -> Unit | None:
    """The province asked for (``unit``), else the user's own, else the owner of a plan."""
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        try:
            return find_unit(code)
        except InputRejected:
            return None
    return access_for(request).province or queries.default_province()


def _checked_plans(unit: Unit) -> list[dict[str, Any]]:
    checked = []
    for plan in queries.plans_for(unit):
        try:
            result = check_plan(queries.plan_from_db(plan))
            checked.append({"plan": plan, "result": result, "problems": []})
        except InputRejected as exc:
            checked.append({"plan": plan, "result": None, "problems": exc.problems})
    return checked


def _rank_target(unit: Unit) -> tuple[int | None, str]:
    for plan in queries.plans_for(unit):
        for target in plan.targets.filter(rule="rank_at_most", owner=unit).order_by("year_from"):
            rank = target.params.get("rank")
            return rank, _("Target: rank {rank} or better ({year})").format(
                rank=rank, year=target.year_from
            )
    return None, ""


def _internal_cells(
    unit: Unit, year: int | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Heatmap cells (unit × area) and per-area province means of the internal results."""
    if year is None:
        return [], []
    results = queries.internal_results(unit, year)
    cells = []
    per_area: dict[str, list[float]] = defaultdict(list)
    for result in results:
        for area, value in (result.component_index or {}).items():
            if value is None:
                continue
            cells.append(
                {
                    "unit": result.unit.name,
                    "area": area_label(area),
                    "rate": float(value),
                }
            )
            per_area[area].append(float(value))
    national = _national_area_means(year - 1)
    bars = [
        {
            "area": area_label(area),
            "rate": round(sum(values) / len(values), 2),
            "national_mean": national.get(area),
        }
        for area, values in sorted(per_area.items())
    ]
    return cells, bars


def _national_area_means(year: int) -> dict[str, float]:
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for component in ResultComponent.objects.filter(
        result__year=year, result__peer_group=PeerGroup.PROVINCE, component_index__isnull=False
    ):
        sums[component.code].append(component.component_index or Decimal(0))
    return {code: round(float(sum(v) / len(v)), 2) for code, v in sums.items()}


def _specs(unit: Unit, year: int | None) -> dict[str, Any]:
    ranks, rates = series_points(unit)
    target_rank, label = _rank_target(unit)
    cells, bars = _internal_cells(unit, year)
    specs = {
        "rank": charts.rank_history(ranks, target_rank=target_rank, target_label=label),
        "rate": charts.rate_history(rates),
    }
    if bars:
        specs["components"] = charts.component_index(bars)
    if cells:
        specs["heatmap"] = charts.units_heatmap(cells)
    return specs


@province_oversight_required
def dashboard(request: AuthenticatedRequest) -> HttpResponse:
    """Where the province stands, which targets are met, what is slipping."""
    unit = _province(request)
    if unit is None:
        return render(request, "targets/dashboard.html", {"unit": None})
    data = history(unit)
    rows = sorted(
        data["as_it_was"] + [r for p in data["predecessors"] for r in p["rows"]],
        key=lambda r: (-r["year"], r["unit"]),
    )
    warning_year = queries.latest_internal_year(unit)
    warnings = (
        [w.as_dict() for w in warning_checks.warnings_for(unit, warning_year)]
        if warning_year
        else []
    )
    return render(
        request,
        "targets/dashboard.html",
        {
            "unit": unit,
            "rows": rows,
            "baselines": [b for b in data["as_todays_province"] if b["value"] is not None],
            "successors": data["successors"],
            "plans": _checked_plans(unit),
            "warnings": warnings,
            "warning_year": warning_year,
            "specs": _specs(unit, warning_year),
            "latest_year": national_queries.registry_years()[1],
        },
    )


def _float(text: str | None) -> float | None:
    if text is None or not text.strip():
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _simulation_inputs(request: AuthenticatedRequest, unit: Unit | None) -> dict[str, Any]:
    source = request.POST if request.method == "POST" else request.GET
    latest = national_queries.registry_years()[1] or 2024
    year = int(source.get("year") or latest + 1)
    target_rank, _label = _rank_target(unit) if unit else (None, "")
    return {
        "unit": unit,
        "year": year,
        "target_rank": int(source.get("target_rank") or target_rank or 10),
        "probability": _float(source.get("probability")) or simulator.DEFAULT_PROBABILITY,
        "iterations": int(source.get("iterations") or 1000),
        "seed": int(source.get("seed") or 0),
        "rate": _float(source.get("rate")),
        "changes": {
            key[len("change_") :]: value
            for key in source
            if key.startswith("change_") and (value := _float(source.get(key))) is not None
        },
        "efforts_text": source.get("efforts", ""),
    }


def _run(inputs: dict[str, Any]) -> tuple[dict[str, Any] | None, list[Any]]:
    if inputs["unit"] is None:
        return None, [_("Choose a province.")]
    try:
        efforts = (
            read_efforts(io.StringIO(inputs["efforts_text"]))
            if inputs["efforts_text"].strip()
            else None
        )
        result = simulator.run(
            inputs["unit"],
            inputs["year"],
            inputs["target_rank"],
            probability=inputs["probability"],
            iterations=inputs["iterations"],
            seed=inputs["seed"],
            rate=inputs["rate"],
            efforts=efforts,
            changes=inputs["changes"] or None,
        )
        return result, []
    except InputRejected as exc:
        return None, [str(p) for p in exc.problems]


@province_oversight_required
def simulator_page(request: AuthenticatedRequest) -> HttpResponse:
    """The what-if simulator: projected rank and probability, and the cheapest path."""
    inputs = _simulation_inputs(request, _province(request))
    if not inputs["efforts_text"]:
        inputs["efforts_text"] = EXAMPLE_EFFORTS.read_text(encoding="utf-8")
    result, problems = _run(inputs)
    return render(
        request,
        "targets/simulator.html",
        {
            **_simulation_context(inputs, result, problems),
            "areas": national_areas(),
            "area_names": area_names(),
        },
    )


def _simulation_context(
    inputs: dict[str, Any], result: dict[str, Any] | None, problems: list[Any]
) -> dict[str, Any]:
    specs = {}
    if result is not None:
        specs["probability"] = charts.probability_curve(
            result["projection"]["curve"], wanted=inputs["probability"]
        )
    return {"inputs": inputs, "result": result, "problems": problems, "specs": specs}


@province_oversight_required
@require_POST
def simulator_run(request: AuthenticatedRequest) -> HttpResponse:
    """htmx: re-run the simulation with the form's values (what-if changes and efforts)."""
    inputs = _simulation_inputs(request, _province(request))
    result, problems = _run(inputs)
    template = "targets/_simulation.html" if request.htmx else "targets/simulator.html"  # type: ignore[attr-defined]
    return render(
        request,
        template,
        {
            **_simulation_context(inputs, result, problems),
            "areas": national_areas(),
            "area_names": area_names(),
        },
    )


@province_oversight_required
def chart(request: AuthenticatedRequest, kind: str, fmt: str) -> HttpResponse:
    """A chart as SVG or PNG for reports (same spec as on the pages)."""
    if kind not in CHART_KINDS or fmt not in ("svg", "png"):
        raise Http404(_("Unknown chart."))
    unit = _province(request)
    if unit is None:
        raise Http404(_("Choose a province."))
    if kind == "probability":
        inputs = _simulation_inputs(request, unit)
        result, problems = _run(inputs)
        if result is None:
            raise Http404("; ".join(str(p) for p in problems))
        spec = charts.probability_curve(result["projection"]["curve"], wanted=inputs["probability"])
    else:
        year = request.GET.get("year")
        specs = _specs(
            unit,
            int(year) if year and year.isdigit() else queries.latest_internal_year(unit),
        )
        if kind not in specs:
            raise Http404(_("No data for this chart."))
        spec = specs[kind]
    if fmt == "svg":
        return HttpResponse(charts.to_svg(spec), content_type="image/svg+xml")
    return HttpResponse(charts.to_png(spec), content_type="image/png")
