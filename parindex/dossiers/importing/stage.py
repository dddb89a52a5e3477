"""Stage 1: the file into DuckDB's ``stage`` table, one typed column per canonical field.

CSV is read by DuckDB's parallel reader with explicit column types straight into a temporary
table (XLSX is first streamed to a CSV file with openpyxl, a CSV file in an encoding DuckDB does
not read is first re-encoded to UTF-8; Parquet is read by DuckDB). If any value does not parse,
the file is read again as text, so that every bad value can be reported with its row and column.
Whatever the engine says about a file it cannot read becomes a problem of
:mod:`parindex.dossiers.importing.engine_errors`.
"""

from __future__ import annotations

import csv
import datetime as dt
import time
from pathlib import Path
from typing import Any

import duckdb
from django.utils.translation import gettext as _

from parindex.dossiers.importing import engine_errors
from parindex.dossiers.importing.columns import (
    date_columns,
    needs_raw,
    plan_columns,
    sniff_dates,
    stage_from,
    typed_expr,
)
from parindex.dossiers.importing.problems import MAX_PROBLEMS, append_more
from parindex.dossiers.importing.sql import literal, quote
from parindex.dossiers.importing.state import ImportState
from parindex.dossiers.schema import BY_NAME, DUCKDB_TYPES, FIELDS, TEXT
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import encoding_of_start, looks_like_utf16
from parindex.lib.files.delimiters import sniff_delimiter
from parindex.lib.files.rows import split_line
from parindex.lib.files.source import Source

#: Encodings DuckDB's CSV reader reads itself; others are re-encoded to UTF-8 first.
DUCKDB_ENCODINGS = ("utf-8", "utf-16", "latin-1")


def file_format(state: ImportState) -> str:
    """csv, xlsx or parquet: the mapping's, else from the file's extension."""
    if state.mapping.file_format:
        return state.mapping.file_format
    suffix = state.path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    return "csv"


def stage(con: duckdb.DuckDBPyConnection, state: ImportState) -> None:
    """Read the file into ``stage``; refuses an empty file or one the engine cannot read."""
    state.result.file_format = file_format(state)
    encoding = state.mapping.encoding
    try:
        if state.mapping.date_format:
            problem = engine_errors.check_date_format(con, state.mapping.date_format)
            if problem is not None:
                raise InputRejected([problem])
        if state.result.file_format == "parquet":
            _stage_parquet(con, state)
        elif state.result.file_format == "xlsx":
            _stage_csv(con, state, _xlsx_to_csv(state), ",", "utf-8")
        else:
            source, encoding = _csv_source(state)
            _stage_csv(con, state, source, state.mapping.delimiter, encoding)
    except duckdb.Error as exc:  # a file DuckDB cannot read at all
        problem = engine_errors.engine_problem(
            exc, file=state.path.name, file_format=state.result.file_format, encoding=encoding
        )
        raise InputRejected([problem]) from None
    count = con.execute("SELECT count(*) FROM stage").fetchone()
    state.result.rows_read = int(count[0]) if count else 0
    if state.result.rows_read == 0:
        raise InputRejected(
            [
                Problem(
                    _("{file}: the file is empty: it has no dossier rows.").format(
                        file=state.path.name
                    )
                )
            ]
        )


#: How much of a CSV file the reading kit sees to decide its encoding.
HEAD_BYTES = 1 << 16


def _csv_source(state: ImportState) -> tuple[Path, str]:
    """The CSV file DuckDB reads and its encoding. With the default encoding the reading kit
    decides (UTF-8, or UTF-16 by its mark; anything else refused naming the row of the first
    bad byte); an encoding a mapping names is read as such, re-encoded to UTF-8 if DuckDB does
    not read it itself."""
    with open(state.path, "rb") as handle:
        head = handle.read(HEAD_BYTES + 1)
    encoding = state.mapping.encoding
    if encoding == "utf-8":
        if engine_errors.looks_binary(head) and not looks_like_utf16(head):
            raise InputRejected([engine_errors.binary_file(state.path.name)])
        try:
            sample = Source(state.path.name, head[:HEAD_BYTES])
            encoding = encoding_of_start(sample, complete=len(head) <= HEAD_BYTES)
        except InputRejected as exc:
            [problem] = exc.problems
            if problem.line is None:
                raise
            raise InputRejected(
                [engine_errors.not_text(state.path.name, "utf-8", row=problem.line)]
            ) from None
    elif encoding != "utf-16" and engine_errors.looks_binary(head):
        raise InputRejected([engine_errors.binary_file(state.path.name)])
    if encoding in DUCKDB_ENCODINGS:
        return state.path, encoding
    target = _tmp_file(state, "csv")
    try:
        with (
            open(state.path, encoding=encoding, newline="") as source,
            open(target, "w", encoding="utf-8", newline="") as out,
        ):
            for line in source:
                out.write(line)
    except UnicodeDecodeError:
        raise InputRejected([engine_errors.not_text(state.path.name, encoding)]) from None
    return target, "utf-8"


