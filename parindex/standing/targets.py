"""Target plans as data (docs/targets-format.md): reading a plan file, checking it against the
registry, and evaluating each rule for each year as met, not met or not yet decidable, always
with the figures that decided it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import IO, Any

import yaml
from django.utils.translation import gettext as _

from parindex.assessments.models import UnitResult
from parindex.lib.errors import InputRejected, Problem
from parindex.standing import queries
from parindex.standing.importing import table_size
from parindex.standing.models import (
    DecisionKind,
    PeerGroup,
    PlanStatus,
    TargetPlan,
    TargetStatus,
)
from parindex.units import queries as unit_queries
from parindex.units.models import Unit, WeightBasis

Source = str | Path | IO[str] | IO[bytes]

RULES = (
    "rank_at_most",
    "rank_improvement",
    "unit_self_improvement",
    "unit_mean_above_province",
    "component_rate_at_least",
)
#: Parameters each rule requires (name → type) and allows.
REQUIRED: dict[str, dict[str, type]] = {
    "rank_at_most": {"rank": int},
    "rank_improvement": {"by": int},
    "unit_self_improvement": {},
    "unit_mean_above_province": {},
    "component_rate_at_least": {"area": str, "rate": float},
}
OPTIONAL: dict[str, dict[str, type]] = {
    "rank_at_most": {"out_of": int},
    "rank_improvement": {},
    "unit_self_improvement": {"peer_groups": list},
    "unit_mean_above_province": {"baseline": str, "weight_basis": str, "peer_groups": list},
    "component_rate_at_least": {"scope": str},
}
TARGET_KEYS = {
    "id",
    "rule",
    "year",
    "years",
    "owner",
    "status",
    "legal_source",
    "wording",
    "derived_from",
    "decisions",
    "note",
    "policy",
}
PLAN_KEYS = {
    "plan",
    "title",
    "owner",
    "legal_source",
    "source_url",
    "status",
    "years",
    "rebased_from",
    "notes",
    "targets",
    "illustrative",
}
DECISION_KEYS = {"action", "decision", "date", "before", "after", "note"}
_YEARS = re.compile(r"^\s*(\d{4})\s*(?:[-–]\s*(\d{4})\s*)?$")
TWO = Decimal("0.01")

#: The UnitResult fields the standing app reads (the assessments app may add others).
RESULT_FIELDS = (
    "round",
    "unit",
    "peer_group",
    "rate_pct",
    "rank",
    "component_rates",
    "previous_rate_pct",
)

MET, NOT_MET, UNDECIDABLE, PROGRESS = "met", "not_met", "undecidable", "progress"


# --- reading a plan -----------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """Safe YAML loader that remembers the line of every mapping (as ``__line__``)."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping: dict[str, Any] = {
        str(k): v for k, v in loader.construct_mapping(node, deep=True).items()
    }
    mapping["__line__"] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


@dataclass
class DecisionSpec:
    kind: str
    decision: str
    decided_on: dt.date | None = None
    before: Any = None
    after: Any = None
    note: str = ""


@dataclass
class TargetSpec:
    key: str
    rule: str
    params: dict[str, Any]
    year_from: int
    year_to: int
    owner: str
    status: str = TargetStatus.ACTIVE
    legal_source: str = ""
    wording: str = ""
    derived_from: str = ""
    decisions: list[DecisionSpec] = field(default_factory=list)
    line: int | None = None

    @property
    def years(self) -> range:
        return range(self.year_from, self.year_to + 1)


@dataclass
class PlanSpec:
    slug: str
    title: str
    owner: str
    legal_source: str
    status: str
    year_from: int
    year_to: int
    targets: list[TargetSpec]
    source_url: str = ""
    rebased_from: str = ""
    notes: str = ""
    illustrative: bool = False
    text: str = ""
    file_name: str = ""


def _years(value: Any) -> tuple[int, int] | None:
    match = _YEARS.match(str(value))
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else None


