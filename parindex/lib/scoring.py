"""The scoring engine: a criteria tree, the declared data of its leaves, and the points they earn.

Framework-free (no Django): the ``frameworks`` app builds a :class:`FrameworkSpec` from the
database or from a file, and the self-assessment and appraisal screens call :func:`score_leaf`
and :func:`score`. Method types and parameters follow par-index.md §5.2:

``binary``            met → ``max_points``; not met → 0
``rate_proportional`` ``full_at`` T (default 1), ``zero_below`` F (optional), ``mode``:
                      ``scaled`` min(max, max × r ÷ T) (0 below F when F is given);
                      ``plain`` r ≥ T → max; F ≤ r < T → max × r; r < F → 0
``rate_steps``        ``steps``: [lower, upper) → points, contiguous, points not decreasing
``count_steps``       ``steps``: count ≥ at_least → points; ``cap`` optional
``survey``            points entered or imported; or an index value converted by ``conversion``
``external_index``    as ``survey``, for SIPAS, a Decision 766 score, …
``bonus``/``deduction`` ``points_per_item``, ``item_cap`` (optional), ``total_cap``; a deduction
                      row's points are negative; neither counts in the maximum
``manual``            points entered directly within [0, max]

Values are unrounded :class:`~decimal.Decimal`; only display rounds (2 decimals, half up).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import pairwise
from typing import Any

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.i18n import _

BINARY = "binary"
RATE_PROPORTIONAL = "rate_proportional"
RATE_STEPS = "rate_steps"
COUNT_STEPS = "count_steps"
SURVEY = "survey"
EXTERNAL_INDEX = "external_index"
BONUS = "bonus"
DEDUCTION = "deduction"
MANUAL = "manual"
METHODS = (
    BINARY,
    RATE_PROPORTIONAL,
    RATE_STEPS,
    COUNT_STEPS,
    SURVEY,
    EXTERNAL_INDEX,
    BONUS,
    DEDUCTION,
    MANUAL,
)
RATE_METHODS = (RATE_PROPORTIONAL, RATE_STEPS)
ADJUSTMENT_METHODS = (BONUS, DEDUCTION)
INDEX_METHODS = (SURVEY, EXTERNAL_INDEX)

INPUT_SOURCES = ("declared", "dossier_metric", "survey", "external_index", "appraiser")

AWARD_MAX = "award_max"
EXCLUDE_AND_RESCALE = "exclude_and_rescale"
NOT_APPLICABLE_POLICIES = (AWARD_MAX, EXCLUDE_AND_RESCALE)

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def to_decimal(value: Any) -> Decimal:
    """A Decimal from an int, a float (through its shortest text), a string or a Decimal."""
    if isinstance(value, bool):
        raise ValueError("a boolean is not a number")
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, str):
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise ValueError(value) from None
        if not number.is_finite():
            raise ValueError(value)
        return number
    raise ValueError(repr(value))


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """Display rounding: ``places`` decimals, half up (87.605 → 87.61)."""
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- bands


@dataclass(frozen=True)
class Band:
    """A classification band: ``lower`` (inclusive with ``>=``, strict with ``>``) up to
    ``upper`` (always exclusive; ``None`` = no upper bound). Bounds are rates in %."""

    code: str
    name_vi: str
    name_en: str
    lower: Decimal | None
    operator: str = ">="
    upper: Decimal | None = None

    def contains(self, rate_pct: Decimal) -> bool:
        if self.lower is not None:
            if self.operator == ">" and not rate_pct > self.lower:
                return False
            if self.operator == ">=" and not rate_pct >= self.lower:
                return False
        return self.upper is None or rate_pct < self.upper

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name_vi": self.name_vi,
            "name_en": self.name_en,
            "lower": self.lower,
            "operator": self.operator,
            "upper": self.upper,
        }


def band_for(bands: Sequence[Band], rate_pct: Decimal | None) -> Band | None:
    """The first band containing the (unrounded) rate, or ``None``."""
    if rate_pct is None:
        return None
    for band in bands:
        if band.contains(rate_pct):
            return band
    return None


def band_problems(bands: Sequence[Band]) -> list[tuple[int, Problem]]:
    """Problems of a band list, each with the index of the band it concerns."""
    found: list[tuple[int, Problem]] = []
    seen: set[str] = set()
    for index, band in enumerate(bands):
        if not band.code:
            found.append((index, Problem(_("A band needs a code."), field="code")))
        elif band.code in seen:
            found.append((index, Problem(_("Duplicate band code {code}.").format(code=band.code))))
        seen.add(band.code)
        if band.operator not in (">=", ">"):
            found.append(
                (
                    index,
                    Problem(_("The operator must be “>=” or “>”."), field="operator"),
                )
            )
        if band.lower is not None and band.upper is not None and band.upper <= band.lower:
            found.append(
                (index, Problem(_("The upper bound must be above the lower bound."), field="upper"))
            )
    for i, first in enumerate(bands):
        for j in range(i + 1, len(bands)):
            if _bands_overlap(first, bands[j]):
                found.append(
                    (
                        j,
                        Problem(
                            _("Band {code} overlaps band {other}.").format(
                                code=bands[j].code, other=first.code
                            ),
                            field="lower",
                        ),
                    )
                )
    return found


def _bands_overlap(a: Band, b: Band) -> bool:
    # Upper bounds are exclusive, so two bands share a rate exactly when the higher of the two
    # lower bounds lies below the lower of the two upper bounds (equal lower bounds always
    # overlap, whatever the operators). A missing bound is infinite.
    lowest, highest = Decimal("-Infinity"), Decimal("Infinity")
    lower = max(lowest if a.lower is None else a.lower, lowest if b.lower is None else b.lower)
    upper = min(highest if a.upper is None else a.upper, highest if b.upper is None else b.upper)
    return lower < upper


# --------------------------------------------------------------------------- the tree


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

    def band_for(self, rate_pct: Decimal | None) -> Band | None:
        return band_for(self.bands, rate_pct)

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


# --------------------------------------------------------------------------- parameters


def _param(params: Mapping[str, Any], name: str, default: Decimal | None = None) -> Decimal | None:
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    return to_decimal(raw)


def _steps(params: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    raw = params.get("steps")
    return list(raw) if isinstance(raw, list | tuple) else []


def param_problems(
    method: str, params: Mapping[str, Any], max_points: Decimal | None
) -> list[Problem]:
    """Everything wrong with a method's parameters; ``field`` is ``params.<name>``."""
    if method not in METHODS:
        return [
            Problem(
                _("Unknown scoring method “{method}”; use one of {methods}.").format(
                    method=method, methods=", ".join(METHODS)
                ),
                field="method",
            )
        ]
    problems: list[Problem] = []

    def number(name: str, *, required: bool = False) -> Decimal | None:
        raw = params.get(name)
        if raw is None or raw == "":
            if required:
                problems.append(Problem(_("This parameter is required."), field=f"params.{name}"))
            return None
        try:
            return to_decimal(raw)
        except ValueError:
            problems.append(Problem(_("Not a number."), field=f"params.{name}"))
            return None

    def within_max(value: Decimal | None, name: str) -> None:
        if value is not None and (value < 0 or (max_points is not None and value > max_points)):
            problems.append(
                Problem(_("Points must lie between 0 and the row's maximum."), field=name)
            )

    if method == RATE_PROPORTIONAL:
        full_at = number("full_at")
        zero_below = number("zero_below")
        if full_at is not None and not ZERO < full_at <= ONE:
            problems.append(
                Problem(_("Must be a fraction above 0 and at most 1."), field="params.full_at")
            )
        if zero_below is not None and not ZERO <= zero_below <= (full_at or ONE):
            problems.append(
                Problem(_("Must be a fraction between 0 and full_at."), field="params.zero_below")
            )
        if params.get("mode", "scaled") not in ("scaled", "plain"):
            problems.append(
                Problem(_("The mode must be “scaled” or “plain”."), field="params.mode")
            )
    elif method == RATE_STEPS:
        problems += _rate_step_problems(params, within_max)
    elif method == COUNT_STEPS:
        problems += _count_step_problems(params, within_max)
        cap = number("cap")
        within_max(cap, "params.cap")
    elif method in INDEX_METHODS:
        conversion = params.get("conversion", "points")
        if conversion not in ("points", "percent"):
            problems.append(
                Problem(
                    _("The conversion must be “points” or “percent”."), field="params.conversion"
                )
            )
        value_max = number("value_max")
        if value_max is not None and value_max <= 0:
            problems.append(Problem(_("Must be above 0."), field="params.value_max"))
    elif method in ADJUSTMENT_METHODS:
        per_item = number("points_per_item", required=True)
        item_cap = number("item_cap")
        total_cap = number("total_cap", required=True)
        for name, value in (
            ("points_per_item", per_item),
            ("item_cap", item_cap),
            ("total_cap", total_cap),
        ):
            if value is not None and value <= 0:
                problems.append(
                    Problem(_("Enter a positive number of points."), field=f"params.{name}")
                )
        if total_cap is not None and max_points is not None and total_cap != max_points:
            problems.append(
                Problem(
                    _("For bonus and deduction rows the maximum must equal total_cap."),
                    field="max_points",
                )
            )
    return problems


