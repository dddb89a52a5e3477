"""The public pages show published results to anybody, and nothing else."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.test import Client

from parindex.assessments.models import UnitResult
from parindex.testing import TestProvince, complete_round


def test_it_shows_published_results_without_login(par: TestProvince) -> None:
    """Anonymous visitors see the ranking of a published round, the Vietnamese way."""
    complete_round(par.round, {"SO-A": "4", "SO-B": "2"})
    client = Client()
    index = client.get("/public/").content.decode()
    assert par.round.name in index
    page = client.get(f"/public/rounds/{par.round.pk}/").content.decode()
    assert page.index("Sở A") < page.index("Sở B")
    assert "95,00 %" in page  # 13,3 of 14 points
    assert "illustrative-banner" in page
    results = client.get(f"/api/public/rounds/{par.round.pk}/results").json()
    assert [(r["unit_name"], r["rank"]) for r in results] == [("Sở A", 1), ("Sở B", 2)]
    assert results[0]["band"] == "group_a" and results[0]["component_rates"]


RESULT_KEYS = [
    "unit",
    "unit_name",
    "peer_group",
    "rank",
    "peer_count",
    "total_points",
    "max_points",
    "rate_pct",
    "band",
    "component_rates",
    "previous_rate_pct",
    "previous_source",
    "beat_previous",
]


def test_the_results_api_keeps_its_field_names(par: TestProvince) -> None:
    """The stored fields took the glossary's names; the API still says ``rate_pct``,
    ``component_rates`` and ``previous_rate_pct``, in the same order, with the same values."""
    complete_round(par.round, {"SO-A": "4", "SO-B": "2"})
    results = Client().get(f"/api/public/rounds/{par.round.pk}/results").json()
    assert [list(r) for r in results] == [RESULT_KEYS, RESULT_KEYS]
    stored = UnitResult.objects.get(round=par.round, unit__code="SO-A")
    first = results[0]
    assert Decimal(first["rate_pct"]) == stored.score_pct == Decimal("95")
    assert first["component_rates"] == stored.component_index != {}
    assert first["previous_rate_pct"] is None and stored.previous_score_pct is None
    schema = Client().get("/api/openapi.json").json()["components"]["schemas"]["ResultOut"]
    assert list(schema["properties"]) == RESULT_KEYS


def test_it_hides_rounds_that_are_not_published(par: TestProvince, client_for: Any) -> None:
    """An open round is not on the public index and its page is 404, even for its admin."""
    assert par.round.name not in Client().get("/public/").content.decode()
    response = client_for("province_admin").get(f"/public/rounds/{par.round.pk}/")
    assert response.status_code == 404


def test_it_is_linked_from_the_home_page(db: None) -> None:
    """The home page links to the public results for everybody."""
    assert 'href="/public/"' in Client().get("/").content.decode()
