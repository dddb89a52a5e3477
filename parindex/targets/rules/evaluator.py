"""What every rule's evaluation shares: the ``Evaluation`` of one target in one year (met, not
met, not yet decidable, progress) with the figures that decided it, and the ``Evaluator`` that
holds a plan's units and the registry's tables while its rules are evaluated."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from parindex.assessments.models import UnitResult
from parindex.national import queries
from parindex.national.history import lineage_baseline
from parindex.national.models import PeerGroup
from parindex.national.year_tables import YearTable, year_table
from parindex.targets.plan_format import PlanSpec, TargetSpec
from parindex.targets.queries import internal_results
from parindex.units import queries as unit_queries
from parindex.units.models import Unit

MET, NOT_MET, UNDECIDABLE, PROGRESS = "met", "not_met", "undecidable", "progress"


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


class Evaluator:
    """Evaluates the targets of one plan against the registry and the internal results: the
    figures the rules share (tables, the province's rate, internal results) and the evaluations
    of a year that cannot be decided."""

    def __init__(self, plan: PlanSpec, units: dict[str, Unit]):
        self.plan = plan
        self.units = units
        _first, last = queries.registry_years()
        self.last_year = last or 0
        self._tables: dict[int, YearTable] = {}

    def table(self, year: int) -> YearTable:
        if year not in self._tables:
            self._tables[year] = year_table(year)
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
                size=queries.table_size(PeerGroup.PROVINCE, year) or "?",
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
        baselines = lineage_baseline(unit, year, params.get("weight_basis"))
        if not baselines:
            return {"value": None, "kind": "derived", "year": year, "inputs": []}
        chosen = next((b for b in baselines if b.value is not None), baselines[0])
        data = chosen.as_dict()
        data["kind"] = "derived"
        return data

    def internal_results(self, unit: Unit, year: int, params: dict[str, Any]) -> list[UnitResult]:
        return internal_results(unit, year, params.get("peer_groups"))
