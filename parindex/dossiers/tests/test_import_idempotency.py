"""MaHoSo is the key: importing the same or an updated export again updates, never duplicates."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

from django.core.management import call_command

from parindex.core.models import AuditEvent
from parindex.dossiers import queries
from parindex.dossiers.actions import import_dossiers
from parindex.dossiers.models import DossierImport
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import dossier
from parindex.units.models import Unit


def _count(store: DossierStore) -> int:
    found = store.read().execute("SELECT count(*) FROM dossiers").fetchone()
    return int(found[0]) if found else 0


def test_it_updates_instead_of_duplicating(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """The same file twice: 2 new rows, then 2 updated and still 2 rows; an updated export
    (A2 now finished, A3 new) updates A2, adds A3 and keeps A1."""
    first = write_csv(
        [dossier("A1"), dossier("A2", NgayKetThucXuLy=None, TrangThaiHoSo=4)], name="a.csv"
    )
    _record, result = import_dossiers(first, actor=None)
    assert (result.inserted, result.updated, _count(store)) == (2, 0, 2)
    _record, result = import_dossiers(first, actor=None)
    assert (result.inserted, result.updated, _count(store)) == (0, 2, 2)
    updated = write_csv([dossier("A2"), dossier("A3")], name="b.csv")
    _record, result = import_dossiers(updated, actor=None)
    assert (result.inserted, result.updated, _count(store)) == (1, 1, 3)
    status = (
        store.read().execute("SELECT status FROM dossiers WHERE dossier_code = 'A2'").fetchone()
    )
    assert status == (10,)
    xa = next(f for f in queries.figures("2026-08") if f.unit.code == "P44.XA")
    assert xa.measures["received"] == 3
    assert xa.measures["finished"] == 3


def test_it_keeps_the_first_appointment_date_seen(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """A system that overwrites NgayHenTra after an apology (10/8 → 14/8) must not make the
    late dossier look on time in the apology metric: original_due_at stays 10/8."""
    import_dossiers(
        write_csv([dossier("A1", NgayHenTra="20260810170000")], name="a.csv"), actor=None
    )
    import_dossiers(
        write_csv([dossier("A1", NgayHenTra="20260814170000")], name="b.csv"), actor=None
    )
    row = (
        store.read()
        .execute(
            "SELECT CAST(original_due_at AS VARCHAR), CAST(due_effective AS VARCHAR) FROM dossiers"
        )
        .fetchone()
    )
    assert row == ("2026-08-10 17:00:00", "2026-08-14 17:00:00")


def test_it_audits_each_import_and_keeps_its_status_row(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """Each successful import writes one audit event and a status row with its counts."""
    record, _result = import_dossiers(write_csv([dossier("A1")]), actor="tester")
    event = AuditEvent.objects.get(action="dossier.import")
    assert event.actor_label == "tester"
    assert event.object_id == str(record.pk)
    assert event.after is not None and event.after["inserted"] == 1
    assert record.state == DossierImport.State.SUCCEEDED
    assert record.progress == 1.0
    assert record.report["rows_read"] == 1


def test_it_reports_the_import_as_json_on_the_cli(
    store: DossierStore, units: dict[str, Unit], write_csv: Callable[..., Path]
) -> None:
    """``dossiers import FILE`` prints the report as JSON and its progress on standard error."""
    out, err = StringIO(), StringIO()
    call_command(
        "dossiers", "import", str(write_csv([dossier("A1"), dossier("A2")])), stdout=out, stderr=err
    )
    payload = json.loads(out.getvalue())
    assert payload["state"] == "succeeded"
    assert payload["rows_read"] == 2 and payload["inserted"] == 2
    assert payload["columns"]["dossier_code"] == "MaHoSo"
    assert "%" in err.getvalue()
