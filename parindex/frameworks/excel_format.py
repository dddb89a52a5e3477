"""The Excel layout PAR offices already use: one row per criterion, plus a metadata sheet.

Sheet ``Tiêu chí`` (criteria): STT, code, parent code, level, content (Vietnamese name), English
name, max points, scoring method, parameters (JSON), input source, evidence required, owner
department, applies to, source, status. Sheet ``Thông tin`` (metadata): one framework field per
row (key, value, note); lists are comma-separated, bands and metadata are JSON. Problems name
the row as Excel shows it and the column header (docs/framework-format.md).
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

import xlsxwriter
from django.utils.translation import gettext as _

from parindex.frameworks.framework_building import build_document
from parindex.frameworks.framework_document import (
    FRAMEWORK_FIELDS,
    FrameworkDocument,
    RawFramework,
    RawRow,
    Where,
)
from parindex.frameworks.models import json_params
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.rows import is_workbook, read_sheets
from parindex.lib.files.source import Source

CRITERIA_SHEET = "Tiêu chí"
META_SHEET = "Thông tin"

# (field, header written on export, other spellings accepted on import)
COLUMNS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("stt", "STT", ("stt", "tt", "no.")),
    ("code", "Mã / Code", ("mã", "ma", "code", "mã tiêu chí")),
    ("parent", "Mã cha / Parent", ("mã cha", "parent", "parent code")),
    ("level", "Cấp / Level", ("cấp", "level")),
    ("name_vi", "Nội dung / Content", ("nội dung", "content", "tên tiêu chí", "name_vi")),
    ("name_en", "Tên tiếng Anh / English name", ("tên tiếng anh", "english name", "name_en")),
    ("max_points", "Điểm tối đa / Max points", ("điểm tối đa", "max points", "max_points")),
    ("method", "Phương pháp chấm / Scoring method", ("phương pháp chấm", "scoring method")),
    ("params", "Tham số / Parameters", ("tham số", "parameters", "params")),
    ("input_source", "Nguồn dữ liệu / Input source", ("nguồn dữ liệu", "input source")),
    (
        "evidence_required",
        "Tài liệu kiểm chứng / Evidence required",
        ("tài liệu kiểm chứng", "evidence required", "evidence"),
    ),
    (
        "owner_department",
        "Cơ quan theo dõi / Owner department",
        ("cơ quan theo dõi", "owner department"),
    ),
    ("applies_to", "Áp dụng cho / Applies to", ("áp dụng cho", "applies to")),
    ("source", "Nguồn / Source", ("nguồn", "source")),
    ("status", "Trạng thái / Status", ("trạng thái", "status")),
)

META_NOTES = {
    "code": "Mã bộ chỉ số (duy nhất), ví dụ PROVINCE-2017",
    "version": "Phiên bản (số nguyên, tăng khi thay thế)",
    "unit_kinds": "province, department, commune, district (phân cách bằng dấu phẩy)",
    "bands": "JSON: [{code, name_vi, name_en, lower, operator, upper}]",
    "metadata": "JSON",
    "not_applicable_policy": "award_max | exclude_and_rescale",
    "structure_only": "TRUE nếu chỉ công bố cấu trúc (cho phép để trống điểm tối đa)",
}


def _field_for(header: Any) -> str | None:
    if header is None:
        return None
    text = str(header).strip().lower()
    parts = {text, *(part.strip() for part in text.split("/"))}
    for name, _header, aliases in COLUMNS:
        if parts & set(aliases):
            return name
    return None


def _cell(value: Any) -> Any:
    if isinstance(value, float):
        # Excel stores binary floats: 14.5 stays 14.5, a typed 0.30000000000000004 becomes 0.3.
        return format(value, ".12g")
    if isinstance(value, str):
        return value.strip()
    return value


def _json(value: Any, where: Where, problems: list[Problem]) -> Any:
    if value is None or (isinstance(value, str) and not value):
        return None
    if not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        problems.append(where.problem(_("Not valid JSON: {error}").format(error=exc.msg)))
        return None


def _raw(source: Source) -> RawFramework:
    if not is_workbook(source):
        raise InputRejected(
            [
                Problem(
                    _("Not a readable Excel workbook: {error}").format(
                        error=_("the file is not a workbook")
                    )
                )
            ]
        )
    workbook = read_sheets(source)  # formulas refused with their cell
    problems: list[Problem] = []
    for sheet in (CRITERIA_SHEET, META_SHEET):
        if sheet not in workbook:
            problems.append(Problem(_("The sheet “{sheet}” is missing.").format(sheet=sheet)))
    if problems:
        raise InputRejected(problems)

    values: dict[str, Any] = {}
    where: dict[str, Where] = {}
    band_where: list[Where] = []
    for number, row in enumerate(workbook[META_SHEET], start=1):
        if number == 1 or not row or row[0] is None:
            continue
        key = str(row[0]).strip()
        value = _cell(row[1] if len(row) > 1 else None)
        here = Where(row=number, label=f"{META_SHEET}!{key}")
        if key in ("bands", "metadata"):
            value = _json(value, here, problems)
            if key == "bands" and isinstance(value, list):
                band_where = [here] * len(value)
        values[key] = value
        where[key] = here

    raw = RawFramework(
        values=values, where=where, start=Where(row=1), band_where=band_where, problems=problems
    )
    sheet_rows = iter(workbook[CRITERIA_SHEET])
    header = next(sheet_rows, None) or ()
    columns: dict[int, tuple[str, str]] = {}
    for index, title in enumerate(header):
        name = _field_for(title)
        if name is not None and name != "stt":
            columns[index] = (name, str(title).strip())
        elif title not in (None, "") and name is None:
            problems.append(
                Where(row=1, label=str(title)).problem(
                    _("Unknown column “{title}”.").format(title=title)
                )
            )
    if "code" not in {name for name, _title in columns.values()}:
        problems.append(Problem(_("The code column is missing."), row=1))
    for number, row in enumerate(sheet_rows, start=2):
        if not any(cell not in (None, "") for cell in row):
            continue
        item: dict[str, Any] = {}
        item_where: dict[str, Where] = {}
        for index, (name, title) in columns.items():
            value = _cell(row[index]) if index < len(row) else None
            here = Where(row=number, label=title)
            if name == "params":
                value = _json(value, here, problems)
            item[name] = value
            item_where[name] = here
        raw.rows.append(RawRow(values=item, where=item_where, start=Where(row=number)))
    return raw


def load_xlsx(source: Path | BinaryIO | Source) -> FrameworkDocument:
    """Read and validate a framework workbook (a path, an open file or a ``Source``)."""
    return build_document(_raw(Source.of(source)))


# --------------------------------------------------------------------------- writing


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _numbering(document: FrameworkDocument) -> dict[str, str]:
    counters: dict[str | None, int] = {}
    labels: dict[str, str] = {}
    for row in document.criteria:
        counters[row.parent] = counters.get(row.parent, 0) + 1
        prefix = labels.get(row.parent, "") if row.parent else ""
        labels[row.code] = (
            f"{prefix}.{counters[row.parent]}" if prefix else str(counters[row.parent])
        )
    return labels


def _meta_rows(document: FrameworkDocument) -> Iterable[tuple[str, Any]]:
    for name in FRAMEWORK_FIELDS:
        value = getattr(document, name)
        if name == "bands":
            value = json.dumps(
                [{k: v for k, v in band.items() if v is not None} for band in json_params(value)],
                ensure_ascii=False,
            )
        elif name == "metadata":
            value = json.dumps(json_params(value), ensure_ascii=False)
        elif name == "unit_kinds":
            value = ", ".join(value)
        elif isinstance(value, Decimal):
            value = _number(value)
        yield name, value


def dump_xlsx(document: FrameworkDocument) -> bytes:
    """The workbook as bytes."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    area = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})

    sheet = workbook.add_worksheet(CRITERIA_SHEET)
    for column, (_name, title, _aliases) in enumerate(COLUMNS):
        sheet.write(0, column, title, bold)
    widths = {"name_vi": 60, "name_en": 40, "params": 40, "evidence_required": 40}
    for column, (name, _title, _aliases) in enumerate(COLUMNS):
        sheet.set_column(column, column, widths.get(name, 14))
    sheet.freeze_panes(1, 2)
    numbering = _numbering(document)
    for number, row in enumerate(document.criteria, start=1):
        cells = {
            "stt": numbering[row.code],
            "code": row.code,
            "parent": row.parent,
            "level": row.level,
            "name_vi": row.name_vi,
            "name_en": row.name_en,
            "max_points": _number(row.max_points),
            "method": row.method,
            "params": json.dumps(json_params(row.params), ensure_ascii=False)
            if row.params
            else None,
            "input_source": row.input_source,
            "evidence_required": row.evidence_required,
            "owner_department": row.owner_department,
            "applies_to": ", ".join(row.applies_to),
            "source": row.source,
            "status": row.status,
        }
        style = area if row.level == 1 else wrap
        for column, (name, _title, _aliases) in enumerate(COLUMNS):
            value = cells[name]
            if value is None or value == "":
                continue
            sheet.write(number, column, value, style)

    meta = workbook.add_worksheet(META_SHEET)
    meta.write_row(0, 0, ["Trường / Field", "Giá trị / Value", "Ghi chú / Note"], bold)
    meta.set_column(0, 0, 24)
    meta.set_column(1, 1, 80)
    meta.set_column(2, 2, 50)
    for number, (name, value) in enumerate(_meta_rows(document), start=1):
        meta.write(number, 0, name)
        if value is not None and value != "":
            if isinstance(value, bool):
                meta.write_boolean(number, 1, value)
            else:
                meta.write(number, 1, value, wrap)
        if name in META_NOTES:
            meta.write(number, 2, META_NOTES[name])
    workbook.close()
    return buffer.getvalue()
