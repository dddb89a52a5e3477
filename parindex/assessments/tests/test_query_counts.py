"""The self-assessment form and the results page run a fixed number of queries whatever the
number of criteria or units (the budget below is committed; a change must be deliberate)."""

from __future__ import annotations

from typing import Any

import pytest

from parindex.testing import TestProvince, open_large_assessment, seed_published_round

SELF_FORM_QUERIES = 9
RESULTS_PAGE_QUERIES = 7


@pytest.mark.parametrize("criteria", [30, 120])
def test_it_renders_the_self_assessment_form_in_fixed_queries(
    par: TestProvince, client_for: Any, django_assert_num_queries: Any, criteria: int
) -> None:
    """The form of 30 or 120 criteria costs the same number of queries."""
    assessment = open_large_assessment(par, criteria=criteria, year=2040)
    client = client_for("unit_staff")
    url = f"/assessments/units/{assessment.pk}/self/"
    with django_assert_num_queries(SELF_FORM_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="card mb-2 entry') == criteria


@pytest.mark.parametrize("units", [20, 130])
def test_it_renders_the_results_page_in_fixed_queries(
    par: TestProvince, client_for: Any, django_assert_num_queries: Any, units: int
) -> None:
    """The results page of 20 or 130 units costs the same number of queries."""
    round_ = seed_published_round(par, units=units, year=2041)
    client = client_for("leader")
    with django_assert_num_queries(RESULTS_PAGE_QUERIES):
        response = client.get(f"/assessments/rounds/{round_.pk}/results/")
    assert response.status_code == 200
    assert response.content.decode().count('<tr><td class="num">') == units