def read_plan_text(source: Source) -> tuple[str, str]:
    if isinstance(source, str | Path):
        return str(source), Path(source).read_text(encoding="utf-8")
    raw = source.read()
    return getattr(source, "name", "") or "-", (
        raw.decode("utf-8") if isinstance(raw, bytes) else raw
    )


def parse_plan(source: Source) -> PlanSpec:
    """Read and check a plan file on its own; ``InputRejected`` lists every problem."""
    name, text = read_plan_text(source)
    try:
        data = yaml.load(text, Loader=_LineLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputRejected(
            [
                Problem(
                    _("The file is not valid YAML: {error}").format(error=exc),
                    line=mark.line + 1 if mark else None,
                )
            ]
        ) from exc
    if not isinstance(data, dict):
        raise InputRejected([Problem(_("A plan file must be a mapping with 'targets'."))])
    problems: list[Problem] = []
    line = data.get("__line__")

    def need(key: str) -> str:
        value = data.get(key)
        if value in (None, ""):
            problems.append(Problem(_("A value is required."), line=line, field=key))
            return ""
        return str(value)

    for key in data:
        if key != "__line__" and key not in PLAN_KEYS:
            problems.append(Problem(_("Unknown key."), line=line, field=str(key)))
    slug = need("plan")
    if slug and not re.match(r"^[-a-z0-9_]+$", slug):
        problems.append(
            Problem(_("Use lowercase letters, digits and dashes."), line=line, field="plan")
        )
    status = str(data.get("status") or PlanStatus.ACTIVE)
    if status not in PlanStatus.values:
        problems.append(
            Problem(
                _("“{value}” is not allowed here; use one of: {choices}.").format(
                    value=status, choices=", ".join(PlanStatus.values)
                ),
                line=line,
                field="status",
            )
        )
    span = _years(data.get("years"))
    if span is None:
        problems.append(
            Problem(_("Give the years as YYYY or YYYY-YYYY."), line=line, field="years")
        )
    plan_owner = need("owner")
    targets: list[TargetSpec] = []
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        problems.append(Problem(_("A plan needs at least one target."), line=line, field="targets"))
        raw_targets = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_targets, start=1):
        target = _parse_target(raw, index, plan_owner, span, seen, problems)
        if target is not None:
            targets.append(target)
    if problems:
        raise InputRejected(problems)
    assert span is not None
    return PlanSpec(
        slug=slug,
        title=need("title") or slug,
        owner=plan_owner,
        legal_source=str(data.get("legal_source") or ""),
        status=status,
        year_from=span[0],
        year_to=span[1],
        targets=targets,
        source_url=str(data.get("source_url") or ""),
        rebased_from=str(data.get("rebased_from") or ""),
        notes=str(data.get("notes") or ""),
        illustrative=bool(data.get("illustrative", False)),
        text=text,
        file_name=Path(name).name,
    )