def _rate_step_problems(params: Mapping[str, Any], within_max: Any) -> list[Problem]:
    problems: list[Problem] = []
    raw = params.get("steps")
    if not isinstance(raw, list | tuple) or not raw:
        return [Problem(_("A list of steps is required."), field="params.steps")]
    steps: list[tuple[Decimal, Decimal | None, Decimal]] = []
    for index, step in enumerate(raw, start=1):
        where = f"params.steps[{index}]"
        if not isinstance(step, Mapping) or "lower" not in step or "points" not in step:
            problems.append(Problem(_("Each step needs “lower” and “points”."), field=where))
            continue
        try:
            lower = to_decimal(step["lower"])
            upper = None if step.get("upper") in (None, "") else to_decimal(step["upper"])
            points = to_decimal(step["points"])
        except ValueError:
            problems.append(Problem(_("Not a number."), field=where))
            continue
        if not ZERO <= lower <= ONE or (upper is not None and upper <= lower):
            problems.append(
                Problem(_("Bounds must be fractions in [0, 1] with lower < upper."), field=where)
            )
        within_max(points, where)
        steps.append((lower, upper, points))
    if problems:
        return problems
    steps.sort(key=lambda s: s[0])
    for (_lower, upper, points), (next_lower, _next_upper, next_points) in pairwise(steps):
        if upper is None or upper != next_lower:
            problems.append(
                Problem(
                    _("Steps must be contiguous: each step must end where the next begins."),
                    field="params.steps",
                )
            )
        if next_points < points:
            problems.append(
                Problem(
                    _("The step table is not monotone: a higher rate must not earn fewer points."),
                    field="params.steps",
                )
            )
    if steps[-1][1] is not None:
        problems.append(
            Problem(_("The highest step must have no upper bound."), field="params.steps")
        )
    return problems


