"""The table a province competes against: the published table of the year before (or an
estimate from its known points), the published changes the projection draws from, and the
province's own starting rate."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.lib import simulate
from parindex.lib.errors import InputRejected, Problem
from parindex.national import queries
from parindex.national.history import lineage_links
from parindex.national.models import NationalResult, PeerGroup, PublishedMean, RankGroup
from parindex.national.year_tables import year_table
from parindex.units.models import Unit

#: The readable name of where a starting rate comes from (``current_rate(...)["kind"]``).
RATE_SOURCE_NAMES = {
    "published": gettext_lazy("published"),
    "estimated_from_rank": gettext_lazy("estimated from the rank"),
    "given": gettext_lazy("given"),
    "derived": gettext_lazy("derived from predecessors"),
}


def rate_source_name(code: str) -> str:
    """The readable name of a rate-source code (the code itself if unknown)."""
    return str(RATE_SOURCE_NAMES[code]) if code in RATE_SOURCE_NAMES else code


@dataclass
class CompetitorField:
    """The rates the province competes against, and where they come from."""

    values: list[float]
    basis: str  # published | imputed | imputed_resampled
    source_year: int
    size: int
    anchors: int = 0
    published_mean: float | None = None
    units: list[str | None] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        notes = {
            "published": _("the complete published table"),
            "imputed": _(
                "an estimate: the published ranks and rates of {year} ({anchors} known points, "
                "group boundaries and the published mean) interpolated to a complete table"
            ).format(year=self.source_year, anchors=self.anchors),
            "imputed_resampled": _(
                "an estimate: the {year} table (estimated from {anchors} known points) "
                "re-sampled to the {size} provinces of the new table"
            ).format(year=self.source_year, anchors=self.anchors, size=self.size),
        }
        return {
            "basis": self.basis,
            "source_year": self.source_year,
            "size": self.size,
            "known_points": self.anchors,
            "published_mean": self.published_mean,
            "estimated_mean": round(sum(self.values) / len(self.values), 2)
            if self.values
            else None,
            "note": notes[self.basis],
        }


def table_anchors(year: int) -> tuple[list[simulate.Anchor], float | None]:
    """Known (rank, rate) points of a year plus group boundaries and the "above the mean" count."""
    table = year_table(year)
    anchors = [
        simulate.Anchor(float(row.result.published_rank), float(row.result.par_index))
        for row in table.rows
        if row.result.published_rank is not None and row.result.par_index is not None
    ]
    counted = sorted(
        (
            g
            for g in RankGroup.objects.filter(
                peer_group=PeerGroup.PROVINCE, year_from__lte=year, year_to__gte=year
            )
            if g.expected_count is not None and g.lower is not None
        ),
        key=lambda g: -(g.lower or 0),
    )
    position = 0
    for group in counted[:-1]:
        position += group.expected_count or 0
        anchors.append(simulate.Anchor(position + 0.5, float(group.lower or 0)))
    mean = (
        PublishedMean.objects.filter(year=year, scope="national", peer_group=PeerGroup.PROVINCE)
        .order_by("status")
        .first()
    )
    if mean is not None and mean.count_above:
        anchors.append(simulate.Anchor(mean.count_above + 0.5, float(mean.value)))
    return anchors, float(mean.value) if mean else None


def year_values(year: int) -> CompetitorField | None:
    """The year's complete table if published, else an estimate from its known points."""
    table = year_table(year)
    size = table.size
    if size is None or not table.rows:
        return None
    if table.complete:
        return CompetitorField(
            [float(row.result.par_index or 0) for row in table.rows],
            "published",
            year,
            size,
            len(table.rows),
            units=[row.result.subject_key for row in table.rows],
        )
    anchors, mean = table_anchors(year)
    if not anchors:
        return None
    values = simulate.impute_table(anchors, size, mean)
    known = sum(1 for a in anchors if float(a.position).is_integer())
    return CompetitorField(values, "imputed", year, size, known, mean, [None] * size)


def competitor_field(year: int) -> CompetitorField:
    """The table of the year before ``year`` (or the latest before it), sized for ``year``."""
    size = queries.table_size(PeerGroup.PROVINCE, year)
    for source_year in range(year - 1, year - 6, -1):
        found = year_values(source_year)
        if found is None:
            continue
        if size is not None and size != found.size:
            found = CompetitorField(
                simulate.resample_table(found.values, size),
                "imputed_resampled",
                source_year,
                size,
                found.anchors,
                found.published_mean,
                [None] * size,
            )
        return found
    raise InputRejected(
        [
            Problem(
                _("The registry has no table from which to project {year}.").format(year=year),
                field="--year",
            )
        ]
    )


def pooled_changes() -> list[float]:
    """Every published year-on-year change of a province's rate in the registry."""
    series: dict[int, dict[int, float]] = defaultdict(dict)
    for unit_id, year, value in NationalResult.objects.filter(
        peer_group=PeerGroup.PROVINCE, par_index__isnull=False
    ).values_list("unit_id", "year", "par_index"):
        series[unit_id][year] = float(value or 0)
    changes: list[float] = []
    for by_year in series.values():
        changes += simulate.year_on_year_changes(by_year)
    return changes


def _rate_in(unit: Unit, year: int, values: CompetitorField | None) -> dict[str, Any] | None:
    result = queries.result_of(unit, year)
    if result is None:
        return None
    if result.par_index is not None:
        return {
            "rate": float(result.par_index),
            "kind": "published",
            "year": year,
            "source": result.source_url,
        }
    if (
        result.published_rank is not None
        and values is not None
        and values.basis != "imputed_resampled"
        and result.published_rank <= len(values.values)
    ):
        return {
            "rate": round(values.values[result.published_rank - 1], 2),
            "kind": "estimated_from_rank",
            "rank": result.published_rank,
            "year": year,
            "source": result.source_url,
        }
    return None


def current_rate(unit: Unit, field_: CompetitorField, given: float | None) -> dict[str, Any]:
    """The province's starting rate: given, published, estimated from its rank, or derived
    through the lineage from its predecessors' (published or rank-estimated) rates."""
    if given is not None:
        return {"rate": given, "kind": "given"}
    year = field_.source_year
    own_values = year_values(year)
    found = _rate_in(unit, year, own_values)
    if found is not None:
        return found
    if not queries.exists_in_year(unit, year):
        for basis, links in sorted(lineage_links(unit).items()):
            parts = [(link, _rate_in(link.predecessor, year, own_values)) for link in links]
            if links and all(part is not None for _link, part in parts):
                rate = sum(float(link.weight) * part["rate"] for link, part in parts if part)
                return {
                    "rate": round(rate, 2),
                    "kind": "derived",
                    "weight_basis": basis,
                    "year": year,
                    "inputs": [
                        {"predecessor": link.predecessor.key, "weight": link.weight, **(part or {})}
                        for link, part in parts
                    ],
                }
    raise InputRejected(
        [
            Problem(
                _(
                    "No {year} rate of {unit} is known (published, from its rank, or through "
                    "its predecessors); give the current rate."
                ).format(year=year, unit=queries.unit_label(unit)),
                field="--rate",
            )
        ]
    )


def without_own(field_: CompetitorField, unit: Unit, rate: float) -> list[float]:
    """The competitors: the field minus the province itself (its row, or the closest value)."""
    values = list(field_.values)
    if unit.key in field_.units:
        values.pop(field_.units.index(unit.key))
    elif values:
        values.pop(min(range(len(values)), key=lambda i: abs(values[i] - rate)))
    return values
