"""The admin shows units and lineage links for looking up, with filters and search."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from parindex.units.models import LineageLink, Unit


@pytest.fixture
def admin_client_vi(db: None) -> Client:
    user = get_user_model().objects.create_superuser("admin", password="x-secret-1")
    client = Client(headers={"accept-language": "vi"})
    client.force_login(user)
    return client


@pytest.mark.usefixtures("reference_units")
def test_it_lists_and_searches_units_in_vietnamese(admin_client_vi: Client) -> None:
    """The unit changelist filters by kind, searches by name and speaks Vietnamese."""
    url = reverse("admin:units_unit_changelist")
    response = admin_client_vi.get(url, {"kind__exact": "province", "q": "Sóc Trăng"})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 1
    assert "đơn vị hành chính" in response.content.decode().lower()


@pytest.mark.usefixtures("reference_units")
def test_it_shows_lineage_links_read_only(admin_client_vi: Client) -> None:
    """Links are listed and viewable, but cannot be added, changed or deleted in the admin."""
    response = admin_client_vi.get(
        reverse("admin:units_lineagelink_changelist"), {"relation__exact": "merged_partial"}
    )
    assert response.status_code == 200
    assert response.context["cl"].result_count == 6
    link = LineageLink.objects.first()
    assert link is not None
    detail = admin_client_vi.get(reverse("admin:units_lineagelink_change", args=[link.pk]))
    assert detail.status_code == 200
    assert admin_client_vi.get(reverse("admin:units_lineagelink_add")).status_code == 403
    unit = Unit.objects.get(code_system="current_34", code="92")
    page = admin_client_vi.get(reverse("admin:units_unit_change", args=[unit.pk]))
    assert page.status_code == 200
    assert "Sóc Trăng" in page.content.decode()
