"""Data-derived criteria: the value of a ``dossier_metric`` criterion, with its provenance.

A framework criterion whose ``input_source`` is ``dossier_metric`` names a registered indicator in
its parameters: ``params: {indicator: on_time_rate, …}`` (docs/indicators.md, "Criteria bound to
indicators"). :func:`indicator_value_for_criterion` computes that indicator for one unit (rolled
up its subtree) and one period from the dossier store and returns the value to declare with where
it comes from. Filling self-assessments with it is the assessments app's job.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from parindex.dossiers import queries
from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, MEASURE_BY_CODE, Indicator
from parindex.dossiers.store import DossierStore
from parindex.lib.dossier_periods import Period, PeriodError, parse_period
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.qd766 import to_decimal

#: The parameter of a criterion that names its indicator.
INDICATOR_PARAM = "indicator"
DOSSIER_METRIC = "dossier_metric"


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
    indicator = _indicator_of(criterion)
    if isinstance(period, str):
        try:
            period = parse_period(period)
        except PeriodError as exc:
            raise InputRejected([Problem(str(exc), field="period")]) from None
    run = queries.run_indicators(period, unit=unit, store=store)
    row = next((r for r in run.rows if r.unit_id == unit.pk), None)
    raw = None if row is None else row.indicators.get(indicator.code)
    value = None if raw is None else to_decimal(raw)
    measures = {} if row is None else row.measures
    counts = {name: measures.get(name, 0) for name in _count_names(indicator)}
    latest = queries.recent_imports(1)
    query = urlencode({"period": period.code, "unit": f"{unit.code_system}:{unit.code}"})
    provenance = {
        "indicator": indicator.code,
        "indicator_name_vi": indicator.name_vi,
        "indicator_name_en": indicator.name_en,
        "unit": f"{unit.code_system}:{unit.code}",
        "period": period.as_dict(),
        "counts": counts,
        "computed_at": run.computed_at.astimezone(dt.UTC).isoformat(),
        "source": "dossier store",
        "import_id": latest[0].pk if latest else None,
        "dossiers_url": f"{reverse('dossiers:index')}?{query}",
    }
    return value, provenance


def _count_names(indicator: Indicator) -> list[str]:
    names = list(indicator.numerator) + list(indicator.denominator)
    if not names:
        names = [n for n in indicator.inputs if n in MEASURE_BY_CODE]
    if indicator.parts:
        names = []
        for part in indicator.parts:
            names += _count_names(INDICATOR_BY_CODE[part])
    return list(dict.fromkeys(names)) or ["finished"]
