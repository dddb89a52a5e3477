"""A bad file is refused whole: every problem names its row and column, nothing is written.

Every bad file with the (row, field) of its problems is a bad file of the harness
(``test_import_harness.py``, which also checks that nothing is written); here stay the
assertions it cannot express: a message's text, the refused import's record, the CLI's output."""

from __future__ import annotations

from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.core.models import AuditEvent
from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.models import DossierImport, DossierSummary
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import dossier
from parindex.lib.errors import InputRejected, Problem
from parindex.units.models import Unit


def _refused(path: Path, **kwargs: object) -> list[Problem]:
    with pytest.raises(InputRejected) as caught:
        import_dossiers(path, actor=None, **kwargs)  # type: ignore[arg-type]
    return caught.value.problems


def _nothing_written(store: DossierStore) -> None:
    assert store.current_file() is None
    assert not list(store.directory.glob("dossiers-*.duckdb"))
    assert DossierSummary.objects.count() == 0
    assert not AuditEvent.objects.filter(action="dossier.import").exists()


def test_it_names_the_row_and_column_of_a_date_that_does_not_parse(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """Row 3 (the second dossier) has NgayTiepNhan "2026-02-30 10:00": not a date in the form
    of the file (yyyyMMddHHmmss); row 4 an unreadable NgayHenTra. Nothing is written."""
    path = write_csv(
        [
            dossier("A1"),
            dossier("A2", NgayTiepNhan="2026-02-30 10:00"),
            dossier("A3", NgayHenTra="soon"),
        ]
    )
    problems = _refused(path)
    found = {(p.row, p.field) for p in problems}
    assert (3, "NgayTiepNhan") in found
    assert (4, "NgayHenTra") in found
    assert any("2026-02-30 10:00" in p.message for p in problems)
    _nothing_written(store)
    record = DossierImport.objects.get()
    assert record.state == DossierImport.State.REFUSED
    assert any(p["row"] == 3 and p["field"] == "NgayTiepNhan" for p in record.problems)


def test_it_refuses_a_finish_before_the_receipt(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """NgayKetThucXuLy before NgayTiepNhan is reported on that row and column."""
    path = write_csv([dossier("A1", NgayKetThucXuLy="20260802100000")])
    problems = _refused(path)
    assert [(p.row, p.field) for p in problems] == [(2, "NgayKetThucXuLy")]
    assert "02/08/2026 10:00:00" in problems[0].message
    _nothing_written(store)


def test_it_refuses_duplicate_dossier_codes_in_one_file(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """The same MaHoSo on rows 2 and 4: one problem listing both rows."""
    path = write_csv([dossier("A1"), dossier("A2"), dossier("A1")])
    problems = _refused(path)
    assert len(problems) == 1
    assert problems[0].field == "MaHoSo"
    assert "2, 4" in problems[0].message
    _nothing_written(store)


def test_it_refuses_unknown_units_with_their_counts(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """Two rows of an unknown unit code: refused by default, the code, count and first row said."""
    path = write_csv([dossier("A1"), dossier("A2", MaDonVi="H99"), dossier("A3", MaDonVi="H99")])
    problems = _refused(path)
    assert [(p.row, p.field) for p in problems] == [(3, "MaDonVi")]
    assert "H99" in problems[0].message and "2" in problems[0].message
    _nothing_written(store)


def test_it_keeps_unknown_units_apart_when_asked(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """With --unknown-units keep the rows are stored without a unit, reported with their count,
    and left out of every figure."""
    path = write_csv([dossier("A1"), dossier("A2", MaDonVi="H99"), dossier("A3", MaDonVi="H99")])
    record, result = import_dossiers(path, actor=None, unknown_units="keep")
    assert result.kept_apart == 2
    assert result.unknown_units == [{"code": "H99", "rows": 2, "first_row": 3}]
    assert record.rows_kept_apart == 2
    assert record.report["unknown_units"][0]["code"] == "H99"
    con = store.read()
    assert con.execute("SELECT count(*) FROM dossiers WHERE unit_id IS NULL").fetchone() == (2,)
    from parindex.dossiers import queries

    province = next(f for f in queries.figures("2026-08") if f.unit.code == "P44")
    assert province.measures["received"] == 1


def test_it_refuses_an_empty_file(
    store: DossierStore, units: dict[str, Unit], tmp_path: Path
) -> None:
    """A file of 0 bytes, and a file with only its header, have no dossier rows (the message
    names the file)."""
    from django.utils.translation import gettext

    expected = gettext("{file}: the file is empty: it has no dossier rows.")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    assert [p.message for p in _refused(empty)] == [expected.format(file="empty.csv")]
    header_only = tmp_path / "header.csv"
    header_only.write_text("MaHoSo,MaTTHC,MaDonVi,TrangThaiHoSo,NgayTiepNhan\n", encoding="utf-8")
    assert [p.message for p in _refused(header_only)] == [expected.format(file="header.csv")]
    _nothing_written(store)


def test_it_leaves_the_previous_version_untouched_when_refusing(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """A refused re-import keeps the store and the summaries as they were."""
    import_dossiers(write_csv([dossier("A1")], name="good.csv"), actor=None)
    before = store.current_file()
    summaries = DossierSummary.objects.count()
    _refused(write_csv([dossier("A1", KenhThucHien=9)], name="bad.csv"))
    assert store.current_file() == before
    assert DossierSummary.objects.count() == summaries


def test_it_exits_non_zero_and_prints_the_problems_on_the_cli(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """``dossiers import`` prints each problem with its row and column on standard error."""
    path = write_csv([dossier("A1", TrangThaiHoSo=11)])
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("dossiers", "import", str(path), "--quiet", stderr=err)
    assert "TrangThaiHoSo" in err.getvalue()
    assert "2" in err.getvalue()


def test_it_reads_a_large_file_within_a_small_memory_limit(
    units: dict[str, Unit], write_csv: Callable[..., Path], tmp_path: Path, settings: object
) -> None:
    """DuckDB streams the file and spills to disk: 30,000 rows import with a 32 MB limit."""
    from django.test import override_settings

    rows = [dossier(f"B{i:06d}") for i in range(30_000)]
    path = write_csv(rows, name="big.csv")
    with override_settings(VAR_DIR=tmp_path / "small"):
        small = DossierStore(memory_limit="32MB", threads=1)
        _record, result = import_dossiers(path, actor=None, store=small)
        assert result.store_rows == 30_000
        DossierStore.close_readers()
