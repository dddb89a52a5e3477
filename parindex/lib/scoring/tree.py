"""The criteria tree: areas (level 1), criteria (2) and sub-criteria (3), and the framework."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from parindex.lib.scoring.bands import Band, band_for
from parindex.lib.scoring.methods import ADJUSTMENT_METHODS, AWARD_MAX
from parindex.lib.scoring.numbers import ZERO


@dataclass(frozen=True)
class NodeSpec:
    """One row of a criteria tree: an area (level 1), criterion (2) or sub-criterion (3).

    A node with children is scored as the sum of its children and has no method. ``max_points``
    ``None`` means unknown (allowed only in structure-only frameworks). ``params`` holds the
    method parameters with numbers as Decimals.
    """

    code: str
    name_vi: str = ""
    name_en: str = ""
    level: int = 1
    max_points: Decimal | None = None
    input_source: str = "declared"
    method: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)
    children: tuple[NodeSpec, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def is_adjustment(self) -> bool:
        """Bonus and deduction rows add signed points and never count in a maximum."""
        return self.method in ADJUSTMENT_METHODS

    def walk(self) -> Iterator[NodeSpec]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator[NodeSpec]:
        return (node for node in self.walk() if node.is_leaf)


def node_tree(
    rows: Sequence[Any],
    *,
    key: Callable[[Any], Any],
    parent: Callable[[Any], Any],
    params: Callable[[Mapping[str, Any]], Mapping[str, Any]] = lambda p: p,
) -> tuple[NodeSpec, ...]:
    """The areas of a criteria tree built from flat rows, siblings in the order of ``rows``.

    A row has ``code``, ``name_vi``, ``name_en``, ``level``, ``max_points``, ``input_source``,
    ``method`` and ``params``; ``key(row)`` is what its children's ``parent(child)`` returns (a
    code in a framework document, a database id for stored criteria), ``None`` for an area.
    """
    children: dict[Any, list[Any]] = {}
    for row in rows:
        children.setdefault(parent(row), []).append(row)

    def build(row: Any) -> NodeSpec:
        return NodeSpec(
            code=row.code,
            name_vi=row.name_vi,
            name_en=row.name_en,
            level=row.level,
            max_points=row.max_points,
            input_source=row.input_source,
            method=row.method or None,
            params=params(row.params),
            children=tuple(build(child) for child in children.get(key(row), [])),
        )

    return tuple(build(row) for row in children.get(None, []))


@dataclass(frozen=True)
class FrameworkSpec:
    """A criteria framework ready to score: its areas, bands and policies."""

    code: str
    areas: tuple[NodeSpec, ...]
    max_points: Decimal | None = None
    bands: tuple[Band, ...] = ()
    not_applicable_policy: str = AWARD_MAX
    total_cap: Decimal | None = None
    structure_only: bool = False
    name_vi: str = ""
    name_en: str = ""
    is_illustrative: bool = False

    def walk(self) -> Iterator[NodeSpec]:
        for area in self.areas:
            yield from area.walk()

    def leaves(self) -> Iterator[NodeSpec]:
        return (node for node in self.walk() if node.is_leaf)

    def node(self, code: str) -> NodeSpec:
        for node in self.walk():
            if node.code == code:
                return node
        raise KeyError(code)

    def band_for(self, score_pct: Decimal | None) -> Band | None:
        return band_for(self.bands, score_pct)

    def computed_max(self) -> Decimal | None:
        """Sum of the areas' maxima (adjustment rows excluded); ``None`` if one is unknown."""
        return _children_max(self.areas)


def _children_max(children: Sequence[NodeSpec]) -> Decimal | None:
    total = ZERO
    for child in children:
        if child.is_adjustment:
            continue
        if child.max_points is None:
            return None
        total += child.max_points
    return total


def with_children(node: NodeSpec, children: Sequence[NodeSpec]) -> NodeSpec:
    """A copy of ``node`` with other children (handy when building trees bottom-up)."""
    return replace(node, children=tuple(children))
