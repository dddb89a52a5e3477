"""The check of one row of each kind of registry file: convert its cells, test it against the
rest of the file and the database, and return the record to write.

Each function has the same shape, ``(check, row, context) -> Record``; ``importing.FILE_KINDS``
declares which one checks which kind of file. Problems go to ``check``; the file is refused
whole once every row has been checked.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.utils.translation import gettext as _

from parindex.national.models import (
    DataStatus,
    NationalResult,
    PeerGroup,
    Region,
    SourceType,
)
from parindex.national.queries import default_code_system, table_size
from parindex.national.results_file import Checker, Row
from parindex.units.models import CodeSystem, Unit, UnitKind

Record = dict[str, Any]

_UNIT_REF = re.compile(r"^(historical_63|current_34):(\S+)$")


def units_by_key() -> dict[tuple[str, str], Unit]:
    return {
        (unit.code_system, unit.code): unit
        for unit in Unit.objects.filter(
            code_system__in=[CodeSystem.HISTORICAL_63, CodeSystem.CURRENT_34]
        )
    }


class FileContext:
    """What the rows of one file share: its header, the database look-ups (each read once, when
    a row first needs it) and the rows already seen, for duplicates."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        self.seen: dict[tuple[Any, ...], int] = {}
        self._sizes: dict[tuple[str, int], int | None] = {}

    @cached_property
    def units(self) -> dict[tuple[str, str], Unit]:
        return units_by_key()

    @cached_property
    def area_columns(self) -> list[tuple[str, str, str]]:
        """Optional ``area_points.CODE`` / ``area_rate.CODE`` columns: (column, kind, code)."""
        found = []
        for column in self.header:
            for prefix, kind in (("area_points.", "points"), ("area_rate.", "component_index")):
                if column.startswith(prefix) and len(column) > len(prefix):
                    found.append((column, kind, column[len(prefix) :]))
        return found

    @cached_property
    def province_results(self) -> dict[tuple[int, int | None], NationalResult]:
        return {
            (r.year, r.unit_id): r
            for r in NationalResult.objects.filter(peer_group=PeerGroup.PROVINCE)
        }

    @cached_property
    def regions(self) -> set[str]:
        return set(Region.objects.values_list("code", flat=True))

    def table_size(self, peer_group: str, year: int) -> int | None:
        if (peer_group, year) not in self._sizes:
            self._sizes[(peer_group, year)] = table_size(peer_group, year)
        return self._sizes[(peer_group, year)]


def resolve_province(
    check: Checker,
    row: Row,
    name: str,
    year: int | None,
    units: dict[tuple[str, str], Unit],
) -> Unit | None:
    """The province a code cell means in the year's code system (or an explicit SYSTEM:CODE)."""
    text = row.get(name)
    if not text:
        check.problem(row, name, _("A value is required."))
        return None
    match = _UNIT_REF.match(text)
    if match:
        system, code = match.groups()
    elif row.get("code_system"):
        system, code = row.get("code_system"), text
    elif year is None:
        return None
    else:
        system, code = default_code_system(year), text
    unit = units.get((system, code))
    if unit is None or unit.kind != UnitKind.PROVINCE:
        check.problem(
            row,
            name,
            _("No province has the code “{code}” in the code system {system}.").format(
                code=code, system=system
            ),
        )
        return None
    return unit


def _rank_in_table(
    check: Checker,
    row: Row,
    name: str,
    rank: int | None,
    year: int | None,
    size_of: Callable[[int], int | None],
) -> None:
    """A rank must lie in 1..N, N the size of the year's table (when it is known)."""
    if year is None or rank is None:
        return
    size = size_of(year)
    if rank < 1 or (size is not None and rank > size):
        check.problem(
            row,
            name,
            _("Rank {rank} is outside 1..{size} for {year}.").format(
                rank=rank, size=size if size is not None else "N", year=year
            ),
        )


def _status(check: Checker, row: Row) -> str:
    return check.choice(row, "status", DataStatus.values, DataStatus.UNVERIFIED)


def _peer_group(check: Checker, row: Row) -> str:
    return check.choice(row, "peer_group", PeerGroup.values, PeerGroup.PROVINCE)


# --- results ------------------------------------------------------------------------------------


