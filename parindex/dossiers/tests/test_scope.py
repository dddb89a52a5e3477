"""Dossier figures are scoped like every other unit page: a unit's staff see their own unit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

PAGES = ["/dossiers/", "/dossiers/late-ranking/", "/dossiers/past-deadline/"]


@pytest.mark.parametrize("url", PAGES)
def test_it_shows_a_units_staff_their_own_unit(
    client_for: Callable[[str], Client], url: str
) -> None:
    """Unit staff of Sở A open the pages for Sở A, explicitly or by default."""
    client = client_for("unit_staff")
    assert client.get(url, {"unit": "local:SO-A"}).status_code == 200
    default = client.get(url)
    assert default.status_code == 200
    assert default.context["unit"].code == "SO-A"


@pytest.mark.parametrize("url", PAGES)
def test_it_answers_404_for_another_units_figures(
    client_for: Callable[[str], Client], url: str
) -> None:
    """Sở A's staff asking for Sở B, or Sở B's head asking for Sở A, get 404."""
    assert client_for("unit_staff").get(url, {"unit": "local:SO-B"}).status_code == 404
    assert client_for("outsider").get(url, {"unit": "local:SO-A"}).status_code == 404


@pytest.mark.parametrize("persona", ["province_admin", "leader", "appraiser"])
def test_it_shows_the_whole_province_to_province_wide_roles(
    client_for: Callable[[str], Client], persona: str
) -> None:
    """Roles held on the province see every unit, and the province as a whole by default."""
    response = client_for(persona).get("/dossiers/", {"unit": "local:SO-B"})
    assert response.status_code == 200
    assert client_for(persona).get("/dossiers/").context["unit"] is None


@pytest.mark.parametrize(
    ("persona", "status"),
    [("province_admin", 200), ("leader", 404), ("unit_head", 404), ("appraiser", 404)],
)
def test_it_lets_only_the_par_office_import_dossiers(
    client_for: Callable[[str], Client], persona: str, status: int
) -> None:
    """The import page exists only for the PAR office."""
    assert client_for(persona).get("/dossiers/import/").status_code == status
