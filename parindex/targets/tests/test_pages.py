"""The leaders' pages: logged-in only, with the expected figures."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from parindex.access.models import RoleAssignment
from parindex.units.queries import find_unit

from .conftest import add_results, make_result, make_round, make_unit

pytestmark = pytest.mark.usefixtures("registry")


@pytest.fixture
def leader() -> Client:
    user = get_user_model().objects.create_user("lanhdao", password="x-secret-1")
    RoleAssignment.objects.create(user=user, role="leader", unit=find_unit("current_34:92"))
    client = Client()
    client.force_login(user)
    return client


def test_it_sends_anonymous_visitors_to_the_login_page() -> None:
    """The dashboard needs a login."""
    response = Client().get(reverse("standing:dashboard"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_shows_the_leader_where_the_province_stands(leader: Client) -> None:
    """Cần Thơ's dashboard: Sóc Trăng's 62/63 of 2023, the targets and a link to simulate."""
    add_results([(2024, "92", "90", None), (2024, "93", "86", None), (2024, "94", "84", None)])
    make_result(
        make_round("current_34:92", 2025), make_unit("CT-SXD", "Sở Xây dựng"), 84, previous=88
    )
    response = leader.get(reverse("standing:dashboard"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cần Thơ" in html and "62/63" in html
    assert "top8-of-34-2025" in html
    assert "86,67" in html  # the derived 2024 baseline, Vietnamese decimals
    assert "đơn vị thấp hơn năm trước" in html and "unit_below_previous_year" not in html
    assert reverse("standing:simulator") in html
    assert reverse("standing:vega_bundle") in html


def test_it_shows_the_partial_table_with_its_gap_and_conflicts(leader: Client) -> None:
    """2023: 14 of 63 known, Cà Mau's conflict flagged, values with a decimal comma."""
    response = leader.get(reverse("standing:table_year", args=[2023]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "14" in html and "63" in html
    assert "hạng bị trùng" in html and "duplicate_rank" not in html and "86,89" in html


def test_it_shows_a_history_as_it_was_and_as_todays_province(leader: Client) -> None:
    """Sóc Trăng's page shows its ranks; Cần Thơ's shows its predecessors."""
    html = leader.get(reverse("standing:history", args=["historical_63", "94"])).content.decode()
    assert "Sóc Trăng" in html and ">62<" in html
    page = leader.get(reverse("standing:history", args=["current_34", "92"]))
    assert page.status_code == 200 and "Hậu Giang" in page.content.decode()


def test_it_runs_the_simulator_and_moves_with_what_if_points(leader: Client) -> None:
    """The page renders; an htmx post with added points returns the what-if figures."""
    page = leader.get(
        reverse("standing:simulator"), {"unit": "94", "year": "2024", "iterations": "200"}
    )
    assert page.status_code == 200 and "probability" in page.context["specs"]
    response = leader.post(
        reverse("standing:simulator_run"),
        {
            "unit": "current_34:92",
            "year": "2025",
            "target_rank": "8",
            "rate": "86,5",
            "iterations": "200",
            "probability": "0.8",
            "change_digital_government": "1.5",
        },
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert response.context["result"]["what_if"]["rate"] == 88.0
    assert "88,00" in html


def test_it_serves_charts_as_svg_and_png_and_the_vega_bundle(leader: Client) -> None:
    """Report images come from vl-convert; the JS from the installed package."""
    svg = leader.get(reverse("standing:chart", args=["rank", "svg"]), {"unit": "94"})
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
    png = leader.get(reverse("standing:chart", args=["rate", "png"]), {"unit": "current_34:92"})
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    js = leader.get(reverse("standing:vega_bundle"))
    assert js.status_code == 200 and b"vegaEmbed" in js.content