def _tmp_file(state: ImportState, kind: str) -> Path:
    """A temporary file in the store's directory, removed when the import ends."""
    target = state.store.directory / "tmp" / f"{kind}-{time.monotonic_ns()}.csv"
    target.parent.mkdir(parents=True, exist_ok=True)
    state.tmp_files.append(target)
    return target


def _header_csv(
    state: ImportState, source: Path, delimiter: str | None, encoding: str
) -> tuple[list[str], str]:
    python_encoding = {"utf-8": "utf-8-sig"}.get(encoding, encoding)
    try:
        if encoding == "utf-16":
            with open(source, encoding=python_encoding, newline="") as handle:
                first = handle.readline()
        else:  # only the first line decoded: a bad byte further down is the engine's to find
            with open(source, "rb") as binary:
                first = binary.readline().decode(python_encoding)
    except UnicodeDecodeError:
        raise InputRejected([engine_errors.not_text(state.path.name, encoding, row=1)]) from None
    if not first.strip():
        raise InputRejected(
            [
                Problem(
                    _("{file}: the file is empty: it has no dossier rows.").format(
                        file=state.path.name
                    )
                )
            ]
        )
    delimiter = delimiter or sniff_delimiter(first)
    return split_line(first, delimiter), delimiter


def _csv_types(state: ImportState, header: list[str]) -> dict[str, str]:
    """DuckDB type of each column for the fast path (text where SQL converts the field)."""
    by_column = {c: BY_NAME[n] for n, c in state.plan.items()}
    types: dict[str, str] = {}
    for h in header:
        f = by_column.get(h)
        types[h] = (
            "VARCHAR"
            if f is None or f.kind == TEXT or needs_raw(f, state.mapping)
            else DUCKDB_TYPES[f.kind]
        )
    return types


def _csv_select(state: ImportState, types: dict[str, str]) -> list[str]:
    """The fast path's select list: typed columns as they are, text ones converted in SQL."""
    select = []
    state.raw = {}
    for f in FIELDS:
        column = state.plan.get(f.name)
        if column is None:
            select.append(f"CAST(NULL AS {DUCKDB_TYPES[f.kind]}) AS {f.name}")
        elif types[column] == "VARCHAR":
            select.append(f"{typed_expr(f, quote(column), 'VARCHAR', state)} AS {f.name}")
            if needs_raw(f, state.mapping):
                select.append(f"{quote(column)} AS raw__{f.name}")
                state.raw[f.name] = f"raw__{f.name}"
        else:
            select.append(f"{quote(column)} AS {f.name}")
    return select


def _stage_csv(
    con: duckdb.DuckDBPyConnection,
    state: ImportState,
    source: Path,
    delimiter: str | None,
    encoding: str,
) -> None:
    header, delimiter = _header_csv(state, source, delimiter, encoding)
    plan_columns(state, header)
    options = (
        f"header = true, auto_detect = false, delim = {literal(delimiter)}, quote = '\"', "
        f"escape = '\"', encoding = {literal(encoding)}, strict_mode = false"
    )
    text_columns = "{" + ", ".join(f"{literal(h)}: 'VARCHAR'" for h in header) + "}"
    sample = (
        f"SELECT * FROM read_csv({literal(str(source))}, {options}, columns = {text_columns}, "
        "ignore_errors = true)"
    )
    state.result.date_format = sniff_dates(
        con, state.mapping, sample + " LIMIT 1000", date_columns(state)
    )
    # Fast path: explicit types, DuckDB's parallel reader, rejects recorded.
    types = _csv_types(state, header)
    typed_columns = "{" + ", ".join(f"{literal(h)}: {literal(t)}" for h, t in types.items()) + "}"
    select = _csv_select(state, types)
    reader = (
        f"read_csv({literal(str(source))}, {options}, columns = {typed_columns}, "
        f"timestampformat = {literal(state.result.date_format)}, store_rejects = true, "
        "rejects_table = 'stage_rejects', rejects_scan = 'stage_scans'"
    )
    with state.phases.watch(con):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE stage AS SELECT {', '.join(select)} FROM {reader})"
        )
    rejects = con.execute("SELECT count(*) FROM stage_rejects").fetchone()
    state.row = "(stage.rowid + 2)"
    if rejects and rejects[0]:
        _stage_csv_text(con, state, source, options, text_columns)


