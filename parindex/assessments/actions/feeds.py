"""Data-derived criteria: values filled from the dossier store (docs/assessment-cycle.md,
"Data-derived criteria").

A criterion with ``input_source: dossier_metric`` whose parameters name an indicator
(``params: {indicator: on_time_rate, …}``) is *fed*: :func:`refresh_feeds` computes that
indicator for each unit over the round's year (period ``str(round.year)``) and writes the value
into the unit's entry, read-only for the unit, with its provenance (indicator, period, counts,
when it was computed, a link to the dossiers) in ``CriterionEntry.feed``. The points follow from
the value through the criterion's own method, as for declared data.

How a value is kept (``frameworks.indicator_bindings``): a share fills a rate criterion as its
two counts (``numerator``/``denominator``, e.g. finished early or on the due date / finished),
a count fills a count criterion (``count``). An indicator that is undefined (no dossier in its
denominator) leaves the value empty — never 0 — and the provenance says so.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ActionRefused,
    _deny,
    _json,
    _require_open_round,
    _update_rows,
)
from parindex.assessments.actions.self_assessment import _check_fill
from parindex.assessments.models import Assessment, AssessmentRound, CriterionEntry
from parindex.assessments.scoring import fed_indicator, framework_info, leaf_input
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.frameworks.indicator_bindings import COUNT_METHODS, DOSSIER_METRIC, accepted_kinds
from parindex.lib.dossiers.periods import parse_period
from parindex.lib.scoring.leaf import score_leaf
from parindex.lib.scoring.tree import NodeSpec

logger = logging.getLogger(__name__)

#: What a feed says about its value (``CriterionEntry.feed["status"]``).
OK = "ok"  # the indicator has a value; the entry holds it
UNDEFINED = "undefined"  # no dossier in the indicator's denominator: no value (not 0)
UNSUPPORTED = "unsupported"  # the criterion's method cannot take this indicator's kind
UNKNOWN = "unknown_indicator"  # the criterion names an indicator the registry does not have
INVALID = "invalid"  # the value cannot be scored by the method (reported, not stored)

#: ``CriterionEntry.self_points`` keeps 4 decimals.
POINTS_PLACES = Decimal("0.0001")

#: The entry fields a feed writes.
FED_FIELDS = ("numerator", "denominator", "count", "self_points", "feed", "fed_at", "version")


class FeedUnavailable(ActionRefused):
    """The dossier figures could not be computed (the store failed); nothing was changed."""


@dataclass
class FeedRefresh:
    """What one refresh did."""

    period: str
    assessments: int = 0
    fed: int = 0
    changed: int = 0
    undefined: int = 0
    unsupported: int = 0


@dataclass(frozen=True)
class _IndicatorRequest:
    """A stand-in criterion naming one indicator: the feed computes each indicator once per
    unit, whichever criteria (and frameworks) bind it."""

    code: str
    input_source: str = DOSSIER_METRIC

    @property
    def params(self) -> dict[str, str]:
        return {"indicator": self.code}


def _targets(target: Assessment | AssessmentRound) -> tuple[AssessmentRound, list[Assessment]]:
    if isinstance(target, AssessmentRound):
        assessments = list(
            Assessment.objects.filter(round=target)
            .select_related("round", "unit", "framework")
            .order_by("pk")
        )
        return target, assessments
    assessment = (
        Assessment.objects.select_related("round", "unit", "framework")
        .prefetch_related("deadline_exceptions")
        .get(pk=target.pk)
    )
    return assessment.round, [assessment]


def _check_refresh(
    round_: AssessmentRound, assessments: Sequence[Assessment], actor: Actor, *, whole_round: bool
) -> None:
    """The system and the PAR office refresh any assessment of an open round; the unit's staff
    and head refresh their own while they may still fill it in."""
    if rules.is_system(actor):
        _require_open_round(round_)
        return
    if whole_round:
        if not rules.can_admin(actor, round_):
            raise _deny(_("Only the PAR office refreshes the dossier figures of a whole round."))
        _require_open_round(round_)
        return
    assessment = assessments[0]
    if rules.may(actor, "admin", assessment.unit_id):
        _require_open_round(round_)
        return
    if not rules.can_fill(actor, assessment):
        raise _deny(
            _("Only the unit's staff and head, or the PAR office, refresh its dossier figures.")
        )
    _check_fill(assessment, actor)


def _fed_entries(assessment_ids: Sequence[int], *, lock: bool = False) -> list[CriterionEntry]:
    queryset = CriterionEntry.objects.filter(
        assessment_id__in=assessment_ids, criterion__input_source=DOSSIER_METRIC
    ).order_by("assessment_id", "position")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    return list(queryset.select_related("criterion"))


def refresh_feeds(
    target: Assessment | AssessmentRound, *, actor: Actor, store: Any = None
) -> FeedRefresh:
    """Fill every fed criterion of one assessment, or of every assessment of a round, from the
    dossier store over the round's year.

    An entry whose value, counts and status are unchanged is left untouched; each assessment
    with a change gets ONE audit event (``entries.feed``) listing the old and new values. The
    indicators are computed once for all the units concerned, *before* the transaction that
    writes them, so a long computation on a large store never holds the database's write lock;
    the writing transaction locks the assessments and checks everything again. Raises
    ``FeedUnavailable`` when the store cannot be read (nothing is changed), ``PermissionDenied``
    or ``ActionRefused`` when the actor may not refresh.
    """
    whole_round = isinstance(target, AssessmentRound)
    round_, assessments = _targets(target)
    _check_refresh(round_, assessments, actor, whole_round=whole_round)
    period = str(round_.year)
    result = FeedRefresh(period=period, assessments=len(assessments))
    ids = [a.pk for a in assessments]
    by_id = {a.pk: a for a in assessments}
    wanted: set[str] = set()
    units: dict[int, Any] = {}
    for entry in _fed_entries(ids):
        assessment = by_id[entry.assessment_id]
        node = framework_info(assessment.framework).nodes[entry.criterion.code]
        code = fed_indicator(node)
        if code is not None:
            wanted.add(code)
            units[assessment.unit_id] = assessment.unit
    if not units:
        return result
    figures = _compute(sorted(wanted), list(units.values()), period, store)
    return _write(
        round_.pk, ids, figures, period, actor=actor, whole_round=whole_round, result=result
    )


def _compute(
    codes: Sequence[str], units: Sequence[Any], period: str, store: Any
) -> dict[int, dict[str, tuple[Decimal | None, dict[str, Any]]]]:
    """Each known indicator for each unit, in one run of the dossier store."""
    from parindex.dossiers.feeds import indicator_values
    from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE

    requests = [_IndicatorRequest(code) for code in codes if code in INDICATOR_BY_CODE]
    if not requests:
        return {unit.pk: {} for unit in units}
    try:
        return indicator_values(requests, units, period, store=store)
    except Exception as exc:  # the store is optional: its failure must not break the cycle
        logger.exception("dossier figures for %s could not be computed", period)
        raise FeedUnavailable(
            _(
                "The dossier figures of {period} could not be computed ({error}). Nothing was "
                "changed: the values shown are those of the last refresh."
            ).format(period=period, error=str(exc) or type(exc).__name__)
        ) from exc


@transaction.atomic
def _write(
    round_id: int,
    assessment_ids: Sequence[int],
    figures: Mapping[int, Mapping[str, tuple[Decimal | None, dict[str, Any]]]],
    period: str,
    *,
    actor: Actor,
    whole_round: bool,
    result: FeedRefresh,
) -> FeedRefresh:
    locked = list(
        Assessment.objects.select_for_update(of=("self",))
        .filter(pk__in=assessment_ids, round_id=round_id)
        .select_related("round", "unit", "framework")
        .prefetch_related("deadline_exceptions")
        .order_by("pk")
    )
    if not locked:
        return result
    _check_refresh(locked[0].round, locked, actor, whole_round=whole_round)
    by_id = {a.pk: a for a in locked}
    now = timezone.now()
    period_info = parse_period(period).as_dict()
    changed: list[CriterionEntry] = []
    before: dict[int, dict[str, Any]] = {}
    after: dict[int, dict[str, Any]] = {}
    for entry in _fed_entries(list(by_id), lock=True):
        assessment = by_id[entry.assessment_id]
        node = framework_info(assessment.framework).nodes[entry.criterion.code]
        code = fed_indicator(node)
        if code is None:
            continue
        result.fed += 1
        figure = figures.get(assessment.unit_id, {}).get(code)
        values, feed = _fill(node, code, figure, period_info, now, assessment)
        status = feed["status"]
        result.undefined += status == UNDEFINED
        result.unsupported += status in (UNSUPPORTED, UNKNOWN, INVALID)
        old = _state(entry)
        if _comparable(old) == _comparable({**values, "feed": feed}):
            continue
        for key, value in values.items():
            setattr(entry, key, value)
        entry.feed = feed
        entry.fed_at = now
        entry.version += 1
        changed.append(entry)
        before.setdefault(assessment.pk, {})[node.code] = _audit_view(old)
        after.setdefault(assessment.pk, {})[node.code] = _audit_view(_state(entry))
    _update_rows(changed, FED_FIELDS)
    result.changed = len(changed)
    for assessment_id, entries_after in after.items():
        assessment = by_id[assessment_id]
        record_audit(
            actor=actor,
            action=AuditAction.ENTRY_FEED,
            obj=assessment,
            unit_code=assessment.unit.key,
            before={"entries": before[assessment_id]},
            after={"period": period, "entries": entries_after},
        )
    return result


def _fill(
    node: NodeSpec,
    code: str,
    figure: tuple[Decimal | None, dict[str, Any]] | None,
    period_info: dict[str, str],
    now: Any,
    assessment: Assessment,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The entry values and the feed (provenance with a status) for one fed criterion."""
    values: dict[str, Any] = {
        "numerator": None,
        "denominator": None,
        "count": None,
        "self_points": None,
    }
    if figure is None:
        # Not computed: the registry has no such indicator (a framework stored before the
        # check existed). Say so instead of showing an empty value without a reason.
        return values, {
            "indicator": code,
            "period": period_info,
            "computed_at": now.isoformat(),
            "status": UNKNOWN,
        }
    value, provenance = figure
    feed = dict(provenance)
    kind = provenance.get("kind")
    if kind not in accepted_kinds(node.method):
        feed["status"] = UNSUPPORTED
        return values, feed
    if value is None:
        feed["status"] = UNDEFINED
        return values, feed
    if node.method in COUNT_METHODS:
        data_values: dict[str, Any] = {"count": int(value)}
    else:
        data_values = {
            "numerator": Decimal(int(provenance["numerator"])),
            "denominator": Decimal(int(provenance["denominator"])),
        }
    data, problems = leaf_input(node, {**data_values, "not_applicable": False})
    if problems or data is None:
        feed["status"] = INVALID
        feed["problems"] = [p.message for p in problems]
        return values, feed
    values.update(data_values)
    policy = assessment.framework.not_applicable_policy
    points = score_leaf(node, data, not_applicable_policy=policy)
    # Kept at the column's precision, rounded here (half up) rather than by the database, so
    # that the next refresh compares like with like and an unchanged value stays untouched.
    values["self_points"] = points.quantize(POINTS_PLACES, rounding=ROUND_HALF_UP)
    feed["status"] = OK
    return values, feed


