"""Data-derived criteria: the value of a ``dossier_metric`` criterion, with its provenance.

A framework criterion whose ``input_source`` is ``dossier_metric`` names a registered indicator in
its parameters: ``params: {indicator: on_time_rate, …}`` (docs/indicators.md, "Criteria bound to
indicators"). :func:`indicator_value_for_criterion` computes that indicator for one unit (rolled
up its subtree) and one period from the dossier store and returns the value to declare with where
it comes from; :func:`indicator_values` does the same for many criteria and units with one run
of the store. Filling self-assessments with it is the assessments app's job
(``parindex.assessments.actions.refresh_feeds``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.dossiers import queries
from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, MEASURE_BY_CODE, Indicator
from parindex.dossiers.store import DossierStore
from parindex.frameworks.indicator_bindings import DOSSIER_METRIC, INDICATOR_PARAM
from parindex.lib.dossiers.periods import Period, PeriodError, parse_period
from parindex.lib.dossiers.qd766 import to_decimal
from parindex.lib.errors import InputRejected, Problem

__all__ = [
    "DOSSIER_METRIC",
    "INDICATOR_PARAM",
    "indicator_value_for_criterion",
    "indicator_values",
]


def _indicator_of(criterion: Any) -> Indicator:
    if getattr(criterion, "input_source", None) != DOSSIER_METRIC:
        raise InputRejected(
            [
                Problem(
                    _("The criterion “{code}” is not fed by a dossier metric.").format(
                        code=criterion.code
                    ),
                    field="input_source",
                )
            ]
        )
    params = criterion.params or {}
    code = params.get(INDICATOR_PARAM)
    if not code:
        raise InputRejected(
            [
                Problem(
                    _(
                        "The criterion “{code}” names no indicator: add “indicator: CODE” to its "
                        "parameters (codes in docs/indicators.md)."
                    ).format(code=criterion.code),
                    field=f"params.{INDICATOR_PARAM}",
                )
            ]
        )
    indicator = INDICATOR_BY_CODE.get(str(code))
    if indicator is None:
        raise InputRejected(
            [
                Problem(
                    _("Unknown indicator “{indicator}” in criterion “{code}”.").format(
                        indicator=code, code=criterion.code
                    ),
                    field=f"params.{INDICATOR_PARAM}",
                )
            ]
        )
    return indicator


def indicator_value_for_criterion(
    criterion: Any,
    unit: Any,
    period: Period | str,
    *,
    store: DossierStore | None = None,
) -> tuple[Decimal | None, dict[str, Any]]:
    """The value to declare for ``criterion`` in ``unit`` over ``period``, and its provenance.

    The value is the indicator's unrounded value as a Decimal (a share as a fraction 0–1, a
    count, working days or points), or None when it is undefined (no dossier in its
    denominator). The provenance holds the indicator (code and names), the period, the counts it
    was computed from, when it was computed, the store's last import and a link to the dossiers.
    """
    return indicator_values([criterion], [unit], period, store=store)[unit.pk][criterion.code]


def indicator_values(
    criteria: Sequence[Any],
    units: Sequence[Any],
    period: Period | str,
    *,
    store: DossierStore | None = None,
) -> dict[int, dict[str, tuple[Decimal | None, dict[str, Any]]]]:
    """Every criterion's value and provenance for every unit, from one indicator run.

    Returns unit pk → criterion code → ``(value, provenance)``, as
    :func:`indicator_value_for_criterion` gives them. The indicators are computed once for all
    the units (rolled up their subtrees): filling a round of 130 units costs one run of the
    store, not one per unit and criterion. Every criterion must name a known indicator
    (``InputRejected`` otherwise, before the store is read).
    """
    bound = {criterion.code: _indicator_of(criterion) for criterion in criteria}
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except PeriodError as exc:
            raise InputRejected([Problem(str(exc), field="period")]) from None
    found: dict[int, dict[str, tuple[Decimal | None, dict[str, Any]]]] = {
        unit.pk: {} for unit in units
    }
    if not bound or not units:
        return found
    # One unit: only its subtree is read. Several: one run over every unit, each rolled up.
    run = queries.run_indicators(period, unit=units[0] if len(units) == 1 else None, store=store)
    rows = {row.unit_id: row for row in run.rows}
    latest = queries.recent_imports(1)
    import_id = latest[0].pk if latest else None
    computed_at = run.computed_at.astimezone(dt.UTC).isoformat()
    index_url = reverse("dossiers:index")
    for unit in units:
        row = rows.get(unit.pk)
        measures = {} if row is None else row.measures
        key = f"{unit.code_system}:{unit.code}"
        query = urlencode({"period": period.code, "unit": key})
        for code, indicator in bound.items():
            raw = None if row is None else row.indicators.get(indicator.code)
            value = None if raw is None else to_decimal(raw)
            counts = {name: int(measures.get(name, 0)) for name in _count_names(indicator)}
            found[unit.pk][code] = (
                value,
                {
                    "indicator": indicator.code,
                    "indicator_name_vi": indicator.name_vi,
                    "indicator_name_en": indicator.name_en,
                    "kind": indicator.kind,
                    "unit": key,
                    "period": period.as_dict(),
                    "value": None if value is None else str(value),
                    "counts": counts,
                    "numerator": _sum_of(indicator.numerator, measures),
                    "denominator": _sum_of(indicator.denominator, measures),
                    "computed_at": computed_at,
                    "source": "dossier store",
                    "import_id": import_id,
                    "dossiers_url": f"{index_url}?{query}",
                },
            )
    return found


def _sum_of(names: Sequence[str], measures: dict[str, Any]) -> int | None:
    """The sum of a ratio's numerator (or denominator) measures; None for an indicator without."""
    if not names:
        return None
    return sum(int(measures.get(name, 0)) for name in names)


def _count_names(indicator: Indicator) -> list[str]:
    names = list(indicator.numerator) + list(indicator.denominator)
    if not names:
        names = [n for n in indicator.inputs if n in MEASURE_BY_CODE]
    if indicator.parts:
        names = []
        for part in indicator.parts:
            names += _count_names(INDICATOR_BY_CODE[part])
    return list(dict.fromkeys(names)) or ["finished"]