def _stage_csv_text(
    con: duckdb.DuckDBPyConnection,
    state: ImportState,
    source: Path,
    options: str,
    text_columns: str,
) -> None:
    """The slow path: every column as text, so that every bad value is found."""
    con.execute("DROP TABLE IF EXISTS stage")
    reader = (
        f"read_csv({literal(str(source))}, {options}, columns = {text_columns}, "
        "store_rejects = true, rejects_table = 'text_rejects', rejects_scan = 'text_scans')"
    )
    con.execute(f"CREATE OR REPLACE TEMP TABLE raw AS SELECT * FROM {reader}")
    broken = con.execute(
        "SELECT line, error_type, csv_line FROM text_rejects ORDER BY line LIMIT ?",
        [MAX_PROBLEMS],
    ).fetchall()
    if broken:
        total = con.execute("SELECT count(*) FROM text_rejects").fetchone()
        problems = [
            _broken_row(state, int(line), str(error_type)) for line, error_type, _t in broken
        ]
        append_more(problems, int(total[0]) if total else 0)
        raise InputRejected(problems)
    types = dict.fromkeys(con.execute("SELECT * FROM raw LIMIT 0").fetchnumpy(), "VARCHAR")
    stage_from(con, state, "raw", types, "(raw.rowid + 2)")
    con.execute("DROP TABLE raw")
    state.row = "source_row"


def _broken_row(state: ImportState, line: int, error_type: str) -> Problem:
    """A row DuckDB's reader rejected even as text."""
    if error_type.upper() in ("INVALID ENCODING", "INVALID UNICODE"):
        return engine_errors.not_text(state.path.name, state.mapping.encoding, row=line)
    return Problem(
        _("The row does not have the header's number of columns ({error}).").format(
            error=error_type.lower()
        ),
        row=line,
    )


def _stage_parquet(con: duckdb.DuckDBPyConnection, state: ImportState) -> None:
    reader = f"read_parquet({literal(str(state.path))}, file_row_number = true)"
    described = con.execute(f"DESCRIBE SELECT * FROM {reader}").fetchall()
    types = {str(name): str(kind) for name, kind, *_rest in described}
    header = [n for n in types if n != "file_row_number"]
    plan_columns(state, header)
    state.result.date_format = sniff_dates(
        con, state.mapping, f"SELECT * FROM {reader} LIMIT 1000", date_columns(state, types)
    )
    with state.phases.watch(con):
        stage_from(con, state, reader, types, "(file_row_number + 2)")
    state.row = "source_row"


def _xlsx_to_csv(state: ImportState) -> Path:
    """Stream the sheet into a CSV file (dates as YYYY-MM-DD HH:MM:SS)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(state.path, read_only=True, data_only=True)
    except Exception:
        raise InputRejected([engine_errors.unreadable_workbook(state.path.name)]) from None
    try:
        sheet_name = state.mapping.sheet
        if sheet_name and sheet_name not in book.sheetnames:
            raise InputRejected(
                [
                    Problem(
                        _("The workbook has no sheet “{sheet}”.").format(sheet=sheet_name),
                        field="sheet",
                    )
                ]
            )
        sheet = book[sheet_name] if sheet_name else book.worksheets[0]
        target = _tmp_file(state, "xlsx")
        with open(target, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in sheet.iter_rows(values_only=True):
                if row is None or all(v is None or v == "" for v in row):
                    continue
                writer.writerow([_cell(v) for v in row])
    finally:
        book.close()
    return target


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d 00:00:00")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
