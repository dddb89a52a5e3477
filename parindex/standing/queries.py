"""Reading the registry: a year's table with its gaps and conflicts, means, groups, histories and
lineage baselines. Nothing here writes; conflicts are computed on every read and never resolved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Max, Min, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from parindex.access.scope import access_of
from parindex.core.types import Viewer
from parindex.lib.formatting import format_number
from parindex.lib.ranking import competition_rank
from parindex.standing.importing import default_code_system, table_size
from parindex.standing.models import (
    DataStatus,
    NationalResult,
    PeerGroup,
    PublishedMean,
    QuotedChange,
    RankGroup,
    Region,
    RegionMembership,
    SipasResult,
    SourceDisagreement,
)
from parindex.units import queries as unit_queries
from parindex.units.models import LineageLink, Unit, WeightBasis

#: Status marks from the most to the least trustworthy (used to choose between rank groups).
STATUS_ORDER = [
    DataStatus.VERIFIED,
    DataStatus.AS_PUBLISHED,
    DataStatus.SECONDARY,
    DataStatus.DERIVED,
    DataStatus.PARTIAL,
    DataStatus.UNVERIFIED,
    DataStatus.CONFLICT,
]
#: Two published means or sums closer than this agree (published values have 2 decimals).
TOLERANCE = Decimal("0.01")
TWO_PLACES = Decimal("0.01")


def num(value: Decimal | float | None, places: int = 2) -> str:
    """A number for messages, the way the active language writes it (86,89 in Vietnamese)."""
    return format_number(value, places, get_language() or "vi")


def pct(value: Decimal | float | None, places: int = 2) -> str:
    """A percentage for messages (86,89 %)."""
    return num(value, places) + " %"


def exists_in_year(unit: Unit, year: int) -> bool:
    """Whether a unit is assessed in the index of ``year``: it is valid at the year's end."""
    return unit.is_valid_on(dt.date(year, 12, 31))


def results(peer_group: str = PeerGroup.PROVINCE) -> QuerySet[NationalResult]:
    return NationalResult.objects.filter(peer_group=peer_group).select_related("unit", "ministry")


def registry_years(peer_group: str = PeerGroup.PROVINCE) -> tuple[int | None, int | None]:
    """First and last index year with any result in the registry."""
    span = NationalResult.objects.filter(peer_group=peer_group).aggregate(
        first=Min("year"), last=Max("year")
    )
    return span["first"], span["last"]


def years_with_data(peer_group: str = PeerGroup.PROVINCE) -> list[int]:
    return sorted(
        set(NationalResult.objects.filter(peer_group=peer_group).values_list("year", flat=True))
    )


def result_of(unit: Unit, year: int) -> NationalResult | None:
    return NationalResult.objects.filter(unit=unit, year=year).first()


# --- rank groups --------------------------------------------------------------------------------


def groups_for_year(year: int, peer_group: str = PeerGroup.PROVINCE) -> list[RankGroup]:
    """The year's own groups, or (if it has none) the groups that apply to any year."""
    rows = list(RankGroup.objects.filter(peer_group=peer_group))
    own = [
        g
        for g in rows
        if g.year_from is not None
        and g.year_from <= year
        and (g.year_to is None or year <= g.year_to)
    ]
    generic = [g for g in rows if g.year_from is None and g.year_to is None]
    return own + generic


def _contains(group: RankGroup, value: Decimal) -> bool:
    if group.lower is not None and (
        value < group.lower or (value == group.lower and not group.lower_inclusive)
    ):
        return False
    return not (
        group.upper is not None
        and (value > group.upper or (value == group.upper and not group.upper_inclusive))
    )


def group_of(value: Decimal | None, groups: list[RankGroup], year: int) -> RankGroup | None:
    """The best-sourced group of the year containing ``value`` (the year's own groups first)."""
    if value is None:
        return None
    own = [g for g in groups if g.year_from is not None and _contains(g, value)]
    candidates = own or [g for g in groups if g.year_from is None and _contains(g, value)]
    if not candidates:
        return None
    return min(candidates, key=lambda g: STATUS_ORDER.index(DataStatus(g.status)))


