"""Stage 3: the clock columns of every staged row, as the view ``incoming``.

Appointment dates from the time limit when ``NgayHenTra`` is missing (numpy, chunked:
:func:`computed_due`), the Decision 766 end time and the office time used (SQL over the arrays of
a :class:`~parindex.lib.dossiers.clock.ClockTable`), the rule set in force, the unit of each row.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb
import numpy as np

from parindex.dossiers.importing.state import ImportState
from parindex.dossiers.indicators.registry import DAY_SECONDS
from parindex.dossiers.schema import FIELDS
from parindex.lib.dossiers.clock import ClockTable
from parindex.lib.dossiers.clock_rules import (
    NOT_COUNTED_STATUSES,
    RULESETS,
    STATUS_SUPPLEMENT_REQUESTED,
    SUBTRACT_ALWAYS,
)

#: Rows given to the numpy clock at a time.
DUE_CHUNK_ROWS = 1_000_000


def derive(con: duckdb.DuckDBPyConnection, state: ImportState) -> None:
    """The view ``incoming``: the staged rows with their unit and every clock column."""
    table = clock_table(con, state)
    computed_due(con, state, table)
    state.phases.report(0.3)
    state.present = [f.name for f in FIELDS if f.name in state.plan or f.name == "supplement_count"]
    columns = clock_columns(table, state.subtraction)
    canonical = ", ".join(f"s.{n}" for n in state.present if n != "supplement_count")
    import_id = "NULL" if state.import_id is None else str(int(state.import_id))
    con.execute(
        f"""
        CREATE OR REPLACE TEMP VIEW incoming AS
        SELECT *,
            CAST(CASE WHEN end_at IS NULL THEN NULL WHEN late_forced THEN 3
                 WHEN due_effective IS NULL THEN 0
                 WHEN CAST(end_766 AS DATE) < CAST(due_effective AS DATE) THEN 1
                 WHEN CAST(end_766 AS DATE) = CAST(due_effective AS DATE) THEN 2
                 ELSE 3 END AS TINYINT) AS finish_class,
            COALESCE(NOT late_forced AND end_766 <= due_effective, false) AS on_time_fixed
        FROM (
            SELECT {canonical}, CAST({columns["count"]} AS INTEGER) AS supplement_count,
                m.unit_id AS unit_id,
                (s.status NOT IN ({columns["not_counted"]}) AND s.received_at IS NOT NULL)
                    AS counted,
                CAST(CASE {columns["rules"]} ELSE {columns["last_rules"]} END AS TINYINT)
                    AS rules_id,
                s.due_at AS original_due_at,
                (s.due_at IS NULL AND cd.due IS NOT NULL) AS due_computed,
                COALESCE(s.due_at, cd.due) AS due_effective,
                {columns["end"]} AS end_at,
                {columns["end_766"]} AS end_766,
                ({columns["count"]} > 1) AS late_forced,
                CAST({columns["processing"]} AS BIGINT) AS processing_ws,
                CAST(ceil(({columns["processing"]}) / {DAY_SECONDS}) AS INTEGER) AS days_used,
                CAST({import_id} AS INTEGER) AS import_id
            FROM stage s
            CROSS JOIN ck
            LEFT JOIN unit_map m ON m.agency_code = s.agency_code
                AND (m.valid_from IS NULL OR CAST(s.received_at AS DATE) >= m.valid_from)
                AND (m.valid_to IS NULL OR CAST(s.received_at AS DATE) < m.valid_to)
            LEFT JOIN computed_due cd ON cd.rid = s.rowid
        )
        """
    )


def clock_table(con: duckdb.DuckDBPyConnection, state: ImportState) -> ClockTable:
    """The clock over the file's moments (a week before, three years after), and table ``ck``."""
    bounds = con.execute(
        """SELECT least(min(received_at), min(finished_at), min(supplement_requested_at),
                        min(returned_at), min(refused_at)),
                  greatest(max(received_at), max(finished_at), max(supplement_completed_at),
                           max(returned_at), max(refused_at), max(due_at), max(apology_at))
           FROM stage"""
    ).fetchone()
    first = (bounds[0].date() if bounds and bounds[0] else dt.date.today()) - dt.timedelta(days=7)
    last = (bounds[1].date() if bounds and bounds[1] else dt.date.today()) + dt.timedelta(
        days=3 * 366
    )
    table = ClockTable.build(state.calendar, first, last)
    arrays = table.sql_arrays()
    con.execute(
        "CREATE OR REPLACE TEMP TABLE ck AS SELECT CAST(? AS BIGINT[]) AS ck_cum, "
        "CAST(? AS BIGINT[]) AS ck_working, CAST(? AS BIGINT[]) AS ck_days",
        [arrays["ck_cum"], arrays["ck_working"], arrays["ck_days"]],
    )
    return table