def _count_step_problems(params: Mapping[str, Any], within_max: Any) -> list[Problem]:
    problems: list[Problem] = []
    raw = params.get("steps")
    if not isinstance(raw, list | tuple) or not raw:
        return [Problem(_("A list of steps is required."), field="params.steps")]
    previous: tuple[Decimal, Decimal] | None = None
    for index, step in enumerate(raw, start=1):
        where = f"params.steps[{index}]"
        if not isinstance(step, Mapping) or "at_least" not in step or "points" not in step:
            problems.append(Problem(_("Each step needs “at_least” and “points”."), field=where))
            continue
        try:
            at_least = to_decimal(step["at_least"])
            points = to_decimal(step["points"])
        except ValueError:
            problems.append(Problem(_("Not a number."), field=where))
            continue
        if at_least < 0 or at_least != at_least.to_integral_value():
            problems.append(Problem(_("A count must be a whole number, 0 or more."), field=where))
        within_max(points, where)
        if previous is not None and (at_least <= previous[0] or points < previous[1]):
            problems.append(
                Problem(
                    _("The step table is not monotone: counts must rise, points must not fall."),
                    field=where,
                )
            )
        previous = (at_least, points)
    return problems


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True)
class LeafInput:
    """The declared data of one leaf. Give what the method needs:

    - ``binary``: ``met``;
    - rate methods: ``rate`` (a fraction in [0, 1]) or ``numerator`` and ``denominator``;
    - ``count_steps``: ``count``;
    - ``survey``/``external_index``: ``points``, or ``value`` put through the conversion;
    - ``bonus``/``deduction``: ``count`` of items, ``items`` (points of each item) or ``points``;
    - ``manual``: ``points``.

    ``not_applicable`` (không áp dụng) overrides everything else.
    """

    met: bool | None = None
    rate: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    count: int | None = None
    value: Decimal | None = None
    points: Decimal | None = None
    items: tuple[Decimal, ...] = ()
    not_applicable: bool = False


