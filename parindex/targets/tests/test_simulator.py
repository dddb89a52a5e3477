"""The simulator on the shipped data: which table, which current rate, and the CLI."""

from __future__ import annotations

import itertools
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.lib.errors import InputRejected
from parindex.targets.actions import DATA_DIR
from parindex.targets.simulator import run as simulator
from parindex.targets.simulator.competitors import competitor_field, current_rate, year_values
from parindex.units.queries import find_unit

pytestmark = pytest.mark.usefixtures("registry")

EFFORTS = DATA_DIR / "examples" / "efforts-cantho-example.csv"


def test_it_estimates_the_2023_table_through_its_published_points() -> None:
    """The partial 2023 table becomes a complete, non-increasing 63-value estimate that keeps
    the published rates at their ranks and passes 90 between ranks 7 and 8 (7 in Nhóm A)."""
    field = year_values(2023)
    assert field is not None and field.basis == "imputed" and field.size == 63
    values = field.values
    assert all(a >= b for a, b in itertools.pairwise(values))
    assert values[0] == pytest.approx(92.18) and values[62] == pytest.approx(81.32)
    assert values[6] >= 90 > values[7]


def test_it_estimates_soc_trangs_rate_from_its_rank() -> None:
    """No 2023 rate was published for Sóc Trăng, only rank 62: the rate is read off the
    estimated table at rank 62 and labelled as such."""
    field = competitor_field(2024)
    current = current_rate(find_unit("94"), field, None)
    assert current["kind"] == "estimated_from_rank" and current["rank"] == 62
    assert 81.32 <= current["rate"] <= 86.98


def test_it_asks_for_a_rate_when_none_is_known() -> None:
    """Cần Thơ (new) has no 2024 rate and its predecessors none either: --rate is required."""
    with pytest.raises(InputRejected) as caught:
        simulator.run(find_unit("current_34:92"), 2025, 8, iterations=50)
    assert caught.value.problems[0].field == "--rate"


def test_it_simulates_on_the_cli_with_an_efforts_file() -> None:
    """`simulate --unit 94 --year 2024 --target-rank 15 --format json`: points needed against
    last year's table, the probability curve and the least-effort path, reproducible by seed."""

    def run() -> dict:
        out = StringIO()
        call_command(
            "simulate",
            "--unit",
            "94",
            "--year",
            "2024",
            "--target-rank",
            "15",
            "--iterations",
            "300",
            "--seed",
            "7",
            "--probability",
            "0.5",
            "--efforts",
            str(EFFORTS),
            "--format",
            "json",
            stdout=out,
        )
        return json.loads(out.getvalue())

    data = run()
    assert data == run()
    assert data["field"]["basis"] == "imputed" and data["field"]["source_year"] == 2023
    assert data["last_year_table"]["rank_now"] == 62
    assert data["last_year_table"]["gain_points"] > 0
    curve = [point["probability"] for point in data["projection"]["curve"]]
    assert curve == sorted(curve)
    assert data["cheapest_path"]["feasible"] is False  # 7.75 points listed, far too few


def test_it_projects_the_2025_field_of_34_provinces_and_answers_what_if() -> None:
    """For 2025 the 2024 estimate is re-sampled to 34 provinces; adding points moves the rank."""
    base = simulator.run(find_unit("current_34:92"), 2025, 8, rate=86.5, iterations=200)
    moved = simulator.run(
        find_unit("current_34:92"),
        2025,
        8,
        rate=86.5,
        iterations=200,
        changes={"digital_government": 1.5, "procedure_reform": 1.0},
    )
    assert base["field"]["basis"] == "imputed_resampled" and base["field"]["size"] == 34
    assert moved["what_if"]["rate"] == 89.0
    assert moved["what_if"]["rank_against_last_year"] <= base["last_year_table"]["rank_now"]


def test_it_refuses_bad_simulator_options() -> None:
    """A target rank beyond the table and a probability above 1 are named."""
    with pytest.raises(CommandError):
        call_command(
            "simulate",
            "--unit",
            "94",
            "--year",
            "2024",
            "--target-rank",
            "70",
            "--probability",
            "1.5",
            stdout=StringIO(),
            stderr=StringIO(),
        )
    with pytest.raises(InputRejected) as caught:
        simulator.run(find_unit("94"), 2024, 70, probability=1.5)
    assert {p.field for p in caught.value.problems} == {"--target-rank", "--probability"}