# --- a year's table -----------------------------------------------------------------------------


@dataclass
class Flag:
    """A conflict found in the data: what, which rows, and the figures that show it."""

    kind: str
    message: str
    subjects: list[str]
    figures: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "message": self.message,
            "subjects": self.subjects,
            "figures": self.figures,
        }


@dataclass
class TableRow:
    result: NationalResult
    computed_rank: int | None = None
    group: RankGroup | None = None
    flags: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        r = self.result
        return {
            "subject": r.subject_key,
            "name": r.subject_name,
            "par_index": r.par_index,
            "published_rank": r.published_rank,
            "computed_rank": self.computed_rank,
            "rank_group": self.group.name if self.group else (r.rank_group or None),
            "rank_group_status": self.group.status if self.group else None,
            "appraisal_score": r.appraisal_score,
            "survey_score": r.survey_score,
            "components": {
                c.code: {"points": c.points, "rate_pct": c.rate_pct} for c in r.components.all()
            },
            "source_type": r.source_type,
            "status": r.status,
            "source": r.source_url,
            "flags": self.flags,
        }


@dataclass
class MeanView:
    scope: str
    name: str
    published: list[PublishedMean]
    computed: Decimal | None
    members_known: int | None = None
    members: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "scope": self.scope,
            "name": self.name,
            "published": [
                {
                    "value": m.value,
                    "count_above": m.count_above,
                    "status": m.status,
                    "source": m.source,
                }
                for m in self.published
            ],
            "computed": self.computed,
            "members_with_rate": self.members_known,
            "members": self.members,
        }


@dataclass
class YearTable:
    year: int
    peer_group: str
    size: int | None
    rows: list[TableRow]
    complete: bool
    flags: list[Flag]
    means: list[MeanView]

    @property
    def known(self) -> int:
        return len(self.rows)

    @property
    def with_rank(self) -> int:
        return sum(1 for row in self.rows if row.result.published_rank is not None)

    @property
    def with_rate(self) -> int:
        return sum(1 for row in self.rows if row.result.par_index is not None)

    def gap_text(self) -> str:
        if self.size is None:
            return _("{known} known; size of the table unknown").format(known=self.known)
        if self.complete:
            return _("complete: {known} of {size}").format(known=self.known, size=self.size)
        return _("partial: {known} of {size} known").format(known=self.known, size=self.size)

    def as_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "peer_group": self.peer_group,
            "size": self.size,
            "known": self.known,
            "with_rank": self.with_rank,
            "with_rate": self.with_rate,
            "complete": self.complete,
            "gap": self.gap_text(),
            "rank_basis": "computed_and_checked" if self.complete else "published",
            "rows": [row.as_dict() for row in self.rows],
            "means": [mean.as_dict() for mean in self.means],
            "flags": [flag.as_dict() for flag in self.flags],
        }


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def year_table(year: int, peer_group: str = PeerGroup.PROVINCE) -> YearTable:
    """The year's table as the registry knows it, with computed ranks if it is complete."""
    found = list(
        results(peer_group).filter(year=year).prefetch_related("components").order_by("id")
    )
    found.sort(
        key=lambda r: (
            r.published_rank is None,
            r.published_rank or 0,
            -(r.par_index or Decimal(0)),
            r.subject_key,
        )
    )
    size = table_size(peer_group, year)
    groups = groups_for_year(year, peer_group)
    rows = [TableRow(result=r, group=group_of(r.par_index, groups, year)) for r in found]
    complete = (
        size is not None
        and len(rows) == size
        and all(row.result.par_index is not None for row in rows)
    )
    flags: list[Flag] = []
    if complete:
        ranks = competition_rank(
            {row.result.pk: row.result.par_index for row in rows if row.result.par_index}
        )
        for row in rows:
            row.computed_rank = ranks[row.result.pk]
            if row.result.published_rank is not None and (
                row.result.published_rank != row.computed_rank
            ):
                flags.append(
                    Flag(
                        "rank_mismatch",
                        _(
                            "{name}: published rank {published}, computed rank {computed} "
                            "from the complete table."
                        ).format(
                            name=row.result.subject_name,
                            published=row.result.published_rank,
                            computed=row.computed_rank,
                        ),
                        [row.result.subject_key],
                        {
                            "published_rank": row.result.published_rank,
                            "computed_rank": row.computed_rank,
                            "par_index": row.result.par_index,
                        },
                    )
                )
    flags += monotonicity_flags(rows)
    flags += duplicate_rank_flags(rows)
    means = year_means(year, peer_group, rows, complete)
    flags += mean_flags(year, rows, means)
    flags += group_flags(year, rows, groups)
    flags += component_sum_flags(rows)
    flags += quoted_change_flags(year, rows)
    flags += disagreement_flags(year, peer_group)
    for flag in flags:
        for row in rows:
            if row.result.subject_key in flag.subjects and flag.kind not in row.flags:
                row.flags.append(flag.kind)
    return YearTable(year, peer_group, size, rows, complete, flags, means)


