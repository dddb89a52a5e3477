"""Other layouts: a column-mapping file, XLSX and Parquet inputs."""

# ruff: noqa: E501  (data rows of worked examples read better unwrapped)

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.mapping import load_mapping
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import dossier
from parindex.lib.errors import InputRejected
from parindex.units.models import Unit

MAPPING = """
format: parindex-dossier-mapping/1
about: Báo cáo hồ sơ của hệ thống một cửa (test)
delimiter: ";"
date_format: "%d/%m/%Y %H:%M"
columns:
  dossier_code: Số hồ sơ
  procedure_code: Mã thủ tục
  agency_code: Đơn vị
  received_at: Ngày nhận
  due_at: Hẹn trả
  finished_at: Ngày xong
  status: Trạng thái
  channel: Kênh
values:
  status: {DA_TRA: 10, DANG_XU_LY: 4}
  channel: {TRUC_TUYEN: 2, TRUC_TIEP: 1}
"""


def test_it_reads_another_layout_through_a_mapping_file(
    store: DossierStore,
    units: dict[str, Unit],
    write_csv: Callable[..., Path],
    write_text: Callable[[str, str], Path],
) -> None:
    """Semicolons, Vietnamese headers, dd/mm/yyyy hh:mm dates and the system's own status and
    channel codes translated by the mapping; an extra column is ignored and reported."""
    header = ["Số hồ sơ", "Mã thủ tục", "Đơn vị", "Ngày nhận", "Hẹn trả", "Ngày xong", "Trạng thái",
              "Kênh", "Ghi chú"]  # fmt: skip
    rows = [
        {"Số hồ sơ": "M1", "Mã thủ tục": "1.000001", "Đơn vị": "P44.XA", "Ngày nhận": "03/08/2026 09:00",
         "Hẹn trả": "10/08/2026 17:00", "Ngày xong": "07/08/2026 10:00", "Trạng thái": "DA_TRA",
         "Kênh": "TRUC_TUYEN", "Ghi chú": "x"},
        {"Số hồ sơ": "M2", "Mã thủ tục": "1.000001", "Đơn vị": "local:P44.XB", "Ngày nhận": "04/08/2026 09:00",
         "Hẹn trả": "11/08/2026 17:00", "Ngày xong": "", "Trạng thái": "DANG_XU_LY", "Kênh": "TRUC_TIEP"},
    ]  # fmt: skip
    path = write_csv(rows, name="export.csv", header=header, delimiter=";")
    mapping = write_text(MAPPING, "mapping.yaml")
    record, result = import_dossiers(path, actor=None, mapping_path=mapping)
    assert result.rows_read == 2
    assert result.ignored_columns == ["Ghi chú"]
    assert record.mapping_name == "mapping.yaml"
    rows_found = (
        store.read()
        .execute(
            "SELECT dossier_code, status, channel, CAST(received_at AS VARCHAR) FROM dossiers ORDER BY 1"
        )
        .fetchall()
    )
    assert rows_found == [
        ("M1", 10, 2, "2026-08-03 09:00:00"),
        ("M2", 4, 1, "2026-08-04 09:00:00"),
    ]


def test_it_refuses_codes_the_mapping_does_not_translate(
    store: DossierStore,
    units: dict[str, Unit],
    write_csv: Callable[..., Path],
    write_text: Callable[[str, str], Path],
) -> None:
    """A status the system's table lacks ("HUY") is refused with its row and column."""
    header = [
        "Số hồ sơ",
        "Mã thủ tục",
        "Đơn vị",
        "Ngày nhận",
        "Hẹn trả",
        "Ngày xong",
        "Trạng thái",
        "Kênh",
    ]
    rows = [{"Số hồ sơ": "M1", "Mã thủ tục": "1", "Đơn vị": "P44.XA", "Ngày nhận": "03/08/2026 09:00",
             "Trạng thái": "HUY", "Kênh": "TRUC_TIEP"}]  # fmt: skip
    path = write_csv(rows, name="export.csv", header=header, delimiter=";")
    with pytest.raises(InputRejected) as caught:
        import_dossiers(path, actor=None, mapping_path=write_text(MAPPING, "mapping.yaml"))
    assert [(p.row, p.field) for p in caught.value.problems] == [(2, "Trạng thái")]
    assert "HUY" in caught.value.problems[0].message


