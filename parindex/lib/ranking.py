"""Ranking units from the highest value to the lowest (par-index.md §4.3).

Ties use competition ranking ("1224"): equal values share a rank and the next rank is skipped.
Ranks are computed on the unrounded values, so 89.996 ranks above 89.995 even though both are
shown as 90,00. Units are ranked per peer group (sở/ban/ngành, phường, xã …), never all together.
Framework-free: no Django.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Mapping
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
G = TypeVar("G", bound=Hashable)


def competition_rank(values: Mapping[K, Decimal]) -> dict[K, int]:
    """Rank every key by its value, highest first; ties share the best rank ("1224").

    The rank of a key is 1 + the number of keys with a strictly higher value.
    """
    ordered = sorted(values.items(), key=lambda item: item[1], reverse=True)
    ranks: dict[K, int] = {}
    previous: Decimal | None = None
    rank = 0
    for position, (key, value) in enumerate(ordered, start=1):
        if previous is None or value != previous:
            rank = position
            previous = value
        ranks[key] = rank
    return ranks


def rank_within_groups(
    values: Mapping[K, Decimal], group_of: Mapping[K, G] | Callable[[K], G]
) -> dict[K, int]:
    """Competition ranks computed separately inside each peer group.

    ``group_of`` maps each key to its group (a mapping or a function); every key of ``values``
    must have a group.
    """
    lookup: Callable[[K], G] = group_of.__getitem__ if isinstance(group_of, Mapping) else group_of
    groups: dict[G, dict[K, Decimal]] = defaultdict(dict)
    for key, value in values.items():
        groups[lookup(key)][key] = value
    ranks: dict[K, int] = {}
    for members in groups.values():
        ranks.update(competition_rank(members))
    return ranks


def ranked(values: Mapping[K, Decimal]) -> list[tuple[int, K, Decimal]]:
    """``(rank, key, value)`` from the best to the worst; equal values keep their input order."""
    ranks = competition_rank(values)
    order = {key: index for index, key in enumerate(values)}
    return sorted(
        ((ranks[key], key, value) for key, value in values.items()),
        key=lambda row: (row[0], order[row[1]]),
    )


def tied_keys(values: Mapping[K, Decimal]) -> list[list[K]]:
    """Groups of two or more keys sharing exactly the same value (for flagging exact ties)."""
    by_value: dict[Decimal, list[K]] = defaultdict(list)
    for key, value in values.items():
        by_value[value].append(key)
    return [keys for keys in by_value.values() if len(keys) > 1]
