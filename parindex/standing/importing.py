"""Reading and checking registry files (CSV), then writing them: all of a file or none of it.

A file's kind is recognised from its header (docs/standing.md, "Import formats"). Every row is
checked on its own and against the rest of the file and the database; all problems are
collected and the file is refused whole with ``InputRejected``. Writing is an upsert keyed by
each kind's natural key, so importing the same file twice changes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.db import models
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.standing.models import (
    DataStatus,
    Ministry,
    NationalResult,
    PeerGroup,
    PublishedMean,
    QuotedChange,
    RankGroup,
    Region,
    RegionMembership,
    ResultComponent,
    SipasResult,
    SourceDisagreement,
    SourceType,
    TableSize,
)
from parindex.units.models import REORGANISATION_2025, CodeSystem, Unit, UnitKind

Source = str | Path | IO[str] | IO[bytes]

#: The first index year of the 34-province code system.
FIRST_CURRENT_YEAR = REORGANISATION_2025.year
MIN_YEAR, MAX_YEAR = 2000, 2100

# Header columns that identify each kind of file (all must be present).
KINDS: dict[str, tuple[str, ...]] = {
    "province_results": ("year", "province_code", "par_index_pct", "rank", "source_url"),
    "ministry_results": ("year", "ministry_abbr", "par_index_pct", "rank", "source_url"),
    "components": ("year", "province_code", "component", "score_or_pct", "source_url"),
    "sipas": ("year", "province_code", "sipas_pct", "sipas_rank", "source_url"),
    "table_sizes": ("peer_group", "year_from", "year_to", "size", "status", "source"),
    "regions": ("region_code", "region_name", "unit", "valid_from", "valid_to", "status"),
    "rank_groups": ("peer_group", "year_from", "year_to", "group", "lower", "upper", "status"),
    "means": ("year", "peer_group", "scope", "value", "status", "source"),
    "disagreements": ("year", "peer_group", "units", "description", "status", "source"),
    "quoted_changes": ("year", "unit", "change", "statement", "status", "source"),
}


@dataclass
class ImportResult:
    """What one file did to the registry."""

    file: str
    kind: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[dict[str, Any]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


@dataclass
class Row:
    number: int  # as a spreadsheet shows it: the header is row 1
    values: dict[str, str]

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


class Checker:
    """Collects problems while converting the cells of one file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, row: Row, name: str, message: str) -> None:
        self.problems.append(Problem(message, row=row.number, field=name))

    def required(self, row: Row, name: str) -> str:
        value = row.get(name)
        if not value:
            self.problem(row, name, _("A value is required."))
        return value

    def year(self, row: Row, name: str = "year", *, required: bool = True) -> int | None:
        text = row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
            self.problem(
                row,
                name,
                _("“{value}” is not a year between {low} and {high}.").format(
                    value=text, low=MIN_YEAR, high=MAX_YEAR
                ),
            )
            return None
        return int(text)

    def decimal(
        self,
        row: Row,
        name: str,
        *,
        low: Decimal | None = None,
        high: Decimal | None = None,
        required: bool = False,
    ) -> Decimal | None:
        text = row.get(name).replace(",", ".") if row.get(name).count(",") == 1 else row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        try:
            value = Decimal(text.lstrip("+"))
        except InvalidOperation:
            self.problem(row, name, _("“{value}” is not a number.").format(value=text))
            return None
        if not value.is_finite():
            self.problem(row, name, _("“{value}” is not a number.").format(value=text))
            return None
        if (low is not None and value < low) or (high is not None and value > high):
            self.problem(
                row,
                name,
                _("{value} is outside {low}–{high}.").format(
                    value=text,
                    low=low if low is not None else "",
                    high=high if high is not None else "",
                ),
            )
            return None
        return value

    def integer(self, row: Row, name: str, *, required: bool = False) -> int | None:
        text = row.get(name)
        if not text:
            if required:
                self.problem(row, name, _("A value is required."))
            return None
        if not text.isdigit():
            self.problem(row, name, _("“{value}” is not a whole number.").format(value=text))
            return None
        return int(text)

    def choice(self, row: Row, name: str, choices: Iterable[str], default: str) -> str:
        text = row.get(name).lower()
        if not text:
            return default
        allowed = list(choices)
        if text not in allowed:
            self.problem(
                row,
                name,
                _("“{value}” is not allowed here; use one of: {choices}.").format(
                    value=row.get(name), choices=", ".join(allowed)
                ),
            )
            return default
        return text

    def boolean(self, row: Row, name: str, default: bool) -> bool:
        text = row.get(name).lower()
        if not text:
            return default
        if text in {"true", "1", "yes"}:
            return True
        if text in {"false", "0", "no"}:
            return False
        self.problem(row, name, _("“{value}” is not true or false.").format(value=row.get(name)))
        return default

    def date(self, row: Row, name: str) -> dt.date | None:
        text = row.get(name)
        if not text:
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(
                row, name, _("“{value}” is not a date in the form YYYY-MM-DD.").format(value=text)
            )
            return None


