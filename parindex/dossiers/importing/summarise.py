"""Stage 5: measures per unit and period, histograms and per-procedure measures, for the app.

Only months (calendar and 15th-to-14th) are computed from the rows, by unit × procedure; unit
months are their sums, and quarters and years follow from their months by each measure's
``over_time`` rule (flows add up, a start stock is the first month's, an end stock the last
month's) — exactly what the registry SQL gives for the longer period itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import duckdb

from parindex.dossiers.importing.result import SummaryBatch
from parindex.dossiers.indicators.registry import FLOW, MEASURES, STOCK_START
from parindex.dossiers.indicators.sql import Filters, base_histogram_sql, base_measures_sql
from parindex.dossiers.store import TABLE
from parindex.lib.dossiers.periods import CALENDAR, Period, periods_covering

#: Rows of the store grouped in one summary query (bounds DuckDB's memory for any store size).
SUMMARY_CHUNK_ROWS = 4_000_000

Rows = dict[tuple[int, str], dict[str, Any]]
Histograms = dict[tuple[int, str], dict[int, int]]


def summarise(
    con: duckdb.DuckDBPyConnection, progress: Callable[[float], None] | None = None
) -> SummaryBatch:
    """Measures per unit and period, histograms, and per-procedure measures of months."""
    bounds = con.execute(
        "SELECT CAST(min(received_at) AS DATE), "
        "CAST(greatest(max(received_at), max(end_at)) AS DATE) "
        f"FROM {TABLE} WHERE counted AND unit_id IS NOT NULL"
    ).fetchone()
    if not bounds or bounds[0] is None:
        return SummaryBatch([], [], {}, {})
    periods = _periods(bounds[0], bounds[1])
    months = [p for p in periods if p.granularity == "month"]
    month_rows, procedures = _calendar_months(
        con, [p for p in months if p.kind == CALENDAR], progress
    )
    # … and report-cycle months by unit.
    report_months = [p for p in months if p.kind != CALENDAR]
    for found_row in _fetch_dicts(con)(base_measures_sql(report_months, Filters())):
        month_rows[(int(found_row["unit_id"]), found_row["period"])] = found_row
    if progress:
        progress(0.8)
    histograms: Histograms = {}
    for unit_id, period, value, count in con.execute(
        f"SELECT unit_id, period, v, n FROM ({base_histogram_sql(months, Filters())})"
    ).fetchall():
        histograms.setdefault((int(unit_id), period), {})[int(value)] = int(count)
    unit_rows = list(month_rows.values())
    unit_rows += _longer_periods(periods, months, month_rows, histograms)
    if progress:
        progress(0.95)
    return SummaryBatch(periods, unit_rows, histograms, procedures)


def _periods(first: dt.date, last: dt.date) -> list[Period]:
    """Every month, quarter and year (of both kinds) of every year the rows touch."""
    periods = []
    for report in (False, True):
        touched = list(periods_covering(first, last, report=report))
        # Every month of every touched year, so that a quarter's or a year's end is a month.
        span = (min(p.first_day for p in touched), max(p.last_day for p in touched))
        periods += list(periods_covering(*span, report=report))
    return periods


def _calendar_months(
    con: duckdb.DuckDBPyConnection,
    calendar_months: list[Period],
    progress: Callable[[float], None] | None,
) -> tuple[Rows, dict[tuple[int, str], str]]:
    """Calendar months by unit × procedure (the unit's month is their sum), a slice of units at
    a time: the table is sorted by unit, so each slice reads only its own rows and the grouping
    stays small whatever the size of the store."""
    codes = [m.code for m in MEASURES]
    chunks = _unit_chunks(con)
    sums = ", ".join(f"CAST(SUM({c}) AS BIGINT) AS {c}" for c in codes)
    values = ", ".join(f"CAST({c} AS BIGINT)" for c in codes)
    fetch = _fetch_dicts(con)
    month_rows: Rows = {}
    procedures: dict[tuple[int, str], str] = {}
    for index, unit_ids in enumerate(chunks):
        sql = base_measures_sql(
            calendar_months, Filters(unit_ids=tuple(unit_ids), by_procedure=True)
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE summary_months AS {sql}")
        for row in fetch(
            f"SELECT unit_id, period, {sums} FROM summary_months GROUP BY unit_id, period"
        ):
            month_rows[(int(row["unit_id"]), row["period"])] = row
        for unit_id, period, text in con.execute(
            "SELECT unit_id, period, "
            f"CAST(json_group_object(procedure_code, [{values}]) AS VARCHAR) "
            "FROM summary_months WHERE procedure_code IS NOT NULL GROUP BY unit_id, period"
        ).fetchall():
            procedures[(int(unit_id), period)] = text
        con.execute("DROP TABLE summary_months")
        if progress:
            progress(0.6 * (index + 1) / len(chunks))
    return month_rows, procedures


def _longer_periods(
    periods: list[Period], months: list[Period], month_rows: Rows, histograms: Histograms
) -> list[dict[str, Any]]:
    """Quarters and years from their months (adds their histograms to ``histograms``)."""
    codes = [m.code for m in MEASURES]
    by_kind = {m.code: m.over_time for m in MEASURES}
    units = sorted({u for u, _p in month_rows})
    derived_rows: list[dict[str, Any]] = []
    for period in periods:
        if period.granularity == "month":
            continue
        inside = [
            m.code
            for m in months
            if m.kind == period.kind and period.first_day <= m.first_day <= period.last_day
        ]
        for unit_id in units:
            found = [month_rows.get((unit_id, code)) for code in inside]
            present = [row for row in found if row is not None]
            if not present:
                continue
            derived: dict[str, Any] = {"unit_id": unit_id, "period": period.code}
            for code in codes:
                if by_kind[code] == FLOW:
                    derived[code] = sum(r[code] for r in present)
                elif by_kind[code] == STOCK_START:
                    derived[code] = found[0][code] if found[0] is not None else 0
                else:
                    derived[code] = found[-1][code] if found[-1] is not None else 0
            derived_rows.append(derived)
            merged: dict[int, int] = {}
            for code in inside:
                for value, count in histograms.get((unit_id, code), {}).items():
                    merged[value] = merged.get(value, 0) + count
            if merged:
                histograms[(unit_id, period.code)] = merged
    return derived_rows


def _unit_chunks(con: duckdb.DuckDBPyConnection) -> list[list[int]]:
    """Unit ids in consecutive slices of about :data:`SUMMARY_CHUNK_ROWS` stored rows."""
    counts = con.execute(
        f"SELECT unit_id, count(*) FROM {TABLE} WHERE unit_id IS NOT NULL "
        "GROUP BY unit_id ORDER BY unit_id"
    ).fetchall()
    chunks: list[list[int]] = [[]]
    size = 0
    for unit_id, count in counts:
        if chunks[-1] and size + int(count) > SUMMARY_CHUNK_ROWS:
            chunks.append([])
            size = 0
        chunks[-1].append(int(unit_id))
        size += int(count)
    return chunks if chunks[0] else [[-1]]


def _fetch_dicts(con: duckdb.DuckDBPyConnection) -> Callable[[str], list[dict[str, Any]]]:
    codes = {m.code for m in MEASURES}

    def fetch(sql: str) -> list[dict[str, Any]]:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row = dict(zip(names, values, strict=True))
            for key in codes & row.keys():
                row[key] = int(row[key] or 0)
            rows.append(row)
        return rows

    return fetch
