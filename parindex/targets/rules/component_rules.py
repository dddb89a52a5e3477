"""The component rule: an area's rate at least N %, nationally or as the mean of the
province's units."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.national import queries
from parindex.national.queries import two_places
from parindex.targets.plan_format import TargetSpec
from parindex.targets.rules.evaluator import MET, NOT_MET, UNDECIDABLE, Evaluation, Evaluator
from parindex.units.models import Unit


def component_rate_at_least(ev: Evaluator, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
    area = target.params["area"]
    wanted = Decimal(str(target.params["rate"]))
    scope = target.params.get("scope", "national")
    value: Decimal | None = None
    figures: dict[str, Any] = {"area": area, "target_rate": wanted, "scope": scope}
    if scope == "national":
        result = queries.result_of(unit, year)
        component = result.components.filter(code=area).first() if result else None
        if component is not None:
            value = component.component_index
            if value is None and component.points is not None and component.max_points:
                value = two_places(component.points * 100 / component.max_points)
        if value is None:
            return ev.missing_result(
                target, unit, year, _("component rate of {area}").format(area=area)
            )
    else:
        found = ev.internal_results(unit, year, target.params)
        rates = [Decimal(str(r.component_index[area])) for r in found if area in r.component_index]
        if not rates:
            return Evaluation(
                target.key,
                target.rule,
                year,
                UNDECIDABLE,
                _("No internal component rates for {area} in {year}.").format(area=area, year=year),
                figures,
                "no_internal_results",
            )
        value = two_places(sum(rates, Decimal(0)) / len(rates))
        figures["units"] = len(rates)
    figures["rate"] = value
    return Evaluation(
        target.key,
        target.rule,
        year,
        MET if value >= wanted else NOT_MET,
        _("{area}: {value} % in {year}; target at least {target} %.").format(
            area=area, value=queries.num(value), year=year, target=queries.num(wanted)
        ),
        figures,
    )
