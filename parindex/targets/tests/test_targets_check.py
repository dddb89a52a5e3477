"""Target plans: the check on Sóc Trăng's real history, the re-based Cần Thơ plan, refusals,
and the decisions that retire, re-attach or re-parameterise a target."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parindex.core.models import AuditEvent
from parindex.lib.errors import InputRejected
from parindex.targets import actions
from parindex.targets.actions import SHIPPED_PLANS
from parindex.targets.models import Target, TargetDecision
from parindex.targets.plan_format import parse_plan
from parindex.targets.queries import load_plan
from parindex.targets.rules.checking import check_plan
from parindex.units.queries import find_unit

from .conftest import add_results, make_result, make_round, make_unit

pytestmark = pytest.mark.usefixtures("registry")

SOC_TRANG, CAN_THO = SHIPPED_PLANS


def _evaluations(plan: Path | str) -> dict[tuple[str, int], dict]:
    checked = check_plan(load_plan(str(plan)))
    return {(t["id"], e["year"]): e for t in checked["targets"] for e in t["evaluations"]}


def test_it_says_what_really_happened_to_soc_trang() -> None:
    """62nd of 63 in 2023 (47 ranks short of the top 15); in 2025 Sóc Trăng no longer exists
    as such; nothing about its units can be decided without internal results."""
    found = _evaluations(SOC_TRANG)
    progress = found[("top15-2025", 2023)]
    assert progress["status"] == "progress"
    assert progress["figures"]["rank"] == 62 and progress["figures"]["table_size"] == 63
    assert "47" in progress["message"]
    assert found[("top15-2025", 2022)]["reason"] == "not_in_registry"
    in_2025 = found[("top15-2025", 2025)]
    assert (in_2025["status"], in_2025["reason"]) == ("undecidable", "unit_did_not_exist")
    assert in_2025["figures"]["successors"] == ["current_34:92"]
    for year in range(2026, 2031):
        assert found[("up-one-rank-2026-2030", year)]["reason"] == "unit_did_not_exist"
    mean_2022 = found[("unit-mean-above-province", 2022)]
    assert (mean_2022["status"], mean_2022["reason"]) == ("undecidable", "no_internal_results")
    assert mean_2022["figures"]["baseline"]["published_rank"] == 18
    assert found[("every-unit-improves", 2024)]["reason"] == "no_internal_results"
    assert {e["status"] for e in found.values()} <= {"progress", "undecidable"}


def test_it_rebases_the_unit_mean_target_on_the_lineage_weighted_baseline() -> None:
    """Cần Thơ 2025: units' mean 88.0 against the derived 2024 baseline 86.67 of 92/93/94."""
    add_results([(2024, "92", "90", None), (2024, "93", "86", None), (2024, "94", "84", None)])
    round_ = make_round("current_34:92", 2025)
    make_result(round_, make_unit("CT-SXD", "Sở Xây dựng"), 87, previous=85)
    make_result(round_, make_unit("CT-STP", "Sở Tư pháp"), 89, previous=90, rank=2)
    found = _evaluations(CAN_THO)
    mean = found[("unit-mean-above-province", 2025)]
    assert mean["status"] == "met"
    assert str(mean["figures"]["unit_mean"]) == "88.00"
    baseline = mean["figures"]["baseline"]
    assert baseline["kind"] == "derived" and baseline["weight_basis"] == "equal"
    assert str(baseline["value"]) == "86.67"
    improves = found[("every-unit-improves", 2025)]
    assert improves["status"] == "not_met"
    assert (improves["figures"]["improved"], improves["figures"]["not_improved"]) == (1, 1)
    assert found[("top8-of-34-2025", 2025)]["reason"] == "no_result_published"


