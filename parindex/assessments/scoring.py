"""The bridge between criterion entries and the scoring engine (``parindex.lib.scoring``).

Declared data of an entry becomes a ``LeafInput``; a unit's leaf points become area subtotals,
a total, a rate, component rates and a band. Framework specs are cached per framework version
(its primary key and last change), so a page scoring 130 units builds each spec once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.frameworks.indicator_bindings import indicator_code
from parindex.frameworks.models import Criterion, Framework
from parindex.lib.errors import Problem
from parindex.lib.scoring.bands import Band
from parindex.lib.scoring.inputs import LeafInput, input_problems
from parindex.lib.scoring.methods import (
    BINARY,
    BONUS,
    COUNT_STEPS,
    DEDUCTION,
    EXCLUDE_AND_RESCALE,
    INDEX_METHODS,
    RATE_METHODS,
)
from parindex.lib.scoring.tree import FrameworkSpec, NodeSpec

ZERO = Decimal(0)
HUNDRED = Decimal(100)
SELF_SCORED_SOURCES = ("declared",)

_lock = threading.Lock()
_specs: dict[tuple[int, Any], FrameworkInfo] = {}


@dataclass(frozen=True)
class FrameworkInfo:
    """A framework ready to score, with its nodes by code and each leaf's area."""

    spec: FrameworkSpec
    nodes: dict[str, NodeSpec]
    area_of: dict[str, str]
    leaves: tuple[NodeSpec, ...]


def framework_info(framework: Framework, criteria: list[Criterion] | None = None) -> FrameworkInfo:
    """The cached scoring view of ``framework`` (one query the first time)."""
    key = (framework.pk, framework.updated_at)
    found = _specs.get(key)
    if found is not None:
        return found
    spec = framework.to_spec(criteria)
    nodes = {node.code: node for node in spec.walk()}
    area_of: dict[str, str] = {}
    for area in spec.areas:
        for node in area.walk():
            area_of[node.code] = area.code
    info = FrameworkInfo(spec, nodes, area_of, tuple(spec.leaves()))
    with _lock:
        if len(_specs) > 64:
            _specs.clear()
        _specs[key] = info
    return info


def is_self_scored(node: NodeSpec) -> bool:
    """Declared rows are self-scored; survey, external-index, dossier-derived and appraiser
    rows get their points from an import or an appraiser."""
    return node.input_source in SELF_SCORED_SOURCES and node.method not in INDEX_METHODS


def fed_indicator(node: NodeSpec) -> str | None:
    """The dossier indicator that fills a data-derived row, or ``None`` (a row not fed from the
    dossier store: declared, survey, appraiser, or a dossier metric naming no indicator)."""
    return indicator_code(node.input_source, node.params)


def is_fed(node: NodeSpec) -> bool:
    """A row whose value is filled from the dossier store (read-only for the unit)."""
    return fed_indicator(node) is not None


#: Feed statuses (``CriterionEntry.feed["status"]``) that give a fed row its points: a computed
#: value, or a figure undefined for lack of dossiers (no points from it, as the self-assessment
#: total counts it). The others — never computed, or a framework that cannot score the figure —
#: leave the appraisers to enter the points.
SCORED_FEED_STATUSES = ("ok", "undefined")


def has_fed_points(node: NodeSpec, feed: Mapping[str, Any] | None) -> bool:
    """A fed row whose dossier figures gave it its points (``self_points``)."""
    return is_fed(node) and bool(feed) and (feed or {}).get("status") in SCORED_FEED_STATUSES


def is_acceptable(node: NodeSpec, feed: Mapping[str, Any] | None) -> bool:
    """A row the appraisers *accept* (or adjust with a reason) rather than give points to: a
    self-scored row, or a fed row with points from its dossier figures."""
    return is_self_scored(node) or has_fed_points(node, feed)


def points_range(node: NodeSpec) -> tuple[Decimal, Decimal]:
    """The points a row may be given: [0, max], or [−max, 0] for a deduction row."""
    maximum = node.max_points or ZERO
    if node.method == DEDUCTION:
        return -maximum, ZERO
    return ZERO, maximum


def points_problems(node: NodeSpec, points: Decimal, field_name: str) -> list[Problem]:
    low, high = points_range(node)
    if low <= points <= high:
        return []
    return [
        Problem(
            _("Criterion {code}: the points must lie between {low} and {high}.").format(
                code=node.code, low=_plain(low), high=_plain(high)
            ),
            field=field_name,
        )
    ]


def _plain(value: Decimal) -> str:
    from parindex.frameworks.rule_text import number

    return number(value)


DATA_FIELDS = ("numerator", "denominator", "count", "is_met", "entered_points", "not_applicable")


def fields_for(node: NodeSpec) -> tuple[str, ...]:
    """The declared-data fields the form shows for a row's method."""
    method = node.method
    if method == BINARY:
        return ("is_met",)
    if method in RATE_METHODS:
        return ("numerator", "denominator")
    if method in (COUNT_STEPS, BONUS, DEDUCTION):
        return ("count",)
    return ("entered_points",)


