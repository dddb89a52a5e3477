"""Stage 4: the next version of the store, merged by ``MaHoSo`` and sorted by unit and receipt.

A row already stored is replaced (its first appointment date is kept), a new one added.
"""

from __future__ import annotations

import duckdb

from parindex.dossiers.importing.state import ImportState
from parindex.dossiers.schema import DUCKDB_TYPES, FIELDS
from parindex.dossiers.store import DERIVED_COLUMNS, TABLE, Writer, column_names

ORDER = "ORDER BY unit_id NULLS LAST, received_at NULLS LAST"


def merge(writer: Writer, state: ImportState) -> None:
    """The next version: stored rows not in the file, plus the file's rows, sorted."""
    con = writer.con
    previous = writer.attach_previous()
    present = set(state.present) | {n for n, _t in DERIVED_COLUMNS}
    with state.phases.watch(con):
        if previous is None:
            _first_version(con, present)
            state.result.inserted = state.result.rows_read
        else:
            state.result.updated = _next_version(con, previous, present)
            state.result.inserted = state.result.rows_read - state.result.updated
    con.execute("DROP VIEW incoming")
    con.execute("DROP TABLE stage")
    _store_stats(con, state)


def _types() -> dict[str, str]:
    return dict(DERIVED_COLUMNS) | {f.name: DUCKDB_TYPES[f.kind] for f in FIELDS}


def _first_version(con: duckdb.DuckDBPyConnection, present: set[str]) -> None:
    """Only the columns the file has are sorted; the others are added empty after."""
    columns = column_names()
    types = _types()
    kept = [c for c in columns if c in present]
    con.execute(f"CREATE TABLE {TABLE} AS SELECT {', '.join(kept)} FROM incoming {ORDER}")
    for name in columns:
        if name not in present:
            con.execute(f"ALTER TABLE {TABLE} ADD COLUMN {name} {types[name]}")


def _next_version(con: duckdb.DuckDBPyConnection, previous: str, present: set[str]) -> int:
    """The stored rows the file does not replace plus the file's; the number of rows replaced."""
    columns = column_names()
    types = _types()
    con.execute("CREATE OR REPLACE TEMP TABLE incoming_rows AS SELECT * FROM incoming")
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE kept_due AS
            SELECT i.dossier_code, o.original_due_at
            FROM incoming_rows i JOIN {previous} o ON o.dossier_code = i.dossier_code"""
    )
    matched = con.execute("SELECT count(*) FROM kept_due").fetchone()
    fresh = ", ".join(
        "COALESCE(k.original_due_at, i.original_due_at) AS original_due_at"
        if c == "original_due_at"
        else (f"i.{c}" if c in present else f"CAST(NULL AS {types[c]}) AS {c}")
        for c in columns
    )
    listed = ", ".join(columns)
    con.execute(
        f"""CREATE TABLE {TABLE} AS
            SELECT {listed} FROM (
                SELECT {listed} FROM {previous} o
                WHERE NOT EXISTS (
                    SELECT 1 FROM incoming_rows i WHERE i.dossier_code = o.dossier_code)
                UNION ALL
                SELECT {fresh} FROM incoming_rows i
                LEFT JOIN kept_due k ON k.dossier_code = i.dossier_code
            ) {ORDER}"""
    )
    con.execute("DROP TABLE incoming_rows")
    con.execute("DETACH prev")
    return int(matched[0]) if matched else 0


def _store_stats(con: duckdb.DuckDBPyConnection, state: ImportState) -> None:
    """Rows of the new version, its receipt span, and the rows of this import kept apart."""
    import_id = "IS NULL" if state.import_id is None else f"= {int(state.import_id)}"
    stats = con.execute(
        "SELECT count(*), CAST(min(received_at) AS VARCHAR), "
        "CAST(max(received_at) AS VARCHAR), "
        f"count(*) FILTER (WHERE unit_id IS NULL AND import_id {import_id}) FROM {TABLE}"
    ).fetchone()
    if stats:
        state.result.store_rows = int(stats[0])
        state.result.first_received = stats[1]
        state.result.last_received = stats[2]
        state.result.kept_apart = int(stats[3])