def test_it_decides_rank_targets_from_published_ranks() -> None:
    """A rank rule is met or not with the ranks that decided it (synthetic 2025/2026 rows)."""
    add_results([(2025, "92", "91", 7), (2026, "92", "91.5", 7)])
    found = _evaluations(CAN_THO)
    assert found[("top8-of-34-2025", 2025)]["status"] == "met"
    assert found[("top8-of-34-2025", 2025)]["figures"]["table_size"] == 34
    improvement = found[("up-one-rank-2026-2030", 2026)]
    assert improvement["status"] == "not_met"
    assert improvement["figures"] == {
        "rank": 7,
        "previous_rank": 7,
        "previous_year": 2025,
        "required_rank": 6,
    }


def test_it_refuses_a_rule_naming_a_year_with_no_data(write_file: Callable[..., Path]) -> None:
    """2010 predates the registry (2012–2024): the message names the rule."""
    path = write_file(
        """
        plan: test
        title: Test
        owner: historical_63:94
        years: 2010-2012
        targets:
          - id: old-rank
            rule: rank_at_most
            rank: 10
            year: 2010
        """,
        "plan.yaml",
    )
    with pytest.raises(InputRejected) as caught:
        check_plan(parse_plan(path))
    [problem] = caught.value.problems
    assert "old-rank" in problem.message and "2010" in problem.message
    assert problem.field == "years" and problem.line == 6


def test_it_refuses_an_unknown_unit_and_an_unknown_rule(write_file: Callable[..., Path]) -> None:
    """Every problem is reported with the rule it belongs to."""
    path = write_file(
        """
        plan: test
        title: Test
        owner: historical_63:94
        years: 2022-2024
        targets:
          - id: elsewhere
            rule: rank_at_most
            rank: 10
            owner: historical_63:99
          - id: nonsense
            rule: rank_best_ever
        """,
        "plan.yaml",
    )
    with pytest.raises(InputRejected) as caught:
        check_plan(parse_plan(path))
    assert "nonsense" in str(caught.value)
    fixed = path.read_text(encoding="utf-8").replace(
        "rank_best_ever", "rank_improvement\n    by: 1"
    )
    path.write_text(fixed, encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        check_plan(parse_plan(path))
    assert "elsewhere" in str(caught.value) and "99" in str(caught.value)


def test_it_records_retiring_reattaching_and_reparameterising_a_target() -> None:
    """Each decision changes the stored target, keeps a record and writes an audit event."""
    target = Target.objects.get(plan__slug="soc-trang-2437", key="top15-2025")
    actions.reattach_target(
        target,
        find_unit("current_34:92"),
        actor=None,
        decision="Nghị quyết 202/2025/QH15",
    )
    actions.reparameterise_target(
        target, {"rank": 8, "out_of": 34}, actor=None, decision="Sở Nội vụ, đề xuất"
    )
    actions.retire_target(target, actor=None, decision="Quyết định X/QĐ-UBND")
    target.refresh_from_db()
    assert (target.owner.key, target.params["rank"], target.status) == (
        "current_34:92",
        8,
        "retired",
    )
    kinds = list(
        TargetDecision.objects.filter(target=target).order_by("id").values_list("kind", flat=True)
    )
    assert kinds[-3:] == ["reattach", "reparameterise", "retire"]
    assert AuditEvent.objects.filter(action__startswith="target.").count() == 3
    with pytest.raises(InputRejected):
        actions.reattach_target(target, find_unit("current_34:01"), actor=None, decision="x")
    with pytest.raises(InputRejected):
        actions.reparameterise_target(target, {"rank": 0}, actor=None, decision="x")


def test_it_checks_a_plan_on_the_cli_in_json_and_as_a_table() -> None:
    """`targets check PLAN --format json` parses; the table shows 62 of 63 in 2023."""
    out = StringIO()
    call_command("targets", "check", str(SOC_TRANG), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["plan"] == "soc-trang-2437" and len(data["targets"]) == 4
    out = StringIO()
    call_command("targets", "check", "soc-trang-2437", stdout=out)
    text = out.getvalue()
    assert "62" in text and "63" in text and "2025" in text
