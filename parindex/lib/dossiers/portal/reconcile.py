"""Reconciling the national portal's Decision 766 responses with our formulas.

Framework-free (no Django). :func:`reconcile` recomputes every score it can from the raw
parameters of responses read by :mod:`parindex.lib.dossiers.portal.parsing` and compares it with
the portal's official value (docs/qd766.md, "Reconciliation"):

* a **check** compares the official value with our value rounded half up to 2 decimals; it agrees
  when ``|official − round_half_up(computed, 2)| ≤ 0.015`` (so a difference of 0.01, one unit of
  the last displayed digit, is tolerated, 0.02 is not), or when both are null;
* tree tabs: one check per unit whose raw parameters are all present (the tab score);
* metrics tabs: one check per scored metric (``maxScore`` > 0 in the profile) and one per unit
  for ``totalScore``, recomputed as the sum of the unit's recomputed metric scores each rounded
  half up to 2 decimals (what the portal does, see docs/qd766.md);
* anything not recomputable is **skipped** with a reason, never counted as checked.

Units are keyed by ``departmentCode`` when present, else by their normalised name (NFC,
case-folded, whitespace collapsed); a name-keyed unit is resolved to the code of a unit of the same
normalised name in another response of the batch when there is exactly one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.lib.dossiers import qd766
from parindex.lib.dossiers.portal.shapes import PortalResponse, PortalUnit, normalise_name
from parindex.lib.i18n import _

TOLERANCE = Decimal("0.015")


def gettext_noop(message: str) -> str:
    """Marks a message for extraction (xgettext knows this name); translated later with ``_``."""
    return message


#: Why a score was not checked: reason code → English description (translated on use).
SKIP_REASONS: dict[str, str] = {
    "raw_parameters_null":
        gettext_noop("raw parameters are null: only the official score is known"),
    "unscored": gettext_noop("the metric is tracked only (maximum 0, score null)"),
    "metric_absent": gettext_noop("the metric is missing from the unit's metrics list"),
    "unknown_metric": gettext_noop("the metric code is not in the profile"),
    "official_score_missing": gettext_noop("the response carries no official score"),
    "total_not_recomputable": gettext_noop("a metric of the unit could not be recomputed"),
}  # fmt: skip


def skip_reason_text(reason: str) -> str:
    return _(SKIP_REASONS.get(reason, reason))


@dataclass(frozen=True)
class Check:
    """One official score compared with ours. ``metric`` is empty for a tab's score."""

    unit: str
    unit_name: str
    matched_by: str
    group: str
    metric: str
    official: Decimal | None
    computed: Decimal | None  # unrounded

    @property
    def computed_rounded(self) -> Decimal | None:
        return None if self.computed is None else qd766.round_half_up(self.computed)

    @property
    def diff(self) -> Decimal | None:
        if self.official is None or self.computed is None:
            return None
        return abs(self.official - qd766.round_half_up(self.computed))

    def agrees(self, tolerance: Decimal = TOLERANCE) -> bool:
        if self.official is None or self.computed is None:
            return self.official is None and self.computed is None
        diff = self.diff
        return diff is not None and diff <= tolerance

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "matched_by": self.matched_by,
            "group": self.group,
            "metric": self.metric or None,
            "official": self.official,
            "computed": self.computed_rounded,
            "computed_unrounded": self.computed,
            "diff": self.diff,
        }


@dataclass(frozen=True)
class Skip:
    unit: str
    unit_name: str
    group: str
    metric: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "group": self.group,
            "metric": self.metric or None,
            "reason": self.reason,
            "reason_text": skip_reason_text(self.reason),
        }


@dataclass(frozen=True)
class Remark:
    """A data-quality flag: never changes a score, always shown."""

    unit: str
    unit_name: str
    group: str
    metric: str
    flag: str
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "unit_name": self.unit_name,
            "group": self.group,
            "metric": self.metric or None,
            "flag": self.flag,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class UnitMatch:
    """How one appearance of a unit (in one response) was identified.

    ``matched_by`` is ``code`` (its ``departmentCode``) or ``name`` (no code: keyed by the
    normalised name, and resolved to ``resolved_code`` when exactly one coded unit of the batch
    has the same normalised name). ``key`` is the code, the resolved code, or the normalised name.
    """

    key: str
    name: str
    group: str
    source: str
    matched_by: str  # code | name
    resolved_code: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "group": self.group,
            "file": self.source,
            "matched_by": self.matched_by,
            "resolved_code": self.resolved_code or None,
        }


