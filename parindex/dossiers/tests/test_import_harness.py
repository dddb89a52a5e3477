"""The dossier import on the shared import harness: refusal with the row and field of every
problem and nothing written to the store, UTF-16 and Excel's "Unicode Text" read, Windows-1258
(not named in a mapping), binary and header-only files refused naming the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

from parindex.core.import_harness import ImportHarness
from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.store import DossierStore

HEADER = (
    "MaHoSo,MaTTHC,MaDonVi,KenhThucHien,NgayTiepNhan,NgayHenTra,NgayKetThucXuLy,TrangThaiHoSo\n"
)
ROW = "{code},1.000001,P44.XA,2,20260803090000,20260810170000,20260807100000,10\n"
GOOD = HEADER + ROW.format(code="Hồ sơ 1") + ROW.format(code="Hồ sơ 2")


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
    }

    @pytest.fixture(autouse=True)
    def _store(self, store: DossierStore) -> None:
        self.store = store

    def import_file(self, path: Path) -> Any:
        return import_dossiers(path, actor=None)[1]

    def written(self) -> Any:
        current = self.store.current_file()
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
