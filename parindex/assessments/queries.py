"""Reads of the assessment cycle for pages, the API and exports.

Every function here runs a fixed number of queries whatever the number of criteria or units
(the self-assessment form and the results page carry query-count tests).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import get_language

from parindex.assessments.models import (
    AppraisalDecision,
    Assessment,
    AssessmentRound,
    CriterionEntry,
    Evidence,
    EvidenceLink,
    Phase,
    RoundFramework,
    UnitResult,
)
from parindex.assessments.scoring import (
    FrameworkInfo,
    fed_indicator,
    fields_for,
    framework_info,
    is_acceptable,
    is_self_scored,
    peer_group_label,
    totals,
)
from parindex.core.models import AuditEvent
from parindex.frameworks.rule_text import describe_rule
from parindex.lib.scoring.tree import NodeSpec

ZERO = Decimal(0)


def assessment_with_relations(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related("round", "round__province", "unit", "framework").prefetch_related(
        "deadline_exceptions"
    )


@dataclass(frozen=True)
class FeedView:
    """The dossier figures behind a fed criterion, as the self-assessment form shows them.

    Built from the provenance kept on the entry (no query); names follow the active language.
    ``status`` is the feed's (``ok``, ``undefined``, ``unsupported``, ``unknown_indicator``,
    ``invalid``) or ``pending`` when the figures were never computed for the entry.
    """

    status: str
    indicator: str
    indicator_name: str
    kind: str = ""
    period: str = ""
    first_day: dt.date | None = None
    last_day: dt.date | None = None
    counts: tuple[tuple[str, str, int], ...] = ()
    value: Decimal | None = None
    computed_at: dt.datetime | None = None
    dossiers_url: str = ""
    problems: tuple[str, ...] = ()

    @property
    def share_pct(self) -> Decimal | None:
        """A share in % (the value of a ratio indicator)."""
        if self.value is None or self.kind != "ratio":
            return None
        return self.value * 100


def feed_view(entry: CriterionEntry, indicator: str) -> FeedView:
    """The provenance of a fed entry for display (``pending`` before its first refresh)."""
    from parindex.dossiers.indicators.registry import INDICATOR_BY_CODE, MEASURE_BY_CODE

    english = (get_language() or "vi").startswith("en")
    known = INDICATOR_BY_CODE.get(indicator)
    feed: dict[str, Any] = entry.feed or {}
    name_vi = feed.get("indicator_name_vi") or (known.name_vi if known else "")
    name_en = feed.get("indicator_name_en") or (known.name_en if known else "")
    name = (name_en if english and name_en else name_vi) or indicator
    if not feed:
        return FeedView(status="pending", indicator=indicator, indicator_name=name)
    period = feed.get("period") or {}
    counts = []
    for code, number in (feed.get("counts") or {}).items():
        measure = MEASURE_BY_CODE.get(code)
        label = code
        if measure is not None:
            label = measure.name_en if english and measure.name_en else measure.name_vi
        counts.append((code, label, int(number)))
    return FeedView(
        status=str(feed.get("status") or "ok"),
        indicator=str(feed.get("indicator") or indicator),
        indicator_name=name,
        kind=str(feed.get("kind") or (known.kind if known else "")),
        period=str(period.get("code") or ""),
        first_day=_day(period.get("first_day")),
        last_day=_day(period.get("last_day")),
        counts=tuple(counts),
        value=None if feed.get("value") in (None, "") else Decimal(str(feed["value"])),
        computed_at=_moment(feed.get("computed_at")),
        dossiers_url=str(feed.get("dossiers_url") or ""),
        problems=tuple(str(p) for p in feed.get("problems") or ()),
    )


def _day(text: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


def _moment(text: Any) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


@dataclass
class EntryRow:
    """One leaf criterion as the self-assessment, appraisal and breakdown pages show it."""

    entry: CriterionEntry
    node: NodeSpec
    rule: str
    fields: tuple[str, ...]
    self_scored: bool
    files: list[Evidence] = field(default_factory=list)
    #: The dossier indicator that fills this row (read-only for the unit), if any.
    indicator: str | None = None

    @property
    def fed(self) -> bool:
        return self.indicator is not None

    @property
    def acceptable(self) -> bool:
        """The appraisers accept this row (or adjust it with a reason): self-scored, or fed
        with points from its dossier figures."""
        return is_acceptable(self.node, self.entry.feed)

    @property
    def unbound_metric(self) -> bool:
        """A dossier-metric row naming no indicator: no figure fills it (points come from an
        import or the appraisers)."""
        return self.indicator is None and self.node.input_source == "dossier_metric"

    @property
    def feed(self) -> FeedView | None:
        if self.indicator is None:
            return None
        cached: FeedView | None = getattr(self, "_feed", None)
        if cached is None:
            cached = feed_view(self.entry, self.indicator)
            self._feed = cached
        return cached

    @property
    def evidence_required(self) -> str:
        return self.entry.criterion.evidence_required

    @property
    def evidence_missing(self) -> bool:
        return bool(
            self.self_scored
            and self.evidence_required.strip()
            and not self.entry.not_applicable
            and not any(f.kind == "evidence" for f in self.files)
        )

    @property
    def needs_explanation(self) -> bool:
        return self.evidence_missing and not self.entry.explanation.strip()

    @property
    def evidence_files(self) -> list[Evidence]:
        return [f for f in self.files if f.kind == "evidence"]

    @property
    def explanation_files(self) -> list[Evidence]:
        return [f for f in self.files if f.kind == "explanation"]

    @property
    def difference(self) -> Decimal | None:
        entry = self.entry
        final = entry.final_points if entry.final_points is not None else entry.appraised_points
        if final is None or entry.self_points is None:
            return None
        return final - entry.self_points


@dataclass
class AreaBlock:
    code: str
    node: NodeSpec
    rows: list[EntryRow]


def entry_rows(
    assessment: Assessment, *, only: Sequence[int] | None = None, people: bool = False
) -> tuple[FrameworkInfo, list[AreaBlock]]:
    """Every leaf entry of an assessment grouped by area, with its rule in words and its files.

    Three queries (entries, file links, and the framework once per process).
    """
    info = framework_info(assessment.framework)
    entries_qs = (
        CriterionEntry.objects.filter(assessment=assessment)
        .select_related("criterion", "adjustment_reason", "saved_by")
        .order_by("position")
    )
    if people:
        entries_qs = entries_qs.select_related("appraised_by")
    if only is not None:
        entries_qs = entries_qs.filter(pk__in=only)
    entries = list(entries_qs)
    files: dict[int, list[Evidence]] = defaultdict(list)
    for link in (
        EvidenceLink.objects.filter(entry__assessment=assessment)
        .select_related("evidence")
        .order_by("evidence__original_name")
    ):
        files[link.entry_id].append(link.evidence)
    blocks: dict[str, AreaBlock] = {}
    for area in info.spec.areas:
        blocks[area.code] = AreaBlock(area.code, area, [])
    for entry in entries:
        entry.assessment = assessment
        node = info.nodes[entry.criterion.code]
        blocks[info.area_of[node.code]].rows.append(
            EntryRow(
                entry=entry,
                node=node,
                rule=describe_rule(node),
                fields=fields_for(node),
                self_scored=is_self_scored(node),
                files=files.get(entry.pk, []),
                indicator=fed_indicator(node),
            )
        )
    return info, [block for block in blocks.values() if block.rows]


@dataclass
class RunningTotal:
    earned: Decimal
    at_risk: Decimal
    max_points: Decimal
    filled: int
    to_fill: int
    missing_evidence: int


def running_total(blocks: Sequence[AreaBlock]) -> RunningTotal:
    """Points earned so far; points at risk (claimed on criteria that require evidence and have
    neither a file nor an explanation); criteria filled out of those to fill."""
    earned = at_risk = max_points = ZERO
    filled = to_fill = missing = 0
    for block in blocks:
        for row in block.rows:
            if not row.node.is_adjustment:
                max_points += row.node.max_points or ZERO
            if row.fed:
                # Filled from the dossier figures: earned, never to fill nor at risk.
                earned += row.entry.self_points or ZERO
                continue
            if not row.self_scored:
                continue
            to_fill += 1
            points = row.entry.self_points
            if points is not None:
                filled += 1
                earned += points
                if row.needs_explanation:
                    at_risk += max(points, ZERO)
                    missing += 1
    return RunningTotal(earned, at_risk, max_points, filled, to_fill, missing)


def assessment_files(assessment: Assessment) -> list[Evidence]:
    return list(
        Evidence.objects.filter(assessment=assessment, kind="evidence").order_by("original_name")
    )


# --------------------------------------------------------------------------- round tables


@dataclass
class UnitLine:
    """One unit of a round on the round and council pages."""

    assessment: Assessment
    self_points: Decimal
    appraised_points: Decimal | None
    final_points: Decimal | None
    max_points: Decimal | None
    undecided: int
    returned: int


def round_lines(round_: AssessmentRound, assessments: QuerySet[Assessment]) -> list[UnitLine]:
    """Each unit's self → appraised → final points, in two queries."""
    sums = {
        row["assessment_id"]: row
        for row in CriterionEntry.objects.filter(assessment__in=assessments)
        .values("assessment_id")
        .annotate(
            self_total=Sum("self_points"),
            appraised_total=Sum("appraised_points"),
            final_total=Sum("final_points"),
            undecided=Count("id", filter=Q(appraisal_decision="")),
            returned=Count("id", filter=Q(appraisal_decision=AppraisalDecision.RETURNED)),
        )
    }
    lines = []
    for assessment in assessments.select_related("unit", "framework").order_by(
        "unit__kind", "unit__subkind", "unit__code"
    ):
        row: Any = sums.get(assessment.pk, {})
        maximum = framework_info(assessment.framework).spec.computed_max()
        lines.append(
            UnitLine(
                assessment=assessment,
                self_points=row.get("self_total") or ZERO,
                appraised_points=row.get("appraised_total"),
                final_points=row.get("final_total"),
                max_points=maximum,
                undecided=row.get("undecided", 0),
                returned=row.get("returned", 0),
            )
        )
    return lines


