"""The consistency checks of a year's table: each conflict found in the published data becomes
a ``Flag`` with its figures. Conflicts are computed on every read and never resolved.

JSON output keeps the flag codes (scripts compare them); tables and pages show ``FLAG_NAMES``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parindex.national.models import (
    NationalResult,
    QuotedChange,
    RankGroup,
    SourceDisagreement,
)
from parindex.national.queries import TOLERANCE, contains, num, result_of

if TYPE_CHECKING:
    from parindex.national.year_tables import MeanView, TableRow

#: The readable name of each conflict (``Flag.kind``).
FLAG_NAMES = {
    "rank_mismatch": gettext_lazy("rank differs from the computed rank"),
    "rank_not_monotone": gettext_lazy("ranks out of order with the scores"),
    "duplicate_rank": gettext_lazy("rank claimed twice"),
    "means_disagree": gettext_lazy("sources give different means"),
    "mean_mismatch": gettext_lazy("mean differs from the computed mean"),
    "rank_contradicts_mean": gettext_lazy("rank contradicts the mean"),
    "rank_outside_group": gettext_lazy("rank outside its group's range"),
    "components_do_not_add_up": gettext_lazy("sub-scores do not add up"),
    "quoted_change_mismatch": gettext_lazy("quoted change does not match"),
    "sources_disagree": gettext_lazy("sources disagree"),
}


def flag_name(code: str) -> str:
    """The readable name of a flag code (the code itself if unknown)."""
    return str(FLAG_NAMES[code]) if code in FLAG_NAMES else code


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


def table_flags(
    year: int,
    peer_group: str,
    rows: list[TableRow],
    means: list[MeanView],
    groups: list[RankGroup],
) -> list[Flag]:
    """Every conflict of a year's table, in the order the checks run."""
    return (
        rank_mismatch_flags(rows)
        + monotonicity_flags(rows)
        + duplicate_rank_flags(rows)
        + mean_flags(year, rows, means)
        + group_flags(year, rows, groups)
        + component_sum_flags(rows)
        + quoted_change_flags(year, rows)
        + disagreement_flags(year, peer_group)
    )


def rank_mismatch_flags(rows: list[TableRow]) -> list[Flag]:
    """Published ranks that differ from the ranks computed from a complete table."""
    flags = []
    for row in rows:
        if row.computed_rank is None or row.result.published_rank is None:
            continue
        if row.result.published_rank != row.computed_rank:
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
    return flags


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


def mean_flags(year: int, rows: list[TableRow], means: list[MeanView]) -> list[Flag]:
    """Published means that disagree with each other or with the computed mean, and rows whose
    value and rank contradict a published "N units above the mean"."""
    flags = []
    for mean in means:
        flags += _mean_value_flags(year, mean)
        if mean.scope == "national":
            flags += _rank_against_mean_flags(rows, mean)
    return flags


def _mean_value_flags(year: int, mean: MeanView) -> list[Flag]:
    """A scope's published means that disagree with each other or with the computed mean."""
    flags = []
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
    return flags


def _rank_against_mean_flags(rows: list[TableRow], mean: MeanView) -> list[Flag]:
    """Rows whose value and rank contradict a published "N units above the national mean"."""
    flags = []
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
            if r.par_index is None or r.published_rank is None or not contains(group, r.par_index):
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
