"""Indicator queries: built once in the DuckDB dialect, rendered per engine with SQLGlot.

:func:`measures_sql` and :func:`percentiles_sql` return one self-contained statement each: the
periods and the unit tree travel inside it as ``VALUES`` lists, so the same text runs on DuckDB
(the dossier store), PostgreSQL, Trino or Spark SQL over the same table (docs/dossiers-engines.md).
Nothing here executes anything; :mod:`parindex.dossiers.indicators.compute` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlglot

from parindex.dossiers.indicators.registry import (
    COUNTED_SQL,
    HISTOGRAM_CONDITION,
    HISTOGRAM_VALUE,
    INDICATORS,
    MEASURES,
    PERCENTILE,
    SCOPE_SQL,
)
from parindex.lib.dossiers.periods import Period

DIALECTS = ("duckdb", "postgres", "trino", "spark")
_SAFE = re.compile(r"^[A-Za-z0-9_.:\-/ ]*$")


@dataclass(frozen=True)
class Filters:
    """Which store rows a query reads: units (their ids) and one procedure."""

    unit_ids: tuple[int, ...] | None = None
    procedure: str | None = None
    by_procedure: bool = False


def render(sql: str, dialect: str = "duckdb") -> str:
    """``sql`` (DuckDB dialect) in ``dialect``."""
    if dialect == "duckdb":
        return sql
    return sqlglot.transpile(sql, read="duckdb", write=dialect)[0]


def _literal(text: str) -> str:
    if not _SAFE.match(text):
        raise ValueError(f"unsafe literal {text!r}")
    return "'" + text.replace("'", "''") + "'"


def _periods_cte(periods: Sequence[Period]) -> str:
    rows = ", ".join(
        f"({_literal(p.code)}, TIMESTAMP '{p.start:%Y-%m-%d %H:%M:%S}', "
        f"TIMESTAMP '{p.end:%Y-%m-%d %H:%M:%S}', TIMESTAMP '{p.last_day.isoformat()} 00:00:00')"
        for p in periods
    )
    return f"periods (period, start_at, end_at, last_at) AS (VALUES {rows})"


def _closure_cte(closure: Iterable[tuple[int, int]]) -> str:
    rows = ", ".join(f"({int(a)}, {int(d)})" for a, d in closure)
    if not rows:
        rows = "(0, 0)"
    return f"closure (ancestor_id, descendant_id) AS (VALUES {rows})"


def _where(filters: Filters) -> str:
    parts = [COUNTED_SQL]
    if filters.unit_ids is not None:
        ids = ", ".join(str(int(u)) for u in filters.unit_ids) or "NULL"
        parts.append(f"d.unit_id IN ({ids})")
    if filters.procedure:
        parts.append(f"d.procedure_code = {_literal(filters.procedure)}")
    return " AND ".join(parts)


def _base_keys(filters: Filters) -> tuple[str, str]:
    """(select list, group-by list) of the base aggregation."""
    if filters.by_procedure:
        return (
            "d.unit_id AS unit_id, p.period AS period, d.procedure_code AS procedure_code",
            "d.unit_id, p.period, d.procedure_code",
        )
    return "d.unit_id AS unit_id, p.period AS period", "d.unit_id, p.period"


def base_measures_sql(
    periods: Sequence[Period], filters: Filters = Filters(), table: str = "dossiers"
) -> str:
    """Measures per stored unit (not rolled up) and period [and procedure]."""
    keys, group = _base_keys(filters)
    # SUM(CASE …), not COUNT(*) FILTER (…): measured on the summaries' queries (by unit ×
    # procedure × month, a slice of units at a time), the filtered form was 25 % slower.
    measures = ", ".join(f"{m.sql} AS {m.code}" for m in MEASURES)
    return (
        f"WITH {_periods_cte(periods)} "
        f"SELECT {keys}, {measures} FROM {table} AS d JOIN periods AS p ON {SCOPE_SQL} "
        f"WHERE {_where(filters)} GROUP BY {group}"
    )


def base_histogram_sql(
    periods: Sequence[Period], filters: Filters = Filters(), table: str = "dossiers"
) -> str:
    """Counts of working days used per stored unit, period [and procedure] and value."""
    keys, group = _base_keys(filters)
    return (
        f"WITH {_periods_cte(periods)} "
        f"SELECT {keys}, {HISTOGRAM_VALUE} AS v, COUNT(*) AS n "
        f"FROM {table} AS d JOIN periods AS p ON {SCOPE_SQL} "
        f"WHERE {_where(filters)} AND {HISTOGRAM_CONDITION} GROUP BY {group}, {HISTOGRAM_VALUE}"
    )


def measures_sql(
    periods: Sequence[Period],
    closure: Iterable[tuple[int, int]],
    filters: Filters = Filters(),
    table: str = "dossiers",
) -> str:
    """Every measure and every SQL indicator per unit (rolled up its subtree) and period."""
    keys, group = _base_keys(Filters())
    measures = ", ".join(f"{m.sql} AS {m.code}" for m in MEASURES)
    rolled = ", ".join(f"SUM(b.{m.code}) AS {m.code}" for m in MEASURES)
    shown = ", ".join(f"m.{m.code} AS {m.code}" for m in MEASURES)
    computed = ", ".join(
        f"{i.sql} AS {i.code}" for i in INDICATORS if i.sql is not None and i.kind != "count"
    )
    return (
        f"WITH {_periods_cte(periods)}, {_closure_cte(closure)}, "
        f"base AS (SELECT {keys}, {measures} FROM {table} AS d JOIN periods AS p ON {SCOPE_SQL} "
        f"WHERE {_where(filters)} GROUP BY {group}), "
        f"rolled AS (SELECT c.ancestor_id AS unit_id, b.period AS period, {rolled} "
        f"FROM base AS b JOIN closure AS c ON c.descendant_id = b.unit_id "
        f"GROUP BY c.ancestor_id, b.period) "
        f"SELECT m.unit_id AS unit_id, m.period AS period, {shown}, {computed} "
        f"FROM rolled AS m ORDER BY m.unit_id, m.period"
    )


def percentiles_sql(
    periods: Sequence[Period],
    closure: Iterable[tuple[int, int]],
    filters: Filters = Filters(),
    table: str = "dossiers",
) -> str:
    """Nearest-rank percentiles of the working days used, per unit (rolled up) and period.

    The p-th percentile is the smallest value ``v`` whose running count reaches ``p × total``;
    integer arithmetic (``running × den ≥ total × num``) keeps every engine exact.
    """
    keys, group = _base_keys(Filters())
    picks = ", ".join(
        f"MIN(CASE WHEN running * {i.quantile[1]} >= total * {i.quantile[0]} THEN v END) "
        f"AS {i.code}"
        for i in INDICATORS
        if i.kind == PERCENTILE and i.quantile is not None
    )
    return (
        f"WITH {_periods_cte(periods)}, {_closure_cte(closure)}, "
        f"hist AS (SELECT {keys}, {HISTOGRAM_VALUE} AS v, COUNT(*) AS n "
        f"FROM {table} AS d JOIN periods AS p ON {SCOPE_SQL} "
        f"WHERE {_where(filters)} AND {HISTOGRAM_CONDITION} GROUP BY {group}, {HISTOGRAM_VALUE}), "
        f"rolled AS (SELECT c.ancestor_id AS unit_id, h.period AS period, h.v AS v, SUM(h.n) AS n "
        f"FROM hist AS h JOIN closure AS c ON c.descendant_id = h.unit_id "
        f"GROUP BY c.ancestor_id, h.period, h.v), "
        f"cum AS (SELECT unit_id, period, v, SUM(n) OVER (PARTITION BY unit_id, period ORDER BY v "
        f"ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running, "
        f"SUM(n) OVER (PARTITION BY unit_id, period) AS total FROM rolled) "
        f"SELECT unit_id, period, {picks} FROM cum GROUP BY unit_id, period "
        f"ORDER BY unit_id, period"
    )
