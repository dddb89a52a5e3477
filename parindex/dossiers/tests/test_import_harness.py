"""The dossier import on the shared import harness: refusal with the row and field of every
problem and nothing written to the store, UTF-16 and Excel's "Unicode Text" read, Windows-1258
(not named in a mapping), binary and header-only files refused naming the file."""

from __future__ import annotations

import csv
from io import StringIO
from pathlib import Path
from typing import Any

import duckdb
import pytest

from parindex.core.import_harness import ImportHarness
from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.models import DossierSummary
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import HEADER as COLUMNS
from parindex.dossiers.tests.conftest import dossier

HEADER = (
    "MaHoSo,MaTTHC,MaDonVi,KenhThucHien,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo\n"
)
ROW = "{code},1.000001,P44.XA,2,20260803090000,20260810170000,20260807100000,10\n"
GOOD = HEADER + ROW.format(code="Hồ sơ 1") + ROW.format(code="Hồ sơ 2")


def rows(*dossiers: dict[str, Any], header: list[str] | None = None) -> str:
    """Dossier rows (national names) as CSV text, as the tests' ``write_csv`` writes them."""
    columns = header or COLUMNS
    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in dossiers:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return out.getvalue()


@pytest.mark.usefixtures("units")
class TestDossierImport(ImportHarness):
    file_name = "dossiers.csv"
    file_format = "csv"
    good_file = GOOD
    command = ("dossiers", "import")
    audit_actions = ("dossier.import",)
    #: Established behaviour: every import publishes a new store version and is audited.
    audits_unchanged_import = True
    bad_files = {
        "unknown-unit": (
            HEADER + ROW.format(code="A1").replace("P44.XA", "P99.NONE"),
            [(2, "MaDonVi")],
        ),
        # Row 3: "2026-02-30 10:00" is no date of the file's form; row 4: "soon".
        "unreadable-dates": (
            rows(
                dossier("A1"),
                dossier("A2", NgayTiepNhan="2026-02-30 10:00"),
                dossier("A3", NgayHenTra="soon"),
            ),
            [(3, "NgayTiepNhan"), (4, "NgayHenTra")],
        ),
        "finish-before-receipt": (
            rows(dossier("A1", NgayKetThucXuLy="20260802100000")),
            [(2, "NgayKetThucXuLy")],
        ),
        # Not codes of the national lists (§3).
        "unknown-status-and-channel": (
            rows(dossier("A1", TrangThaiHoSo=11), dossier("A2", KenhThucHien=4)),
            [(3, "KenhThucHien"), (2, "TrangThaiHoSo")],
        ),
        # The same MaHoSo on rows 2 and 4: one problem listing both rows.
        "duplicate-codes": (rows(dossier("A1"), dossier("A2"), dossier("A1")), [(4, "MaHoSo")]),
        # Two rows of an unknown unit: one problem at the first.
        "unknown-unit-twice": (
            rows(dossier("A1"), dossier("A2", MaDonVi="H99"), dossier("A3", MaDonVi="H99")),
            [(3, "MaDonVi")],
        ),
        # Without MaTTHC the header (row 1) is refused, naming the column.
        "missing-required-column": (
            rows(dossier("A1"), header=["MaHoSo", "MaDonVi", "TrangThaiHoSo", "NgayTiepNhan"]),
            [(1, "MaTTHC")],
        ),
        "row-missing-a-column": (
            "MaHoSo,MaTTHC,MaDonVi,TrangThaiHoSo,NgayTiepNhan\n"
            "A1,1.000001,P44.XA,4,20260803090000\n"
            "A2,1.000001,P44.XA,4\n",
            [(3, "")],
        ),
        # An empty MaHoSo, and an accepted dossier without a receipt time.
        "required-values": (
            rows(dossier(""), dossier("A2", NgayTiepNhan="")),
            [(2, "MaHoSo"), (3, "NgayTiepNhan")],
        ),
        "bad-channel": (rows(dossier("A1", KenhThucHien=9)), [(2, "KenhThucHien")]),
    }

    @pytest.fixture(autouse=True)
    def _store(self, store: DossierStore) -> None:
        self.store = store

    def import_file(self, path: Path) -> Any:
        return import_dossiers(path, actor=None)[1]

    def written(self) -> Any:
        current = self.store.current_file()
        versions = len(list(self.store.directory.glob("dossiers-*.duckdb")))
        summaries = DossierSummary.objects.count()
        return (versions, summaries, self._codes(current))

    def _codes(self, current: Any) -> list[str]:
        if current is None or not Path(current).exists():
            return []
        con = duckdb.connect(str(current), read_only=True)
        try:
            return sorted(r[0] for r in con.execute("SELECT dossier_code FROM dossiers").fetchall())
        finally:
            con.close()

    def is_unchanged(self, result: Any) -> bool:
        """The import replaces the store with the file: the same file gives the same rows
        (``written()`` is compared by the harness)."""
        return bool(result.rows_read == 2)
