"""The file of externally scored points (survey-scored and data-derived criteria): CSV or XLSX.

Columns ``unit_code``, ``criterion_code``, ``points``; ``name`` and ``note`` are allowed and
ignored. This module only reads the file (through ``parindex.lib.files``) and checks its
columns; what the rows mean for a round is checked by the action
``parindex.assessments.actions.import_external_points``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.rows import read_table
from parindex.lib.files.source import Source

REQUIRED = ("unit_code", "criterion_code", "points")
IGNORED = ("name", "note")


@dataclass(frozen=True)
class PointsRow:
    """One row of the file: its number as a spreadsheet shows it and its three values."""

    number: int
    unit_code: str
    criterion_code: str
    points: str


def read_points_file(
    source: bytes | str | Path | IO[bytes] | Source, file_name: str = ""
) -> tuple[Source, list[PointsRow]]:
    """The file and its rows; refused whole (``InputRejected``) when it cannot be read or its
    columns are wrong."""
    file = Source.of(source, name=file_name)
    table = read_table(file)
    headers = [header.strip().lower() for header in table.header]
    problems: list[Problem] = []
    for needed in REQUIRED:
        if needed not in headers:
            problems.append(
                Problem(_("The column “{name}” is missing.").format(name=needed), row=1)
            )
    for header in headers:
        if header and header not in (*REQUIRED, *IGNORED):
            problems.append(
                Problem(_("Unknown column “{name}”.").format(name=header), row=1, field=header)
            )
    if problems:
        raise InputRejected(problems)
    by_header = dict(zip(table.header, headers, strict=True))
    rows = []
    for row in table.rows:
        values = {by_header[name]: value for name, value in row.values.items()}
        rows.append(
            PointsRow(
                number=row.number,
                unit_code=values.get("unit_code", ""),
                criterion_code=values.get("criterion_code", ""),
                points=values.get("points", ""),
            )
        )
    return file, rows
