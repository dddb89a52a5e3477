"""Warnings of what is slipping, each with the figures behind it."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from parindex.targets import warning_checks
from parindex.units.queries import find_unit

from .conftest import add_results, make_result, make_round, make_unit

pytestmark = pytest.mark.usefixtures("registry")


@pytest.fixture
def internal_history(registry: None) -> None:
    """Two units of Cần Thơ over four years: digital government swings, procedures drop."""
    sxd = make_unit("CT-SXD", "Sở Xây dựng")
    stp = make_unit("CT-STP", "Sở Tư pháp")
    digital = {2022: 80, 2023: 90, 2024: 78, 2025: 92}
    procedure = {2022: 85, 2023: 86, 2024: 88, 2025: 80}
    for year in (2022, 2023, 2024, 2025):
        round_ = make_round("current_34:92", year)
        components = {"digital_government": digital[year], "procedure_reform": procedure[year]}
        make_result(round_, sxd, 84 if year == 2025 else 88, components=components)
        make_result(round_, stp, 90, rank=2, components=components)
    add_results([(2024, "92", "90", None), (2024, "93", "86", None), (2024, "94", "84", None)])


@pytest.mark.usefixtures("internal_history")
def test_it_warns_about_a_component_rate_that_fell() -> None:
    """procedure_reform fell 8 points (88 → 80), more than the 5-point threshold."""
    found = warning_checks.warnings_for(find_unit("current_34:92"), 2025)
    drops = [w for w in found if w.kind == "component_drop"]
    assert [w.subject for w in drops] == ["procedure_reform"]
    assert drops[0].figures["change"] == -8.0 and drops[0].figures["threshold"] == 5.0


def test_it_warns_about_an_area_whose_rate_swings() -> None:
    """80, 90, 78, 92 changes direction twice with a spread of changes above 3 points."""
    sxd = make_unit("CT-SXD", "Sở Xây dựng")
    for year, value in {2022: 80, 2023: 90, 2024: 78, 2025: 92}.items():
        make_result(
            make_round("current_34:92", year), sxd, 85, components={"digital_government": value}
        )
    found = warning_checks.component_warnings(find_unit("current_34:92"), 2025)
    [swing] = [w for w in found if w.kind == "unstable_growth"]
    assert swing.figures["sign_changes"] == 2
    assert swing.figures["changes"] == [10.0, -12.0, 14.0]


def test_it_warns_about_units_below_their_previous_year_and_the_mean_under_target() -> None:
    """Sở Xây dựng 84 after 88; with Sở Tư pháp at 85 the departments' mean 84.5 is not above
    the derived 2024 baseline 86.67 of the re-based plan."""
    add_results([(2024, "92", "90", None), (2024, "93", "86", None), (2024, "94", "84", None)])
    sxd = make_unit("CT-SXD", "Sở Xây dựng")
    stp = make_unit("CT-STP", "Sở Tư pháp")
    make_result(make_round("current_34:92", 2025), sxd, 84, previous=88)
    make_result(make_round("current_34:92", 2025), stp, 85, previous=84, rank=2)
    found = warning_checks.warnings_for(find_unit("current_34:92"), 2025)
    fell = [w for w in found if w.kind == "unit_below_previous_year"]
    assert [(w.subject, w.figures["rate"], w.figures["previous"]) for w in fell] == [
        ("local:CT-SXD", 84.0, 88.0)
    ]
    [under] = [w for w in found if w.kind == "mean_under_target"]
    assert under.figures["group_mean"] == 84.5
    assert str(under.figures["baseline"]["value"]) == "86.67"
    assert [u["unit"] for u in under.figures["units_below"]] == ["local:CT-SXD", "local:CT-STP"]


@pytest.mark.usefixtures("internal_history")
def test_it_lists_warnings_on_the_cli_as_json() -> None:
    """`standing warnings --unit current_34:92 --format json` parses, with figures."""
    out = StringIO()
    call_command("standing", "warnings", "--unit", "current_34:92", "--format", "json", stdout=out)
    [entry] = json.loads(out.getvalue())
    assert entry["year"] == 2025
    assert {"component_drop", "unit_below_previous_year"} <= {w["kind"] for w in entry["warnings"]}
    assert all(w["figures"] for w in entry["warnings"])