def monotonicity_flags(rows: list[TableRow]) -> list[Flag]:
    """Pairs where the better-ranked unit has the lower value (rank must fall as value falls)."""
    flags = []
    known = [
        row.result
        for row in rows
        if row.result.par_index is not None and row.result.published_rank is not None
    ]
    for a in known:
        for b in known:
            if a.published_rank < b.published_rank and a.par_index < b.par_index:  # type: ignore[operator]
                flags.append(
                    Flag(
                        "rank_not_monotone",
                        _(
                            "{a} is ranked {rank_a} with {value_a} % but {b} is ranked {rank_b} "
                            "with a higher {value_b} %."
                        ).format(
                            a=a.subject_name,
                            rank_a=a.published_rank,
                            value_a=num(a.par_index),
                            b=b.subject_name,
                            rank_b=b.published_rank,
                            value_b=num(b.par_index),
                        ),
                        [a.subject_key, b.subject_key],
                        {
                            a.subject_key: {"rank": a.published_rank, "par_index": a.par_index},
                            b.subject_key: {"rank": b.published_rank, "par_index": b.par_index},
                        },
                    )
                )
    return flags


def duplicate_rank_flags(rows: list[TableRow]) -> list[Flag]:
    """The same rank given to units whose values are not known to be equal."""
    by_rank: dict[int, list[NationalResult]] = defaultdict(list)
    for row in rows:
        if row.result.published_rank is not None:
            by_rank[row.result.published_rank].append(row.result)
    flags = []
    for rank, holders in sorted(by_rank.items()):
        values = {h.par_index for h in holders}
        if len(holders) > 1 and (None in values or len(values) > 1):
            flags.append(
                Flag(
                    "duplicate_rank",
                    _("Rank {rank} is claimed by {names}.").format(
                        rank=rank,
                        names=", ".join(
                            "{} ({})".format(h.subject_name, num(h.par_index)) for h in holders
                        ),
                    ),
                    [h.subject_key for h in holders],
                    {h.subject_key: {"par_index": h.par_index} for h in holders},
                )
            )
    return flags


