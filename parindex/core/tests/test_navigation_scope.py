"""Province-wide pages are for the PAR office, leaders and the council; others get 404."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

OVERSIGHT_PAGES = ["/standing/", "/standing/table/", "/standing/simulator/"]


@pytest.mark.parametrize("persona", ["province_admin", "leader", "council_member"])
@pytest.mark.parametrize("url", OVERSIGHT_PAGES)
def test_it_shows_province_wide_pages_to_oversight_roles(
    client_for: Callable[[str], Client], persona: str, url: str
) -> None:
    """The PAR office, leaders and council members open the standing pages."""
    assert client_for(persona).get(url).status_code == 200


@pytest.mark.parametrize("persona", ["unit_staff", "unit_head", "appraiser", "outsider"])
@pytest.mark.parametrize("url", OVERSIGHT_PAGES)
def test_it_hides_province_wide_pages_from_unit_roles(
    client_for: Callable[[str], Client], persona: str, url: str
) -> None:
    """To a unit's staff the province's standing is outside their scope: 404."""
    assert client_for(persona).get(url).status_code == 404


def test_it_links_the_standing_page_only_for_oversight_roles(
    client_for: Callable[[str], Client],
) -> None:
    """The navigation offers the standing page to a leader and not to unit staff."""
    assert 'href="/standing/"' in client_for("leader").get("/").content.decode()
    assert 'href="/standing/"' not in client_for("unit_staff").get("/").content.decode()
