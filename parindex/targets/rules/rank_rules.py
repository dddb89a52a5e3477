"""The rank rules: a rank at most N in the target years (with the progress of the years before),
and a rank improved by at least N on the year before."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from parindex.national import queries
from parindex.targets.plan_format import TargetSpec
from parindex.targets.rules.evaluator import (
    MET,
    NOT_MET,
    PROGRESS,
    UNDECIDABLE,
    Evaluation,
    Evaluator,
)
from parindex.units.models import Unit


def rank_progress(ev: Evaluator, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
    result = queries.result_of(unit, year)
    wanted = target.params["rank"]
    if result is None or result.published_rank is None:
        missing = ev.missing_result(target, unit, year, _("rank"))
        missing.status = PROGRESS
        return missing
    size = ev.table(year).size
    return Evaluation(
        target.key,
        target.rule,
        year,
        PROGRESS,
        _(
            "Rank {rank} of {size} in {year}; the target is rank {target} or better in "
            "{target_year} ({gap} ranks to gain)."
        ).format(
            rank=result.published_rank,
            size=size or "?",
            year=year,
            target=wanted,
            target_year=target.year_from,
            gap=max(0, result.published_rank - wanted),
        ),
        {
            "rank": result.published_rank,
            "table_size": size,
            "par_index": result.par_index,
            "target_rank": wanted,
            "source": result.source_url,
        },
    )


def rank_at_most(ev: Evaluator, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
    wanted = target.params["rank"]
    result = queries.result_of(unit, year)
    if result is None or result.published_rank is None:
        return ev.missing_result(target, unit, year, _("rank"))
    size = ev.table(year).size
    figures: dict[str, Any] = {
        "rank": result.published_rank,
        "table_size": size,
        "par_index": result.par_index,
        "target_rank": wanted,
        "out_of": target.params.get("out_of"),
        "source": result.source_url,
    }
    met = result.published_rank <= wanted
    return Evaluation(
        target.key,
        target.rule,
        year,
        MET if met else NOT_MET,
        _("Rank {rank} of {size} in {year}; target: rank {target} or better.").format(
            rank=result.published_rank, size=size or "?", year=year, target=wanted
        ),
        figures,
    )


def rank_improvement(ev: Evaluator, target: TargetSpec, unit: Unit, year: int) -> Evaluation:
    by = target.params["by"]
    current = queries.result_of(unit, year)
    if current is None or current.published_rank is None:
        return ev.missing_result(target, unit, year, _("rank"))
    if not queries.exists_in_year(unit, year - 1):
        return Evaluation(
            target.key,
            target.rule,
            year,
            UNDECIDABLE,
            _(
                "{unit} has no rank of its own for {previous}: it did not exist then, and "
                "ranks of another table cannot be compared."
            ).format(unit=queries.unit_label(unit), previous=year - 1),
            {"rank": current.published_rank},
            "no_baseline",
        )
    previous = queries.result_of(unit, year - 1)
    if previous is None or previous.published_rank is None:
        missing = ev.missing_result(target, unit, year - 1, _("rank"))
        missing.year, missing.reason = year, "no_baseline"
        return missing
    needed = previous.published_rank - by
    met = current.published_rank <= needed
    return Evaluation(
        target.key,
        target.rule,
        year,
        MET if met else NOT_MET,
        _(
            "Rank {rank} in {year} against {previous_rank} in {previous}; needed {needed} "
            "or better (up at least {by})."
        ).format(
            rank=current.published_rank,
            year=year,
            previous_rank=previous.published_rank,
            previous=year - 1,
            needed=needed,
            by=by,
        ),
        {
            "rank": current.published_rank,
            "previous_rank": previous.published_rank,
            "previous_year": year - 1,
            "required_rank": needed,
        },
    )
