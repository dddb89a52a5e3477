"""Gap analysis and rank simulation for a province's PAR INDEX (docs/standing.md, "Simulator").

Framework-free: numbers in, numbers out; no Django. Rates are percentages (0–100); ``points``
are on the index's own scale (nationally the maximum is 100, so points and rate coincide).

Ranks follow the house rule (``parindex.lib.ranking``): competition ranking, highest first. A unit
ranks 1 + the number of competitors with a strictly higher rate, so to rank at most N it needs a
rate at least equal to the N-th best competitor's.

The Monte Carlo projection draws each competitor's year-on-year change from published history
(its own changes where it has enough of them, otherwise the pooled changes of every unit) with a
seeded generator. For each simulated year it records the *threshold*: the rate the unit needs to
reach the target rank. The probability of reaching the target with a rate R is then the share of
simulations whose threshold is at most R: an empirical distribution function, monotone in R by
construction, and the gain needed for a probability p is its p-quantile.

The cheapest path is a covering integer programme solved with ``scipy.optimize.milp``: choose for
each improvement how many of its equal steps to take so that the gain reaches the target at the
least total effort.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from parindex.lib.i18n import _

#: Gains and rates are compared with this tolerance (published values have 2 decimals).
EPSILON = 1e-9


# --- ranks against a fixed table ----------------------------------------------------------------


def rank_among(rate: float, competitors: Sequence[float]) -> int:
    """Competition rank of ``rate`` among ``competitors``: 1 + those strictly higher."""
    return 1 + sum(1 for value in competitors if value > rate + EPSILON)


def required_rate(competitors: Sequence[float], target_rank: int) -> float:
    """The lowest rate that ranks at most ``target_rank`` against unchanged competitors.

    With n competitors any rate ranks at most n + 1, so a target rank above n needs nothing (0).
    """
    if target_rank < 1:
        raise ValueError(_("The target rank must be 1 or more."))
    ordered = sorted(competitors, reverse=True)
    if target_rank > len(ordered):
        return 0.0
    return float(ordered[target_rank - 1])


def points_for_rate(rate_gain: float, max_points: float = 100.0) -> float:
    """Points on a ``max_points`` scale that move the rate by ``rate_gain`` percentage points."""
    return rate_gain * max_points / 100.0


def rate_for_points(points: float, max_points: float = 100.0) -> float:
    """Percentage points of rate that ``points`` on a ``max_points`` scale are worth."""
    return points * 100.0 / max_points


# --- estimating a complete table from a partial one ---------------------------------------------


@dataclass(frozen=True)
class Anchor:
    """A known point of a ranked table: the rate at a (possibly fractional) rank position."""

    position: float
    rate: float
    weight: float = 1.0


def _non_increasing(anchors: list[Anchor]) -> list[tuple[float, float]]:
    """Pool-adjacent-violators: the closest non-increasing fit of rates ordered by position."""
    merged: dict[float, list[float]] = {}  # anchors at the same position are averaged first
    for anchor in anchors:
        total = merged.setdefault(anchor.position, [0.0, 0.0])
        total[0] += anchor.rate * anchor.weight
        total[1] += anchor.weight
    blocks: list[list[float]] = []  # [sum_w_rate, sum_w, first_position, last_position]
    for position in sorted(merged):
        total_rate, weight = merged[position]
        blocks.append([total_rate, weight, position, position])
        while len(blocks) > 1 and (
            blocks[-2][0] / blocks[-2][1] < blocks[-1][0] / blocks[-1][1] - EPSILON
        ):
            popped = blocks.pop()
            blocks[-1][0] += popped[0]
            blocks[-1][1] += popped[1]
            blocks[-1][3] = popped[3]
    fitted: list[tuple[float, float]] = []
    for block_total, block_weight, first, last in blocks:
        value = block_total / block_weight
        fitted.append((first, value))
        if last != first:
            fitted.append((last, value))
    return fitted


def impute_table(anchors: Sequence[Anchor], size: int, mean: float | None = None) -> list[float]:
    """A complete, non-increasing table of ``size`` rates estimated from known anchors.

    Anchors that contradict each other (a lower rate at a better rank) are pooled to their
    average (isotonic fit). Rates between anchors are interpolated linearly; before the first
    anchor the first rate is kept. After the last anchor, if a published ``mean`` is given, the
    tail falls linearly to the end value that makes the table's mean equal it (clipped to
    0 … the last anchor's rate); otherwise the tail continues the average slope of the anchors.
    The result is an estimate of the *distribution* of rates, not of who holds which rank.
    """
    if size < 1:
        raise ValueError(_("A table needs at least one unit."))
    usable = [a for a in anchors if 1 <= a.position <= size + 0.5]
    if not usable:
        raise ValueError(_("A table cannot be estimated without at least one known rate."))
    points = _non_increasing(usable)
    positions = [p for p, _v in points]
    values = [v for _p, v in points]
    last_position, last_value = positions[-1], values[-1]
    ranks = np.arange(1, size + 1, dtype=float)
    table = np.interp(ranks, positions, values)  # flat outside the anchors
    tail = ranks > last_position
    if tail.any():
        span = size - last_position
        fraction = (ranks[tail] - last_position) / span
        if mean is not None:
            head_total = float(table[~tail].sum())
            # tail value at rank r = last + (end - last) * fraction(r); solve the mean for end.
            needed = size * mean - head_total - last_value * float((1 - fraction).sum())
            end = needed / float(fraction.sum())
            end = min(max(end, 0.0), last_value)
        else:
            first_position, first_value = positions[0], values[0]
            slope = (
                (last_value - first_value) / (last_position - first_position)
                if last_position > first_position
                else 0.0
            )
            end = max(0.0, last_value + slope * span)
        table[tail] = last_value + (end - last_value) * fraction
    return [float(v) for v in np.clip(table, 0.0, 100.0)]


def resample_table(table: Sequence[float], size: int) -> list[float]:
    """The same distribution of rates at ``size`` evenly spaced quantiles (e.g. 63 → 34 units)."""
    ordered = sorted(table, reverse=True)
    if not ordered:
        raise ValueError(_("A table cannot be estimated without at least one known rate."))
    source = np.linspace(0.0, 1.0, len(ordered)) if len(ordered) > 1 else np.array([0.0])
    target = (np.arange(size) + 0.5) / size
    if len(ordered) == 1:
        return [float(ordered[0])] * size
    return [float(v) for v in np.interp(target, source, ordered)]


# --- year-on-year changes and the Monte Carlo projection ----------------------------------------


def year_on_year_changes(series: Mapping[int, float]) -> list[float]:
    """Changes between consecutive years of one unit's published rates (gaps are skipped)."""
    years = sorted(series)
    return [float(series[year]) - float(series[year - 1]) for year in years if (year - 1) in series]


