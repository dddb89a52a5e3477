"""Rows of a CSV file or an XLSX workbook, each with the number a spreadsheet shows.

``read_table`` gives a header and the data rows as text (what an import of one table needs);
``read_sheets`` gives every sheet of a workbook with its typed cell values (what a multi-sheet
format needs). Both refuse, with a message naming the file:

- a workbook cell holding a formula, with its cell address: the value Excel cached for it is
  written by whichever program saved the file last and cannot be trusted;
- a workbook that cannot be opened;
- a table with a header and no rows (an empty import is a mistake, never a success).

Workbooks are opened read-only, so a large sheet streams instead of filling memory.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from parindex.lib.errors import InputRejected, Problem
from parindex.lib.files.decoding import ZIP_MAGIC, decode
from parindex.lib.files.delimiters import sniff_delimiter
from parindex.lib.files.source import Source
from parindex.lib.i18n import _


@dataclass(frozen=True)
class Row:
    """One data row: its number as a spreadsheet shows it (the header is row 1) and its cells
    by (stripped) header name."""

    number: int
    values: dict[str, str]

    def get(self, name: str) -> str:
        return (self.values.get(name) or "").strip()


@dataclass
class Table:
    """The header and the non-blank data rows of one CSV file or workbook sheet."""

    name: str
    header: list[str]
    rows: list[Row]


def is_workbook(source: Source) -> bool:
    return source.data.startswith(ZIP_MAGIC)


def cell_text(value: Any) -> str:
    """A workbook cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:10] if text.endswith("T00:00:00") else text
    return str(value).strip()


def _address(row: int, column: int) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(column)}{row}"


def _sheet_rows(sheet: Any, source: Source, problems: list[Problem]) -> Iterator[tuple[Any, ...]]:
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        values: list[Any] = []
        for column, cell in enumerate(cells, start=1):
            if getattr(cell, "data_type", None) == "f":
                problems.append(
                    Problem(
                        _(
                            "The file “{file}”, sheet “{sheet}”, cell {cell} holds a formula; "
                            "replace it by its value (copy, paste as values) and import again."
                        ).format(
                            file=source.label(), sheet=sheet.title, cell=_address(number, column)
                        ),
                        row=number,
                    )
                )
                values.append(None)
            else:
                values.append(cell.value)
        yield tuple(values)


def read_sheets(source: Source) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet of a workbook as its rows of typed values (row 1 first); formulas refused."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(source.data), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        # What openpyxl raises names its internals (a missing part, a bad zip): the official
        # is told what to do instead.
        raise InputRejected(
            [
                Problem(
                    _(
                        "The file “{file}” is not a readable Excel workbook: it is damaged, or "
                        "not a workbook saved as .xlsx. Open it in Excel and save it again as "
                        "“Excel Workbook (.xlsx)”."
                    ).format(file=source.label())
                )
            ]
        ) from None
    problems: list[Problem] = []
    try:
        sheets = {
            sheet.title: list(_sheet_rows(sheet, source, problems)) for sheet in workbook.worksheets
        }
    finally:
        workbook.close()
    if problems:
        raise InputRejected(problems)
    return sheets


def split_line(line: str, delimiter: str | None = None) -> list[str]:
    """The (stripped) cells of one CSV line, such as a header read on its own; the delimiter
    sniffed when not given."""
    delimiter = delimiter or sniff_delimiter(line)
    cells = next(csv.reader([line.rstrip("\r\n")], delimiter=delimiter), [])
    return [cell.strip() for cell in cells]


def _csv_rows(source: Source) -> list[tuple[Any, ...]]:
    text = decode(source)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        return [tuple(row) for row in reader]
    except csv.Error:
        # Python's csv message is English and technical (a NUL, a field too large).
        raise InputRejected(
            [
                Problem(
                    _(
                        "The file “{file}” is not a readable CSV file: this line cannot be split "
                        "into cells (a stray quote, a control character or a very long cell)."
                    ).format(file=source.label()),
                    row=reader.line_num,
                )
            ]
        ) from None


def read_table(source: Source, *, sheet: str | None = None, allow_empty: bool = False) -> Table:
    """The header and data rows of a CSV file, or of a workbook's ``sheet`` (default: the first).

    Blank rows are skipped (their numbers are kept by the others). A file with no header is
    refused as empty; one with a header and no data rows too, unless ``allow_empty``.
    """
    if is_workbook(source):
        sheets = read_sheets(source)
        if sheet is not None and sheet not in sheets:
            raise InputRejected(
                [
                    Problem(
                        _("The file “{file}” has no sheet “{sheet}”.").format(
                            file=source.label(), sheet=sheet
                        )
                    )
                ]
            )
        raw = sheets[sheet] if sheet is not None else next(iter(sheets.values()), [])
    else:
        raw = _csv_rows(source)
    numbered = [
        (number, [cell_text(cell) for cell in cells])
        for number, cells in enumerate(raw, start=1)
        if any(cell_text(cell) for cell in cells)
    ]
    if not numbered:
        raise InputRejected([Problem(_("The file is empty."), row=1)])
    header_number, header = numbered[0]
    rows = [
        Row(number, {name: value for name, value in zip(header, cells, strict=False) if name})
        for number, cells in numbered[1:]
    ]
    if not rows and not allow_empty:
        raise InputRejected(
            [
                Problem(
                    _("The file “{file}” has a header row but no data rows.").format(
                        file=source.label()
                    ),
                    row=header_number + 1,
                )
            ]
        )
    return Table(source.name, header, rows)
