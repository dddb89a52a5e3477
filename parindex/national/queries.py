"""Reading the registry: results, table sizes, rank groups and the code system of a year.

Nothing here writes. A year's whole table is ``year_tables``, its conflicts ``flags``, a
province's history and lineage baselines ``history``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Max, Min, QuerySet
from django.utils.translation import get_language

from parindex.lib.formatting import format_number
from parindex.national.models import DataStatus, NationalResult, PeerGroup, RankGroup, TableSize
from parindex.units.models import REORGANISATION_2025, CodeSystem, Unit

#: The first index year of the 34-province code system.
FIRST_CURRENT_YEAR = REORGANISATION_2025.year
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


def two_places(value: Decimal) -> Decimal:
    """A value rounded half-up to 2 decimals, the way results are published."""
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


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


def table_size(peer_group: str, year: int) -> int | None:
    """How many units the year's table ranks, from the table-size data (None if unknown)."""
    for size in TableSize.objects.filter(peer_group=peer_group).order_by("-year_from"):
        if size.year_from <= year and (size.year_to is None or year <= size.year_to):
            return size.size
    return None


def default_code_system(year: int) -> str:
    return CodeSystem.CURRENT_34 if year >= FIRST_CURRENT_YEAR else CodeSystem.HISTORICAL_63


def code_system_for_year(year: int) -> str:
    return default_code_system(year)


def unit_label(unit: Unit) -> str:
    return "{name} ({key})".format(name=unit.name, key=unit.key)


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


def contains(group: RankGroup, value: Decimal) -> bool:
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
    own = [g for g in groups if g.year_from is not None and contains(g, value)]
    candidates = own or [g for g in groups if g.year_from is None and contains(g, value)]
    if not candidates:
        return None
    return min(candidates, key=lambda g: STATUS_ORDER.index(DataStatus(g.status)))