def clock_columns(table: ClockTable, subtraction: str) -> dict[str, str]:
    """SQL of the clock columns over the staged row ``s`` (and the arrays of table ``ck``)."""
    cutoff = "TRY_CAST(s.cutoff_time AS INTEGER)"
    received_w = table.sql_working_seconds("s.received_at", cutoff)
    end = "COALESCE(s.finished_at, s.returned_at, s.refused_at)"
    end_w = table.sql_working_seconds(end)
    req_w = table.sql_working_seconds("s.supplement_requested_at")
    comp_w = table.sql_working_seconds("s.supplement_completed_at")
    count = (
        "COALESCE(s.supplement_count, CASE WHEN s.supplement_requested_at IS NOT NULL "
        "THEN 1 ELSE 0 END)"
    )
    one_done = (
        f"({count} = 1 AND s.supplement_requested_at IS NOT NULL AND "
        f"s.supplement_completed_at IS NOT NULL AND {end} IS NOT NULL)"
    )
    subtract = one_done if subtraction == SUBTRACT_ALWAYS else f"({one_done} AND s.due_at IS NULL)"
    end_766 = (
        f"CASE WHEN {count} = 1 AND s.status = {STATUS_SUPPLEMENT_REQUESTED} "
        f"AND {end} IS NULL "
        f"AND s.supplement_requested_at IS NOT NULL THEN s.supplement_requested_at "
        f"WHEN {subtract} THEN {end} - (s.supplement_completed_at - s.supplement_requested_at) "
        f"ELSE {end} END"
    )
    gap = (
        "CASE WHEN s.supplement_requested_at IS NOT NULL "
        "AND s.supplement_completed_at IS NOT NULL "
        f"AND s.supplement_completed_at <= {end} "
        f"THEN GREATEST({comp_w} - {req_w}, 0) ELSE 0 END"
    )
    processing = (
        f"CASE WHEN {end} IS NULL THEN NULL ELSE GREATEST({end_w} - {received_w} - ({gap}), 0) END"
    )
    rules = " ".join(
        f"WHEN s.received_at < TIMESTAMP '{r.valid_to.isoformat()} 00:00:00' THEN {r.id}"
        for r in RULESETS
        if r.valid_to is not None
    )
    return {
        "count": count,
        "end": end,
        "end_766": end_766,
        "processing": processing,
        "rules": rules,
        "last_rules": str(RULESETS[-1].id),
        "not_counted": ", ".join(str(c) for c in NOT_COUNTED_STATUSES),
    }


def computed_due(con: duckdb.DuckDBPyConnection, state: ImportState, table: ClockTable) -> None:
    """Appointment dates from the time limit for rows without NgayHenTra (numpy, chunked)."""
    con.execute("CREATE OR REPLACE TEMP TABLE computed_due (rid BIGINT, due TIMESTAMP)")
    condition = (
        "due_at IS NULL AND legal_time_limit IS NOT NULL AND time_limit_unit IS NOT NULL "
        "AND received_at IS NOT NULL"
    )
    ids = con.execute(
        f"SELECT min(rowid), max(rowid), count(*) FROM stage WHERE {condition}"
    ).fetchone()
    if not ids or not ids[2]:
        return
    low, high = int(ids[0]), int(ids[1])
    for start in range(low, high + 1, DUE_CHUNK_ROWS):
        chunk = con.execute(
            f"""SELECT rowid AS rid, received_at, legal_time_limit, time_limit_unit,
                       supplement_requested_at, supplement_completed_at,
                       TRY_CAST(cutoff_time AS DOUBLE) AS cutoff
                FROM stage WHERE {condition} AND rowid >= ? AND rowid < ?""",
            [start, start + DUE_CHUNK_ROWS],
        ).fetchnumpy()
        if len(chunk["rid"]) == 0:
            continue
        due = table.due_dates(
            _moments(chunk["received_at"]),
            _floats(chunk["legal_time_limit"]),
            _objects(chunk["time_limit_unit"]),
            supplement_requested_at=_moments(chunk["supplement_requested_at"]),
            supplement_completed_at=_moments(chunk["supplement_completed_at"]),
            cutoff=_floats(chunk["cutoff"]),
        )
        keep = ~np.isnat(due)
        frame = {"rid": np.asarray(chunk["rid"])[keep], "due": due[keep]}
        con.register("due_chunk", frame)
        con.execute("INSERT INTO computed_due SELECT rid, CAST(due AS TIMESTAMP) FROM due_chunk")
        con.unregister("due_chunk")
        state.result.computed_due += int(keep.sum())


def _moments(values: Any) -> np.ndarray:
    array = (
        np.ma.filled(np.ma.asarray(values), np.datetime64("NaT"))
        if np.ma.isMaskedArray(values)
        else np.asarray(values)
    )
    return array.astype("datetime64[s]")


def _floats(values: Any) -> np.ndarray:
    if np.ma.isMaskedArray(values):
        return np.ma.filled(values.astype(np.float64), np.nan)
    return np.asarray(values, dtype=np.float64)


def _objects(values: Any) -> np.ndarray:
    if np.ma.isMaskedArray(values):
        return np.ma.filled(values.astype(object), None)
    return np.asarray(values, dtype=object)