def round_area_names(round_: AssessmentRound, lang: str) -> dict[str, str]:
    names: dict[str, str] = {}
    for rf in RoundFramework.objects.filter(round=round_).select_related("framework"):
        for area in framework_info(rf.framework).spec.areas:
            name = area.name_en if lang == "en" and area.name_en else area.name_vi
            names.setdefault(area.code, name)
    return names


@dataclass
class ResultBlock:
    code: str
    label: str
    results: list[UnitResult]


def result_blocks(round_: AssessmentRound) -> list[ResultBlock]:
    """Published results ranked within each peer group (one query)."""
    blocks: dict[str, ResultBlock] = {}
    for result in (
        UnitResult.objects.filter(round=round_)
        .select_related("unit")
        .order_by("peer_group", "rank", "unit__name")
    ):
        block = blocks.setdefault(
            result.peer_group,
            ResultBlock(result.peer_group, str(peer_group_label(result.peer_group)), []),
        )
        block.results.append(result)
    order = ["department", "ward", "commune", "district", "province"]
    return sorted(blocks.values(), key=lambda b: order.index(b.code) if b.code in order else 9)


# --------------------------------------------------------------------------- analysis


def deduction_reasons(round_: AssessmentRound) -> list[dict[str, Any]]:
    """The most frequent reasons for lowering a self-score, with the points they cost."""
    rows: Any = (
        CriterionEntry.objects.filter(
            assessment__round=round_,
            appraisal_decision=AppraisalDecision.ADJUSTED,
            appraised_points__lt=F("self_points"),
        )
        .values(
            "adjustment_reason__code", "adjustment_reason__name_vi", "adjustment_reason__name_en"
        )
        .annotate(times=Count("id"), lost=Sum(F("self_points") - F("appraised_points")))
        .order_by("-times", "-lost", "adjustment_reason__code")[:10]
    )
    return [dict(row) for row in rows]


