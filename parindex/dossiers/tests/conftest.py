"""Fixtures of the dossier tests: a temporary store, a small unit tree and the hand-checked data
set (shared layers: built once, every test rolled back to them; each test gets its own copy of
the hand-checked store's files, which no transaction rolls back), small files."""

from __future__ import annotations

import atexit
import csv
import shutil
import tempfile
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings

from parindex.dossiers.store import DossierStore
from parindex.testing_layers import shared_layer
from parindex.units.models import Unit

HEADER = [
    "MaHoSo", "MaTTHC", "MaDonVi", "KenhThucHien", "NgayTiepNhan", "NgayHenTra",
    "NgayKetThucXuLy", "TrangThaiHoSo", "SoLanBoSung", "NgayBoSung", "NgayTiepNhanBoSung",
    "CoVanBanXinLoi", "NgayXinLoi", "TraKetQuaQuaBuuChinh", "TongPhiLePhi",
    "DuocThanhToanTrucTuyen", "HoSoCoThanhPhanSoHoa", "KetQuaDienTu", "DanhGiaHaiLong",
    "ThoiHanGiaiQuyet", "DonViThoiHan", "YeuCauKetQuaBanGiay",
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DossierStore]:
    """The dossier store under a temporary VAR_DIR (the default store follows the setting)."""
    with override_settings(VAR_DIR=tmp_path / "var"):
        yield DossierStore(memory_limit="512MB", threads=2)
    DossierStore.close_readers()


def _fresh_units(units: dict[str, Unit]) -> dict[str, Unit]:
    found = Unit.objects.in_bulk([unit.pk for unit in units.values()])
    return {name: found[unit.pk] for name, unit in units.items()}


@shared_layer(fresh=_fresh_units)
def units() -> dict[str, Unit]:
    """A province (P44) with a department (P44.SNV), a district-level town and two communes."""
    province = Unit.objects.create(
        code="P44", code_system="local", name="Tỉnh Thử", kind="province", is_illustrative=True
    )
    department = Unit.objects.create(
        code="P44.SNV",
        code_system="local",
        name="Sở Nội vụ",
        kind="department",
        parent=province,
        is_illustrative=True,
    )
    commune_a = Unit.objects.create(
        code="P44.XA",
        code_system="local",
        name="Xã A",
        kind="commune",
        parent=province,
        is_illustrative=True,
    )
    commune_b = Unit.objects.create(
        code="P44.XB",
        code_system="local",
        name="Xã B",
        kind="commune",
        parent=province,
        is_illustrative=True,
    )
    return {"P44": province, "SNV": department, "XA": commune_a, "XB": commune_b}