@dataclass
class Report:
    profile: str
    tolerance: Decimal
    files: list[dict[str, Any]] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    skips: list[Skip] = field(default_factory=list)
    remarks: list[Remark] = field(default_factory=list)
    units: list[UnitMatch] = field(default_factory=list)

    @property
    def checked(self) -> int:
        return len(self.checks)

    @property
    def within_tolerance(self) -> int:
        return sum(1 for c in self.checks if c.agrees(self.tolerance))

    @property
    def exact(self) -> int:
        return sum(1 for c in self.checks if c.diff == 0 or (c.official is c.computed is None))

    @property
    def max_abs_diff(self) -> Decimal:
        diffs = [c.diff for c in self.checks if c.diff is not None]
        return max(diffs, default=Decimal("0.00"))

    @property
    def mismatches(self) -> list[Check]:
        return [c for c in self.checks if not c.agrees(self.tolerance)]

    @property
    def skipped(self) -> int:
        return len(self.skips)

    def group_summary(self) -> dict[str, dict[str, Any]]:
        summary: dict[str, dict[str, Any]] = {}
        for entry in self.files:
            g = summary.setdefault(
                entry["group"],
                {"files": 0, "units": 0, "checked": 0, "within_tolerance": 0, "mismatches": 0,
                 "skipped": 0, "max_abs_diff": Decimal("0.00")},
            )  # fmt: skip
            g["files"] += 1
            g["units"] += entry["units"]
        for check in self.checks:
            g = summary[check.group]
            g["checked"] += 1
            if check.agrees(self.tolerance):
                g["within_tolerance"] += 1
            else:
                g["mismatches"] += 1
            if check.diff is not None and check.diff > g["max_abs_diff"]:
                g["max_abs_diff"] = check.diff
        for skip in self.skips:
            summary[skip.group]["skipped"] += 1
        return summary

    def as_dict(self, *, details: bool = False) -> dict[str, Any]:
        by = Counter(u.matched_by for u in self.units)
        name_matched = [u for u in self.units if u.matched_by == "name"]
        payload: dict[str, Any] = {
            "profile": self.profile,
            "tolerance": self.tolerance,
            "files": self.files,
            "checked": self.checked,
            "within_tolerance": self.within_tolerance,
            "exact": self.exact,
            "max_abs_diff": self.max_abs_diff,
            "mismatches": [c.as_dict() for c in self.mismatches],
            "skipped": self.skipped,
            "skipped_reasons": dict(sorted(Counter(s.reason for s in self.skips).items())),
            "groups": self.group_summary(),
            "matching": {
                "units": len({u.key for u in self.units}),
                "by_code": by.get("code", 0),
                "by_name": by.get("name", 0),
                "by_name_resolved": sum(1 for u in name_matched if u.resolved_code),
                "by_name_unresolved": sum(1 for u in name_matched if not u.resolved_code),
                "name_matched": [u.as_dict() for u in name_matched],
            },
            "flags": [r.as_dict() for r in self.remarks],
        }
        if details:
            payload["skipped_items"] = [s.as_dict() for s in self.skips]
            payload["units"] = [u.as_dict() for u in self.units]
            payload["checks"] = [c.as_dict() for c in self.checks]
        return payload


def _resolve_units(responses: Sequence[PortalResponse]) -> dict[str, tuple[str, str]]:
    """unit key → (reported key, resolved code) for every unit of the batch."""
    by_name: dict[str, set[str]] = {}
    for response in responses:
        for unit in response.units:
            if unit.code:
                by_name.setdefault(normalise_name(unit.name), set()).add(unit.code)
    resolved: dict[str, tuple[str, str]] = {}
    for response in responses:
        for unit in response.units:
            if unit.code:
                resolved[unit.key] = (unit.code, "")
            else:
                codes = by_name.get(unit.key, set())
                code = next(iter(codes)) if len(codes) == 1 else ""
                resolved[unit.key] = (code or unit.key, code)
    return resolved


