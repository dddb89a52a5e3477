"""Administrators list, filter and edit overrides; every edit is audited."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from parindex.calendars.models import CalendarOverride
from parindex.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client_vi() -> Client:
    user = get_user_model().objects.create_superuser("lan", "lan@example.org", "x-secret-1")
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    return client


def test_it_lists_and_filters_overrides(admin_client_vi: Client) -> None:
    """The change list shows the rows in Vietnamese and filters by year and kind."""
    response = admin_client_vi.get(
        "/admin/calendars/calendaroverride/?year=2026&kind=extra_day_off"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "9441/TB-BNV" in text
    assert "6150/TB-BLĐTBXH" not in text
    assert "ngày nghỉ thêm" in text
    assert "điều chỉnh lịch" in text


def test_it_audits_an_edit_made_in_the_admin(admin_client_vi: Client) -> None:
    """Saving a row through the admin goes through the action and writes an audit event."""
    row = CalendarOverride.objects.get(date="2026-11-24")
    response = admin_client_vi.post(
        f"/admin/calendars/calendaroverride/{row.pk}/change/",
        {
            "date": "2026-11-24",
            "kind": "not_a_holiday",
            "scope": "all",
            "year": "2026",
            "source": row.source,
            "status": "unverified",
            "note": "confirmed later",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.is_active is False
    event = AuditEvent.objects.filter(action="calendar_override.save").latest("id")
    assert event.actor_label == "lan"
    assert event.before is not None and event.after is not None
    assert event.before["is_active"] is True and event.after["is_active"] is False
