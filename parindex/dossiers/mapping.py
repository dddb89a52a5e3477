"""Column-mapping files: how another export layout maps onto the canonical schema.

Format (YAML; docs/dossiers-import.md)::

    format: parindex-dossier-mapping/1
    about: Export "Báo cáo hồ sơ" of the provincial one-stop system
    file_format: csv            # csv | xlsx | parquet (default: from the file extension)
    delimiter: ";"              # csv only (default: detected from the header line)
    encoding: utf-8             # csv only: utf-8 (default), utf-16, latin-1, windows-1258
    sheet: Hồ sơ                # xlsx only (default: the first sheet)
    date_format: "%d/%m/%Y %H:%M:%S"   # strftime codes (default: detected)
    columns:                    # canonical field: the file's column
      dossier_code: Số hồ sơ
      procedure_code: Mã thủ tục
      agency_code: Mã đơn vị
      received_at: Ngày tiếp nhận
    values:                     # optional translations of a column's codes into DVCQG codes
      status: {DA_TRA_KQ: 10, DANG_XU_LY: 4}
      channel: {TT: 2, TRUC_TIEP: 1}

Columns not listed keep their canonical or national names (``MaHoSo`` …) when the file has them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from parindex.dossiers.schema import BY_NAME
from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.yaml_loader import LineDict, load_yaml

FORMAT = "parindex-dossier-mapping/1"
FILE_FORMATS = ("csv", "xlsx", "parquet")
ENCODINGS = ("utf-8", "utf-16", "latin-1", "windows-1258")
_KEYS = ("format", "about", "file_format", "delimiter", "encoding", "sheet", "date_format",
         "columns", "values")  # fmt: skip


@dataclass(frozen=True)
class Mapping:
    """A parsed mapping file."""

    name: str = ""
    file_format: str | None = None
    delimiter: str | None = None
    encoding: str = "utf-8"
    sheet: str | None = None
    date_format: str | None = None
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, int]] = field(default_factory=dict)


def _lines(data: LineDict) -> dict[str, int]:
    """Line numbers (1-based) of the top-level keys and of ``columns``/``values`` entries."""
    found = dict(data.key_lines)
    for key, value in data.items():
        if isinstance(value, LineDict):
            for inner, line in value.key_lines.items():
                found[f"{key}.{inner}"] = line
    return found


def load_mapping(path: str | Path) -> Mapping:
    """Read and check a mapping file; every problem names its line and key."""
    path = Path(path)
    data, lines = _read(path)
    problems = _key_problems(data, lines) + _option_problems(data, lines)
    columns = _columns(data, lines, problems)
    values = _values(data, lines, problems)
    if problems:
        raise InputRejected(problems)
    return Mapping(
        name=path.name,
        file_format=data.get("file_format"),
        delimiter=data.get("delimiter"),
        encoding=str(data.get("encoding") or "utf-8").lower(),
        sheet=data.get("sheet"),
        date_format=data.get("date_format"),
        columns=columns,
        values=values,
    )


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """The file's YAML mapping (read by the kit) and the line of each key; refuses a file that
    is not one."""
    data = load_yaml(path)
    if not isinstance(data, LineDict):
        raise InputRejected([Problem(_("A mapping file must be a YAML mapping."), line=1)])
    return data, _lines(data)


def _key_problems(data: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    """Unknown keys, and a format other than this one."""
    problems: list[Problem] = []
    for key in data:
        if key not in _KEYS:
            problems.append(
                Problem(
                    _("Unknown key; allowed: {keys}.").format(keys=", ".join(_KEYS)),
                    line=lines.get(str(key)),
                    field=str(key),
                )
            )
    if data.get("format") != FORMAT:
        problems.append(
            Problem(
                _("The format must be “{expected}”.").format(expected=FORMAT),
                line=lines.get("format", 1),
                field="format",
            )
        )
    return problems


def _choice(value: str, choices: tuple[str, ...], key: str, lines: dict[str, int]) -> Problem:
    return Problem(
        _("“{value}” is not allowed here; use one of: {choices}.").format(
            value=value, choices=", ".join(choices)
        ),
        line=lines.get(key),
        field=key,
    )


def _option_problems(data: dict[str, Any], lines: dict[str, int]) -> list[Problem]:
    """The file format, encoding, delimiter and date format, when given."""
    problems: list[Problem] = []
    file_format = data.get("file_format")
    if file_format is not None and file_format not in FILE_FORMATS:
        problems.append(_choice(file_format, FILE_FORMATS, "file_format", lines))
    encoding = str(data.get("encoding") or "utf-8").lower()
    if encoding not in ENCODINGS:
        problems.append(_choice(encoding, ENCODINGS, "encoding", lines))
    delimiter = data.get("delimiter")
    if delimiter is not None and (not isinstance(delimiter, str) or len(delimiter) != 1):
        problems.append(
            Problem(
                _("The delimiter must be one character."),
                line=lines.get("delimiter"),
                field="delimiter",
            )
        )
    date_format = data.get("date_format")
    if date_format is not None and (not isinstance(date_format, str) or "%" not in date_format):
        problems.append(
            Problem(
                _("The date format must use strftime codes such as %d/%m/%Y %H:%M:%S."),
                line=lines.get("date_format"),
                field="date_format",
            )
        )
    return problems


def _columns(
    data: dict[str, Any], lines: dict[str, int], problems: list[Problem]
) -> dict[str, str]:
    """Canonical field → the file's column (problems appended to ``problems``)."""
    columns: dict[str, str] = {}
    raw_columns = data.get("columns") or {}
    if not isinstance(raw_columns, dict):
        problems.append(
            Problem(_("“columns” must map canonical fields to column names."), field="columns")
        )
        raw_columns = {}
    seen: dict[str, str] = {}
    for canonical, column in raw_columns.items():
        where = lines.get(f"columns.{canonical}")
        if canonical not in BY_NAME:
            problems.append(
                Problem(
                    _("Unknown canonical field “{name}”.").format(name=canonical),
                    line=where,
                    field=f"columns.{canonical}",
                )
            )
            continue
        if not isinstance(column, str) or not column.strip():
            problems.append(
                Problem(_("Give the file's column name."), line=where, field=f"columns.{canonical}")
            )
            continue
        if column in seen:
            problems.append(
                Problem(
                    _("The column “{column}” is already mapped to “{other}”.").format(
                        column=column, other=seen[column]
                    ),
                    line=where,
                    field=f"columns.{canonical}",
                )
            )
        seen[column] = canonical
        columns[canonical] = column
    return columns


def _values(
    data: dict[str, Any], lines: dict[str, int], problems: list[Problem]
) -> dict[str, dict[str, int]]:
    """Code translations per code field (problems appended to ``problems``)."""
    values: dict[str, dict[str, int]] = {}
    raw_values = data.get("values") or {}
    if not isinstance(raw_values, dict):
        raw_values = {}
        problems.append(Problem(_("“values” must be a mapping."), field="values"))
    for canonical, table in raw_values.items():
        where = lines.get(f"values.{canonical}")
        field_def = BY_NAME.get(canonical)
        if field_def is None or field_def.kind not in ("integer", "flag"):
            problems.append(
                Problem(
                    _("Code translations apply to code fields (status, channel …) only."),
                    line=where,
                    field=f"values.{canonical}",
                )
            )
            continue
        if not isinstance(table, dict) or not all(isinstance(v, int) for v in table.values()):
            problems.append(
                Problem(
                    _("Map each code of the file to a whole number."),
                    line=where,
                    field=f"values.{canonical}",
                )
            )
            continue
        values[canonical] = {str(k).strip(): int(v) for k, v in table.items()}
    return values
