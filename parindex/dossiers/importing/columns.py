"""The file's columns: which feeds which canonical field, the date format, typed SQL for each.

The header plans the columns (:func:`plan_columns`: mapping first, then the national names and
their aliases); the date format is the mapping's or the one that reads most of a sample
(:func:`sniff_dates`); :func:`typed_expr` is the SQL turning a raw column into its field.
"""

from __future__ import annotations

import datetime as dt

import duckdb
from django.utils.translation import gettext as _

from parindex.dossiers.importing.sql import literal, quote
from parindex.dossiers.importing.state import ImportState
from parindex.dossiers.mapping import Mapping
from parindex.dossiers.schema import (
    BY_NAME,
    DUCKDB_TYPES,
    FIELDS,
    TEXT,
    TIME,
    TIMESTAMP,
    UNIT,
    Field,
    find_field,
)
from parindex.lib.dossiers.clock_rules import TIME_LIMIT_UNIT_ALIASES
from parindex.lib.errors import InputRejected, Problem

#: Date formats tried, in order, when neither the mapping nor the caller names one.
DATE_FORMATS = (
    "%Y%m%d%H%M%S",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%d/%m/%Y",
)


def _header_problems(header: list[str]) -> tuple[dict[str, int], list[Problem]]:
    """The first position of each column name, and a problem for each repeated one."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, name in enumerate(header):
        if name in seen:
            problems.append(
                Problem(
                    _("The column appears twice (columns {first} and {second}).").format(
                        first=seen[name] + 1, second=index + 1
                    ),
                    row=1,
                    field=name,
                )
            )
        seen.setdefault(name, index)
    return seen, problems


def _match_columns(
    header: list[str], mapping: Mapping, seen: dict[str, int], problems: list[Problem]
) -> dict[str, str]:
    """Canonical field → the file's column: the mapping's, then names the schema recognises."""
    plan: dict[str, str] = {}
    for canonical, column in mapping.columns.items():
        if column not in seen:
            problems.append(
                Problem(
                    _("The mapping names the column “{column}”, which the file lacks.").format(
                        column=column
                    ),
                    row=1,
                    field=column,
                )
            )
        else:
            plan[canonical] = column
    used = set(plan.values())
    for name in header:
        if name in used:
            continue
        found = find_field(name)
        if found is not None and found.name not in plan:
            plan[found.name] = name
            used.add(name)
    return plan


def plan_columns(state: ImportState, header: list[str]) -> None:
    """Which file column feeds which canonical field; refuses the file for missing ones."""
    seen, problems = _header_problems(header)
    plan = _match_columns(header, state.mapping, seen, problems)
    for f in FIELDS:
        if f.required and f.name not in plan:
            problems.append(
                Problem(
                    _("The required column is missing (canonical field “{name}”).").format(
                        name=f.name
                    ),
                    row=1,
                    field=f.source,
                )
            )
    if problems:
        raise InputRejected(problems)
    used = set(plan.values())
    state.plan = plan
    state.result.columns = dict(plan)
    state.result.ignored_columns = [h for h in header if h not in used]


def date_columns(state: ImportState, types: dict[str, str] | None = None) -> list[str]:
    """The file's columns of timestamp fields (those of text type when ``types`` is given)."""
    return [
        column
        for name, column in state.plan.items()
        if BY_NAME[name].kind == TIMESTAMP and (types is None or types[column] == "VARCHAR")
    ]


def sniff_dates(
    con: duckdb.DuckDBPyConnection, mapping: Mapping, sample_sql: str, columns: list[str]
) -> str:
    """The mapping's date format, or the one of :data:`DATE_FORMATS` reading most of a sample."""
    if mapping.date_format:
        return mapping.date_format
    if not columns:
        return DATE_FORMATS[0]
    values: list[str] = []
    for column in columns:
        rows = con.execute(
            f"SELECT CAST({quote(column)} AS VARCHAR) FROM ({sample_sql}) "
            f"WHERE {quote(column)} IS NOT NULL "
            f"AND trim(CAST({quote(column)} AS VARCHAR)) <> '' "
            "LIMIT 200"
        ).fetchall()
        values.extend(str(r[0]).strip() for r in rows)
    if not values:
        return DATE_FORMATS[0]

    def parsed(fmt: str) -> int:
        count = 0
        for value in values:
            try:
                dt.datetime.strptime(value, fmt)
            except ValueError:
                continue
            count += 1
        return count

    # The format that reads most of the sample (the first one listed on a tie).
    return max(DATE_FORMATS, key=lambda fmt: (parsed(fmt), -DATE_FORMATS.index(fmt)))


def needs_raw(f: Field, mapping: Mapping) -> bool:
    """Fields converted in SQL (so their raw text is kept to report bad values)."""
    return f.kind in (UNIT, TIME) or f.name in mapping.values


def typed_expr(f: Field, source: str, source_type: str, state: ImportState) -> str:
    """SQL turning the raw column ``source`` (of DuckDB type ``source_type``) into ``f``."""
    text = f"NULLIF(trim(CAST({source} AS VARCHAR)), '')"
    values = state.mapping.values
    if f.name in values:
        cases = " ".join(
            f"WHEN {literal(code)} THEN {int(value)}" for code, value in values[f.name].items()
        )
        return f"(CASE {text} {cases} ELSE TRY_CAST({text} AS {DUCKDB_TYPES[f.kind]}) END)"
    if f.kind == TEXT:
        return text
    if f.kind == UNIT:
        cases = " ".join(
            f"WHEN {literal(alias)} THEN {literal(code)}"
            for alias, code in TIME_LIMIT_UNIT_ALIASES.items()
        )
        return f"(CASE lower({text}) {cases} END)"
    if f.kind == TIME:
        parsed = f"TRY_CAST({text} AS TIME)"
        return f"CAST(hour({parsed}) * 3600 + minute({parsed}) * 60 + second({parsed}) AS VARCHAR)"
    if f.kind == TIMESTAMP:
        if source_type == "VARCHAR":
            return f"try_strptime({text}, {literal(state.result.date_format)})"
        return f"TRY_CAST({source} AS TIMESTAMP)"
    return f"TRY_CAST({source if source_type != 'VARCHAR' else text} AS {DUCKDB_TYPES[f.kind]})"


def stage_from(
    con: duckdb.DuckDBPyConnection,
    state: ImportState,
    relation: str,
    types: dict[str, str],
    row_expr: str,
) -> None:
    """``stage`` from a relation whose columns are the file's (text or typed)."""
    select = [f"{row_expr} AS source_row"]
    state.raw = {}
    for f in FIELDS:
        column = state.plan.get(f.name)
        if column is None:
            select.append(f"CAST(NULL AS {DUCKDB_TYPES[f.kind]}) AS {f.name}")
            continue
        source = quote(column)
        select.append(f"{typed_expr(f, source, types[column], state)} AS {f.name}")
        raw_name = f"raw__{f.name}"
        select.append(f"CAST({source} AS VARCHAR) AS {raw_name}")
        state.raw[f.name] = raw_name
    con.execute(f"CREATE OR REPLACE TEMP TABLE stage AS SELECT {', '.join(select)} FROM {relation}")