def _reject(node: NodeSpec, field_name: str, message: str) -> Problem:
    return Problem(
        _("Criterion {code}: {message}").format(code=node.code, message=message), field=field_name
    )


def input_problems(node: NodeSpec, data: LeafInput) -> list[Problem]:
    """Everything wrong with the declared data of a leaf (empty list if it can be scored)."""
    if node.method is None or node.max_points is None:
        return [
            _reject(node, "criterion_code", _("this row cannot be scored (no method or maximum)."))
        ]
    if data.not_applicable:
        return []
    method, maximum = node.method, node.max_points
    problems: list[Problem] = []
    if method == BINARY:
        if data.met is None:
            problems.append(_reject(node, "value", _("state whether it is met.")))
    elif method in RATE_METHODS:
        problems += _rate_problems(node, data)
    elif method == COUNT_STEPS:
        if data.count is None:
            problems.append(_reject(node, "count", _("a count is required.")))
        elif data.count < 0:
            problems.append(_reject(node, "count", _("a count cannot be negative.")))
    elif method in INDEX_METHODS:
        if data.points is not None:
            if not ZERO <= data.points <= maximum:
                problems.append(_out_of_range(node, "points", maximum))
        elif data.value is not None:
            value_max = _param(node.params, "value_max", HUNDRED) or HUNDRED
            top = value_max if node.params.get("conversion") == "percent" else maximum
            if not ZERO <= data.value <= top:
                problems.append(_out_of_range(node, "value", top))
        else:
            problems.append(_reject(node, "points", _("points or an index value are required.")))
    elif method in ADJUSTMENT_METHODS:
        if data.count is not None and data.count < 0:
            problems.append(_reject(node, "count", _("a count cannot be negative.")))
        elif any(item < 0 for item in data.items):
            problems.append(_reject(node, "items", _("item points cannot be negative.")))
        elif data.points is not None and abs(data.points) > maximum:
            problems.append(_out_of_range(node, "points", maximum))
        elif data.points is not None and method == BONUS and data.points < 0:
            problems.append(_reject(node, "points", _("bonus points cannot be negative.")))
    elif method == MANUAL:
        if data.points is None:
            problems.append(_reject(node, "points", _("points are required.")))
        elif not ZERO <= data.points <= maximum:
            problems.append(_out_of_range(node, "points", maximum))
    return problems


def _out_of_range(node: NodeSpec, field_name: str, top: Decimal) -> Problem:
    return _reject(
        node, field_name, _("the value must lie between 0 and {top}.").format(top=top.normalize())
    )


def _rate_problems(node: NodeSpec, data: LeafInput) -> list[Problem]:
    if data.rate is not None:
        if data.numerator is not None or data.denominator is not None:
            return [
                _reject(node, "value", _("give a rate or a numerator and denominator, not both."))
            ]
        if not ZERO <= data.rate <= ONE:
            return [_reject(node, "value", _("a rate must be a fraction between 0 and 1."))]
        return []
    if data.numerator is None or data.denominator is None:
        return [
            _reject(node, "numerator", _("a rate or a numerator and denominator are required."))
        ]
    problems = []
    if data.numerator < 0:
        problems.append(_reject(node, "numerator", _("the numerator cannot be negative.")))
    if data.denominator <= 0:
        problems.append(
            _reject(
                node,
                "denominator",
                _("the denominator must be above 0; declare the row not applicable instead."),
            )
        )
    elif data.numerator > data.denominator:
        problems.append(
            _reject(node, "numerator", _("the numerator is greater than the denominator."))
        )
    return problems


def leaf_rate(data: LeafInput) -> Decimal | None:
    if data.rate is not None:
        return data.rate
    if data.numerator is not None and data.denominator:
        return data.numerator / data.denominator
    return None


# --------------------------------------------------------------------------- scoring a leaf


