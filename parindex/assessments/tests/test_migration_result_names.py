"""Renaming the result fields to the glossary's names keeps every stored value."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from parindex.assessments.models import UnitResult
from parindex.national.models import ResultComponent
from parindex.units.models import Unit

BEFORE = [
    ("assessments", "0003_entry_returned_for_explanation"),
    ("national", "0002_rename_tables"),
]


@pytest.mark.django_db(transaction=True)
def test_it_keeps_the_scores_written_under_the_old_names() -> None:
    """A unit result's ``rate_pct``, ``previous_rate_pct`` and ``component_rates`` and a national
    component's ``rate_pct`` are ``score_pct``, ``previous_score_pct``, ``component_index`` and
    ``component_index`` after migrating forward."""
    executor = MigrationExecutor(connection)
    if ("assessments", "0004_result_score_pct") not in executor.loader.graph.nodes:
        pytest.skip("migrations are disabled in this run")
    after = executor.loader.graph.leaf_nodes()
    province = Unit.objects.create(code="TP", code_system="local", name="Tỉnh", kind="province")
    try:
        executor.migrate(BEFORE)
        apps = executor.loader.project_state(BEFORE).apps
        day = dt.date(2025, 3, 1)
        round_ = apps.get_model("assessments", "AssessmentRound").objects.create(
            year=2024,
            name="2024",
            province_id=province.pk,
            self_assessment_deadline=day,
            explanation_deadline=day,
            appraisal_deadline=day,
        )
        apps.get_model("assessments", "UnitResult").objects.create(
            round_id=round_.pk,
            unit_id=province.pk,
            peer_group="department",
            self_points=Decimal("80"),
            total_points=Decimal("78.5"),
            max_points=Decimal("100"),
            rate_pct=Decimal("78.5000"),
            rank=1,
            component_rates={"procedure_reform": "84.2000"},
            previous_rate_pct=Decimal("70.2500"),
        )
        national = apps.get_model("national", "NationalResult").objects.create(
            year=2024, peer_group="province", unit_id=province.pk, par_index=Decimal("86.1")
        )
        apps.get_model("national", "ResultComponent").objects.create(
            result_id=national.pk, code="procedure_reform", rate_pct=Decimal("88.7500")
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    kept = UnitResult.objects.get(unit=province)
    assert (kept.score_pct, kept.previous_score_pct) == (Decimal("78.5"), Decimal("70.25"))
    assert kept.component_index == {"procedure_reform": "84.2000"}
    component = ResultComponent.objects.get(result__unit=province)
    assert component.component_index == Decimal("88.75")