def _state(entry: CriterionEntry) -> dict[str, Any]:
    return {
        "numerator": entry.numerator,
        "denominator": entry.denominator,
        "count": entry.count,
        "self_points": entry.self_points,
        "feed": entry.feed,
    }


def _comparable(state: Mapping[str, Any]) -> tuple[Any, ...]:
    """What decides whether a refresh changes an entry: the value, the points, and what the
    feed says (status, indicator, period, counts) — not when it was computed."""
    feed = state.get("feed") or {}
    period = (feed.get("period") or {}).get("code")

    def number(value: Any) -> Any:
        return None if value is None else Decimal(value).normalize()

    return (
        number(state.get("numerator")),
        number(state.get("denominator")),
        state.get("count"),
        number(state.get("self_points")),
        feed.get("status"),
        feed.get("indicator"),
        period,
        feed.get("counts"),
    )


def _audit_view(state: Mapping[str, Any]) -> dict[str, Any]:
    feed = state.get("feed") or {}
    return {
        "numerator": _json(state.get("numerator")),
        "denominator": _json(state.get("denominator")),
        "count": state.get("count"),
        "self_points": _json(state.get("self_points")),
        "indicator": feed.get("indicator"),
        "period": (feed.get("period") or {}).get("code"),
        "status": feed.get("status"),
        "counts": feed.get("counts"),
    }
