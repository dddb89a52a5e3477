"""The REST API saves and submits through the actions, with the pages' scoping."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.test import Client

from parindex.assessments.models import AssessmentState
from parindex.testing import TestProvince


def _put(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def test_it_saves_an_entry_and_refuses_a_stale_version(par: TestProvince, client_for: Any) -> None:
    """PUT with the current version saves and computes the self-score; the same version again
    is a 409 that names who saved first; impossible data is a 400 with the field."""
    entry = par.entry("dm_completion")
    url = f"/api/entries/{entry.pk}"
    staff, head = client_for("unit_staff"), client_for("unit_head")
    saved = _put(staff, url, {"version": 0, "numerator": "18", "denominator": "20"})
    assert saved.status_code == 200
    assert Decimal(saved.json()["self_points"]) == Decimal("1.8")
    assert saved.json()["version"] == 1
    stale = _put(head, url, {"version": 0, "numerator": "10", "denominator": "20"})
    assert stale.status_code == 409 and stale.json()["problems"][0]["field"] == "version"
    bad = _put(head, url, {"version": 1, "numerator": "21", "denominator": "20"})
    assert bad.status_code == 400 and bad.json()["problems"][0]["field"] == "numerator"
    assert par.entry("dm_completion").numerator == 18


def test_it_submits_through_the_action(par: TestProvince, client_for: Any) -> None:
    """A complete self-assessment is submitted by the head through the API."""
    from parindex.assessments import actions
    from parindex.testing import FULL_DATA, _decimal_data

    rows = {k: {**_decimal_data(v), "explanation": "Bản giấy."} for k, v in FULL_DATA.items()}
    actions.save_entries(par.assessment_a, actor="test", rows=rows)
    response = client_for("unit_head").post(f"/api/assessments/{par.assessment_a.pk}/submit")
    assert response.status_code == 200
    assert response.json()["state"] == AssessmentState.SELF_ASSESSED
    again = client_for("unit_head").post(f"/api/assessments/{par.assessment_a.pk}/submit")
    assert again.status_code == 400


def test_it_lists_only_assessments_in_scope(par: TestProvince, client_for: Any) -> None:
    """The leader sees both units; the unit staff sees its own."""
    url = f"/api/rounds/{par.round.pk}/assessments"
    assert len(client_for("leader").get(url).json()) == 2
    assert [a["unit"] for a in client_for("unit_staff").get(url).json()] == ["local:SO-A"]


def test_it_serves_the_openapi_schema_locally(db: None, client: Client) -> None:
    """The schema lists the cycle's endpoints."""
    schema = client.get("/api/openapi.json").json()
    assert "/api/entries/{entry_id}" in schema["paths"]
    assert "/api/public/rounds/{round_id}/results" in schema["paths"]
