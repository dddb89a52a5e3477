"""The rules on a province's internal results: the mean of its units above the province's rate
of the year before, and every unit above its own previous year."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.national import queries
from parindex.national.queries import two_places
from parindex.targets.plan_format import TargetSpec
from parindex.targets.queries import previous_unit_score
from parindex.targets.rules.evaluator import MET, NOT_MET, UNDECIDABLE, Evaluation, Evaluator
from parindex.units.models import Unit


def unit_mean_above_province(
    ev: Evaluator, target: TargetSpec, unit: Unit, year: int
) -> Evaluation:
    found = ev.internal_results(unit, year, target.params)
    baseline = ev.province_rate(unit, year - 1, target.params)
    reasons = _undecidable_reasons(ev, unit, year, bool(found), baseline)
    figures: dict[str, Any] = {"baseline": baseline}
    if found:
        mean = two_places(sum((r.score_pct for r in found), Decimal(0)) / len(found))
        figures.update({"unit_mean": mean, "units": len(found)})
    if reasons:
        return Evaluation(
            target.key,
            target.rule,
            year,
            UNDECIDABLE,
            _("Not decidable: {reasons}.").format(reasons="; ".join(r[1] for r in reasons)),
            figures,
            reasons[0][0],
        )
    mean = figures["unit_mean"]
    value = baseline["value"]
    met = mean > value
    return Evaluation(
        target.key,
        target.rule,
        year,
        MET if met else NOT_MET,
        _(
            "Mean of {count} units {mean} % against the province's {previous} rate "
            "{baseline} % ({kind})."
        ).format(
            count=len(found),
            mean=queries.num(mean),
            previous=year - 1,
            baseline=queries.num(value),
            kind=_("derived through the lineage")
            if baseline["kind"] == "derived"
            else _("published"),
        ),
        figures,
    )


def _undecidable_reasons(
    ev: Evaluator, unit: Unit, year: int, found: bool, baseline: dict[str, Any]
) -> list[tuple[str, str]]:
    """Why the unit mean cannot be compared yet: (reason code, text) for each missing input."""
    reasons: list[tuple[str, str]] = []
    if not found:
        reasons.append(
            (
                "no_internal_results",
                _("no internal results of {unit}'s units are published for {year}").format(
                    unit=unit.name, year=year
                ),
            )
        )
    if baseline.get("value") is None:
        if baseline["kind"] == "derived":
            known = sum(1 for i in baseline.get("inputs", []) if i["par_index"] is not None)
            text = _(
                "the lineage-weighted {previous} baseline needs every predecessor's rate "
                "({known} of {count} known)"
            ).format(previous=year - 1, known=known, count=len(baseline.get("inputs", [])))
        elif year - 1 > ev.last_year:
            text = _("the {previous} provincial rate is not published yet").format(
                previous=year - 1
            )
        elif baseline.get("published_rank") is not None:
            text = _(
                "{unit}'s {previous} published rate is not in the registry (only its rank, "
                "{rank}, is)"
            ).format(unit=unit.name, previous=year - 1, rank=baseline["published_rank"])
        else:
            text = _("{unit}'s {previous} published rate is not in the registry").format(
                unit=unit.name, previous=year - 1
            )
        reasons.append(("no_baseline", text))
    return reasons


def unit_self_improvement(ev: Evaluator, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
    found = ev.internal_results(unit, year, target.params)
    if not found:
        return Evaluation(
            target.key,
            target.rule,
            year,
            UNDECIDABLE,
            _("No internal results of {unit}'s units are published for {year}.").format(
                unit=unit.name, year=year
            ),
            {},
            "no_internal_results",
        )
    rows = []
    failed = missing = 0
    for result in found:
        previous = previous_unit_score(result, year)
        improved = None if previous["value"] is None else result.score_pct > previous["value"]
        failed += improved is False
        missing += improved is None
        rows.append(
            {
                "unit": result.unit.key,
                "name": result.unit.name,
                "rate": result.score_pct,
                "previous": previous["value"],
                "previous_kind": previous["kind"],
                "improved": improved,
            }
        )
    figures = {
        "units": len(found),
        "improved": len(found) - failed - missing,
        "not_improved": failed,
        "no_baseline": missing,
        "rows": rows,
    }
    if failed:
        status, reason = NOT_MET, ""
    elif missing:
        status, reason = UNDECIDABLE, "no_baseline"
    else:
        status, reason = MET, ""
    return Evaluation(
        target.key,
        target.rule,
        year,
        status,
        _(
            "{improved} of {count} units above their previous year, {failed} not, "
            "{missing} without a previous value."
        ).format(improved=figures["improved"], count=len(found), failed=failed, missing=missing),
        figures,
        reason,
    )