def year_means(year: int, peer_group: str, rows: list[TableRow], complete: bool) -> list[MeanView]:
    """National and regional means: published ones as data, computed ones from complete data."""
    published = list(PublishedMean.objects.filter(year=year, peer_group=peer_group))
    views = []
    national_computed = None
    if complete:
        values = [row.result.par_index for row in rows if row.result.par_index is not None]
        national_computed = _q(sum(values, Decimal(0)) / len(values))
    views.append(
        MeanView(
            "national",
            _("National"),
            [m for m in published if m.scope == "national"],
            national_computed,
            sum(1 for row in rows if row.result.par_index is not None),
            table_size(peer_group, year),
        )
    )
    if peer_group != PeerGroup.PROVINCE:
        return views
    day = dt.date(year, 12, 31)
    by_unit = {row.result.unit_id: row.result for row in rows}
    for region in Region.objects.order_by("code"):
        members = [
            m
            for m in RegionMembership.objects.filter(region=region).select_related("unit")
            if (m.valid_from is None or m.valid_from <= day)
            and (m.valid_to is None or day < m.valid_to)
        ]
        known: list[Decimal] = [
            value
            for m in members
            if m.unit_id in by_unit and (value := by_unit[m.unit_id].par_index) is not None
        ]
        computed = (
            _q(sum(known, Decimal(0)) / len(known))
            if members and len(known) == len(members)
            else None
        )
        pub = [m for m in published if m.scope == region.code]
        if members or pub:
            views.append(
                MeanView(region.code, region.name, pub, computed, len(known), len(members))
            )
    return views


def mean_flags(year: int, rows: list[TableRow], means: list[MeanView]) -> list[Flag]:
    """Published means that disagree with each other or with the computed mean, and rows whose
    value and rank contradict a published "N units above the mean"."""
    flags = []
    for mean in means:
        values = sorted({m.value for m in mean.published})
        if len(values) > 1:
            flags.append(
                Flag(
                    "means_disagree",
                    _("Sources give different {year} means for {scope}: {values}.").format(
                        year=year, scope=mean.name, values=", ".join(num(v) for v in values)
                    ),
                    [],
                    {"scope": mean.scope, "values": values},
                )
            )
        if mean.computed is not None:
            for m in mean.published:
                if abs(m.value - mean.computed) > TOLERANCE:
                    flags.append(
                        Flag(
                            "mean_mismatch",
                            _(
                                "The published {scope} mean {published} differs from the mean "
                                "{computed} computed from the complete table."
                            ).format(
                                scope=mean.name, published=num(m.value), computed=num(mean.computed)
                            ),
                            [],
                            {"published": m.value, "computed": mean.computed},
                        )
                    )
        if mean.scope != "national":
            continue
        for m in mean.published:
            if m.count_above is None:
                continue
            for row in rows:
                r = row.result
                if r.par_index is None or r.published_rank is None:
                    continue
                below_but_high = r.par_index < m.value and r.published_rank <= m.count_above
                above_but_low = r.par_index > m.value and r.published_rank > m.count_above
                if below_but_high or above_but_low:
                    flags.append(
                        Flag(
                            "rank_contradicts_mean",
                            _(
                                "{name}: {value} % is {side} the national mean {mean} %, yet "
                                "rank {rank} is {position} the {count} units published as "
                                "above the mean."
                            ).format(
                                name=r.subject_name,
                                value=num(r.par_index),
                                side=_("below") if below_but_high else _("above"),
                                mean=num(m.value),
                                rank=r.published_rank,
                                position=_("among") if below_but_high else _("after"),
                                count=m.count_above,
                            ),
                            [r.subject_key],
                            {
                                "par_index": r.par_index,
                                "rank": r.published_rank,
                                "mean": m.value,
                                "count_above": m.count_above,
                            },
                        )
                    )
    return flags


def group_flags(year: int, rows: list[TableRow], groups: list[RankGroup]) -> list[Flag]:
    """A unit's group says its rank must lie within the group's published count."""
    counted = sorted(
        (g for g in groups if g.year_from is not None and g.expected_count is not None),
        key=lambda g: -(g.lower if g.lower is not None else Decimal(-1)),
    )
    flags = []
    start = 0
    for group in counted:
        low, high = start + 1, start + (group.expected_count or 0)
        start = high
        for row in rows:
            r = row.result
            if r.par_index is None or r.published_rank is None or not _contains(group, r.par_index):
                continue
            if not low <= r.published_rank <= high:
                flags.append(
                    Flag(
                        "rank_outside_group",
                        _(
                            "{name}: {value} % puts it in {group}, which held ranks "
                            "{low}–{high} in {year}, but it is ranked {rank}."
                        ).format(
                            name=r.subject_name,
                            value=num(r.par_index),
                            group=group.name,
                            low=low,
                            high=high,
                            year=year,
                            rank=r.published_rank,
                        ),
                        [r.subject_key],
                        {"group": group.name, "ranks": [low, high], "rank": r.published_rank},
                    )
                )
    return flags


