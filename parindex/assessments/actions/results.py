"""The council's finalisation of a round and the publication of its results."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.assessments import rules
from parindex.assessments.actions._common import (
    ZERO,
    ActionRefused,
    _deny,
    _json,
    _require_open_round,
)
from parindex.assessments.models import (
    AppraisalDecision,
    Assessment,
    AssessmentRound,
    AssessmentState,
    CriterionEntry,
    PreviousSource,
    RoundStatus,
    UnitResult,
)
from parindex.assessments.scoring import Totals, framework_info, peer_group, totals
from parindex.core.audit import record_audit
from parindex.core.models import AuditAction
from parindex.core.types import Actor
from parindex.lib.errors import Problem
from parindex.lib.ranking import rank_within_groups
from parindex.units.models import LineageLink, Unit


@transaction.atomic
def finalise_round(round_: AssessmentRound, *, actor: Actor) -> AssessmentRound:
    """The council locks the round: every unit's appraised points become its final points."""
    round_ = (
        AssessmentRound.objects.select_for_update().select_related("province").get(pk=round_.pk)
    )
    if not rules.is_system(actor) and not rules.can_council(actor, round_):
        raise _deny(_("Only council members finalise a round."))
    _require_open_round(round_)
    pending = list(
        Assessment.objects.filter(round=round_)
        .exclude(state=AssessmentState.COUNCIL_REVIEW)
        .select_related("unit")
        .order_by("unit__kind", "unit__code")
    )
    if pending:
        raise ActionRefused(
            [
                Problem(
                    _("{unit} is not ready for the council ({state}).").format(
                        unit=a.unit.name, state=a.get_state_display().lower()
                    ),
                    field=a.unit.key,
                )
                for a in pending
            ]
        )
    CriterionEntry.objects.filter(assessment__round=round_).update(
        final_points=F("appraised_points")
    )
    count = Assessment.objects.filter(round=round_).update(state=AssessmentState.APPROVED)
    round_.status = RoundStatus.FINALISED
    round_.finalised_at = timezone.now()
    round_.save(update_fields=["status", "finalised_at", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.ROUND_FINALISE,
        obj=round_,
        unit_code=round_.province.key,
        before={"status": RoundStatus.OPEN},
        after={"status": round_.status, "units": count},
    )
    return round_


def _previous_rates(
    round_: AssessmentRound, units: Sequence[Unit]
) -> dict[int, tuple[Decimal | None, str, str]]:
    """``unit id → (rate, source, note)`` from the previous year's published round, through the
    lineage table for units that did not exist then (a weighted mean of the predecessors that
    have a result, marked derived)."""
    previous = AssessmentRound.objects.filter(
        province=round_.province, year=round_.year - 1, status=RoundStatus.PUBLISHED
    ).first()
    found: dict[int, tuple[Decimal | None, str, str]] = {}
    if previous is None:
        note = _("No published round for {year}.").format(year=round_.year - 1)
        return {u.pk: (None, PreviousSource.NONE, note) for u in units}
    rates = dict(UnitResult.objects.filter(round=previous).values_list("unit_id", "score_pct"))
    links: dict[int, list[LineageLink]] = defaultdict(list)
    for link in LineageLink.objects.filter(successor__in=[u.pk for u in units]).order_by(
        "weight_basis", "predecessor_id"
    ):
        links[link.successor_id].append(link)
    preference = ["population", "area", "dossier_volume", "equal"]
    for unit in units:
        if unit.pk in rates:
            found[unit.pk] = (rates[unit.pk], PreviousSource.SAME_UNIT, "")
            continue
        by_basis: dict[str, list[LineageLink]] = defaultdict(list)
        for link in links.get(unit.pk, []):
            by_basis[link.weight_basis].append(link)
        chosen = None
        for basis in sorted(by_basis, key=lambda b: preference.index(b) if b in preference else 9):
            with_result = [link for link in by_basis[basis] if link.predecessor_id in rates]
            if with_result:
                chosen = (basis, by_basis[basis], with_result)
                break
        if chosen is None:
            note = (
                _("Its predecessors have no result in {year}.").format(year=previous.year)
                if by_basis
                else _("No result in {year}.").format(year=previous.year)
            )
            found[unit.pk] = (None, PreviousSource.NONE, note)
            continue
        basis, all_links, with_result = chosen
        weight = sum((link.weight for link in with_result), ZERO)
        if weight <= 0:
            found[unit.pk] = (None, PreviousSource.NONE, _("Lineage weights are zero."))
            continue
        rate = sum((link.weight * rates[link.predecessor_id] for link in with_result), ZERO)
        note = _("Derived from {count} of {total} predecessors with {basis} weights.").format(
            count=len(with_result), total=len(all_links), basis=basis
        )
        found[unit.pk] = (rate / weight, PreviousSource.LINEAGE, note)
    return found


def _unit_totals(
    round_: AssessmentRound, assessments: Sequence[Assessment]
) -> tuple[dict[int, Totals], dict[int, Decimal]]:
    """Each assessment's totals from its final points, and the sum of its self-scores."""
    points: dict[int, dict[str, Decimal | None]] = defaultdict(dict)
    self_points: dict[int, Decimal] = defaultdict(lambda: ZERO)
    excluded: dict[int, set[str]] = defaultdict(set)
    for assessment_id, code, final, own, not_applicable, decision in CriterionEntry.objects.filter(
        assessment__round=round_
    ).values_list(
        "assessment_id",
        "criterion__code",
        "final_points",
        "self_points",
        "not_applicable",
        "appraisal_decision",
    ):
        points[assessment_id][code] = final
        self_points[assessment_id] += own or ZERO
        if not_applicable and decision == AppraisalDecision.ACCEPTED:
            excluded[assessment_id].add(code)
    computed = {}
    for assessment in assessments:
        info = framework_info(assessment.framework)
        computed[assessment.pk] = totals(info, points[assessment.pk], excluded[assessment.pk])
    return computed, self_points


def _unit_results(round_: AssessmentRound, assessments: Sequence[Assessment]) -> list[UnitResult]:
    """The (unsaved) published result of each assessment: totals, band, rank in its peer group
    and the previous year's rate."""
    computed, self_points = _unit_totals(round_, assessments)
    groups = {a.pk: peer_group(a.unit.kind, a.unit.subkind) for a in assessments}
    rates = {pk: t.score_pct or ZERO for pk, t in computed.items()}
    ranks = rank_within_groups(rates, groups)
    group_sizes: dict[str, int] = defaultdict(int)
    for group in groups.values():
        group_sizes[group] += 1
    previous = _previous_rates(round_, [a.unit for a in assessments])
    results = []
    for assessment in assessments:
        result = computed[assessment.pk]
        prev_rate, prev_source, prev_note = previous[assessment.unit_id]
        band = result.band
        results.append(
            UnitResult(
                round=round_,
                unit=assessment.unit,
                peer_group=groups[assessment.pk],
                self_points=self_points[assessment.pk],
                total_points=result.total,
                max_points=result.applicable_max_points,
                score_pct=(result.score_pct or ZERO).quantize(Decimal("0.0001")),
                band=band.code if band else "",
                band_name_vi=band.name_vi if band else "",
                band_name_en=band.name_en if band else "",
                rank=ranks[assessment.pk],
                peer_count=group_sizes[groups[assessment.pk]],
                component_index=result.component_index(),
                previous_score_pct=None
                if prev_rate is None
                else prev_rate.quantize(Decimal("0.0001")),
                previous_source=prev_source,
                previous_note=prev_note,
            )
        )
    return results


@transaction.atomic
def publish_results(round_: AssessmentRound, *, actor: Actor) -> list[UnitResult]:
    """Publish a finalised round: each unit's points, rate, component rates per area, band,
    competition rank within its peer group, and the previous year's rate beside it."""
    round_ = (
        AssessmentRound.objects.select_for_update().select_related("province").get(pk=round_.pk)
    )
    if not rules.can_admin(actor, round_):
        raise _deny(_("Only the PAR office administrator publishes results."))
    if round_.status != RoundStatus.FINALISED:
        raise ActionRefused(
            _(
                "Only a round finalised by the council can be published (this one is {status})."
            ).format(status=round_.get_status_display().lower())
        )
    assessments = list(Assessment.objects.filter(round=round_).select_related("unit", "framework"))
    results = _unit_results(round_, assessments)
    UnitResult.objects.bulk_create(results)
    Assessment.objects.filter(round=round_).update(state=AssessmentState.PUBLISHED)
    round_.status = RoundStatus.PUBLISHED
    round_.published_at = timezone.now()
    round_.save(update_fields=["status", "published_at", "updated_at"])
    record_audit(
        actor=actor,
        action=AuditAction.ROUND_PUBLISH,
        obj=round_,
        unit_code=round_.province.key,
        before={"status": RoundStatus.FINALISED},
        after={
            "status": round_.status,
            "results": {
                r.unit.key: {"rate_pct": _json(r.score_pct), "rank": r.rank, "band": r.band}
                for r in results
            },
        },
    )
    return results