# --- reading ------------------------------------------------------------------------------------


def read_csv(source: Source) -> tuple[str, list[str], list[Row]]:
    """The file's name, header and rows (BOM and surrounding spaces removed)."""
    if isinstance(source, str | Path):
        name = str(source)
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        name = getattr(source, "name", "") or "-"
        raw = source.read()
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [
        Row(index, {k: (v or "") for k, v in record.items() if k is not None})
        for index, record in enumerate(reader, start=2)
    ]
    return name, header, rows


def detect_kind(header: list[str]) -> str | None:
    """The kind of file a header belongs to, or None."""
    present = set(header)
    for kind, needed in KINDS.items():
        if set(needed) <= present:
            return kind
    return None


def units_by_key() -> dict[tuple[str, str], Unit]:
    return {
        (unit.code_system, unit.code): unit
        for unit in Unit.objects.filter(
            code_system__in=[CodeSystem.HISTORICAL_63, CodeSystem.CURRENT_34]
        )
    }


def table_size(peer_group: str, year: int) -> int | None:
    """How many units the year's table ranks, from the table-size data (None if unknown)."""
    for size in TableSize.objects.filter(peer_group=peer_group).order_by("-year_from"):
        if size.year_from <= year and (size.year_to is None or year <= size.year_to):
            return size.size
    return None


def default_code_system(year: int) -> str:
    return CodeSystem.CURRENT_34 if year >= FIRST_CURRENT_YEAR else CodeSystem.HISTORICAL_63


_UNIT_REF = re.compile(r"^(historical_63|current_34):(\S+)$")


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


# --- per-kind checks ----------------------------------------------------------------------------

Record = dict[str, Any]


def _area_columns(header: list[str]) -> list[tuple[str, str, str]]:
    """Optional ``area_points.CODE`` / ``area_rate.CODE`` columns: (column, kind, code)."""
    found = []
    for column in header:
        for prefix, kind in (("area_points.", "points"), ("area_rate.", "rate_pct")):
            if column.startswith(prefix) and len(column) > len(prefix):
                found.append((column, kind, column[len(prefix) :]))
    return found