def _parse_target(
    raw: Any,
    index: int,
    plan_owner: str,
    span: tuple[int, int] | None,
    seen: set[str],
    problems: list[Problem],
) -> TargetSpec | None:
    if not isinstance(raw, dict):
        problems.append(
            Problem(_("Target {index} must be a mapping.").format(index=index), field="targets")
        )
        return None
    line = raw.get("__line__")
    key = str(raw.get("id") or "")
    label = key or "#{}".format(index)

    def bad(field_name: str, message: str) -> None:
        problems.append(
            Problem(
                _("Rule “{rule}”: {message}").format(rule=label, message=message),
                line=line,
                field=field_name,
            )
        )

    if not key:
        bad("id", _("a target needs an id."))
    elif key in seen:
        bad("id", _("the id is used twice."))
    seen.add(key)
    rule = str(raw.get("rule") or "")
    if rule not in RULES:
        bad(
            "rule",
            _("“{value}” is not a rule; use one of: {choices}.").format(
                value=rule, choices=", ".join(RULES)
            ),
        )
        return None
    params: dict[str, Any] = {}
    for name in REQUIRED[rule]:
        if name not in raw:
            bad(name, _("the parameter “{name}” is required.").format(name=name))
            continue
        params[name] = raw[name]
    for name in OPTIONAL[rule]:
        if name in raw:
            params[name] = raw[name]
    allowed = TARGET_KEYS | set(REQUIRED[rule]) | set(OPTIONAL[rule]) | {"__line__"}
    for name in raw:
        if name not in allowed:
            bad(str(name), _("unknown key for this rule."))
    for name, kind in {**REQUIRED[rule], **OPTIONAL[rule]}.items():
        if name not in params:
            continue
        value = params[name]
        if kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
            bad(name, _("“{value}” must be a whole number of 1 or more.").format(value=value))
        elif kind is float:
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not (0 <= value <= 100)
            ):
                bad(name, _("“{value}” must be a number from 0 to 100.").format(value=value))
            else:
                params[name] = float(value)
        elif kind is str and not isinstance(value, str):
            bad(name, _("“{value}” must be text.").format(value=value))
        elif kind is list and not isinstance(value, list):
            bad(name, _("“{value}” must be a list.").format(value=value))
    if rule == "unit_mean_above_province":
        baseline = params.get("baseline", "published")
        if baseline not in ("published", "lineage"):
            bad("baseline", _("use 'published' or 'lineage'."))
        basis = params.get("weight_basis")
        if basis is not None and basis not in WeightBasis.values:
            bad(
                "weight_basis",
                _("“{value}” is not allowed here; use one of: {choices}.").format(
                    value=basis, choices=", ".join(WeightBasis.values)
                ),
            )
    if rule == "component_rate_at_least" and params.get("scope", "national") not in (
        "national",
        "internal_mean",
    ):
        bad("scope", _("use 'national' or 'internal_mean'."))
    years_value = raw.get("years", raw.get("year"))
    years = _years(years_value) if years_value is not None else span
    if years is None:
        bad("years", _("give the years as YYYY or YYYY-YYYY."))
        return None
    status = str(raw.get("status") or TargetStatus.ACTIVE)
    if status not in TargetStatus.values:
        bad(
            "status",
            _("“{value}” is not allowed here; use one of: {choices}.").format(
                value=status, choices=", ".join(TargetStatus.values)
            ),
        )
    decisions = []
    for item in raw.get("decisions") or []:
        if not isinstance(item, dict) or item.get("action") not in DecisionKind.values:
            bad(
                "decisions",
                _("each decision needs an action: {choices}.").format(
                    choices=", ".join(DecisionKind.values)
                ),
            )
            continue
        unknown = [k for k in item if k not in DECISION_KEYS and k != "__line__"]
        if unknown:
            bad("decisions", _("unknown key “{key}”.").format(key=unknown[0]))
        if not item.get("decision"):
            bad("decisions", _("each decision must say who decided it (decision)."))
        on = item.get("date")
        if on is not None and not isinstance(on, dt.date):
            bad("decisions", _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=on))
            on = None
        decisions.append(
            DecisionSpec(
                kind=item["action"],
                decision=str(item.get("decision") or ""),
                decided_on=on,
                before=_strip_lines(item.get("before")),
                after=_strip_lines(item.get("after")),
                note=str(item.get("note") or ""),
            )
        )
    return TargetSpec(
        key=key,
        rule=rule,
        params=params,
        year_from=years[0],
        year_to=years[1],
        owner=str(raw.get("owner") or plan_owner),
        status=status,
        legal_source=str(raw.get("legal_source") or ""),
        wording=str(raw.get("wording") or ""),
        derived_from=str(raw.get("derived_from") or ""),
        decisions=decisions,
        line=line,
    )


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != "__line__"}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plan_from_db(plan: TargetPlan) -> PlanSpec:
    """A stored plan with its targets' current owners, parameters and statuses."""
    return PlanSpec(
        slug=plan.slug,
        title=plan.title,
        owner=plan.owner.key,
        legal_source=plan.legal_source,
        status=plan.status,
        year_from=plan.year_from,
        year_to=plan.year_to,
        source_url=plan.source_url,
        rebased_from=plan.rebased_from,
        text=plan.definition,
        file_name=plan.file_name,
        targets=[
            TargetSpec(
                key=t.key,
                rule=t.rule,
                params=dict(t.params),
                year_from=t.year_from,
                year_to=t.year_to,
                owner=t.owner.key,
                status=t.status,
                legal_source=t.legal_source,
                wording=t.wording,
                derived_from=t.derived_from,
                decisions=[
                    DecisionSpec(d.kind, d.decision, d.decided_on, d.before, d.after, d.note)
                    for d in t.decisions.all()
                ],
            )
            for t in plan.targets.select_related("owner").prefetch_related("decisions")
        ],
    )