def write_rows(
    path: Path, rows: list[dict[str, Any]], header: list[str] | None = None, delimiter: str = ","
) -> Path:
    """Write dossier rows (dicts keyed by national names) as a CSV file with HEADER."""
    columns = header or HEADER
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(columns)
        for row in rows:
            writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])
    return path


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write dossier rows (dicts keyed by national names) as a CSV file with HEADER."""

    def write(
        rows: list[dict[str, Any]],
        name: str = "dossiers.csv",
        header: list[str] | None = None,
        delimiter: str = ",",
    ) -> Path:
        return write_rows(tmp_path / name, rows, header, delimiter)

    return write


@pytest.fixture
def write_text(tmp_path: Path) -> Callable[[str, str], Path]:
    def write(text: str, name: str) -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def dossier(code: str, **values: Any) -> dict[str, Any]:
    """A valid finished dossier of commune A, overridable per field (national names)."""
    row: dict[str, Any] = {
        "MaHoSo": code,
        "MaTTHC": "1.000001",
        "MaDonVi": "P44.XA",
        "KenhThucHien": 2,
        "NgayTiepNhan": "20260803090000",
        "NgayHenTra": "20260810170000",
        "NgayKetThucXuLy": "20260807100000",
        "TrangThaiHoSo": 10,
        "SoLanBoSung": 0,
    }
    row.update(values)
    return row


#: The hand-checked data set of test_indicators.py (its docstrings give every number).
HAND_ROWS: list[dict[str, Any]] = [
    dossier("D1", NgayTiepNhan="20260803090000", NgayHenTra="20260810170000",
            NgayKetThucXuLy="20260807100000", KenhThucHien=2, KetQuaDienTu=1),
    dossier("D2", NgayTiepNhan="20260804080000", NgayHenTra="20260811170000",
            NgayKetThucXuLy="20260811160000", KenhThucHien=1),
    dossier("D3", NgayTiepNhan="20260805100000", NgayHenTra="20260807170000",
            NgayKetThucXuLy="20260810090000", KenhThucHien=3, TraKetQuaQuaBuuChinh=1),
    dossier("D4", NgayTiepNhan="20260806140000", NgayHenTra="20260811113000",
            NgayKetThucXuLy="20260811150000", KenhThucHien=1, CoVanBanXinLoi=1,
            NgayXinLoi="20260810090000"),
    dossier("D5", NgayTiepNhan="20260724100000", NgayHenTra="20260731170000",
            NgayKetThucXuLy="20260803100000", KenhThucHien=2, CoVanBanXinLoi=1,
            NgayXinLoi="20260730090000"),
    dossier("D6", NgayTiepNhan="20260727090000", NgayHenTra="20260803170000",
            NgayKetThucXuLy=None, TrangThaiHoSo=4, KenhThucHien=1),
    dossier("D7", NgayTiepNhan="20260824090000", NgayHenTra="20260914170000",
            NgayKetThucXuLy=None, TrangThaiHoSo=4, KenhThucHien=2),
    dossier("D8", NgayTiepNhan="20260825090000", NgayHenTra="20260908170000",
            NgayKetThucXuLy="20260828100000", KenhThucHien=2, SoLanBoSung=2,
            NgayBoSung="20260826090000", NgayTiepNhanBoSung="20260827090000",
            YeuCauKetQuaBanGiay=0),
    dossier("D9", NgayTiepNhan="20260819090000", NgayHenTra="20260826170000",
            NgayKetThucXuLy=None, TrangThaiHoSo=5, KenhThucHien=1, SoLanBoSung=1,
            NgayBoSung="20260820100000"),
    dossier("D10", MaDonVi="P44.XB", NgayTiepNhan="20260803090000",
            NgayHenTra="20260810170000", NgayKetThucXuLy="20260806090000", KenhThucHien=2,
            TongPhiLePhi=50000, DuocThanhToanTrucTuyen=1, DanhGiaHaiLong=0),
    dossier("D11", MaDonVi="P44.SNV", MaTTHC="1.000999", NgayTiepNhan="20260810090000",
            NgayHenTra=None, ThoiHanGiaiQuyet=5, DonViThoiHan="Ngày làm việc",
            NgayKetThucXuLy="20260817110000", KenhThucHien=None),
    dossier("D12", TrangThaiHoSo=3, NgayTiepNhan="20260805090000", NgayHenTra=None,
            NgayKetThucXuLy=None),
    dossier("D13", TrangThaiHoSo=1, NgayTiepNhan=None, NgayHenTra=None, NgayKetThucXuLy=None),
]  # fmt: skip


@shared_layer(requires=("units",))
def hand_data() -> Path:
    """The hand-checked data set imported through the real import action into a store of its
    own; returns the store's directory (removed when the session ends)."""
    from parindex.dossiers.actions import import_dossiers

    folder = Path(tempfile.mkdtemp(prefix="parindex-hand-store-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    with override_settings(VAR_DIR=folder / "var"):
        import_dossiers(write_rows(folder / "dossiers.csv", HAND_ROWS), actor=None)
        directory = DossierStore().directory
    DossierStore.close_readers()
    return directory


@pytest.fixture
def hand_store(store: DossierStore, units: dict[str, Unit], hand_data: Path) -> DossierStore:
    """The hand-checked data set imported through the real import action (the store's files
    copied for this test: whatever it writes there stays its own)."""
    shutil.copytree(hand_data, store.directory, dirs_exist_ok=True)
    return store
