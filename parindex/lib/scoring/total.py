"""The points of a whole framework: every leaf checked, then summed up the tree."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.i18n import _
from parindex.lib.scoring.bands import Band
from parindex.lib.scoring.inputs import LeafInput, input_problems, reject
from parindex.lib.scoring.leaf import score_leaf
from parindex.lib.scoring.methods import EXCLUDE_AND_RESCALE
from parindex.lib.scoring.numbers import HUNDRED, ZERO
from parindex.lib.scoring.tree import FrameworkSpec, NodeSpec


@dataclass(frozen=True)
class NodeResult:
    """Points of one node: a leaf's own points, or the sum of its children's."""

    code: str
    level: int
    points: Decimal
    max_points: Decimal
    applicable_max_points: Decimal
    not_applicable: bool = False
    missing: bool = False

    @property
    def score_pct(self) -> Decimal | None:
        """Component index: points ÷ applicable maximum × 100 (``None`` when the max is 0)."""
        if self.applicable_max_points <= 0:
            return None
        return self.points / self.applicable_max_points * HUNDRED


@dataclass(frozen=True)
class ScoreResult:
    """The outcome of :func:`score`. All values unrounded.

    ``raw_total`` is the sum of the areas; ``total`` is ``raw_total`` kept within
    [0, ``total_cap``]; ``score_pct`` = ``total`` ÷ ``applicable_max_points`` × 100.
    """

    framework_code: str
    nodes: dict[str, NodeResult]
    area_codes: tuple[str, ...]
    leaf_codes: tuple[str, ...]
    raw_total: Decimal
    total: Decimal
    max_points: Decimal
    applicable_max_points: Decimal
    score_pct: Decimal | None
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
    problems = score_problems(framework, inputs, strict=strict)
    if problems:
        raise InputRejected(problems)
    tally = _Tally(inputs, framework.not_applicable_policy)
    areas = [tally.visit(area) for area in framework.areas]
    raw_total = sum((a.points for a in areas), ZERO)
    total = max(ZERO, raw_total)
    if framework.total_cap is not None:
        total = min(total, framework.total_cap)
    max_points = sum((a.max_points for a in areas), ZERO)
    applicable_max_points = sum((a.applicable_max_points for a in areas), ZERO)
    rate = total / applicable_max_points * HUNDRED if applicable_max_points > 0 else None
    return ScoreResult(
        framework_code=framework.code,
        nodes=tally.results,
        area_codes=tuple(a.code for a in framework.areas),
        leaf_codes=tuple(node.code for node in framework.leaves()),
        raw_total=raw_total,
        total=total,
        max_points=max_points,
        applicable_max_points=applicable_max_points,
        score_pct=rate,
        band=framework.band_for(rate),
        missing=tuple(tally.missing),
    )


def score_problems(
    framework: FrameworkSpec, inputs: Mapping[str, LeafInput], *, strict: bool = False
) -> list[Problem]:
    """Everything that stops :func:`score` (empty when the framework can be scored)."""
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
                reject(
                    node,
                    "max_points",
                    _("the maximum or method is unknown; this framework cannot be scored."),
                )
            )
        elif node.code in inputs:
            problems += input_problems(node, inputs[node.code])
        elif strict:
            problems.append(reject(node, "criterion_code", _("no data given.")))
    return problems


class _Tally:
    """Sums checked leaf points up the tree, keeping every node's result and the missing leaves."""

    def __init__(self, inputs: Mapping[str, LeafInput], policy: str) -> None:
        self.inputs = inputs
        self.policy = policy
        self.results: dict[str, NodeResult] = {}
        self.missing: list[str] = []

    def visit(self, node: NodeSpec) -> NodeResult:
        result = self._leaf(node) if node.is_leaf else self._parent(node)
        self.results[node.code] = result
        return result

    def _leaf(self, node: NodeSpec) -> NodeResult:
        data = self.inputs.get(node.code)
        maximum = ZERO if node.is_adjustment else node.max_points or ZERO
        if data is None:
            self.missing.append(node.code)
            return NodeResult(node.code, node.level, ZERO, maximum, maximum, missing=True)
        points = score_leaf(node, data, not_applicable_policy=self.policy)
        excluded = data.not_applicable and self.policy == EXCLUDE_AND_RESCALE
        return NodeResult(
            node.code,
            node.level,
            points,
            maximum,
            ZERO if excluded else maximum,
            not_applicable=data.not_applicable,
        )

    def _parent(self, node: NodeSpec) -> NodeResult:
        parts = [self.visit(child) for child in node.children]
        return NodeResult(
            node.code,
            node.level,
            sum((p.points for p in parts), ZERO),
            sum((p.max_points for p in parts), ZERO),
            sum((p.applicable_max_points for p in parts), ZERO),
            not_applicable=all(p.not_applicable for p in parts),
        )
