"""The reconcile page: the PAR office uploads portal responses and sees official vs recomputed."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from parindex.core.models import AuditEvent
from parindex.dossiers.models import PortalSnapshot
from parindex.lib.dossiers.portal.parsing import load_responses
from parindex.lib.dossiers.portal.reconcile import reconcile

DATA = Path(__file__).parent / "data" / "qd766"
FILES = sorted(DATA.glob("*.json"))
URL = "/dossiers/reconcile/"


def _uploads(edit: Callable[[str, Any], None] | None = None) -> list[SimpleUploadedFile]:
    found = []
    for path in FILES:
        body = path.read_bytes()
        if edit is not None:
            data = json.loads(body)
            edit(path.name, data)
            body = json.dumps(data).encode()
        found.append(SimpleUploadedFile(path.name, body, content_type="application/json"))
    return found


def _strong(html: str, element_id: str) -> str:
    match = re.search(rf'id="{element_id}">([^<]*)<', html)
    assert match, element_id
    return match.group(1)


def test_the_url_is_the_one_documented() -> None:
    assert reverse("dossiers:reconcile") == URL


def test_it_reconciles_the_sample_as_the_cli_does(client_for: Callable[[str], Client]) -> None:
    """Phú Thọ's August responses: every recomputable score agrees; nothing is stored."""
    expected = reconcile(load_responses(FILES))
    response = client_for("province_admin").post(URL, {"files": _uploads()})
    html = response.content.decode()
    assert response.status_code == 200
    assert _strong(html, "checked") == f"{expected.checked:,}".replace(",", ".")
    assert _strong(html, "within") == _strong(html, "checked")
    assert _strong(html, "mismatch-count") == "0"
    assert 'id="mismatches"' not in html
    assert PortalSnapshot.objects.count() == 0


def test_it_lists_a_tampered_score(client_for: Callable[[str], Client]) -> None:
    """One child's progress score moved by 0.05 is listed with both values and the difference."""

    def edit(name: str, data: Any) -> None:
        if name.startswith("dvc-progress-tree"):
            child = data["data"]["children"][1]
            child["score"] = round(child["score"] + 0.05, 2)

    html = client_for("province_admin").post(URL, {"files": _uploads(edit)}).content.decode()
    assert _strong(html, "mismatch-count") == "1"
    table = html[html.index('id="mismatches"') :]
    assert "H44.03" in table and "16,58" in table and "16,53" in table and "0,05" in table


def test_it_refuses_a_broken_file_whole(client_for: Callable[[str], Client]) -> None:
    """A file that is not JSON refuses the batch, naming the file; no snapshot is stored."""
    broken = SimpleUploadedFile("dvc-progress-tree.month-2026-08.json", b"{not json")
    html = (
        client_for("province_admin")
        .post(URL, {"files": [broken, *_uploads()[:1]], "store": "1"})
        .content.decode()
    )
    assert "dvc-progress-tree.month-2026-08.json" in html
    assert 'class="alert alert-danger"' in html
    assert PortalSnapshot.objects.count() == 0


def test_it_keeps_snapshots_when_asked_with_an_audit_event_each(
    client_for: Callable[[str], Client],
) -> None:
    client = client_for("province_admin")
    client.post(URL, {"files": _uploads(), "store": "1"})
    assert PortalSnapshot.objects.count() == len(FILES)
    assert AuditEvent.objects.filter(action="portal_snapshot.record").count() == len(FILES)
    # The same files again: already stored, nothing new.
    client.post(URL, {"files": _uploads(), "store": "1"})
    assert PortalSnapshot.objects.count() == len(FILES)


@pytest.mark.parametrize("persona", ["unit_staff", "unit_head", "appraiser", "leader", "outsider"])
def test_only_the_par_office_has_the_page(
    client_for: Callable[[str], Client], persona: str
) -> None:
    client = client_for(persona)
    assert client.get(URL).status_code == 404
    assert client.post(URL, {"files": _uploads()[:1]}).status_code == 404
    assert PortalSnapshot.objects.count() == 0


def test_the_navigation_shows_the_page_to_the_par_office_only(
    client_for: Callable[[str], Client],
) -> None:
    figures = reverse("dossiers:index")
    assert URL in client_for("province_admin").get(figures).content.decode()
    assert URL not in client_for("leader").get(figures).content.decode()
