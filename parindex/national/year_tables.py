"""A year's national table as the registry knows it: its rows, rank groups, computed ranks when
the table is complete, national and regional means, and the conflicts found (``flags``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from parindex.lib.ranking import competition_rank
from parindex.national import flags as checks
from parindex.national.flags import Flag
from parindex.national.models import (
    NationalResult,
    PeerGroup,
    PublishedMean,
    RankGroup,
    Region,
    RegionMembership,
)
from parindex.national.queries import group_of, groups_for_year, results, table_size, two_places


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
                c.code: {"points": c.points, "rate_pct": c.component_index}
                for c in r.components.all()
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


def _sorted_results(year: int, peer_group: str) -> list[NationalResult]:
    """The year's rows by published rank (unranked last), then value, then subject."""
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
    return found


def year_table(year: int, peer_group: str = PeerGroup.PROVINCE) -> YearTable:
    """The year's table as the registry knows it, with computed ranks if it is complete."""
    size = table_size(peer_group, year)
    groups = groups_for_year(year, peer_group)
    rows = [
        TableRow(result=r, group=group_of(r.par_index, groups, year))
        for r in _sorted_results(year, peer_group)
    ]
    complete = (
        size is not None
        and len(rows) == size
        and all(row.result.par_index is not None for row in rows)
    )
    if complete:
        ranks = competition_rank(
            {row.result.pk: row.result.par_index for row in rows if row.result.par_index}
        )
        for row in rows:
            row.computed_rank = ranks[row.result.pk]
    means = year_means(year, peer_group, rows, complete)
    flags = checks.table_flags(year, peer_group, rows, means, groups)
    for flag in flags:
        for row in rows:
            if row.result.subject_key in flag.subjects and flag.kind not in row.flags:
                row.flags.append(flag.kind)
    return YearTable(year, peer_group, size, rows, complete, flags, means)


def year_means(year: int, peer_group: str, rows: list[TableRow], complete: bool) -> list[MeanView]:
    """National and regional means: published ones as data, computed ones from complete data."""
    published = list(PublishedMean.objects.filter(year=year, peer_group=peer_group))
    views = []
    national_computed = None
    if complete:
        values = [row.result.par_index for row in rows if row.result.par_index is not None]
        national_computed = two_places(sum(values, Decimal(0)) / len(values))
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
            two_places(sum(known, Decimal(0)) / len(known))
            if members and len(known) == len(members)
            else None
        )
        pub = [m for m in published if m.scope == region.code]
        if members or pub:
            views.append(
                MeanView(region.code, region.name, pub, computed, len(known), len(members))
            )
    return views