def check_results(header: list[str], rows: list[Row], peer_group: str) -> list[Record]:
    """Province or ministry results: unit, 0–100 rate, rank in 1..N, no duplicate unit-year."""
    check = Checker()
    units = units_by_key() if peer_group == PeerGroup.PROVINCE else {}
    code_field = "province_code" if peer_group == PeerGroup.PROVINCE else "ministry_abbr"
    name_field = "province_name" if peer_group == PeerGroup.PROVINCE else "ministry_name"
    area_columns = _area_columns(header)
    seen: dict[tuple[int, str], int] = {}
    sizes: dict[int, int | None] = {}
    records: list[Record] = []
    for row in rows:
        year = check.year(row)
        subject: Unit | str | None
        if peer_group == PeerGroup.PROVINCE:
            subject = resolve_province(check, row, code_field, year, units)
            if subject is not None and year is not None:
                expected = default_code_system(year)
                if subject.code_system != expected:
                    check.problem(
                        row,
                        code_field,
                        _(
                            "Results of {year} belong to the {expected} code system; "
                            "{unit} is not in it."
                        ).format(year=year, expected=expected, unit=subject.key),
                    )
            key = subject.key if isinstance(subject, Unit) else None
        else:
            subject = check.required(row, code_field).upper() or None
            key = subject
        rate = check.decimal(row, "par_index_pct", low=Decimal(0), high=Decimal(100))
        rank = check.integer(row, "rank")
        if year is not None and rank is not None:
            if year not in sizes:
                sizes[year] = table_size(peer_group, year)
            size = sizes[year]
            if rank < 1 or (size is not None and rank > size):
                check.problem(
                    row,
                    "rank",
                    _("Rank {rank} is outside 1..{size} for {year}.").format(
                        rank=rank, size=size if size is not None else "N", year=year
                    ),
                )
        if year is not None and key is not None:
            first = seen.get((year, key))
            if first is not None:
                check.problem(
                    row,
                    code_field,
                    _("{key} already has a result for {year} in row {row}.").format(
                        key=key, year=year, row=first
                    ),
                )
            else:
                seen[(year, key)] = row.number
        source_url = check.required(row, "source_url")
        components = []
        for column, kind, code in area_columns:
            value = check.decimal(row, column, low=Decimal(0), high=Decimal(100))
            if value is not None:
                components.append((code, kind, value))
        records.append(
            {
                "row": row.number,
                "year": year,
                "subject": subject,
                "name_as_published": row.get(name_field),
                "par_index": rate,
                "published_rank": rank,
                "appraisal_score": check.decimal(
                    row, "score_appraisal", low=Decimal(0), high=Decimal(100)
                ),
                "survey_score": check.decimal(
                    row, "score_survey", low=Decimal(0), high=Decimal(100)
                ),
                "rank_group": row.get("rank_group"),
                "source_url": source_url,
                "source_type": check.choice(
                    row, "source_type", SourceType.values, SourceType.PRESS
                ),
                "status": check.choice(row, "status", DataStatus.values, DataStatus.AS_PUBLISHED),
                "published_on": check.date(row, "published_on"),
                "note": row.get("note"),
                "components": components,
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_components(rows: list[Row]) -> list[Record]:
    """Published sub-scores of a result that must already be in the registry."""
    check = Checker()
    units = units_by_key()
    results = {
        (r.year, r.unit_id): r for r in NationalResult.objects.filter(peer_group=PeerGroup.PROVINCE)
    }
    seen: dict[tuple[int, int, str], int] = {}
    records = []
    for row in rows:
        year = check.year(row)
        unit = resolve_province(check, row, "province_code", year, units)
        label = check.required(row, "component")
        code = label.split()[0] if label else ""
        points = check.decimal(row, "score_or_pct", low=Decimal(0), high=Decimal(100))
        source_url = check.required(row, "source_url")
        result = None
        if year is not None and unit is not None:
            result = results.get((year, unit.pk))
            if result is None:
                check.problem(
                    row,
                    "province_code",
                    _("The registry has no {year} result for {unit}; import it first.").format(
                        year=year, unit=unit.key
                    ),
                )
            elif code:
                first = seen.get((year, unit.pk, code))
                if first is not None:
                    check.problem(
                        row,
                        "component",
                        _("This component is already given in row {row}.").format(row=first),
                    )
                seen[(year, unit.pk, code)] = row.number
        records.append(
            {"result": result, "code": code, "label": label, "points": points, "url": source_url}
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_sipas(rows: list[Row]) -> list[Record]:
    check = Checker()
    units = units_by_key()
    seen: dict[tuple[int, int], int] = {}
    records = []
    for row in rows:
        year = check.year(row)
        unit = resolve_province(check, row, "province_code", year, units)
        value = check.decimal(row, "sipas_pct", low=Decimal(0), high=Decimal(100))
        rank = check.integer(row, "sipas_rank")
        if year is not None and rank is not None:
            size = table_size(PeerGroup.PROVINCE, year)
            if rank < 1 or (size is not None and rank > size):
                check.problem(
                    row,
                    "sipas_rank",
                    _("Rank {rank} is outside 1..{size} for {year}.").format(
                        rank=rank, size=size if size is not None else "N", year=year
                    ),
                )
        if year is not None and unit is not None:
            first = seen.get((year, unit.pk))
            if first is not None:
                check.problem(
                    row,
                    "province_code",
                    _("{key} already has a result for {year} in row {row}.").format(
                        key=unit.key, year=year, row=first
                    ),
                )
            seen[(year, unit.pk)] = row.number
        records.append(
            {
                "year": year,
                "unit": unit,
                "name_as_published": row.get("province_name"),
                "sipas": value,
                "sipas_rank": rank,
                "source_type": check.choice(
                    row, "source_type", SourceType.values, SourceType.PRESS
                ),
                "source_url": check.required(row, "source_url"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def _status(check: Checker, row: Row) -> str:
    return check.choice(row, "status", DataStatus.values, DataStatus.UNVERIFIED)


def check_table_sizes(rows: list[Row]) -> list[Record]:
    check = Checker()
    records = []
    for row in rows:
        records.append(
            {
                "peer_group": check.choice(row, "peer_group", PeerGroup.values, PeerGroup.PROVINCE),
                "year_from": check.year(row, "year_from"),
                "year_to": check.year(row, "year_to", required=False),
                "size": check.integer(row, "size", required=True),
                "status": _status(check, row),
                "source": check.required(row, "source"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_regions(rows: list[Row]) -> list[Record]:
    check = Checker()
    units = units_by_key()
    records = []
    for row in rows:
        unit = resolve_province(check, row, "unit", None, units)
        records.append(
            {
                "code": check.required(row, "region_code"),
                "name": check.required(row, "region_name"),
                "name_en": row.get("region_name_en"),
                "unit": unit,
                "valid_from": check.date(row, "valid_from"),
                "valid_to": check.date(row, "valid_to"),
                "status": _status(check, row),
                "source": check.required(row, "source"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_rank_groups(rows: list[Row]) -> list[Record]:
    check = Checker()
    records = []
    for row in rows:
        lower = check.decimal(row, "lower", low=Decimal(0), high=Decimal(100))
        upper = check.decimal(row, "upper", low=Decimal(0), high=Decimal(100))
        if lower is not None and upper is not None and lower >= upper:
            check.problem(row, "upper", _("The upper bound must be above the lower bound."))
        records.append(
            {
                "peer_group": check.choice(row, "peer_group", PeerGroup.values, PeerGroup.PROVINCE),
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
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_means(rows: list[Row]) -> list[Record]:
    check = Checker()
    regions = set(Region.objects.values_list("code", flat=True))
    records = []
    for row in rows:
        scope = check.required(row, "scope")
        if scope and scope != "national" and scope not in regions:
            check.problem(
                row,
                "scope",
                _("“{value}” is neither 'national' nor a known region code.").format(value=scope),
            )
        records.append(
            {
                "year": check.year(row),
                "peer_group": check.choice(row, "peer_group", PeerGroup.values, PeerGroup.PROVINCE),
                "scope": scope,
                "value": check.decimal(
                    row, "value", low=Decimal(0), high=Decimal(100), required=True
                ),
                "count_above": check.integer(row, "count_above"),
                "status": _status(check, row),
                "source": check.required(row, "source"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_disagreements(rows: list[Row]) -> list[Record]:
    check = Checker()
    units = units_by_key()
    records = []
    for row in rows:
        refs = [ref.strip() for ref in check.required(row, "units").split(";") if ref.strip()]
        for ref in refs:
            match = _UNIT_REF.match(ref)
            if not match or match.groups() not in units:
                check.problem(
                    row, "units", _("“{value}” is not a known province.").format(value=ref)
                )
        records.append(
            {
                "year": check.year(row),
                "peer_group": check.choice(row, "peer_group", PeerGroup.values, PeerGroup.PROVINCE),
                "units": ";".join(refs),
                "description": check.required(row, "description"),
                "status": _status(check, row),
                "source": check.required(row, "source"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


def check_quoted_changes(rows: list[Row]) -> list[Record]:
    check = Checker()
    units = units_by_key()
    records = []
    for row in rows:
        records.append(
            {
                "year": check.year(row),
                "unit": resolve_province(check, row, "unit", None, units),
                "change": check.decimal(
                    row, "change", low=Decimal(-100), high=Decimal(100), required=True
                ),
                "statement": row.get("statement"),
                "status": _status(check, row),
                "source": check.required(row, "source"),
            }
        )
    if check.problems:
        raise InputRejected(check.problems)
    return records


# --- writing ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.normalize()) if value == value.to_integral() else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return value


def upsert(
    model: type[models.Model],
    lookup: dict[str, Any],
    values: dict[str, Any],
    result: ImportResult,
) -> models.Model:
    """Create the row, update the fields that differ, or leave it alone; count which."""
    obj = model._default_manager.filter(**lookup).first()
    if obj is None:
        obj = model._default_manager.create(**lookup, **values)
        result.created += 1
        return obj
    changed = {}
    for name, value in values.items():
        current = getattr(obj, name)
        same = (
            current == value
            if not (isinstance(current, Decimal) and isinstance(value, Decimal))
            else current.compare(value) == 0
        )
        if not same:
            changed[name] = {"before": _plain(current), "after": _plain(value)}
            setattr(obj, name, value)
    if changed:
        obj.save(update_fields=list(changed))
        result.updated += 1
        result.changes.append({"key": {k: _plain(v) for k, v in lookup.items()}, **changed})
    else:
        result.unchanged += 1
    return obj


def write_results(records: list[Record], peer_group: str, result: ImportResult) -> None:
    for record in records:
        subject = record["subject"]
        if peer_group == PeerGroup.PROVINCE:
            lookup: dict[str, Any] = {"year": record["year"], "unit": subject}
        else:
            ministry = upsert(
                Ministry,
                {"code": subject},
                {"name": record["name_as_published"] or subject},
                ImportResult(result.file, "ministries"),
            )
            lookup = {"year": record["year"], "ministry": ministry}
        values = {
            key: record[key]
            for key in (
                "name_as_published",
                "par_index",
                "published_rank",
                "appraisal_score",
                "survey_score",
                "rank_group",
                "source_url",
                "source_type",
                "status",
                "published_on",
                "note",
            )
        }
        values["peer_group"] = peer_group
        values["imported_from"] = Path(result.file).name
        obj = upsert(NationalResult, lookup, values, result)
        for code, kind, value in record["components"]:
            upsert(
                ResultComponent,
                {"result": obj, "code": code},
                {kind: value, "source_url": record["source_url"]},
                ImportResult(result.file, "components"),
            )


def write_components(records: list[Record], result: ImportResult) -> None:
    for record in records:
        upsert(
            ResultComponent,
            {"result": record["result"], "code": record["code"]},
            {"label": record["label"], "points": record["points"], "source_url": record["url"]},
            result,
        )


def write_simple(
    model: type[models.Model], key_fields: tuple[str, ...]
) -> Callable[[list[Record], ImportResult], None]:
    def write(records: list[Record], result: ImportResult) -> None:
        for record in records:
            lookup = {name: record[name] for name in key_fields}
            values = {k: v for k, v in record.items() if k not in key_fields}
            upsert(model, lookup, values, result)

    return write


def write_regions(records: list[Record], result: ImportResult) -> None:
    for record in records:
        region = upsert(
            Region,
            {"code": record["code"]},
            {"name": record["name"], "name_en": record["name_en"]},
            ImportResult(result.file, "regions"),
        )
        upsert(
            RegionMembership,
            {"region": region, "unit": record["unit"]},
            {
                "valid_from": record["valid_from"],
                "valid_to": record["valid_to"],
                "status": record["status"],
                "source": record["source"],
            },
            result,
        )


def check_and_write(source: Source, kind: str | None = None) -> ImportResult:
    """Read, check the whole file, then write it (``InputRejected`` before writing anything)."""
    name, header, rows = read_csv(source)
    found = kind or detect_kind(header)
    if found is None:
        raise InputRejected(
            [
                Problem(
                    _(
                        "The header does not match any registry file: expected the columns of "
                        "one of {kinds}."
                    ).format(kinds=", ".join(KINDS)),
                    row=1,
                )
            ]
        )
    missing = [column for column in KINDS[found] if column not in header]
    if missing:
        raise InputRejected(
            [Problem(_("This column is missing."), row=1, field=column) for column in missing]
        )
    result = ImportResult(file=name, kind=found)
    if found == "province_results":
        write_results(check_results(header, rows, PeerGroup.PROVINCE), PeerGroup.PROVINCE, result)
    elif found == "ministry_results":
        write_results(check_results(header, rows, PeerGroup.MINISTRY), PeerGroup.MINISTRY, result)
    elif found == "components":
        write_components(check_components(rows), result)
    elif found == "sipas":
        write_simple(SipasResult, ("year", "unit"))(check_sipas(rows), result)
    elif found == "table_sizes":
        write_simple(TableSize, ("peer_group", "year_from"))(check_table_sizes(rows), result)
    elif found == "regions":
        write_regions(check_regions(rows), result)
    elif found == "rank_groups":
        write_simple(RankGroup, ("peer_group", "year_from", "year_to", "name", "status"))(
            check_rank_groups(rows), result
        )
    elif found == "means":
        write_simple(PublishedMean, ("year", "peer_group", "scope", "value"))(
            check_means(rows), result
        )
    elif found == "disagreements":
        write_simple(SourceDisagreement, ("year", "peer_group", "units"))(
            check_disagreements(rows), result
        )
    else:
        write_simple(QuotedChange, ("year", "unit", "change"))(check_quoted_changes(rows), result)
    return result