def test_it_names_the_line_of_a_bad_mapping_key(write_text: Callable[[str, str], Path]) -> None:
    """An unknown canonical field and an unknown top-level key are reported with their lines."""
    path = write_text(
        """
        format: parindex-dossier-mapping/1
        colour: blue
        columns:
          dossier_code: Số hồ sơ
          dossier_colour: Màu
        """,
        "bad.yaml",
    )
    with pytest.raises(InputRejected) as caught:
        load_mapping(path)
    found = {(p.line, p.field) for p in caught.value.problems}
    assert (2, "colour") in found
    assert (5, "columns.dossier_colour") in found


def test_it_reads_xlsx(store: DossierStore, units: dict[str, Unit], tmp_path: Path) -> None:
    """An XLSX sheet with real date cells and text cells imports like the CSV."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan", "NgayHenTra",
                  "NgayKetThucXuLy", "TrangThaiHoSo"])  # fmt: skip
    sheet.append(["X1", "1.000001", "P44.XA", 2, dt.datetime(2026, 8, 3, 9), dt.datetime(2026, 8, 10, 17),
                  dt.datetime(2026, 8, 7, 10), 10])  # fmt: skip
    sheet.append(["X2", "1.000001", "P44.XB", 1, dt.datetime(2026, 8, 4, 9), dt.datetime(2026, 8, 11, 17),
                  None, 4])  # fmt: skip
    path = tmp_path / "dossiers.xlsx"
    book.save(path)
    _record, result = import_dossiers(path, actor=None)
    assert (result.file_format, result.rows_read, result.inserted) == ("xlsx", 2, 2)
    assert store.read().execute(
        "SELECT CAST(finished_at AS VARCHAR) FROM dossiers WHERE dossier_code = 'X1'"
    ).fetchone() == ("2026-08-07 10:00:00",)


def test_it_reports_xlsx_problems_by_spreadsheet_row(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """A text that is not a date in row 3 of the sheet is reported as row 3."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["MaHoSo", "MaTTHC", "MaDonVi", "NgayTiepNhan", "TrangThaiHoSo"])
    sheet.append(["X1", "1.000001", "P44.XA", dt.datetime(2026, 8, 3, 9), 4])
    sheet.append(["X2", "1.000001", "P44.XA", "hôm qua", 4])
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(InputRejected) as caught:
        import_dossiers(path, actor=None)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "NgayTiepNhan")]


def test_it_reads_parquet(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path], tmp_path: Path
) -> None:
    """A Parquet file (written by DuckDB, with typed timestamps) imports; a bad status in
    record 2 is reported as row 3 (record n is row n + 1, as if exported with a header)."""
    csv_path = write_csv([dossier("P1"), dossier("P2")])
    good = tmp_path / "good.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT MaHoSo, MaTTHC, MaDonVi, KenhThucHien, strptime(NgayTiepNhan, '%Y%m%d%H%M%S') AS NgayTiepNhan, "
        f"strptime(NgayHenTra, '%Y%m%d%H%M%S') AS NgayHenTra, NgayKetThucXuLy, TrangThaiHoSo "
        f"FROM read_csv('{csv_path}', all_varchar = true)) TO '{good}' (FORMAT parquet)"
    )
    _record, result = import_dossiers(good, actor=None)
    assert (result.file_format, result.rows_read) == ("parquet", 2)
    bad = tmp_path / "bad.parquet"
    con.execute(
        f"COPY (SELECT * REPLACE (CASE WHEN MaHoSo = 'P2' THEN '12' ELSE TrangThaiHoSo END AS TrangThaiHoSo) "
        f"FROM read_parquet('{good}')) TO '{bad}' (FORMAT parquet)"
    )
    with pytest.raises(InputRejected) as caught:
        import_dossiers(bad, actor=None)
    assert [(p.row, p.field) for p in caught.value.problems] == [(3, "TrangThaiHoSo")]
