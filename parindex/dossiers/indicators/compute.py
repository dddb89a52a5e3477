"""Running the indicator queries and turning measures into indicators, scores and ranks.

The SQL engine computes the measures, the ratio and mean indicators and the percentiles
(:mod:`parindex.dossiers.indicators.sql`); the Decision 766 scores come from
:mod:`parindex.lib.dossiers.qd766` applied to the measures, and the ranks from
:func:`parindex.lib.dossiers.qd766.competition_ranks` within each peer group. The same Python
function (:func:`indicators_from_measures`) serves the stored summaries, so pages and the CLI agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from parindex.dossiers.indicators.registry import (
    COUNT,
    DAY_SECONDS,
    INDICATORS,
    MEAN,
    MEASURES,
    PERCENTILE,
    RATIO,
    SCORE,
    SCORE_CODES,
    TOTAL,
)
from parindex.dossiers.indicators.sql import Filters, measures_sql, percentiles_sql, render
from parindex.lib.dossiers import qd766
from parindex.lib.dossiers.periods import Period

Fetch = Callable[[str], list[dict[str, Any]]]


def duckdb_fetch(con: Any) -> Fetch:
    """A fetch function over a DuckDB connection or cursor."""

    def fetch(sql: str) -> list[dict[str, Any]]:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return fetch


def dbapi_fetch(cursor: Any) -> Fetch:
    """A fetch function over a DB-API cursor (psycopg, Django's connection cursor)."""

    def fetch(sql: str) -> list[dict[str, Any]]:
        cursor.execute(sql)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    return fetch


def _number(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@dataclass
class Row:
    """Figures of one unit (rolled up) for one period."""

    unit_id: int
    period: str
    measures: dict[str, int] = field(default_factory=dict)
    indicators: dict[str, Any] = field(default_factory=dict)
    ranks: dict[str, int | None] = field(default_factory=dict)


def run(
    fetch: Fetch,
    periods: Sequence[Period],
    closure: Iterable[tuple[int, int]],
    *,
    filters: Filters | None = None,
    dialect: str = "duckdb",
    table: str = "dossiers",
) -> list[Row]:
    """Measures, SQL indicators, percentiles and scores per unit and period."""
    closure = list(closure)
    filters = filters or Filters()
    rows: dict[tuple[int, str], Row] = {}
    for record in fetch(render(measures_sql(periods, closure, filters, table), dialect)):
        row = Row(int(record["unit_id"]), str(record["period"]))
        row.measures = {m.code: int(_number(record[m.code]) or 0) for m in MEASURES}
        for indicator in INDICATORS:
            if indicator.kind == COUNT:
                row.indicators[indicator.code] = sum(row.measures[n] for n in indicator.inputs)
            elif indicator.kind in (RATIO, MEAN):
                value = record[indicator.code]
                row.indicators[indicator.code] = None if value is None else float(value)
        rows[(row.unit_id, row.period)] = row
    for record in fetch(render(percentiles_sql(periods, closure, filters, table), dialect)):
        found = rows.get((int(record["unit_id"]), str(record["period"])))
        if found is None:
            continue
        for indicator in INDICATORS:
            if indicator.kind == PERCENTILE:
                value = record[indicator.code]
                found.indicators[indicator.code] = None if value is None else int(value)
    result = sorted(rows.values(), key=lambda r: (r.period, r.unit_id))
    for row in result:
        for indicator in INDICATORS:
            if indicator.kind == PERCENTILE:
                row.indicators.setdefault(indicator.code, None)
        row.indicators.update(scores(row.measures))
    return result


def scores(measures: Mapping[str, int]) -> dict[str, Decimal | None]:
    """The Decision 766 scores computable from the measures (unrounded Decimals)."""
    profile = qd766.get_profile()
    found: dict[str, Decimal | None] = {}
    for indicator in INDICATORS:
        if indicator.kind == SCORE and indicator.rule is not None:
            rule = profile.rule(*indicator.rule)
            numerator = sum(measures.get(n, 0) for n in indicator.numerator)
            denominator = sum(measures.get(n, 0) for n in indicator.denominator)
            term = qd766.score_term(rule, numerator, denominator)
            found[indicator.code] = term.score
    for indicator in INDICATORS:
        if indicator.kind == TOTAL:
            found[indicator.code] = qd766.total_score(found[p] for p in indicator.parts)
    return found


def percentile(histogram: Mapping[int, int], numerator: int, denominator: int) -> int | None:
    """Nearest rank: the smallest value whose running count reaches numerator/denominator."""
    total = sum(histogram.values())
    if total == 0:
        return None
    running = 0
    for value in sorted(histogram):
        running += histogram[value]
        if running * denominator >= total * numerator:
            return int(value)
    return None  # pragma: no cover - unreachable once total > 0


def indicators_from_measures(
    measures: Mapping[str, int], histogram: Mapping[int, int] | None = None
) -> dict[str, Any]:
    """Every indicator from additive measures (and the days-used histogram), in Python."""
    values: dict[str, Any] = {}
    for indicator in INDICATORS:
        top = sum(measures.get(n, 0) for n in indicator.numerator)
        bottom = sum(measures.get(n, 0) for n in indicator.denominator)
        if indicator.kind == COUNT:
            values[indicator.code] = sum(int(measures.get(n, 0)) for n in indicator.inputs)
        elif indicator.kind == RATIO:
            ratio = qd766.fraction(top, bottom)
            values[indicator.code] = None if ratio is None else float(ratio)
        elif indicator.kind == MEAN:
            ratio = qd766.fraction(top, bottom)
            values[indicator.code] = None if ratio is None else float(ratio / DAY_SECONDS)
        elif indicator.kind == PERCENTILE and indicator.quantile is not None:
            values[indicator.code] = percentile(histogram or {}, *indicator.quantile)
    values.update(scores(measures))
    return values


def rank(rows: Sequence[Row], peer_of: Callable[[int], str]) -> None:
    """Competition ranks of every score within each (period, peer group), in place."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        groups.setdefault((row.period, peer_of(row.unit_id)), []).append(row)
    for members in groups.values():
        for code in SCORE_CODES:
            ranks = qd766.competition_ranks(
                {str(r.unit_id): r.indicators.get(code) for r in members}
            )
            for r in members:
                r.ranks[code] = ranks[str(r.unit_id)]
