"""The pages a PAR officer uses: figures and scores, drill-down lists, Excel exports, imports."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from parindex.dossiers import views
from parindex.dossiers.models import DossierImport
from parindex.dossiers.store import DossierStore
from parindex.dossiers.tests.conftest import dossier
from parindex.units.models import Unit


@pytest.fixture
def client_in(db: None) -> Client:
    # The PAR office sees every unit; a superuser stands in for it here (scoping of unit roles
    # is tested in test_scope.py).
    user = get_user_model().objects.create_superuser("officer", password="x-Very-long-42")
    client = Client()
    client.force_login(user)
    return client


def _codes(html: str) -> set[str]:
    """The hand data set's dossier codes shown on a page (whole words: a CSRF token may
    contain “D6”)."""
    return set(re.findall(r"\bD\d+\b", html))


def _xlsx_rows(response: object) -> list[list[object]]:
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_it_requires_a_login(db: None) -> None:
    """Anonymous visitors are sent to the login page."""
    response = Client().get(reverse("dossiers:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_shows_the_province_and_each_unit_with_766_scores(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """2026-08: every unit is listed; the province's on-time rate 62,50 % and progress score
    9,09 are written the Vietnamese way; the commune ranks are shown."""
    response = client_in.get(reverse("dossiers:index"), {"period": "2026-08"})
    assert response.status_code == 200
    text = response.content.decode()
    for unit in units.values():
        assert unit.name in text
    assert "62,50 %" in text
    assert "9,09" in text
    assert "2/2" in text  # Xã A is second of two communes


def test_it_shows_a_units_procedures_for_a_month(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """With a unit, the month's figures per procedure follow (1.000999 is the department's)."""
    response = client_in.get(reverse("dossiers:index"), {"period": "2026-08", "unit": "local:P44"})
    text = response.content.decode()
    assert "1.000001" in text and "1.000999" in text


def test_it_exports_the_figures_to_excel(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """The Excel file has one row per unit with its figures."""
    response = client_in.get(reverse("dossiers:index"), {"period": "2026-08", "format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = _xlsx_rows(response)
    keys = [r[0] for r in rows[3:]]
    assert keys == ["local:P44", "local:P44.SNV", "local:P44.XA", "local:P44.XB"]
    header = rows[2]
    received = header.index("Hồ sơ tiếp nhận trong kỳ")
    assert rows[3][received] == 9


def test_it_lists_late_dossiers_without_an_apology(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """D3 and D8 are late without an apology letter in August; dates as dd/mm/yyyy; Excel too."""
    url = reverse("dossiers:late_without_apology")
    response = client_in.get(url, {"period": "2026-08"})
    text = response.content.decode()
    assert _codes(text) >= {"D3", "D8"} and "D5" not in _codes(text)
    assert "05/08/2026 10:00" in text
    rows = _xlsx_rows(client_in.get(url, {"period": "2026-08", "format": "xlsx"}))
    assert sorted(str(r[0]) for r in rows[3:]) == ["D3", "D8"]


def test_it_lists_dossiers_past_their_deadline(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """D6 and D9 are still in process past their deadline at the end of August; none in Xã B."""
    url = reverse("dossiers:past_deadline")
    text = client_in.get(url, {"period": "2026-08"}).content.decode()
    assert _codes(text) >= {"D6", "D9"} and "D7" not in _codes(text)
    text = client_in.get(url, {"period": "2026-08", "unit": "local:P44.XB"}).content.decode()
    assert "D6" not in _codes(text)


def test_it_ranks_units_by_late_rate(
    hand_store: DossierStore, units: dict[str, Unit], client_in: Client
) -> None:
    """Xã A (3 late of 6 = 50 %) comes before the province (3 of 8) and Xã B (0 of 1)."""
    url = reverse("dossiers:late_ranking")
    text = client_in.get(url, {"period": "2026-08"}).content.decode()
    assert text.index("Xã A") < text.index("Tỉnh Thử") < text.index("Xã B")
    assert "50,00 %" in text
    rows = _xlsx_rows(client_in.get(url, {"period": "2026-08", "format": "xlsx"}))
    assert [r[1] for r in rows[3:]][:2] == ["local:P44.XA", "local:P44"]


def test_it_explains_a_bad_period(hand_store: DossierStore, client_in: Client) -> None:
    """A period that cannot be read is explained on the page, not a server error."""
    response = client_in.get(reverse("dossiers:index"), {"period": "2026-Q5"})
    assert response.status_code == 200
    assert "2026-Q5" in response.content.decode()


def test_it_imports_an_uploaded_file_and_shows_its_progress(
    store: DossierStore,
    units: dict[str, Unit],
    client_in: Client,
    write_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The upload creates a status row; the status page (and its htmx fragment) shows the result."""
    monkeypatch.setattr(views, "RUN_IMPORTS_IN_THREAD", False)
    path = write_csv([dossier("W1"), dossier("W2")])
    with open(path, "rb") as handle:
        response = client_in.post(reverse("dossiers:import"), {"file": handle})
    record = DossierImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dossiers:import_status", args=[record.pk])
    assert record.state == DossierImport.State.SUCCEEDED
    assert record.actor_label == "officer"
    page = client_in.get(response["Location"]).content.decode()
    assert "dossiers.csv" in page
    fragment = client_in.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment  # done: no more polling
    assert "2" in fragment


def test_it_shows_why_an_upload_was_refused(
    store: DossierStore,
    units: dict[str, Unit],
    client_in: Client,
    write_csv: Callable[..., Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A refused upload's status page lists the problems with their rows."""
    monkeypatch.setattr(views, "RUN_IMPORTS_IN_THREAD", False)
    path = write_csv([dossier("W1", KenhThucHien=7)])
    with open(path, "rb") as handle:
        response = client_in.post(reverse("dossiers:import"), {"file": handle})
    page = client_in.get(response["Location"]).content.decode()
    assert "KenhThucHien" in page
    assert DossierImport.objects.get().state == DossierImport.State.REFUSED


def test_it_polls_a_running_import(db: None, client_in: Client) -> None:
    """While an import runs, the fragment asks htmx to poll again every second."""
    record = DossierImport.objects.create(file_name="big.csv", state="running", progress=0.42)
    fragment = client_in.get(
        reverse("dossiers:import_status", args=[record.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "42 %" in fragment