@dataclass(frozen=True)
class Projection:
    """Simulated thresholds: in each simulated year, the rate needed to reach the target rank."""

    target_rank: int
    thresholds: np.ndarray
    iterations: int
    seed: int | None

    def probability(self, rate: float) -> float:
        """Share of simulated years in which ``rate`` reaches the target rank."""
        if self.thresholds.size == 0:
            return 1.0
        return float(np.mean(self.thresholds <= rate + EPSILON))

    def rate_for_probability(self, probability: float) -> float:
        """The lowest rate that reaches the target rank with at least ``probability``."""
        if not 0.0 < probability <= 1.0:
            raise ValueError(_("The probability must be above 0 and at most 1."))
        if self.thresholds.size == 0:
            return 0.0
        ordered = np.sort(self.thresholds)
        index = max(0, math.ceil(probability * ordered.size - EPSILON) - 1)
        return float(ordered[index])


def project(
    competitors: Sequence[float],
    target_rank: int,
    *,
    pooled_changes: Sequence[float],
    own_changes: Sequence[Sequence[float]] | None = None,
    min_own_changes: int = 3,
    iterations: int = 2000,
    seed: int | None = 0,
) -> Projection:
    """Project every competitor one year ahead ``iterations`` times and record the thresholds.

    Competitor i moves by a change drawn uniformly from ``own_changes[i]`` when that list has at
    least ``min_own_changes`` values, otherwise from ``pooled_changes``. Projected rates are kept
    within 0–100. With no changes at all the competitors stay where they are.
    """
    if iterations < 1:
        raise ValueError(_("The number of iterations must be 1 or more."))
    if target_rank < 1:
        raise ValueError(_("The target rank must be 1 or more."))
    base = np.asarray(competitors, dtype=float)
    count = base.size
    if target_rank > count:
        return Projection(target_rank, np.zeros(iterations), iterations, seed)
    rng = np.random.default_rng(seed)
    pooled = np.asarray(pooled_changes, dtype=float)
    changes = np.zeros((iterations, count))
    for i in range(count):
        own = own_changes[i] if own_changes is not None and i < len(own_changes) else ()
        pool = np.asarray(own, dtype=float) if len(own) >= min_own_changes else pooled
        if pool.size:
            changes[:, i] = rng.choice(pool, size=iterations, replace=True)
    projected = np.clip(base[np.newaxis, :] + changes, 0.0, 100.0)
    # the target_rank-th highest projected competitor rate in each simulated year
    thresholds = -np.partition(-projected, target_rank - 1, axis=1)[:, target_rank - 1]
    return Projection(target_rank, thresholds, iterations, seed)


def probability_curve(
    projection: Projection, current_rate: float, gains: Sequence[float]
) -> list[tuple[float, float]]:
    """``(gain, probability)`` for each gain in rate over ``current_rate``."""
    return [(float(g), projection.probability(current_rate + g)) for g in gains]


# --- gap analysis -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaPoints:
    """A province's points in one area with the area's maximum and, if known, the national mean."""

    code: str
    points: float
    max_points: float | None = None
    national_mean: float | None = None


