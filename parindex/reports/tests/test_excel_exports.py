"""Excel exports: one sheet laid out the same way every time; the dossier pages' three exports."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter
from django.http import FileResponse
from django.utils import translation
from openpyxl import load_workbook

from parindex.dossiers.queries import Figures, UnitInfo
from parindex.lib.dossiers.periods import parse_period
from parindex.reports.dossier_exports import drilldown_xlsx, figures_xlsx, late_ranking_xlsx
from parindex.reports.excel import XLSX, write_sheet, xlsx_response

AUGUST = parse_period("2026-08")
PROVINCE = UnitInfo(1, None, "P44", "local", "Tỉnh Thử", "province")
COMMUNE = UnitInfo(2, 1, "P44.XA", "local", "Xã A", "commune")


def _sheet(response: FileResponse) -> Any:
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    return load_workbook(io.BytesIO(content)).worksheets[0]


def _values(sheet: Any) -> list[list[Any]]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_writes_a_title_a_note_the_headers_and_the_rows() -> None:
    """Title and headers are bold; dates show dd/mm/yyyy (hh:mm), shares as percentages, and
    an empty value leaves its cell empty; the sheet is named after the title (31 characters)."""
    response = xlsx_response(
        "list.xlsx",
        "A title that is longer than an Excel sheet name may be",
        ["When", "Day", "Share", "Count"],
        [[dt.datetime(2026, 8, 5, 10, 0), dt.date(2026, 8, 6), 0.625, None]],
        note="01/08/2026–31/08/2026",
        percent_columns=[2],
    )
    assert response["Content-Type"] == XLSX
    assert 'filename="list.xlsx"' in response["Content-Disposition"]
    sheet = _sheet(response)
    assert sheet.title == "A title that is longer than an "
    assert _values(sheet) == [
        ["A title that is longer than an Excel sheet name may be", None, None, None],
        ["01/08/2026–31/08/2026", None, None, None],
        ["When", "Day", "Share", "Count"],
        [dt.datetime(2026, 8, 5, 10, 0), dt.datetime(2026, 8, 6), 0.625, None],
    ]
    assert sheet["A1"].font.b and sheet["A3"].font.b and not sheet["A2"].font.b
    assert sheet["A4"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["B4"].number_format == "dd/mm/yyyy"
    assert sheet["C4"].number_format == "0.00%"


def test_it_writes_several_sheets_into_one_workbook() -> None:
    """``write_sheet`` adds one sheet per call, without a note row when there is none."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    write_sheet(book, "First", ["A"], [[1]])
    write_sheet(book, "Second", ["B"], [[2]])
    book.close()
    sheets = load_workbook(io.BytesIO(buffer.getvalue())).worksheets
    assert [s.title for s in sheets] == ["First", "Second"]
    assert _values(sheets[1]) == [["Second"], ["B"], [2]]


def test_it_exports_the_figures_with_the_766_scores_and_the_rank() -> None:
    """One row per unit: key, name, kind, the figures (shares as percentages), the scores and
    the rank by dossier points; the title and file name carry the period."""
    rows = [
        Figures(
            PROVINCE,
            indicators={"received": 9, "on_time_rate": 0.625},
            ranks={"qd766_dossier_points": None},
        ),
        Figures(COMMUNE, indicators={"received": 6}, ranks={"qd766_dossier_points": 2}),
    ]
    with translation.override("en"):
        response = figures_xlsx(AUGUST, rows, ["received", "on_time_rate"])
    assert 'filename="dossiers-2026-08.xlsx"' in response["Content-Disposition"]
    sheet = _sheet(response)
    values = _values(sheet)
    assert values[0][0] == "Dossier figures 2026-08"
    assert values[1][0] == "01/08/2026–31/08/2026"
    assert values[2][:5] == ["Unit code", "Unit", "Kind", "Received in the period", "On-time rate"]
    assert values[2][-1].startswith("Rank: ")
    assert values[3][:5] == ["local:P44", "Tỉnh Thử", "province", 9, 0.625]
    assert sheet["E4"].number_format == "0.00%"
    assert values[4][:4] == ["local:P44.XA", "Xã A", "commune", 6]
    assert values[4][-1] == 2


def test_it_exports_a_drilldown_list_in_vietnamese() -> None:
    """Each dossier with its unit's name (the agency code when the unit is unknown) and the
    apology letter's date, or “có” when one was issued without a date."""
    row = {
        "dossier_code": "D3", "procedure_code": "1.000001", "procedure_name": "Thủ tục",
        "unit_id": 2, "agency_code": "XA", "received_at": dt.datetime(2026, 8, 5, 10, 0),
        "due_effective": dt.datetime(2026, 8, 7, 17, 0), "original_due_at": None,
        "end_at": dt.datetime(2026, 8, 10, 9, 0), "supplement_count": 0,
        "apology_at": None, "apology_issued": 1,
    }  # fmt: skip
    unknown = {**row, "dossier_code": "D8", "unit_id": 99, "apology_issued": 0}
    with translation.override("vi"):
        response = drilldown_xlsx(
            "late_without_apology", "Late", AUGUST, None, iter([row, unknown]), {2: COMMUNE}
        )
    assert 'filename="late_without_apology-2026-08.xlsx"' in response["Content-Disposition"]
    values = _values(_sheet(response))
    assert values[1][0] == "2026-08 (01/08/2026–31/08/2026)"
    assert values[2][0] == "Mã hồ sơ"
    assert values[3][0] == "D3" and values[3][3] == "Xã A" and values[3][9] == "có"
    assert values[4][0] == "D8" and values[4][3] == "XA" and values[4][9] is None


def test_it_exports_the_units_ranked_by_late_rate() -> None:
    """Rank, unit, counts and the late rate as a percentage; absent counts are written 0."""
    late = {"finished": 6, "finished_late": 3}
    rows = [
        Figures(COMMUNE, measures=late, indicators={"late_rate": 0.5}),
        Figures(PROVINCE, measures={"finished": 8}, indicators={"late_rate": 0.375}),
    ]
    with translation.override("en"):
        response = late_ranking_xlsx(AUGUST, rows)
    assert 'filename="late-rate-2026-08.xlsx"' in response["Content-Disposition"]
    sheet = _sheet(response)
    values = _values(sheet)
    assert values[0][0] == "Units ranked by late rate"
    assert values[3] == [1, "local:P44.XA", "Xã A", 6, 3, 0.5, 0, 0]
    assert values[4] == [2, "local:P44", "Tỉnh Thử", 8, 0, 0.375, 0, 0]
    assert sheet["F4"].number_format == "0.00%"