def load_plan(reference: str) -> PlanSpec:
    """A plan from a file path, or a stored plan by its identifier."""
    path = Path(reference)
    if path.exists():
        return parse_plan(path)
    stored = TargetPlan.objects.filter(slug=reference).select_related("owner").first()
    if stored is None:
        raise InputRejected(
            [
                Problem(
                    _("No plan file or stored plan is called “{value}”.").format(value=reference),
                    field="PLAN",
                )
            ]
        )
    return plan_from_db(stored)


def resolve_units(plan: PlanSpec) -> dict[str, Unit]:
    """The plan's owner and target owners as units; problems name the rule."""
    problems: list[Problem] = []
    found: dict[str, Unit] = {}

    def resolve(code: str, rule: str | None, line: int | None) -> None:
        if code in found:
            return
        try:
            found[code] = unit_queries.find_unit(code)
        except InputRejected as exc:
            detail = "; ".join(p.message for p in exc.problems)
            message = (
                _("Rule “{rule}”: unknown owner unit “{code}”: {detail}").format(
                    rule=rule, code=code, detail=detail
                )
                if rule
                else _("Unknown owner unit “{code}”: {detail}").format(code=code, detail=detail)
            )
            problems.append(Problem(message, line=line, field="owner"))

    resolve(plan.owner, None, None)
    for target in plan.targets:
        resolve(target.owner, target.key, target.line)
    if problems:
        raise InputRejected(problems)
    return found


def check_plan_years(plan: PlanSpec) -> None:
    """Refuse rules naming a year the registry can never hold data for (before its first year,
    or a past year it has no table for). Future years are fine: they are not decidable yet."""
    first, last = queries.registry_years()
    problems: list[Problem] = []
    if first is None or last is None:
        raise InputRejected(
            [
                Problem(
                    _(
                        "The registry holds no national results; import them first "
                        "(./run standing import --shipped)."
                    )
                )
            ]
        )
    known = set(queries.years_with_data())
    for target in plan.targets:
        for year in target.years:
            if year < first or (year <= last and year not in known):
                problems.append(
                    Problem(
                        _(
                            "Rule “{rule}” names {year}, a year with no national results in "
                            "the registry (it holds {first}–{last})."
                        ).format(rule=target.key, year=year, first=first, last=last),
                        line=target.line,
                        field="years",
                    )
                )
                break
    if problems:
        raise InputRejected(problems)


# --- evaluating ---------------------------------------------------------------------------------


@dataclass
class Evaluation:
    target: str
    rule: str
    year: int
    status: str
    message: str
    figures: dict[str, Any] = field(default_factory=dict)
    reason: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "rule": self.rule,
            "year": self.year,
            "status": self.status,
            "reason": self.reason or None,
            "message": self.message,
            "figures": self.figures,
        }


def status_label(status: str) -> str:
    return {
        MET: _("met"),
        NOT_MET: _("not met"),
        UNDECIDABLE: _("not yet decidable"),
        PROGRESS: _("progress (before the target year)"),
    }[status]


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO, rounding=ROUND_HALF_UP)