@dataclass(frozen=True)
class AreaLoss:
    code: str
    points: float
    lost_vs_max: float | None
    lost_vs_mean: float | None
    rate: float | None


def points_lost(areas: Sequence[AreaPoints]) -> list[AreaLoss]:
    """Points lost per area against its maximum and against the national mean (positive = lost).

    Sorted by the points lost against the maximum, largest first.
    """
    losses = [
        AreaLoss(
            code=area.code,
            points=area.points,
            lost_vs_max=None if area.max_points is None else area.max_points - area.points,
            lost_vs_mean=None if area.national_mean is None else area.national_mean - area.points,
            rate=(None if not area.max_points else rate_for_points(area.points, area.max_points)),
        )
        for area in areas
    ]
    return sorted(losses, key=lambda loss: -(loss.lost_vs_max or 0.0))


@dataclass(frozen=True)
class WhatIf:
    """The projected standing after changing some points."""

    rate: float
    rank_against_last_year: int
    probability: float | None


def what_if(
    current_rate: float,
    point_changes: Mapping[str, float],
    competitors: Sequence[float],
    *,
    max_points: float = 100.0,
    projection: Projection | None = None,
) -> WhatIf:
    """Change points of some areas or criteria: the new rate, its rank and probability."""
    rate = current_rate + rate_for_points(sum(point_changes.values()), max_points)
    rate = min(max(rate, 0.0), 100.0)
    return WhatIf(
        rate=rate,
        rank_against_last_year=rank_among(rate, competitors),
        probability=None if projection is None else projection.probability(rate),
    )


# --- the cheapest path --------------------------------------------------------------------------


@dataclass(frozen=True)
class Improvement:
    """Something the PAR office can improve: ``gain`` if done fully, at ``effort``.

    ``steps`` splits it into equal parts that may be taken separately (1 = all or nothing).
    ``gain`` is in the unit of the target (rate points of the province, or of a unit mean).
    """

    code: str
    gain: float
    effort: float
    steps: int = 1
    label: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Choice:
    improvement: Improvement
    steps_taken: int
    gain: float
    effort: float


@dataclass
class CheapestPath:
    required_gain: float
    feasible: bool
    choices: list[Choice] = field(default_factory=list)
    total_gain: float = 0.0
    total_effort: float = 0.0
    message: str = ""


def cheapest_path(improvements: Sequence[Improvement], required_gain: float) -> CheapestPath:
    """The least-effort choice of improvement steps whose gains add up to ``required_gain``.

    Integer programme: minimise Σ (effort_i / steps_i) · x_i subject to
    Σ (gain_i / steps_i) · x_i ≥ required_gain, x_i ∈ {0, …, steps_i}.
    """
    for item in improvements:
        if item.steps < 1 or item.gain < 0 or item.effort < 0:
            raise ValueError(
                _(
                    "Improvement “{code}”: steps must be 1 or more, gain and effort not negative."
                ).format(code=item.code)
            )
    if required_gain <= EPSILON:
        return CheapestPath(required_gain, True, message=_("No improvement is needed."))
    available = sum(item.gain for item in improvements)
    if available + EPSILON < required_gain:
        return CheapestPath(
            required_gain,
            False,
            total_gain=available,
            message=_(
                "Even every listed improvement ({available}) does not reach the gain needed "
                "({required})."
            ).format(available=round(available, 2), required=round(required_gain, 2)),
        )
    steps = np.array([item.steps for item in improvements], dtype=float)
    cost = np.array([item.effort for item in improvements], dtype=float) / steps
    gain = np.array([item.gain for item in improvements], dtype=float) / steps
    result = milp(
        c=cost,
        constraints=LinearConstraint(gain[np.newaxis, :], lb=required_gain - 1e-7, ub=np.inf),
        integrality=np.ones_like(cost),
        bounds=Bounds(np.zeros_like(steps), steps),
    )
    if not result.success or result.x is None:  # pragma: no cover - infeasibility is caught above
        return CheapestPath(required_gain, False, message=str(result.message))
    taken = np.rint(result.x).astype(int)
    choices = [
        Choice(item, int(n), float(n * g), float(n * c))
        for item, n, g, c in zip(improvements, taken, gain, cost, strict=True)
        if n > 0
    ]
    return CheapestPath(
        required_gain=required_gain,
        feasible=True,
        choices=choices,
        total_gain=float(sum(choice.gain for choice in choices)),
        total_effort=float(sum(choice.effort for choice in choices)),
    )


def points_per_effort(improvements: Sequence[Improvement]) -> list[tuple[Improvement, float]]:
    """Improvements ordered by gain per unit of effort, best first (free ones first)."""

    def ratio(item: Improvement) -> float:
        return math.inf if item.effort == 0 else item.gain / item.effort

    return sorted(((item, ratio(item)) for item in improvements), key=lambda pair: -pair[1])
