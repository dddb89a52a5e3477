"""CSV and XLSX rows with their numbers; formulas and header-only files refused."""

import io

import pytest
import xlsxwriter

from parindex.lib.errors import InputRejected
from parindex.lib.files.rows import read_sheets, read_table
from parindex.lib.files.source import Source


def workbook(rows, *, formula_at=None):
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Data")
    for r, row in enumerate(rows):
        sheet.write_row(r, 0, row)
    if formula_at:
        sheet.write_formula(formula_at, "=1+1", None, 2)
    book.close()
    return buffer.getvalue()


def test_it_numbers_csv_rows_as_a_spreadsheet_does():
    table = read_table(Source("a.csv", b"code;points\nA;1,5\n\n;\nB;2\n"))
    assert table.header == ["code", "points"]
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"code": "A", "points": "1,5"}),
        (5, {"code": "B", "points": "2"}),
    ]


def test_it_reads_workbook_rows():
    table = read_table(Source("a.xlsx", workbook([["code", "points"], ["A", 14.5], ["B", 3]])))
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"code": "A", "points": "14.5"}),
        (3, {"code": "B", "points": "3"}),
    ]


def test_it_refuses_a_formula_with_its_cell_address():
    data = workbook([["code", "points"], ["A", 1]], formula_at="B3")
    with pytest.raises(InputRejected) as caught:
        read_sheets(Source("a.xlsx", data))
    (problem,) = caught.value.problems
    assert "B3" in problem.message and "a.xlsx" in problem.message and problem.row == 3


@pytest.mark.parametrize(
    "data", [b"code,points\n", b"code,points\n,\n", workbook([["code", "points"]])]
)
def test_it_refuses_a_header_without_rows(data):
    with pytest.raises(InputRejected) as caught:
        read_table(Source("empty.csv", data))
    assert "empty.csv" in caught.value.problems[0].message


def test_it_refuses_an_empty_file():
    with pytest.raises(InputRejected):
        read_table(Source("e.csv", b""))


def test_it_refuses_a_broken_workbook():
    with pytest.raises(InputRejected) as caught:
        read_table(Source("b.xlsx", b"PK\x03\x04garbage"))
    assert "b.xlsx" in caught.value.problems[0].message


def test_it_reads_excel_unicode_text_tab_separated_utf16():
    """Excel's "Unicode Text" (UTF-16 with a mark, tab-separated) reads like the CSV file."""
    text = "mã\ttên\n01\tSở Nội vụ\n"
    table = read_table(Source("đơn vị.txt", text.encode("utf-16")))
    assert table.header == ["mã", "tên"]
    assert [(row.number, row.values) for row in table.rows] == [
        (2, {"mã": "01", "tên": "Sở Nội vụ"})
    ]