def reconcile(
    responses: Iterable[PortalResponse],
    *,
    profile: str | qd766.Profile = qd766.DEFAULT_PROFILE,
    tolerance: Decimal = TOLERANCE,
) -> Report:
    """Recompute every score the responses allow and compare it with the official one."""
    prof = qd766.get_profile(profile)
    items = list(responses)
    report = Report(profile=prof.id, tolerance=tolerance)
    resolved = _resolve_units(items)
    for response in items:
        report.files.append(
            {
                "file": response.source,
                "group": response.group,
                "period": response.period.label if response.period else None,
                "units": len(response.units),
                "sha256": response.sha256,
            }
        )
        group = prof.group(response.group)
        for unit in response.units:
            key, code = resolved[unit.key]
            report.units.append(
                UnitMatch(key, unit.name, response.group, response.source, unit.keyed_by, code)
            )
            ctx = (key, unit.name, unit.keyed_by)
            if unit.official_max is not None and unit.official_max != group.pmax:
                report.remarks.append(
                    Remark(key, unit.name, group.group, "", "max_score_differs",
                           f"{unit.official_max} ≠ {group.pmax}")
                )  # fmt: skip
            if group.shape is qd766.Shape.TREE:
                _check_tree(report, prof, group, unit, ctx)
            else:
                _check_metrics(report, prof, group, unit, ctx)
    return report


def _check_tree(
    report: Report,
    prof: qd766.Profile,
    group: qd766.GroupDefinition,
    unit: PortalUnit,
    ctx: tuple[str, str, str],
) -> None:
    key, name, matched_by = ctx
    if unit.official_score is None:
        report.skips.append(Skip(key, name, group.group, "", "official_score_missing"))
        return
    try:
        tab = qd766.score_tree(group.group, unit.params, profile=prof)
    except qd766.MissingParameters:
        report.skips.append(Skip(key, name, group.group, "", "raw_parameters_null"))
        return
    for code, flag in tab.flags:
        report.remarks.append(Remark(key, name, group.group, code, str(flag)))
    report.checks.append(
        Check(key, name, matched_by, group.group, "", unit.official_score, tab.score)
    )


def _check_metrics(
    report: Report,
    prof: qd766.Profile,
    group: qd766.GroupDefinition,
    unit: PortalUnit,
    ctx: tuple[str, str, str],
) -> None:
    key, name, matched_by = ctx
    rules = {r.code: r for r in prof.rules_of(group.group)}
    present = {m.code for m in unit.metrics}
    total_parts: list[Decimal | None] = []
    recomputable = True
    for metric in unit.metrics:
        rule = rules.get(metric.code)
        if rule is None:
            report.skips.append(Skip(key, name, group.group, metric.code, "unknown_metric"))
            recomputable = recomputable and metric.score is None
            continue
        if metric.quality:
            report.remarks.append(
                Remark(key, name, group.group, metric.code, "data_quality", metric.quality)
            )
        if metric.max_score is not None and metric.max_score != rule.pmax:
            report.remarks.append(
                Remark(key, name, group.group, metric.code, "max_score_differs",
                       f"{metric.max_score} ≠ {rule.pmax}")
            )  # fmt: skip
        term = qd766.score_term(rule, metric.numerator, metric.denominator)
        for flag in term.flags:
            report.remarks.append(Remark(key, name, group.group, metric.code, str(flag)))
        if rule.kind is qd766.RuleKind.UNSCORED:
            report.skips.append(Skip(key, name, group.group, metric.code, "unscored"))
            continue
        report.checks.append(
            Check(key, name, matched_by, group.group, metric.code, metric.score, term.score)
        )
        total_parts.append(term.score)
    for code, rule in rules.items():
        if code in present or rule.kind is qd766.RuleKind.UNSCORED:
            continue
        report.skips.append(Skip(key, name, group.group, code, "metric_absent"))
        if rule.kind is qd766.RuleKind.FIXED:
            # Full points whatever the data: the portal adds them even when the row is missing.
            report.remarks.append(
                Remark(key, name, group.group, code, "fixed_points_without_metric", str(rule.pmax))
            )
            total_parts.append(rule.pmax)
        else:
            recomputable = False
    if unit.official_score is None:
        report.skips.append(Skip(key, name, group.group, "", "official_score_missing"))
    elif not recomputable:
        report.skips.append(Skip(key, name, group.group, "", "total_not_recomputable"))
    else:
        total = qd766.total_score(
            None if s is None else qd766.round_half_up(s) for s in total_parts
        )
        report.checks.append(
            Check(key, name, matched_by, group.group, "", unit.official_score, total)
        )