def component_sum_flags(rows: list[TableRow]) -> list[Flag]:
    """Published sub-scores that do not add up to the published index (within ±0.01)."""
    flags = []
    for row in rows:
        r = row.result
        components = list(r.components.all())
        parts = [c.points for c in components if c.points is not None]
        # only sub-score files (each component with its published label) must add up
        if not parts or r.par_index is None or not all(c.label for c in components):
            continue
        total = sum(parts, Decimal(0))
        if abs(total - r.par_index) > TOLERANCE:
            flags.append(
                Flag(
                    "components_do_not_add_up",
                    _("{name}: the sub-scores add up to {total}, the index is {value}.").format(
                        name=r.subject_name, total=num(total), value=num(r.par_index)
                    ),
                    [r.subject_key],
                    {"sum": total, "par_index": r.par_index},
                )
            )
    return flags


def quoted_change_flags(year: int, rows: list[TableRow]) -> list[Flag]:
    """Press statements like "+4.30 on last year" checked against consecutive published values."""
    flags = []
    for quote in QuotedChange.objects.filter(year=year).select_related("unit"):
        current = result_of(quote.unit, year)
        previous = result_of(quote.unit, year - 1)
        if current is None or previous is None or None in (current.par_index, previous.par_index):
            continue
        actual = current.par_index - previous.par_index  # type: ignore[operator]
        if abs(actual - quote.change) > TOLERANCE:
            flags.append(
                Flag(
                    "quoted_change_mismatch",
                    _(
                        "{name}: the press quotes {quoted} on {previous_year}, the registry "
                        "values differ by {actual}."
                    ).format(
                        name=quote.unit.name,
                        quoted=num(quote.change),
                        previous_year=year - 1,
                        actual=num(actual),
                    ),
                    [quote.unit.key],
                    {"quoted": quote.change, "actual": actual, "source": quote.source},
                )
            )
    return flags


def disagreement_flags(year: int, peer_group: str) -> list[Flag]:
    return [
        Flag(
            "sources_disagree",
            d.description,
            d.units.split(";"),
            {"source": d.source, "status": d.status},
        )
        for d in SourceDisagreement.objects.filter(year=year, peer_group=peer_group)
    ]


# --- histories and lineage baselines ------------------------------------------------------------


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
            Baseline(unit.key, year, link_basis, _q(total) if complete else None, inputs, coverage)
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


def code_system_for_year(year: int) -> str:
    return default_code_system(year)


def unit_label(unit: Unit) -> str:
    return "{name} ({key})".format(name=unit.name, key=unit.key)


# --- pages --------------------------------------------------------------------------------------


def province_of_user(user: Viewer) -> Unit | None:
    """The province a leader or PAR office user holds a role on (the first one, by code)."""
    return access_of(user).province


def default_province() -> Unit | None:
    """Without a role: the owner of a stored plan valid today, or None."""
    from parindex.standing.models import TargetPlan

    today = dt.date.today()
    for plan in TargetPlan.objects.select_related("owner").order_by("-year_to", "slug"):
        if plan.owner.is_valid_on(today):
            return plan.owner
    return None


def plans_for(unit: Unit) -> list[Any]:
    """Stored plans owned by the unit or one of its predecessors (their history matters)."""
    from parindex.standing.models import TargetPlan

    owners = [unit.pk] + [link.predecessor_id for link in unit_queries.predecessors(unit)]
    return list(
        TargetPlan.objects.filter(owner_id__in=owners)
        .select_related("owner")
        .order_by("-year_to", "slug")
    )


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