def score_leaf(
    node: NodeSpec, data: LeafInput, *, not_applicable_policy: str = AWARD_MAX
) -> Decimal:
    """Points of one leaf, unrounded. Refuses out-of-range data with :class:`InputRejected`.

    A not-applicable row earns its maximum under ``award_max`` and 0 under
    ``exclude_and_rescale`` (where :func:`score` also drops it from the applicable maximum).
    Adjustment rows that do not apply earn 0 under either policy.
    """
    problems = input_problems(node, data)
    if problems:
        raise InputRejected(problems)
    assert node.max_points is not None and node.method is not None
    maximum, params, method = node.max_points, node.params, node.method
    if data.not_applicable:
        if node.is_adjustment or not_applicable_policy == EXCLUDE_AND_RESCALE:
            return ZERO
        return maximum
    if method == BINARY:
        return maximum if data.met else ZERO
    if method == RATE_PROPORTIONAL:
        rate = leaf_rate(data)
        assert rate is not None
        return _rate_proportional(maximum, params, rate)
    if method == RATE_STEPS:
        rate = leaf_rate(data)
        assert rate is not None
        return _rate_steps(params, rate)
    if method == COUNT_STEPS:
        assert data.count is not None
        return _count_steps(maximum, params, data.count)
    if method in INDEX_METHODS:
        if data.points is not None:
            return data.points
        assert data.value is not None
        if params.get("conversion") == "percent":
            value_max = _param(params, "value_max", HUNDRED) or HUNDRED
            return maximum * data.value / value_max
        return data.value
    if method in ADJUSTMENT_METHODS:
        return _adjustment(node, data)
    assert data.points is not None  # manual
    return data.points


def _rate_proportional(maximum: Decimal, params: Mapping[str, Any], rate: Decimal) -> Decimal:
    full_at = _param(params, "full_at", ONE) or ONE
    zero_below = _param(params, "zero_below")
    if zero_below is not None and rate < zero_below:
        return ZERO
    if params.get("mode", "scaled") == "plain":
        return maximum if rate >= full_at else maximum * rate
    return min(maximum, maximum * rate / full_at)


def _rate_steps(params: Mapping[str, Any], rate: Decimal) -> Decimal:
    for step in _steps(params):
        lower = to_decimal(step["lower"])
        upper = step.get("upper")
        if rate >= lower and (upper in (None, "") or rate < to_decimal(upper)):
            return to_decimal(step["points"])
    return ZERO


def _count_steps(maximum: Decimal, params: Mapping[str, Any], count: int) -> Decimal:
    reached = ZERO
    best_at = Decimal(-1)
    for step in _steps(params):
        at_least = to_decimal(step["at_least"])
        if count >= at_least and at_least > best_at:
            best_at, reached = at_least, to_decimal(step["points"])
    cap = _param(params, "cap", maximum) or maximum
    return min(reached, cap, maximum)


def _adjustment(node: NodeSpec, data: LeafInput) -> Decimal:
    params = node.params
    per_item = _param(params, "points_per_item", ZERO) or ZERO
    item_cap = _param(params, "item_cap")
    total_cap = _param(params, "total_cap", node.max_points) or node.max_points or ZERO
    if data.items:
        items = [min(item, item_cap) if item_cap is not None else item for item in data.items]
        magnitude = sum(items, ZERO)
    elif data.count is not None:
        one = min(per_item, item_cap) if item_cap is not None else per_item
        magnitude = one * data.count
    else:
        magnitude = abs(data.points or ZERO)
    magnitude = min(magnitude, total_cap)
    return -magnitude if node.method == DEDUCTION else magnitude


# --------------------------------------------------------------------------- scoring a tree