def previous_unit_rate(result: UnitResult, year: int) -> dict[str, Any]:
    """A unit's own previous-year rate: as recorded with its result, its own previous
    result, or a lineage-weighted value of its predecessors' results (derived)."""
    if result.previous_rate_pct is not None:
        return {"value": result.previous_rate_pct, "kind": "recorded_with_result"}
    own = (
        UnitResult.objects.filter(unit=result.unit, round__year=year - 1)
        .only(*RESULT_FIELDS)
        .first()
    )
    if own is not None:
        return {"value": own.rate_pct, "kind": "own_result"}
    grouped = queries.lineage_links(result.unit)
    for basis, links in sorted(grouped.items()):
        values = []
        for link in links:
            previous = (
                UnitResult.objects.filter(unit=link.predecessor, round__year=year - 1)
                .only(*RESULT_FIELDS)
                .first()
            )
            values.append((link, previous.rate_pct if previous else None))
        if links and all(value is not None for _link, value in values):
            total = sum((link.weight * v for link, v in values if v is not None), Decimal(0))
            return {
                "value": _q(total),
                "kind": "derived",
                "weight_basis": basis,
                "inputs": [
                    {"predecessor": link.predecessor.key, "weight": link.weight, "rate": v}
                    for link, v in values
                ],
            }
    return {"value": None, "kind": "none"}


def internal_results(
    unit: Unit, year: int, peer_groups: list[str] | None = None
) -> list[UnitResult]:
    """The published internal results of a province's units for one year."""
    found = (
        UnitResult.objects.filter(round__province=unit, round__year=year)
        .select_related("unit")
        .only(*RESULT_FIELDS)
    )
    if peer_groups:
        found = found.filter(peer_group__in=peer_groups)
    return list(found.order_by("peer_group", "rank", "unit__code"))


