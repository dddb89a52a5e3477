"""The target plan format (docs/targets-format.md): the rules a plan may use and their
parameters, and the check of a plan file on its own, giving a ``PlanSpec``.

Reading the YAML is ``plan_file``; checking a plan against the registry and evaluating its
rules is ``rules``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.source import SourceLike
from parindex.lib.files.yaml_loader import LineDict
from parindex.targets.models import DecisionKind, PlanStatus, TargetStatus
from parindex.targets.plan_file import read_plan_file
from parindex.units.models import WeightBasis

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


#: Reports a problem of one target: (field, message).
Complaint = Callable[[str, str], None]


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


def parse_years(value: Any) -> tuple[int, int] | None:
    match = _YEARS.match(str(value))
    if not match:
        return None
    first = int(match.group(1))
    last = int(match.group(2) or first)
    return (first, last) if first <= last else None


def _line(data: dict[str, Any]) -> int | None:
    """The line a mapping of the file starts on (``None`` for one built in code)."""
    return data.line if isinstance(data, LineDict) else None


def _text(data: dict[str, Any], key: str) -> str:
    value = data.get(key)
    return "" if value in (None, "") else str(value)


def _plan_problems(data: dict[str, Any]) -> list[Problem]:
    """The problems of a plan's own keys (not of its targets)."""
    problems: list[Problem] = []
    line = _line(data)
    for key in data:
        if key not in PLAN_KEYS:
            problems.append(Problem(_("Unknown key."), line=line, field=str(key)))
    slug = _text(data, "plan")
    if not slug:
        problems.append(Problem(_("A value is required."), line=line, field="plan"))
    elif not re.match(r"^[-a-z0-9_]+$", slug):
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
    if parse_years(data.get("years")) is None:
        problems.append(
            Problem(_("Give the years as YYYY or YYYY-YYYY."), line=line, field="years")
        )
    if not _text(data, "owner"):
        problems.append(Problem(_("A value is required."), line=line, field="owner"))
    return problems


def parse_plan(source: SourceLike) -> PlanSpec:
    """Read and check a plan file on its own; ``InputRejected`` lists every problem."""
    name, text, data = read_plan_file(source)
    if not isinstance(data, dict):
        raise InputRejected([Problem(_("A plan file must be a mapping with 'targets'."))])
    problems = _plan_problems(data)
    span = parse_years(data.get("years"))
    plan_owner = _text(data, "owner")
    targets: list[TargetSpec] = []
    raw_targets = data.get("targets")
    if not isinstance(raw_targets, list) or not raw_targets:
        problems.append(
            Problem(_("A plan needs at least one target."), line=_line(data), field="targets")
        )
        raw_targets = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_targets, start=1):
        target = parse_target(raw, index, plan_owner, span, seen, problems)
        if target is not None:
            targets.append(target)
    if problems:
        raise InputRejected(problems)
    assert span is not None
    slug = _text(data, "plan")
    return PlanSpec(
        slug=slug,
        title=_text(data, "title") or slug,
        owner=plan_owner,
        legal_source=str(data.get("legal_source") or ""),
        status=str(data.get("status") or PlanStatus.ACTIVE),
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


def parse_target(
    raw: Any,
    index: int,
    plan_owner: str,
    span: tuple[int, int] | None,
    seen: set[str],
    problems: list[Problem],
) -> TargetSpec | None:
    """One target of a plan checked on its own (problems are added to ``problems``)."""
    if not isinstance(raw, dict):
        problems.append(
            Problem(_("Target {index} must be a mapping.").format(index=index), field="targets")
        )
        return None
    line = _line(raw)
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
    params = _rule_params(raw, rule, bad)
    years_value = raw.get("years", raw.get("year"))
    years = parse_years(years_value) if years_value is not None else span
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
        decisions=_decisions(raw, bad),
        line=line,
    )


def _rule_params(raw: dict[str, Any], rule: str, bad: Complaint) -> dict[str, Any]:
    """The rule's parameters: every required one present, no unknown key, each of its type."""
    params: dict[str, Any] = {}
    for name in REQUIRED[rule]:
        if name not in raw:
            bad(name, _("the parameter “{name}” is required.").format(name=name))
            continue
        params[name] = raw[name]
    for name in OPTIONAL[rule]:
        if name in raw:
            params[name] = raw[name]
    allowed = TARGET_KEYS | set(REQUIRED[rule]) | set(OPTIONAL[rule])
    for name in raw:
        if name not in allowed:
            bad(str(name), _("unknown key for this rule."))
    for name, kind in {**REQUIRED[rule], **OPTIONAL[rule]}.items():
        if name in params:
            _check_type(params, name, kind, bad)
    _check_rule_values(rule, params, bad)
    return params


def _check_type(params: dict[str, Any], name: str, kind: type, bad: Complaint) -> None:
    """A parameter of the declared type (a rate becomes a float)."""
    value = params[name]
    if kind is int and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
        bad(name, _("“{value}” must be a whole number of 1 or more.").format(value=value))
    elif kind is float:
        if isinstance(value, bool) or not isinstance(value, int | float) or not (0 <= value <= 100):
            bad(name, _("“{value}” must be a number from 0 to 100.").format(value=value))
        else:
            params[name] = float(value)
    elif kind is str and not isinstance(value, str):
        bad(name, _("“{value}” must be text.").format(value=value))
    elif kind is list and not isinstance(value, list):
        bad(name, _("“{value}” must be a list.").format(value=value))


def _check_rule_values(rule: str, params: dict[str, Any], bad: Complaint) -> None:
    """The parameters whose allowed values depend on the rule."""
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


def _decisions(raw: dict[str, Any], bad: Complaint) -> list[DecisionSpec]:
    """The decisions on record for a target."""
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
        unknown = [k for k in item if k not in DECISION_KEYS]
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
    return decisions


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