def _result_subject(
    check: Checker, row: Row, context: FileContext, year: int | None, peer_group: str
) -> tuple[Unit | str | None, str | None]:
    """The province (in the year's code system) or the ministry code of a result row."""
    if peer_group != PeerGroup.PROVINCE:
        code = check.required(row, "ministry_abbr").upper() or None
        return code, code
    unit = resolve_province(check, row, "province_code", year, context.units)
    if unit is not None and year is not None:
        expected = default_code_system(year)
        if unit.code_system != expected:
            check.problem(
                row,
                "province_code",
                _(
                    "Results of {year} belong to the {expected} code system; {unit} is not in it."
                ).format(year=year, expected=expected, unit=unit.key),
            )
    return unit, unit.key if unit is not None else None


def result_row(check: Checker, row: Row, context: FileContext, peer_group: str) -> Record:
    """Province or ministry results: unit, 0–100 rate, rank in 1..N, no duplicate unit-year."""
    code_field = "province_code" if peer_group == PeerGroup.PROVINCE else "ministry_abbr"
    name_field = "province_name" if peer_group == PeerGroup.PROVINCE else "ministry_name"
    year = check.year(row)
    subject, key = _result_subject(check, row, context, year, peer_group)
    rate = check.decimal(row, "par_index_pct", low=Decimal(0), high=Decimal(100))
    rank = check.integer(row, "rank")
    _rank_in_table(check, row, "rank", rank, year, lambda y: context.table_size(peer_group, y))
    if year is not None and key is not None:
        first = context.seen.get((year, key))
        if first is not None:
            check.problem(
                row,
                code_field,
                _("{key} already has a result for {year} in row {row}.").format(
                    key=key, year=year, row=first
                ),
            )
        else:
            context.seen[(year, key)] = row.number
    source_url = check.required(row, "source_url")
    components = []
    for column, kind, code in context.area_columns:
        value = check.decimal(row, column, low=Decimal(0), high=Decimal(100))
        if value is not None:
            components.append((code, kind, value))
    return {
        "row": row.number,
        "year": year,
        "subject": subject,
        "name_as_published": row.get(name_field),
        "par_index": rate,
        "published_rank": rank,
        "appraisal_score": check.decimal(row, "score_appraisal", low=Decimal(0), high=Decimal(100)),
        "survey_score": check.decimal(row, "score_survey", low=Decimal(0), high=Decimal(100)),
        "rank_group": row.get("rank_group"),
        "source_url": source_url,
        "source_type": check.choice(row, "source_type", SourceType.values, SourceType.PRESS),
        "status": check.choice(row, "status", DataStatus.values, DataStatus.AS_PUBLISHED),
        "published_on": check.date(row, "published_on"),
        "note": row.get("note"),
        "components": components,
    }


def component_row(check: Checker, row: Row, context: FileContext) -> Record:
    """Published sub-scores of a result that must already be in the registry."""
    year = check.year(row)
    unit = resolve_province(check, row, "province_code", year, context.units)
    label = check.required(row, "component")
    code = label.split()[0] if label else ""
    points = check.decimal(row, "score_or_pct", low=Decimal(0), high=Decimal(100))
    source_url = check.required(row, "source_url")
    result = None
    if year is not None and unit is not None:
        result = context.province_results.get((year, unit.pk))
        if result is None:
            check.problem(
                row,
                "province_code",
                _("The registry has no {year} result for {unit}; import it first.").format(
                    year=year, unit=unit.key
                ),
            )
        elif code:
            first = context.seen.get((year, unit.pk, code))
            if first is not None:
                check.problem(
                    row,
                    "component",
                    _("This component is already given in row {row}.").format(row=first),
                )
            context.seen[(year, unit.pk, code)] = row.number
    return {"result": result, "code": code, "label": label, "points": points, "url": source_url}