class Evaluator:
    """Evaluates the targets of one plan against the registry and the internal results."""

    def __init__(self, plan: PlanSpec, units: dict[str, Unit]):
        self.plan = plan
        self.units = units
        _first, last = queries.registry_years()
        self.last_year = last or 0
        self._tables: dict[int, queries.YearTable] = {}

    # helpers

    def table(self, year: int) -> queries.YearTable:
        if year not in self._tables:
            self._tables[year] = queries.year_table(year)
        return self._tables[year]

    def no_unit(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        successors = list(unit_queries.successors(unit))
        if successors and unit.valid_to is not None and year >= unit.valid_to.year:
            names = ", ".join(unit_queries.unit_dict(link.successor)["key"] for link in successors)
            message = _(
                "{unit} did not exist as such in {year}: since {date} it is part of {successors}"
                "; the {year} index ranks {size} provinces."
            ).format(
                unit=queries.unit_label(unit),
                year=year,
                date=unit.valid_to.strftime("%d/%m/%Y"),
                successors=", ".join(queries.unit_label(link.successor) for link in successors),
                size=table_size(PeerGroup.PROVINCE, year) or "?",
            )
            figures = {"valid_to": unit.valid_to, "successors": names.split(", ")}
        else:
            message = _("{unit} did not exist in {year}.").format(
                unit=queries.unit_label(unit), year=year
            )
            figures = {"valid_from": unit.valid_from, "valid_to": unit.valid_to}
        return Evaluation(
            target.key, target.rule, year, UNDECIDABLE, message, figures, "unit_did_not_exist"
        )

    def missing_result(self, target: TargetSpec, unit: Unit, year: int, what: str) -> Evaluation:
        if year > self.last_year:
            return Evaluation(
                target.key,
                target.rule,
                year,
                UNDECIDABLE,
                _(
                    "No result published yet for {year} (the registry's latest year is {last})."
                ).format(year=year, last=self.last_year),
                {"latest_year": self.last_year},
                "no_result_published",
            )
        table = self.table(year)
        return Evaluation(
            target.key,
            target.rule,
            year,
            UNDECIDABLE,
            _("{unit}'s {year} {what} is not in the registry ({gap}).").format(
                unit=queries.unit_label(unit), year=year, what=what, gap=table.gap_text()
            ),
            {"table_size": table.size, "known": table.known},
            "not_in_registry",
        )

    def province_rate(self, unit: Unit, year: int, params: dict[str, Any]) -> dict[str, Any]:
        """The province's published rate of ``year``, or a lineage-weighted baseline (derived)
        when the province did not exist then or the rule asks for it."""
        use_lineage = params.get("baseline") == "lineage" or not queries.exists_in_year(unit, year)
        if not use_lineage:
            result = queries.result_of(unit, year)
            return {
                "value": result.par_index if result else None,
                "kind": "published",
                "year": year,
                "published_rank": result.published_rank if result else None,
                "source": result.source_url if result else None,
            }
        baselines = queries.lineage_baseline(unit, year, params.get("weight_basis"))
        if not baselines:
            return {"value": None, "kind": "derived", "year": year, "inputs": []}
        chosen = next((b for b in baselines if b.value is not None), baselines[0])
        data = chosen.as_dict()
        data["kind"] = "derived"
        return data

    def internal_results(self, unit: Unit, year: int, params: dict[str, Any]) -> list[UnitResult]:
        return internal_results(unit, year, params.get("peer_groups"))

    # rules

    def evaluate(self) -> list[tuple[TargetSpec, list[Evaluation]]]:
        return [(target, self.evaluate_target(target)) for target in self.plan.targets]

    def evaluate_target(self, target: TargetSpec) -> list[Evaluation]:
        unit = self.units[target.owner]
        evaluations = []
        if target.rule == "rank_at_most":
            for year in range(self.plan.year_from, target.year_from):
                if queries.exists_in_year(unit, year):
                    evaluations.append(self.rank_progress(target, unit, year))
        for year in target.years:
            if not queries.exists_in_year(unit, year):
                evaluations.append(self.no_unit(target, unit, year))
                continue
            method = getattr(self, "rule_" + target.rule)
            evaluations.append(method(target, unit, year))
        return evaluations

    def rank_progress(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        result = queries.result_of(unit, year)
        wanted = target.params["rank"]
        if result is None or result.published_rank is None:
            missing = self.missing_result(target, unit, year, _("rank"))
            missing.status = PROGRESS
            return missing
        size = self.table(year).size
        return Evaluation(
            target.key,
            target.rule,
            year,
            PROGRESS,
            _(
                "Rank {rank} of {size} in {year}; the target is rank {target} or better in "
                "{target_year} ({gap} ranks to gain)."
            ).format(
                rank=result.published_rank,
                size=size or "?",
                year=year,
                target=wanted,
                target_year=target.year_from,
                gap=max(0, result.published_rank - wanted),
            ),
            {
                "rank": result.published_rank,
                "table_size": size,
                "par_index": result.par_index,
                "target_rank": wanted,
                "source": result.source_url,
            },
        )

    def rule_rank_at_most(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        wanted = target.params["rank"]
        result = queries.result_of(unit, year)
        if result is None or result.published_rank is None:
            return self.missing_result(target, unit, year, _("rank"))
        size = self.table(year).size
        figures: dict[str, Any] = {
            "rank": result.published_rank,
            "table_size": size,
            "par_index": result.par_index,
            "target_rank": wanted,
            "out_of": target.params.get("out_of"),
            "source": result.source_url,
        }
        met = result.published_rank <= wanted
        return Evaluation(
            target.key,
            target.rule,
            year,
            MET if met else NOT_MET,
            _("Rank {rank} of {size} in {year}; target: rank {target} or better.").format(
                rank=result.published_rank, size=size or "?", year=year, target=wanted
            ),
            figures,
        )

    def rule_rank_improvement(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        by = target.params["by"]
        current = queries.result_of(unit, year)
        if current is None or current.published_rank is None:
            return self.missing_result(target, unit, year, _("rank"))
        if not queries.exists_in_year(unit, year - 1):
            return Evaluation(
                target.key,
                target.rule,
                year,
                UNDECIDABLE,
                _(
                    "{unit} has no rank of its own for {previous}: it did not exist then, and "
                    "ranks of another table cannot be compared."
                ).format(unit=queries.unit_label(unit), previous=year - 1),
                {"rank": current.published_rank},
                "no_baseline",
            )
        previous = queries.result_of(unit, year - 1)
        if previous is None or previous.published_rank is None:
            missing = self.missing_result(target, unit, year - 1, _("rank"))
            missing.year, missing.reason = year, "no_baseline"
            return missing
        needed = previous.published_rank - by
        met = current.published_rank <= needed
        return Evaluation(
            target.key,
            target.rule,
            year,
            MET if met else NOT_MET,
            _(
                "Rank {rank} in {year} against {previous_rank} in {previous}; needed {needed} "
                "or better (up at least {by})."
            ).format(
                rank=current.published_rank,
                year=year,
                previous_rank=previous.published_rank,
                previous=year - 1,
                needed=needed,
                by=by,
            ),
            {
                "rank": current.published_rank,
                "previous_rank": previous.published_rank,
                "previous_year": year - 1,
                "required_rank": needed,
            },
        )

    def rule_unit_mean_above_province(
        self, target: TargetSpec, unit: Unit, year: int
    ) -> Evaluation:
        found = self.internal_results(unit, year, target.params)
        baseline = self.province_rate(unit, year - 1, target.params)
        reasons = []
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
            elif year - 1 > self.last_year:
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
        figures: dict[str, Any] = {"baseline": baseline}
        if found:
            mean = _q(sum((r.rate_pct for r in found), Decimal(0)) / len(found))
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

    def rule_unit_self_improvement(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        found = self.internal_results(unit, year, target.params)
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
            previous = previous_unit_rate(result, year)
            improved = None if previous["value"] is None else result.rate_pct > previous["value"]
            failed += improved is False
            missing += improved is None
            rows.append(
                {
                    "unit": result.unit.key,
                    "name": result.unit.name,
                    "rate": result.rate_pct,
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
            ).format(
                improved=figures["improved"], count=len(found), failed=failed, missing=missing
            ),
            figures,
            reason,
        )

    def rule_component_rate_at_least(self, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
        area = target.params["area"]
        wanted = Decimal(str(target.params["rate"]))
        scope = target.params.get("scope", "national")
        value: Decimal | None = None
        figures: dict[str, Any] = {"area": area, "target_rate": wanted, "scope": scope}
        if scope == "national":
            result = queries.result_of(unit, year)
            component = result.components.filter(code=area).first() if result else None
            if component is not None:
                value = component.rate_pct
                if value is None and component.points is not None and component.max_points:
                    value = _q(component.points * 100 / component.max_points)
            if value is None:
                return self.missing_result(
                    target, unit, year, _("component rate of {area}").format(area=area)
                )
        else:
            found = self.internal_results(unit, year, target.params)
            rates = [
                Decimal(str(r.component_rates[area])) for r in found if area in r.component_rates
            ]
            if not rates:
                return Evaluation(
                    target.key,
                    target.rule,
                    year,
                    UNDECIDABLE,
                    _("No internal component rates for {area} in {year}.").format(
                        area=area, year=year
                    ),
                    figures,
                    "no_internal_results",
                )
            value = _q(sum(rates, Decimal(0)) / len(rates))
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


def check_plan(plan: PlanSpec) -> dict[str, Any]:
    """Validate the plan against the units and the registry, then evaluate every rule."""
    units = resolve_units(plan)
    check_plan_years(plan)
    evaluated = Evaluator(plan, units).evaluate()
    return {
        "plan": plan.slug,
        "title": plan.title,
        "owner": plan.owner,
        "legal_source": plan.legal_source,
        "status": plan.status,
        "years": [plan.year_from, plan.year_to],
        "rebased_from": plan.rebased_from or None,
        "targets": [
            {
                "id": target.key,
                "rule": target.rule,
                "params": target.params,
                "years": [target.year_from, target.year_to],
                "owner": target.owner,
                "status": target.status,
                "derived_from": target.derived_from or None,
                "decisions": [
                    {
                        "action": d.kind,
                        "decision": d.decision,
                        "on": d.decided_on,
                        "before": d.before,
                        "after": d.after,
                        "note": d.note,
                    }
                    for d in target.decisions
                ],
                "evaluations": [e.as_dict() for e in evaluations],
            }
            for target, evaluations in evaluated
        ],
    }


def summary_rows(checked: dict[str, Any]) -> Sequence[tuple[Any, ...]]:
    """(target, rule, year, status label, message) for every evaluation, for tables."""
    return [
        (t["id"], t["rule"], e["year"], status_label(e["status"]), e["message"])
        for t in checked["targets"]
        for e in t["evaluations"]
    ]