@dataclass(frozen=True)
class NodeResult:
    """Points of one node: a leaf's own points, or the sum of its children's."""

    code: str
    level: int
    points: Decimal
    max_points: Decimal
    applicable_max: Decimal
    not_applicable: bool = False
    missing: bool = False

    @property
    def rate_pct(self) -> Decimal | None:
        """Component index: points ÷ applicable maximum × 100 (``None`` when the max is 0)."""
        if self.applicable_max <= 0:
            return None
        return self.points / self.applicable_max * HUNDRED


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of :func:`score`. All values unrounded.

    ``raw_total`` is the sum of the areas; ``total`` is ``raw_total`` kept within
    [0, ``total_cap``]; ``rate_pct`` = ``total`` ÷ ``applicable_max`` × 100.
    """

    framework_code: str
    nodes: dict[str, NodeResult]
    area_codes: tuple[str, ...]
    leaf_codes: tuple[str, ...]
    raw_total: Decimal
    total: Decimal
    max_points: Decimal
    applicable_max: Decimal
    rate_pct: Decimal | None
    band: Band | None
    missing: tuple[str, ...] = ()

    @property
    def leaves(self) -> dict[str, Decimal]:
        return {code: self.nodes[code].points for code in self.leaf_codes}

    @property
    def areas(self) -> dict[str, NodeResult]:
        return {code: self.nodes[code] for code in self.area_codes}


def score(
    framework: FrameworkSpec, inputs: Mapping[str, LeafInput], *, strict: bool = False
) -> ScoreResult:
    """Score a whole framework from the declared data of its leaves.

    Every problem of every leaf is collected and refused at once. Inputs naming an unknown
    criterion, or a row that is not a leaf, are refused. A leaf without input earns 0 and is
    listed in ``missing`` (or refused when ``strict``).
    """
    problems: list[Problem] = []
    leaves = {node.code: node for node in framework.leaves()}
    all_codes = {node.code for node in framework.walk()}
    for code in inputs:
        if code not in all_codes:
            problems.append(
                Problem(_("Unknown criterion {code}.").format(code=code), field="criterion_code")
            )
        elif code not in leaves:
            problems.append(
                Problem(
                    _("Criterion {code} has sub-criteria: enter data for those instead.").format(
                        code=code
                    ),
                    field="criterion_code",
                )
            )
    for node in leaves.values():
        if node.max_points is None or node.method is None:
            problems.append(
                _reject(
                    node,
                    "max_points",
                    _("the maximum or method is unknown; this framework cannot be scored."),
                )
            )
        elif node.code in inputs:
            problems += input_problems(node, inputs[node.code])
        elif strict:
            problems.append(_reject(node, "criterion_code", _("no data given.")))
    if problems:
        raise InputRejected(problems)

    results: dict[str, NodeResult] = {}
    missing: list[str] = []
    policy = framework.not_applicable_policy

    def visit(node: NodeSpec) -> NodeResult:
        if node.is_leaf:
            data = inputs.get(node.code)
            maximum = ZERO if node.is_adjustment else node.max_points or ZERO
            if data is None:
                missing.append(node.code)
                result = NodeResult(node.code, node.level, ZERO, maximum, maximum, missing=True)
            else:
                points = score_leaf(node, data, not_applicable_policy=policy)
                excluded = data.not_applicable and policy == EXCLUDE_AND_RESCALE
                result = NodeResult(
                    node.code,
                    node.level,
                    points,
                    maximum,
                    ZERO if excluded else maximum,
                    not_applicable=data.not_applicable,
                )
        else:
            parts = [visit(child) for child in node.children]
            result = NodeResult(
                node.code,
                node.level,
                sum((p.points for p in parts), ZERO),
                sum((p.max_points for p in parts), ZERO),
                sum((p.applicable_max for p in parts), ZERO),
                not_applicable=all(p.not_applicable for p in parts),
            )
        results[node.code] = result
        return result

    areas = [visit(area) for area in framework.areas]
    raw_total = sum((a.points for a in areas), ZERO)
    total = max(ZERO, raw_total)
    if framework.total_cap is not None:
        total = min(total, framework.total_cap)
    max_points = sum((a.max_points for a in areas), ZERO)
    applicable_max = sum((a.applicable_max for a in areas), ZERO)
    rate = total / applicable_max * HUNDRED if applicable_max > 0 else None
    return ScoreResult(
        framework_code=framework.code,
        nodes=results,
        area_codes=tuple(a.code for a in framework.areas),
        leaf_codes=tuple(leaves),
        raw_total=raw_total,
        total=total,
        max_points=max_points,
        applicable_max=applicable_max,
        rate_pct=rate,
        band=framework.band_for(rate),
        missing=tuple(missing),
    )


def with_children(node: NodeSpec, children: Sequence[NodeSpec]) -> NodeSpec:
    """A copy of ``node`` with other children (handy when building trees bottom-up)."""
    return replace(node, children=tuple(children))