def criteria_losing_most(round_: AssessmentRound) -> list[dict[str, Any]]:
    """Criteria whose appraisal took the most points off the units' self-scores."""
    rows: Any = (
        CriterionEntry.objects.filter(
            assessment__round=round_,
            appraisal_decision=AppraisalDecision.ADJUSTED,
            appraised_points__lt=F("self_points"),
        )
        .values("criterion__code", "criterion__name_vi", "criterion__name_en", "area_code")
        .annotate(
            units=Count("assessment_id", distinct=True),
            lost=Sum(F("self_points") - F("appraised_points")),
        )
        .order_by("-lost", "criterion__code")[:10]
    )
    return [dict(row) for row in rows]


def timeline(assessment: Assessment, limit: int = 200) -> list[AuditEvent]:
    """The unit's audit events, and the events of its round as a whole, newest first."""
    return list(
        AuditEvent.objects.filter(
            Q(unit_code=assessment.unit.key)
            | Q(
                object_type="assessments.assessmentround",
                object_id=str(assessment.round_id),
            )
        )
        .select_related("actor")
        .order_by("-occurred_at", "-id")[:limit]
    )


def unit_totals(assessment: Assessment, blocks: Sequence[AreaBlock], column: str) -> Any:
    """Totals of one column (``self_points``, ``appraised_points``, ``final_points``)."""
    info = framework_info(assessment.framework)
    points = {row.node.code: getattr(row.entry, column) for b in blocks for row in b.rows}
    excluded = {
        row.node.code
        for b in blocks
        for row in b.rows
        if row.entry.not_applicable
        and (column == "self_points" or row.entry.appraisal_decision == AppraisalDecision.ACCEPTED)
    }
    return totals(info, points, excluded)


def phases_for(assessment: Assessment) -> list[dict[str, Any]]:
    from parindex.assessments.actions import phase_deadline, phase_is_open

    return [
        {
            "phase": phase,
            "label": phase.label,
            "deadline": phase_deadline(assessment, phase),
            "round_deadline": assessment.round.deadline(phase),
            "open": phase_is_open(assessment, phase),
        }
        for phase in Phase
    ]
