"""Criteria bound to dossier indicators: which indicator a criterion names, and whether its
scoring method can take that indicator's value.

A criterion with ``input_source: dossier_metric`` may name a registered indicator in its
parameters (``params: {indicator: on_time_rate, …}``, docs/indicators.md). Its value is then
filled into every unit's self-assessment from the dossier store (``parindex.assessments.actions
.refresh_feeds``) and scored by the criterion's own method:

- a rate method (``rate_proportional``, ``rate_steps``) takes a share (a ``ratio`` indicator), kept
  as its two counts (numerator and denominator), so the points follow from the same counts the
  dossier pages show;
- a count method (``count_steps``, ``bonus``, ``deduction``) takes a count (a ``count``
  indicator).

No other pairing has a faithful representation in a criterion entry (a mean or a percentile of
working days falls as the unit improves; a Decision 766 score is already points), so a framework
file pairing them is refused. A dossier-metric criterion without an ``indicator`` is allowed: its
points come from an import or the appraisers, as before.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib.errors import Problem
from parindex.lib.scoring.methods import BONUS, COUNT_STEPS, DEDUCTION, RATE_METHODS

#: The parameter of a criterion that names its indicator.
INDICATOR_PARAM = "indicator"
DOSSIER_METRIC = "dossier_metric"

#: The indicator kinds (``parindex.dossiers.indicators.registry``) each method can be filled from.
RATE_KINDS = ("ratio",)
COUNT_KINDS = ("count",)
COUNT_METHODS = (COUNT_STEPS, BONUS, DEDUCTION)


def indicator_code(input_source: str | None, params: Mapping[str, Any] | None) -> str | None:
    """The indicator a dossier-metric criterion names, or ``None`` (not bound, or not a
    dossier-metric criterion)."""
    if input_source != DOSSIER_METRIC or not params:
        return None
    code = params.get(INDICATOR_PARAM)
    if code is None:
        return None
    return str(code).strip() or None


def accepted_kinds(method: str | None) -> tuple[str, ...]:
    """The indicator kinds a method can be filled from (empty: none)."""
    if method in RATE_METHODS:
        return RATE_KINDS
    if method in COUNT_METHODS:
        return COUNT_KINDS
    return ()


def binding_problems(
    method: str | None, input_source: str | None, params: Mapping[str, Any] | None
) -> list[Problem]:
    """What is wrong with a criterion's ``indicator`` parameter (field ``params.indicator``).

    Checked only on dossier-metric rows: elsewhere the parameter is a note and is kept as it is.
    """
    if input_source != DOSSIER_METRIC or not params or INDICATOR_PARAM not in params:
        return []
    from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE

    field = f"params.{INDICATOR_PARAM}"
    raw = params.get(INDICATOR_PARAM)
    if raw in (None, ""):
        return []
    code = str(raw).strip()
    indicator = INDICATOR_BY_CODE.get(code) if isinstance(raw, str) else None
    if indicator is None:
        return [
            Problem(
                _(
                    "Unknown indicator “{code}”: use a code listed in docs/indicators.md "
                    "(e.g. on_time_rate, online_share)."
                ).format(code=raw),
                field=field,
            )
        ]
    kinds = accepted_kinds(method)
    if method and indicator.kind not in kinds:
        if kinds:
            message = _(
                "The indicator “{code}” gives a {kind} value; the {method} method needs an "
                "indicator of kind {kinds}."
            ).format(code=code, kind=indicator.kind, method=method, kinds=", ".join(kinds))
        else:
            message = _(
                "The {method} method cannot be filled from an indicator; use a rate method "
                "with a ratio indicator or a count method with a count indicator."
            ).format(method=method)
        return [Problem(message, field=field)]
    return []
