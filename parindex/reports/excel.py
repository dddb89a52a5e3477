"""Excel workbooks (xlsxwriter, streamed row by row): one helper writes a sheet of rows.

An export declares its headers and its rows; :func:`write_sheet` lays them out the same way
every time (a bold title row, an optional note, bold headers, then the rows) and
:func:`xlsx_response` sends a one-sheet workbook as a download.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter
from django.http import FileResponse
from xlsxwriter.workbook import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_sheet(
    book: Workbook,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    note: str = "",
    percent_columns: Sequence[int] = (),
) -> None:
    """Add a sheet named after ``title``: the title row, an optional note, the headers, the rows.

    Dates are written as Excel dates shown dd/mm/yyyy (hh:mm); shares as percentages; ``None``
    leaves the cell empty.
    """
    sheet = book.add_worksheet(title[:31])
    bold = book.add_format({"bold": True})
    moment = book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    percent = book.add_format({"num_format": "0.00%"})
    row_index = 0
    sheet.write(row_index, 0, title, bold)
    row_index += 1
    if note:
        sheet.write(row_index, 0, note)
        row_index += 1
    for col, header in enumerate(headers):
        sheet.write(row_index, col, header, bold)
    row_index += 1
    for values in rows:
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, dt.datetime):
                sheet.write_datetime(row_index, col, value.replace(tzinfo=None), moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row_index, col, dt.datetime.combine(value, dt.time()), day)
            elif col in percent_columns and isinstance(value, int | float):
                sheet.write_number(row_index, col, float(value), percent)
            else:
                sheet.write(row_index, col, value)
        row_index += 1


def xlsx_response(
    filename: str,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    note: str = "",
    percent_columns: Sequence[int] = (),
) -> FileResponse:
    """A one-sheet workbook (:func:`write_sheet`) as a download named ``filename``."""
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by the response
    book = xlsxwriter.Workbook(handle.name, {"constant_memory": True})
    write_sheet(book, title, headers, rows, note=note, percent_columns=percent_columns)
    book.close()
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)
