"""The framework pages: login required, illustrative banner, Vietnamese numbers, fixed queries."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from parindex.frameworks.actions import import_framework

pytestmark = pytest.mark.django_db


def test_it_requires_a_login(shipped: None) -> None:
    """Anonymous visitors are sent to the login page."""
    for url in (reverse("frameworks:list"), reverse("frameworks:detail", args=["PROVINCE-2017"])):
        response = Client().get(url)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_it_lists_frameworks_with_the_illustrative_banner(
    shipped: None, user_client: Client
) -> None:
    """The list shows every framework and, since some are illustrative, the banner."""
    html = user_client.get(reverse("frameworks:list")).content.decode()
    for code in ("PROVINCE-2017", "DEPARTMENT-ILLUSTRATIVE", "COMMUNE-ILLUSTRATIVE"):
        assert code in html
    assert "illustrative-banner" in html


def test_it_shows_the_tree_with_rules_and_vietnamese_numbers(
    shipped: None, user_client: Client
) -> None:
    """The detail page lists rows with max points (1,5), the rule in words, the input source and
    the evidence, under the illustrative banner."""
    url = reverse("frameworks:detail", args=["DEPARTMENT-ILLUSTRATIVE"])
    html = user_client.get(url).content.decode()
    assert "illustrative-banner" in html
    assert "Tỷ lệ hồ sơ giải quyết đúng hạn" in html
    assert "1,5" in html
    assert "từ 98 %" in html.lower()
    assert "Kế hoạch CCHC năm của cơ quan" in html


def test_it_shows_no_banner_for_an_official_framework(shipped: None, user_client: Client) -> None:
    """PROVINCE-2017 is official data: no illustrative banner, maxima 14,5 and 15,5."""
    html = user_client.get(reverse("frameworks:detail", args=["PROVINCE-2017"])).content.decode()
    assert "illustrative-banner" not in html
    assert "14,5" in html and "15,5" in html


def test_it_answers_404_for_an_unknown_code(user_client: Client) -> None:
    """An unknown framework code is a 404."""
    assert user_client.get(reverse("frameworks:detail", args=["NOPE"])).status_code == 404


def test_it_uses_the_same_number_of_queries_whatever_the_tree_size(
    shipped: None, user_client: Client, tiny_file: Path, write_file: Callable[..., Path]
) -> None:
    """A 4-row framework and a 50-row framework cost the same number of queries."""
    import_framework(tiny_file, actor=None)
    counts = []
    for code in ("TINY", "DEPARTMENT-ILLUSTRATIVE"):
        with CaptureQueriesContext(connection) as queries:
            response = user_client.get(reverse("frameworks:detail", args=[code]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 5


def test_it_builds_the_spec_in_one_query(shipped: None, django_assert_num_queries: object) -> None:
    """Framework.to_spec() reads the criteria in a single query."""
    from parindex.frameworks.models import Framework

    framework = Framework.objects.get(code="COMMUNE-ILLUSTRATIVE")
    with django_assert_num_queries(1):  # type: ignore[operator]
        spec = framework.to_spec()
    assert sum(1 for _ in spec.leaves()) == 36