def leaf_input(node: NodeSpec, values: Mapping[str, Any]) -> tuple[LeafInput | None, list[Problem]]:
    """The engine's input from declared values, or ``None`` while the data is incomplete.

    Incomplete data is a draft, not an error; data that can never be right (a negative count,
    a numerator above its total, points out of range) is a problem at once.
    """
    if values.get("not_applicable"):
        return LeafInput(not_applicable=True), []
    method = node.method
    problems: list[Problem] = []
    data: LeafInput | None = None
    if method == BINARY:
        met = values.get("is_met")
        data = None if met is None else LeafInput(met=bool(met))
    elif method in RATE_METHODS:
        numerator, denominator = values.get("numerator"), values.get("denominator")
        if numerator is not None and numerator < 0:
            problems.append(
                Problem(
                    _("Criterion {code}: the achieved number cannot be negative.").format(
                        code=node.code
                    ),
                    field="numerator",
                )
            )
        if denominator is not None and denominator <= 0:
            problems.append(
                Problem(
                    _(
                        "Criterion {code}: the total must be above 0; declare the criterion not "
                        "applicable instead."
                    ).format(code=node.code),
                    field="denominator",
                )
            )
        if (
            not problems
            and numerator is not None
            and denominator is not None
            and numerator > denominator
        ):
            problems.append(
                Problem(
                    _(
                        "Criterion {code}: the achieved number ({numerator}) is greater than "
                        "its total ({denominator})."
                    ).format(
                        code=node.code, numerator=_plain(numerator), denominator=_plain(denominator)
                    ),
                    field="numerator",
                )
            )
        if numerator is not None and denominator is not None and not problems:
            data = LeafInput(numerator=numerator, denominator=denominator)
    elif method in (COUNT_STEPS, BONUS, DEDUCTION):
        count = values.get("count")
        if count is not None and count < 0:
            problems.append(
                Problem(
                    _("Criterion {code}: a count cannot be negative.").format(code=node.code),
                    field="count",
                )
            )
        elif count is not None:
            data = LeafInput(count=int(count))
    else:
        points = values.get("entered_points")
        if points is not None:
            problems += points_problems(node, points, "entered_points")
            if not problems:
                data = LeafInput(points=points)
    if data is not None and not problems:
        problems += input_problems(node, data)
    return (None if problems else data), problems


@dataclass
class AreaTotal:
    code: str
    points: Decimal = ZERO
    max_points: Decimal = ZERO
    applicable_max_points: Decimal = ZERO

    @property
    def score_pct(self) -> Decimal | None:
        if self.applicable_max_points <= 0:
            return None
        return self.points / self.applicable_max_points * HUNDRED


@dataclass
class Totals:
    """A unit's total from its leaf points, with the same rules as ``lib.scoring.score``."""

    total: Decimal
    raw_total: Decimal
    max_points: Decimal
    applicable_max_points: Decimal
    score_pct: Decimal | None
    band: Band | None
    areas: dict[str, AreaTotal] = field(default_factory=dict)

    def component_index(self) -> dict[str, str]:
        """Area code → component index in % (text, unrounded to 4 places) for JSON."""
        return {
            code: str(area.score_pct.quantize(Decimal("0.0001")))
            for code, area in self.areas.items()
            if area.score_pct is not None
        }


def totals(
    info: FrameworkInfo,
    leaf_points: Mapping[str, Decimal | None],
    excluded: Iterable[str] = (),
) -> Totals:
    """Area subtotals, total (kept within [0, total_cap]), rate and band.

    ``excluded`` lists not-applicable leaves; under ``exclude_and_rescale`` they leave the
    applicable maximum. A leaf without points counts 0.
    """
    spec = info.spec
    rescale = spec.not_applicable_policy == EXCLUDE_AND_RESCALE
    skip = set(excluded) if rescale else set()
    areas: dict[str, AreaTotal] = {}
    for area in spec.areas:
        area_total = AreaTotal(area.code)
        for leaf in area.leaves():
            points = leaf_points.get(leaf.code)
            area_total.points += points or ZERO
            if leaf.is_adjustment:
                continue
            maximum = leaf.max_points or ZERO
            area_total.max_points += maximum
            if leaf.code not in skip:
                area_total.applicable_max_points += maximum
        areas[area.code] = area_total
    raw_total = sum((a.points for a in areas.values()), ZERO)
    total = max(ZERO, raw_total)
    if spec.total_cap is not None:
        total = min(total, spec.total_cap)
    max_points = sum((a.max_points for a in areas.values()), ZERO)
    applicable_max_points = sum((a.applicable_max_points for a in areas.values()), ZERO)
    rate = total / applicable_max_points * HUNDRED if applicable_max_points > 0 else None
    return Totals(
        total=total,
        raw_total=raw_total,
        max_points=max_points,
        applicable_max_points=applicable_max_points,
        score_pct=rate,
        band=spec.band_for(rate),
        areas=areas,
    )


PEER_GROUPS = {
    "department": "department",
    "district": "district",
    "province": "province",
}


def peer_group(kind: str, subkind: str) -> str:
    """The block a unit is ranked in: departments; wards; rural communes and special zones."""
    if kind == "commune":
        return "ward" if subkind == "ward" else "commune"
    return PEER_GROUPS.get(kind, kind)


def peer_group_label(code: str) -> str:
    labels = {
        "department": _("Departments (sở, ban, ngành)"),
        "ward": _("Wards (phường)"),
        "commune": _("Communes and special zones (xã, đặc khu)"),
        "district": _("Districts"),
        "province": _("Provinces"),
    }
    return labels.get(code, code)
