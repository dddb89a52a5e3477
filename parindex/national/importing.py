"""Importing a registry file (CSV): all of a file or none of it.

A file's kind is recognised from its header (docs/standing.md, "Import formats"). ``FILE_KINDS``
declares, per kind, the columns that identify it, the check of one row (``import_rows``) and the
writer; ``check_file`` runs every row's check, collects all problems and refuses the file whole
with ``InputRejected``. Writing is an upsert keyed by each kind's natural key, so importing the
same file twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.results import ImportResult
from parindex.lib.files.rows import Row
from parindex.lib.files.source import SourceLike
from parindex.national import import_rows
from parindex.national.import_rows import FileContext, Record
from parindex.national.models import (
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
    TableSize,
)
from parindex.national.results_file import Checker, read_csv


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
        result.add("", "created")
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
        result.add("", "updated")
        result.changes.append({"key": {k: _plain(v) for k, v in lookup.items()}, **changed})
    else:
        result.add("", "unchanged")
    return obj


def write_results(records: list[Record], result: ImportResult, *, peer_group: str) -> None:
    for record in records:
        subject = record["subject"]
        if peer_group == PeerGroup.PROVINCE:
            lookup: dict[str, Any] = {"year": record["year"], "unit": subject}
        else:
            ministry = upsert(
                Ministry,
                {"code": subject},
                {"name": record["name_as_published"] or subject},
                ImportResult(result.file, changes=[]),
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
                ImportResult(result.file, changes=[]),
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
            ImportResult(result.file, changes=[]),
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


RowCheck = Callable[[Checker, Row, FileContext], Record]
Writer = Callable[[list[Record], ImportResult], None]


@dataclass(frozen=True)
class FileKind:
    """One kind of registry file: the header columns that identify it (all must be present), the
    check of one row, and how the checked records are written."""

    name: str
    columns: tuple[str, ...]
    check_row: RowCheck
    write: Writer


#: Every kind of registry file, in the order a header is matched against them.
FILE_KINDS = (
    FileKind(
        "province_results",
        ("year", "province_code", "par_index_pct", "rank", "source_url"),
        partial(import_rows.result_row, peer_group=PeerGroup.PROVINCE),
        partial(write_results, peer_group=PeerGroup.PROVINCE),
    ),
    FileKind(
        "ministry_results",
        ("year", "ministry_abbr", "par_index_pct", "rank", "source_url"),
        partial(import_rows.result_row, peer_group=PeerGroup.MINISTRY),
        partial(write_results, peer_group=PeerGroup.MINISTRY),
    ),
    FileKind(
        "components",
        ("year", "province_code", "component", "score_or_pct", "source_url"),
        import_rows.component_row,
        write_components,
    ),
    FileKind(
        "sipas",
        ("year", "province_code", "sipas_pct", "sipas_rank", "source_url"),
        import_rows.sipas_row,
        write_simple(SipasResult, ("year", "unit")),
    ),
    FileKind(
        "table_sizes",
        ("peer_group", "year_from", "year_to", "size", "status", "source"),
        import_rows.table_size_row,
        write_simple(TableSize, ("peer_group", "year_from")),
    ),
    FileKind(
        "regions",
        ("region_code", "region_name", "unit", "valid_from", "valid_to", "status"),
        import_rows.region_row,
        write_regions,
    ),
    FileKind(
        "rank_groups",
        ("peer_group", "year_from", "year_to", "group", "lower", "upper", "status"),
        import_rows.rank_group_row,
        write_simple(RankGroup, ("peer_group", "year_from", "year_to", "name", "status")),
    ),
    FileKind(
        "means",
        ("year", "peer_group", "scope", "value", "status", "source"),
        import_rows.mean_row,
        write_simple(PublishedMean, ("year", "peer_group", "scope", "value")),
    ),
    FileKind(
        "disagreements",
        ("year", "peer_group", "units", "description", "status", "source"),
        import_rows.disagreement_row,
        write_simple(SourceDisagreement, ("year", "peer_group", "units")),
    ),
    FileKind(
        "quoted_changes",
        ("year", "unit", "change", "statement", "status", "source"),
        import_rows.quoted_change_row,
        write_simple(QuotedChange, ("year", "unit", "change")),
    ),
)
KINDS = {kind.name: kind for kind in FILE_KINDS}


def detect_kind(header: list[str]) -> str | None:
    """The kind of file a header belongs to, or None."""
    present = set(header)
    for kind in FILE_KINDS:
        if set(kind.columns) <= present:
            return kind.name
    return None


def check_file(kind: FileKind, header: list[str], rows: list[Row]) -> list[Record]:
    """Every row checked (``InputRejected`` with all problems, or the records to write)."""
    check = Checker()
    context = FileContext(header)
    records = [kind.check_row(check, row, context) for row in rows]
    check.problems.raise_if_any()
    return records


def _file_kind(header: list[str], kind: str | None) -> FileKind:
    """The kind named, or recognised from the header, with every column it needs."""
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
    missing = [column for column in KINDS[found].columns if column not in header]
    if missing:
        raise InputRejected(
            [Problem(_("This column is missing."), row=1, field=column) for column in missing]
        )
    return KINDS[found]


def check_and_write(source: SourceLike, kind: str | None = None) -> ImportResult:
    """Read, check the whole file, then write it (``InputRejected`` before writing anything)."""
    name, header, rows = read_csv(source)
    file_kind = _file_kind(header, kind)
    records = check_file(file_kind, header, rows)
    result = ImportResult(file=name, file_kind=file_kind.name, changes=[])
    file_kind.write(records, result)
    return result