def sipas_row(check: Checker, row: Row, context: FileContext) -> Record:
    """A province's SIPAS index and rank for a year."""
    year = check.year(row)
    unit = resolve_province(check, row, "province_code", year, context.units)
    value = check.decimal(row, "sipas_pct", low=Decimal(0), high=Decimal(100))
    rank = check.integer(row, "sipas_rank")
    _rank_in_table(
        check, row, "sipas_rank", rank, year, lambda y: table_size(PeerGroup.PROVINCE, y)
    )
    if year is not None and unit is not None:
        first = context.seen.get((year, unit.pk))
        if first is not None:
            check.problem(
                row,
                "province_code",
                _("{key} already has a result for {year} in row {row}.").format(
                    key=unit.key, year=year, row=first
                ),
            )
        context.seen[(year, unit.pk)] = row.number
    return {
        "year": year,
        "unit": unit,
        "name_as_published": row.get("province_name"),
        "sipas": value,
        "sipas_rank": rank,
        "source_type": check.choice(row, "source_type", SourceType.values, SourceType.PRESS),
        "source_url": check.required(row, "source_url"),
    }


# --- reference data -----------------------------------------------------------------------------


def table_size_row(check: Checker, row: Row, context: FileContext) -> Record:
    return {
        "peer_group": _peer_group(check, row),
        "year_from": check.year(row, "year_from"),
        "year_to": check.year(row, "year_to", required=False),
        "size": check.integer(row, "size", required=True),
        "status": _status(check, row),
        "source": check.required(row, "source"),
    }


def region_row(check: Checker, row: Row, context: FileContext) -> Record:
    unit = resolve_province(check, row, "unit", None, context.units)
    return {
        "code": check.required(row, "region_code"),
        "name": check.required(row, "region_name"),
        "name_en": row.get("region_name_en"),
        "unit": unit,
        "valid_from": check.date(row, "valid_from"),
        "valid_to": check.date(row, "valid_to"),
        "status": _status(check, row),
        "source": check.required(row, "source"),
    }


def rank_group_row(check: Checker, row: Row, context: FileContext) -> Record:
    lower = check.decimal(row, "lower", low=Decimal(0), high=Decimal(100))
    upper = check.decimal(row, "upper", low=Decimal(0), high=Decimal(100))
    if lower is not None and upper is not None and lower >= upper:
        check.problem(row, "upper", _("The upper bound must be above the lower bound."))
    return {
        "peer_group": _peer_group(check, row),
        "year_from": check.year(row, "year_from", required=False),
        "year_to": check.year(row, "year_to", required=False),
        "name": check.required(row, "group"),
        "lower": lower,
        "lower_inclusive": check.boolean(row, "lower_inclusive", True),
        "upper": upper,
        "upper_inclusive": check.boolean(row, "upper_inclusive", False),
        "expected_count": check.integer(row, "count"),
        "status": _status(check, row),
        "rule_text": row.get("rule"),
        "source": row.get("source"),
    }


def mean_row(check: Checker, row: Row, context: FileContext) -> Record:
    scope = check.required(row, "scope")
    if scope and scope != "national" and scope not in context.regions:
        check.problem(
            row,
            "scope",
            _("“{value}” is neither 'national' nor a known region code.").format(value=scope),
        )
    return {
        "year": check.year(row),
        "peer_group": _peer_group(check, row),
        "scope": scope,
        "value": check.decimal(row, "value", low=Decimal(0), high=Decimal(100), required=True),
        "count_above": check.integer(row, "count_above"),
        "status": _status(check, row),
        "source": check.required(row, "source"),
    }


def disagreement_row(check: Checker, row: Row, context: FileContext) -> Record:
    refs = [ref.strip() for ref in check.required(row, "units").split(";") if ref.strip()]
    for ref in refs:
        match = _UNIT_REF.match(ref)
        if not match or match.groups() not in context.units:
            check.problem(row, "units", _("“{value}” is not a known province.").format(value=ref))
    return {
        "year": check.year(row),
        "peer_group": _peer_group(check, row),
        "units": ";".join(refs),
        "description": check.required(row, "description"),
        "status": _status(check, row),
        "source": check.required(row, "source"),
    }


def quoted_change_row(check: Checker, row: Row, context: FileContext) -> Record:
    return {
        "year": check.year(row),
        "unit": resolve_province(check, row, "unit", None, context.units),
        "change": check.decimal(row, "change", low=Decimal(-100), high=Decimal(100), required=True),
        "statement": row.get("statement"),
        "status": _status(check, row),
        "source": check.required(row, "source"),
    }
