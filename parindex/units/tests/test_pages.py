"""The unit list and detail pages: logged-in only, a fixed number of queries."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from parindex.units.actions import import_units


@pytest.fixture
def client_logged_in(db: None) -> Client:
    user = get_user_model().objects.create_user("officer", password="x-secret-1")
    client = Client()
    client.force_login(user)
    return client


def test_it_sends_anonymous_visitors_to_the_login_page(db: None) -> None:
    """The list needs a login."""
    response = Client().get(reverse("units:list"))
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_it_lists_units_in_a_fixed_number_of_queries(
    client_logged_in: Client, tiny_file: Path, django_assert_num_queries
) -> None:
    """Three units or 494, the list page runs the same number of queries."""
    import_units(tiny_file, actor=None)
    with django_assert_num_queries(5):  # session, user, count, page of units, roles for the nav
        small = client_logged_in.get(reverse("units:list"))
    assert small.status_code == 200
    from parindex.units.actions import import_reference_units

    import_reference_units(actor=None)
    with django_assert_num_queries(5):
        large = client_logged_in.get(
            reverse("units:list"), {"as_of": "2025-06-30", "kind": "commune", "page": "2"}
        )
    assert large.status_code == 200
    content = large.content.decode()
    assert "01/07/2025" in content  # Vietnamese date format


@pytest.mark.usefixtures("reference_units")
def test_it_filters_the_list_by_date_and_kind(client_logged_in: Client) -> None:
    """On 01/07/2025 the provinces are the 34 new ones."""
    response = client_logged_in.get(
        reverse("units:list"), {"as_of": "2025-07-01", "kind": "province"}
    )
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 34
    assert "Sóc Trăng" not in response.content.decode()


@pytest.mark.usefixtures("reference_units")
def test_it_shows_a_bad_date_as_a_form_error(client_logged_in: Client) -> None:
    """A malformed date is reported on the page, not a server error."""
    response = client_logged_in.get(reverse("units:list"), {"as_of": "30/06/2025x"})
    assert response.status_code == 200
    assert response.context["errors"]


@pytest.mark.usefixtures("reference_units")
def test_it_shows_a_unit_with_parent_children_and_lineage_in_fixed_queries(
    client_logged_in: Client, django_assert_num_queries
) -> None:
    """The detail page of new Cần Thơ shows its predecessors, weights and 103 communes."""
    url = reverse("units:detail", args=["current_34", "92"])
    with django_assert_num_queries(7):  # session, user, unit + parent, children, 2 links, roles
        response = client_logged_in.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert "Sóc Trăng" in content
    assert "0,333334" in content
    assert "Phường Cái Khế" in content
    assert len(response.context["children"]) == 103


@pytest.mark.usefixtures("reference_units")
def test_it_shows_an_old_commune_with_its_successors(client_logged_in: Client) -> None:
    """Old Phường An Hòa (31120) shows its district and its successor Phường Cái Khế."""
    response = client_logged_in.get(reverse("units:detail", args=["historical_63", "31120"]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Quận Ninh Kiều" in content and "Phường Cái Khế" in content


def test_it_answers_404_for_an_unknown_unit(client_logged_in: Client) -> None:
    """An unknown SYSTEM/CODE is not found."""
    response = client_logged_in.get(reverse("units:detail", args=["current_34", "00"]))
    assert response.status_code == 404
