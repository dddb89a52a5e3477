"""A province's history: its own published rows and its predecessors' as they were, and
lineage-weighted baselines for today's province (marked derived), with the chart series."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.national.models import NationalResult, SipasResult
from parindex.national.queries import result_of, two_places
from parindex.national.year_tables import YearTable, year_table
from parindex.units import queries as unit_queries
from parindex.units.models import LineageLink, Unit, WeightBasis


def rows_of(unit: Unit) -> dict[int, NationalResult]:
    return {r.year: r for r in NationalResult.objects.filter(unit=unit).order_by("year")}


def result_dict(result: NationalResult, year_view: YearTable | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": result.year,
        "unit": result.subject_key,
        "name": result.subject_name,
        "par_index": result.par_index,
        "published_rank": result.published_rank,
        "source": result.source_url,
        "status": result.status,
    }
    if year_view is not None:
        data["table_size"] = year_view.size
        data["table"] = year_view.gap_text()
        data["flags"] = next(
            (row.flags for row in year_view.rows if row.result.pk == result.pk), []
        )
        group = next((row.group for row in year_view.rows if row.result.pk == result.pk), None)
        data["rank_group"] = group.name if group else (result.rank_group or None)
    return data


def lineage_links(unit: Unit, basis: str | None = None) -> dict[str, list[LineageLink]]:
    """The unit's predecessor links grouped by weight basis."""
    grouped: dict[str, list[LineageLink]] = defaultdict(list)
    for link in unit_queries.predecessors(unit):
        if basis is None or link.weight_basis == basis:
            grouped[link.weight_basis].append(link)
    return dict(grouped)


@dataclass
class Baseline:
    """A lineage-weighted value for a successor unit in a year before it existed (derived)."""

    unit: str
    year: int
    basis: str
    value: Decimal | None
    inputs: list[dict[str, Any]]
    coverage: Decimal
    derived: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "unit": self.unit,
            "year": self.year,
            "derived": self.derived,
            "weight_basis": self.basis,
            "weight_basis_label": str(WeightBasis(self.basis).label)
            if self.basis in WeightBasis.values
            else self.basis,
            "value": self.value,
            "weight_with_value": self.coverage,
            "inputs": self.inputs,
            "note": _(
                "Derived: lineage-weighted mean of the predecessors' published values; not a "
                "published result."
            ),
        }


def lineage_baseline(unit: Unit, year: int, basis: str | None = None) -> list[Baseline]:
    """Per weight basis, Σ weight × value of the predecessors' ``year`` results.

    The value is given only when every predecessor with a weight has a published value (the
    weight share with values is reported as ``coverage``); otherwise it is None.
    """
    baselines = []
    for link_basis, links in sorted(lineage_links(unit, basis).items()):
        inputs = []
        total = Decimal(0)
        coverage = Decimal(0)
        for link in links:
            result = result_of(link.predecessor, year)
            value = result.par_index if result else None
            inputs.append(
                {
                    "predecessor": link.predecessor.key,
                    "name": link.predecessor.name,
                    "weight": link.weight,
                    "par_index": value,
                    "published_rank": result.published_rank if result else None,
                    "source": result.source_url if result else None,
                }
            )
            if value is not None:
                total += link.weight * value
                coverage += link.weight
        complete = bool(links) and coverage == sum((link.weight for link in links), Decimal(0))
        baselines.append(
            Baseline(
                unit.key,
                year,
                link_basis,
                two_places(total) if complete else None,
                inputs,
                coverage,
            )
        )
    return baselines


def history(unit: Unit) -> dict[str, Any]:
    """A province's history as it was (its own and its predecessors' rows) and as today's
    province (lineage-weighted baselines, marked derived)."""
    tables: dict[int, YearTable] = {}

    def view(year: int) -> YearTable:
        if year not in tables:
            tables[year] = year_table(year)
        return tables[year]

    own = [result_dict(r, view(r.year)) for r in rows_of(unit).values()]
    sipas = [
        {"year": s.year, "sipas": s.sipas, "sipas_rank": s.sipas_rank, "source": s.source_url}
        for s in SipasResult.objects.filter(unit=unit).order_by("year")
    ]
    predecessors = []
    baselines: list[dict[str, Any]] = []
    links = [link for link in unit_queries.predecessors(unit) if link.predecessor_id != unit.pk]
    seen = set()
    for link in links:
        if link.predecessor_id in seen:
            continue
        seen.add(link.predecessor_id)
        predecessors.append(
            {
                "unit": link.predecessor.key,
                "name": link.predecessor.name,
                "relation": link.relation,
                "effective_on": link.effective_on,
                "rows": [result_dict(r, view(r.year)) for r in rows_of(link.predecessor).values()],
            }
        )
    if links:
        years = sorted(
            set(
                NationalResult.objects.filter(
                    unit__in=[link.predecessor for link in links]
                ).values_list("year", flat=True)
            )
        )
        for year in years:
            baselines += [b.as_dict() for b in lineage_baseline(unit, year)]
    successors = [
        {
            "unit": link.successor.key,
            "name": link.successor.name,
            "relation": link.relation,
            "effective_on": link.effective_on,
            "weight": link.weight,
            "weight_basis": link.weight_basis,
        }
        for link in unit_queries.successors(unit)
    ]
    return {
        "unit": unit_queries.unit_dict(unit),
        "as_it_was": own,
        "sipas": sipas,
        "predecessors": predecessors,
        "as_todays_province": baselines,
        "successors": successors,
    }


def series_points(unit: Unit) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rank points and rate points for the charts: the unit's and its predecessors' published
    rows, and the derived lineage baselines of the unit."""
    data = history(unit)
    ranks: list[dict[str, Any]] = []
    rates: list[dict[str, Any]] = []
    groups = [(unit.name, data["as_it_was"])] + [
        (p["name"] + " (" + p["unit"].split(":")[0].replace("historical_63", "63") + ")", p["rows"])
        for p in data["predecessors"]
    ]
    for series, rows in groups:
        for row in rows:
            if row["published_rank"] is not None:
                ranks.append(
                    {
                        "year": row["year"],
                        "rank": row["published_rank"],
                        "series": series,
                        "size": row.get("table_size"),
                    }
                )
            if row["par_index"] is not None:
                rates.append(
                    {
                        "year": row["year"],
                        "rate": float(row["par_index"]),
                        "series": series,
                        "kind": _("published"),
                    }
                )
    for baseline in data["as_todays_province"]:
        if baseline["value"] is not None:
            rates.append(
                {
                    "year": baseline["year"],
                    "rate": float(baseline["value"]),
                    "series": _("{name} (derived)").format(name=unit.name),
                    "kind": _("derived"),
                }
            )
    return ranks, rates
